// The toolbar: one icon button per action of the registry (actions.js), grouped,
// each with its label for screen readers, a tooltip with its shortcut and, when it
// cannot be used, the reason (in the tooltip and in aria-describedby). Besides the
// actions: snapping, the grid, the safe-area overlay and the zoom figure.
import { ariaShortcuts, availability, disabledReason, performAction, toolbarGroups, tooltip } from "./actions.js";
import { icon } from "./icons.js";
import { h, uid } from "../common/dom.js";

const { gettext } = window;
// The snapping grid's sizes in px, [off, largest]: the editor's own, not the API's.
const GRID_PX = [0, 500];

function groupLabels() {
  return {
    add: gettext("Add"),
    history: gettext("History"),
    align: gettext("Align"),
    order: gettext("Layer order"),
    edit: gettext("Edit"),
    view: gettext("View"),
    zoom: gettext("Zoom"),
  };
}

// What a read-only workspace (a viewer's) keeps: looking, not changing.
const LOOKING_GROUPS = new Set(["view", "zoom"]);

/** `ctx()` gives what the actions need from the page: {scale, pickImage}. `readOnly`: only
 * the view and zoom tools are drawn, no tool that would change the show. */
export function createToolbar(root, { dispatch, getState, ctx, readOnly = false }) {
  const view = { root, tools: [], dispatch, getState, ctx };
  const labels = groupLabels();
  const group = (name, ...items) =>
    h("div", { class: "mx-tool-group", role: "group", "aria-label": labels[name] || name }, ...items);
  const groups = {};
  for (const [name, entries] of toolbarGroups()) {
    groups[name] = entries
      .filter(() => !readOnly || LOOKING_GROUPS.has(name))
      .map((entry) => {
        const reasonId = uid("mx-why");
        const reason = h("span", { id: reasonId, class: "mx-visually-hidden" });
        const el = h(
          "button",
          {
            type: "button",
            class: "mx-tool",
            "aria-label": entry.label(),
            "aria-keyshortcuts": ariaShortcuts(entry) || null,
            "aria-describedby": reasonId,
            dataset: { action: entry.name },
            onclick: () => {
              const action = performAction(entry, getState(), ctx());
              if (action) dispatch(action);
            },
          },
          icon(entry.icon),
          reason,
        );
        view.tools.push({ el, entry, reason });
        return el;
      });
  }
  view.zoomLabel = h("output", { class: "mx-zoom-label", "aria-live": "polite" });
  view.snapBox = h("input", {
    type: "checkbox",
    id: "mx-snap",
    checked: true,
    onchange: (e) => dispatch({ type: "snap", enabled: e.target.checked }),
  });
  view.gridInput = h("input", {
    type: "number",
    id: "mx-grid",
    min: String(GRID_PX[0]),
    max: String(GRID_PX[1]),
    value: String(GRID_PX[0]),
    class: "mx-small-number",
    onchange: (e) => dispatch({ type: "snap", grid: Math.max(GRID_PX[0], Math.round(Number(e.target.value) || 0)) }),
  });
  view.safeArea = h(
    "select",
    { id: "mx-safe-area", onchange: (e) => dispatch({ type: "setView", safeArea: e.target.value }) },
    h("option", { value: "off" }, gettext("No safe areas")),
    h("option", { value: "broadcast" }, gettext("Title and action safe")),
    h("option", { value: "vertical" }, gettext("Vertical apps' UI zones")),
  );
  // Keys whose action cannot run now say why here (a screen reader hears it too).
  view.status = h("output", { class: "mx-tool-status", id: "mx-tool-status", "aria-live": "polite" });
  const [zoomOut, zoomIn, ...zoomRest] = groups.zoom;
  root.append(
    ...(readOnly ? [] : ["add", "history", "align", "order", "edit"]).map((name) => group(name, ...groups[name])),
    group(
      "view",
      ...groups.view,
      h(
        "label",
        { class: "mx-inline", for: "mx-safe-area", title: gettext("Safe areas drawn over the canvas") },
        h("span", { class: "mx-visually-hidden" }, gettext("Safe areas")),
        icon("safe"),
        view.safeArea,
      ),
      readOnly
        ? null
        : h(
            "label",
            { class: "mx-inline", for: "mx-snap", title: gettext("Hold Alt while dragging to snap nothing") },
            view.snapBox,
            gettext("Snap"),
          ),
      readOnly
        ? null
        : h(
            "label",
            { class: "mx-inline", for: "mx-grid", title: gettext("Grid (px, 0 = off)") },
            gettext("Grid"),
            view.gridInput,
          ),
    ),
    group("zoom", zoomOut, view.zoomLabel, zoomIn, ...zoomRest),
    view.status,
  );
  return view;
}

/** Every button enabled or not by its action; a disabled one says why. */
export function drawToolbar(view, state, { scale } = {}) {
  const ctx = view.ctx();
  for (const { el, entry, reason } of view.tools) {
    const { enabled, reason: why } = availability(entry, state, ctx);
    el.disabled = !enabled;
    el.title = tooltip(entry, state, ctx);
    if (reason.textContent !== why) reason.textContent = why;
    if (entry.pressed) el.setAttribute("aria-pressed", String(Boolean(entry.pressed(state))));
  }
  view.snapBox.checked = state.snap.enabled;
  if (document.activeElement !== view.gridInput) view.gridInput.value = String(state.snap.grid);
  if (view.safeArea.value !== state.view.safeArea) view.safeArea.value = state.view.safeArea;
  const shown = state.zoom === "fit" ? scale || 1 : state.zoom;
  view.zoomLabel.textContent = `${Math.round(shown * 100)}%`;
}

/** Say why a key did nothing (its action is disabled), for a few seconds. */
export function explainKey(view, entry, state) {
  const why = disabledReason(entry, state, view.ctx());
  if (!why) return;
  view.status.textContent = why;
  clearTimeout(view.statusTimer);
  view.statusTimer = setTimeout(() => {
    view.status.textContent = "";
  }, 4000);
}
