// Pointer and keyboard input on the canvas, turned into actions.
// A drag never dispatches while it runs: each animation frame restyles the moving
// boxes (canvas.drawDragFrame) and the release dispatches one action, which is one
// undo step and one validation and preview request. Keys are the action registry's
// (actions.js); a key whose action is disabled says why (`explain`). Guides are
// dragged out of the rulers, moved, and dragged off the canvas to remove them.

import { entryForKey, performAction } from "./actions.js";
import * as D from "./doc.js";
import * as G from "./geometry.js";
import { snapMove, snapResize } from "./snapping.js";
import { drawDragFrame, drawGuidePreview, endDragFrame, hitTest, toCanvasPoint } from "./canvas.js";
import { isTyping } from "../common/dom.js";
import { movableSelection } from "./state.js";

const SNAP_SCREEN_PX = 6; // snapping reaches this far on screen, whatever the zoom
const DRAG_START_SCREEN_PX = 3; // a smaller motion is a click

/**
 * ctx() gives what actions need from the page ({scale, pickImage}); explain(entry)
 * tells the producer why a key's action cannot run now.
 */
export function attachInput(view, { getState, dispatch, redraw, ctx = () => ({}), explain = () => {} }) {
  let drag = null;
  let frameRequested = false;

  function requestFrame() {
    if (frameRequested) return;
    frameRequested = true;
    requestAnimationFrame(() => {
      frameRequested = false;
      if (!drag || !drag.moved) return;
      if (drag.kind === "guide") {
        const at = guidePosition(drag);
        drawGuidePreview(view, at === null ? null : { axis: drag.axis, at });
      } else drawDragFrame(view, computeDrag(drag));
    });
  }

  function onPointerDown(event) {
    if (event.button !== 0 || drag) return;
    const hit = hitTest(view, event) || { id: null, handle: null };
    view.viewport.focus({ preventScroll: true });
    const state = getState();
    const point = toCanvasPoint(view, event.clientX, event.clientY);
    const canvas = D.canvasSize(state.doc);
    const common = {
      pointerId: event.pointerId,
      origin: point,
      last: { point, alt: event.altKey, shift: event.shiftKey },
      moved: false,
      canvas,
      snap: state.snap,
      guideLines: state.view.rulers ? state.guides : [],
      scale: view.scale,
    };
    if (hit.guide !== undefined) {
      const guide = state.guides[hit.guide];
      drag = { ...common, kind: "guide", index: hit.guide, axis: guide.axis };
    } else if (hit.handle) {
      if (state.locked.includes(hit.id)) return;
      drag = {
        ...common,
        kind: "resize",
        id: hit.id,
        handle: hit.handle,
        start: D.elementRect(state.doc, hit.id),
        others: otherRects(state, [hit.id]),
      };
    } else if (hit.id) {
      if (event.shiftKey) {
        dispatch({ type: "select", ids: [hit.id], mode: "toggle" });
        if (!getState().selection.includes(hit.id)) return;
      } else if (!state.selection.includes(hit.id)) {
        dispatch({ type: "select", ids: [hit.id] });
      }
      const current = getState();
      const ids = movableSelection(current);
      if (ids.length === 0) return;
      const starts = ids.map((id) => D.elementRect(current.doc, id));
      drag = { ...common, kind: "move", ids, starts, bbox: G.boundsOf(starts), others: otherRects(current, ids) };
    } else {
      drag = { ...common, kind: "marquee", additive: event.shiftKey };
    }
    view.viewport.setPointerCapture(event.pointerId);
    event.preventDefault();
  }

  function onPointerMove(event) {
    if (!drag || event.pointerId !== drag.pointerId) return;
    const point = toCanvasPoint(view, event.clientX, event.clientY);
    drag.last = { point, alt: event.altKey, shift: event.shiftKey };
    if (!drag.moved) {
      const distance = Math.hypot(point.x - drag.origin.x, point.y - drag.origin.y) * drag.scale;
      if (distance < DRAG_START_SCREEN_PX) return;
      drag.moved = true;
    }
    requestFrame();
  }

  function onPointerUp(event) {
    if (!drag || event.pointerId !== drag.pointerId) return;
    const finished = drag;
    drag = null;
    if (view.viewport.hasPointerCapture(event.pointerId)) view.viewport.releasePointerCapture(event.pointerId);
    endDragFrame(view);
    if (!finished.moved) {
      if (finished.kind === "marquee" && !finished.additive) dispatch({ type: "clearSelection" });
      if (finished.kind === "guide") drawGuidePreview(view, null);
      return;
    }
    if (finished.kind === "guide") {
      drawGuidePreview(view, null);
      const at = guidePosition(finished);
      if (at === null) dispatch({ type: "removeGuide", index: finished.index });
      else dispatch({ type: "moveGuide", index: finished.index, at });
      return;
    }
    const result = computeDrag(finished);
    if (finished.kind === "marquee") {
      const ids = D.listElements(getState().doc)
        .filter((item) => G.intersects(item.rect, result.marquee))
        .map((item) => item.id);
      dispatch({ type: "select", ids, mode: finished.additive ? "add" : "replace" });
      return;
    }
    const before = getState();
    dispatch({ type: "setRects", rects: result.rects });
    if (getState() === before) redraw();
  }

  function onPointerCancel(event) {
    if (!drag || event.pointerId !== drag.pointerId) return;
    drag = null;
    endDragFrame(view);
    redraw();
  }

  function onKeyDown(event) {
    if (drag && (event.key === "Alt" || event.key === "Shift")) {
      drag.last = {
        ...drag.last,
        alt: event.altKey || event.key === "Alt",
        shift: event.shiftKey || event.key === "Shift",
      };
      if (drag.moved) requestFrame();
      if (event.key === "Alt") event.preventDefault();
      return;
    }
    if (isTyping(event.target) || event.defaultPrevented) return;
    const entry = entryForKey(event);
    if (!entry) return;
    const context = { ...ctx(), textSelected: textIsSelected() };
    const action = performAction(entry, getState(), context, event);
    if (action) {
      event.preventDefault();
      dispatch(action);
    } else if (entry.group) {
      // A toolbar action: its key says why it did nothing (Ctrl+D on nothing, S at 16 slots).
      explain(entry);
    }
  }

  function onKeyUp(event) {
    if (!drag || (event.key !== "Alt" && event.key !== "Shift")) return;
    drag.last = {
      ...drag.last,
      alt: event.key === "Alt" ? false : event.altKey,
      shift: event.key === "Shift" ? false : event.shiftKey,
    };
    if (drag.moved) requestFrame();
    event.preventDefault(); // Firefox would otherwise open its menu bar on Alt
  }

  attachRulers(view, { getState, dispatch });
  view.viewport.addEventListener("pointerdown", onPointerDown);
  view.viewport.addEventListener("pointermove", onPointerMove);
  view.viewport.addEventListener("pointerup", onPointerUp);
  view.viewport.addEventListener("pointercancel", onPointerCancel);
  window.addEventListener("keydown", onKeyDown);
  window.addEventListener("keyup", onKeyUp);
}

function otherRects(state, ids) {
  return D.listElements(state.doc)
    .filter((item) => !ids.includes(item.id) && !state.hidden.includes(item.id))
    .map((item) => item.rect);
}

function textIsSelected() {
  return String(window.getSelection ? window.getSelection() : "").length > 0;
}

/** Where a guide being dragged lies (output px, snapped to whole pixels), or null off the canvas. */
function guidePosition(drag) {
  const { point } = drag.last;
  const at = Math.round(drag.axis === "x" ? point.x : point.y);
  const limit = drag.axis === "x" ? drag.canvas.w : drag.canvas.h;
  const across = drag.axis === "x" ? point.y : point.x;
  const acrossLimit = drag.axis === "x" ? drag.canvas.h : drag.canvas.w;
  if (at < 0 || at > limit || across < -40 / drag.scale || across > acrossLimit + 40 / drag.scale) return null;
  return at;
}

/**
 * A drag from the top ruler makes a horizontal guide (a y position), one from the
 * left ruler a vertical one (an x position), where it is released on the canvas.
 */
function attachRulers(view, { getState, dispatch }) {
  if (!view.rulers) return;
  const start = (axis) => (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    const ruler = event.currentTarget;
    ruler.setPointerCapture(event.pointerId);
    const canvas = D.canvasSize(getState().doc);
    const drag = {
      axis,
      canvas,
      scale: view.scale,
      last: { point: toCanvasPoint(view, event.clientX, event.clientY) },
    };
    const move = (e) => {
      drag.last = { point: toCanvasPoint(view, e.clientX, e.clientY) };
      const at = guidePosition(drag);
      drawGuidePreview(view, at === null ? null : { axis, at });
    };
    const end = (e) => {
      ruler.removeEventListener("pointermove", move);
      ruler.removeEventListener("pointerup", end);
      ruler.removeEventListener("pointercancel", end);
      drawGuidePreview(view, null);
      if (e.type !== "pointerup") return;
      drag.last = { point: toCanvasPoint(view, e.clientX, e.clientY) };
      const at = guidePosition(drag);
      if (at !== null) dispatch({ type: "addGuide", axis, at });
    };
    ruler.addEventListener("pointermove", move);
    ruler.addEventListener("pointerup", end);
    ruler.addEventListener("pointercancel", end);
  };
  view.rulers.top.addEventListener("pointerdown", start("y"));
  view.rulers.left.addEventListener("pointerdown", start("x"));
}

/** Where the drag puts things now: {rects, guides} or {marquee}. */
function computeDrag(drag) {
  const { point, alt, shift } = drag.last;
  const dx = point.x - drag.origin.x;
  const dy = point.y - drag.origin.y;
  const snapping = drag.snap.enabled && !alt;
  const threshold = SNAP_SCREEN_PX / drag.scale;
  const grid = drag.snap.grid || 0;
  if (drag.kind === "marquee") {
    const left = Math.max(0, Math.min(drag.origin.x, point.x));
    const top = Math.max(0, Math.min(drag.origin.y, point.y));
    const right = Math.min(drag.canvas.w, Math.max(drag.origin.x, point.x));
    const bottom = Math.min(drag.canvas.h, Math.max(drag.origin.y, point.y));
    return { marquee: { x: left, y: top, w: Math.max(0, right - left), h: Math.max(0, bottom - top) } };
  }
  if (drag.kind === "resize") {
    let rect = G.resizeRect(drag.start, drag.handle, dx, dy, { canvas: drag.canvas, keepAspect: shift });
    let guides = [];
    // With the aspect ratio locked, one edge decides both sizes; snapping the other
    // would break the ratio, so Shift-resizing does not snap.
    if (snapping && !shift)
      ({ rect, guides } = snapResize(rect, drag.handle, {
        canvas: drag.canvas,
        others: drag.others,
        guideLines: drag.guideLines,
        threshold,
        grid,
      }));
    return { rects: { [drag.id]: rect }, guides };
  }
  let delta = G.clampDelta(drag.starts, dx, dy, drag.canvas);
  let guides = [];
  if (snapping) {
    const moved = G.translate(drag.bbox, delta.dx, delta.dy);
    const snapped = snapMove(moved, {
      canvas: drag.canvas,
      others: drag.others,
      guideLines: drag.guideLines,
      threshold,
      grid,
    });
    const wanted = { dx: snapped.rect.x - drag.bbox.x, dy: snapped.rect.y - drag.bbox.y };
    delta = G.clampDelta(drag.starts, wanted.dx, wanted.dy, drag.canvas);
    if (delta.dx === wanted.dx && delta.dy === wanted.dy) guides = snapped.guides;
  }
  const rects = {};
  drag.ids.forEach((id, i) => {
    rects[id] = G.translate(drag.starts[i], delta.dx, delta.dy);
  });
  return { rects, guides };
}
