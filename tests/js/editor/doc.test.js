import { test } from "node:test";
import assert from "node:assert/strict";
import {
  diffDocuments,
  elementIdForPath,
  formatPath,
  listElements,
  parsePath,
  setIn,
} from "../../../static/js/editor/doc.js";

test("paths round-trip between text and parts", () => {
  const parts = parsePath("LayoutParams.MixLayoutList[3].ImageWidth");
  assert.deepEqual(parts, ["LayoutParams", "MixLayoutList", 3, "ImageWidth"]);
  assert.equal(formatPath(parts), "LayoutParams.MixLayoutList[3].ImageWidth");
});

test("a problem path names its element", () => {
  assert.equal(elementIdForPath("LayoutParams.MixLayoutList[3].ImageWidth"), "slot:3");
  assert.equal(elementIdForPath("WaterMarkList[0].WaterMarkText.Text"), "wm:0");
  assert.equal(elementIdForPath("VideoEncode.Fps"), null);
});

test("setIn copies only the way to the change", () => {
  const doc = { a: { b: 1 }, c: { d: 2 } };
  const next = setIn(doc, ["a", "b"], 5);
  assert.deepEqual(next, { a: { b: 5 }, c: { d: 2 } });
  assert.equal(next.c, doc.c);
  assert.deepEqual(doc.a, { b: 1 });
});

test("elements are listed in drawing order, watermarks above slots of the same ZOrder", () => {
  const doc = {
    LayoutParams: { MixLayoutMode: 4, MixLayoutList: [{ ZOrder: 2 }, { ZOrder: 0 }] },
    WaterMarkList: [{ WaterMarkType: 1, WaterMarkText: { ZOrder: 0 } }],
  };
  assert.deepEqual(
    listElements(doc).map((e) => e.id),
    ["slot:1", "wm:0", "slot:0"],
  );
});

test("the difference of two documents lists changed leaves by path", () => {
  const diff = diffDocuments({ a: { b: 1, c: [1, 2] } }, { a: { b: 2, c: [1] }, d: "x" });
  assert.deepEqual(diff, [
    { path: "a.b", before: 1, after: 2 },
    { path: "a.c[1]", before: 2, after: undefined },
    { path: "d", before: undefined, after: "x" },
  ]);
});
