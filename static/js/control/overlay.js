// Pure helpers of the program monitor's SEI overlay: which message is on screen,
// and where the picture sits inside the video element.

/** The last volume-layout SEI message at or before `at` (Unix seconds). */
export function seiAt(messages, at) {
  let found = null;
  for (const message of messages) {
    if (message.layout_volume && message.at <= at + 1e-3 && (!found || message.at >= found.at)) {
      found = message;
    }
  }
  return found;
}

/** Where a `width` x `height` picture sits, fitted, in a `boxW` x `boxH` element. */
export function pictureBox(width, height, boxW, boxH) {
  if (!width || !height) return { x: 0, y: 0, scale: 0 };
  const scale = Math.min(boxW / width, boxH / height);
  return { x: (boxW - width * scale) / 2, y: (boxH - height * scale) / 2, scale };
}
