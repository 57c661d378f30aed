// Pure: what a Take sends and how to read it.

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// An empty value of the same kind: how an incremental update clears a field (R53).
function cleared(value) {
  if (Array.isArray(value)) return [];
  if (typeof value === "string") return "";
  return undefined;
}

// The VideoParams part of an UpdatePublishCdnStream body: only the top-level
// fields that changed (absent means unchanged, arrays replace), or null.
export function videoUpdate(program, staged) {
  const changes = {};
  for (const key of new Set([...Object.keys(program || {}), ...Object.keys(staged || {})])) {
    const before = (program || {})[key];
    const after = (staged || {})[key];
    if (same(before, after)) continue;
    if (after === undefined) {
      const empty = cleared(before);
      if (empty !== undefined) changes[key] = empty;
    } else {
      changes[key] = after;
    }
  }
  return Object.keys(changes).length ? { VideoParams: changes } : null;
}

// Swap the users (UserMediaStream) of two custom-layout slots.
export function swapSlotUsers(document, first, second) {
  const copy = structuredClone(document);
  const slots = copy.LayoutParams && copy.LayoutParams.MixLayoutList;
  if (!slots || !slots[first] || !slots[second] || first === second) return copy;
  const a = slots[first].UserMediaStream;
  const b = slots[second].UserMediaStream;
  if (b === undefined) delete slots[first].UserMediaStream;
  else slots[first].UserMediaStream = b;
  if (a === undefined) delete slots[second].UserMediaStream;
  else slots[second].UserMediaStream = a;
  return copy;
}
