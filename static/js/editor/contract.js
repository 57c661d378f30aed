// The API's contract as the server wrote it (layouts/contract), embedded in the page
// as JSON (#mx-contract). The editor declares no constant of the API itself: modes,
// limits, ranges, defaults, choice labels and `effective_in` are read from here.

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

/** The field tables by shape name: {McuLayout: [{name, type, minimum, ...}], ...}. */
export function shapes() {
  return current().shapes;
}

/** One field's description, or {} when the shape has no such field. */
export function field(shape, name) {
  const fields = shapes()[shape] || [];
  return fields.find((spec) => spec.name === name) || {};
}

/** The field tables of a request's other object types (AgentParams, McuSeiParams, ...). */
export function requestShapes() {
  return current().request_shapes;
}

/** One request field's description ({minimum, maximum, default, choices, ...}), or {}. */
export function requestField(shape, name) {
  const fields = requestShapes()[shape] || [];
  return fields.find((spec) => spec.name === name) || {};
}

export function constants() {
  return current().constants;
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
