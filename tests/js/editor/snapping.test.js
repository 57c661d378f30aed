import { test } from "node:test";
import assert from "node:assert/strict";
import { snapMove, snapResize } from "../../../static/js/editor/snapping.js";

const canvas = { w: 1280, h: 720 };

test("a rectangle near a neighbour's right edge lands exactly on it", () => {
  const neighbour = { x: 100, y: 100, w: 300, h: 200 };
  const { rect, guides } = snapMove({ x: 404, y: 500, w: 100, h: 100 }, { canvas, others: [neighbour], threshold: 6 });
  assert.equal(rect.x, 400);
  assert.ok(guides.some((g) => g.axis === "x" && g.at === 400));
});

test("snapping to the canvas centre line", () => {
  const { rect, guides } = snapMove({ x: 537, y: 200, w: 200, h: 100 }, { canvas, threshold: 6 });
  assert.equal(rect.x + rect.w / 2, 640);
  assert.deepEqual(
    guides.find((g) => g.axis === "x"),
    { axis: "x", at: 640, from: 0, to: 720 },
  );
});

test("a rectangle too far from every line does not move", () => {
  const start = { x: 300, y: 300, w: 100, h: 100 };
  const { rect, guides } = snapMove(start, { canvas, others: [{ x: 0, y: 0, w: 280, h: 280 }], threshold: 6 });
  assert.deepEqual(rect, start);
  assert.deepEqual(guides, []);
});

test("the nearest line wins when several are within the threshold", () => {
  const others = [
    { x: 0, y: 0, w: 203, h: 50 },
    { x: 0, y: 60, w: 198, h: 50 },
  ];
  const { rect } = snapMove({ x: 200, y: 400, w: 50, h: 50 }, { canvas, others, threshold: 6 });
  assert.equal(rect.x, 198);
});

test("both axes snap independently", () => {
  const { rect } = snapMove({ x: 3, y: 716 - 100, w: 100, h: 100 }, { canvas, threshold: 6 });
  assert.deepEqual(rect, { x: 0, y: 620, w: 100, h: 100 });
});

test("an optional grid attracts edges", () => {
  const { rect } = snapMove({ x: 47, y: 303, w: 20, h: 20 }, { canvas, threshold: 4, grid: 50 });
  assert.equal(rect.x, 50);
  assert.equal(rect.y, 300);
});

test("resizing by the east handle snaps only the right edge", () => {
  const others = [{ x: 500, y: 0, w: 100, h: 100 }];
  const { rect, guides } = snapResize({ x: 103, y: 200, w: 394, h: 100 }, "e", { canvas, others, threshold: 6 });
  assert.deepEqual(rect, { x: 103, y: 200, w: 397, h: 100 });
  assert.ok(guides.some((g) => g.axis === "x" && g.at === 500));
});

test("resizing by the north-west handle snaps the left and top edges, keeping the far corner", () => {
  const { rect } = snapResize({ x: 4, y: 5, w: 96, h: 95 }, "nw", { canvas, threshold: 6 });
  assert.deepEqual(rect, { x: 0, y: 0, w: 100, h: 100 });
});
