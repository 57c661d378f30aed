// The API's contract as the server wrote it (layouts/core/page_contract.py), embedded
// in the page as JSON (#mx-contract). No page declares a constant of the API itself:
// modes, limits, ranges, defaults, lengths, choice labels, `effective_in` and the room
// defaulting are read from here.

let contract = null;

/** Use this contract instead of the page's (the unit tests load it from a file). */
export function setContract(value) {
  contract = value;
}

function current() {
  if (contract === null) {
    const node = globalThis.document && globalThis.document.getElementById("mx-contract");
    if (!node) throw new Error("This page embeds no API contract (#mx-contract).");
    contract = JSON.parse(node.textContent);
  }
  return contract;
}

/** One field's description, or {} when the shape has no such field. */
export function field(shape, name) {
  const fields = current().shapes[shape] || [];
  return fields.find((spec) => spec.name === name) || {};
}

/** One request field's description ({minimum, maximum, default, choices, ...}), or {}. */
export function requestField(shape, name) {
  const fields = current().request_shapes[shape] || [];
  return fields.find((spec) => spec.name === name) || {};
}

/** A field of any object type named "Shape.Field" (VideoParams' or a request's), or {}. */
export function fieldNamed(dotted) {
  const [shape, name] = dotted.split(".");
  const spec = field(shape, name);
  return Object.keys(spec).length ? spec : requestField(shape, name);
}

/** How a page shows one choice of a field: the API's value, and its words when it has some. */
export function choiceText(spec, value) {
  const words = spec.labels && spec.labels[String(value)];
  return words !== undefined && words !== String(value) ? `${value} · ${words}` : String(value);
}

/** A field's range as a hint, "8–500 (R31)"; `extra` is added before the rule. */
export function rangeText(spec, extra = "") {
  let text = "";
  if (spec.minimum !== undefined && spec.maximum !== undefined) text = `${spec.minimum}–${spec.maximum}`;
  else if (spec.minimum !== undefined) text = `≥ ${spec.minimum}`;
  else if (spec.maximum !== undefined) text = `≤ ${spec.maximum}`;
  if (extra) text = text ? `${text}, ${extra}` : extra;
  if (spec.rule && /^R\d+$/.test(spec.rule)) text = text ? `${text} (${spec.rule})` : `(${spec.rule})`;
  return text;
}

/** The attributes an input of this field carries: min, max, maxlength and its default as placeholder. */
export function inputBounds(spec) {
  const bounds = {};
  if (spec.minimum !== undefined) bounds.min = String(spec.minimum);
  if (spec.maximum !== undefined) bounds.max = String(spec.maximum);
  if (spec.max_length !== undefined) bounds.maxlength = String(spec.max_length);
  if (spec.default !== undefined && spec.default !== null) bounds.placeholder = String(spec.default);
  return bounds;
}

/**
 * The room a MixUserInfo means, with the defaulting of B.5 applied: each field it
 * leaves out (or leaves empty) takes the value of the task's own Start-body field
 * (`task` holds the Start body's RoomId and RoomIdType). {RoomId, RoomIdType}.
 */
export function userRoom(info, task) {
  const room = {};
  for (const [own, fromTask] of Object.entries(constants().user_room_defaults)) {
    const value = info ? info[own] : undefined;
    room[own] = value === undefined || value === null || value === "" ? task[fromTask] : value;
  }
  return room;
}

/** Whether two MixUserInfo name the same user of the same room, once defaulted (B.5). */
export function sameUser(a, b, task) {
  if (!a || !b || a.UserId !== b.UserId) return false;
  const [one, other] = [userRoom(a, task), userRoom(b, task)];
  return Object.keys(one).every((key) => String(one[key]) === String(other[key]));
}

export function constants() {
  return current().constants;
}

/** What the timeline needs of a scenario: {key, kinds: [{name, label}], media, speaking, enter, max_level, ...}. */
export function scenarioSpec() {
  return current().scenario;
}

/** The auto-director's rules: {key, triggers, actions, shots, targets, roles, timing, max_*...}. */
export function rulesSpec() {
  return current().rules;
}

export function maxSlots() {
  return constants().max_slots;
}

export function modes() {
  return constants().modes;
}

/** The layout mode in force: MixLayoutMode when it is one of the modes, else the default (R36). */
export function modeOf(value) {
  const { choices } = field("McuLayoutParams", "MixLayoutMode");
  return Number.isInteger(value) && choices.includes(value) ? value : constants().default_mode;
}

export function isCustomMode(mode) {
  return mode === modes().custom;
}

/** Whether a McuLayoutParams field has an effect in `mode` (R38-R40). */
export function hasEffect(name, mode) {
  const spec = field("McuLayoutParams", name);
  return !spec.effective_in || spec.effective_in.includes(mode);
}

/** The colour pattern of R46, anchored. */
export function colourPattern() {
  return new RegExp(`^(?:${constants().colour_pattern})$`);
}

/** "0xRRGGBB" -> "#rrggbb" for the browser (or the fallback if it is not a colour). */
export function hexColour(value, fallback = "#000000") {
  return typeof value === "string" && colourPattern().test(value) ? `#${value.slice(2).toLowerCase()}` : fallback;
}

/** "#rrggbb" -> "0xRRGGBB", the API's spelling (R46). */
export function apiColour(hex) {
  return `0x${hex.slice(1).toUpperCase()}`;
}
