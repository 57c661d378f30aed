// Pure helpers of the program monitor: which SEI message is on screen, where a
// part's SEI is read, where the picture sits inside the video element, and how
// fast to play to stay at the live edge.

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

/** Where the SEI of a part or segment is read: its media URL with .json for .ts. */
export function seiUrl(mediaUrl) {
  if (typeof mediaUrl !== "string") return null;
  const url = new URL(mediaUrl, "http://monitor.invalid/");
  if (!url.pathname.endsWith(".ts")) return null;
  url.pathname = `${url.pathname.slice(0, -3)}.json`;
  url.search = "";
  return url.origin === "http://monitor.invalid" ? url.pathname : url.href;
}

/** Forget the oldest entries of a Map (insertion order) beyond the newest `count`. */
export function keepRecent(map, count) {
  for (const key of map.keys()) {
    if (map.size <= count) return;
    map.delete(key);
  }
}

/**
 * The playback rate that brings a player back to its target latency (seconds
 * behind the live edge): a little faster while it is more than `slack` behind
 * and has at least `slack` of picture buffered ahead, else normal speed.
 */
export function catchUpRate(latency, target, ahead, slack) {
  if (!Number.isFinite(latency) || !Number.isFinite(target)) return 1;
  return latency - target > slack && ahead > slack ? 1.15 : 1;
}
