import assert from "node:assert/strict";
import { test } from "node:test";

import { pictureBox, seiAt } from "../../../static/js/control/overlay.js";

const layout = { canvas: { w: 320, h: 180 }, regions: [] };

test("the message on screen is the last one at or before the playing instant", () => {
  const messages = [
    { at: 10.2, layout_volume: layout, n: 2 },
    { at: 10.0, layout_volume: layout, n: 1 },
    { at: 10.1, content: "cue" },
    { at: 10.4, layout_volume: layout, n: 3 },
  ];
  assert.equal(seiAt(messages, 10.3).n, 2);
  assert.equal(seiAt(messages, 10.0).n, 1);
  assert.equal(seiAt(messages, 9.9), null);
});

test("a 16:9 picture in a taller box is centred with bars above and below", () => {
  assert.deepEqual(pictureBox(320, 180, 640, 480), { x: 0, y: 60, scale: 2 });
  assert.deepEqual(pictureBox(0, 0, 640, 480), { x: 0, y: 0, scale: 0 });
});
