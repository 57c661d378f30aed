// Drawing the state as DOM: a stage of the output size, scaled to fit (or zoomed),
// with one box per slot and watermark, stacked as the renderer stacks them.
// drawCanvas(view, state) brings the DOM in step with the state and touches only
// what changed; drawDragFrame shows a drag in progress by restyling the moving
// boxes alone, so that a drag never rebuilds anything.

import * as D from "./doc.js";
import { HANDLES } from "./geometry.js";
import * as C from "./contract.js";
import { hexColour } from "./contract.js";
import { safeAreaZones } from "./safeareas.js";
import { createRulers, drawRulers } from "./rulers.js";
import { h, sameOrigin } from "../common/dom.js";

const { gettext, interpolate } = window;

export function createCanvas(root) {
  const layer = h("div", { class: "mx-layer" });
  const regions = h("div", { class: "mx-regions", "aria-hidden": "true" });
  const handles = HANDLES.map((handle) => h("div", { class: `mx-handle mx-handle-${handle}`, dataset: { handle } }));
  const selectionBox = h("div", { class: "mx-selection", hidden: true }, handles);
  const guides = h("div", { class: "mx-guides", "aria-hidden": "true" });
  const marquee = h("div", { class: "mx-marquee", hidden: true });
  const backgroundNote = h(
    "span",
    { class: "mx-background-note", hidden: true },
    gettext("background image: see the preview"),
  );
  const userGuides = h("div", { class: "mx-user-guides" });
  const safeAreas = h("div", { class: "mx-safe-areas", "aria-hidden": "true" });
  // Marks of elements that lie wholly outside the canvas, at the edge they went past.
  const outside = h("div", { class: "mx-outside-marks" });
  const stage = h(
    "div",
    { class: "mx-stage" },
    regions,
    layer,
    safeAreas,
    userGuides,
    selectionBox,
    guides,
    marquee,
    outside,
    backgroundNote,
  );
  const sizer = h("div", { class: "mx-sizer" }, stage);
  const viewport = h(
    "div",
    {
      class: "mx-viewport",
      tabindex: "0",
      role: "application",
      "aria-label": gettext("Layout canvas: click to select, drag to move, arrow keys to nudge"),
      "aria-describedby": "mx-canvas-help",
    },
    sizer,
  );
  const rulers = createRulers(root, viewport);
  root.append(viewport);
  const view = {
    root,
    viewport,
    sizer,
    stage,
    layer,
    regions,
    selectionBox,
    guides,
    userGuides,
    safeAreas,
    outside,
    rulers,
    marquee,
    backgroundNote,
    nodes: new Map(),
    scale: 1,
    canvas: { w: 0, h: 0 },
    zoom: "fit",
    selectionId: null,
    dragging: new Set(),
  };
  new ResizeObserver(() => {
    fitStage(view);
    drawRulers(view);
  }).observe(viewport);
  viewport.addEventListener("scroll", () => drawRulers(view), { passive: true });
  return view;
}

export function toCanvasPoint(view, clientX, clientY) {
  const box = view.stage.getBoundingClientRect();
  return { x: (clientX - box.left) / view.scale, y: (clientY - box.top) / view.scale };
}

/** What a pointer event is on: {id, handle} (handle only on the selection's handles), {guide} or null. */
export function hitTest(view, event) {
  const target = event.target instanceof Element ? event.target : null;
  if (!target || !view.stage.contains(target)) return null;
  const guide = target.closest("[data-guide]");
  if (guide) return { id: null, handle: null, guide: Number(guide.dataset.guide) };
  const handle = target.closest("[data-handle]");
  if (handle && view.selectionId) return { id: view.selectionId, handle: handle.dataset.handle };
  const node = target.closest("[data-id]");
  return node ? { id: node.dataset.id, handle: null } : { id: null, handle: null };
}

function fitStage(view) {
  const { w, h: height } = view.canvas;
  if (w <= 0 || height <= 0) return;
  let scale;
  if (view.zoom === "fit") {
    const room = view.viewport.getBoundingClientRect();
    const pad = 12;
    scale = Math.max(0.05, Math.min((room.width - pad) / w, (room.height - pad) / height));
  } else {
    scale = view.zoom;
  }
  if (scale === view.scale && view.sizer.style.width) return;
  view.scale = scale;
  view.root.style.setProperty("--mx-scale", String(scale));
  view.stage.style.transform = `scale(${scale})`;
  view.stage.style.setProperty("--inv", String(1 / scale));
  view.sizer.style.width = `${Math.round(w * scale)}px`;
  view.sizer.style.height = `${Math.round(height * scale)}px`;
}

function place(el, rect) {
  el.style.left = `${rect.x}px`;
  el.style.top = `${rect.y}px`;
  el.style.width = `${rect.w}px`;
  el.style.height = `${rect.h}px`;
}

function problemsByElement(problems) {
  const out = new Map();
  for (const problem of problems) {
    const id = D.elementIdForPath(problem.path);
    if (!id) continue;
    const list = out.get(id) || [];
    list.push(problem);
    out.set(id, list);
  }
  return out;
}

function slotLabel(item) {
  const user = D.boundUser(item.element);
  const name = user && user.userId ? user.userId : gettext("auto");
  const screen = user && user.streamType === C.constants().stream_types.screen;
  const stream = user ? (screen ? gettext("screen") : gettext("camera")) : gettext("next to join");
  return { name, stream, screen: Boolean(screen), number: item.index + 1 };
}

// A slot that shows a screen share looks like one, as the renderer's card does: a dark
// title bar over diagonal stripes (sizes in output pixels, scaled with the canvas), and a
// screen icon above the UserId.
const SCREEN_PATTERN = {
  backgroundImage:
    "linear-gradient(rgba(20, 24, 32, .8), rgba(20, 24, 32, .8)), " +
    "repeating-linear-gradient(135deg, rgba(255, 255, 255, .22) 0 24px, rgba(255, 255, 255, .06) 24px 48px)",
  backgroundSize: "100% 8%, auto",
  backgroundRepeat: "no-repeat, repeat",
};
const SVG = "http://www.w3.org/2000/svg";

function screenIcon() {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", "mx-screen-icon");
  svg.setAttribute("aria-hidden", "true");
  // Sized like the labels: the same on screen at any zoom.
  svg.style.width = "calc(28px * var(--inv))";
  svg.style.height = "calc(28px * var(--inv))";
  svg.style.flex = "none";
  const parts = [
    ["rect", { x: "2", y: "3", width: "20", height: "13", rx: "1.5" }],
    ["path", { d: "M12 16v4M7 21h10" }],
  ];
  for (const [tag, attrs] of parts) {
    const shape = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs)) shape.setAttribute(key, value);
    shape.setAttribute("fill", "none");
    shape.setAttribute("stroke", "currentColor");
    shape.setAttribute("stroke-width", "2");
    svg.append(shape);
  }
  return svg;
}

/** The parts of a box that need rebuilding when they change, as one comparable string. */
function contentOf(item, locked) {
  if (item.kind === D.SLOT) {
    const label = slotLabel(item);
    const placeholder = item.element.BackgroundImageUrl || "";
    return { kind: "slot", ...label, z: item.z, locked, placeholder: sameOrigin(placeholder) ? placeholder : "" };
  }
  const key = D.watermarkBodyKey(item.element);
  const body = item.element[key] || {};
  if (key === "WaterMarkText") {
    return {
      kind: "text",
      text: String(body.Text ?? ""),
      size: Number(body.FontSize) || 0,
      colour: hexColour(body.FontColor, "#ffffff"),
      fill: hexColour(body.BackGroundColor, ""),
      // Both fonts of B.14 are drawn with the renderer's face, which the page serves.
      font: "canvas",
      z: item.z,
      locked,
      index: item.index,
    };
  }
  const url = String(body.WaterMarkUrl ?? "");
  return { kind: "image", url, local: sameOrigin(url), z: item.z, locked, index: item.index };
}

function buildContent(el, c) {
  el.replaceChildren();
  el.style.backgroundImage = "";
  el.style.backgroundSize = "";
  el.style.backgroundRepeat = "";
  delete el.dataset.stream;
  el.style.fontSize = "";
  el.style.color = "";
  el.style.backgroundColor = "";
  if (c.kind === "slot") {
    if (c.placeholder) el.style.backgroundImage = `url("${CSS.escape(c.placeholder)}")`;
    else if (c.screen) Object.assign(el.style, SCREEN_PATTERN);
    if (c.screen) el.dataset.stream = "screen";
    el.append(
      h("span", { class: "mx-tag", title: interpolate(gettext("Slot %s"), [c.number]) }, `#${c.number}`),
      h("span", { class: "mx-z", title: gettext("Layer (ZOrder)") }, `z${c.z}`),
      ...(c.screen ? [screenIcon()] : []),
      h("span", { class: "mx-name" }, c.name),
      h("span", { class: "mx-sub" }, c.stream),
    );
  } else if (c.kind === "text") {
    el.style.fontSize = `${c.size}px`;
    el.style.color = c.colour;
    el.style.backgroundColor = c.fill || "transparent";
    el.dataset.font = c.font;
    el.append(h("span", { class: "mx-text" }, c.text || "\u00a0"), h("span", { class: "mx-z" }, `z${c.z}`));
  } else {
    if (c.local) el.style.backgroundImage = `url("${CSS.escape(c.url)}")`;
    const file = c.url ? c.url.split(/[?#]/)[0].split("/").pop() : gettext("no image URL");
    el.append(
      h("span", { class: "mx-tag" }, interpolate(gettext("Watermark %s"), [c.index + 1])),
      h("span", { class: "mx-z" }, `z${c.z}`),
      h("span", { class: "mx-sub" }, file),
    );
  }
  if (c.locked) el.append(h("span", { class: "mx-lock" }, gettext("locked")));
}

function ensureNode(view, item) {
  let node = view.nodes.get(item.id);
  if (!node) {
    const el = h("div", { dataset: { id: item.id } });
    node = { el, rect: null, content: "", className: "", z: -1 };
    view.nodes.set(item.id, node);
  }
  return node;
}

export function drawCanvas(view, state) {
  const { doc } = state;
  const canvas = D.canvasSize(doc);
  if (canvas.w !== view.canvas.w || canvas.h !== view.canvas.h || state.zoom !== view.zoom) {
    view.canvas = canvas;
    view.zoom = state.zoom;
    view.stage.style.width = `${canvas.w}px`;
    view.stage.style.height = `${canvas.h}px`;
    view.sizer.style.width = "";
    fitStage(view);
  }
  view.stage.style.backgroundColor = hexColour(doc.BackGroundColor, "#000000");
  const bgUrl = doc.BackgroundImageUrl;
  view.stage.style.backgroundImage = sameOrigin(bgUrl) ? `url("${CSS.escape(bgUrl)}")` : "";
  // Other hosts' images are not loaded in the editor (only the server fetches them).
  view.backgroundNote.hidden = !bgUrl || sameOrigin(bgUrl);

  const hidden = new Set(state.hidden);
  const items = D.listElements(doc);
  const drawn = items.filter((item) => !hidden.has(item.id));
  const problems = problemsByElement(state.problems);
  const selected = new Set(state.selection);
  const seen = new Set();
  items.forEach((item, rank) => {
    if (hidden.has(item.id)) return;
    const node = ensureNode(view, item);
    seen.add(item.id);
    const locked = state.locked.includes(item.id);
    const own = problems.get(item.id) || [];
    const error = own.some((p) => p.severity === "error");
    const className = [
      "mx-el",
      item.kind === D.SLOT ? "mx-slot" : "mx-wm",
      selected.has(item.id) && "mx-selected",
      locked && "mx-locked",
      error && "mx-error",
      !error && own.length > 0 && "mx-warning",
    ]
      .filter(Boolean)
      .join(" ");
    if (className !== node.className) {
      node.el.className = className;
      node.className = className;
    }
    const title = own.map((p) => p.message).join("\n");
    if (node.el.title !== title) node.el.title = title;
    if (!node.rect || !sameRect(node.rect, item.rect)) {
      place(node.el, item.rect);
      node.rect = item.rect;
    }
    if (node.z !== rank) {
      node.el.style.zIndex = String(rank + 1);
      node.z = rank;
    }
    const content = JSON.stringify(contentOf(item, locked));
    if (content !== node.content) {
      buildContent(node.el, JSON.parse(content));
      node.content = content;
    }
    if (node.el.parentNode !== view.layer) view.layer.append(node.el);
  });
  for (const [id, node] of view.nodes) {
    if (!seen.has(id)) {
      node.el.remove();
      view.nodes.delete(id);
    }
  }
  drawSelection(view, state, drawn);
  drawRegions(view, state);
  drawOutsideMarks(view, drawn, canvas, problems, selected);
  drawUserGuides(view, state);
  drawSafeAreas(view, state, canvas);
  view.root.classList.toggle("mx-no-rulers", !state.view.rulers);
  // A clean variant of the show is sent without its watermarks: they are drawn faint.
  const leg = Number.isInteger(state.active) && state.variants ? state.variants[state.active] : null;
  view.root.classList.toggle("mx-clean-leg", Boolean(leg && leg.clean));
  drawRulers(view);
}

/**
 * An element wholly outside the canvas would vanish: a mark at the edge it went past
 * shows where it is and carries its problems; clicking it selects the element.
 */
function drawOutsideMarks(view, items, canvas, problems, selected) {
  const away = items.filter(
    (item) =>
      item.rect.x >= canvas.w ||
      item.rect.y >= canvas.h ||
      item.rect.x + item.rect.w <= 0 ||
      item.rect.y + item.rect.h <= 0,
  );
  const key = JSON.stringify([
    away.map((item) => [item.id, item.rect, (problems.get(item.id) || []).map((p) => [p.severity, p.message])]),
    canvas,
    [...selected],
  ]);
  if (key === view.outsideKey) return;
  view.outsideKey = key;
  view.outside.replaceChildren(
    ...away.map((item) => {
      const size = 28; // output px of the mark at scale 1; scaled like the labels
      const x = Math.min(Math.max(item.rect.x, 0), canvas.w) - (item.rect.x >= canvas.w ? 1 : 0);
      const y = Math.min(Math.max(item.rect.y, 0), canvas.h) - (item.rect.y >= canvas.h ? 1 : 0);
      const own = problems.get(item.id) || [];
      const arrow = item.rect.x >= canvas.w ? "→" : item.rect.y >= canvas.h ? "↓" : item.rect.x < 0 ? "←" : "↑";
      const label =
        item.kind === D.SLOT
          ? interpolate(gettext("Slot %s"), [item.index + 1])
          : interpolate(gettext("Watermark %s"), [item.index + 1]);
      const mark = h(
        "div",
        {
          class: `mx-outside-mark${own.some((p) => p.severity === "error") ? " mx-error" : ""}${selected.has(item.id) ? " mx-selected" : ""}`,
          dataset: { id: item.id },
          title: [interpolate(gettext("%s is outside the canvas"), [label]), ...own.map((p) => p.message)].join("\n"),
        },
        `${label} ${arrow}`,
      );
      mark.style.left = `${x}px`;
      mark.style.top = `${y}px`;
      mark.style.setProperty("--mx-mark", String(size));
      if (item.rect.x >= canvas.w) mark.classList.add("mx-at-right");
      if (item.rect.y >= canvas.h) mark.classList.add("mx-at-bottom");
      return mark;
    }),
  );
}

function drawUserGuides(view, state) {
  const key = JSON.stringify([state.guides, state.view.rulers]);
  if (key === view.userGuidesKey) return;
  view.userGuidesKey = key;
  const shown = state.view.rulers ? state.guides : [];
  view.userGuides.replaceChildren(
    ...shown.map((guide, index) => {
      const el = h("div", {
        class: `mx-user-guide mx-user-guide-${guide.axis}`,
        dataset: { guide: String(index) },
        title: interpolate(gettext("Guide at %s px: drag to move, drag off the canvas to remove"), [guide.at]),
      });
      if (guide.axis === "x") el.style.left = `${guide.at}px`;
      else el.style.top = `${guide.at}px`;
      return el;
    }),
  );
}

/** A guide being dragged (from a ruler or moved), before it is dropped. */
export function drawGuidePreview(view, guide) {
  if (!view.guidePreview) {
    view.guidePreview = h("div", { class: "mx-user-guide mx-guide-preview", "aria-hidden": "true" });
    view.userGuides.append(view.guidePreview);
  }
  const el = view.guidePreview;
  el.hidden = !guide;
  if (!guide) return;
  el.className = `mx-user-guide mx-guide-preview mx-user-guide-${guide.axis}`;
  el.style.left = guide.axis === "x" ? `${guide.at}px` : "";
  el.style.top = guide.axis === "y" ? `${guide.at}px` : "";
  if (el.parentNode !== view.userGuides) view.userGuides.append(el);
}

function drawSafeAreas(view, state, canvas) {
  const zones = safeAreaZones(state.view.safeArea, canvas);
  const key = JSON.stringify(zones);
  if (key === view.safeKey) return;
  view.safeKey = key;
  view.safeAreas.replaceChildren(
    ...zones.map((zone) => {
      const el = h("div", { class: `mx-safe mx-safe-${zone.kind}` }, h("span", { class: "mx-safe-label" }, zone.label));
      place(el, zone.rect);
      return el;
    }),
  );
}

function sameRect(a, b) {
  return a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
}

function drawSelection(view, state, items) {
  const only = state.selection.length === 1 ? items.find((item) => item.id === state.selection[0]) : null;
  view.selectionId = only ? only.id : null;
  view.selectionBox.hidden = !only;
  if (!only) return;
  view.selectionBox.dataset.id = only.id;
  view.selectionBox.classList.toggle("mx-locked", state.locked.includes(only.id));
  place(view.selectionBox, only.rect);
}

/** Dynamic templates place pictures themselves: show where, read-only. */
function drawRegions(view, state) {
  const dynamic = !D.isCustom(state.doc);
  view.root.classList.toggle("mx-dynamic", dynamic);
  const list = dynamic && state.regions ? state.regions : [];
  const key = JSON.stringify(list.map((r) => [r.x, r.y, r.w, r.h, r.user_id, r.zorder]));
  if (key === view.regionsKey) return;
  view.regionsKey = key;
  view.regions.replaceChildren(
    ...list.map((r) => {
      const el = h("div", { class: "mx-region" }, h("span", { class: "mx-name" }, r.user_id || gettext("empty")));
      place(el, r);
      el.style.zIndex = String(r.zorder);
      return el;
    }),
  );
}

/**
 * A frame of a drag in progress: moving boxes at `rects` ({id: rect}), snap `guides`
 * and an optional `marquee` rectangle. Only these nodes change. A box that keeps
 * its size moves by a transform on its own compositor layer, so a move repaints
 * nothing; a box that changes size is laid out anew. No text changes during a
 * drag: any text change repaints the whole page, which costs more than a frame's
 * budget on slow machines; the fields show the numbers once the drag ends.
 */
export function drawDragFrame(view, { rects = {}, guides = [], marquee = null }) {
  for (const [id, rect] of Object.entries(rects)) {
    const node = view.nodes.get(id);
    if (!node) continue;
    const base = node.rect;
    const moveOnly = base && base.w === rect.w && base.h === rect.h;
    if (moveOnly) {
      const shift = `translate(${rect.x - base.x}px, ${rect.y - base.y}px)`;
      node.el.style.transform = shift;
      if (view.selectionId === id) view.selectionBox.style.transform = shift;
    } else {
      node.el.style.transform = "";
      place(node.el, rect);
      node.rect = rect;
      if (view.selectionId === id) {
        view.selectionBox.style.transform = "";
        place(view.selectionBox, rect);
      }
    }
    if (!view.dragging.has(node)) {
      node.el.classList.add("mx-dragging");
      view.dragging.add(node);
    }
  }
  drawGuides(view, guides);
  view.marquee.hidden = !marquee;
  if (marquee) place(view.marquee, marquee);
}

/** Back to the drawn state: the next drawCanvas places the boxes where the state says. */
export function endDragFrame(view) {
  for (const node of view.dragging) {
    node.el.classList.remove("mx-dragging");
    node.el.style.transform = "";
    node.rect = null; // unknown now: drawCanvas places it again
  }
  view.dragging.clear();
  view.selectionBox.style.transform = "";
  drawGuides(view, []);
  view.marquee.hidden = true;
}

function drawGuides(view, guides) {
  const pool = view.guides.children;
  while (pool.length < guides.length) view.guides.append(h("div", { class: "mx-guide" }));
  for (let i = 0; i < pool.length; i += 1) {
    const el = pool[i];
    const guide = guides[i];
    el.style.opacity = guide ? "1" : "0";
    if (!guide) continue;
    const length = Math.max(guide.to - guide.from, 1);
    el.style.transform =
      guide.axis === "x"
        ? `translate(${guide.at}px, ${guide.from}px) scaleY(${length * view.scale})`
        : `translate(${guide.from}px, ${guide.at}px) scaleX(${length * view.scale})`;
  }
}
