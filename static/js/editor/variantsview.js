// The show's variants on the preset page (state.variants, variants.js): what the page
// writes (templates/layouts/editor.html) placed around the workspace.
//
// - Beside the canvas, the show's screens: the main picture and each variant drawn
//   small, the one being edited marked; a click on one puts it on the canvas, where
//   every tool edits it. The selection is drawn in each, so a slot's twins show.
// - "Add a variant": a 9:16, 1:1 or 4:5 screen (or any size) derived from the main
//   picture by the server's reflow (POST /api/layouts/reflow/), not by scaling.
// - Above the inspector, "Apply to all variants" (state.applyAll).
// - In the inspector with nothing selected, the variant's own settings: its name,
//   clean or not, its CDN outputs, and deleting it.

import * as C from "./contract.js";
import * as D from "./doc.js";
import * as V from "./variants.js";
import { reflowDocument } from "./api.js";
import { legDocument } from "./state.js";
import { h, uid } from "../common/dom.js";

const { gettext, interpolate } = window;
const $ = (id) => document.getElementById(id);

// The screens column draws each picture within a square of this many CSS pixels.
const THUMB_BOX = 104;

/** The page's variants parts placed and bound, or null on a page without them. */
export function createVariantsView({ dispatch, getState, readOnly = false }) {
  const legs = $("mx-legs");
  const canvas = $("mx-canvas");
  if (!legs || !canvas) return null;
  // The screens go beside the canvas: both in a row of their own in the canvas column.
  const row = h("div", { class: "mx-canvas-row" });
  canvas.replaceWith(row);
  row.append(canvas, legs);

  const view = {
    dispatch,
    getState,
    readOnly,
    legs,
    list: legs.querySelector(".mx-legs-list"),
    addButton: legs.querySelector(".mx-add-variant"),
    cards: [],
    panelKey: null,
  };

  // "Apply to all variants", above the inspector.
  const applyAll = $("mx-apply-all");
  const panel = $("mx-panel");
  if (applyAll && panel) {
    const column = panel.closest(".mx-side-column");
    column.insertBefore(applyAll, column.firstChild);
    view.applyAll = applyAll;
    // What goes to the twins, said in full where the pointer rests as well.
    applyAll.title = applyAll.querySelector(".mx-visually-hidden").textContent.trim();
    view.applyToggle = applyAll.querySelector("input[type=checkbox]");
    view.applyToggle.disabled = readOnly;
    view.applyToggle.addEventListener("change", () => dispatch({ type: "setApplyAll", on: view.applyToggle.checked }));
  }

  // The variant's own settings, first in the inspector (shown with the whole output's).
  if (panel) {
    view.panel = buildVariantPanel(view);
    panel.prepend(view.panel.root);
  }

  view.dialog = bindDialog(view, $("mx-variant-dialog"));
  if (view.addButton) view.addButton.addEventListener("click", () => openDialog(view));
  return view;
}

// ---- the screens beside the canvas --------------------------------------------------------

/** The legs of the show: [{leg: null | index, name, doc, clean}]. */
function legsOf(state) {
  return [
    { leg: null, name: V.spec().main, doc: legDocument(state, null), clean: false },
    ...state.variants.map((variant, index) => ({
      leg: index,
      name: variant.name,
      doc: legDocument(state, index),
      clean: variant.clean,
    })),
  ];
}

function legLabel(entry) {
  return entry.leg === null ? gettext("Main picture") : entry.name;
}

function sizeText(doc) {
  const size = D.canvasSize(doc);
  return `${size.w} × ${size.h}`;
}

function buildCard(view, entry) {
  const stage = h("span", { class: "mx-leg-stage", "aria-hidden": "true" });
  const button = h(
    "button",
    { type: "button", class: "mx-leg-canvas", onclick: () => view.dispatch({ type: "chooseLeg", leg: entry.leg }) },
    stage,
  );
  const name = h("span", { class: "mx-leg-name" });
  const size = h("span", { class: "mx-leg-size" });
  const clean = h("span", { class: "mx-leg-clean", title: gettext("Sent without watermarks") }, gettext("clean"));
  const root = h("li", { class: "mx-leg" }, button, h("span", { class: "mx-leg-label" }, name, size, clean));
  return { root, button, stage, name, size, clean, key: null };
}

/** One leg drawn small: its background and its slots and watermarks, the selected marked. */
function drawThumb(card, entry, state) {
  const canvas = D.canvasSize(entry.doc);
  const scale = canvas.w > 0 && canvas.h > 0 ? Math.min(THUMB_BOX / canvas.w, THUMB_BOX / canvas.h) : 0;
  card.stage.style.width = `${Math.max(1, Math.round(canvas.w * scale))}px`;
  card.stage.style.height = `${Math.max(1, Math.round(canvas.h * scale))}px`;
  card.stage.style.backgroundColor = C.hexColour(entry.doc.BackGroundColor, "#000000");
  const hidden = new Set(state.hidden);
  const selected = new Set(state.selection);
  const items = D.listElements(entry.doc).filter(
    (item) => !hidden.has(item.id) && !(entry.clean && item.kind === D.WATERMARK),
  );
  card.stage.replaceChildren(
    ...items.map((item, rank) => {
      const el = h("span", {
        class: [
          "mx-leg-el",
          item.kind === D.SLOT ? "mx-leg-slot" : "mx-leg-wm",
          selected.has(item.id) && "mx-twin-selected",
        ]
          .filter(Boolean)
          .join(" "),
        dataset: { id: item.id },
      });
      const pct = (value, whole) => `${whole > 0 ? (value / whole) * 100 : 0}%`;
      el.style.left = pct(item.rect.x, canvas.w);
      el.style.top = pct(item.rect.y, canvas.h);
      el.style.width = pct(item.rect.w, canvas.w);
      el.style.height = pct(item.rect.h, canvas.h);
      el.style.zIndex = String(rank + 1);
      return el;
    }),
  );
}

function drawLegs(view, state) {
  const entries = legsOf(state);
  while (view.cards.length < entries.length) {
    const card = buildCard(view, entries[view.cards.length]);
    view.cards.push(card);
  }
  while (view.cards.length > entries.length) view.cards.pop().root.remove();
  const selectionKey = state.selection.join(",");
  const hiddenKey = state.hidden.join(",");
  entries.forEach((entry, i) => {
    const card = view.cards[i];
    // A card's leg may have changed place (a variant removed): it is bound to its place.
    card.button.onclick = () => view.dispatch({ type: "chooseLeg", leg: entry.leg });
    const active = entry.leg === state.active;
    const key = [entry.doc, selectionKey, hiddenKey, entry.clean, entry.name, active];
    if (!card.key || key.some((part, k) => part !== card.key[k])) {
      card.key = key;
      drawThumb(card, entry, state);
      card.root.dataset.leg = entry.name;
      card.root.classList.toggle("mx-leg-active", active);
      card.button.setAttribute("aria-pressed", String(active));
      const label = legLabel(entry);
      card.button.setAttribute("aria-label", interpolate(gettext("Edit %s (%s)"), [label, sizeText(entry.doc)]));
      card.name.textContent = label;
      card.name.title = label;
      card.size.textContent = sizeText(entry.doc);
      card.clean.hidden = !entry.clean;
    }
    if (card.root.parentNode !== view.list || view.list.children[i] !== card.root) {
      view.list.insertBefore(card.root, view.list.children[i] || null);
    }
  });
  // With no variant yet the screens column would hold only its button: the button
  // waits at the end of the toolbar instead, so the canvas keeps its width.
  const solo = state.variants.length === 0;
  view.legs.hidden = solo;
  if (view.addButton) {
    const home = solo ? $("mx-toolbar") : view.legs;
    if (home && view.addButton.parentNode !== home) home.append(view.addButton);
    const full = state.variants.length >= V.spec().max;
    view.addButton.disabled = full || view.readOnly;
    view.addButton.title = full
      ? interpolate(gettext("A show holds at most %s variants besides its own picture."), [V.spec().max])
      : gettext("Add the show's picture for another screen: 9:16, 1:1, 4:5 or any size");
  }
}

// ---- the variant's own settings -------------------------------------------------------------

function nameMessage(problem) {
  if (problem === "main") return gettext("“main” is the show's own picture: choose another name.");
  if (problem === "taken") return gettext("Another variant has this name.");
  return gettext("1 to %s letters, digits, - or _.");
}

function buildVariantPanel(view) {
  const nameId = uid("mx-variant");
  const cleanId = uid("mx-variant");
  const heading = h("h2", {});
  const name = h("input", {
    id: nameId,
    type: "text",
    class: "mx-variant-name",
    autocomplete: "off",
    spellcheck: "false",
    maxlength: String(V.maxNameLength()),
    pattern: V.spec().name_pattern.replace(/^\^|\$$/g, ""),
  });
  const nameProblem = h("div", { class: "mx-field-problem", hidden: true, id: `${nameId}-problem` });
  name.setAttribute("aria-describedby", `${nameId}-problem`);
  const clean = h("input", { id: cleanId, type: "checkbox", class: "mx-variant-clean" });
  const outputs = h("ul", { class: "mx-variant-outputs" });
  const newUrl = urlBox({
    class: "mx-variant-new-url",
    placeholder: "rtmp://",
    "aria-label": gettext("New CDN push URL"),
  });
  const addUrl = h("button", { type: "button", class: "mx-variant-add-url" }, gettext("Add"));
  const remove = h("button", { type: "button", class: "mx-danger mx-variant-delete" }, gettext("Delete this variant"));
  const root = h(
    "section",
    { class: "mx-section mx-variant-panel", "aria-label": gettext("Variant"), hidden: true },
    heading,
    h(
      "p",
      { class: "mx-note" },
      gettext("Its own picture, sent as a task of its own beside the main picture, with its own outputs."),
    ),
    h(
      "div",
      { class: "mx-field" },
      h("label", { for: nameId }, gettext("Name of the variant")),
      name,
      h("small", { class: "mx-hint" }, interpolate(nameMessage("pattern"), [V.maxNameLength()])),
      nameProblem,
    ),
    h(
      "div",
      { class: "mx-field mx-field-checkbox" },
      clean,
      h("label", { for: cleanId }, gettext("Clean feed: the same pictures without watermarks")),
    ),
    h(
      "fieldset",
      { class: "mx-fieldset" },
      h("legend", {}, gettext("CDN outputs of this variant")),
      outputs,
      h("div", { class: "mx-variant-url-row" }, newUrl, addUrl),
      h(
        "small",
        { class: "mx-hint" },
        gettext("Push URLs of its own: a URL pushed by two screens of the show is refused at launch."),
      ),
    ),
    h("div", { class: "mx-actions" }, remove),
  );
  const panel = { root, heading, name, nameProblem, clean, outputs, newUrl, addUrl, remove, rows: [] };
  const active = () => view.getState().active;
  name.addEventListener("change", () => {
    const index = active();
    if (index === null) return;
    const value = name.value.trim();
    const problem = V.nameProblem(value, view.getState().variants, index);
    if (problem) {
      nameProblem.textContent = interpolate(nameMessage(problem), [V.maxNameLength()]);
      nameProblem.hidden = false;
      name.setAttribute("aria-invalid", "true");
      return;
    }
    nameProblem.hidden = true;
    name.setAttribute("aria-invalid", "false");
    view.dispatch({ type: "renameVariant", index, name: value });
  });
  clean.addEventListener("change", () => {
    if (active() !== null) view.dispatch({ type: "setVariantClean", index: active(), clean: clean.checked });
  });
  const addTyped = () => {
    const index = active();
    const url = newUrl.value.replace(/\s+/g, "");
    if (index === null || !url) return;
    const list = view.getState().variants[index].PublishCdnParams;
    if (list.length >= C.constants().max_outputs) return;
    view.dispatch({ type: "setVariantOutputs", index, outputs: V.withUrl(list, list.length, url) });
    newUrl.value = "";
    newUrl.fit();
  };
  addUrl.addEventListener("click", addTyped);
  newUrl.addEventListener("change", addTyped);
  remove.addEventListener("click", () => {
    if (active() !== null) view.dispatch({ type: "removeVariant", index: active() });
  });
  return panel;
}

/**
 * A push URL shown whole: a text box that wraps (push URLs carry long keys), one line
 * per ~30 characters; Enter commits it, as a one-line field would.
 */
function urlBox(attrs) {
  const box = h("textarea", { rows: "1", wrap: "soft", autocomplete: "off", spellcheck: "false", ...attrs });
  const fit = () => {
    box.rows = Math.max(1, Math.ceil(box.value.length / 30));
  };
  box.addEventListener("input", fit);
  box.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    box.dispatchEvent(new Event("change"));
  });
  box.fit = fit;
  return box;
}

function outputRow(view, index, position) {
  const input = urlBox({
    class: "mx-variant-url",
    "aria-label": interpolate(gettext("CDN push URL %s"), [position + 1]),
  });
  const commit = (url) => {
    const list = view.getState().variants[index].PublishCdnParams;
    view.dispatch({ type: "setVariantOutputs", index, outputs: V.withUrl(list, position, url) });
  };
  input.addEventListener("change", () => commit(input.value.replace(/\s+/g, "")));
  const remove = h(
    "button",
    {
      type: "button",
      class: "mx-variant-remove-url",
      "aria-label": interpolate(gettext("Remove CDN push URL %s"), [position + 1]),
      onclick: () => commit(""),
    },
    gettext("Remove"),
  );
  const note = h("div", { class: "mx-field-problem", hidden: true });
  return {
    root: h("li", { class: "mx-variant-output" }, h("div", { class: "mx-variant-url-row" }, input, remove), note),
    input,
    note,
  };
}

function drawVariantPanel(view, state) {
  const panel = view.panel;
  const index = state.active;
  const variant = index === null ? null : state.variants[index];
  panel.root.hidden = !variant || state.selection.length > 0;
  if (!variant) return;
  const urls = V.urlsOf(variant.PublishCdnParams);
  const main = state.request && Array.isArray(state.request.PublishCdnParams) ? state.request.PublishCdnParams : [];
  const shared = V.sharedUrls(main, state.variants, index);
  const mine = (state.legProblems[index + 1] || []).filter((p) => p.ofVariant);
  const key = JSON.stringify([index, variant.name, variant.clean, urls, shared, mine]);
  if (key === view.panelKey) return;
  view.panelKey = key;
  panel.heading.textContent = interpolate(gettext("Variant %s"), [variant.name]);
  if (document.activeElement !== panel.name) {
    panel.name.value = variant.name;
    panel.nameProblem.hidden = true;
    panel.name.setAttribute("aria-invalid", "false");
  }
  panel.clean.checked = variant.clean;
  panel.rows = urls.map((url, position) => {
    const row = outputRow(view, index, position);
    row.input.value = url ?? "";
    row.input.fit();
    const problems = mine.filter((p) => p.path.includes(`PublishCdnParams[${position}]`)).map((p) => p.message);
    if (shared[position]) {
      problems.unshift(
        interpolate(gettext("%s pushes to this URL too: each screen of the show needs URLs of its own."), [
          shared[position] === V.spec().main ? gettext("Main picture") : shared[position],
        ]),
      );
    }
    row.note.textContent = problems.join(" ");
    row.note.hidden = problems.length === 0;
    row.input.setAttribute("aria-invalid", String(problems.length > 0));
    return row;
  });
  panel.outputs.replaceChildren(...panel.rows.map((row) => row.root));
  const full = urls.length >= C.constants().max_outputs;
  panel.newUrl.disabled = full || view.readOnly;
  panel.addUrl.disabled = full || view.readOnly;
}

// ---- adding a variant --------------------------------------------------------------------------

const SHAPE_LABELS = () => ({
  "9:16": gettext("Vertical 9:16"),
  "1:1": gettext("Square 1:1"),
  "4:5": gettext("Portrait 4:5"),
});

function bindDialog(view, dialog) {
  if (!dialog) return null;
  const choices = dialog.querySelector(".mx-variant-choices");
  const error = dialog.querySelector(".mx-variant-error");
  const form = dialog.querySelector(".mx-variant-custom");
  const width = form.querySelector("[name=width]");
  const height = form.querySelector("[name=height]");
  const status = dialog.querySelector(".mx-variant-status");
  const buttons = V.SHAPES.map((shape) => {
    const sizeLabel = h("span", { class: "mx-variant-choice-size" });
    const button = h(
      "button",
      { type: "button", class: "mx-size-choice mx-variant-choice", dataset: { shape: shape.key } },
      h("span", {
        class: "mx-size-shape",
        "aria-hidden": "true",
        style: `aspect-ratio: ${shape.across} / ${shape.down}`,
      }),
      h("strong", {}, SHAPE_LABELS()[shape.key]),
      " ",
      sizeLabel,
    );
    button.addEventListener("click", () => {
      const size = V.sizeFor(shape, D.canvasSize(view.getState().main));
      add(size.width, size.height, shape.name);
    });
    return { shape, button, sizeLabel };
  });
  choices.replaceChildren(...buttons.map((entry) => h("li", {}, entry.button)));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    const w = Number(width.value);
    const hgt = Number(height.value);
    add(w, hgt, `${w}x${hgt}`);
  });
  dialog.querySelector(".mx-variant-cancel").addEventListener("click", () => dialog.close());

  let busy = false;
  async function add(w, hgt, wanted) {
    if (busy) return;
    busy = true;
    error.hidden = true;
    status.textContent = gettext("Laying the picture out again for this screen…");
    dialog.querySelectorAll("button").forEach((button) => {
      button.disabled = true;
    });
    try {
      const state = view.getState();
      const result = await reflowDocument(state.main, w, hgt);
      const name = V.uniqueName(wanted, view.getState().variants);
      view.dispatch({ type: "addVariant", name, document: result.document });
      dialog.close();
    } catch (failure) {
      error.textContent = interpolate(gettext("The variant could not be made: %s"), [failure.message]);
      error.hidden = false;
    } finally {
      busy = false;
      status.textContent = "";
      dialog.querySelectorAll("button").forEach((button) => {
        button.disabled = false;
      });
    }
  }
  return { dialog, buttons, error, width, height };
}

/** The dialog, its sizes those of a variant of the main picture as it is now. */
function openDialog(view) {
  const parts = view.dialog;
  if (!parts) return;
  const main = D.canvasSize(view.getState().main);
  for (const { shape, sizeLabel } of parts.buttons) {
    const size = V.sizeFor(shape, main);
    sizeLabel.textContent = `${size.width} × ${size.height}`;
  }
  // A custom size starts as the main picture turned on its side.
  parts.width.value = String(main.h);
  parts.height.value = String(main.w);
  parts.error.hidden = true;
  parts.dialog.showModal();
  parts.buttons[0].button.focus();
}

export function drawVariantsView(view, state) {
  drawLegs(view, state);
  if (view.applyAll) {
    view.applyAll.hidden = state.variants.length === 0;
    view.applyToggle.checked = state.applyAll;
  }
  if (view.panel) drawVariantPanel(view, state);
}
