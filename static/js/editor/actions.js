// The editor's actions, each in one place: what it dispatches, its words, its icon,
// its keys and when it can be used (with the reason when not). The toolbar
// (toolbar.js) and the key map (input.js) are both built from this registry, the
// way excalidraw's actions/ are, so the shortcut a tooltip shows is the one that
// works and a button is disabled for the reason its key does nothing.
//
// An entry: {name, group, label, title, icon, keys, perform(state, ctx, event) ->
// reducer action or null, disabled(state, ctx) -> reason or null, pressed(state)?}.
// `label` is the button's accessible name, `title` what it does; the tooltip adds
// the first key and, when disabled, the reason. `keys` are [{key | code, mod, alt,
// shift}] (mod: Ctrl, or ⌘ on a Mac; shift "any": either). `ctx` carries what only
// the page knows: the zoom scale, whether page text is selected, pickImage().
import * as C from "./contract.js";
import * as D from "./doc.js";
import { canRedo, canUndo } from "./history.js";

// The pages get gettext from Django's catalogue; the unit tests run without one.
const gettext = (text) => (globalThis.gettext ? globalThis.gettext(text) : text);

const needsSelection = (state) => (state.selection.length ? null : gettext("Select something on the canvas first"));

/** Selected, and not all of it locked or hidden: what moves on the canvas. */
function needsMovable(state) {
  const none = needsSelection(state);
  if (none) return none;
  const free = state.selection.filter((id) => !state.locked.includes(id) && !(state.hidden || []).includes(id));
  return free.length ? null : gettext("The selection is locked or hidden");
}

const needsThree = (state) =>
  needsMovable(state) ||
  (state.selection.length >= 3 ? null : gettext("Select three or more pictures to spread them evenly"));

function slotReason(state) {
  if (!D.isCustom(state.doc)) return gettext("Slots are used by the custom layout only");
  if (D.slotList(state.doc).length >= C.maxSlots()) {
    return gettext("A custom layout holds at most %s slots (R37)").replace("%s", String(C.maxSlots()));
  }
  return null;
}

function duplicateReason(state) {
  const none = needsSelection(state);
  if (none) return none;
  const slots = state.selection.filter((id) => D.parseId(id).kind === D.SLOT).length;
  if (slots && D.slotList(state.doc).length + slots > C.maxSlots()) {
    return gettext("A custom layout holds at most %s slots (R37)").replace("%s", String(C.maxSlots()));
  }
  return null;
}

function zoomed(state, ctx, factor) {
  const current = state.zoom === "fit" ? ctx.scale || 1 : state.zoom;
  return { type: "zoom", value: Math.min(4, Math.max(0.05, Math.round(current * factor * 100) / 100)) };
}

const align = (op, label, title, icon, code) => ({
  name: `align-${op}`,
  group: "align",
  label,
  title,
  icon,
  keys: [{ code, alt: true }],
  perform: () => ({ type: "align", op }),
  disabled: needsMovable,
});

const order = (op, label, title, icon, code, shift) => ({
  name: `zorder-${op}`,
  group: "order",
  label,
  title,
  icon,
  keys: [{ code, mod: true, shift }],
  perform: () => ({ type: "zorder", op }),
  disabled: needsSelection,
});

const ARROWS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

export const ACTIONS = [
  {
    name: "add-slot",
    group: "add",
    label: () => gettext("Add slot"),
    title: () => gettext("Add a slot: a picture of one user"),
    icon: "slot",
    keys: [{ key: "s" }],
    perform: () => ({ type: "addSlot" }),
    disabled: slotReason,
  },
  {
    name: "add-image",
    group: "add",
    label: () => gettext("Add image watermark"),
    title: () => gettext("Add an image: upload one or pick it from the asset library"),
    icon: "image",
    keys: [{ key: "i" }],
    // The page opens its asset picker; the picked image becomes a watermark (addImage).
    perform: (state, ctx) => {
      if (ctx.pickImage) {
        ctx.pickImage();
        return null;
      }
      return { type: "addWatermark", kind: "image" };
    },
  },
  {
    name: "add-text",
    group: "add",
    label: () => gettext("Add text watermark"),
    title: () => gettext("Add a text watermark"),
    icon: "text",
    keys: [{ key: "t" }],
    perform: () => ({ type: "addWatermark", kind: "text", text: gettext("Text") }),
  },
  {
    name: "undo",
    group: "history",
    label: () => gettext("Undo"),
    title: () => gettext("Undo"),
    icon: "undo",
    keys: [{ key: "z", mod: true, shift: false }],
    perform: () => ({ type: "undo" }),
    disabled: (state) => (canUndo(state.history) ? null : gettext("Nothing to undo")),
  },
  {
    name: "redo",
    group: "history",
    label: () => gettext("Redo"),
    title: () => gettext("Redo"),
    icon: "redo",
    keys: [
      { key: "z", mod: true, shift: true },
      { key: "y", mod: true },
    ],
    perform: () => ({ type: "redo" }),
    disabled: (state) => (canRedo(state.history) ? null : gettext("Nothing to redo")),
  },
  align(
    "left",
    () => gettext("Align left edges"),
    () => gettext("Align left edges"),
    "align-left",
    "KeyA",
  ),
  align(
    "hcenter",
    () => gettext("Align centres horizontally"),
    () => gettext("Align centres horizontally"),
    "align-hcenter",
    "KeyH",
  ),
  align(
    "right",
    () => gettext("Align right edges"),
    () => gettext("Align right edges"),
    "align-right",
    "KeyD",
  ),
  align(
    "top",
    () => gettext("Align top edges"),
    () => gettext("Align top edges"),
    "align-top",
    "KeyW",
  ),
  align(
    "vcenter",
    () => gettext("Align centres vertically"),
    () => gettext("Align centres vertically"),
    "align-vcenter",
    "KeyV",
  ),
  align(
    "bottom",
    () => gettext("Align bottom edges"),
    () => gettext("Align bottom edges"),
    "align-bottom",
    "KeyS",
  ),
  {
    name: "distribute-x",
    group: "align",
    label: () => gettext("Spread across"),
    title: () => gettext("Distribute horizontally (3 or more)"),
    icon: "spread-x",
    keys: [{ code: "KeyH", alt: true, shift: true }],
    perform: () => ({ type: "distribute", axis: "x" }),
    disabled: needsThree,
  },
  {
    name: "distribute-y",
    group: "align",
    label: () => gettext("Spread down"),
    title: () => gettext("Distribute vertically (3 or more)"),
    icon: "spread-y",
    keys: [{ code: "KeyV", alt: true, shift: true }],
    perform: () => ({ type: "distribute", axis: "y" }),
    disabled: needsThree,
  },
  order(
    "forward",
    () => gettext("Bring forward"),
    () => gettext("Bring forward"),
    "forward",
    "BracketRight",
    false,
  ),
  order(
    "backward",
    () => gettext("Send backward"),
    () => gettext("Send backward"),
    "backward",
    "BracketLeft",
    false,
  ),
  order(
    "front",
    () => gettext("Bring to front"),
    () => gettext("Bring to front"),
    "front",
    "BracketRight",
    true,
  ),
  order(
    "back",
    () => gettext("Send to back"),
    () => gettext("Send to back"),
    "back",
    "BracketLeft",
    true,
  ),
  {
    name: "fix-zorder",
    group: "order",
    label: () => gettext("Separate layers"),
    title: () => gettext("Give overlapping pictures that share a ZOrder their own, in the order they are drawn now"),
    icon: "fix-order",
    keys: [],
    perform: () => ({ type: "fixZOrders" }),
    disabled: (state) =>
      state.problems.some((p) => p.rule === "same-zorder") ? null : gettext("No overlapping pictures share a ZOrder"),
  },
  {
    name: "duplicate",
    group: "edit",
    label: () => gettext("Duplicate"),
    title: () => gettext("Duplicate"),
    icon: "duplicate",
    keys: [{ key: "d", mod: true }],
    perform: () => ({ type: "duplicateSelection" }),
    disabled: duplicateReason,
  },
  {
    name: "lock",
    group: "edit",
    label: () => gettext("Lock"),
    title: () => gettext("Lock or unlock on the canvas"),
    icon: "lock",
    keys: [{ key: "l", mod: true, shift: true }],
    perform: () => ({ type: "toggleLock" }),
    disabled: needsSelection,
  },
  {
    name: "hide",
    group: "edit",
    label: () => gettext("Hide"),
    title: () => gettext("Hide or show in the editor (the cloud still draws it)"),
    icon: "eye",
    keys: [{ key: "h", mod: true, shift: true }],
    perform: () => ({ type: "toggleHidden" }),
    disabled: needsSelection,
  },
  {
    name: "delete",
    group: "edit",
    label: () => gettext("Delete"),
    title: () => gettext("Delete"),
    icon: "delete",
    keys: [{ key: "Delete" }, { key: "Backspace" }],
    perform: () => ({ type: "deleteSelection" }),
    disabled: needsSelection,
  },
  {
    name: "rulers",
    group: "view",
    label: () => gettext("Rulers and guides"),
    title: () => gettext("Show rulers and guides; drag from a ruler to add a guide"),
    icon: "ruler",
    keys: [{ key: "r", shift: true }],
    pressed: (state) => state.view.rulers,
    perform: (state) => ({ type: "setView", rulers: !state.view.rulers }),
  },
  {
    name: "zoom-out",
    group: "zoom",
    label: () => gettext("Zoom out"),
    title: () => gettext("Zoom out"),
    icon: "zoom-out",
    keys: [{ key: "-" }],
    perform: (state, ctx) => zoomed(state, ctx, 1 / 1.25),
  },
  {
    name: "zoom-in",
    group: "zoom",
    label: () => gettext("Zoom in"),
    title: () => gettext("Zoom in"),
    icon: "zoom-in",
    keys: [{ key: "=" }, { key: "+", shift: "any" }],
    perform: (state, ctx) => zoomed(state, ctx, 1.25),
  },
  {
    name: "zoom-fit",
    group: "zoom",
    label: () => gettext("Fit"),
    title: () => gettext("Fit the canvas to the window"),
    icon: "fit",
    keys: [{ code: "Digit1", shift: true }],
    perform: () => ({ type: "zoom", value: "fit" }),
  },
  {
    name: "zoom-actual",
    group: "zoom",
    label: () => gettext("Actual pixels"),
    title: () => gettext("Actual pixels"),
    icon: "actual",
    keys: [{ code: "Digit0", shift: true }],
    perform: () => ({ type: "zoom", value: 1 }),
  },
  // Keys only: no toolbar button.
  {
    name: "nudge",
    keys: Object.keys(ARROWS).map((key) => ({ key, shift: "any" })),
    perform: (state, ctx, event) => {
      const [dx, dy] = ARROWS[event.key];
      const step = event.shiftKey ? 10 : 1;
      return { type: "nudge", dx: dx * step, dy: dy * step };
    },
    disabled: needsMovable,
  },
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

/** The reducer action `entry` stands for now; null when disabled or when ctx did the work. */
export function performAction(entry, state, ctx = {}, event = null) {
  if (disabledReason(entry, state, ctx) !== null) return null;
  return entry.perform(state, ctx, event);
}

/** {enabled, reason}: the enabled test with its reason. */
export function availability(entry, state, ctx = {}) {
  const reason = disabledReason(entry, state, ctx);
  return { enabled: reason === null, reason: reason || "" };
}

// ---- keys ----------------------------------------------------------------------------

function keyOf(event) {
  return event.key && event.key.length === 1 ? event.key.toLowerCase() : event.key;
}

function matchesKey(binding, event) {
  const mod = Boolean(event.ctrlKey || event.metaKey);
  if (Boolean(binding.mod) !== mod) return false;
  if (Boolean(binding.alt) !== Boolean(event.altKey)) return false;
  if (binding.shift !== "any" && Boolean(binding.shift) !== Boolean(event.shiftKey)) return false;
  // Letters with Alt are read by their place on the keyboard: Alt+A types "å" on a Mac.
  return binding.code ? event.code === binding.code : keyOf(event) === binding.key;
}

/** The one entry a key press stands for, or null (none, or more than one). */
export function entryForKey(event) {
  const found = ACTIONS.filter((entry) => (entry.keys || []).some((binding) => matchesKey(binding, event)));
  return found.length === 1 ? found[0] : null;
}

/** The reducer action a key press stands for, or null (no such key, or disabled now). */
export function actionForKey(event, state, ctx = {}) {
  const entry = entryForKey(event);
  return entry ? performAction(entry, state, ctx, event) : null;
}

const KEY_NAMES = {
  Delete: "Del",
  Backspace: "⌫",
  Escape: "Esc",
  ArrowLeft: "←",
  ArrowRight: "→",
  ArrowUp: "↑",
  ArrowDown: "↓",
  BracketLeft: "[",
  BracketRight: "]",
};

function isMac() {
  const platform = (globalThis.navigator && globalThis.navigator.platform) || "";
  return /Mac|iPhone|iPad/.test(platform);
}

/** "Ctrl+Shift+]": a key binding as a tooltip shows it. */
function formatKey(binding) {
  const parts = [];
  if (binding.mod) parts.push(isMac() ? "⌘" : "Ctrl");
  if (binding.alt) parts.push(isMac() ? "⌥" : "Alt");
  if (binding.shift === true) parts.push("Shift");
  const name = binding.code ? KEY_NAMES[binding.code] || binding.code.replace(/^(Key|Digit)/, "") : binding.key;
  parts.push(KEY_NAMES[name] || (name.length === 1 ? name.toUpperCase() : name));
  return parts.join("+");
}

/** The entry's first key as text, "" when it has none. */
export function shortcutText(entry) {
  return entry.keys && entry.keys.length ? formatKey(entry.keys[0]) : "";
}

/** The aria-keyshortcuts value of an entry: every binding, the ARIA way. */
export function ariaShortcuts(entry) {
  return (entry.keys || [])
    .map((binding) => {
      const parts = [binding.mod && (isMac() ? "Meta" : "Control"), binding.alt && "Alt"];
      parts.push(binding.shift === true && "Shift", binding.code ? formatKey({ code: binding.code }) : binding.key);
      return parts.filter(Boolean).join("+");
    })
    .join(" ");
}

/** "Bring to front (Ctrl+Shift+])", and why not when disabled: what a tooltip says. */
export function tooltip(entry, state, ctx = {}) {
  const keys = shortcutText(entry);
  const text = keys ? `${entry.title()} (${keys})` : entry.title();
  const reason = disabledReason(entry, state, ctx);
  return reason === null ? text : `${text} — ${reason}`;
}
