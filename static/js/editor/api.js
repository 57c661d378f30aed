// Fetch wrappers for the editor's calls (errors and CSRF: common/http.js).
import { request as json, requestList, send } from "../common/http.js";

export { setCsrfToken } from "../common/http.js";

export function validateDocument(document, { signal } = {}) {
  return json("POST", "/api/layouts/validate/", { document }, { signal });
}

export function fetchRegions(document, participants, { signal, mainRoom = null } = {}) {
  return json("POST", "/api/layouts/regions/", { document, participants, main_room: mainRoom }, { signal });
}

/** The rendered picture: {blob, approximate, warnings}. */
export async function fetchPreview(body, { signal } = {}) {
  const response = await send("POST", "/api/layouts/preview/", body, { signal, accept: "image/*" });
  let warnings = [];
  try {
    warnings = JSON.parse(response.headers.get("X-Mix-Warnings") || "[]");
  } catch {
    warnings = [];
  }
  return {
    blob: await response.blob(),
    approximate: response.headers.get("X-Mix-Approximate") === "true",
    warnings,
  };
}

export function getPreset(id) {
  return json("GET", `/api/presets/${id}/`);
}

// `request` may be undefined: the server then keeps the stored one (or, for a new
// preset, gives a picture its transcoded mix).
export function createPreset({ name, description, tags, document, meta, request }) {
  return json("POST", "/api/presets/", { name, description, tags, document, meta, request });
}

export function updatePreset(id, { name, description, tags, document, meta, request, version }) {
  return json("PUT", `/api/presets/${id}/`, { name, description, tags, document, meta, request, version });
}

/** The scenarios Mix Studio ships with: [{name, title, description, scenario}]. */
export function listScenarioStarters() {
  return json("GET", "/api/scenarios/starters/");
}

/** Who is in the room `seconds` into `scenario`: {participants}. `subject`: {preset} or {document}. */
export function fetchScenarioRoom(scenario, seconds, subject, { signal } = {}) {
  return json("POST", "/api/scenarios/room/", { scenario, seconds, ...subject }, { signal });
}

/** The scenario played through `document` as an H.264 MP4 Blob (`seconds` long, or as the server allows). */
export async function renderScenarioVideo({ document, scenario, seconds }, { signal } = {}) {
  const body = { document, scenario, ...(seconds ? { seconds } : {}) };
  const response = await send("POST", "/api/scenarios/render/", body, {
    signal,
    accept: "video/mp4, application/json",
  });
  return response.blob();
}

/** The asset library, newest first: [{id, url, original_name, width, height, size, used_by}]. */
export function listAssets() {
  return requestList("/api/assets/");
}

/** Upload an image file; the server checks the limits (format, 2K, 5 MB) and says which failed. */
export function uploadAsset(file) {
  const form = new FormData();
  form.append("file", file, file.name);
  return json("POST", "/api/assets/", form);
}

/** The VideoParams in a pasted request body: {document, source}, or ApiError naming why not. */
export function extractDocument(body) {
  return json("POST", "/api/layouts/extract/", body);
}

/** `document` laid out again at width x height (reflowed, not scaled): {document, problems}. */
export function reflowDocument(document, width, height) {
  return json("POST", "/api/layouts/reflow/", { document, Width: width, Height: height });
}
