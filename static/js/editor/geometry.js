// Rectangle arithmetic of the canvas: clamping, resizing, aligning and layout
// generators. Pure functions of {x, y, w, h} in output pixels; results are integers.

export const HANDLES = ["nw", "n", "ne", "e", "se", "s", "sw", "w"];

const clamp = (value, low, high) => Math.min(Math.max(value, low), high);

export function boundsOf(rects) {
  if (rects.length === 0) return { x: 0, y: 0, w: 0, h: 0 };
  const left = Math.min(...rects.map((r) => r.x));
  const top = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.w));
  const bottom = Math.max(...rects.map((r) => r.y + r.h));
  return { x: left, y: top, w: right - left, h: bottom - top };
}

export function intersects(a, b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

export function sameRect(a, b) {
  return a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
}

/** The rectangle moved (and if need be shrunk) so that it lies inside the canvas. */
export function clampRect(rect, canvas) {
  const w = clamp(Math.round(rect.w), 0, canvas.w);
  const h = clamp(Math.round(rect.h), 0, canvas.h);
  return {
    x: clamp(Math.round(rect.x), 0, canvas.w - w),
    y: clamp(Math.round(rect.y), 0, canvas.h - h),
    w,
    h,
  };
}

/**
 * The part of a move (dx, dy) that keeps every rectangle inside the canvas.
 * A rectangle already outside (typed in, or pasted) may move back in but not further out.
 */
export function clampDelta(rects, dx, dy, canvas) {
  const axis = (delta, pos, size, limit) => {
    let low = -Infinity;
    let high = Infinity;
    rects.forEach((r) => {
      low = Math.max(low, Math.min(0, -r[pos]));
      high = Math.min(high, Math.max(0, limit - r[pos] - r[size]));
    });
    return low > high ? 0 : clamp(Math.round(delta), low, high);
  };
  return { dx: axis(dx, "x", "w", canvas.w), dy: axis(dy, "y", "h", canvas.h) };
}

export function translate(rect, dx, dy) {
  return { ...rect, x: rect.x + dx, y: rect.y + dy };
}

/**
 * The rectangle after dragging `handle` ("n", "se", ...) by (dx, dy), kept inside the
 * canvas and at least `minSize` px. With keepAspect the start's aspect ratio holds:
 * corners keep the opposite corner still, side handles keep the opposite side and
 * the centre line still.
 */
export function resizeRect(start, handle, dx, dy, { canvas, keepAspect = false, minSize = 1 } = {}) {
  const W = canvas ? canvas.w : Infinity;
  const H = canvas ? canvas.h : Infinity;
  const east = handle.includes("e");
  const west = handle.includes("w");
  const south = handle.includes("s");
  const north = handle.includes("n");
  let left = start.x;
  let top = start.y;
  let right = start.x + start.w;
  let bottom = start.y + start.h;
  if (east) right = clamp(right + dx, left + minSize, Math.max(W, left + minSize));
  if (west) left = clamp(left + dx, Math.min(0, right - minSize), right - minSize);
  if (south) bottom = clamp(bottom + dy, top + minSize, Math.max(H, top + minSize));
  if (north) top = clamp(top + dy, Math.min(0, bottom - minSize), bottom - minSize);
  const free = { x: left, y: top, w: right - left, h: bottom - top };
  if (!keepAspect || start.w <= 0 || start.h <= 0) return roundRect(free);
  return aspectResize(start, handle, free, { W, H, minSize });
}

function aspectResize(start, handle, free, { W, H, minSize }) {
  const ratio = start.w / start.h;
  const horizontal = handle.includes("e") || handle.includes("w");
  const vertical = handle.includes("n") || handle.includes("s");
  let w = free.w;
  let h = free.h;
  if (horizontal && vertical) {
    if (w / ratio > h) h = w / ratio;
    else w = h * ratio;
  } else if (horizontal) {
    h = w / ratio;
  } else {
    w = h * ratio;
  }
  // The room there is from the still edge or centre line to the canvas sides.
  const cx = start.x + start.w / 2;
  const cy = start.y + start.h / 2;
  const maxW = handle.includes("e") ? W - start.x : handle.includes("w") ? start.x + start.w : 2 * Math.min(cx, W - cx);
  const maxH = handle.includes("s") ? H - start.y : handle.includes("n") ? start.y + start.h : 2 * Math.min(cy, H - cy);
  if (w > maxW) [w, h] = [maxW, maxW / ratio];
  if (h > maxH) [w, h] = [maxH * ratio, maxH];
  w = Math.max(minSize, Math.round(w));
  h = Math.max(minSize, Math.round(h));
  const x = handle.includes("e") ? start.x : handle.includes("w") ? start.x + start.w - w : Math.round(cx - w / 2);
  const y = handle.includes("s") ? start.y : handle.includes("n") ? start.y + start.h - h : Math.round(cy - h / 2);
  return { x, y, w, h };
}

function roundRect(r) {
  return { x: Math.round(r.x), y: Math.round(r.y), w: Math.round(r.w), h: Math.round(r.h) };
}

export function scaleRect(rect, sx, sy) {
  const x = Math.round(rect.x * sx);
  const y = Math.round(rect.y * sy);
  // Scale the far edges too, so neighbours that touched still touch.
  return { x, y, w: Math.round((rect.x + rect.w) * sx) - x, h: Math.round((rect.y + rect.h) * sy) - y };
}

// ---- align and distribute --------------------------------------------------------

/**
 * Rectangles aligned by `op` (left, hcenter, right, top, vcenter, bottom): to their
 * common bounds, or to the canvas when there is only one.
 */
export function alignRects(rects, op, canvas) {
  const box = rects.length === 1 ? { x: 0, y: 0, w: canvas.w, h: canvas.h } : boundsOf(rects);
  return rects.map((r) => {
    switch (op) {
      case "left":
        return { ...r, x: box.x };
      case "right":
        return { ...r, x: box.x + box.w - r.w };
      case "hcenter":
        return { ...r, x: Math.round(box.x + (box.w - r.w) / 2) };
      case "top":
        return { ...r, y: box.y };
      case "bottom":
        return { ...r, y: box.y + box.h - r.h };
      case "vcenter":
        return { ...r, y: Math.round(box.y + (box.h - r.h) / 2) };
      default:
        return r;
    }
  });
}

/** Equal gaps between three or more rectangles along "x" or "y"; the outer two stay. */
export function distributeRects(rects, axis) {
  if (rects.length < 3) return rects;
  const pos = axis === "x" ? "x" : "y";
  const size = axis === "x" ? "w" : "h";
  const order = rects.map((r, i) => i).sort((a, b) => rects[a][pos] - rects[b][pos]);
  const first = rects[order[0]];
  const last = rects[order[order.length - 1]];
  const span = last[pos] + last[size] - first[pos];
  const occupied = rects.reduce((sum, r) => sum + r[size], 0);
  const gap = (span - occupied) / (rects.length - 1);
  const out = rects.slice();
  let cursor = first[pos];
  order.forEach((i) => {
    out[i] = { ...rects[i], [pos]: Math.round(cursor) };
    cursor += rects[i][size] + gap;
  });
  return out;
}

// ---- layout generators -------------------------------------------------------------

/** Split `total` px into `n` parts separated by `gap`, the rounding spread evenly. */
function split(total, n, gap, margin) {
  const inner = total - 2 * margin - gap * (n - 1);
  const cells = [];
  for (let i = 0; i < n; i += 1) {
    const start = margin + Math.round((inner * i) / n) + gap * i;
    const end = margin + Math.round((inner * (i + 1)) / n) + gap * i;
    cells.push([start, end - start]);
  }
  return cells;
}

/** rows x cols equal cells, row-major from the top left. */
export function gridLayout(canvas, { rows, cols, gap = 0, margin = 0 }) {
  const xs = split(canvas.w, cols, gap, margin);
  const ys = split(canvas.h, rows, gap, margin);
  const out = [];
  ys.forEach(([y, h]) => xs.forEach(([x, w]) => out.push({ x, y, w, h, z: 0 })));
  return out;
}

/**
 * A full-canvas picture and `count` small ones (`size` of the canvas each) above it,
 * in a row from `corner` along the top or bottom edge, `margin` apart and from the edges.
 */
export function pipLayout(canvas, { corner = "se", size = 0.3, margin = 0, count = 1 }) {
  const w = Math.round(canvas.w * size);
  const h = Math.round(canvas.h * size);
  const y = corner.includes("s") ? canvas.h - margin - h : margin;
  const out = [{ x: 0, y: 0, w: canvas.w, h: canvas.h, z: 0 }];
  for (let i = 0; i < Math.max(1, count); i += 1) {
    const offset = margin + i * (w + margin);
    const x = corner.includes("e") ? canvas.w - offset - w : offset;
    out.push({ x, y, w, h, z: 1 });
  }
  return out;
}

/**
 * One large picture and a strip of `count` small ones on the right or at the bottom.
 * Strip tiles take the canvas' aspect ratio, sized so that `count` fit the strip.
 */
export function stripLayout(canvas, { count, side = "right", gap = 0, margin = 0 }) {
  const n = Math.max(1, count);
  if (side === "bottom") {
    const tileW = Math.floor((canvas.w - 2 * margin - gap * (n - 1)) / n);
    const tileH = Math.round((tileW * canvas.h) / canvas.w);
    const bigH = canvas.h - 2 * margin - gap - tileH;
    const out = [{ x: margin, y: margin, w: canvas.w - 2 * margin, h: bigH, z: 0 }];
    split(canvas.w, n, gap, margin).forEach(([x, w]) => out.push({ x, y: margin + bigH + gap, w, h: tileH, z: 0 }));
    return out;
  }
  const tileH = Math.floor((canvas.h - 2 * margin - gap * (n - 1)) / n);
  const tileW = Math.round((tileH * canvas.w) / canvas.h);
  const bigW = canvas.w - 2 * margin - gap - tileW;
  const out = [{ x: margin, y: margin, w: bigW, h: canvas.h - 2 * margin, z: 0 }];
  split(canvas.h, n, gap, margin).forEach(([y, h]) => out.push({ x: margin + bigW + gap, y, w: tileW, h, z: 0 }));
  return out;
}

/** `count` full-width pictures stacked top to bottom, for portrait canvases. */
export function stackLayout(canvas, { count, gap = 0, margin = 0 }) {
  return split(canvas.h, Math.max(1, count), gap, margin).map(([y, h]) => ({
    x: margin,
    y,
    w: canvas.w - 2 * margin,
    h,
    z: 0,
  }));
}
