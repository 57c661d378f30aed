// Pointer and keyboard input on the canvas, turned into actions.
// A drag never dispatches while it runs: each animation frame restyles the moving
// boxes (canvas.drawDragFrame) and the release dispatches one action, which is one
// undo step and one validation and preview request.

import { actionForKey } from "./actions.js";
import * as D from "./doc.js";
import * as G from "./geometry.js";
import { snapMove, snapResize } from "./snapping.js";
import { drawDragFrame, endDragFrame, hitTest, toCanvasPoint } from "./canvas.js";
import { isTyping } from "../common/dom.js";
import { movableSelection } from "./state.js";

const SNAP_SCREEN_PX = 6; // snapping reaches this far on screen, whatever the zoom
const DRAG_START_SCREEN_PX = 3; // a smaller motion is a click

export function attachInput(view, { getState, dispatch, redraw }) {
  let drag = null;
  let frameRequested = false;

  function requestFrame() {
    if (frameRequested) return;
    frameRequested = true;
    requestAnimationFrame(() => {
      frameRequested = false;
      if (drag && drag.moved) drawDragFrame(view, computeDrag(drag));
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
      scale: view.scale,
    };
    if (hit.handle) {
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
    const action = keyAction(event, getState());
    if (!action) return;
    event.preventDefault();
    dispatch(action);
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

  view.viewport.addEventListener("pointerdown", onPointerDown);
  view.viewport.addEventListener("pointermove", onPointerMove);
  view.viewport.addEventListener("pointerup", onPointerUp);
  view.viewport.addEventListener("pointercancel", onPointerCancel);
  window.addEventListener("keydown", onKeyDown);
  window.addEventListener("keyup", onKeyUp);
}

function otherRects(state, ids) {
  return D.listElements(state.doc)
    .filter((item) => !ids.includes(item.id))
    .map((item) => item.rect);
}

/** Where the drag puts things now: {rects, guides} or {marquee}. */
export function computeDrag(drag) {
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
      ({ rect, guides } = snapResize(rect, drag.handle, { canvas: drag.canvas, others: drag.others, threshold, grid }));
    return { rects: { [drag.id]: rect }, guides };
  }
  let delta = G.clampDelta(drag.starts, dx, dy, drag.canvas);
  let guides = [];
  if (snapping) {
    const moved = G.translate(drag.bbox, delta.dx, delta.dy);
    const snapped = snapMove(moved, { canvas: drag.canvas, others: drag.others, threshold, grid });
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

/** The action a key press stands for on the canvas, or null (the registry's key map). */
export function keyAction(event, state) {
  const textSelected = String(window.getSelection ? window.getSelection() : "").length > 0;
  return actionForKey(event, state, { textSelected });
}
