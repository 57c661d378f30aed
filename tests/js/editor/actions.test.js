import assert from "node:assert/strict";
import { test } from "node:test";

import {
  ACTIONS,
  actionForKey,
  actionNamed,
  ariaShortcuts,
  availability,
  disabledReason,
  entryForKey,
  performAction,
  shortcutText,
  toolbarGroups,
  tooltip,
} from "../../../static/js/editor/actions.js";
import { initialState, reduce } from "../../../static/js/editor/state.js";

const custom = (slots) => ({
  VideoEncode: { Width: 1280, Height: 720, Fps: 25, BitRate: 1500, Gop: 2 },
  LayoutParams: {
    MixLayoutMode: 4,
    MixLayoutList: Array.from({ length: slots }, (_, i) => ({
      LocationX: 0,
      LocationY: 0,
      ImageWidth: 10 + i,
      ImageHeight: 10,
    })),
  },
});

const key = (k, extra = {}) => ({
  key: k,
  code: "",
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...extra,
});

test("every action has a unique name, words, and a perform", () => {
  const names = ACTIONS.map((entry) => entry.name);
  assert.equal(new Set(names).size, names.length);
  for (const entry of ACTIONS) {
    assert.equal(typeof entry.perform, "function", entry.name);
    if (entry.group) assert.ok(entry.label() && entry.title(), entry.name);
  }
  assert.deepEqual([...toolbarGroups().keys()], ["add", "history", "align", "order", "edit", "view", "zoom"]);
});

test("a disabled action says why: the slot limit comes from the contract", () => {
  const addSlot = actionNamed("add-slot");
  assert.equal(disabledReason(addSlot, initialState({ document: custom(3) })), null);
  const full = initialState({ document: custom(16) });
  assert.match(disabledReason(addSlot, full), /16 slots \(R37\)/);
  const floating = initialState({ document: { ...custom(0), LayoutParams: { MixLayoutMode: 1 } } });
  assert.match(disabledReason(addSlot, floating), /custom layout only/);
  assert.match(disabledReason(actionNamed("undo"), full), /Nothing to undo/);
  assert.match(disabledReason(actionNamed("delete"), full), /Select something/);
});

test("the key map is the registry's: undo, redo, layer order, nudge, delete", () => {
  let state = initialState({ document: custom(2) });
  assert.deepEqual(actionForKey(key("z", { ctrlKey: true }), state), null, "nothing to undo yet");
  state = reduce(state, { type: "select", ids: ["slot:0"] });
  assert.deepEqual(actionForKey(key("ArrowRight", { shiftKey: true }), state), { type: "nudge", dx: 10, dy: 0 });
  assert.deepEqual(actionForKey(key("]", { code: "BracketRight", ctrlKey: true, shiftKey: true }), state), {
    type: "zorder",
    op: "front",
  });
  assert.deepEqual(actionForKey(key("Delete"), state), { type: "deleteSelection" });
  state = reduce(state, { type: "deleteSelection" });
  assert.deepEqual(actionForKey(key("Z", { ctrlKey: true }), state), { type: "undo" });
  assert.deepEqual(actionForKey(key("y", { metaKey: true }), state), null, "nothing to redo yet");
  assert.equal(actionForKey(key("c", { ctrlKey: true }), state, { textSelected: true }), null);
});

test("every toolbar action has an icon, and no two actions share a key", () => {
  for (const [, entries] of toolbarGroups()) {
    for (const entry of entries) assert.ok(entry.icon, entry.name);
  }
  const seen = new Map();
  for (const entry of ACTIONS) {
    for (const binding of entry.keys || []) {
      const id = JSON.stringify([binding.key || binding.code, !!binding.mod, !!binding.alt, binding.shift ?? false]);
      assert.equal(seen.get(id), undefined, `${entry.name} and ${seen.get(id)} share ${id}`);
      seen.set(id, entry.name);
    }
  }
});

test("a tooltip shows the shortcut, and the reason when disabled", () => {
  const state = initialState({ document: custom(16) });
  const front = actionNamed("zorder-front");
  assert.equal(shortcutText(front), "Ctrl+Shift+]");
  assert.equal(ariaShortcuts(front), "Control+Shift+]");
  assert.equal(tooltip(front, state), "Bring to front (Ctrl+Shift+]) — Select something on the canvas first");
  const addSlot = actionNamed("add-slot");
  assert.equal(
    tooltip(addSlot, state),
    "Add a slot: a picture of one user (S) — A custom layout holds at most 16 slots (R37)",
  );
  assert.deepEqual(availability(addSlot, initialState({ document: custom(1) })), { enabled: true, reason: "" });
});

test("the button and the key of an action do the same, and neither runs when it is disabled", () => {
  let state = initialState({ document: custom(2) });
  const duplicate = actionNamed("duplicate");
  assert.equal(performAction(duplicate, state), null);
  assert.equal(entryForKey(key("d", { ctrlKey: true })), duplicate);
  state = reduce(state, { type: "select", ids: ["slot:1"] });
  assert.deepEqual(performAction(duplicate, state), actionForKey(key("d", { ctrlKey: true }), state));
  assert.deepEqual(actionForKey(key("s"), state), { type: "addSlot" });
  assert.deepEqual(actionForKey(key("å", { code: "KeyA", altKey: true }), state), { type: "align", op: "left" });
});

test("duplicating slots past the limit is refused with the limit", () => {
  const state = reduce(initialState({ document: custom(16) }), { type: "select", ids: ["slot:0"] });
  assert.match(disabledReason(actionNamed("duplicate"), state), /at most 16 slots/);
});

test("separating layers is offered only while overlapping pictures share a ZOrder", () => {
  const fix = actionNamed("fix-zorder");
  let state = initialState({ document: custom(2) });
  assert.match(disabledReason(fix, state), /No overlapping pictures/);
  state = reduce(state, {
    type: "problems",
    problems: [{ path: "LayoutParams.MixLayoutList[1].ZOrder", rule: "same-zorder", severity: "warning", message: "" }],
  });
  assert.deepEqual(performAction(fix, state), { type: "fixZOrders" });
});

test("the image action opens the page's picker instead of adding an empty watermark", () => {
  let opened = 0;
  const state = initialState({ document: custom(0) });
  assert.equal(performAction(actionNamed("add-image"), state, { pickImage: () => (opened += 1) }), null);
  assert.equal(opened, 1);
});

test("locked or hidden selections do not nudge, and say why", () => {
  let state = initialState({ document: custom(2) });
  state = reduce(state, { type: "select", ids: ["slot:0"] });
  state = reduce(state, { type: "toggleLock" });
  assert.equal(actionForKey(key("ArrowLeft"), state), null);
  assert.match(disabledReason(actionNamed("nudge"), state), /locked or hidden/);
});
