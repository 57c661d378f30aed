// Snapping of a moving or resizing rectangle to the canvas edges and centre lines,
// to other elements' edges and centres, and optionally to a grid. Pure functions:
// they return the snapped rectangle and the guide lines to draw.

/**
 * The lines a rectangle can snap to, per axis: [{at, from, to}] where from/to span the
 * owner. `guides` ({axis, at}) are the producer's own guide lines, across the canvas.
 */
function snapLines(canvas, others, guides = []) {
  const xs = [0, canvas.w / 2, canvas.w].map((at) => ({ at, from: 0, to: canvas.h }));
  const ys = [0, canvas.h / 2, canvas.h].map((at) => ({ at, from: 0, to: canvas.w }));
  for (const guide of guides) {
    if (guide.axis === "x") xs.push({ at: guide.at, from: 0, to: canvas.h });
    else ys.push({ at: guide.at, from: 0, to: canvas.w });
  }
  for (const r of others) {
    for (const at of [r.x, r.x + r.w / 2, r.x + r.w]) xs.push({ at, from: r.y, to: r.y + r.h });
    for (const at of [r.y, r.y + r.h / 2, r.y + r.h]) ys.push({ at, from: r.x, to: r.x + r.w });
  }
  return { x: xs, y: ys };
}

/**
 * The smallest correction within `threshold` that puts one of `features` (positions
 * on one axis) on a line; null if none is close enough.
 */
function bestCorrection(features, lines, threshold, grid) {
  let best = null;
  for (const feature of features) {
    for (const line of lines) {
      const delta = line.at - feature;
      if (Math.abs(delta) <= threshold && (best === null || Math.abs(delta) < Math.abs(best.delta))) {
        best = { delta, at: line.at };
      }
    }
    if (grid > 0) {
      const at = Math.round(feature / grid) * grid;
      const delta = at - feature;
      if (Math.abs(delta) <= threshold && (best === null || Math.abs(delta) < Math.abs(best.delta))) {
        best = { delta, at, grid: true };
      }
    }
  }
  return best;
}

/** Guides for every line that now coincides with a feature of the snapped rectangle. */
function guidesFor(axis, features, lines, span) {
  const guides = [];
  for (const line of lines) {
    if (features.some((f) => Math.abs(f - line.at) < 0.5)) {
      const from = Math.min(line.from, span[0]);
      const to = Math.max(line.to, span[1]);
      if (!guides.some((g) => g.at === line.at && g.from === from && g.to === to)) {
        guides.push({ axis, at: line.at, from, to });
      }
    }
  }
  return guides;
}

const xFeatures = (r) => [r.x, r.x + r.w / 2, r.x + r.w];
const yFeatures = (r) => [r.y, r.y + r.h / 2, r.y + r.h];

/**
 * A moving rectangle snapped by its left/centre/right and top/middle/bottom.
 * options: {canvas, others: rects, guideLines ({axis, at}), threshold (px), grid (px, 0 = off)}.
 */
export function snapMove(rect, { canvas, others = [], guideLines = [], threshold = 6, grid = 0 }) {
  const lines = snapLines(canvas, others, guideLines);
  const bx = bestCorrection(xFeatures(rect), lines.x, threshold, grid);
  const by = bestCorrection(yFeatures(rect), lines.y, threshold, grid);
  const snapped = {
    ...rect,
    x: Math.round(rect.x + (bx ? bx.delta : 0)),
    y: Math.round(rect.y + (by ? by.delta : 0)),
  };
  const guides = [
    ...(bx ? guidesFor("x", xFeatures(snapped), lines.x, [snapped.y, snapped.y + snapped.h]) : []),
    ...(by ? guidesFor("y", yFeatures(snapped), lines.y, [snapped.x, snapped.x + snapped.w]) : []),
  ];
  return { rect: snapped, guides };
}

/**
 * A resizing rectangle with only the edges the handle moves snapped:
 * "e" snaps the right edge, "nw" the top and left, and so on.
 */
export function snapResize(
  rect,
  handle,
  { canvas, others = [], guideLines = [], threshold = 6, grid = 0, minSize = 1 },
) {
  const lines = snapLines(canvas, others, guideLines);
  let { x, y, w, h } = rect;
  const guides = [];
  if (handle.includes("e")) {
    const b = bestCorrection([x + w], lines.x, threshold, grid);
    if (b && w + b.delta >= minSize) w = Math.round(w + b.delta);
  } else if (handle.includes("w")) {
    const b = bestCorrection([x], lines.x, threshold, grid);
    if (b && w - b.delta >= minSize) {
      x = Math.round(x + b.delta);
      w = Math.round(w - b.delta);
    }
  }
  if (handle.includes("s")) {
    const b = bestCorrection([y + h], lines.y, threshold, grid);
    if (b && h + b.delta >= minSize) h = Math.round(h + b.delta);
  } else if (handle.includes("n")) {
    const b = bestCorrection([y], lines.y, threshold, grid);
    if (b && h - b.delta >= minSize) {
      y = Math.round(y + b.delta);
      h = Math.round(h - b.delta);
    }
  }
  const snapped = { x, y, w, h };
  const moving = (axis) =>
    axis === "x"
      ? [handle.includes("e") ? x + w : null, handle.includes("w") ? x : null].filter((v) => v !== null)
      : [handle.includes("s") ? y + h : null, handle.includes("n") ? y : null].filter((v) => v !== null);
  guides.push(...guidesFor("x", moving("x"), lines.x, [y, y + h]));
  guides.push(...guidesFor("y", moving("y"), lines.y, [x, x + w]));
  return { rect: snapped, guides };
}
