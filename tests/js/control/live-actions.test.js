import assert from "node:assert/strict";
import { test } from "node:test";

import * as act from "../../../static/js/control/live-actions.js";
import { constants } from "../../../static/js/editor/contract.js";

const host = { UserInfo: { UserId: "host", RoomId: "8888", RoomIdType: 1 } };
const task = {
  room_id: "8888",
  room_id_type: 1,
  params: {
    RoomId: "8888",
    RoomIdType: 1,
    AudioParams: { AudioEncode: { SampleRate: 48000 }, SubscribeAudioList: [host] },
    PublishCdnParams: [
      { PublishCdnUrl: "rtmp://a/live/x", IsTencentCdn: 1 },
      { PublishCdnUrl: "rtmp://b/live/y?txSecret=***", IsTencentCdn: 1 },
    ],
    SeiParams: { LayoutVolume: { AppData: "a", PayloadType: 100 } },
  },
  outputs_off: [],
};
const { app_key: ours, outputs_off_key: off } = constants();

test("muting sends both audio lists and never the encoding (R33, R55)", () => {
  const part = act.mute(task, act.userInfo(task, "guest"));
  assert.deepEqual(part, {
    AudioParams: {
      SubscribeAudioList: [host],
      UnSubscribeAudioList: [{ UserInfo: { UserId: "guest", RoomId: "8888", RoomIdType: 1 } }],
    },
  });
  assert.equal(task.params.AudioParams.UnSubscribeAudioList, undefined); // the task is not changed
});

test("a guest of another room is heard at a sound level; a second hear replaces the level", () => {
  const rival = act.userInfo(task, "rival", "9999");
  const once = act.hear(task, rival, "70");
  assert.deepEqual(once.AudioParams.SubscribeAudioList[1], {
    UserInfo: { UserId: "rival", RoomId: "9999", RoomIdType: 1 },
    SoundLevel: 70,
  });
  const again = act.hear({ ...task, params: { ...task.params, AudioParams: once.AudioParams } }, rival, "40");
  assert.equal(again.AudioParams.SubscribeAudioList.length, 2);
  assert.equal(again.AudioParams.SubscribeAudioList[1].SoundLevel, 40);
  assert.deepEqual(act.mixEveryone(task).AudioParams.SubscribeAudioList, []);
});

// A task whose lists name users without a room: B.5 puts them in the task's own room.
const roomless = {
  ...task,
  params: {
    ...task.params,
    AudioParams: {
      SubscribeAudioList: [{ UserInfo: { UserId: "host" }, SoundLevel: 50 }],
      UnSubscribeAudioList: [{ UserInfo: { UserId: "guest", RoomId: "" } }],
    },
  },
};

test("muting a user listed without a RoomId keeps their one entry (B.5)", () => {
  const part = act.mute(roomless, act.userInfo(roomless, "guest"));
  assert.deepEqual(part.AudioParams.UnSubscribeAudioList, [{ UserInfo: { UserId: "guest", RoomId: "" } }]);
  const named = act.mute(roomless, act.userInfo(roomless, "guest", "8888"));
  assert.equal(named.AudioParams.UnSubscribeAudioList.length, 1);
});

test("setting the level of a user listed without a RoomId changes their entry (B.5)", () => {
  const part = act.hear(roomless, act.userInfo(roomless, "host"), "80");
  assert.deepEqual(part.AudioParams.SubscribeAudioList, [{ UserInfo: { UserId: "host" }, SoundLevel: 80 }]);
  const cleared = act.hear(roomless, act.userInfo(roomless, "host"), "");
  assert.deepEqual(cleared.AudioParams.SubscribeAudioList, [{ UserInfo: { UserId: "host" } }]);
});

test("the same user of another room is another entry", () => {
  const part = act.hear(roomless, act.userInfo(roomless, "host", "9999"), "70");
  assert.deepEqual(
    part.AudioParams.SubscribeAudioList.map((entry) => act.roomOf(roomless, entry).RoomId),
    ["8888", "9999"],
  );
});

test("the room of a user listed without one is the task's, as the contract says", () => {
  assert.deepEqual(constants().user_room_defaults, { RoomId: "RoomId", RoomIdType: "RoomIdType" });
  assert.deepEqual(act.roomOf(roomless, roomless.params.AudioParams.SubscribeAudioList[0]), {
    RoomId: "8888",
    RoomIdType: 1,
  });
});

test("an output turned off moves to our own part as it is shown, and comes back", () => {
  const offPart = act.turnOff(task, 1);
  assert.deepEqual(
    offPart.PublishCdnParams.map((t) => t.PublishCdnUrl),
    ["rtmp://a/live/x"],
  );
  assert.deepEqual(offPart[ours][off], [{ PublishCdnUrl: "rtmp://b/live/y?txSecret=***", IsTencentCdn: 1 }]);
  const later = {
    ...task,
    params: { ...task.params, PublishCdnParams: offPart.PublishCdnParams },
    outputs_off: offPart[ours][off],
  };
  const onPart = act.turnOn(later, 0);
  assert.equal(onPart.PublishCdnParams.length, 2);
  assert.deepEqual(onPart[ours][off], []);
});

test("adding and replacing an output keep the others", () => {
  const added = act.addOutput(task, "rtmp://c/live/z", false);
  assert.deepEqual(added.PublishCdnParams[2], { PublishCdnUrl: "rtmp://c/live/z", IsTencentCdn: 0 });
  const replaced = act.replaceOutput(task, 0, "rtmp://d/live/w");
  assert.equal(replaced.PublishCdnParams[0].PublishCdnUrl, "rtmp://d/live/w");
  assert.equal(replaced.PublishCdnParams[1].PublishCdnUrl, "rtmp://b/live/y?txSecret=***");
});

test("SEI keeps the fields it has no control for and leaves out an unchecked part", () => {
  const part = act.sei(task, { volume: true, appData: "b", payloadType: "", interval: "500", followIdr: true });
  assert.deepEqual(part, { SeiParams: { LayoutVolume: { AppData: "b", Interval: 500, FollowIdr: 1 } } });
  assert.deepEqual(act.sei(task, { volume: false, pass: false }), { SeiParams: {} });
});

test("push-back rooms and the relayed user are whole parts", () => {
  assert.deepEqual(act.feedbackRooms([{ roomId: "7", roomIdType: "0", userId: "fb", userSig: "" }, { roomId: "" }]), {
    FeedBackRoomParams: [{ RoomId: "7", RoomIdType: 0, UserId: "fb" }],
  });
  assert.deepEqual(act.relayUser(task, "alice", "", "1").SingleSubscribeParams.UserMediaStream, {
    UserInfo: { UserId: "alice", RoomId: "8888", RoomIdType: 1 },
    StreamType: 1,
  });
});
