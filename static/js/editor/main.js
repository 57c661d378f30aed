// The preset page: the workspace, plus name/description/tags, saving with the
// preset's version, the 409 dialog and the warning before leaving unsaved.

import { diffTable } from "./difftable.js";
import { isDirty, layerSettings, mainDocument, metaOf, requestToSave } from "./state.js";
import { diffDocuments } from "./doc.js";
import { createPreset, getPreset, setCsrfToken, updatePreset } from "./api.js";
import { scenarioSpec } from "./contract.js";
import { rulesProblemsIn } from "../director/rules.js";
import { h } from "../common/dom.js";
import { mountWorkspace } from "./workspace.js";
import { createVariantsView, drawVariantsView } from "./variantsview.js";
import { problemsByLeg } from "./variants.js";

const { gettext, interpolate } = window;
const $ = (id) => document.getElementById(id);

async function start() {
  const initial = JSON.parse($("editor-initial").textContent);
  const csrf = document.querySelector("#mx-header [name=csrfmiddlewaretoken]");
  setCsrfToken(csrf ? csrf.value : "");
  const preset = initial.preset;
  let header = null;
  let variants = null;
  const { getState, dispatch, dock, readOnly } = await mountWorkspace(
    {
      document: initial.document,
      preset,
      name: preset ? preset.name : initial.name || "",
      description: preset ? preset.description : "",
      tags: preset ? preset.tags : [],
      layerMeta: preset ? preset.meta : initial.layer_meta,
    },
    {
      onDraw: (current) => {
        if (header) header.draw(current);
        if (variants) drawVariantsView(variants, current);
      },
    },
  );
  header = bindHeader(dispatch, () => save(), readOnly);
  header.draw(getState());
  // The show's screens beside the canvas, and its variants' own settings.
  variants = createVariantsView({ dispatch, getState, readOnly });
  if (variants) drawVariantsView(variants, getState());
  const sizeDialog = $("mx-new-size");
  if (sizeDialog) {
    sizeDialog.showModal();
    sizeDialog.querySelector(".mx-size-default").focus();
  }

  let saving = false;
  async function save() {
    if (saving || readOnly) return; // a viewer's page has no Save, and Ctrl+S does nothing
    saving = true;
    header.status(gettext("Saving…"));
    if (!getState().meta.name.trim()) dispatch({ type: "setMeta", name: gettext("Untitled layout") });
    // The preset's document is the show's own picture, whichever screen is on the canvas.
    const doc = mainDocument(getState());
    const meta = getState().meta;
    const layers = layerSettings(getState());
    const scenario = getState().scenario;
    const shown = getState().variants;
    const body = {
      name: meta.name.trim(),
      description: meta.description,
      tags: meta.tags,
      document: doc,
      meta: metaOf(getState()),
      // The scenario goes in the request's own part (request.MixStudio.Scenario).
      request: requestToSave(getState()),
    };
    try {
      const saved = getState().preset
        ? await updatePreset(getState().preset.id, { ...body, version: getState().preset.version })
        : await createPreset(body);
      afterSave(saved, doc, meta, layers, scenario, shown);
    } catch (error) {
      if (error.status === 409) await conflict(body);
      else failed(error);
    } finally {
      saving = false;
    }
  }

  function afterSave(saved, doc, meta, layers, scenario, sent) {
    const wasNew = !getState().preset;
    dispatch({ type: "saved", doc, meta, layers, scenario, variants: sent, preset: saved });
    if (wasNew) window.history.replaceState(null, "", `/presets/${saved.id}/edit`);
    const warnings = (saved.warnings || []).length;
    header.status(
      warnings
        ? interpolate(gettext("Saved as version %s, with %s warning(s)."), [saved.version, warnings])
        : interpolate(gettext("Saved as version %s."), [saved.version]),
    );
  }

  function failed(error) {
    if (error.body && Array.isArray(error.body.problems) && error.body.error === "layout-invalid") {
      dispatch({ type: "problems", problems: error.body.problems });
    }
    // Problems of a variant (its picture, name or outputs) are shown as that variant's.
    const inVariants = problemsByLeg(error.body && error.body.problems, getState().variants.length);
    if (inVariants.some((list) => list.length)) dispatch({ type: "problems", legs: inVariants });
    const inScenario = scenarioProblems(error);
    if (inScenario.length) {
      // The strip marks the events the server named.
      dispatch({ type: "scenarioProblems", problems: inScenario });
      if (dock) dock.choose("scenario");
    }
    // The rules panel shows the problems of its rules next to their fields.
    const inRules = rulesProblemsIn(error.body && error.body.problems);
    if (inRules.length) dispatch({ type: "rulesProblems", problems: inRules });
    // The message stays until the document changes: then it speaks of a layout that is gone.
    header.status(interpolate(gettext("Not saved: %s"), [error.message]), true, getState());
  }

  async function conflict(body) {
    header.status(gettext("Not saved: someone else saved this preset meanwhile."), true);
    let theirs;
    try {
      theirs = await getPreset(getState().preset.id);
    } catch (loadError) {
      failed(loadError);
      return;
    }
    const dialog = $("mx-conflict");
    $("mx-conflict-message").textContent = interpolate(
      gettext(
        "You edited version %s; the saved one is now version %s. Compare them, then keep theirs or overwrite with yours.",
      ),
      [getState().preset.version, theirs.version],
    );
    $("mx-conflict-diff").replaceChildren(differenceTable(theirs, body));
    const choice = await askChoice(dialog, {
      "mx-conflict-reload": "reload",
      "mx-conflict-overwrite": "overwrite",
      "mx-conflict-cancel": "cancel",
    });
    if (choice === "reload") {
      dispatch({ type: "replaceFromServer", preset: theirs });
      header.status(interpolate(gettext("Loaded their version %s; your changes were discarded."), [theirs.version]));
    } else if (choice === "overwrite") {
      const doc = mainDocument(getState());
      const meta = getState().meta;
      const layers = layerSettings(getState());
      const scenario = getState().scenario;
      const shown = getState().variants;
      try {
        const saved = await updatePreset(getState().preset.id, {
          name: meta.name.trim(),
          description: meta.description,
          tags: meta.tags,
          document: doc,
          meta: metaOf(getState()),
          request: requestToSave(getState()),
          version: theirs.version,
        });
        afterSave(saved, doc, meta, layers, scenario, shown);
      } catch (overwriteError) {
        failed(overwriteError);
      }
    }
  }

  window.addEventListener("beforeunload", (event) => {
    if (readOnly || !isDirty(getState())) return;
    event.preventDefault();
    event.returnValue = "";
  });
  window.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      // A field being typed in commits on blur; save what it holds.
      if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
      setTimeout(save, 0);
    }
  });
}

/** The problems of a refused save that are the scenario's (request.MixStudio.Scenario...). */
function scenarioProblems(error) {
  const problems = error.body && Array.isArray(error.body.problems) ? error.body.problems : [];
  const inScenario = new RegExp(`(?:^|\\.)${scenarioSpec().key}(?:$|[.[])`);
  return problems.filter((problem) => inScenario.test(String(problem.path)));
}

/** Open a modal dialog and resolve with the value of the button pressed ("cancel" on Escape). */
function askChoice(dialog, buttons) {
  return new Promise((resolve) => {
    const controller = new AbortController();
    const finish = (value) => {
      controller.abort();
      dialog.close();
      resolve(value);
    };
    for (const [id, value] of Object.entries(buttons)) {
      $(id).addEventListener("click", () => finish(value), { signal: controller.signal });
    }
    dialog.addEventListener(
      "cancel",
      (event) => {
        event.preventDefault();
        finish("cancel");
      },
      { signal: controller.signal },
    );
    dialog.showModal();
  });
}

/** A readable table of what differs: their saved version against the one being saved. */
function differenceTable(theirs, mine) {
  const rows = [];
  for (const key of ["name", "description"]) {
    if (theirs[key] !== mine[key]) rows.push({ path: key, before: theirs[key], after: mine[key] });
  }
  if (JSON.stringify(theirs.tags) !== JSON.stringify(mine.tags))
    rows.push({ path: "tags", before: theirs.tags, after: mine.tags });
  rows.push(...diffDocuments(theirs.document, mine.document, 200));
  if (rows.length === 0) return h("p", {}, gettext("The two versions are the same."));
  return diffTable(rows, { before: gettext("Their version"), after: gettext("Yours") });
}

/** The name, description and tags fields, the save button and the status line of the page.
 * `readOnly`: the fields only show the preset's name, description and tags. */
function bindHeader(dispatch, save, readOnly = false) {
  const name = $("mx-name");
  const description = $("mx-description");
  const tags = $("mx-tags");
  const statusLine = $("mx-status");
  const saveButton = $("mx-save");
  name.addEventListener("input", () => dispatch({ type: "setMeta", name: name.value }));
  description.addEventListener("input", () => dispatch({ type: "setMeta", description: description.value }));
  tags.addEventListener("change", () =>
    dispatch({
      type: "setMeta",
      tags: tags.value
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
    }),
  );
  $("mx-header").addEventListener("submit", (event) => {
    event.preventDefault();
    save();
  });
  let errorAbout = null;
  return {
    draw(state) {
      if (errorAbout && (state.doc !== errorAbout.doc || state.meta !== errorAbout.meta)) {
        errorAbout = null;
        statusLine.textContent = "";
        statusLine.classList.remove("error");
      }
      if (document.activeElement !== name) name.value = state.meta.name;
      if (document.activeElement !== description) description.value = state.meta.description;
      if (document.activeElement !== tags) tags.value = state.meta.tags.join(", ");
      const dirty = !readOnly && isDirty(state);
      if (saveButton) saveButton.classList.toggle("mx-dirty", dirty);
      document.body.dataset.dirty = String(dirty);
      $("mx-dirty").textContent = dirty
        ? gettext("Unsaved changes")
        : state.preset
          ? interpolate(gettext("Version %s"), [state.preset.version])
          : gettext("New preset");
    },
    /** A status line; an error given the `state` it is about clears itself once that changes. */
    status(text, isError = false, state = null) {
      statusLine.textContent = text;
      statusLine.classList.toggle("error", isError);
      errorAbout = isError ? state : null;
    },
  };
}

start();
