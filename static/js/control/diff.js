// Pure: document edits the live task page's quick actions take in one step.

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

/**
 * Why swapping two slots' users would change nothing on air, or null when it would:
 * "same" (one slot twice), "both-auto" (the cloud fills both by join order, so there
 * is nothing to swap) or "same-user" (both show the same stream).
 */
export function swapUnchanged(document, first, second) {
  const slots = (document && document.LayoutParams && document.LayoutParams.MixLayoutList) || [];
  if (first === second || !slots[first] || !slots[second]) return "same";
  const a = slots[first].UserMediaStream;
  const b = slots[second].UserMediaStream;
  if (a === undefined && b === undefined) return "both-auto";
  if (JSON.stringify(a) === JSON.stringify(b)) return "same-user";
  return null;
}
