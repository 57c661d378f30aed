import { test } from "node:test";
import assert from "node:assert/strict";
import * as T from "../../../static/js/editor/timeline.js";
import { initialState, isDirty, reduce, requestToSave } from "../../../static/js/editor/state.js";

const talk = () => ({
  duration: 60,
  events: [
    { at: 0, type: "enter", UserId: "host" },
    { at: 0, type: "enter", UserId: "cohost" },
    { at: 1, type: "speaking", UserId: "host", level: 70 },
    { at: 20, type: "enter", UserId: "guest" },
    { at: 40, type: "camera", UserId: "host", on: false },
    { at: 50, type: "exit", UserId: "guest" },
  ],
});

const run = (state, ...actions) => actions.reduce(reduce, state);

// ---- the scenario a show keeps -------------------------------------------------------

test("a show's scenario is read from the request's own part", () => {
  const scenario = talk();
  assert.equal(T.scenarioOf({ RoomId: "1", MixStudio: { Scenario: scenario } }), scenario);
  assert.equal(T.scenarioOf({ RoomId: "1" }), null);
  assert.equal(T.scenarioOf({ MixStudio: "junk" }), null);
  assert.equal(T.scenarioOf(null), null);
});

test("a scenario is written into the request's own part beside what is already there", () => {
  const request = { WithTranscoding: 1, MixStudio: { OutputsOff: [{ PublishCdnUrl: "rtmp://a/b" }] } };
  const kept = T.withScenario(request, talk());
  assert.deepEqual(kept, {
    WithTranscoding: 1,
    MixStudio: { OutputsOff: [{ PublishCdnUrl: "rtmp://a/b" }], Scenario: talk() },
  });
  assert.deepEqual(
    request.MixStudio,
    { OutputsOff: [{ PublishCdnUrl: "rtmp://a/b" }] },
    "the given request is not changed",
  );
});

test("no scenario leaves no empty part of ours behind", () => {
  assert.deepEqual(T.withScenario({ RoomId: "1", MixStudio: { Scenario: talk() } }, null), { RoomId: "1" });
  assert.deepEqual(T.withScenario(null, talk()), { MixStudio: { Scenario: talk() } });
});

// ---- rows, marks and bars ------------------------------------------------------------

test("one row per person, in the order they first appear, another room being another person", () => {
  const scenario = talk();
  scenario.events.push({ at: 5, type: "enter", UserId: "host", RoomId: "9002", RoomIdType: 0 });
  assert.deepEqual(
    T.rows(scenario).map((row) => [row.UserId, row.RoomId]),
    [
      ["host", undefined],
      ["cohost", undefined],
      ["guest", undefined],
      ["host", "9002"],
    ],
  );
});

test("every event with a time and a person is a mark on its person's row", () => {
  const scenario = talk();
  scenario.events.push({ type: "enter", UserId: "nobody-knows-when" }, "not an event");
  const marks = T.marks(scenario);
  assert.deepEqual(
    marks.map((m) => [m.index, m.at, m.type, m.row]),
    [
      [0, 0, "enter", 0],
      [1, 0, "enter", 1],
      [2, 1, "speaking", 0],
      [3, 20, "enter", 2],
      [4, 40, "camera", 0],
      [5, 50, "exit", 2],
    ],
  );
  assert.equal(marks[4].on, false);
  assert.equal(marks[2].level, 70);
});

test("presence bars run from each entry to the next exit, or to the end", () => {
  assert.deepEqual(T.presence(talk()), [
    { row: 0, from: 0, to: 60 },
    { row: 1, from: 0, to: 60 },
    { row: 2, from: 20, to: 50 },
  ]);
});

test("a problem's path names its event", () => {
  assert.equal(T.eventIndexOfPath("scenario.events[3].at"), 3);
  assert.equal(T.eventIndexOfPath("MixStudio.Scenario.events[12]"), 12);
  assert.equal(T.eventIndexOfPath("events[0].UserId"), 0);
  assert.equal(T.eventIndexOfPath("scenario.duration"), null);
});

// ---- the axis ------------------------------------------------------------------------

test("times and pixels map both ways, snapped to tenths and kept within the scenario", () => {
  assert.equal(T.timeToX(30, 60, 600), 300);
  assert.equal(T.timeToX(90, 60, 600), 600);
  assert.equal(T.xToTime(123, 60, 600), 12.3);
  assert.equal(T.xToTime(-40, 60, 600), 0);
  assert.equal(T.xToTime(900, 60, 600), 60);
  assert.equal(T.xToTime(10, 60, 0), 0);
});

test("ticks are as dense as their labels allow", () => {
  assert.deepEqual(
    T.ticks(60, 600).map((t) => t.label),
    ["0:00", "0:10", "0:20", "0:30", "0:40", "0:50", "1:00"],
  );
  assert.equal(T.ticks(60, 3000)[1].at, 2);
  assert.deepEqual(
    T.ticks(3600, 600)
      .map((t) => t.label)
      .slice(0, 2),
    ["0:00", "10:00"],
  );
  assert.deepEqual(T.ticks(60, 0), []);
});

test("times read as minutes, seconds and tenths", () => {
  assert.equal(T.formatTime(75.25), "1:15.3");
  assert.equal(T.formatTime(5), "0:05.0");
  assert.equal(T.formatTime(59.96), "1:00.0");
  assert.equal(T.formatTime(600, false), "10:00");
  assert.equal(T.formatTime(-3), "0:00.0");
});

test("the room can change only at an event: two times of one moment are one moment", () => {
  const scenario = talk();
  assert.equal(T.momentOf(scenario, 25), 20);
  assert.equal(T.momentOf(scenario, 39.9), 20);
  assert.equal(T.momentOf(scenario, 40), 40);
  assert.equal(T.momentOf({ duration: 10, events: [{ at: 2 }] }, 1), null);
});

test("playback advances by the time elapsed times the speed, and stops at the end", () => {
  assert.deepEqual(T.advance(10, 500, 1, 60), { at: 10.5, ended: false });
  assert.deepEqual(T.advance(10, 500, 4, 60), { at: 12, ended: false });
  assert.deepEqual(T.advance(59.5, 500, 2, 60), { at: 60, ended: true });
});

// ---- edits ---------------------------------------------------------------------------

test("a new media event turns it on, a new speaking event speaks, a room is kept", () => {
  assert.deepEqual(T.newEvent({ type: "camera", UserId: "a", at: 3.14159 }), {
    at: 3.1,
    type: "camera",
    UserId: "a",
    on: true,
  });
  assert.deepEqual(T.newEvent({ type: "speaking", UserId: "a", at: 1, RoomId: "9002", RoomIdType: 0 }), {
    at: 1,
    type: "speaking",
    UserId: "a",
    level: T.NEW_LEVEL,
    RoomId: "9002",
    RoomIdType: 0,
  });
  assert.deepEqual(T.newEvent({ type: "enter", UserId: "a", at: -2 }), { at: 0, type: "enter", UserId: "a" });
});

test("adding to no scenario begins one; an event past the end makes it longer", () => {
  const begun = T.addEvent(null, T.newEvent({ type: "enter", UserId: "a", at: 0 }));
  assert.deepEqual(begun, { duration: T.NEW_DURATION, events: [{ at: 0, type: "enter", UserId: "a" }] });
  const longer = T.addEvent(begun, T.newEvent({ type: "exit", UserId: "a", at: 72.4 }));
  assert.equal(longer.duration, 73);
  assert.equal(longer.events.length, 2);
});

test("moving an event snaps it, keeps it within the scenario and keeps its place in the list", () => {
  const scenario = talk();
  const moved = T.moveEvent(scenario, 3, 24.04);
  assert.equal(moved.events[3].at, 24);
  assert.equal(moved.events[3].UserId, "guest");
  assert.equal(moved.events[0], scenario.events[0], "other events are the same objects");
  assert.equal(T.moveEvent(scenario, 3, 99).events[3].at, 60);
  assert.equal(T.moveEvent(scenario, 3, -5).events[3].at, 0);
  assert.equal(T.moveEvent(scenario, 3, 20), scenario, "no move, no new scenario");
  assert.equal(T.moveEvent(scenario, 42, 1), scenario);
});

test("an event's fields change, and undefined removes one", () => {
  const scenario = talk();
  assert.equal(T.updateEvent(scenario, 4, { on: true }).events[4].on, true);
  assert.deepEqual(T.updateEvent(scenario, 2, { level: undefined }).events[2], {
    at: 1,
    type: "speaking",
    UserId: "host",
  });
  assert.equal(T.updateEvent(scenario, 4, { on: false }), scenario);
});

test("events are removed by index and the length stays within its limit", () => {
  const scenario = talk();
  assert.deepEqual(
    T.removeEvent(scenario, 0).events.map((e) => e.UserId),
    ["cohost", "host", "guest", "host", "guest"],
  );
  assert.equal(T.removeEvent(scenario, 9), scenario);
  assert.equal(T.setDuration(scenario, 30.04).duration, 30);
  assert.equal(T.setDuration(scenario, 1e9).duration, 3600);
  assert.equal(T.setDuration(scenario, 0), scenario);
});

// ---- through the editor's reducer ----------------------------------------------------

const doc = { VideoEncode: { Width: 1280, Height: 720 }, LayoutParams: { MixLayoutMode: 3 } };
const savedPreset = (request) => ({ id: 7, version: 3, meta: {}, request });

test("a preset's scenario is in the state, and the state is clean", () => {
  const state = initialState({
    document: doc,
    preset: savedPreset({ RoomId: "8001", MixStudio: { Scenario: talk() } }),
  });
  assert.deepEqual(state.scenario, talk());
  assert.equal(isDirty(state), false);
  assert.equal(requestToSave(state), undefined, "an unchanged scenario sends no request");
});

test("scenario edits are undo steps, and a drag along the axis is one of them", () => {
  const start = initialState({
    document: doc,
    preset: savedPreset({ RoomId: "8001", MixStudio: { Scenario: talk() } }),
  });
  const dragged = run(
    start,
    { type: "moveScenarioEvent", index: 3, at: 21, coalesce: "drag-1" },
    { type: "moveScenarioEvent", index: 3, at: 22, coalesce: "drag-1" },
    { type: "moveScenarioEvent", index: 3, at: 23.5, coalesce: "drag-1" },
  );
  assert.equal(dragged.scenario.events[3].at, 23.5);
  assert.equal(isDirty(dragged), true);
  assert.equal(dragged.history.past.length, 1);
  const undone = reduce(dragged, { type: "undo" });
  assert.equal(undone.scenario, start.scenario);
  assert.equal(isDirty(undone), false);
});

test("the request saved carries the edited scenario in the show's own part, the rest as kept", () => {
  const request = { RoomId: "8001", RoomIdType: 0, MixStudio: { OutputsOff: [], Scenario: talk() } };
  const state = run(initialState({ document: doc, preset: savedPreset(request) }), {
    type: "removeScenarioEvent",
    index: 5,
  });
  const sent = requestToSave(state);
  assert.equal(sent.RoomId, "8001");
  assert.deepEqual(sent.MixStudio.OutputsOff, []);
  assert.equal(sent.MixStudio.Scenario.events.length, 5);
  const saved = reduce(state, {
    type: "saved",
    doc,
    meta: state.meta,
    scenario: state.scenario,
    preset: { ...savedPreset(sent), version: 4 },
  });
  assert.equal(isDirty(saved), false);
  assert.equal(saved.request.RoomId, "8001");
  assert.deepEqual(saved.request.MixStudio.Scenario, state.scenario);
});

test("a new preset with a scenario sends only the scenario in its request", () => {
  const state = run(initialState({ document: doc }), {
    type: "addScenarioEvent",
    event: T.newEvent({ type: "enter", UserId: "a", at: 0 }),
  });
  assert.deepEqual(requestToSave(state), { MixStudio: { Scenario: state.scenario } });
  assert.equal(state.scenarioSelection, 0);
});

test("seeking makes the room follow the scenario; the server's room becomes the participants", () => {
  const start = initialState({ document: doc, preset: savedPreset({ MixStudio: { Scenario: talk() } }) });
  assert.equal(start.followScenario, false);
  const sought = reduce(start, { type: "seek", at: 25 });
  assert.equal(sought.moment, 25);
  assert.equal(sought.followScenario, true);
  const people = [{ UserId: "host", RoomId: "main", RoomIdType: 1, camera: true, audio: true, screen: false }];
  const roomed = reduce(sought, { type: "scenarioRoom", participants: people });
  assert.equal(roomed.participants, people);
  assert.equal(roomed.participantsCustom, true);
  assert.equal(reduce(sought, { type: "seek", at: 999 }).moment, 60);
});

test("editing the participants by hand, or following the layout, stops following the scenario", () => {
  const following = reduce(initialState({ document: doc, preset: savedPreset({ MixStudio: { Scenario: talk() } }) }), {
    type: "seek",
    at: 5,
  });
  const people = [{ UserId: "x", RoomId: "main", RoomIdType: 1, camera: true, audio: true, screen: false }];
  assert.equal(reduce(following, { type: "addParticipant", participant: people[0] }).followScenario, false);
  assert.equal(reduce(following, { type: "followLayout" }).followScenario, false);
  const notFollowing = reduce(following, { type: "followLayout" });
  assert.equal(reduce(notFollowing, { type: "scenarioRoom", participants: people }), notFollowing);
});

test("a starter replaces the scenario from its start; none removes it and the room goes back to the layout", () => {
  const start = reduce(initialState({ document: doc }), { type: "seek", at: 12 });
  const picked = reduce(start, { type: "setScenario", scenario: talk() });
  assert.equal(picked.moment, 0);
  assert.equal(picked.followScenario, true);
  const roomed = reduce(picked, { type: "scenarioRoom", participants: [] });
  const removed = reduce(roomed, { type: "setScenario", scenario: null });
  assert.equal(removed.scenario, null);
  assert.equal(removed.followScenario, false);
  assert.equal(removed.participantsCustom, false);
  assert.equal(reduce(removed, { type: "undo" }).scenario, picked.scenario);
});
