import { test } from "node:test";
import assert from "node:assert/strict";
import * as DR from "../../../static/js/director/dryrun.js";
import * as C from "../../../static/js/editor/contract.js";

const gettext = (text) => text;
const doc = { VideoEncode: { Width: 1920, Height: 1080 } };
const scenario = { duration: 60, events: [] };
const rules = [{ name: "r", trigger: { on: "enter" }, action: { do: "slate" } }];

function take(at, rule, regions = []) {
  return {
    at,
    rule,
    target: "program",
    shot: "sharer-big",
    trigger: { on: "screen-start", UserId: "teacher" },
    document: doc,
    regions: { canvas: { w: 1920, h: 1080 }, participants: [{ UserId: "teacher" }], regions },
  };
}

test("the body carries the document, scenario and rules as edited, and the roles kept", () => {
  const request = { [C.constants().app_key]: { Roles: { exclude: [] }, Rules: [] } };
  assert.deepEqual(DR.dryRunBody({ doc, scenario, rules, request }), {
    document: doc,
    scenario,
    rules,
    roles: { exclude: [] },
  });
  assert.equal("roles" in DR.dryRunBody({ doc, scenario, rules, request: null }), false);
});

test("a dry run needs a scenario and a rule", () => {
  assert.match(DR.dryRunBlocked({ scenario: null, rules }, gettext), /scenario/);
  assert.match(DR.dryRunBlocked({ scenario, rules: [] }, gettext), /rule/);
  assert.equal(DR.dryRunBlocked({ scenario, rules }, gettext), null);
});

test("takes become marks in time order, each knowing its take", () => {
  const answer = { takes: [take(51, "back"), take(31, "share"), { at: null }] };
  assert.deepEqual(
    DR.takeMarks(answer).map((mark) => [mark.at, mark.rule, mark.index, mark.who]),
    [
      [31, "share", 1, "teacher"],
      [51, "back", 0, "teacher"],
    ],
  );
});

test("the take in force at a time is the last one at or before it", () => {
  const answer = { takes: [take(31, "share"), take(51, "back")] };
  assert.equal(DR.takeAt(answer, 10), null);
  assert.equal(DR.takeAt(answer, 31), 0);
  assert.equal(DR.takeAt(answer, 50.9), 0);
  assert.equal(DR.takeAt(answer, 60), 1);
});

test("a moment's regions are boxes in percent of its canvas; the screen share is told apart", () => {
  const screen = C.constants().stream_types.screen;
  const boxes = DR.momentBoxes(
    take(31, "share", [
      { kind: "video", user_id: "teacher", stream_type: screen, x: 0, y: 0, w: 1440, h: 1080, slot_index: 0 },
      { kind: "video", user_id: "teacher", stream_type: 0, x: 1440, y: 0, w: 480, h: 270, slot_index: 1 },
      { kind: "empty", user_id: null, x: 0, y: 0, w: 0, h: 0 },
    ]),
  );
  assert.equal(boxes.length, 2);
  assert.deepEqual([boxes[0].left, boxes[0].top, boxes[0].width, boxes[0].height], [0, 0, 75, 100]);
  assert.equal(DR.isScreen(boxes[0]), true);
  assert.equal(DR.isScreen(boxes[1]), false);
  assert.deepEqual(DR.momentBoxes({ regions: null }), []);
});

test("a take's picture is asked at about the width wanted, for the room then", () => {
  const body = DR.pictureBody(take(31, "share"), 96);
  assert.equal(body.document, doc);
  assert.deepEqual(body.participants, [{ UserId: "teacher" }]);
  assert.equal(body.scale, 0.05);
  assert.equal(DR.pictureBody({ ...take(31, "s"), regions: { canvas: { w: 80 } } }, 96).scale, 1);
});
