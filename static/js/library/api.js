// Fetch wrappers for the presets REST API (see common/http.js for errors).
import { request, requestList } from "../common/http.js";

// The list URL of the API (e.g. "/api/presets/"); the page passes it in.
export function createApi(base) {
  const presetUrl = (id) => `${base}${id}/`;

  return {
    // Items without their documents (getPreset has the whole preset).
    listPresets({ search = "", tag = "", starter = null, page = 1, pageSize = 12 } = {}) {
      const query = new URLSearchParams({ page: String(page), page_size: String(pageSize) });
      if (search.trim()) query.set("search", search.trim());
      if (tag.trim()) query.set("tag", tag.trim());
      if (starter !== null) query.set("starter", String(starter));
      return request("GET", `${base}?${query}`);
    },
    listTags() {
      return request("GET", `${base}tags/`);
    },
    getPreset(id) {
      return request("GET", presetUrl(id));
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
    // The StartPublishCdnStream body of the preset's whole show, without secrets.
    exportRequest(id) {
      return request("GET", `${presetUrl(id)}request/`);
    },
    importPreset(name, rawJson) {
      const query = new URLSearchParams({ name });
      return request("POST", `${base}import/?${query}`, rawJson);
    },
    listRevisions(id) {
      return requestList(`${presetUrl(id)}revisions/`);
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
