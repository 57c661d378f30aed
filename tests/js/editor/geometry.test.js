import { test } from "node:test";
import assert from "node:assert/strict";
import {
  alignRects,
  clampDelta,
  clampRect,
  distributeRects,
  gridLayout,
  pipLayout,
  resizeRect,
  scaleRect,
  stackLayout,
  stripLayout,
} from "../../../static/js/editor/geometry.js";

const canvas = { w: 1280, h: 720 };

test("clampRect moves a rectangle back inside the canvas", () => {
  assert.deepEqual(clampRect({ x: 1200, y: -10, w: 200, h: 100 }, canvas), { x: 1080, y: 0, w: 200, h: 100 });
});

test("clampRect shrinks a rectangle larger than the canvas", () => {
  assert.deepEqual(clampRect({ x: 5, y: 5, w: 2000, h: 900 }, canvas), { x: 0, y: 0, w: 1280, h: 720 });
});

test("clampDelta stops a group at the first edge any member reaches", () => {
  const rects = [
    { x: 100, y: 100, w: 100, h: 100 },
    { x: 1100, y: 100, w: 100, h: 100 },
  ];
  assert.deepEqual(clampDelta(rects, 500, -500, canvas), { dx: 80, dy: -100 });
});

test("clampDelta lets a rectangle outside the canvas move back in but not further out", () => {
  const outside = [{ x: 1250, y: 0, w: 100, h: 100 }];
  assert.deepEqual(clampDelta(outside, 10, 0, canvas), { dx: 0, dy: 0 });
  assert.deepEqual(clampDelta(outside, -40, 0, canvas), { dx: -40, dy: 0 });
});

test("resizing by the east handle changes only the width", () => {
  assert.deepEqual(resizeRect({ x: 10, y: 10, w: 100, h: 50 }, "e", 30, 99, { canvas }), {
    x: 10,
    y: 10,
    w: 130,
    h: 50,
  });
});

test("resizing by the north-west handle keeps the south-east corner", () => {
  assert.deepEqual(resizeRect({ x: 100, y: 100, w: 100, h: 100 }, "nw", -20, 30, { canvas }), {
    x: 80,
    y: 130,
    w: 120,
    h: 70,
  });
});

test("resizing stops at the canvas edge", () => {
  assert.deepEqual(resizeRect({ x: 1200, y: 0, w: 50, h: 50 }, "e", 500, 0, { canvas }), {
    x: 1200,
    y: 0,
    w: 80,
    h: 50,
  });
  assert.deepEqual(resizeRect({ x: 20, y: 20, w: 50, h: 50 }, "nw", -100, -100, { canvas }), {
    x: 0,
    y: 0,
    w: 70,
    h: 70,
  });
});

test("resizing never makes a rectangle smaller than the minimum", () => {
  assert.deepEqual(resizeRect({ x: 10, y: 10, w: 100, h: 100 }, "se", -500, -500, { canvas, minSize: 8 }), {
    x: 10,
    y: 10,
    w: 8,
    h: 8,
  });
});

test("shift-resizing a corner keeps the aspect ratio", () => {
  const r = resizeRect({ x: 0, y: 0, w: 160, h: 90 }, "se", 160, 10, { canvas, keepAspect: true });
  assert.deepEqual(r, { x: 0, y: 0, w: 320, h: 180 });
});

test("shift-resizing a side keeps the centre line and the aspect ratio", () => {
  const r = resizeRect({ x: 100, y: 100, w: 160, h: 90 }, "e", 160, 0, { canvas, keepAspect: true });
  assert.deepEqual(r, { x: 100, y: 100 + 45 - 90, w: 320, h: 180 });
});

test("shift-resizing stops at the canvas with the ratio intact", () => {
  const r = resizeRect({ x: 640, y: 360, w: 160, h: 90 }, "se", 5000, 5000, { canvas, keepAspect: true });
  assert.deepEqual(r, { x: 640, y: 360, w: 640, h: 360 });
});

test("align left puts every rectangle on the leftmost edge", () => {
  const out = alignRects(
    [
      { x: 50, y: 0, w: 10, h: 10 },
      { x: 20, y: 40, w: 30, h: 10 },
    ],
    "left",
    canvas,
  );
  assert.deepEqual(
    out.map((r) => r.x),
    [20, 20],
  );
});

test("aligning a single rectangle centres it on the canvas", () => {
  assert.deepEqual(alignRects([{ x: 0, y: 0, w: 280, h: 120 }], "hcenter", canvas)[0], {
    x: 500,
    y: 0,
    w: 280,
    h: 120,
  });
  assert.deepEqual(alignRects([{ x: 0, y: 0, w: 280, h: 120 }], "bottom", canvas)[0], { x: 0, y: 600, w: 280, h: 120 });
});

test("distribute makes equal gaps and keeps the outer rectangles", () => {
  const out = distributeRects(
    [
      { x: 0, y: 0, w: 100, h: 10 },
      { x: 150, y: 0, w: 100, h: 10 },
      { x: 600, y: 0, w: 100, h: 10 },
    ],
    "x",
  );
  assert.deepEqual(
    out.map((r) => r.x),
    [0, 300, 600],
  );
});

test("a 2x2 grid with gap and margin fills the canvas exactly", () => {
  const cells = gridLayout(canvas, { rows: 2, cols: 2, gap: 10, margin: 20 });
  assert.equal(cells.length, 4);
  assert.deepEqual(cells[0], { x: 20, y: 20, w: 615, h: 335, z: 0 });
  assert.deepEqual(cells[3], { x: 645, y: 365, w: 615, h: 335, z: 0 });
});

test("a 3x3 grid of 1280x720 has no gaps from rounding", () => {
  const cells = gridLayout(canvas, { rows: 3, cols: 3 });
  assert.equal(cells[2].x + cells[2].w, 1280);
  assert.equal(cells[1].x, cells[0].x + cells[0].w);
  assert.equal(cells[8].y + cells[8].h, 720);
});

test("picture-in-picture puts the small picture in the chosen corner above the big one", () => {
  const [big, small] = pipLayout(canvas, { corner: "ne", size: 0.25, margin: 16 });
  assert.deepEqual(big, { x: 0, y: 0, w: 1280, h: 720, z: 0 });
  assert.deepEqual(small, { x: 1280 - 16 - 320, y: 16, w: 320, h: 180, z: 1 });
});

test("picture in picture with three small pictures puts them in a row from the corner", () => {
  const rects = pipLayout({ w: 1920, h: 1080 }, { corner: "se", size: 0.2, margin: 24, count: 3 });
  assert.equal(rects.length, 4);
  assert.deepEqual(
    rects.slice(1).map((r) => [r.x, r.y, r.w, r.h, r.z]),
    [
      [1920 - 24 - 384, 1080 - 24 - 216, 384, 216, 1],
      [1920 - 24 - 384 - 24 - 384, 1080 - 24 - 216, 384, 216, 1],
      [1920 - 3 * (24 + 384), 1080 - 24 - 216, 384, 216, 1],
    ],
  );
});

test("one large and a strip on the right fill the height", () => {
  const slots = stripLayout(canvas, { count: 4, side: "right" });
  assert.equal(slots.length, 5);
  assert.deepEqual(slots[0], { x: 0, y: 0, w: 1280 - 320, h: 720, z: 0 });
  assert.deepEqual(slots[4], { x: 960, y: 540, w: 320, h: 180, z: 0 });
});

test("one large and a strip at the bottom share the width", () => {
  const slots = stripLayout(canvas, { count: 4, side: "bottom", gap: 0 });
  assert.equal(slots[1].y, slots[0].h);
  assert.equal(slots[4].x + slots[4].w, 1280);
});

test("a portrait stack divides the height", () => {
  const slots = stackLayout({ w: 720, h: 1280 }, { count: 3, gap: 8, margin: 0 });
  assert.equal(slots.length, 3);
  assert.equal(slots[0].w, 720);
  assert.equal(slots[2].y + slots[2].h, 1280);
  assert.equal(slots[1].y - (slots[0].y + slots[0].h), 8);
});

test("scaling keeps touching neighbours touching", () => {
  const a = scaleRect({ x: 0, y: 0, w: 427, h: 240 }, 1.5, 1.5);
  const b = scaleRect({ x: 427, y: 0, w: 427, h: 240 }, 1.5, 1.5);
  assert.equal(a.x + a.w, b.x);
});
