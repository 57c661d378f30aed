import { test } from "node:test";
import assert from "node:assert/strict";
import { initialState, reduce, revisionDocument } from "../../../static/js/library/state.js";

const revisions = [
  { version: 2, document: { VideoEncode: { BitRate: 3000 } } },
  { version: 1, document: { VideoEncode: { BitRate: 1500 } } },
];

function historyOpen() {
  let state = initialState();
  state = reduce(state, { type: "list-requested", request: 1 });
  state = reduce(state, {
    type: "list-loaded",
    request: 1,
    count: 1,
    presets: [{ id: 7, name: "Talk show", version: 2 }],
  });
  state = reduce(state, { type: "history-opened", id: 7 });
  return reduce(state, { type: "history-loaded", id: 7, revisions });
}

test("each version's document is found by its number", () => {
  const { dialog } = historyOpen();
  assert.deepEqual(revisionDocument(dialog, 1), { VideoEncode: { BitRate: 1500 } });
  assert.equal(revisionDocument(dialog, 9), null);
});

test("a comparison shows the pair last asked for; an older answer is dropped", () => {
  let state = historyOpen();
  state = reduce(state, { type: "history-compare-asked", id: 7, from: 1, to: 2 });
  assert.deepEqual(state.dialog.compare, { from: 1, to: 2, loading: true, changes: null, error: null });
  state = reduce(state, { type: "history-compare-asked", id: 7, from: 2, to: 1 });
  const stale = reduce(state, { type: "history-compared", id: 7, from: 1, to: 2, changes: [{ sentence: "old" }] });
  assert.equal(stale, state);
  state = reduce(state, { type: "history-compared", id: 7, from: 2, to: 1, changes: [] });
  assert.deepEqual(state.dialog.compare, { from: 2, to: 1, loading: false, changes: [], error: null });
});

test("restore is asked first, said in words, and only then restoring", () => {
  let state = historyOpen();
  state = reduce(state, { type: "history-restore-asked", id: 7, version: 1 });
  assert.deepEqual(state.dialog.confirming, { version: 1, loading: true, changes: null, error: null });
  assert.equal(state.dialog.restoring, null);
  const changes = [{ sentence: "Bitrate 3000 → 1500 kbps", kind: "changed" }];
  state = reduce(state, { type: "history-restore-described", id: 7, version: 1, changes });
  assert.deepEqual(state.dialog.confirming.changes, changes);
  assert.equal(state.dialog.confirming.loading, false);
  const cancelled = reduce(state, { type: "history-restore-cancelled", id: 7 });
  assert.equal(cancelled.dialog.confirming, null);
  state = reduce(state, { type: "history-restoring", id: 7, version: 1 });
  assert.equal(state.dialog.confirming, null);
  assert.equal(state.dialog.restoring, 1);
});

test("a description that could not be had is said as the error", () => {
  let state = historyOpen();
  state = reduce(state, { type: "history-restore-asked", id: 7, version: 1 });
  state = reduce(state, { type: "history-restore-undescribed", id: 7, version: 1, error: "offline" });
  assert.deepEqual(state.dialog.confirming, { version: 1, loading: false, changes: null, error: "offline" });
});
