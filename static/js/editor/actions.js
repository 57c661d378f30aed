// The editor's actions, each in one place: what it dispatches, its words, its key and
// when it can be used (with the reason when not). The toolbar (panels.js) and the key
// map (input.js) are both built from this registry, the way excalidraw's actions/ are.
//
// An entry: {name, group, label, title, keys, perform(state, ctx) -> reducer action,
// disabled(state) -> reason or null}. `keys` are [{key | code, mod, shift}] matched by
// `actionForKey`; `ctx` carries what only the page knows (the current zoom scale).
import * as C from "./contract.js";
import * as D from "./doc.js";
import { canRedo, canUndo } from "./history.js";

// The pages get gettext from Django's catalogue; the unit tests run without one.
const gettext = (text) => (globalThis.gettext ? globalThis.gettext(text) : text);

const needsSelection = (state) => (state.selection.length ? null : gettext("Select something on the canvas first"));
const needsThree = (state) =>
  state.selection.length >= 3 ? null : gettext("Select three or more pictures to spread them evenly");

function slotReason(state) {
  if (!D.isCustom(state.doc)) return gettext("Slots are used by the custom layout only");
  if (D.slotList(state.doc).length >= C.maxSlots()) {
    return gettext("A custom layout holds at most %s slots (R37)").replace("%s", String(C.maxSlots()));
  }
  return null;
}

function zoomed(state, ctx, factor) {
  const current = state.zoom === "fit" ? ctx.scale || 1 : state.zoom;
  return { type: "zoom", value: Math.min(4, Math.max(0.1, Math.round(current * factor * 100) / 100)) };
}

const align = (op, label, title) => ({
  name: `align-${op}`,
  group: "align",
  label,
  title,
  perform: () => ({ type: "align", op }),
  disabled: needsSelection,
});

const order = (op, label, title, code, shift) => ({
  name: `zorder-${op}`,
  group: "order",
  label,
  title,
  keys: [{ code, mod: true, shift }],
  perform: () => ({ type: "zorder", op }),
  disabled: needsSelection,
});

export const ACTIONS = [
  {
    name: "add-slot",
    group: "add",
    label: () => gettext("Add slot"),
    title: () => gettext("Add slot"),
    perform: () => ({ type: "addSlot" }),
    disabled: slotReason,
  },
  {
    name: "add-image",
    group: "add",
    label: () => gettext("Add image watermark"),
    title: () => gettext("Add image watermark"),
    perform: () => ({ type: "addWatermark", kind: "image" }),
  },
  {
    name: "add-text",
    group: "add",
    label: () => gettext("Add text watermark"),
    title: () => gettext("Add text watermark"),
    perform: () => ({ type: "addWatermark", kind: "text", text: gettext("Text") }),
  },
  {
    name: "undo",
    group: "history",
    label: () => gettext("Undo"),
    title: () => gettext("Undo (Ctrl+Z)"),
    keys: [{ key: "z", mod: true, shift: false }],
    perform: () => ({ type: "undo" }),
    disabled: (state) => (canUndo(state.history) ? null : gettext("Nothing to undo")),
  },
  {
    name: "redo",
    group: "history",
    label: () => gettext("Redo"),
    title: () => gettext("Redo (Ctrl+Shift+Z)"),
    keys: [
      { key: "z", mod: true, shift: true },
      { key: "y", mod: true },
    ],
    perform: () => ({ type: "redo" }),
    disabled: (state) => (canRedo(state.history) ? null : gettext("Nothing to redo")),
  },
  align(
    "left",
    () => gettext("Left"),
    () => gettext("Align left edges"),
  ),
  align(
    "hcenter",
    () => gettext("Centre"),
    () => gettext("Align centres horizontally"),
  ),
  align(
    "right",
    () => gettext("Right"),
    () => gettext("Align right edges"),
  ),
  align(
    "top",
    () => gettext("Top"),
    () => gettext("Align top edges"),
  ),
  align(
    "vcenter",
    () => gettext("Middle"),
    () => gettext("Align centres vertically"),
  ),
  align(
    "bottom",
    () => gettext("Bottom"),
    () => gettext("Align bottom edges"),
  ),
  {
    name: "distribute-x",
    group: "align",
    label: () => gettext("Spread across"),
    title: () => gettext("Distribute horizontally (3 or more)"),
    perform: () => ({ type: "distribute", axis: "x" }),
    disabled: needsThree,
  },
  {
    name: "distribute-y",
    group: "align",
    label: () => gettext("Spread down"),
    title: () => gettext("Distribute vertically (3 or more)"),
    perform: () => ({ type: "distribute", axis: "y" }),
    disabled: needsThree,
  },
  order(
    "forward",
    () => gettext("Forward"),
    () => gettext("Bring forward (Ctrl+])"),
    "BracketRight",
    false,
  ),
  order(
    "backward",
    () => gettext("Backward"),
    () => gettext("Send backward (Ctrl+[)"),
    "BracketLeft",
    false,
  ),
  order(
    "front",
    () => gettext("To front"),
    () => gettext("Bring to front (Ctrl+Shift+])"),
    "BracketRight",
    true,
  ),
  order(
    "back",
    () => gettext("To back"),
    () => gettext("Send to back (Ctrl+Shift+[)"),
    "BracketLeft",
    true,
  ),
  {
    name: "duplicate",
    group: "edit",
    label: () => gettext("Duplicate"),
    title: () => gettext("Duplicate (Ctrl+D)"),
    keys: [{ key: "d", mod: true }],
    perform: () => ({ type: "duplicateSelection" }),
    disabled: needsSelection,
  },
  {
    name: "lock",
    group: "edit",
    label: () => gettext("Lock"),
    title: () => gettext("Lock or unlock on the canvas"),
    perform: () => ({ type: "toggleLock" }),
    disabled: needsSelection,
  },
  {
    name: "delete",
    group: "edit",
    label: () => gettext("Delete"),
    title: () => gettext("Delete (Del)"),
    keys: [{ key: "Delete" }, { key: "Backspace" }],
    perform: () => ({ type: "deleteSelection" }),
    disabled: needsSelection,
  },
  {
    name: "zoom-out",
    group: "zoom",
    label: () => "−",
    title: () => gettext("Zoom out"),
    perform: (state, ctx) => zoomed(state, ctx, 1 / 1.25),
  },
  {
    name: "zoom-in",
    group: "zoom",
    label: () => "+",
    title: () => gettext("Zoom in"),
    perform: (state, ctx) => zoomed(state, ctx, 1.25),
  },
  {
    name: "zoom-fit",
    group: "zoom",
    label: () => gettext("Fit"),
    title: () => gettext("Fit the canvas to the window"),
    perform: () => ({ type: "zoom", value: "fit" }),
  },
  {
    name: "zoom-actual",
    group: "zoom",
    label: () => "1:1",
    title: () => gettext("Actual pixels"),
    perform: () => ({ type: "zoom", value: 1 }),
  },
  // Keys only: no toolbar button.
  {
    name: "select-all",
    keys: [{ key: "a", mod: true }],
    perform: () => ({ type: "selectAll" }),
  },
  {
    name: "clear-selection",
    keys: [{ key: "Escape" }],
    perform: () => ({ type: "clearSelection" }),
    disabled: needsSelection,
  },
  {
    name: "copy",
    keys: [{ key: "c", mod: true }],
    perform: () => ({ type: "copySelection" }),
    // Ctrl+C on selected page text copies the text, not the pictures.
    disabled: (state, ctx = {}) => needsSelection(state) || (ctx.textSelected ? gettext("Text is selected") : null),
  },
  {
    name: "paste",
    keys: [{ key: "v", mod: true }],
    perform: () => ({ type: "paste" }),
    disabled: (state) => (state.clipboard ? null : gettext("Nothing copied yet")),
  },
];

/** The toolbar's groups in order, each with its entries. */
export function toolbarGroups() {
  const groups = new Map();
  for (const entry of ACTIONS) {
    if (!entry.group) continue;
    if (!groups.has(entry.group)) groups.set(entry.group, []);
    groups.get(entry.group).push(entry);
  }
  return groups;
}

export function actionNamed(name) {
  return ACTIONS.find((entry) => entry.name === name);
}

/** Why an entry cannot be used now, or null when it can. */
export function disabledReason(entry, state, ctx = {}) {
  return entry.disabled ? entry.disabled(state, ctx) : null;
}

function matches(binding, event, key) {
  const mod = Boolean(event.ctrlKey || event.metaKey);
  if (Boolean(binding.mod) !== mod) return false;
  if (binding.shift !== undefined && binding.shift !== Boolean(event.shiftKey)) return false;
  return binding.code ? event.code === binding.code : binding.key === key;
}

/** The reducer action a key press stands for, or null (arrows nudge the selection). */
export function actionForKey(event, state, ctx = {}) {
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  const mod = event.ctrlKey || event.metaKey;
  const step = event.shiftKey ? 10 : 1;
  const arrows = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
  if (arrows[key] && !mod)
    return state.selection.length ? { type: "nudge", dx: arrows[key][0], dy: arrows[key][1] } : null;
  for (const entry of ACTIONS) {
    if (!(entry.keys || []).some((binding) => matches(binding, event, key))) continue;
    return disabledReason(entry, state, ctx) ? null : entry.perform(state, ctx);
  }
  return null;
}
