// Rulers along the top and left of the canvas, in output pixels, following zoom and
// scroll. Dragging from a ruler makes a guide (input.js); here they are only drawn.
import { h } from "../common/dom.js";

const { gettext } = window;
const STEPS = [5, 10, 20, 25, 50, 100, 200, 250, 500, 1000];
const MIN_GAP_PX = 56; // screen px between numbered ticks

export function createRulers(root, viewport) {
  const top = h("canvas", {
    class: "mx-ruler mx-ruler-top",
    "aria-hidden": "true",
    title: gettext("Drag down onto the canvas to add a horizontal guide"),
  });
  const left = h("canvas", {
    class: "mx-ruler mx-ruler-left",
    "aria-hidden": "true",
    title: gettext("Drag right onto the canvas to add a vertical guide"),
  });
  const corner = h("div", { class: "mx-ruler-corner", "aria-hidden": "true" });
  root.append(corner, top, left);
  return { top, left, corner, viewport };
}

/** The step between numbered ticks so that they are at least MIN_GAP_PX apart on screen. */
function rulerStep(scale) {
  return STEPS.find((step) => step * scale >= MIN_GAP_PX) || STEPS[STEPS.length - 1];
}

function paint(canvas, length, origin, scale, vertical) {
  const ratio = globalThis.devicePixelRatio || 1;
  const box = canvas.getBoundingClientRect();
  const width = Math.max(1, Math.round(box.width * ratio));
  const height = Math.max(1, Math.round(box.height * ratio));
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  const along = vertical ? box.height : box.width;
  const across = vertical ? box.width : box.height;
  ctx.clearRect(0, 0, box.width, box.height);
  ctx.fillStyle = "#1d2330";
  ctx.fillRect(0, 0, box.width, box.height);
  // The output itself, lighter, so the ruler shows where the canvas begins and ends.
  ctx.fillStyle = "#2f3646";
  const start = origin;
  const end = origin + length * scale;
  if (vertical) ctx.fillRect(0, start, across, end - start);
  else ctx.fillRect(start, 0, end - start, across);
  const step = rulerStep(scale);
  const minor = step / 5;
  ctx.strokeStyle = "#8d96a8";
  ctx.fillStyle = "#c9d0dc";
  ctx.font = "10px system-ui, sans-serif";
  ctx.lineWidth = 1;
  const first = Math.ceil(-origin / scale / minor) * minor;
  for (let value = first; origin + value * scale <= along; value += minor) {
    const at = Math.round(origin + value * scale) + 0.5;
    const major = Math.abs(value % step) < 1e-6;
    const tick = major ? across : across / 3;
    ctx.beginPath();
    if (vertical) {
      ctx.moveTo(across - tick, at);
      ctx.lineTo(across, at);
    } else {
      ctx.moveTo(at, across - tick);
      ctx.lineTo(at, across);
    }
    ctx.stroke();
    if (!major) continue;
    const text = String(Math.round(value));
    if (vertical) {
      ctx.save();
      ctx.translate(9, at + 3);
      ctx.rotate(-Math.PI / 2);
      ctx.fillText(text, 0, 0);
      ctx.restore();
    } else {
      ctx.fillText(text, at + 3, 10);
    }
  }
}

/** Repaint both rulers for the canvas's size, zoom and scroll. */
export function drawRulers(view) {
  const { rulers } = view;
  if (!rulers || view.root.classList.contains("mx-no-rulers")) return;
  const stage = view.stage.getBoundingClientRect();
  const top = rulers.top.getBoundingClientRect();
  const left = rulers.left.getBoundingClientRect();
  if (top.width === 0 || left.height === 0) return;
  paint(rulers.top, view.canvas.w, stage.left - top.left, view.scale, false);
  paint(rulers.left, view.canvas.h, stage.top - left.top, view.scale, true);
}
