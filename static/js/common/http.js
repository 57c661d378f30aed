// The one way the pages talk to the REST API: same-origin JSON with the
// session cookie, the CSRF token on every change, and failures as ApiError
// carrying the server's error body (problem details: {type, title, status, detail,
// code, error, message, field?, problems?}; the pages read error, message and problems).

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

// The largest page the API gives (?page_size=, ListPagination on the server).
const MAX_PAGE_SIZE = 200;

/**
 * The items of a list the API answers a page at a time ({count, next, previous,
 * results}), following `next` for at most `pages` pages of MAX_PAGE_SIZE items.
 */
export async function requestList(url, { pages = Infinity, ...options } = {}) {
  const first = new URL(url, window.location.href);
  if (!first.searchParams.has("page_size")) first.searchParams.set("page_size", String(MAX_PAGE_SIZE));
  const items = [];
  let next = first.pathname + first.search;
  for (let page = 0; next && page < pages; page += 1) {
    const answer = await request("GET", next, undefined, options);
    items.push(...answer.results);
    // Same origin, whatever scheme and host a proxy in front made the server write.
    next = answer.next ? pathOf(answer.next) : null;
  }
  return items;
}

function pathOf(link) {
  const parsed = new URL(link, window.location.href);
  return parsed.pathname + parsed.search;
}
