// The editing workspace: canvas, side panel, problems, JSON, preview and
// participants around one state and one dispatch. The preset page (main.js)
// and the live task page (control/task.js) mount it on their own document.

import { initialState, reduce } from "./state.js";
import { createCanvas, drawCanvas } from "./canvas.js";
import { attachInput } from "./input.js";
import { createPanels, drawPanels } from "./panels.js";
import { createPreview, drawPreview, schedulePreview } from "./preview.js";
import { createValidation, drawValidation, scheduleValidation } from "./validation.js";
import { createJsonPanel, drawJson } from "./jsonpanel.js";

const $ = (id) => document.getElementById(id);

/**
 * Mount the workspace on the page's mx-* elements. `onDraw(state)` runs after
 * every redraw, so the page can keep its own controls in step.
 * Returns {getState, dispatch}.
 */
export async function mountWorkspace(
  { document: doc, preset = null, name = "", description = "", tags = [] },
  { onDraw = () => {} } = {},
) {
  let state = initialState({ document: doc, preset, name, description, tags });
  const getState = () => state;

  const canvas = createCanvas($("mx-canvas"));
  const panels = createPanels($("mx-panel"), $("mx-toolbar"), { dispatch: (a) => dispatch(a), getState });
  const preview = createPreview($("mx-preview"), $("mx-participants"), { dispatch: (a) => dispatch(a), getState });
  const validation = createValidation($("mx-problems"), { dispatch: (a) => dispatch(a) });
  const json = createJsonPanel($("mx-json"), { dispatch: (a) => dispatch(a) });
  attachInput(canvas, { getState, dispatch: (a) => dispatch(a), redraw: () => draw() });

  function draw() {
    drawCanvas(canvas, state);
    drawPanels(panels, state, { scale: canvas.scale });
    drawValidation(validation, state);
    drawPreview(preview, state);
    drawJson(json, state);
    onDraw(state);
  }

  function dispatch(action) {
    const before = state;
    state = reduce(state, action);
    if (state === before) return;
    draw();
    if (state.doc !== before.doc) {
      scheduleValidation(validation, state.doc);
      schedulePreview(preview);
    } else if (action.type !== "regions" && roomChanged(before, state)) {
      schedulePreview(preview); // the server's own answer about the room asks for nothing
    }
  }

  draw();
  scheduleValidation(validation, state.doc);
  schedulePreview(preview);
  document.body.dataset.editorReady = "true";
  return { getState, dispatch };
}

function roomChanged(before, state) {
  return state.participants !== before.participants || state.participantsCustom !== before.participantsCustom;
}
