import { test } from "node:test";
import assert from "node:assert/strict";
import { canRedo, canUndo, createHistory, record, redo, undo } from "../../../static/js/editor/history.js";

test("undo returns the previous document and redo the undone one", () => {
  const a = { v: 1 };
  const b = { v: 2 };
  let h = record(createHistory(), a);
  const back = undo(h, b);
  assert.equal(back.doc, a);
  const forward = redo(back.history, back.doc);
  assert.equal(forward.doc, b);
  assert.equal(canRedo(forward.history), false);
  assert.equal(canUndo(forward.history), true);
});

test("nothing to undo in a new history", () => {
  assert.equal(undo(createHistory(), {}), null);
  assert.equal(redo(createHistory(), {}), null);
});

test("a new change clears the redo stack", () => {
  const h = record(createHistory(), { v: 1 });
  const back = undo(h, { v: 2 });
  const changed = record(back.history, back.doc);
  assert.equal(canRedo(changed), false);
});

test("changes with the same key make one undo step", () => {
  let h = record(createHistory(), { v: 0 }, "name");
  h = record(h, { v: 1 }, "name");
  h = record(h, { v: 2 }, "name");
  assert.equal(h.past.length, 1);
  assert.deepEqual(undo(h, { v: 3 }).doc, { v: 0 });
});

test("the history keeps at most its limit of steps", () => {
  let h = createHistory(3);
  for (let i = 0; i < 10; i += 1) h = record(h, { v: i });
  assert.deepEqual(
    h.past.map((d) => d.v),
    [7, 8, 9],
  );
});
