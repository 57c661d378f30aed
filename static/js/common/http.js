// The one way the pages talk to the REST API: JSON in and out, the CSRF
// token on every change, and errors as ApiError carrying the server's error
// body ({error, message, field?, problems?}), so callers never look at Response.

export class ApiError extends Error {
  constructor(status, body) {
    super(body.message || `HTTP ${status}`);
    // message is empty when the server sent no readable answer; the page
    // then words the failure itself, in the producer's language.
    this.status = status;
    this.body = body;
  }
}

// `body` is sent as JSON; a string is sent as it is (an imported file).
export async function request(method, url, body) {
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
