import assert from "node:assert/strict";
import { test } from "node:test";

import {
  SPEAKING_FROM,
  SPOKEN_LEVEL,
  previewParticipants,
  roomEvent,
  roomRows,
  scenarioProgress,
  speakEvent,
  toggleEvent,
} from "../../../static/js/control/room-view.js";

const NOW = 1_700_000_060_000;
const room = {
  participants: [
    {
      UserId: "host",
      RoomId: "8001",
      RoomIdType: 0,
      camera: true,
      audio: true,
      screen: false,
      since_ms: NOW - 61_000,
      level: 70,
      on_air: [{ slot: 1, tile: 1, stream: "camera", picture: true }],
    },
    {
      UserId: "guest",
      RoomId: "9002",
      RoomIdType: 0,
      camera: false,
      audio: true,
      screen: true,
      since_ms: null,
      level: null,
      on_air: [],
    },
  ],
};

test("rows keep join order, how long each has been in and who speaks", () => {
  const [host, guest] = roomRows(room, NOW, "8001");
  assert.equal(host.userId, "host");
  assert.equal(host.seconds, 61);
  assert.equal(host.speaking, true);
  assert.deepEqual(host.onAir, [{ slot: 1, tile: 1, stream: "camera", picture: true }]);
  assert.equal(guest.seconds, null);
  assert.equal(guest.level, null);
  assert.equal(guest.speaking, false);
});

test("someone from another room is marked as such", () => {
  const [host, guest] = roomRows(room, NOW, "8001");
  assert.equal(host.elsewhere, false);
  assert.equal(guest.elsewhere, true);
});

test("a murmur below the speaking level is not speaking", () => {
  const quiet = { participants: [{ ...room.participants[0], level: SPEAKING_FROM - 1 }] };
  assert.equal(roomRows(quiet, NOW)[0].speaking, false);
});

test("each action is one room event naming the person and their room", () => {
  const [host, guest] = roomRows(room, NOW, "8001");
  assert.deepEqual(toggleEvent(host, "camera"), {
    type: "camera",
    UserId: "host",
    RoomId: "8001",
    RoomIdType: 0,
    on: false,
  });
  assert.deepEqual(toggleEvent(guest, "screen").on, false);
  assert.deepEqual(roomEvent("exit", guest), { type: "exit", UserId: "guest", RoomId: "9002", RoomIdType: 0 });
});

test("speak makes someone speak, and stops them when they do", () => {
  const [host, guest] = roomRows(room, NOW);
  assert.equal(speakEvent(host).level, 0);
  assert.equal(speakEvent(guest).level, SPOKEN_LEVEL);
  assert.equal(speakEvent(guest).type, "speaking");
});

test("the scenario's progress is a fraction of its length", () => {
  assert.equal(scenarioProgress(null), null);
  assert.equal(scenarioProgress({ position: 15, duration: 60 }), 0.25);
  assert.equal(scenarioProgress({ position: 90, duration: 60 }), 1);
});

test("the room's people as a preview's participants: its own keys left out", () => {
  assert.deepEqual(previewParticipants(room)[0], {
    UserId: "host",
    RoomId: "8001",
    RoomIdType: 0,
    camera: true,
    audio: true,
    screen: false,
  });
  assert.deepEqual(
    previewParticipants(room).map((p) => p.UserId),
    room.participants.map((p) => p.UserId),
    "in join order",
  );
  assert.deepEqual(previewParticipants(null), []);
});
