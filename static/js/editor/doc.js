// The VideoParams document: paths into it, its elements and their rectangles.
// Pure functions on plain JSON. Every change copies only the objects on the way
// to the changed value, so keys the editor does not know survive every edit.

import * as C from "./contract.js";

export const SLOT = "slot";
export const WATERMARK = "wm";

const SLOTS_PATH = ["LayoutParams", "MixLayoutList"];
const WATERMARKS_PATH = ["WaterMarkList"];
const SLOT_RECT_KEYS = { x: "LocationX", y: "LocationY", w: "ImageWidth", h: "ImageHeight" };
const WATERMARK_RECT_KEYS = { x: "LocationX", y: "LocationY", w: "WaterMarkWidth", h: "WaterMarkHeight" };

// ---- paths -------------------------------------------------------------------

/** "LayoutParams.MixLayoutList[3].ImageWidth" -> ["LayoutParams", "MixLayoutList", 3, "ImageWidth"] */
export function parsePath(path) {
  const parts = [];
  for (const match of String(path).matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    parts.push(match[2] !== undefined ? Number(match[2]) : match[1]);
  }
  return parts;
}

export function formatPath(parts) {
  return parts.reduce(
    (text, part) => (typeof part === "number" ? `${text}[${part}]` : text ? `${text}.${part}` : part),
    "",
  );
}

export function getIn(value, parts) {
  let current = value;
  for (const part of parts) {
    if (current === null || typeof current !== "object") return undefined;
    current = current[part];
  }
  return current;
}

/** A copy of `root` with the value at `parts` replaced; `undefined` removes the key. */
export function setIn(root, parts, value) {
  if (parts.length === 0) return value;
  const [head, ...rest] = parts;
  const isIndex = typeof head === "number";
  const base = root !== null && typeof root === "object" ? root : isIndex ? [] : {};
  const child = setIn(base[head], rest, value);
  if (Array.isArray(base)) {
    const copy = base.slice();
    if (child === undefined && rest.length === 0) copy.splice(head, 1);
    else copy[head] = child;
    return copy;
  }
  const copy = { ...base };
  if (child === undefined) delete copy[head];
  else copy[head] = child;
  return copy;
}

// ---- element ids -------------------------------------------------------------

export function makeId(kind, index) {
  return `${kind}:${index}`;
}

export function parseId(id) {
  const [kind, index] = String(id).split(":");
  return { kind, index: Number(index) };
}

/** The element a problem path points into: "WaterMarkList[0].WaterMarkText.Text" -> "wm:0". */
export function elementIdForPath(path) {
  const parts = parsePath(path);
  if (parts[0] === "LayoutParams" && parts[1] === "MixLayoutList" && typeof parts[2] === "number") {
    return makeId(SLOT, parts[2]);
  }
  if (parts[0] === "WaterMarkList" && typeof parts[1] === "number") {
    return makeId(WATERMARK, parts[1]);
  }
  return null;
}

/** The document path of an element object, e.g. ["LayoutParams", "MixLayoutList", 2]. */
export function elementPath(id) {
  const { kind, index } = parseId(id);
  return kind === SLOT ? [...SLOTS_PATH, index] : [...WATERMARKS_PATH, index];
}

// ---- reading the document ------------------------------------------------------

function int(value, fallback = 0) {
  return Number.isInteger(value) ? value : fallback;
}

export function canvasSize(doc) {
  const encode = getIn(doc, ["VideoEncode"]) || {};
  return { w: Math.max(int(encode.Width), 0), h: Math.max(int(encode.Height), 0) };
}

export function layoutMode(doc) {
  return C.modeOf(getIn(doc, ["LayoutParams", "MixLayoutMode"]));
}

export function isCustom(doc) {
  return C.isCustomMode(layoutMode(doc));
}

export function slotList(doc) {
  const list = getIn(doc, SLOTS_PATH);
  return Array.isArray(list) ? list : [];
}

export function watermarkList(doc) {
  const list = getIn(doc, WATERMARKS_PATH);
  return Array.isArray(list) ? list : [];
}

export function watermarkBodyKey(mark) {
  return mark && mark.WaterMarkType === C.constants().watermark_types.text ? "WaterMarkText" : "WaterMarkImage";
}

export function getElement(doc, id) {
  return getIn(doc, elementPath(id));
}

function rectOf(obj, keys) {
  const o = obj && typeof obj === "object" ? obj : {};
  return { x: int(o[keys.x]), y: int(o[keys.y]), w: int(o[keys.w]), h: int(o[keys.h]) };
}

export function elementRect(doc, id) {
  const { kind } = parseId(id);
  const element = getElement(doc, id);
  if (kind === SLOT) return rectOf(element, SLOT_RECT_KEYS);
  return rectOf(element && element[watermarkBodyKey(element)], WATERMARK_RECT_KEYS);
}

/** The element with its rectangle set; every other key kept. */
export function withRect(element, kind, rect) {
  const keys = kind === SLOT ? SLOT_RECT_KEYS : WATERMARK_RECT_KEYS;
  const apply = (obj) => ({
    ...(obj && typeof obj === "object" ? obj : {}),
    [keys.x]: Math.round(rect.x),
    [keys.y]: Math.round(rect.y),
    [keys.w]: Math.round(rect.w),
    [keys.h]: Math.round(rect.h),
  });
  if (kind === SLOT) return apply(element);
  const bodyKey = watermarkBodyKey(element);
  return { ...element, [bodyKey]: apply(element[bodyKey]) };
}

export function setElementRect(doc, id, rect) {
  const { kind } = parseId(id);
  return setIn(doc, elementPath(id), withRect(getElement(doc, id), kind, rect));
}

export function elementZ(element, kind) {
  const obj = kind === SLOT ? element : element && element[watermarkBodyKey(element)];
  return int(obj && obj.ZOrder);
}

export function withZ(element, kind, z) {
  if (kind === SLOT) return { ...element, ZOrder: z };
  const bodyKey = watermarkBodyKey(element);
  return { ...element, [bodyKey]: { ...(element[bodyKey] || {}), ZOrder: z } };
}

/**
 * Every element in drawing order (bottom first), the way the renderer stacks them:
 * by ZOrder, slots before watermarks of the same ZOrder, then list order.
 * In dynamic modes the slots are not drawn (R38), so only watermarks are listed.
 */
export function listElements(doc) {
  const items = [];
  if (isCustom(doc)) {
    slotList(doc).forEach((slot, index) => {
      const id = makeId(SLOT, index);
      items.push({ id, kind: SLOT, index, element: slot, rect: elementRect(doc, id), z: elementZ(slot, SLOT) });
    });
  }
  watermarkList(doc).forEach((mark, index) => {
    const id = makeId(WATERMARK, index);
    items.push({ id, kind: WATERMARK, index, element: mark, rect: elementRect(doc, id), z: elementZ(mark, WATERMARK) });
  });
  const rank = (item) => (item.kind === SLOT ? 0 : 1);
  return items.sort((a, b) => a.z - b.z || rank(a) - rank(b) || a.index - b.index);
}

export function boundUser(slot) {
  const info = getIn(slot, ["UserMediaStream", "UserInfo"]);
  if (!info || typeof info !== "object") return null;
  return {
    userId: typeof info.UserId === "string" ? info.UserId : "",
    roomId: typeof info.RoomId === "string" && info.RoomId !== "" ? info.RoomId : null,
    roomIdType: Number.isInteger(info.RoomIdType) ? info.RoomIdType : null,
    streamType: int(getIn(slot, ["UserMediaStream", "StreamType"])),
  };
}

// ---- differences ---------------------------------------------------------------

/** Every leaf that differs between two documents: [{path, before, after}] (absent = undefined). */
export function diffDocuments(before, after, limit = 500) {
  const out = [];
  const walk = (a, b, parts) => {
    if (out.length >= limit) return;
    const bothObjects =
      a !== null &&
      b !== null &&
      typeof a === "object" &&
      typeof b === "object" &&
      Array.isArray(a) === Array.isArray(b);
    if (bothObjects) {
      const keys = Array.isArray(a)
        ? [...Array(Math.max(a.length, b.length)).keys()]
        : [...new Set([...Object.keys(a), ...Object.keys(b)])];
      for (const key of keys) walk(a[key], b[key], [...parts, key]);
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path: formatPath(parts), before: a, after: b });
  };
  walk(before, after, []);
  return out;
}
