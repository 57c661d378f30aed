// Fetch wrappers for the presets REST API. Every function resolves to the
// parsed answer or throws an ApiError carrying the server's error body
// ({error, message, field?, problems?}), so callers never look at Response.

export class ApiError extends Error {
  constructor(status, body) {
    super(body.message || `HTTP ${status}`);
    // message is empty when the server sent no readable answer; the page
    // then words the failure itself, in the producer's language.
    this.status = status;
    this.body = body;
  }
}

// The list URL of the API (e.g. "/api/presets/"); the page passes it in.
export function createApi(base) {
  const presetUrl = (id) => `${base}${id}/`;

  return {
    listPresets({ search = "", tag = "", page = 1, pageSize = 12 } = {}) {
      const query = new URLSearchParams({ page: String(page), page_size: String(pageSize) });
      if (search.trim()) query.set("search", search.trim());
      if (tag.trim()) query.set("tag", tag.trim());
      return request("GET", `${base}?${query}`);
    },
    createPreset({ name, description, tags, document }) {
      return request("POST", base, { name, description, tags, document });
    },
    renamePreset(id, name, version) {
      return request("PATCH", presetUrl(id), { name, version });
    },
    deletePreset(id) {
      return request("DELETE", presetUrl(id));
    },
    importPreset(name, rawJson) {
      const query = new URLSearchParams({ name });
      return request("POST", `${base}import/?${query}`, rawJson);
    },
    listRevisions(id) {
      return request("GET", `${presetUrl(id)}revisions/`);
    },
    restoreRevision(id, version, currentVersion) {
      return request("POST", `${presetUrl(id)}revisions/${version}/restore/`, {
        version: currentVersion,
      });
    },
    // The version is in the URL only so that a changed preset gets a fresh
    // picture: the server lets browsers cache thumbnails for a minute.
    thumbnailUrl(id, version, width) {
      return `${presetUrl(id)}preview.png?width=${width}&v=${version}`;
    },
  };
}

// `body` is sent as JSON; a string is sent as it is (an imported file).
async function request(method, url, body) {
  const headers = { Accept: "application/json" };
  const init = { method, headers, credentials: "same-origin" };
  if (method !== "GET") headers["X-CSRFToken"] = csrfToken();
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = typeof body === "string" ? body : JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (failure) {
    throw new ApiError(0, { error: "network", message: "" });
  }
  if (response.status === 204) return null;
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { error: "unreadable", message: "" };
  }
  if (!response.ok) throw new ApiError(response.status, parsed || { error: "http" });
  return parsed;
}

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}
