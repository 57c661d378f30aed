// The one way the pages talk to the REST API: same-origin JSON with the
// session cookie, the CSRF token on every change, and failures as ApiError
// carrying the server's error body ({error, message, field?, problems?}).

class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    // message is empty when the server sent no readable answer; the page
    // then words the failure itself, in the producer's language.
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

/**
 * The Response of a call, or an ApiError. `body` is sent as JSON; a string is
 * sent as it is (an imported file), a FormData as multipart (an upload). An
 * aborted call rethrows the AbortError.
 */
export async function send(method, url, body, { signal, accept = "application/json" } = {}) {
  const headers = { Accept: accept };
  if (method !== "GET") headers["X-CSRFToken"] = csrfToken();
  const init = { method, headers, credentials: "same-origin", signal };
  if (typeof FormData !== "undefined" && body instanceof FormData) {
    init.body = body; // the browser writes the multipart Content-Type with its boundary
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = typeof body === "string" ? body : JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (failure) {
    if (failure.name === "AbortError") throw failure;
    throw new ApiError(0, { error: "network", message: "" });
  }
  if (!response.ok) {
    let parsed = null;
    try {
      parsed = await response.json();
    } catch {
      parsed = { error: "unreadable", message: "" };
    }
    throw new ApiError(response.status, parsed);
  }
  return response;
}

/** The parsed JSON answer (null for 204 No Content). */
export async function request(method, url, body, options) {
  const response = await send(method, url, body, options);
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}
