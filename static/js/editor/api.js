// Fetch wrappers for the Mix Studio API. Every call is same-origin JSON with the
// session cookie and the CSRF token; failures throw ApiError with the answer's body.

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

let csrfFallback = "";

/** The token rendered into the page, used when the csrftoken cookie is missing. */
export function setCsrfToken(token) {
  csrfFallback = token || "";
}

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : csrfFallback;
}

async function request(method, url, body, { signal, accept = "application/json" } = {}) {
  const headers = { Accept: accept };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET") headers["X-CSRFToken"] = csrfToken();
  const response = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
    signal,
  });
  if (!response.ok) {
    let payload = null;
    try {
      payload = await response.json();
    } catch {
      payload = null;
    }
    throw new ApiError(response.status, payload);
  }
  return response;
}

async function json(method, url, body, options) {
  const response = await request(method, url, body, options);
  return response.status === 204 ? null : response.json();
}

export function fetchSchema() {
  return json("GET", "/api/layouts/schema/");
}

export function validateDocument(document, { signal } = {}) {
  return json("POST", "/api/layouts/validate/", { document }, { signal });
}

export function fetchRegions(document, participants, { signal } = {}) {
  return json("POST", "/api/layouts/regions/", { document, participants }, { signal });
}

/** The rendered picture: {blob, approximate, warnings}. */
export async function fetchPreview(body, { signal } = {}) {
  const response = await request("POST", "/api/layouts/preview/", body, { signal, accept: "*/*" });
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

export function createPreset({ name, description, tags, document }) {
  return json("POST", "/api/presets/", { name, description, tags, document });
}

export function updatePreset(id, { name, description, tags, document, version }) {
  return json("PUT", `/api/presets/${id}/`, { name, description, tags, document, version });
}
