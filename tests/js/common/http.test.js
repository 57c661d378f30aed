import assert from "node:assert/strict";
import { test } from "node:test";

import { requestList } from "../../../static/js/common/http.js";

/** A fetch that answers each URL from `pages` and records what was asked. */
function serve(pages) {
  const asked = [];
  globalThis.window = { location: { href: "https://mix.example.com/tasks/" } };
  globalThis.fetch = async (url) => {
    asked.push(url);
    const body = pages[url];
    if (!body) return { ok: false, status: 404, json: async () => ({ code: "not-found" }) };
    return { ok: true, status: 200, text: async () => JSON.stringify(body) };
  };
  return asked;
}

const PAGES = {
  "/api/tasks/?status=running&page_size=200": {
    count: 3,
    // Written by a server behind a proxy: another scheme and host than the page's.
    next: "http://internal:8000/api/tasks/?page=2&page_size=200&status=running",
    previous: null,
    results: [{ id: 3 }, { id: 2 }],
  },
  "/api/tasks/?page=2&page_size=200&status=running": {
    count: 3,
    next: null,
    previous: "http://internal:8000/api/tasks/?page_size=200&status=running",
    results: [{ id: 1 }],
  },
};

test("every page is read, following next on the page's own origin", async () => {
  const asked = serve(PAGES);
  assert.deepEqual(await requestList("/api/tasks/?status=running"), [{ id: 3 }, { id: 2 }, { id: 1 }]);
  assert.deepEqual(asked, Object.keys(PAGES));
});

test("at most `pages` pages are read", async () => {
  const asked = serve(PAGES);
  assert.deepEqual(await requestList("/api/tasks/?status=running", { pages: 1 }), [{ id: 3 }, { id: 2 }]);
  assert.equal(asked.length, 1);
});

test("a page size asked for is kept", async () => {
  const asked = serve({ "/api/assets/?page_size=5": { count: 0, next: null, previous: null, results: [] } });
  assert.deepEqual(await requestList("/api/assets/?page_size=5"), []);
  assert.deepEqual(asked, ["/api/assets/?page_size=5"]);
});

test("a refused page is the server's error", async () => {
  serve({});
  await assert.rejects(requestList("/api/tasks/"), (error) => error.status === 404 && error.body.code === "not-found");
});
