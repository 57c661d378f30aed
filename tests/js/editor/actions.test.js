import assert from "node:assert/strict";
import { test } from "node:test";

import {
  ACTIONS,
  actionForKey,
  actionNamed,
  disabledReason,
  toolbarGroups,
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

const key = (k, extra = {}) => ({ key: k, code: "", ctrlKey: false, metaKey: false, shiftKey: false, ...extra });

test("every action has a unique name, words, and a perform", () => {
  const names = ACTIONS.map((entry) => entry.name);
  assert.equal(new Set(names).size, names.length);
  for (const entry of ACTIONS) {
    assert.equal(typeof entry.perform, "function", entry.name);
    if (entry.group) assert.ok(entry.label() && entry.title(), entry.name);
  }
  assert.deepEqual([...toolbarGroups().keys()], ["add", "history", "align", "order", "edit", "zoom"]);
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
