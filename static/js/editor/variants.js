// Variants of a show: its picture at other output sizes (9:16, 1:1, 4:5, any size),
// each a VideoParams of its own, kept with the preset in request.MixStudio.Variants
// (layouts/core/variants.py):
//
//   [{name: "vertical", VideoParams: {...}, PublishCdnParams: [{PublishCdnUrl}], clean: false}]
//
// The show's own picture is the main leg. A variant's slots and watermarks are the
// twins (same kind, same index) of the main picture's. Pure functions on plain JSON:
// no DOM, no network; the names, limits and keys come from the page contract.

import * as C from "./contract.js";
import * as D from "./doc.js";
import * as G from "./geometry.js";

const VIDEO = "VideoParams";
const OUTPUTS = "PublishCdnParams";
const URL_KEY = "PublishCdnUrl";

/** {key, main, max, name_pattern}: where a show keeps its variants and their limits. */
export function spec() {
  return C.constants().variants;
}

/** The longest name a variant may have (the `{m,n}` of the contract's name pattern). */
export function maxNameLength() {
  const found = /\{\d+,(\d+)\}/.exec(spec().name_pattern);
  return found ? Number(found[1]) : Infinity;
}

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

// ---- the show's part -------------------------------------------------------------------

/** The variants a show's request keeps: each with a name, a picture, its outputs and `clean`. */
export function variantsOf(request) {
  const part = isObject(request) ? request[C.constants().app_key] : null;
  const listed = isObject(part) ? part[spec().key] : null;
  if (!Array.isArray(listed)) return [];
  return listed
    .filter((item) => isObject(item) && isObject(item[VIDEO]))
    .map((item) => ({
      ...item,
      name: typeof item.name === "string" ? item.name : "",
      [OUTPUTS]: Array.isArray(item[OUTPUTS]) ? item[OUTPUTS] : [],
      clean: item.clean === true,
    }));
}

/**
 * A copy of `request` keeping `variants` in the show's own part; none keep no key. The
 * part is left out when nothing else is in it; its other keys stay as they were.
 */
export function withVariants(request, variants) {
  const appKey = C.constants().app_key;
  const out = isObject(request) ? { ...request } : {};
  const part = out[appKey] === undefined ? {} : out[appKey];
  if (!isObject(part)) return out; // not an object: the server says so
  const kept = { ...part };
  if (Array.isArray(variants) && variants.length) kept[spec().key] = variants;
  else delete kept[spec().key];
  if (Object.keys(kept).length) out[appKey] = kept;
  else delete out[appKey];
  return out;
}

/** Whether two lists of variants are the same JSON. */
export function sameVariants(a, b) {
  return a === b || JSON.stringify(a || []) === JSON.stringify(b || []);
}

/** A new variant: its own picture, no outputs yet, with watermarks. */
export function newVariant(name, document) {
  return { name, [VIDEO]: document, [OUTPUTS]: [], clean: false };
}

// ---- names -----------------------------------------------------------------------------

/**
 * What is wrong with `name` for the variant at `index` of `variants` (null for a new
 * one): "pattern" (letters, digits, - and _, not too long), "main" (the show's own
 * picture is called so), "taken" (another variant has it), or null.
 */
export function nameProblem(name, variants, index = null) {
  if (typeof name !== "string" || !new RegExp(spec().name_pattern).test(name)) return "pattern";
  if (name === spec().main) return "main";
  if (variants.some((variant, i) => i !== index && variant.name === name)) return "taken";
  return null;
}

/** `wanted`, or wanted-2, wanted-3... so that no two variants share a name. */
export function uniqueName(wanted, variants) {
  const longest = maxNameLength();
  const taken = new Set([spec().main, ...variants.map((variant) => variant.name)]);
  const base = String(wanted || "variant").slice(0, longest);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) {
    const suffix = `-${n}`;
    const name = `${base.slice(0, longest - suffix.length)}${suffix}`;
    if (!taken.has(name)) return name;
  }
}

// ---- sizes -----------------------------------------------------------------------------

/** The shapes a variant is offered in: width:height, and the name a new one takes. */
export const SHAPES = [
  { key: "9:16", across: 9, down: 16, name: "vertical" },
  { key: "1:1", across: 1, down: 1, name: "square" },
  { key: "4:5", across: 4, down: 5, name: "portrait" },
];

export function shapeNamed(key) {
  return SHAPES.find((shape) => shape.key === key) || null;
}

/**
 * The output size of a variant of `shape` beside a main picture of `canvas` ({w, h}):
 * its short side is the main picture's short side (a full HD landscape picture gives
 * a full HD portrait at 9:16, a square of its height at 1:1), its long side within the
 * largest canvas the cloud draws (both sides then shrink alike). {width, height}.
 */
export function sizeFor(shape, canvas) {
  const side = Math.min(canvas.w, canvas.h);
  const largest = C.constants().max_canvas_side;
  let width = shape.across <= shape.down ? side : (side * shape.across) / shape.down;
  let height = shape.across <= shape.down ? (side * shape.down) / shape.across : side;
  const shrink = Math.min(1, largest / Math.max(width, height));
  width = Math.max(1, Math.round(width * shrink));
  height = Math.max(1, Math.round(height * shrink));
  return { width, height };
}

// ---- a change to all ---------------------------------------------------------------------

// What a change of a slot carries to its twins as it is: the binding (who it shows),
// the video fill, the placeholder image and its fit, and the crop of the input (of the
// input's own pixels, the same whatever the canvas).
const SLOT_FIELDS = ["UserMediaStream", "RenderMode", "BackgroundImageUrl", "BackgroundRenderMode", "CustomCrop"];
// A custom placeholder's size follows its slot's (McuBackgroundCustomRender).
const CUSTOM_RENDER = "BackgroundCustomRender";
// What a change of a watermark carries: its text, or its image.
const WATERMARK_FIELDS = { WaterMarkText: ["Text"], WaterMarkImage: ["WaterMarkUrl"] };

const same = (a, b) => a === b || JSON.stringify(a) === JSON.stringify(b);
const copy = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/** Ids of the elements (slots and watermarks, by index) that `a` and `b` both have. */
function sharedIds(a, b) {
  const ids = [];
  const slots = Math.min(D.slotList(a).length, D.slotList(b).length);
  for (let i = 0; i < slots; i += 1) ids.push(D.makeId(D.SLOT, i));
  const marks = Math.min(D.watermarkList(a).length, D.watermarkList(b).length);
  for (let i = 0; i < marks; i += 1) ids.push(D.makeId(D.WATERMARK, i));
  return ids;
}

/**
 * One axis of a rectangle's change, carried to a twin in relative terms. A move moves
 * the twin by the same share of its canvas; a resize scales the twin's side by the
 * same factor, keeping the edge that stayed put (or else moving its centre by the
 * same share of its canvas). [start, length] of the twin.
 */
function carryAxis(before, after, twin, from, to) {
  const [b0, bLen] = before;
  const [a0, aLen] = after;
  const [t0, tLen] = twin;
  if (aLen === bLen) return [t0 + ((a0 - b0) / from) * to, tLen];
  const length = bLen > 0 ? tLen * (aLen / bLen) : (aLen / from) * to;
  if (a0 === b0) return [t0, length];
  if (a0 + aLen === b0 + bLen) return [t0 + tLen - length, length];
  const centre = t0 + tLen / 2 + ((a0 + aLen / 2 - (b0 + bLen / 2)) / from) * to;
  return [centre - length / 2, length];
}

/**
 * The twin's rectangle after the element went from `before` to `after` on a canvas of
 * `from` ({w, h}), on the twin's canvas `to`: the change in relative terms, kept
 * inside the twin's canvas.
 */
export function carryRect(before, after, twin, from, to) {
  if (G.sameRect(before, after) || from.w <= 0 || from.h <= 0) return twin;
  const [x, w] = carryAxis([before.x, before.w], [after.x, after.w], [twin.x, twin.w], from.w, to.w);
  const [y, h] = carryAxis([before.y, before.h], [after.y, after.h], [twin.y, twin.h], from.h, to.h);
  return G.clampRect({ x, y, w: Math.max(1, w), h: Math.max(1, h) }, to);
}

/** The custom placeholder's size as the same share of the twin's slot. */
function carryCustomRender(render, slot, twinSlot) {
  if (!isObject(render)) return copy(render);
  const out = { ...render };
  const across = slot.ImageWidth > 0 ? twinSlot.ImageWidth / slot.ImageWidth : 1;
  const down = slot.ImageHeight > 0 ? twinSlot.ImageHeight / slot.ImageHeight : 1;
  if (Number.isInteger(render.Width)) out.Width = Math.max(1, Math.round(render.Width * across));
  if (Number.isInteger(render.Height)) out.Height = Math.max(1, Math.round(render.Height * down));
  if (Number.isInteger(render.Radius)) out.Radius = Math.round(render.Radius * Math.min(across, down));
  return out;
}

function withField(element, key, value) {
  return value === undefined ? D.setIn(element, [key], undefined) : { ...element, [key]: copy(value) };
}

function carrySlot(before, after, twin) {
  let out = twin;
  for (const key of SLOT_FIELDS) {
    if (!same(before[key], after[key])) out = withField(out, key, after[key]);
  }
  if (!same(before[CUSTOM_RENDER], after[CUSTOM_RENDER])) {
    out = withField(out, CUSTOM_RENDER, carryCustomRender(after[CUSTOM_RENDER], after, out));
  }
  return out;
}

function carryWatermark(before, after, twin) {
  const key = D.watermarkBodyKey(after);
  // A watermark turned from image to text (or back), or a twin of the other kind: its
  // own kind of content is not carried.
  if (D.watermarkBodyKey(before) !== key || D.watermarkBodyKey(twin) !== key) return twin;
  let body = twin[key] || {};
  for (const name of WATERMARK_FIELDS[key]) {
    const was = D.getIn(before, [key, name]);
    const now = D.getIn(after, [key, name]);
    if (!same(was, now)) body = withField(body, name, now);
  }
  return body === (twin[key] || {}) ? twin : { ...twin, [key]: body };
}

/**
 * `twinDoc` (another leg's picture) with the change that took one leg's picture from
 * `before` to `after` applied to the twins of the elements it changed: a slot's
 * binding, video fill, placeholder and crop, a watermark's text or image, as they
 * are; a move or a resize in relative terms (shares of each canvas). Everything else
 * of the twin (its layer, its other fields) stays the twin's own.
 */
export function spreadChange(before, after, twinDoc) {
  if (before === after) return twinDoc;
  const from = D.canvasSize(before);
  const to = D.canvasSize(twinDoc);
  let doc = twinDoc;
  for (const id of sharedIds(after, twinDoc)) {
    const was = D.getElement(before, id);
    const now = D.getElement(after, id);
    if (was === undefined || was === now || same(was, now)) continue;
    const { kind } = D.parseId(id);
    let twin = D.getElement(doc, id);
    const rect = carryRect(D.elementRect(before, id), D.elementRect(after, id), D.elementRect(doc, id), from, to);
    if (!G.sameRect(rect, D.elementRect(doc, id))) twin = D.withRect(twin, kind, rect);
    twin = kind === D.SLOT ? carrySlot(was, now, twin) : carryWatermark(was, now, twin);
    if (twin !== D.getElement(doc, id)) doc = D.setIn(doc, D.elementPath(id), twin);
  }
  return doc;
}

// ---- problems ------------------------------------------------------------------------------

/**
 * The problems of a refused save split by leg: {main, legs}, `legs[i]` the problems of
 * variant i. A problem inside a variant's picture gets the path inside that picture
 * (so its element is found on the variant's canvas); one of the variant itself (its
 * name, its outputs) keeps its whole path. Problems of other parts are in neither.
 */
export function problemsByLeg(problems, count) {
  const appKey = C.constants().app_key;
  const inPart = new RegExp(`(?:^|\\.)(${appKey}\\.${spec().key}\\[(\\d+)\\])(\\.${VIDEO}(?:\\.|$))?(.*)$`);
  const legs = Array.from({ length: count }, () => []);
  for (const problem of Array.isArray(problems) ? problems : []) {
    const found = inPart.exec(String(problem.path));
    if (!found || Number(found[2]) >= count) continue;
    const [, part, index, picture, rest] = found;
    legs[Number(index)].push(
      picture ? { ...problem, path: rest } : { ...problem, path: `${part}${rest}`, ofVariant: true },
    );
  }
  return legs;
}

// ---- outputs -----------------------------------------------------------------------------

/** The push URLs of a list of outputs, as they are listed. */
export function urlsOf(outputs) {
  return (Array.isArray(outputs) ? outputs : []).map((item) => (isObject(item) ? item[URL_KEY] : undefined));
}

/** `outputs` with the URL at `index` set (a new entry past the end), or removed for "". */
export function withUrl(outputs, index, url) {
  const list = Array.isArray(outputs) ? outputs.slice() : [];
  const text = String(url ?? "").trim();
  if (!text) {
    if (index < list.length) list.splice(index, 1);
    return list;
  }
  list[index] = { ...(isObject(list[index]) ? list[index] : {}), [URL_KEY]: text };
  return list;
}

/**
 * For each URL of variant `index`, the leg that already pushes it (`main` or another
 * variant's name), or null: each push URL takes one stream, so a launch refuses a URL
 * pushed by two legs.
 */
export function sharedUrls(mainOutputs, variants, index) {
  const owners = new Map();
  for (const url of urlsOf(mainOutputs)) if (url) owners.set(url, spec().main);
  variants.forEach((variant, i) => {
    if (i === index) return;
    for (const url of urlsOf(variant[OUTPUTS])) if (url && !owners.has(url)) owners.set(url, variant.name);
  });
  const mine = urlsOf(variants[index] ? variants[index][OUTPUTS] : []);
  return mine.map((url, i) => (owners.get(url) ?? (mine.indexOf(url) < i ? variants[index].name : null)) || null);
}
