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
