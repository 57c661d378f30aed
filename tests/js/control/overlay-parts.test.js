// The monitor at the live edge: where a part's SEI is read, how many are kept, and
// how fast it plays to catch up.
import test from "node:test";
import assert from "node:assert/strict";
import { catchUpRate, keepRecent, seiUrl } from "../../../static/js/control/overlay.js";

test("a part's or a segment's SEI is at its media URL with .json for .ts", () => {
  assert.equal(seiUrl("/sandbox/program/4/parts/12.ts"), "/sandbox/program/4/parts/12.json");
  assert.equal(
    seiUrl("http://127.0.0.1:8000/sandbox/program/4/3.ts"),
    "http://127.0.0.1:8000/sandbox/program/4/3.json",
  );
});

test("a query on the media URL is not carried to its SEI", () => {
  assert.equal(seiUrl("/sandbox/program/4/parts/12.ts?_HLS_part=1"), "/sandbox/program/4/parts/12.json");
});

test("anything but a .ts has no SEI beside it", () => {
  assert.equal(seiUrl("/sandbox/program/4/index.m3u8"), null);
  assert.equal(seiUrl(undefined), null);
});

test("only the newest entries are kept, oldest forgotten first", () => {
  const kept = new Map([1, 2, 3, 4, 5].map((n) => [n, [n]]));
  keepRecent(kept, 3);
  assert.deepEqual([...kept.keys()], [3, 4, 5]);
  keepRecent(kept, 5);
  assert.deepEqual([...kept.keys()], [3, 4, 5]);
});

test("a player further behind than its target plays a little faster while it has picture ahead", () => {
  assert.equal(catchUpRate(1.2, 0.67, 0.5, 0.08), 1.15);
  assert.equal(catchUpRate(1.2, 0.67, 0.05, 0.08), 1); // nothing ahead: it would stall
  assert.equal(catchUpRate(0.7, 0.67, 0.5, 0.08), 1); // close enough
  assert.equal(catchUpRate(null, 0.67, 0.5, 0.08), 1); // latency not known yet
});
