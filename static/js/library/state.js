// The library page's state as plain data, and the one function that changes
// it. Pure: no DOM, no fetch, no globals, so Node can run it as it is.

export const PAGE_SIZE = 12;

export function initialState(query = {}) {
  return {
    query: { search: query.search || "", tag: query.tag || "", page: query.page || 1 },
    list: { loading: false, request: 0, count: 0, presets: [], failed: false },
    starters: [],
    knownTags: [],
    startersOpen: false,
    renamingId: null,
    busyIds: [],
    notice: null, // {kind: "success" | "error", text, problems: [{path, message}], link?}
    dialog: null, // {kind: "delete", id, name} | {kind: "history", id, name, ...}
  };
}

export function reduce(state, action) {
  switch (action.type) {
    case "search-changed":
      return withQuery(state, { search: action.search, page: 1 });
    case "tag-changed":
      return withQuery(state, { tag: action.tag, page: 1 });
    case "filters-cleared":
      return withQuery(state, { search: "", tag: "", page: 1 });
    case "page-changed":
      return withQuery(state, { page: clampPage(action.page, pageCount(state)) });

    case "list-requested":
      return { ...state, list: { ...state.list, loading: true, request: action.request } };
    case "list-loaded":
      // An answer to an older query (typing outran the server) is dropped.
      if (action.request !== state.list.request) return state;
      return {
        ...state,
        list: {
          ...state.list,
          loading: false,
          failed: false,
          count: action.count,
          presets: action.presets,
        },
        renamingId: action.presets.some((p) => p.id === state.renamingId) ? state.renamingId : null,
      };
    case "list-failed":
      if (action.request !== state.list.request) return state;
      return { ...state, list: { ...state.list, loading: false, failed: true } };

    case "catalog-loaded":
      return { ...state, starters: action.starters, knownTags: action.tags };
    case "starters-toggled":
      return { ...state, startersOpen: action.open };

    case "rename-started":
      return { ...state, renamingId: action.id };
    case "rename-cancelled":
      return { ...state, renamingId: null };
    case "preset-busy":
      return { ...state, busyIds: [...state.busyIds.filter((id) => id !== action.id), action.id] };
    case "preset-idle":
      return { ...state, busyIds: state.busyIds.filter((id) => id !== action.id) };
    case "preset-saved":
      return {
        ...state,
        list: {
          ...state.list,
          presets: state.list.presets.map((p) => (p.id === action.preset.id ? action.preset : p)),
        },
        renamingId: state.renamingId === action.preset.id ? null : state.renamingId,
      };

    case "notice-shown":
      return { ...state, notice: { problems: [], ...action.notice } };
    case "notice-dismissed":
      return { ...state, notice: null };

    case "delete-asked": {
      const preset = findPreset(state, action.id);
      return preset ? { ...state, dialog: { kind: "delete", id: preset.id, name: preset.name } } : state;
    }
    case "history-opened": {
      const preset = findPreset(state, action.id);
      if (!preset) return state;
      return {
        ...state,
        dialog: {
          kind: "history",
          id: preset.id,
          name: preset.name,
          currentVersion: preset.version,
          loading: true,
          revisions: [],
          message: null, // {kind, text} shown inside the dialog
          restoring: null,
          // What changes between two versions, in sentences: {from, to, loading, changes, error}.
          compare: null,
          // A restore asked for and not yet confirmed: {version, loading, changes, error}.
          confirming: null,
        },
      };
    }
    case "history-loaded":
      return updateHistory(state, action.id, {
        loading: false,
        revisions: action.revisions,
        currentVersion: action.revisions.length ? action.revisions[0].version : 0,
      });
    case "history-compare-asked":
      return updateHistory(state, action.id, {
        compare: { from: action.from, to: action.to, loading: true, changes: null, error: null },
      });
    case "history-compared":
    case "history-compare-failed": {
      const compare = state.dialog && state.dialog.compare;
      // An answer for a pair asked before the one shown now is dropped.
      if (!compare || compare.from !== action.from || compare.to !== action.to) return state;
      return updateHistory(state, action.id, {
        compare: { ...compare, loading: false, changes: action.changes || null, error: action.error || null },
      });
    }
    case "history-restore-asked":
      return updateHistory(state, action.id, {
        confirming: { version: action.version, loading: true, changes: null, error: null },
        message: null,
      });
    case "history-restore-described":
    case "history-restore-undescribed": {
      const confirming = state.dialog && state.dialog.confirming;
      if (!confirming || confirming.version !== action.version) return state;
      return updateHistory(state, action.id, {
        confirming: { ...confirming, loading: false, changes: action.changes || null, error: action.error || null },
      });
    }
    case "history-restore-cancelled":
      return updateHistory(state, action.id, { confirming: null });
    case "history-restoring":
      return updateHistory(state, action.id, { restoring: action.version, message: null, confirming: null });
    case "history-message":
      return updateHistory(state, action.id, { restoring: null, message: action.message });
    case "dialog-closed":
      return { ...state, dialog: null };

    default:
      throw new Error(`Unknown action ${action.type}`);
  }
}

export function pageCount(state) {
  return Math.max(1, Math.ceil(state.list.count / PAGE_SIZE));
}

/** The document of one version in the history dialog, or null when it is not listed. */
export function revisionDocument(dialog, version) {
  const revision = dialog && dialog.revisions.find((r) => r.version === version);
  return revision ? revision.document : null;
}

export function findPreset(state, id) {
  return state.list.presets.find((p) => p.id === id) || null;
}

// The filters as they appear in the page's address, so a reload or a shared
// link opens the same view.
export function queryFromLocation(search) {
  const params = new URLSearchParams(search);
  const page = Number.parseInt(params.get("page") || "1", 10);
  return {
    search: params.get("search") || "",
    tag: params.get("tag") || "",
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

export function locationFromQuery(query) {
  const params = new URLSearchParams();
  if (query.search) params.set("search", query.search);
  if (query.tag) params.set("tag", query.tag);
  if (query.page > 1) params.set("page", String(query.page));
  const text = params.toString();
  return text ? `?${text}` : "";
}

function withQuery(state, changes) {
  return { ...state, query: { ...state.query, ...changes }, renamingId: null };
}

function clampPage(page, pages) {
  return Math.min(Math.max(1, page), pages);
}

function updateHistory(state, id, changes) {
  if (!state.dialog || state.dialog.kind !== "history" || state.dialog.id !== id) return state;
  return { ...state, dialog: { ...state.dialog, ...changes } };
}
