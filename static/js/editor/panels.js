// The inspector beside the canvas: with nothing selected, the whole output
// (size, background, template, layout generators); with a selection, its fields,
// name and flags. Every control reads its value from the state and commits through
// dispatch; labels and ranges come from the API contract the page embeds
// (contract.js). A field shows the problems whose path is its own.

import * as C from "./contract.js";
import * as D from "./doc.js";
import * as G from "./geometry.js";
import { defaultTitle } from "./layers.js";
import { fixFor } from "./validation.js";
import { h, uid } from "../common/dom.js";

const { gettext, interpolate } = window;

const RESOLUTIONS = [
  [1920, 1080],
  [1280, 720],
  [960, 540],
  [720, 1280],
  [1080, 1920],
];

/** `pickAsset()` resolves with the URL of an image chosen from the library (or null). */
export function createPanels(panelRoot, { dispatch, getState, pickAsset = null }) {
  const view = {
    dispatch,
    getState,
    pickAsset,
    controls: [],
    inspector: [],
    inspectorKey: null,
  };
  buildPanel(view, panelRoot);
  return view;
}

// ---- controls --------------------------------------------------------------------

/**
 * One labelled control bound to the state.
 * opts: {label, shape, name (schema field), type: number|text|select|checkbox|colour,
 *        read(state), commit(value) -> action|null, path (problem path), optional,
 *        options: [[value, text]], extraRange, list (the registry to add to)}
 */
function control(view, opts) {
  const spec = opts.shape ? C.field(opts.shape, opts.name) : {};
  const id = uid("mx-f");
  const hintId = `${id}-hint`;
  const problemId = `${id}-problem`;
  const help = spec.help || "";
  let input;
  let colourText = null;
  const type = opts.type || "number";
  if (type === "select") {
    const values = opts.options || (spec.choices || []).map((value) => [value, C.choiceText(spec, value)]);
    // Fields from the schema may be absent from the document: "" stands for absent.
    const absent = opts.options
      ? []
      : [
          [
            "",
            spec.default !== undefined && spec.default !== null
              ? interpolate(gettext("Not set (default %s)"), [C.choiceText(spec, spec.default)])
              : gettext("Not set"),
          ],
        ];
    input = h(
      "select",
      { id },
      [...absent, ...values].map(([value, text]) => h("option", { value: String(value) }, text)),
    );
    input.dataset.numeric = values.every(([value]) => typeof value === "number") ? "1" : "";
  } else if (type === "checkbox") {
    input = h("input", { id, type: "checkbox" });
  } else if (type === "colour") {
    input = h("input", { id, type: "color" });
    colourText = h("input", {
      type: "text",
      class: "mx-colour-text",
      size: "9",
      pattern: C.constants().colour_pattern,
      "aria-label": interpolate(gettext("%s as 0xRRGGBB"), [opts.label]),
      spellcheck: "false",
    });
  } else if (type === "text") {
    input = h("input", {
      id,
      type: "text",
      spellcheck: "false",
      autocomplete: "off",
      placeholder: opts.placeholder || null,
    });
  } else {
    input = h("input", { id, type: "number", inputmode: "numeric" });
    if (spec.minimum !== undefined) input.min = String(spec.minimum);
    if (spec.maximum !== undefined) input.max = String(spec.maximum);
  }
  if (opts.path) input.dataset.path = opts.path;
  const range =
    type === "number"
      ? C.rangeText(spec, opts.extraRange)
      : spec.rule && /^R\d+$/.test(spec.rule)
        ? `(${spec.rule})`
        : "";
  const hint = h("small", { class: "mx-hint", id: hintId }, range);
  const problem = h("div", { class: "mx-field-problem", id: problemId, hidden: true });
  input.setAttribute("aria-describedby", `${hintId} ${problemId}`);
  const label = h("label", { for: id, title: help || null }, opts.label);
  // An image URL can be picked from the asset library (or uploaded there) instead of typed.
  const picker =
    type === "text" && spec.kind === C.constants().field_kinds.image_url && view.pickAsset
      ? h(
          "button",
          {
            type: "button",
            class: "mx-pick-asset",
            title: gettext("Choose an image from the asset library, or upload one"),
            "aria-label": interpolate(gettext("Choose %s from the library"), [opts.label]),
            onclick: async () => {
              const url = await view.pickAsset();
              if (url) commit(url);
            },
          },
          gettext("Library…"),
        )
      : null;
  const wrapper = h(
    "div",
    { class: `mx-field mx-field-${type}${picker ? " mx-field-picker" : ""}` },
    type === "checkbox" ? [input, label] : [label, input],
    picker,
    colourText,
    hint,
    problem,
  );
  const entry = { input, colourText, type, opts, problem, wrapper };
  const commit = (raw) => {
    const value = parseValue(entry, raw);
    if (value === INVALID) {
      drawControl(entry, view.getState());
      return;
    }
    const action = opts.commit(value);
    if (action) view.dispatch(action);
    else drawControl(entry, view.getState());
  };
  if (type === "checkbox") input.addEventListener("change", () => commit(input.checked));
  else if (type === "colour") {
    input.addEventListener("change", () => commit(C.apiColour(input.value)));
    colourText.addEventListener("change", () => commit(colourText.value.trim()));
  } else input.addEventListener("change", () => commit(input.value));
  (opts.list || view.controls).push(entry);
  return wrapper;
}

const INVALID = Symbol("invalid");

function parseValue(entry, raw) {
  const { type, opts, input } = entry;
  if (type === "checkbox") return raw;
  if (type === "colour") return C.colourPattern().test(raw) ? raw : raw === "" && opts.optional ? undefined : INVALID;
  if (type === "select") {
    if (raw === "") return undefined;
    return input.dataset.numeric ? Number(raw) : raw;
  }
  if (type === "text") return raw === "" && opts.optional ? undefined : raw;
  if (raw === "" || raw === null) return opts.optional ? undefined : INVALID;
  const number = Number(raw);
  return Number.isFinite(number) ? Math.round(number) : INVALID;
}

function drawControl(entry, state) {
  const { input, colourText, type, opts } = entry;
  const value = opts.read(state);
  if (type === "checkbox") {
    input.checked = Boolean(value);
  } else if (type === "colour") {
    if (document.activeElement !== colourText) colourText.value = value ?? "";
    input.value = C.hexColour(value, "#000000");
  } else if (document.activeElement !== input || type === "select") {
    const text = value === undefined || value === null ? "" : String(value);
    if (input.value !== text) input.value = text;
  }
  if (opts.hidden) entry.wrapper.hidden = Boolean(opts.hidden(state));
  if (!opts.path) return;
  const mine = state.problems.filter((p) => p.path === opts.path);
  const message = mine.map((p) => `${p.message} (${p.rule})`).join(" ");
  const error = mine.some((p) => p.severity === "error");
  input.setAttribute("aria-invalid", String(error));
  entry.wrapper.classList.toggle("mx-invalid", error);
  entry.wrapper.classList.toggle("mx-warned", mine.length > 0 && !error);
  entry.problem.hidden = !message;
  entry.problem.textContent = message;
}

function button(text, onclick, attrs = {}) {
  return h("button", { type: "button", onclick, ...attrs }, text);
}

function section(title, ...children) {
  const headingId = uid("mx-h");
  return h(
    "section",
    { class: "mx-section", "aria-labelledby": headingId },
    h("h2", { id: headingId }, title),
    ...children,
  );
}

// ---- the side panel ------------------------------------------------------------------

function buildPanel(view, root) {
  const docControl = (opts) =>
    control(view, {
      ...opts,
      path: opts.path || opts.docPath.join("."),
      read: opts.read || ((state) => D.getIn(state.doc, opts.docPath)),
      commit: opts.commit || ((value) => ({ type: "setDocField", path: opts.docPath, value })),
    });

  // The selection's fields, or (nothing selected) the whole output's.
  view.inspectorRoot = h("div", { class: "mx-inspector" });
  view.selectionSection = section(gettext("Selection"), view.inspectorRoot);
  root.append(view.selectionSection);
  const docRoot = h("div", { class: "mx-doc-panel" });
  view.docRoot = docRoot;
  root.append(docRoot);

  // Output
  view.resolution = h(
    "select",
    { id: "mx-resolution" },
    RESOLUTIONS.map(([w, hgt]) => h("option", { value: `${w}x${hgt}` }, `${w} × ${hgt}`)),
    h("option", { value: "custom" }, gettext("Custom")),
  );
  view.scaleLayout = h("input", { type: "checkbox", id: "mx-scale-layout", checked: true });
  view.resolution.addEventListener("change", () => {
    if (view.resolution.value === "custom") {
      view.customSize.querySelector("input").focus();
      return;
    }
    const [width, height] = view.resolution.value.split("x").map(Number);
    view.dispatch({ type: "resizeCanvas", width, height, scale: view.scaleLayout.checked });
  });
  const sizeControl = (name, label) =>
    docControl({
      label,
      shape: "VideoEncode",
      name,
      docPath: ["VideoEncode", name],
      commit: (value) => {
        const size = D.canvasSize(view.getState().doc);
        const width = name === "Width" ? value : size.w;
        const height = name === "Height" ? value : size.h;
        return { type: "resizeCanvas", width, height, scale: view.scaleLayout.checked };
      },
    });
  view.customSize = h(
    "div",
    { class: "mx-grid2" },
    sizeControl("Width", gettext("Width")),
    sizeControl("Height", gettext("Height")),
  );
  docRoot.append(
    section(
      gettext("Output"),
      h("div", { class: "mx-field" }, h("label", { for: "mx-resolution" }, gettext("Resolution")), view.resolution),
      view.customSize,
      h(
        "div",
        { class: "mx-field mx-field-checkbox" },
        view.scaleLayout,
        h("label", { for: "mx-scale-layout" }, gettext("Scale the layout when the resolution changes")),
      ),
      h(
        "div",
        { class: "mx-grid3" },
        docControl({
          label: gettext("Frame rate"),
          shape: "VideoEncode",
          name: "Fps",
          docPath: ["VideoEncode", "Fps"],
        }),
        docControl({
          label: gettext("Bitrate (kbps)"),
          shape: "VideoEncode",
          name: "BitRate",
          docPath: ["VideoEncode", "BitRate"],
        }),
        docControl({ label: gettext("GOP (s)"), shape: "VideoEncode", name: "Gop", docPath: ["VideoEncode", "Gop"] }),
      ),
    ),
  );

  // Background
  docRoot.append(
    section(
      gettext("Background"),
      docControl({
        label: gettext("Colour"),
        type: "colour",
        shape: "McuVideoParams",
        name: "BackGroundColor",
        docPath: ["BackGroundColor"],
        optional: true,
      }),
      docControl({
        label: gettext("Image URL"),
        type: "text",
        shape: "McuVideoParams",
        name: "BackgroundImageUrl",
        docPath: ["BackgroundImageUrl"],
        optional: true,
      }),
      docControl({
        label: gettext("Image fit"),
        type: "select",
        shape: "McuVideoParams",
        name: "BackgroundRenderMode",
        docPath: ["BackgroundRenderMode"],
      }),
    ),
  );

  // Template
  const mode = (state) => D.layoutMode(state.doc);
  const mvu = ["LayoutParams", "MaxVideoUser", "UserMediaStream"];
  docRoot.append(
    section(
      gettext("Template"),
      docControl({
        label: gettext("Layout"),
        type: "select",
        shape: "McuLayoutParams",
        name: "MixLayoutMode",
        docPath: ["LayoutParams", "MixLayoutMode"],
      }),
      docControl({
        label: gettext("Audio-only users"),
        type: "select",
        shape: "McuLayoutParams",
        name: "PureAudioHoldPlaceMode",
        docPath: ["LayoutParams", "PureAudioHoldPlaceMode"],
        hidden: (s) => C.isCustomMode(mode(s)),
      }),
      docControl({
        label: gettext("Picture fill"),
        type: "select",
        shape: "McuLayoutParams",
        name: "RenderMode",
        docPath: ["LayoutParams", "RenderMode"],
        hidden: (s) => C.isCustomMode(mode(s)),
      }),
      docControl({
        label: gettext("Keep the inputs' SEI (EnableStreamSEI)"),
        type: "select",
        shape: "McuLayoutParams",
        name: "EnableStreamSEI",
        docPath: ["LayoutParams", "EnableStreamSEI"],
        hidden: (s) => !C.hasEffect("EnableStreamSEI", mode(s)),
      }),
      h(
        "fieldset",
        { class: "mx-fieldset", "data-when": "max-video-user" },
        h("legend", {}, gettext("Big-picture user (MaxVideoUser)")),
        docControl({
          label: gettext("User ID"),
          type: "text",
          shape: "MixUserInfo",
          name: "UserId",
          docPath: [...mvu, "UserInfo", "UserId"],
          optional: true,
          commit: (value) => ({
            type: "setDocField",
            path: value === undefined ? ["LayoutParams", "MaxVideoUser"] : [...mvu, "UserInfo", "UserId"],
            value,
          }),
        }),
        docControl({
          label: gettext("Room ID"),
          type: "text",
          shape: "MixUserInfo",
          name: "RoomId",
          docPath: [...mvu, "UserInfo", "RoomId"],
          optional: true,
        }),
        docControl({
          label: gettext("Room ID type"),
          type: "select",
          shape: "MixUserInfo",
          name: "RoomIdType",
          docPath: [...mvu, "UserInfo", "RoomIdType"],
        }),
        docControl({
          label: gettext("Stream"),
          type: "select",
          shape: "UserMediaStream",
          name: "StreamType",
          docPath: [...mvu, "StreamType"],
        }),
      ),
      h(
        "p",
        { class: "mx-note", "data-when": "dynamic" },
        gettext("The template places the pictures by join order; slots are used only by the custom layout (R38)."),
      ),
    ),
  );

  view.whenElements = [...docRoot.querySelectorAll("[data-when]")];

  // Generators
  docRoot.append(buildGenerators(view));
}

// ---- generators ----------------------------------------------------------------------

// The generators' own bounds, [least, most]: the editor's choice, not the API's.
const GRID_SIDE = [1, 4]; // rows or columns of a generated grid
const PIP_PERCENT = [5, 90]; // the small pictures' size, % of the canvas
// A gap or a margin: as far as a slot may sit from the canvas's edge (R41, R35).
const pixels = () => [C.field("McuLayout", "LocationX").minimum, C.constants().max_canvas_side];
// How many slots a generator lays out besides (or with) the large one (R37).
const smallPictures = () => [1, C.maxSlots() - 1];
const pictures = () => [1, C.maxSlots()];

function numberInput(label, value, [min, max] = pixels()) {
  const id = uid("mx-g");
  const input = h("input", { id, type: "number", min: String(min), max: String(max), value: String(value) });
  return { input, field: h("div", { class: "mx-field" }, h("label", { for: id }, label), input) };
}

const within = (value, [least, most]) => Math.min(most, Math.max(least, value));

function selectInput(label, options) {
  const id = uid("mx-g");
  const input = h(
    "select",
    { id },
    options.map(([value, text]) => h("option", { value }, text)),
  );
  return { input, field: h("div", { class: "mx-field" }, h("label", { for: id }, label), input) };
}

function buildGenerators(view) {
  const apply = (make) => () => {
    const canvas = D.canvasSize(view.getState().doc);
    view.dispatch({ type: "generate", rects: make(canvas) });
  };
  const n = (field) => Math.max(0, Math.round(Number(field.input.value) || 0));
  const rows = numberInput(gettext("Rows"), 2, GRID_SIDE);
  const cols = numberInput(gettext("Columns"), 2, GRID_SIDE);
  const gap = numberInput(gettext("Gap (px)"), 0);
  const margin = numberInput(gettext("Margin (px)"), 0);
  const corners = [
    ["se", gettext("Bottom right")],
    ["sw", gettext("Bottom left")],
    ["ne", gettext("Top right")],
    ["nw", gettext("Top left")],
  ];
  const corner = selectInput(gettext("Corner"), corners);
  // xgettext:no-javascript-format ("% o" here is a percent sign, not a placeholder)
  const pipSize = numberInput(gettext("Size (% of the canvas)"), 30, PIP_PERCENT);
  const pipMargin = numberInput(gettext("Margin (px)"), 24);
  const pipCount = numberInput(gettext("Small pictures"), 1, smallPictures());
  const stripCount = numberInput(gettext("Small pictures"), 3, smallPictures());
  const stripSide = selectInput(gettext("Strip side"), [
    ["right", gettext("Right")],
    ["bottom", gettext("Bottom")],
  ]);
  const stripGap = numberInput(gettext("Gap (px)"), 0);
  const stackCount = numberInput(gettext("Pictures"), 3, pictures());
  const stackGap = numberInput(gettext("Gap (px)"), 0);
  const generator = (title, fields, onApply, label) =>
    h(
      "fieldset",
      { class: "mx-fieldset" },
      h("legend", {}, title),
      h(
        "div",
        { class: "mx-grid2" },
        fields.map((f) => f.field),
      ),
      button(label, onApply),
    );
  return section(
    gettext("Layout generators"),
    h(
      "p",
      { class: "mx-note" },
      gettext("A generator replaces the slots' positions; the users bound to the first slots stay bound."),
    ),
    generator(
      gettext("Grid"),
      [rows, cols, gap, margin],
      apply((c) =>
        G.gridLayout(c, {
          rows: Math.max(GRID_SIDE[0], n(rows)),
          cols: Math.max(GRID_SIDE[0], n(cols)),
          gap: n(gap),
          margin: n(margin),
        }),
      ),
      gettext("Apply grid"),
    ),
    generator(
      gettext("Picture in picture"),
      [corner, pipCount, pipSize, pipMargin],
      apply((c) =>
        G.pipLayout(c, {
          corner: corner.input.value,
          size: within(n(pipSize), PIP_PERCENT) / 100,
          margin: n(pipMargin),
          count: within(n(pipCount), smallPictures()),
        }),
      ),
      gettext("Apply picture in picture"),
    ),
    generator(
      gettext("One large and a strip"),
      [stripCount, stripSide, stripGap],
      apply((c) =>
        G.stripLayout(c, {
          count: within(n(stripCount), smallPictures()),
          side: stripSide.input.value,
          gap: n(stripGap),
        }),
      ),
      gettext("Apply large and strip"),
    ),
    generator(
      gettext("Portrait stack"),
      [stackCount, stackGap],
      apply((c) => G.stackLayout(c, { count: within(n(stackCount), pictures()), gap: n(stackGap) })),
      gettext("Apply stack"),
    ),
  );
}

// ---- the inspector -------------------------------------------------------------------

function buildInspector(view, state) {
  view.inspector = [];
  const root = view.inspectorRoot;
  const ids = state.selection;
  if (ids.length === 0) {
    view.elementProblems = null;
    root.replaceChildren(
      h("p", { class: "mx-note" }, gettext("Select a slot or watermark on the canvas or in the layers list.")),
    );
    return;
  }
  if (ids.length > 1) {
    view.elementProblems = null;
    root.replaceChildren(
      h(
        "p",
        {},
        interpolate(gettext("%s elements selected. Use the toolbar to align, spread or order them."), [ids.length]),
      ),
    );
    return;
  }
  const id = ids[0];
  const { kind, index } = D.parseId(id);
  const base = D.formatPath(D.elementPath(id));
  const el = (state) => D.getElement(state.doc, id) || {};
  const field = (opts) => {
    const rel = opts.rel;
    return control(view, {
      list: view.inspector,
      path: `${base}.${D.formatPath(rel)}`,
      read: (state) => D.getIn(el(state), rel),
      commit: (value) => ({ type: "setField", id, path: rel, value }),
      ...opts,
    });
  };
  const lock = control(view, {
    list: view.inspector,
    label: gettext("Locked on the canvas"),
    type: "checkbox",
    read: (state) => state.locked.includes(id),
    commit: () => ({ type: "toggleLock", ids: [id] }),
  });
  const hidden = control(view, {
    list: view.inspector,
    label: gettext("Hidden in the editor (the cloud still draws it)"),
    type: "checkbox",
    read: (state) => state.hidden.includes(id),
    commit: () => ({ type: "toggleHidden", ids: [id] }),
  });
  const item = D.listElements(state.doc).find((entry) => entry.id === id);
  const name = control(view, {
    list: view.inspector,
    label: gettext("Name (in Mix Studio only, never sent)"),
    type: "text",
    optional: true,
    placeholder: item ? defaultTitle(item) : "",
    read: (state) => state.names[id] || "",
    commit: (value) => ({ type: "rename", id, name: value || "" }),
  });
  const actions = h(
    "div",
    { class: "mx-actions" },
    button(gettext("Duplicate"), () => view.dispatch({ type: "duplicateSelection" })),
    button(gettext("Delete"), () => view.dispatch({ type: "deleteSelection" }), { class: "mx-danger" }),
  );
  view.elementProblems = h("ul", { class: "mx-element-problems" });
  view.elementProblemsKey = null;
  if (kind === D.SLOT) {
    root.replaceChildren(
      h("h3", {}, interpolate(gettext("Slot %s"), [index + 1])),
      view.elementProblems,
      name,
      ...slotFields(view, state, id, field),
      hidden,
      lock,
      actions,
    );
  } else {
    const bodyKey = D.watermarkBodyKey(el(state));
    const title = bodyKey === "WaterMarkText" ? gettext("Text watermark %s") : gettext("Image watermark %s");
    root.replaceChildren(
      h("h3", {}, interpolate(title, [index + 1])),
      view.elementProblems,
      name,
      ...watermarkFields(view, bodyKey, field),
      hidden,
      lock,
      actions,
    );
  }
}

/** Every problem of the selected element, in full, above its fields. */
function drawElementProblems(view, state) {
  if (!view.elementProblems) return;
  const id = state.selection.length === 1 ? state.selection[0] : null;
  const mine = id ? state.problems.filter((p) => D.elementIdForPath(p.path) === id) : [];
  const key = JSON.stringify(mine);
  if (key === view.elementProblemsKey) return;
  view.elementProblemsKey = key;
  view.elementProblems.replaceChildren(
    ...mine.map((p) => h("li", { class: `mx-${p.severity}` }, `${p.message} (${p.rule}) `, fixFor(view, p))),
  );
}

function geometryFields(field, shape, keys, rel = []) {
  const labels = [gettext("X"), gettext("Y"), gettext("Width"), gettext("Height")];
  return h(
    "div",
    { class: "mx-grid4" },
    keys.map((name, i) => field({ label: labels[i], shape, name, rel: [...rel, name] })),
  );
}

function slotFields(view, state, id, field) {
  const element = (s) => D.getElement(s.doc, id) || {};
  const bound = (s) => Boolean(element(s).UserMediaStream);
  const info = ["UserMediaStream", "UserInfo"];
  const replace = (change) => (value) => ({
    type: "setField",
    id,
    path: [],
    value: change(element(view.getState()), value),
  });
  const source = control(view, {
    list: view.inspector,
    label: gettext("Shows"),
    type: "select",
    options: [
      ["auto", gettext("Auto-fill: the next user to join")],
      ["user", gettext("A chosen user")],
    ],
    read: (s) => (bound(s) ? "user" : "auto"),
    commit: replace((slot, value) => {
      if (value === "auto") return D.setIn(slot, ["UserMediaStream"], undefined);
      return { ...slot, UserMediaStream: { UserInfo: { UserId: "" }, StreamType: C.constants().stream_types.camera } };
    }),
  });
  const whenBound = { hidden: (s) => !bound(s) };
  const crop = (s) => Boolean(element(s).CustomCrop);
  const custom = (s) =>
    element(s).BackgroundRenderMode === C.constants().custom_placeholder_mode ||
    Boolean(element(s).BackgroundCustomRender);
  return [
    geometryFields(field, "McuLayout", ["LocationX", "LocationY", "ImageWidth", "ImageHeight"]),
    field({ label: gettext("Layer (ZOrder)"), shape: "McuLayout", name: "ZOrder", rel: ["ZOrder"], optional: true }),
    h(
      "fieldset",
      { class: "mx-fieldset" },
      h("legend", {}, gettext("User")),
      source,
      field({
        label: gettext("User ID"),
        type: "text",
        shape: "MixUserInfo",
        name: "UserId",
        rel: [...info, "UserId"],
        ...whenBound,
      }),
      field({
        label: gettext("Room ID"),
        type: "text",
        shape: "MixUserInfo",
        name: "RoomId",
        rel: [...info, "RoomId"],
        optional: true,
        ...whenBound,
      }),
      field({
        label: gettext("Room ID type"),
        type: "select",
        shape: "MixUserInfo",
        name: "RoomIdType",
        rel: [...info, "RoomIdType"],
        ...whenBound,
      }),
      field({
        label: gettext("Stream"),
        type: "select",
        shape: "UserMediaStream",
        name: "StreamType",
        rel: ["UserMediaStream", "StreamType"],
        ...whenBound,
      }),
    ),
    field({
      label: gettext("Video fill"),
      type: "select",
      shape: "McuLayout",
      name: "RenderMode",
      rel: ["RenderMode"],
    }),
    field({
      label: gettext("Keep this input's SEI (EnableStreamSEI)"),
      type: "select",
      shape: "McuLayout",
      name: "EnableStreamSEI",
      rel: ["EnableStreamSEI"],
    }),
    h(
      "fieldset",
      { class: "mx-fieldset" },
      h("legend", {}, gettext("Crop of the input")),
      control(view, {
        list: view.inspector,
        label: gettext("Crop the input before placing it"),
        type: "checkbox",
        read: crop,
        commit: replace((slot, on) => {
          return on
            ? {
                ...slot,
                CustomCrop: { LocationX: 0, LocationY: 0, Width: slot.ImageWidth || 1, Height: slot.ImageHeight || 1 },
              }
            : D.setIn(slot, ["CustomCrop"], undefined);
        }),
      }),
      h(
        "div",
        { class: "mx-grid4" },
        ["LocationX", "LocationY", "Width", "Height"].map((name, i) =>
          field({
            label: [gettext("X"), gettext("Y"), gettext("Width"), gettext("Height")][i],
            shape: "McuCustomCrop",
            name,
            rel: ["CustomCrop", name],
            hidden: (s) => !crop(s),
          }),
        ),
      ),
    ),
    h(
      "fieldset",
      { class: "mx-fieldset" },
      h("legend", {}, gettext("Placeholder")),
      field({
        label: gettext("Placeholder image URL"),
        type: "text",
        shape: "McuLayout",
        name: "BackgroundImageUrl",
        rel: ["BackgroundImageUrl"],
        optional: true,
      }),
      field({
        label: gettext("Placeholder fit"),
        type: "select",
        shape: "McuLayout",
        name: "BackgroundRenderMode",
        rel: ["BackgroundRenderMode"],
        commit: replace((slot, value) => {
          const next = { ...slot, BackgroundRenderMode: value };
          if (value === C.constants().custom_placeholder_mode && !slot.BackgroundCustomRender) {
            next.BackgroundCustomRender = { Width: slot.ImageWidth || 1, Height: slot.ImageHeight || 1, Radius: 0 };
          }
          return next;
        }),
      }),
      h(
        "div",
        { class: "mx-grid3" },
        [
          ["Width", gettext("Width")],
          ["Height", gettext("Height")],
          ["Radius", gettext("Corner radius")],
        ].map(([name, label]) =>
          field({
            label,
            shape: "McuBackgroundCustomRender",
            name,
            rel: ["BackgroundCustomRender", name],
            optional: name === "Radius",
            hidden: (s) => !custom(s),
          }),
        ),
      ),
      field({
        label: gettext("Mask URL (PNG, TransparentUrl)"),
        type: "text",
        shape: "McuLayout",
        name: "TransparentUrl",
        rel: ["TransparentUrl"],
        optional: true,
      }),
      field({
        label: gettext("Slot colour shows"),
        type: "select",
        shape: "McuLayout",
        name: "BackGroundColorMode",
        rel: ["BackGroundColorMode"],
      }),
    ),
  ];
}

// A watermark turned from image to text (or back) keeps its place, size and layer.
function switchedWatermark(mark, type) {
  const types = C.constants().watermark_types;
  const from = D.watermarkBodyKey(mark);
  const to = type === types.text ? "WaterMarkText" : "WaterMarkImage";
  if (from === to) return mark;
  const old = mark[from] || {};
  const kept = {};
  for (const name of ["LocationX", "LocationY", "WaterMarkWidth", "WaterMarkHeight", "ZOrder"]) {
    if (name in old) kept[name] = old[name];
  }
  const spec = C.field("McuWaterMarkText", "FontSize");
  const body =
    to === "WaterMarkText"
      ? { Text: "", FontSize: Math.max(spec.minimum || 1, Math.round((old.WaterMarkHeight || 0) * 0.6)), ...kept }
      : { WaterMarkUrl: "", ...kept };
  const next = { ...mark, WaterMarkType: type, [to]: body };
  delete next[from];
  return next;
}

function watermarkKind(view, field) {
  const types = C.constants().watermark_types;
  return field({
    label: gettext("Kind"),
    type: "select",
    rel: ["WaterMarkType"],
    options: [
      [types.image, gettext("Image")],
      [types.text, gettext("Text")],
    ],
    read: (s) => D.getIn(D.getElement(s.doc, s.selection[0]) || {}, ["WaterMarkType"]) ?? types.image,
    commit: (value) => {
      const id = view.getState().selection[0];
      const mark = D.getElement(view.getState().doc, id) || {};
      return { type: "setField", id, path: [], value: switchedWatermark(mark, value) };
    },
  });
}

function watermarkFields(view, bodyKey, field) {
  const shape = bodyKey === "WaterMarkText" ? "McuWaterMarkText" : "McuWaterMarkImage";
  const rel = (name) => [bodyKey, name];
  const common = [
    geometryFields(field, shape, ["LocationX", "LocationY", "WaterMarkWidth", "WaterMarkHeight"], [bodyKey]),
    field({ label: gettext("Layer (ZOrder)"), shape, name: "ZOrder", rel: rel("ZOrder"), optional: true }),
    field({ label: gettext("Motion"), type: "select", shape, name: "DynamicPosType", rel: rel("DynamicPosType") }),
  ];
  if (bodyKey === "WaterMarkImage") {
    return [
      watermarkKind(view, field),
      field({ label: gettext("Image URL"), type: "text", shape, name: "WaterMarkUrl", rel: rel("WaterMarkUrl") }),
      ...common,
    ];
  }
  return [
    watermarkKind(view, field),
    field({ label: gettext("Text"), type: "text", shape, name: "Text", rel: rel("Text") }),
    h(
      "div",
      { class: "mx-grid2" },
      field({ label: gettext("Font size (px)"), shape, name: "FontSize", rel: rel("FontSize") }),
      field({ label: gettext("Font"), type: "select", shape, name: "Font", rel: rel("Font") }),
    ),
    field({
      label: gettext("Text colour"),
      type: "colour",
      shape,
      name: "FontColor",
      rel: rel("FontColor"),
      optional: true,
    }),
    field({
      label: gettext("Box colour (empty = transparent)"),
      type: "colour",
      shape,
      name: "BackGroundColor",
      rel: rel("BackGroundColor"),
      optional: true,
    }),
    ...common,
  ];
}

// ---- drawing -------------------------------------------------------------------------

export function drawPanels(view, state) {
  const size = D.canvasSize(state.doc);
  const preset = `${size.w}x${size.h}`;
  const known = RESOLUTIONS.some(([w, hgt]) => `${w}x${hgt}` === preset);
  if (document.activeElement !== view.resolution) view.resolution.value = known ? preset : "custom";
  const mode = D.layoutMode(state.doc);
  for (const el of view.whenElements) {
    el.hidden = el.dataset.when === "dynamic" ? C.isCustomMode(mode) : !C.hasEffect("MaxVideoUser", mode);
  }
  const selected = state.selection.length > 0;
  view.docRoot.hidden = selected;
  view.selectionSection.hidden = !selected;
  for (const entry of view.controls) drawControl(entry, state);

  const key =
    state.selection.length === 1
      ? `${state.selection[0]}:${D.watermarkBodyKey(D.getElement(state.doc, state.selection[0]) || {})}`
      : `n${state.selection.length}`;
  if (key !== view.inspectorKey) {
    view.inspectorKey = key;
    buildInspector(view, state);
  }
  for (const entry of view.inspector) drawControl(entry, state);
  drawElementProblems(view, state);
}
