import assert from "node:assert/strict";
import { test } from "node:test";

import { safeAreaZones } from "../../../static/js/editor/safeareas.js";
import { snapMove } from "../../../static/js/editor/snapping.js";

test("title and action safe are 90 % and 93 % of each side, centred", () => {
  const [action, title] = safeAreaZones("broadcast", { w: 1920, h: 1080 });
  assert.deepEqual(action.rect, { x: 67, y: 38, w: 1786, h: 1004 });
  assert.deepEqual(title.rect, { x: 96, y: 54, w: 1728, h: 972 });
  assert.match(title.label, /90/);
});

test("the vertical apps' zones are marked approximate and stay inside the canvas", () => {
  const zones = safeAreaZones("vertical", { w: 1080, h: 1920 });
  assert.ok(zones.length >= 3);
  for (const zone of zones) {
    assert.match(zone.label, /approximate/);
    assert.ok(zone.rect.x >= 0 && zone.rect.y >= 0);
    assert.ok(zone.rect.x + zone.rect.w <= 1080 && zone.rect.y + zone.rect.h <= 1920);
  }
});

test("no overlay when it is off or the canvas has no size", () => {
  assert.deepEqual(safeAreaZones("off", { w: 1920, h: 1080 }), []);
  assert.deepEqual(safeAreaZones("broadcast", { w: 0, h: 1080 }), []);
});

test("a moving picture snaps to the producer's guides", () => {
  const canvas = { w: 1920, h: 1080 };
  const rect = { x: 303, y: 500, w: 200, h: 100 };
  const free = snapMove(rect, { canvas, threshold: 6 });
  assert.equal(free.rect.x, 303);
  const snapped = snapMove(rect, { canvas, guideLines: [{ axis: "x", at: 300 }], threshold: 6 });
  assert.equal(snapped.rect.x, 300);
  assert.deepEqual(
    snapped.guides.map((g) => [g.axis, g.at]),
    [["x", 300]],
  );
});
