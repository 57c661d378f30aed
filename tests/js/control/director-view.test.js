import assert from "node:assert/strict";
import { test } from "node:test";

// The page's catalogue (Django's JavaScriptCatalog), in English.
globalThis.window = {
  gettext: (text) => text,
  interpolate: (format, args) => {
    let next = 0;
    return format.replace(/%s/g, () => String(args[next++]));
  },
};
const { statusLine } = await import("../../../static/js/control/director-view.js");

const NOW = Date.parse("2026-12-07T12:00:00Z");
const status = (extra = {}) => ({
  rules: [{ name: "share-takes-over" }],
  paused: false,
  next_due: null,
  hold_until: null,
  slate: { on: false, preset: null },
  ...extra,
});

test("a task without rules says every change is a manual Take", () => {
  assert.equal(statusLine(status({ rules: [] }), NOW), "No rules: every change is a manual Take.");
});

test("the slate and a pause are said before anything else", () => {
  assert.match(statusLine(status({ paused: true, slate: { on: true } }), NOW), /slate is on air/);
  assert.match(statusLine(status({ paused: true }), NOW), /paused/);
});

test("a hold and a scheduled look are counted down in seconds", () => {
  const held = status({ hold_until: "2026-12-07T12:00:02.500Z", next_due: "2026-12-07T12:00:01Z" });
  assert.equal(statusLine(held, NOW), "Automation is on, holding for 2.5 s after the last cut.");
  const due = status({ next_due: "2026-12-07T12:00:01.200Z" });
  assert.equal(statusLine(due, NOW), "Automation is on: a rule looks again in 1.2 s.");
  assert.equal(statusLine(status(), NOW), "Automation is on, watching the room.");
});
