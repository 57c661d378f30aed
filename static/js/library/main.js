// Wiring of the library page: the store, the intents the view calls, and the
// requests they make. Every change of state goes through dispatch().

import { createApi } from "./api.js";
import { downloadText } from "./download.js";
import { copyName, exportFileName, exportText, importName } from "./names.js";
import { describeDifference, documentPicture } from "../editor/difftable.js";
import {
  PAGE_SIZE,
  findPreset,
  initialState,
  locationFromQuery,
  queryFromLocation,
  reduce,
  revisionDocument,
} from "./state.js";
import { createView } from "./view.js";

const SEARCH_DELAY_MS = 300;
// Starters ship with Mix Studio: a handful, all on one page.
const STARTERS_PAGE = 100;

const root = document.getElementById("library");
const api = createApi(root.dataset.api);
const placeholder = root.dataset.idPlaceholder;
const editUrl = (id) => root.dataset.editUrl.replace(placeholder, String(id));
const newFromUrl = (id) => `${root.dataset.newUrl}?${new URLSearchParams({ from: String(id) })}`;

let state = initialState(queryFromLocation(window.location.search));
let lastRequest = 0;
let searchTimer = null;

const intents = {
  search(text) {
    dispatch({ type: "search-changed", search: text });
    loadListSoon();
  },
  filterByTag(tag, { now = false } = {}) {
    dispatch({ type: "tag-changed", tag });
    if (now) loadList();
    else loadListSoon();
  },
  applyFiltersNow() {
    loadList();
  },
  clearFilters() {
    dispatch({ type: "filters-cleared" });
    loadList();
  },
  goToPage(page) {
    dispatch({ type: "page-changed", page });
    loadList();
  },
  toggleStarters(open) {
    dispatch({ type: "starters-toggled", open });
  },
  dismissNotice() {
    dispatch({ type: "notice-dismissed" });
  },

  duplicate(id) {
    const preset = findPreset(state, id);
    if (!preset) return;
    const name = copyName(preset.name, gettext("%s (copy)"));
    whileBusy(id, async () => {
      const { document } = await api.getPreset(id);
      const copy = await api.createPreset({
        name,
        description: preset.description,
        tags: preset.tags,
        document,
      });
      notify("success", interpolate(gettext("Duplicated as “%s”."), [copy.name]), {
        link: { href: editUrl(copy.id), text: gettext("Edit the copy") },
      });
      refresh();
    });
  },
  startRename(id) {
    dispatch({ type: "rename-started", id });
  },
  cancelRename() {
    dispatch({ type: "rename-cancelled" });
  },
  rename(id, name) {
    const preset = findPreset(state, id);
    if (!preset) return;
    if (!name || name === preset.name) {
      dispatch({ type: "rename-cancelled" });
      return;
    }
    whileBusy(id, async () => {
      try {
        const saved = await api.renamePreset(id, name, preset.version);
        dispatch({ type: "preset-saved", preset: saved });
        notify("success", interpolate(gettext("Renamed to “%s”."), [saved.name]));
        loadCatalog();
      } catch (error) {
        if (error.status !== 409) throw error;
        // Someone saved it meanwhile: say so, and show what is there now.
        dispatch({ type: "rename-cancelled" });
        notify(
          "error",
          `${errorText(error)} ${gettext("The list now shows the current version; rename it again if you still want to.")}`,
        );
        loadList();
      }
    });
  },
  askDelete(id) {
    dispatch({ type: "delete-asked", id });
  },
  confirmDelete(id) {
    const preset = findPreset(state, id);
    dispatch({ type: "dialog-closed" });
    if (!preset) return;
    whileBusy(id, async () => {
      await api.deletePreset(id);
      notify("success", interpolate(gettext("“%s” was deleted."), [preset.name]));
      // The last card of a page went: show the page before it.
      if (state.list.presets.length === 1 && state.query.page > 1) {
        dispatch({ type: "page-changed", page: state.query.page - 1 });
      }
      refresh();
    });
  },
  exportPreset(id) {
    const preset = findPreset(state, id);
    if (!preset) return;
    whileBusy(id, async () => {
      // The whole show as the API takes it; Import reads it back key for key.
      const body = await api.exportRequest(id);
      downloadText(exportFileName(preset.name), exportText(body));
    });
  },
  openHistory(id) {
    dispatch({ type: "history-opened", id });
    loadHistory(id);
  },
  // What changes from version `from` to version `to`, in sentences.
  compare(id, from, to) {
    const dialog = state.dialog;
    dispatch({ type: "history-compare-asked", id, from, to });
    versionDifference(dialog, from, to)
      .then((changes) => dispatch({ type: "history-compared", id, from, to, changes }))
      .catch((error) => dispatch({ type: "history-compare-failed", id, from, to, error: errorText(error) }));
  },
  // Restore first says what it would change in the current version, then asks.
  askRestore(id, version) {
    const dialog = state.dialog;
    dispatch({ type: "history-restore-asked", id, version });
    versionDifference(dialog, dialog.currentVersion, version)
      .then((changes) => dispatch({ type: "history-restore-described", id, version, changes }))
      .catch((error) => dispatch({ type: "history-restore-undescribed", id, version, error: errorText(error) }));
  },
  cancelRestore(id) {
    dispatch({ type: "history-restore-cancelled", id });
  },
  restore(id, version) {
    const dialog = state.dialog;
    dispatch({ type: "history-restoring", id, version });
    api
      .restoreRevision(id, version, dialog.currentVersion)
      .then((saved) => {
        dispatch({ type: "preset-saved", preset: saved });
        dispatch({
          type: "history-message",
          id,
          message: {
            kind: "success",
            text: interpolate(
              gettext("Version %(old)s was restored as version %(new)s."),
              { old: version, new: saved.version },
              true,
            ),
          },
        });
        loadHistory(id);
        loadCatalog();
      })
      .catch((error) => {
        dispatch({ type: "history-message", id, message: { kind: "error", text: errorText(error) } });
        loadHistory(id);
        loadList();
      });
  },
  closeDialog() {
    dispatch({ type: "dialog-closed" });
  },

  async importFile(file) {
    const name = importName(file.name);
    let text;
    try {
      text = await file.text();
    } catch {
      notify("error", interpolate(gettext("“%s” could not be read."), [file.name]));
      return;
    }
    try {
      const created = await api.importPreset(name, text);
      const withheld = (created.withheld || []).length
        ? ` ${gettext("Its UserSigs and storage keys were not kept: they are given or generated at launch.")}`
        : "";
      notify("success", interpolate(gettext("Imported “%s” as a new preset."), [created.name]) + withheld, {
        link: { href: editUrl(created.id), text: gettext("Open it in the editor") },
        problems: created.warnings || [],
      });
      refresh();
    } catch (error) {
      notify(
        "error",
        interpolate(
          gettext("“%(file)s” was not imported: %(reason)s"),
          { file: file.name, reason: errorText(error) },
          true,
        ),
        {
          problems: (error.body && error.body.problems) || [],
        },
      );
    }
  },
};

// Producers get a Launch link on each card; viewers do not.
const launchUrl = root.dataset.launchUrl
  ? (id) => `${root.dataset.launchUrl}?${new URLSearchParams({ preset: String(id) })}`
  : null;

const view = createView(root, intents, {
  thumbnailUrl: api.thumbnailUrl,
  revisionPicture: (doc, width) => documentPicture(doc, { width }),
  editUrl,
  newFromUrl,
  launchUrl,
  canEdit: root.dataset.canEdit === "true",
});

function dispatch(action) {
  state = reduce(state, action);
  view.render(state);
}

function loadListSoon() {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(loadList, SEARCH_DELAY_MS);
}

async function loadList() {
  clearTimeout(searchTimer);
  const request = ++lastRequest;
  const query = state.query;
  window.history.replaceState(null, "", window.location.pathname + locationFromQuery(query));
  dispatch({ type: "list-requested", request });
  try {
    const answer = await api.listPresets({ ...query, pageSize: PAGE_SIZE });
    dispatch({ type: "list-loaded", request, count: answer.count, presets: answer.results });
  } catch (error) {
    dispatch({ type: "list-failed", request });
    if (error.status === 404 && query.page > 1 && request === lastRequest) {
      // A page that no longer exists (an old link, or presets deleted since).
      dispatch({ type: "page-changed", page: 1 });
      loadList();
      return;
    }
    notify("error", errorText(error));
  }
}

async function loadCatalog() {
  try {
    const [tags, starters] = await Promise.all([
      api.listTags(),
      api.listPresets({ starter: true, pageSize: STARTERS_PAGE }),
    ]);
    dispatch({ type: "catalog-loaded", starters: starters.results, tags: tags.tags });
  } catch (error) {
    notify("error", errorText(error));
  }
}

// Each change from one version to another: the picture's from the server, in sentences,
// after what else a restore brings back (the name, description, tags and the rest of
// the show's request), said here. The editor's own data (layer names, guides) is not said.
async function versionDifference(dialog, from, to) {
  // An audio-only show keeps no picture (null): compared as an empty one.
  const pictureChanges = await describeDifference(
    revisionDocument(dialog, from) || {},
    revisionDocument(dialog, to) || {},
  );
  return [...detailChanges(revisionOf(dialog, from), revisionOf(dialog, to)), ...pictureChanges];
}

function revisionOf(dialog, version) {
  return dialog.revisions.find((r) => r.version === version) || {};
}

function detailChanges(before, after) {
  const changes = [];
  const said = (element, sentence, path) => changes.push({ element, sentence, kind: "changed", path });
  if (before.name !== after.name) {
    said(
      gettext("Name"),
      interpolate(gettext("Name “%(before)s” → “%(after)s”"), { before: before.name, after: after.name }, true),
      "name",
    );
  }
  if ((before.description || "") !== (after.description || "")) {
    said(gettext("Description"), gettext("Description changed"), "description");
  }
  const tags = (revision) => (revision.tags || []).join(", ") || gettext("none");
  if (tags(before) !== tags(after)) {
    said(
      gettext("Tags"),
      interpolate(gettext("Tags: %(before)s → %(after)s"), { before: tags(before), after: tags(after) }, true),
      "tags",
    );
  }
  const rest = (revision) => JSON.stringify(revision.request || {});
  if (rest(before) !== rest(after)) {
    said(
      gettext("The rest of the show"),
      gettext("The rest of the show changed (room, outputs, audio, recording or variants)"),
      "request",
    );
  }
  return changes;
}

async function loadHistory(id) {
  try {
    const revisions = await api.listRevisions(id);
    dispatch({ type: "history-loaded", id, revisions });
  } catch (error) {
    dispatch({ type: "history-message", id, message: { kind: "error", text: errorText(error) } });
  }
}

function refresh() {
  loadList();
  loadCatalog();
}

// Runs a change of one preset; a failure is shown and the list reloaded, since
// the preset may have changed or gone meanwhile.
async function whileBusy(id, work) {
  if (state.busyIds.includes(id)) return;
  dispatch({ type: "preset-busy", id });
  try {
    await work();
  } catch (error) {
    notify("error", errorText(error), { problems: (error.body && error.body.problems) || [] });
    loadList();
  } finally {
    dispatch({ type: "preset-idle", id });
  }
}

function notify(kind, text, extra = {}) {
  dispatch({ type: "notice-shown", notice: { kind, text, ...extra } });
}

function errorText(error) {
  if (error.body && error.body.message) return error.body.message;
  if (error.status === 0) return gettext("The server could not be reached. Check the connection and try again.");
  if (error.status === 401 || error.status === 403) {
    return gettext("You are not logged in any more, or not allowed to do this. Reload the page to log in again.");
  }
  if (error.status) return interpolate(gettext("The server answered with an error (HTTP %s)."), [error.status]);
  return gettext("Something went wrong in the page. Reload it and try again.");
}

view.render(state);
refresh();
