// The editor's state and its one reducer. State is plain data; `reduce` is pure:
// it never mutates its input and never touches the DOM or the network.
//
// state = {
//   doc            the VideoParams document being edited (the API's JSON)
//   saved          {doc, meta} as last loaded or saved, to tell unsaved changes
//   meta           {name, description, tags}
//   preset         {id, version} of the saved preset, or null for a new one
//   history        undo/redo stacks of documents (history.js)
//   selection      element ids: "slot:<index>" and "wm:<index>"
//   locked         ids of elements that cannot be moved or resized on the canvas
//   hidden         ids of elements not drawn on the canvas (the cloud still draws them)
//   names          {id: name} the producer gave elements
//   guides         [{axis: "x"|"y", at}] guide lines in output pixels
//                  (locked, hidden, names and guides are the preset's `meta`: kept
//                  with the preset, never part of the document sent to the cloud)
//   view           {rulers, safeArea: "off"|"broadcast"|"vertical"}
//   clipboard      copied element objects, or null
//   problems       validation problems [{path, rule, severity, message}]
//   participants   simulated room users for the preview, in join order
//   participantsCustom  false while participants are the ones the server imagines for
//                  the document (from its regions answer)
//   mainRoom       {RoomId, RoomIdType} of a task's own room (its people fill auto-fill
//                  slots), or null: the first participant's
//   liveRoom       on a task page, who is in the task's room as the server has it
//                  (GET room/), or null
//   followRoom     true while the participants are that room
//   regions        template regions of a dynamic layout, from the server
//   sei            the volume-layout SEI of the same answer (what the room makes of it)
//   zoom           "fit" or a scale factor; snap: {enabled, grid}
//   request        the preset's request as the server keeps it (null for a new preset):
//                  the scenario is saved into its own part
//   scenario       the scenario being edited (timeline.js), or null; saved with the
//                  preset as request.MixStudio.Scenario; its edits are undo steps
//   moment         seconds into the scenario the strip is at
//   followScenario true while the participants are the room at `moment`, as the
//                  server answers it (POST /api/scenarios/room/)
//   scenarioSelection  the index of the event picked on the strip, or null
//   scenarioProblems   the scenario's problems, as the server named them
//   playback       {playing, speed}
//   rules          the auto-director's rules (director/rules.js), saved with the preset as
//                  request.MixStudio.Rules; its edits are undo steps
//   rulesProblems  the rules' problems, as the server named them
//   variants       the show's variants (variants.js): its picture at other sizes, each
//                  {name, VideoParams, PublishCdnParams, clean}; saved with the preset as
//                  request.MixStudio.Variants; their edits are undo steps
//   main           the show's own picture (the main leg), always current
//   active         the leg being edited: null for the main picture, else a variant's
//                  index. `doc` is always that leg's picture, and every tool edits it;
//                  each change is written back to `main` or the variant at once
//   applyAll       a change of a slot or a watermark goes to its twins (same index) in
//                  every leg too (variants.js spreadChange)
//   legProblems    each leg's problems, the main picture's first; `problems` are the
//                  active leg's
// }

import * as C from "./contract.js";
import * as D from "./doc.js";
import * as G from "./geometry.js";
import * as H from "./history.js";
import * as T from "./timeline.js";
import * as R from "../director/rules.js";
import * as V from "./variants.js";

const { SLOT, WATERMARK } = D;

export function initialState({
  document,
  preset = null,
  name = "",
  description = "",
  tags = [],
  layerMeta = null,
  mainRoom = null,
}) {
  const doc = document && typeof document === "object" ? document : {};
  const meta = { name, description, tags };
  const { safeArea, ...layers } = layersFromMeta(layerMeta || (preset && preset.meta) || {}, doc);
  const request = preset && preset.request && typeof preset.request === "object" ? preset.request : null;
  const scenario = T.scenarioOf(request);
  const rules = R.rulesOf(request);
  const variants = V.variantsOf(request);
  return {
    doc,
    saved: { doc, meta, layers, scenario, rules, variants },
    meta,
    preset: preset ? { id: preset.id, version: preset.version } : null,
    history: H.createHistory(),
    selection: [],
    ...layers,
    view: { rulers: true, safeArea },
    clipboard: null,
    problems: [],
    participants: [],
    participantsCustom: false,
    mainRoom,
    liveRoom: null,
    followRoom: true,
    regions: null,
    sei: null,
    zoom: "fit",
    snap: { enabled: true, grid: 0 },
    request,
    scenario,
    moment: 0,
    followScenario: false,
    scenarioSelection: null,
    scenarioProblems: [],
    playback: { playing: false, speed: T.SPEEDS[0] },
    rules,
    rulesProblems: [],
    variants,
    main: doc,
    active: null,
    applyAll: false,
    legProblems: [[], ...variants.map(() => [])],
  };
}

export function isDirty(state) {
  return (
    state.main !== state.saved.doc ||
    !V.sameVariants(state.variants, state.saved.variants) ||
    state.meta !== state.saved.meta ||
    state.scenario !== state.saved.scenario ||
    !R.sameRules(state.rules, state.saved.rules) ||
    JSON.stringify(savedLayers(state)) !== JSON.stringify(state.saved.layers)
  );
}

/**
 * The request to save with the preset: the one kept, with the scenario, the rules and
 * the variants in their own parts; undefined while these are as saved (the server
 * keeps the request as is).
 */
export function requestToSave(state) {
  if (
    state.scenario === state.saved.scenario &&
    R.sameRules(state.rules, state.saved.rules) &&
    V.sameVariants(state.variants, state.saved.variants)
  ) {
    return undefined;
  }
  const request = R.withRules(T.withScenario(state.request || {}, state.scenario), state.rules);
  return V.withVariants(request, state.variants);
}

/** The show's own picture (the preset's document), whichever leg is being edited. */
export function mainDocument(state) {
  return state.main;
}

/** The picture of a leg: null for the main picture, else a variant's index. */
export function legDocument(state, leg) {
  if (leg === null) return state.main;
  return state.variants[leg] ? state.variants[leg].VideoParams : undefined;
}

/** Where a leg's problems are in legProblems: the main picture's first. */
function legIndex(leg) {
  return leg === null ? 0 : leg + 1;
}

/**
 * Every leg's problems, each with its `leg` (null for the main picture, else the
 * variant's index) and `legName` (the variant's name, or null).
 */
export function everyProblem(state) {
  const out = [];
  (state.legProblems || [state.problems]).forEach((list, i) => {
    const leg = i === 0 ? null : i - 1;
    const name = leg === null ? null : state.variants[leg] ? state.variants[leg].name : null;
    for (const problem of list || []) out.push({ ...problem, leg, legName: name });
  });
  return out;
}

// ---- the preset's meta: what the editor keeps beside the document ------------------

const LAYER_KEYS = ["locked", "hidden", "names", "guides"];

/** The layers' own settings of `state`, as `saved` keeps them. */
export function layerSettings(state) {
  return savedLayers(state);
}

function savedLayers(state) {
  return { locked: state.locked, hidden: state.hidden, names: state.names, guides: state.guides };
}

/** The preset's `meta` as the server stores it (plain JSON, never sent to the cloud). */
export function metaOf(state) {
  const layers = {};
  const ids = new Set([...state.locked, ...state.hidden, ...Object.keys(state.names)]);
  for (const id of ids) {
    const entry = {};
    if (state.names[id]) entry.name = state.names[id];
    if (state.hidden.includes(id)) entry.hidden = true;
    if (state.locked.includes(id)) entry.locked = true;
    if (Object.keys(entry).length) layers[id] = entry;
  }
  return { layers, guides: state.guides, safe_area: state.view.safeArea };
}

/** {locked, hidden, names, guides, safeArea} from a preset's `meta`, for elements that exist. */
export function layersFromMeta(meta, doc) {
  // Slots of a dynamic template keep their settings for when the layout is custom again.
  const exists = new Set([
    ...D.slotList(doc).map((_, index) => D.makeId(SLOT, index)),
    ...D.watermarkList(doc).map((_, index) => D.makeId(WATERMARK, index)),
  ]);
  const layers = meta && typeof meta.layers === "object" && meta.layers ? meta.layers : {};
  const out = { locked: [], hidden: [], names: {}, guides: [], safeArea: "off" };
  for (const [id, entry] of Object.entries(layers)) {
    if (!exists.has(id) || !entry || typeof entry !== "object") continue;
    if (entry.locked === true) out.locked.push(id);
    if (entry.hidden === true) out.hidden.push(id);
    if (typeof entry.name === "string" && entry.name.trim()) out.names[id] = entry.name.trim();
  }
  if (Array.isArray(meta && meta.guides)) {
    out.guides = meta.guides
      .filter((g) => g && (g.axis === "x" || g.axis === "y") && Number.isFinite(g.at))
      .map((g) => ({ axis: g.axis, at: Math.round(g.at) }));
  }
  if (meta && ["broadcast", "vertical"].includes(meta.safe_area)) out.safeArea = meta.safe_area;
  return out;
}

/** What one undo step restores: the document, the layers' own settings and the scenario. */
function snapshotOf(state) {
  return {
    doc: state.doc,
    ...savedLayers(state),
    scenario: state.scenario,
    rules: state.rules,
    main: state.main,
    variants: state.variants,
    active: state.active,
  };
}

/** Whether what an undo step keeps beside the document (layers, scenario) is the same. */
function sameBesideDoc(a, b) {
  return (
    LAYER_KEYS.every((key) => a[key] === b[key]) &&
    a.scenario === b.scenario &&
    a.rules === b.rules &&
    a.main === b.main &&
    a.variants === b.variants
  );
}

/** Ids of every element that exists in the document (slots only in custom mode). */
function elementIds(doc) {
  return D.listElements(doc).map((item) => item.id);
}

// Actions that change the document; each makes one undo step.
const DOC_ACTIONS = {
  setRects,
  nudge,
  setField,
  setDocField,
  addSlot,
  addWatermark,
  deleteSelection,
  duplicateSelection,
  paste,
  zorder,
  align,
  distribute,
  generate,
  resizeCanvas,
  loadDocument,
  addImage,
  reorderLayer,
  fixZOrders,
  rename,
  toggleLock,
  toggleHidden,
  addGuide,
  moveGuide,
  removeGuide,
  setScenario,
  addScenarioEvent,
  moveScenarioEvent,
  updateScenarioEvent,
  removeScenarioEvent,
  setScenarioDuration,
  setRules,
  addVariant,
  removeVariant,
  renameVariant,
  setVariantClean,
  setVariantOutputs,
};

// Document actions that change slots and watermarks in place: with applyAll, their
// change goes to the twins in every other leg as well.
const SPREAD_ACTIONS = new Set(["setRects", "nudge", "setField", "align", "distribute"]);

// Actions that change only what is around the document.
const VIEW_ACTIONS = {
  select,
  selectAll,
  clearSelection,
  copySelection,
  setView,
  setMeta,
  saved,
  problems,
  regions,
  zoom,
  snap,
  addParticipant,
  removeParticipant,
  updateParticipant,
  moveParticipant,
  followLayout,
  taskRoom,
  followRoom,
  undo,
  redo,
  replaceFromServer,
  committed,
  seek,
  selectScenarioEvent,
  scenarioRoom,
  scenarioProblems,
  playback,
  rulesProblems,
  chooseLeg,
  setApplyAll,
};

export function reduce(state, action) {
  const docAction = DOC_ACTIONS[action.type];
  if (docAction) {
    let next = docAction(state, action);
    if (next !== state && next.doc !== state.doc) {
      next = keepLegs(state, next, state.applyAll && SPREAD_ACTIONS.has(action.type));
    }
    if (next === state || (next.doc === state.doc && sameBesideDoc(next, state))) return next;
    return afterDocChange(state, {
      ...next,
      history: H.record(state.history, snapshotOf(state), action.coalesce ?? null),
    });
  }
  const viewAction = VIEW_ACTIONS[action.type];
  if (!viewAction) throw new Error(`unknown action ${action.type}`);
  return viewAction(state, action);
}

/** What must follow any change of the document or scenario: valid selections. */
function afterDocChange(before, state) {
  const ids = new Set(elementIds(state.doc));
  const selection = state.selection.filter((id) => ids.has(id));
  const events = state.scenario && Array.isArray(state.scenario.events) ? state.scenario.events.length : 0;
  const picked = state.scenarioSelection;
  return {
    ...state,
    selection: selection.length === state.selection.length ? state.selection : selection,
    regions: D.layoutMode(state.doc) === D.layoutMode(before.doc) ? state.regions : null,
    scenarioSelection: picked !== null && picked < events ? picked : null,
    moment: Math.min(state.moment, T.durationOf(state.scenario)),
  };
}

/** `state` with the snapshot's document and layer settings (undo, redo). */
function restore(state, snapshot, history) {
  const { doc, ...layers } = snapshot;
  const next = { ...state, ...layers, doc, history };
  if (next.active !== state.active || next.variants.length !== state.variants.length) {
    // Back on another leg: its problems are shown, the regions asked again.
    const legProblems = [state.legProblems[0] || [], ...next.variants.map((_, i) => state.legProblems[i + 1] || [])];
    Object.assign(next, { legProblems, problems: legProblems[legIndex(next.active)], regions: null, sei: null });
  }
  return afterDocChange(state, next);
}

// ---- selection ---------------------------------------------------------------------

function select(state, { ids, mode = "replace" }) {
  let selection;
  if (mode === "toggle") {
    selection = state.selection.slice();
    for (const id of ids) {
      const at = selection.indexOf(id);
      if (at >= 0) selection.splice(at, 1);
      else selection.push(id);
    }
  } else if (mode === "add") {
    selection = [...state.selection, ...ids.filter((id) => !state.selection.includes(id))];
  } else {
    selection = ids.slice();
  }
  return { ...state, selection };
}

function selectAll(state) {
  return { ...state, selection: elementIds(state.doc) };
}

function clearSelection(state) {
  return state.selection.length ? { ...state, selection: [] } : state;
}

/** Every id in `ids` in the list, or (when all were) none of them. */
function toggled(list, ids) {
  if (ids.length === 0) return list;
  const all = ids.every((id) => list.includes(id));
  return all ? list.filter((id) => !ids.includes(id)) : [...list, ...ids.filter((id) => !list.includes(id))];
}

function toggleLock(state, { ids = state.selection }) {
  return { ...state, locked: toggled(state.locked, ids) };
}

/** Hidden in the editor only: the cloud draws the element all the same. */
function toggleHidden(state, { ids = state.selection }) {
  const hidden = toggled(state.hidden, ids);
  // A hidden element cannot be picked on the canvas, so it leaves the selection.
  const selection = state.selection.filter((id) => !hidden.includes(id) || !ids.includes(id));
  return { ...state, hidden, selection: selection.length === state.selection.length ? state.selection : selection };
}

function rename(state, { id, name }) {
  const names = { ...state.names };
  const clean = String(name ?? "").trim();
  if (clean) names[id] = clean;
  else delete names[id];
  return (state.names[id] || "") === clean ? state : { ...state, names };
}

/** What can move now: selected, not locked and not hidden. */
export function movableSelection(state) {
  return state.selection.filter((id) => !state.locked.includes(id) && !state.hidden.includes(id));
}

// ---- guides ------------------------------------------------------------------------

function guideAt(state, axis, at) {
  const canvas = D.canvasSize(state.doc);
  return Math.max(0, Math.min(axis === "x" ? canvas.w : canvas.h, Math.round(at)));
}

function addGuide(state, { axis, at }) {
  const guide = { axis, at: guideAt(state, axis, at) };
  if (state.guides.some((g) => g.axis === guide.axis && g.at === guide.at)) return state;
  return { ...state, guides: [...state.guides, guide] };
}

function moveGuide(state, { index, at }) {
  const guide = state.guides[index];
  if (!guide) return state;
  const moved = guideAt(state, guide.axis, at);
  if (moved === guide.at) return state;
  return { ...state, guides: state.guides.map((g, i) => (i === index ? { ...g, at: moved } : g)) };
}

function removeGuide(state, { index }) {
  if (!state.guides[index]) return state;
  return { ...state, guides: state.guides.filter((_, i) => i !== index) };
}

function setView(state, changes) {
  return { ...state, view: { ...state.view, ...fieldsOf(changes) } };
}

// ---- geometry edits ----------------------------------------------------------------

function setRects(state, { rects }) {
  let doc = state.doc;
  for (const [id, rect] of Object.entries(rects)) {
    if (!G.sameRect(rect, D.elementRect(doc, id))) doc = D.setElementRect(doc, id, rect);
  }
  return doc === state.doc ? state : { ...state, doc };
}

function nudge(state, { dx, dy }) {
  const ids = movableSelection(state);
  if (ids.length === 0) return state;
  const rects = ids.map((id) => D.elementRect(state.doc, id));
  const delta = G.clampDelta(rects, dx, dy, D.canvasSize(state.doc));
  if (delta.dx === 0 && delta.dy === 0) return state;
  const moved = Object.fromEntries(ids.map((id, i) => [id, G.translate(rects[i], delta.dx, delta.dy)]));
  return setRects(state, { rects: moved });
}

function align(state, { op }) {
  const ids = movableSelection(state);
  if (ids.length === 0) return state;
  const rects = ids.map((id) => D.elementRect(state.doc, id));
  const aligned = G.alignRects(rects, op, D.canvasSize(state.doc));
  return setRects(state, { rects: Object.fromEntries(ids.map((id, i) => [id, aligned[i]])) });
}

function distribute(state, { axis }) {
  const ids = movableSelection(state);
  const rects = ids.map((id) => D.elementRect(state.doc, id));
  const spread = G.distributeRects(rects, axis);
  return setRects(state, { rects: Object.fromEntries(ids.map((id, i) => [id, spread[i]])) });
}

// ---- field edits -------------------------------------------------------------------

/** A field of one element; `path` is relative to the element, `undefined` removes it. */
function setField(state, { id, path, value }) {
  const full = [...D.elementPath(id), ...path];
  if (D.getIn(state.doc, full) === value) return state;
  if (D.getElement(state.doc, id) === undefined) return state;
  return { ...state, doc: D.setIn(state.doc, full, value) };
}

function setDocField(state, { path, value }) {
  if (D.getIn(state.doc, path) === value) return state;
  return { ...state, doc: D.setIn(state.doc, path, value) };
}

/** An action's fields without its `type`, for actions that carry a partial object. */
function fieldsOf(action) {
  const fields = { ...action };
  delete fields.type;
  return fields;
}

function setMeta(state, changes) {
  return { ...state, meta: { ...state.meta, ...fieldsOf(changes) } };
}

// ---- adding and removing -----------------------------------------------------------

function topZ(doc) {
  return D.listElements(doc).reduce((z, item) => Math.max(z, item.z), 0);
}

/** A new slot writes out its layer and fit: the API's defaults, shown as they are sent. */
function newSlot() {
  return { ZOrder: C.field("McuLayout", "ZOrder").default, RenderMode: C.field("McuLayout", "RenderMode").default };
}

function addSlot(state, { rect }) {
  const slots = D.slotList(state.doc);
  if (slots.length >= C.maxSlots()) return state;
  const canvas = D.canvasSize(state.doc);
  const step = Math.round(Math.min(canvas.w, canvas.h) / 20);
  const w = Math.round(canvas.w / 4);
  const h = Math.round(canvas.h / 4);
  const where = rect || { x: step * ((slots.length % 8) + 1), y: step * ((slots.length % 8) + 1), w, h };
  const slot = D.withRect(newSlot(), SLOT, G.clampRect(where, canvas));
  const doc = D.setIn(state.doc, ["LayoutParams", "MixLayoutList"], [...slots, slot]);
  return { ...state, doc, selection: [D.makeId(SLOT, slots.length)] };
}

function addWatermark(state, { kind, text = "" }) {
  const marks = D.watermarkList(state.doc);
  const canvas = D.canvasSize(state.doc);
  const margin = Math.round(Math.min(canvas.w, canvas.h) / 20);
  const z = topZ(state.doc) + 1;
  const mark =
    kind === "text"
      ? {
          WaterMarkType: C.constants().watermark_types.text,
          WaterMarkText: {
            Text: text,
            WaterMarkWidth: Math.min(Math.round(canvas.w / 4), canvas.w),
            WaterMarkHeight: Math.min(Math.round(canvas.h / 12), canvas.h),
            LocationX: margin,
            LocationY: margin,
            FontSize: Math.max(12, Math.round(canvas.h / 24)),
            FontColor: C.field("McuWaterMarkText", "FontColor").default,
            Font: C.field("McuWaterMarkText", "Font").default,
            ZOrder: z,
          },
        }
      : {
          WaterMarkType: C.constants().watermark_types.image,
          WaterMarkImage: {
            WaterMarkUrl: "",
            WaterMarkWidth: Math.round(canvas.w / 8),
            WaterMarkHeight: Math.round(canvas.h / 8),
            LocationX: Math.max(0, canvas.w - margin - Math.round(canvas.w / 8)),
            LocationY: margin,
            ZOrder: z,
          },
        };
  const doc = D.setIn(state.doc, ["WaterMarkList"], [...marks, mark]);
  return { ...state, doc, selection: [D.makeId(WATERMARK, marks.length)] };
}

/**
 * An image watermark of `url` at the image's natural aspect ratio: at most its own
 * size and a third of the canvas, centred on `at` (output px) when given.
 */
function addImage(state, { url, width, height, at = null }) {
  const marks = D.watermarkList(state.doc);
  const canvas = D.canvasSize(state.doc);
  if (!(width > 0 && height > 0) || canvas.w <= 0 || canvas.h <= 0) return state;
  const fit = Math.min(1, canvas.w / 3 / width, canvas.h / 3 / height);
  const w = Math.max(1, Math.round(width * fit));
  const h = Math.max(1, Math.round(height * fit));
  const margin = Math.round(Math.min(canvas.w, canvas.h) / 20);
  const centre = at || { x: canvas.w - margin - w / 2, y: margin + h / 2 };
  const rect = G.clampRect({ x: Math.round(centre.x - w / 2), y: Math.round(centre.y - h / 2), w, h }, canvas);
  const mark = {
    WaterMarkType: C.constants().watermark_types.image,
    WaterMarkImage: {
      WaterMarkUrl: url,
      WaterMarkWidth: rect.w,
      WaterMarkHeight: rect.h,
      LocationX: rect.x,
      LocationY: rect.y,
      ZOrder: topZ(state.doc) + 1,
    },
  };
  const doc = D.setIn(state.doc, ["WaterMarkList"], [...marks, mark]);
  return { ...state, doc, selection: [D.makeId(WATERMARK, marks.length)] };
}

/** Ids after removing `removed` (ids) from their lists: later indices shift down. */
export function remapIds(ids, removed) {
  const gone = new Set(removed);
  return ids
    .filter((id) => !gone.has(id))
    .map((id) => {
      const { kind, index } = D.parseId(id);
      const before = removed.filter((r) => {
        const p = D.parseId(r);
        return p.kind === kind && p.index < index;
      }).length;
      return D.makeId(kind, index - before);
    });
}

function removeElements(doc, ids) {
  let next = doc;
  const ordered = ids.map(D.parseId).sort((a, b) => b.index - a.index);
  for (const { kind, index } of ordered) {
    next = D.setIn(next, D.elementPath(D.makeId(kind, index)), undefined);
  }
  return next;
}

/** Names keyed by ids after removing `removed`, like remapIds. */
function remapNames(names, removed) {
  const out = {};
  for (const [id, name] of Object.entries(names)) {
    const [next] = remapIds([id], removed);
    if (next) out[next] = name;
  }
  return out;
}

function deleteSelection(state) {
  if (state.selection.length === 0) return state;
  const doc = removeElements(state.doc, state.selection);
  return {
    ...state,
    doc,
    selection: [],
    locked: remapIds(state.locked, state.selection),
    hidden: remapIds(state.hidden, state.selection),
    names: remapNames(state.names, state.selection),
  };
}

function copySelection(state) {
  if (state.selection.length === 0) return state;
  const items = state.selection.map((id) => ({ kind: D.parseId(id).kind, element: D.getElement(state.doc, id) }));
  return { ...state, clipboard: items };
}

/** Append copies of `items`, offset so they do not hide the originals; select them. */
function appendCopies(state, items, offset) {
  let doc = state.doc;
  const canvas = D.canvasSize(doc);
  const selection = [];
  for (const { kind, element } of items) {
    const list = kind === SLOT ? D.slotList(doc) : D.watermarkList(doc);
    if (kind === SLOT && (list.length >= C.maxSlots() || !D.isCustom(doc))) continue;
    const listPath = kind === SLOT ? ["LayoutParams", "MixLayoutList"] : ["WaterMarkList"];
    doc = D.setIn(doc, listPath, [...list, element]);
    const id = D.makeId(kind, list.length);
    const rect = D.elementRect(doc, id);
    const moved = G.clampRect(G.translate(rect, offset, offset), canvas);
    doc = D.setElementRect(doc, id, moved);
    selection.push(id);
  }
  return selection.length ? { ...state, doc, selection } : state;
}

function paste(state, { offset = 20 }) {
  return state.clipboard ? appendCopies(state, state.clipboard, offset) : state;
}

function duplicateSelection(state, { offset = 20 }) {
  const items = state.selection.map((id) => ({ kind: D.parseId(id).kind, element: D.getElement(state.doc, id) }));
  return appendCopies(state, items, offset);
}

// ---- z-order -----------------------------------------------------------------------

/**
 * forward/backward move the selection one ZOrder up or down; front/back put it
 * above or below every other element. ZOrder stays at least 0: sending to the back
 * when something else already sits at 0 lifts the others by one.
 */
function zorder(state, { op }) {
  const ids = state.selection;
  if (ids.length === 0) return state;
  const items = D.listElements(state.doc);
  const chosen = items.filter((item) => ids.includes(item.id));
  const others = items.filter((item) => !ids.includes(item.id));
  const targets = new Map();
  if (op === "forward") chosen.forEach((item) => targets.set(item.id, item.z + 1));
  if (op === "backward") chosen.forEach((item) => targets.set(item.id, Math.max(0, item.z - 1)));
  if (op === "front") {
    const top = others.reduce((z, item) => Math.max(z, item.z), -1) + 1;
    chosen.forEach((item) => targets.set(item.id, Math.max(top, item.z)));
  }
  if (op === "back") {
    const low = others.reduce((z, item) => Math.min(z, item.z), Infinity);
    if (low === Infinity || low > 0) {
      chosen.forEach((item) => targets.set(item.id, low === Infinity ? 0 : low - 1));
    } else {
      chosen.forEach((item) => targets.set(item.id, 0));
      others.forEach((item) => targets.set(item.id, item.z + 1));
    }
  }
  let doc = state.doc;
  for (const [id, z] of targets) {
    const { kind } = D.parseId(id);
    const element = D.getElement(doc, id);
    if (D.elementZ(element, kind) !== z) doc = D.setIn(doc, D.elementPath(id), D.withZ(element, kind, z));
  }
  return doc === state.doc ? state : { ...state, doc };
}

function setZOrders(doc, targets) {
  let next = doc;
  for (const [id, z] of targets) {
    const { kind } = D.parseId(id);
    const element = D.getElement(next, id);
    if (D.elementZ(element, kind) !== z) next = D.setIn(next, D.elementPath(id), D.withZ(element, kind, z));
  }
  return next;
}

/**
 * Drag in the layers list: `id` goes just above `below` in the stack (or to the
 * bottom when `below` is null). Every element then gets its place in the stack
 * as its ZOrder, so the order on screen is the order the cloud draws.
 */
function reorderLayer(state, { id, below = null }) {
  const order = D.listElements(state.doc).map((item) => item.id);
  if (!order.includes(id) || id === below) return state;
  const rest = order.filter((other) => other !== id);
  const at = below === null ? 0 : rest.indexOf(below) + 1;
  if (below !== null && at === 0) return state;
  rest.splice(at, 0, id);
  const doc = setZOrders(
    state.doc,
    rest.map((other, z) => [other, z]),
  );
  return doc === state.doc ? state : { ...state, doc };
}

/**
 * Overlapping elements that share a ZOrder get distinct ones, keeping the order
 * they are drawn in now: each is lifted just above what it overlaps below it.
 */
function fixZOrders(state) {
  const placed = [];
  const targets = new Map();
  for (const item of D.listElements(state.doc)) {
    let z = item.z;
    for (const below of placed) {
      if (G.intersects(below.rect, item.rect) && below.rect.w > 0 && below.z >= z) z = below.z + 1;
    }
    placed.push({ rect: item.rect, z });
    targets.set(item.id, z);
  }
  const doc = setZOrders(state.doc, targets);
  return doc === state.doc ? state : { ...state, doc };
}

// ---- whole-layout edits ------------------------------------------------------------

/**
 * Slots at the generated rectangles. Existing slots keep their other fields (the
 * user they show, placeholder, ...) in list order; extra slots are added, surplus
 * ones removed.
 */
function generate(state, { rects }) {
  const old = D.slotList(state.doc);
  const list = rects.slice(0, C.maxSlots()).map((rect, i) => {
    const base = old[i] || { RenderMode: newSlot().RenderMode };
    return { ...D.withRect(base, SLOT, rect), ZOrder: rect.z ?? C.field("McuLayout", "ZOrder").default };
  });
  let doc = D.setIn(state.doc, ["LayoutParams", "MixLayoutList"], list);
  if (!D.isCustom(doc)) doc = D.setIn(doc, ["LayoutParams", "MixLayoutMode"], C.modes().custom);
  const kept = (id) => D.parseId(id).kind !== SLOT || D.parseId(id).index < list.length;
  const names = Object.fromEntries(Object.entries(state.names).filter(([id]) => kept(id)));
  return {
    ...state,
    doc,
    locked: state.locked.filter(kept),
    hidden: state.hidden.filter(kept),
    names,
    selection: [],
  };
}

/** A new output size; with `scale`, every element keeps its place relative to the canvas. */
function resizeCanvas(state, { width, height, scale }) {
  const before = D.canvasSize(state.doc);
  let doc = D.setIn(state.doc, ["VideoEncode", "Width"], width);
  doc = D.setIn(doc, ["VideoEncode", "Height"], height);
  if (scale && before.w > 0 && before.h > 0 && (before.w !== width || before.h !== height)) {
    const sx = width / before.w;
    const sy = height / before.h;
    D.slotList(doc).forEach((slot, index) => {
      const id = D.makeId(SLOT, index);
      doc = D.setElementRect(doc, id, G.scaleRect(D.elementRect(doc, id), sx, sy));
      const custom = slot.BackgroundCustomRender;
      if (custom && Number.isInteger(custom.Width) && Number.isInteger(custom.Height)) {
        doc = D.setIn(doc, [...D.elementPath(id), "BackgroundCustomRender"], {
          ...custom,
          Width: Math.max(1, Math.round(custom.Width * sx)),
          Height: Math.max(1, Math.round(custom.Height * sy)),
        });
      }
    });
    D.watermarkList(doc).forEach((mark, index) => {
      const id = D.makeId(WATERMARK, index);
      doc = D.setElementRect(doc, id, G.scaleRect(D.elementRect(doc, id), sx, sy));
      const size = D.getIn(mark, ["WaterMarkText", "FontSize"]);
      if (mark.WaterMarkType === C.constants().watermark_types.text && Number.isInteger(size)) {
        doc = D.setIn(
          doc,
          [...D.elementPath(id), "WaterMarkText", "FontSize"],
          Math.max(1, Math.round(size * Math.min(sx, sy))),
        );
      }
    });
  }
  return { ...state, doc };
}

/** A document from elsewhere (pasted JSON): one undoable step. */
function loadDocument(state, { doc }) {
  return { ...state, doc, selection: [], locked: [], hidden: [], names: {} };
}

// ---- saving and the server ---------------------------------------------------------

/**
 * The server stored `doc` and `scenario` (what was sent, which may be older than the
 * state's) as `preset`, whose request is now the one kept.
 */
function saved(
  state,
  { doc, meta, layers = savedLayers(state), scenario = state.saved.scenario, variants = state.saved.variants, preset },
) {
  const request = preset.request && typeof preset.request === "object" ? preset.request : state.request;
  // The rules sent are the ones the server now keeps.
  const rules = preset.request && typeof preset.request === "object" ? R.rulesOf(request) : state.saved.rules;
  return {
    ...state,
    saved: { doc, meta, layers, scenario, rules, variants },
    preset: { id: preset.id, version: preset.version },
    request,
  };
}

/** `doc` is now in force somewhere else (a live task took it): it is the new clean state. */
function committed(state, { doc }) {
  return { ...state, saved: { ...state.saved, doc, meta: state.meta, layers: savedLayers(state) } };
}

/** Someone else's version replaces ours: a fresh start with an empty history. */
function replaceFromServer(state, { preset }) {
  const meta = { name: preset.name, description: preset.description, tags: preset.tags };
  const next = initialState({ document: preset.document, preset, ...meta });
  return {
    ...next,
    view: { ...state.view, safeArea: next.view.safeArea },
    zoom: state.zoom,
    snap: state.snap,
    participants: state.participants,
    participantsCustom: state.participantsCustom,
    playback: { ...state.playback, playing: false },
  };
}

/**
 * Problems found: `problems` the main picture's, `legs[i]` variant i's; a part not
 * given keeps the problems it had.
 */
function problems(state, { problems: list, legs }) {
  const before = state.legProblems || [];
  const legProblems = [
    list ?? before[0] ?? [],
    ...state.variants.map((_, i) => (legs ? legs[i] || [] : before[i + 1] || [])),
  ];
  return { ...state, legProblems, problems: legProblems[legIndex(state.active)] };
}

/**
 * The server's regions answer: the rectangles of the dynamic templates, and who it
 * imagined in the room, which the participants follow until the producer edits them.
 */
function regions(state, { regions: list, participants = null, sei = null }) {
  const follow =
    !state.participantsCustom &&
    participants !== null &&
    JSON.stringify(participants) !== JSON.stringify(state.participants);
  return { ...state, regions: list, sei, participants: follow ? participants : state.participants };
}

function zoom(state, { value }) {
  return { ...state, zoom: value };
}

function snap(state, changes) {
  return { ...state, snap: { ...state.snap, ...fieldsOf(changes) } };
}

function undo(state) {
  const step = H.undo(state.history, snapshotOf(state));
  return step ? restore(state, step.doc, step.history) : state;
}

function redo(state) {
  const step = H.redo(state.history, snapshotOf(state));
  return step ? restore(state, step.doc, step.history) : state;
}

// ---- participants ------------------------------------------------------------------

/** Participants the producer edits by hand: the room no longer follows the scenario
 * or the task's room. */
function customParticipants(state, participants) {
  return { ...state, participants, participantsCustom: true, followScenario: false, followRoom: false };
}

function addParticipant(state, { participant }) {
  return customParticipants(state, [...state.participants, participant]);
}

function removeParticipant(state, { index }) {
  return customParticipants(
    state,
    state.participants.filter((_, i) => i !== index),
  );
}

function updateParticipant(state, { index, changes }) {
  return customParticipants(
    state,
    state.participants.map((p, i) => (i === index ? { ...p, ...changes } : p)),
  );
}

function moveParticipant(state, { from, to }) {
  if (to < 0 || to >= state.participants.length || from === to) return state;
  const list = state.participants.slice();
  const [moved] = list.splice(from, 1);
  list.splice(to, 0, moved);
  return customParticipants(state, list);
}

function followLayout(state) {
  return { ...state, participantsCustom: false, followScenario: false, followRoom: false };
}

/** Who is in the task's room as the server has it (GET room/): the staged preview shows
 * them, as the program does, until the producer edits the participants by hand. */
function taskRoom(state, { participants }) {
  const same = state.liveRoom !== null && JSON.stringify(participants) === JSON.stringify(state.liveRoom);
  const liveRoom = same ? state.liveRoom : participants;
  if (!state.followRoom) return same ? state : { ...state, liveRoom };
  if (same && state.participants === liveRoom && state.participantsCustom) return state;
  return { ...state, liveRoom, participants: liveRoom, participantsCustom: true, followScenario: false };
}

/** Back to the task's room after hand edits. */
function followRoom(state) {
  if (state.liveRoom === null) return state;
  return taskRoom({ ...state, followRoom: true }, { participants: state.liveRoom });
}

// ---- the scenario (timeline.js) ----------------------------------------------------
// Each edit makes one undo step (a drag along the axis coalesces into one) and lets
// the room follow the scenario, since the producer is looking at it.

function editScenario(state, scenario) {
  if (scenario === state.scenario) return state;
  return { ...state, scenario, followScenario: scenario !== null, scenarioProblems: [] };
}

/** A whole scenario (a starter), or null for none: the strip starts at its beginning. */
function setScenario(state, { scenario }) {
  const next = editScenario(state, scenario);
  if (next === state) return state;
  return {
    ...next,
    moment: 0,
    scenarioSelection: null,
    playback: { ...state.playback, playing: false },
    // Without a scenario, a room that followed it goes back to the layout's.
    participantsCustom: scenario === null && state.followScenario ? false : state.participantsCustom,
  };
}

function addScenarioEvent(state, { event }) {
  const scenario = T.addEvent(state.scenario, event);
  return { ...editScenario(state, scenario), scenarioSelection: scenario.events.length - 1 };
}

function moveScenarioEvent(state, { index, at }) {
  return editScenario(state, T.moveEvent(state.scenario, index, at));
}

function updateScenarioEvent(state, { index, changes }) {
  return editScenario(state, T.updateEvent(state.scenario, index, changes));
}

function removeScenarioEvent(state, { index }) {
  return editScenario(state, T.removeEvent(state.scenario, index));
}

function setScenarioDuration(state, { duration }) {
  return editScenario(state, T.setDuration(state.scenario, duration));
}

/** The strip goes to `at` seconds; the room follows it. */
function seek(state, { at }) {
  const moment = Math.min(Math.max(0, at), T.durationOf(state.scenario));
  if (moment === state.moment && state.followScenario) return state;
  return { ...state, moment, followScenario: state.scenario !== null };
}

function selectScenarioEvent(state, { index }) {
  return index === state.scenarioSelection ? state : { ...state, scenarioSelection: index };
}

/** The server's answer: who is in the room at the moment; the preview shows them. */
function scenarioRoom(state, { participants }) {
  if (!state.followScenario) return state;
  const same = state.participantsCustom && JSON.stringify(participants) === JSON.stringify(state.participants);
  return {
    ...state,
    participants: same ? state.participants : participants,
    participantsCustom: true,
    scenarioProblems: state.scenarioProblems.length ? [] : state.scenarioProblems,
  };
}

function scenarioProblems(state, { problems: list }) {
  return { ...state, scenarioProblems: list };
}

function playback(state, changes) {
  return { ...state, playback: { ...state.playback, ...fieldsOf(changes) } };
}

// ---- the auto-director's rules (director/rulespanel.js) --------------------------------

/** A new list of rules: one undo step; the problems named before are of the old list. */
function setRules(state, { rules }) {
  if (R.sameRules(rules, state.rules)) return state;
  return { ...state, rules, rulesProblems: [] };
}

function rulesProblems(state, { problems: list }) {
  return { ...state, rulesProblems: list };
}

// ---- variants (variants.js) --------------------------------------------------------------

/**
 * `next` after a document action changed `doc`: the change written back to its leg
 * (the main picture or the active variant) and, with `spread`, carried to the twins
 * of every other leg in relative terms.
 */
function keepLegs(before, next, spread) {
  const leg = next.active;
  let main = leg === null ? next.doc : next.main;
  let variants = next.variants;
  if (leg !== null && variants[leg] && variants[leg].VideoParams !== next.doc) {
    variants = variants.map((variant, i) => (i === leg ? { ...variant, VideoParams: next.doc } : variant));
  }
  if (spread && before.active === leg) {
    if (leg !== null) main = V.spreadChange(before.doc, next.doc, main);
    const spreadTo = (variant, i) => {
      if (i === leg) return variant;
      const picture = V.spreadChange(before.doc, next.doc, variant.VideoParams);
      return picture === variant.VideoParams ? variant : { ...variant, VideoParams: picture };
    };
    const carried = variants.map(spreadTo);
    if (carried.some((variant, i) => variant !== variants[i])) variants = carried;
  }
  return { ...next, main, variants };
}

/** Edit another leg: its picture is on the canvas, its problems beside it. The
 * selection stays (twins share their ids), so the twins stay selected. */
function chooseLeg(state, { leg }) {
  if (leg === state.active) return state;
  const doc = legDocument(state, leg);
  if (!doc) return state;
  const problemsOf = (state.legProblems || [])[legIndex(leg)] || [];
  return afterDocChange(state, { ...state, doc, active: leg, regions: null, sei: null, problems: problemsOf });
}

function setApplyAll(state, { on }) {
  return Boolean(on) === state.applyAll ? state : { ...state, applyAll: Boolean(on) };
}

/** A variant of the show (its picture derived by the server's reflow), edited at once. */
function addVariant(state, { name, document }) {
  if (state.variants.length >= V.spec().max || V.nameProblem(name, state.variants) !== null) return state;
  if (!document || typeof document !== "object") return state;
  const variants = [...state.variants, V.newVariant(name, document)];
  const legProblems = [...(state.legProblems || [[]]), []];
  return {
    ...state,
    variants,
    active: variants.length - 1,
    doc: document,
    legProblems,
    problems: [],
    regions: null,
    sei: null,
  };
}

function removeVariant(state, { index }) {
  if (!state.variants[index]) return state;
  const variants = state.variants.filter((_, i) => i !== index);
  const legProblems = (state.legProblems || []).filter((_, i) => i !== index + 1);
  const wasActive = state.active === index;
  const active = wasActive ? null : state.active !== null && state.active > index ? state.active - 1 : state.active;
  return {
    ...state,
    variants,
    active,
    doc: wasActive ? state.main : state.doc,
    legProblems,
    problems: legProblems[legIndex(active)] || [],
    regions: wasActive ? null : state.regions,
    sei: wasActive ? null : state.sei,
  };
}

function changeVariant(state, index, change) {
  const variant = state.variants[index];
  if (!variant) return state;
  const next = change(variant);
  if (next === variant) return state;
  return { ...state, variants: state.variants.map((other, i) => (i === index ? next : other)) };
}

/** A new name, if it is one a variant may have (variants.js nameProblem). */
function renameVariant(state, { index, name }) {
  if (V.nameProblem(name, state.variants, index) !== null) return state;
  return changeVariant(state, index, (variant) => (variant.name === name ? variant : { ...variant, name }));
}

/** A clean variant is sent without its watermarks (a feed branded downstream). */
function setVariantClean(state, { index, clean }) {
  return changeVariant(state, index, (variant) =>
    variant.clean === Boolean(clean) ? variant : { ...variant, clean: Boolean(clean) },
  );
}

/** The variant's own outputs (PublishCdnParams), as a whole new list. */
function setVariantOutputs(state, { index, outputs }) {
  return changeVariant(state, index, (variant) =>
    V.sameVariants(variant.PublishCdnParams, outputs) ? variant : { ...variant, PublishCdnParams: outputs },
  );
}
