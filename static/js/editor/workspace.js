// The editing workspace: toolbar, layers, canvas, inspector, problems, JSON, preview,
// participants and (on the preset page) the scenario strip around one state and one
// dispatch. The preset page (main.js) and the live task page (control/task.js) mount
// it on their own document.

import { initialState, reduce } from "./state.js";
import { createCanvas, drawCanvas, toCanvasPoint } from "./canvas.js";
import { attachInput } from "./input.js";
import { createPanels, drawPanels } from "./panels.js";
import { createLayers, drawLayers } from "./layers.js";
import { createToolbar, drawToolbar, explainKey } from "./toolbar.js";
import { acceptDroppedImages, createAssetPicker } from "./assetpicker.js";
import { createPreview, drawPreview, schedulePreview } from "./preview.js";
import { createValidation, drawValidation, scheduleValidation } from "./validation.js";
import { createJsonPanel, drawJson } from "./jsonpanel.js";
import { createDock, drawDock } from "./dock.js";
import { createTimeline, drawTimeline } from "./timelinestrip.js";

const $ = (id) => document.getElementById(id);

/**
 * Mount the workspace on the page's mx-* elements. `onDraw(state)` runs after
 * every redraw, so the page can keep its own controls in step.
 * Returns {getState, dispatch, dock} (dock: the tabs under the canvas, or null).
 */
export async function mountWorkspace(
  { document: doc, preset = null, name = "", description = "", tags = [], layerMeta = null, mainRoom = null },
  { onDraw = () => {} } = {},
) {
  let state = initialState({ document: doc, preset, name, description, tags, layerMeta, mainRoom });
  const getState = () => state;
  // A viewer's workspace (the page says so): everything can be looked at, selected,
  // zoomed and previewed, and no action that would change the show is taken.
  const studio = document.querySelector(".mx-studio");
  const readOnly = Boolean(studio && studio.dataset.readOnly === "true");
  const send = (action) => dispatch(action);

  const canvas = createCanvas($("mx-canvas"));
  const assets = createAssetPicker();
  const notice = $("mx-canvas-notice");
  const say = (text) => {
    if (!notice) return;
    notice.textContent = text;
    notice.hidden = !text;
  };
  // What the actions need from the page: the zoom scale, and the image picker.
  const ctx = () => ({
    scale: canvas.scale,
    pickImage: async () => {
      const asset = await assets.pick();
      if (asset) dispatch({ type: "addImage", url: asset.url, width: asset.width, height: asset.height });
    },
  });
  const toolbar = createToolbar($("mx-toolbar"), { dispatch: send, getState, ctx, readOnly });
  const layers = createLayers($("mx-layers"), { dispatch: send, getState });
  const panels = createPanels($("mx-panel"), {
    dispatch: send,
    getState,
    pickAsset: async () => {
      const asset = await assets.pick();
      return asset ? asset.url : null;
    },
  });
  const preview = createPreview($("mx-preview"), $("mx-participants"), { dispatch: send, getState });
  const validation = createValidation($("mx-problems"), { dispatch: send, getState });
  const json = createJsonPanel($("mx-json"), { dispatch: send });
  const dock = $("mx-dock") ? createDock($("mx-dock")) : null;
  // The scenario strip is the preset page's: the task page previews its own room.
  const timeline = $("mx-timeline")
    ? createTimeline($("mx-timeline"), $("mx-video-dialog"), { dispatch: send, getState, readOnly })
    : null;
  attachInput(canvas, {
    getState,
    dispatch: send,
    redraw: () => draw(),
    ctx,
    explain: (entry) => explainKey(toolbar, entry, state),
  });
  acceptDroppedImages(canvas.viewport, {
    onAsset: (asset, clientX, clientY) => {
      say("");
      const at = toCanvasPoint(canvas, clientX, clientY);
      dispatch({ type: "addImage", url: asset.url, width: asset.width, height: asset.height, at });
    },
    onError: say,
    onStatus: (text) => {
      toolbar.status.textContent = text;
    },
  });

  function draw() {
    drawCanvas(canvas, state);
    drawToolbar(toolbar, state, { scale: canvas.scale });
    drawLayers(layers, state);
    drawPanels(panels, state);
    drawValidation(validation, state);
    drawPreview(preview, state);
    drawJson(json, state);
    if (dock) drawDock(dock, state);
    if (timeline) drawTimeline(timeline, state);
    onDraw(state);
  }

  function dispatch(action) {
    const before = state;
    const after = reduce(state, action);
    if (after === before || (readOnly && changesTheShow(before, after))) {
      if (after !== before) draw(); // a drag drawn under the pointer goes back
      return;
    }
    state = after;
    draw();
    if (state.doc !== before.doc) {
      scheduleValidation(validation);
      schedulePreview(preview);
    } else if (action.type !== "regions" && roomChanged(before, state)) {
      schedulePreview(preview); // the server's own answer about the room asks for nothing
    }
  }

  draw();
  scheduleValidation(validation);
  schedulePreview(preview);
  document.body.dataset.editorReady = "true";
  return { getState, dispatch, dock, readOnly };
}

/** Whether a step changes what would be saved: the document or a variant's (choosing
 * which one is on the canvas changes neither), its name and tags, the layers' names
 * and order, the scenario or the rules. */
function changesTheShow(before, after) {
  return ["main", "variants", "meta", "layers", "scenario", "rules"].some((key) => after[key] !== before[key]);
}

function roomChanged(before, state) {
  return state.participants !== before.participants || state.participantsCustom !== before.participantsCustom;
}
