// The layers panel: every element, top of the stack first, with a thumbnail of
// where it sits on the canvas, the name the producer gave it (double-click or F2 to
// rename), show/hide in the editor, lock, and a grip to drag it up or down the
// stack (which rewrites the ZOrders). Selecting a layer never scrolls the canvas.
import * as C from "./contract.js";
import * as D from "./doc.js";
import { icon } from "./icons.js";
import { h, sameOrigin } from "../common/dom.js";

const { gettext, interpolate } = window;
const THUMB_W = 36; // px; the thumbnail keeps the canvas's aspect ratio
const LAYER_NAME_LENGTH = 80; // characters: a name for the producer's eyes, kept short

/** What an element is called: the producer's name, else what it shows. */
function elementTitle(item, names = {}) {
  if (names[item.id]) return names[item.id];
  return defaultTitle(item);
}

export function defaultTitle(item) {
  if (item.kind === D.SLOT) {
    const user = D.boundUser(item.element);
    return interpolate(gettext("Slot %s · %s"), [item.index + 1, user && user.userId ? user.userId : gettext("auto")]);
  }
  if (item.element.WaterMarkType === C.constants().watermark_types.text) {
    const text = String(D.getIn(item.element, ["WaterMarkText", "Text"]) ?? "");
    return interpolate(gettext("Text watermark %s · %s"), [item.index + 1, text.slice(0, 24)]);
  }
  return interpolate(gettext("Image watermark %s"), [item.index + 1]);
}

export function createLayers(root, { dispatch, getState }) {
  const list = h("ol", { class: "mx-layers", "aria-label": gettext("Layers, top first") });
  const note = h(
    "p",
    { class: "mx-note" },
    gettext("Top first. Drag a grip to change the order; double-click a name to rename it."),
  );
  root.append(list, note);
  const view = { root, list, dispatch, getState, key: null, editing: null, drag: null };
  list.addEventListener("pointerdown", (event) => startDrag(view, event));
  return view;
}

function thumbnail(item, canvas) {
  const height = canvas.w > 0 ? Math.max(8, Math.round((THUMB_W * canvas.h) / canvas.w)) : 25;
  const sx = canvas.w > 0 ? THUMB_W / canvas.w : 0;
  const sy = canvas.h > 0 ? height / canvas.h : 0;
  const box = h("span", { class: `mx-thumb-box mx-thumb-${item.kind}` });
  const clip = (value, max) => Math.max(0, Math.min(max, value));
  const left = clip(item.rect.x * sx, THUMB_W);
  const top = clip(item.rect.y * sy, height);
  box.style.left = `${left}px`;
  box.style.top = `${top}px`;
  box.style.width = `${Math.max(2, clip((item.rect.x + item.rect.w) * sx, THUMB_W) - left)}px`;
  box.style.height = `${Math.max(2, clip((item.rect.y + item.rect.h) * sy, height) - top)}px`;
  const url = item.kind === D.WATERMARK ? D.getIn(item.element, ["WaterMarkImage", "WaterMarkUrl"]) : null;
  if (url && sameOrigin(url)) box.style.backgroundImage = `url("${CSS.escape(url)}")`;
  const frame = h("span", { class: "mx-thumb", "aria-hidden": "true" }, box);
  frame.style.width = `${THUMB_W}px`;
  frame.style.height = `${height}px`;
  return frame;
}

export function drawLayers(view, state) {
  const items = D.listElements(state.doc).reverse();
  const canvas = D.canvasSize(state.doc);
  const key = JSON.stringify([
    items.map((item) => [item.id, elementTitle(item, state.names), item.z, item.rect, thumbUrl(item)]),
    state.selection,
    state.locked,
    state.hidden,
    state.problems.map((p) => [p.path, p.severity]),
    canvas,
    view.editing,
  ]);
  if (key === view.key) return;
  view.key = key;
  const severities = new Map();
  for (const p of state.problems) {
    const id = D.elementIdForPath(p.path);
    if (id && severities.get(id) !== "error") severities.set(id, p.severity);
  }
  view.list.replaceChildren(...items.map((item) => row(view, state, item, canvas, severities.get(item.id))));
  if (items.length === 0)
    view.list.append(h("li", { class: "mx-note" }, gettext("Nothing yet: add a slot or apply a generator.")));
  const input = view.list.querySelector(".mx-layer-rename");
  if (input && document.activeElement !== input) {
    input.focus();
    input.select();
  }
}

function thumbUrl(item) {
  return item.kind === D.WATERMARK ? D.getIn(item.element, ["WaterMarkImage", "WaterMarkUrl"]) || "" : "";
}

function row(view, state, item, canvas, severity) {
  const { dispatch } = view;
  const selected = state.selection.includes(item.id);
  const locked = state.locked.includes(item.id);
  const hidden = state.hidden.includes(item.id);
  const title = elementTitle(item, state.names);
  const select = (event) => dispatch({ type: "select", ids: [item.id], mode: event.shiftKey ? "toggle" : "replace" });
  let name;
  if (view.editing === item.id) {
    name = h("input", {
      type: "text",
      class: "mx-layer-rename",
      value: state.names[item.id] || "",
      placeholder: defaultTitle(item),
      maxlength: String(LAYER_NAME_LENGTH),
      "aria-label": interpolate(gettext("Name of %s"), [defaultTitle(item)]),
    });
    const finish = (commit) => {
      if (view.editing !== item.id) return;
      view.editing = null;
      if (commit) dispatch({ type: "rename", id: item.id, name: name.value });
      view.key = null;
      drawLayers(view, view.getState());
    };
    name.addEventListener("keydown", (event) => {
      if (event.key === "Enter") finish(true);
      if (event.key === "Escape") finish(false);
      event.stopPropagation();
    });
    name.addEventListener("blur", () => finish(true));
  } else {
    name = h(
      "button",
      {
        type: "button",
        class: "mx-layer-button",
        "aria-pressed": String(selected),
        title: interpolate(gettext("%s · ZOrder %s. Double-click or F2 to rename."), [title, item.z]),
        dataset: { layer: item.id },
        onclick: select,
        ondblclick: () => startRename(view, item.id),
        onkeydown: (event) => {
          if (event.key === "F2") {
            event.preventDefault();
            startRename(view, item.id);
          }
        },
      },
      h("span", { class: "mx-layer-name" }, title),
      h("span", { class: "mx-layer-z" }, `z${item.z}`),
    );
  }
  const toggle = (type, on, iconOn, iconOff, label, help) =>
    h(
      "button",
      {
        type: "button",
        class: "mx-layer-toggle",
        "aria-pressed": String(on),
        "aria-label": interpolate(label, [title]),
        title: help,
        onclick: () => dispatch({ type, ids: [item.id] }),
      },
      icon(on ? iconOn : iconOff),
    );
  return h(
    "li",
    {
      class: ["mx-layer-row", selected && "mx-selected", severity && `mx-${severity}`, hidden && "mx-hidden"]
        .filter(Boolean)
        .join(" "),
      dataset: { layerRow: item.id },
    },
    h(
      "span",
      {
        class: "mx-layer-grip",
        title: gettext("Drag up or down to change the layer order"),
        "aria-hidden": "true",
        dataset: { grip: item.id },
      },
      icon("grip"),
    ),
    thumbnail(item, canvas),
    name,
    toggle(
      "toggleHidden",
      hidden,
      "eye-off",
      "eye",
      gettext("Hide %s in the editor"),
      gettext("Hide or show in the editor; the cloud still draws it"),
    ),
    toggle("toggleLock", locked, "lock", "unlock", gettext("Lock %s"), gettext("Lock on the canvas")),
  );
}

function startRename(view, id) {
  view.editing = id;
  view.key = null;
  drawLayers(view, view.getState());
}

// ---- drag to reorder ---------------------------------------------------------------------
// Pointer events rather than HTML drag and drop: the row follows the pointer and a
// line shows where it will land; the drop is one reorderLayer action (one undo step).

function startDrag(view, event) {
  const grip = event.target instanceof Element ? event.target.closest("[data-grip]") : null;
  if (!grip || event.button !== 0) return;
  event.preventDefault();
  const id = grip.dataset.grip;
  const marker = h("li", { class: "mx-layer-drop", "aria-hidden": "true" });
  view.drag = { id, pointerId: event.pointerId, marker, below: undefined };
  view.list.setPointerCapture(event.pointerId);
  view.list.querySelector(`[data-layer-row="${CSS.escape(id)}"]`).classList.add("mx-dragging");
  const move = (e) => {
    if (!view.drag || e.pointerId !== view.drag.pointerId) return;
    placeMarker(view, e.clientY);
  };
  const end = (e) => {
    if (!view.drag || e.pointerId !== view.drag.pointerId) return;
    const { below, marker: line } = view.drag;
    view.drag = null;
    line.remove();
    view.list.removeEventListener("pointermove", move);
    view.list.removeEventListener("pointerup", end);
    view.list.removeEventListener("pointercancel", end);
    view.key = null;
    if (below !== undefined && e.type === "pointerup") view.dispatch({ type: "reorderLayer", id, below });
    drawLayers(view, view.getState());
  };
  view.list.addEventListener("pointermove", move);
  view.list.addEventListener("pointerup", end);
  view.list.addEventListener("pointercancel", end);
}

/** Where a drop at `clientY` lands: the marker goes between rows; `below` is the id under it. */
function placeMarker(view, clientY) {
  const rows = [...view.list.querySelectorAll("[data-layer-row]")];
  let index = rows.length;
  for (let i = 0; i < rows.length; i += 1) {
    const box = rows[i].getBoundingClientRect();
    if (clientY < box.top + box.height / 2) {
      index = i;
      break;
    }
  }
  const { drag } = view;
  if (index < rows.length) view.list.insertBefore(drag.marker, rows[index]);
  else view.list.append(drag.marker);
  // Rows are top first: what follows the dragged one in the new order lies under it.
  const ids = rows.map((el) => el.dataset.layerRow);
  const before = ids.slice(0, index).filter((id) => id !== drag.id);
  const after = ids.slice(index).filter((id) => id !== drag.id);
  const unchanged = [...before, drag.id, ...after].join(" ") === ids.join(" ");
  drag.below = unchanged ? undefined : after.length ? after[0] : null;
}
