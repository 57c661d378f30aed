import assert from "node:assert/strict";
import { test } from "node:test";

import {
  audioList,
  audioText,
  buildRequest,
  cloudStorage,
  formFromRequest,
  pastedBody,
} from "../../../static/js/control/launch-request.js";
import { constants } from "../../../static/js/editor/contract.js";
import { cdnHealth, displayUrl, formatDuration, uptimeSeconds } from "../../../static/js/control/format.js";

const base = {
  roomId: "195044",
  roomIdType: "0",
  mode: "mix",
  sampleRate: "48000",
  channel: "2",
  audioBitRate: "64",
  codec: "0",
  audioMix: "everyone",
  outputs: [{ url: "rtmp://a/live/x", tencent: true }],
};

test("a mix request transcodes and sends every CDN flag explicitly", () => {
  const body = buildRequest({ ...base, outputs: [{ url: "rtmp://a/live/x", tencent: false }] });
  assert.equal(body.WithTranscoding, 1);
  assert.deepEqual(body.PublishCdnParams, [{ PublishCdnUrl: "rtmp://a/live/x", IsTencentCdn: 0 }]);
  assert.deepEqual(body.AudioParams.AudioEncode, { SampleRate: 48000, Channel: 2, BitRate: 64, Codec: 0 });
  assert.equal(body.SubscribeAudioList, undefined);
});

test("a whitelist carries sound levels and the main room", () => {
  const list = audioList("alice, 80\nbob\n\n", { RoomId: "7", RoomIdType: 0 }, true);
  assert.deepEqual(list, [
    { UserInfo: { UserId: "alice", RoomId: "7", RoomIdType: 0 }, SoundLevel: 80 },
    { UserInfo: { UserId: "bob", RoomId: "7", RoomIdType: 0 } },
  ]);
});

test("single-stream relay does not transcode and names the stream", () => {
  const body = buildRequest({
    ...base,
    mode: "relay",
    relayUserId: "alice",
    relayStreamType: "1",
    relayWithVideo: true,
    relayWidth: "1280",
    relayHeight: "720",
    relayFps: "15",
    relayBitRate: "900",
    relayGop: "2",
  });
  assert.equal(body.WithTranscoding, 0);
  assert.deepEqual(body.VideoParams.VideoEncode, { Width: 1280, Height: 720, Fps: 15, BitRate: 900, Gop: 2 });
  assert.deepEqual(body.SingleSubscribeParams.UserMediaStream, {
    UserInfo: { UserId: "alice", RoomId: "195044", RoomIdType: 0 },
    StreamType: 1,
  });
});

test("empty outputs and rooms are left out; SEI only when asked for", () => {
  const body = buildRequest({ ...base, outputs: [{ url: "", tencent: true }], seiLayoutVolume: true });
  assert.equal(body.PublishCdnParams, undefined);
  assert.deepEqual(body.SeiParams, { LayoutVolume: {} });
});

test("uptime runs to the stop time and formats as h:mm:ss", () => {
  const task = { created_at: "2026-01-01T00:00:00Z", stopped_at: "2026-01-01T01:02:03Z" };
  assert.equal(uptimeSeconds(task), 3723);
  assert.equal(formatDuration(3723), "1:02:03");
  assert.equal(formatDuration(65), "1:05");
});

test("CDN health lists every target, reported or not, and hides URL secrets", () => {
  const task = {
    params: { PublishCdnParams: [{ PublishCdnUrl: "rtmp://a/x?txSecret=s" }, { PublishCdnUrl: "rtmp://b/y" }] },
    cdn_status: { "rtmp://b/y": { name: "running", status: 2 } },
  };
  assert.deepEqual(
    cdnHealth(task).map((o) => o.status),
    ["no-report", "running"],
  );
  assert.equal(displayUrl("rtmp://a/x?txSecret=s"), "rtmp://a/x");
});

test("CDN health reads a list item's outputs when it has no parameters", () => {
  const item = {
    outputs: [{ PublishCdnUrl: "rtmp://a/x" }],
    cdn_status: { "rtmp://a/x": { name: "running", status: 2 } },
  };
  assert.deepEqual(
    cdnHealth(item).map((o) => [o.url, o.status]),
    [["rtmp://a/x", "running"]],
  );
});

// ---- a whole show: a base body, parts touched or not ---------------------------------

const seed = {
  AudioParams: {
    SubscribeAudioList: [{ UserInfo: { RoomIdType: 0, RoomId: "195044", UserId: "Trtc_User_0" } }],
    AudioEncode: { SampleRate: 48000, Codec: 0, BitRate: 64, Channel: 2 },
  },
  AgentParams: { MaxIdleTime: 30, UserId: "trtc_partner_test_1" },
  VideoParams: { VideoEncode: { Height: 720, Width: 1280, Fps: 15, BitRate: 512, Gop: 2 } },
  PublishCdnParams: [{ PublishCdnUrl: "rtmp://3891.livepush.myqcloud.com/live/a", IsTencentCdn: 0 }],
  RoomIdType: 0,
  SdkAppId: 1400188366,
  WithTranscoding: 1,
  RoomId: "195044",
  RecordParams: { UniRecord: 3, McuStorageParams: { CloudStorage: { Vendor: 0, Bucket: "b" } } },
};

test("a body shown in the form and left alone is sent key for key", () => {
  const form = { ...formFromRequest(seed), sdkAppId: "1400188366" };
  assert.deepEqual(buildRequest(form, seed, new Set()), seed);
});

test("the app chosen names the SdkAppId whatever the body said", () => {
  assert.equal(buildRequest({ sdkAppId: "1400000001" }, seed, new Set()).SdkAppId, 1400000001);
});

test("a touched part is built from the form and keeps what the form has no control for", () => {
  const form = { ...formFromRequest(seed), recordKey: "night_show" };
  const body = buildRequest(form, seed, new Set(["record"]));
  assert.deepEqual(body.RecordParams, {
    UniRecord: 3,
    RecordKey: "night_show",
    McuStorageParams: { CloudStorage: { Vendor: 0, Bucket: "b" } },
  });
  assert.deepEqual(body.AudioParams, seed.AudioParams); // untouched
});

test("a part the base lacks comes from the form", () => {
  const body = buildRequest({ ...base, seiLayoutVolume: true, seiAppData: "x" }, { WithTranscoding: 1 }, new Set());
  assert.deepEqual(body.SeiParams, { LayoutVolume: { AppData: "x" } });
  assert.deepEqual(body.PublishCdnParams, [{ PublishCdnUrl: "rtmp://a/live/x", IsTencentCdn: 1 }]);
});

test("a cross-room whitelist names the other room and reads back the same", () => {
  const room = { RoomId: "8888", RoomIdType: 1 };
  const list = audioList("host\nrival @ 9999, 70", room, true);
  assert.deepEqual(list, [
    { UserInfo: { UserId: "host", RoomId: "8888", RoomIdType: 1 } },
    { UserInfo: { UserId: "rival", RoomId: "9999", RoomIdType: 1 }, SoundLevel: 70 },
  ]);
  assert.equal(audioText(list, room), "host\nrival @ 9999, 70");
});

test("an output that is not on goes to our own part, never to PublishCdnParams", () => {
  const outputs = [
    { url: "rtmp://a/live/x", tencent: true, on: true },
    { url: "rtmp://b/live/y", tencent: false, on: false },
  ];
  const body = buildRequest({ ...base, outputs });
  const { app_key: ours, outputs_off_key: off } = constants();
  assert.deepEqual(body.PublishCdnParams, [{ PublishCdnUrl: "rtmp://a/live/x", IsTencentCdn: 1 }]);
  assert.deepEqual(body[ours], { [off]: [{ PublishCdnUrl: "rtmp://b/live/y", IsTencentCdn: 0 }] });
  assert.deepEqual(formFromRequest(body).outputs, outputs);
});

test("push-back rooms take a UserSig; pass-through SEI its interval and keyframes", () => {
  const body = buildRequest({
    ...base,
    feedback: [{ roomId: "7", roomIdType: "0", userId: "fb_7", userSig: "eJw" }],
    seiPassThrough: true,
    passContent: "cue",
    passType: "100",
    passInterval: "500",
    passFollowIdr: true,
  });
  assert.deepEqual(body.FeedBackRoomParams, [{ RoomId: "7", RoomIdType: 0, UserId: "fb_7", UserSig: "eJw" }]);
  assert.deepEqual(body.SeiParams.PassThrough, {
    PayloadContent: "cue",
    PayloadType: 100,
    Interval: 500,
    FollowIdr: 1,
  });
});

test("a pasted Update body leaves out the task it named; bad text says why", () => {
  const body = pastedBody('{"SdkAppId": 1, "TaskId": "t", "SequenceNumber": 3, "SeiParams": {}}');
  assert.deepEqual(body, { SdkAppId: 1, SeiParams: {} });
  assert.throws(() => pastedBody("{nope"), { reason: "json" });
  assert.throws(() => pastedBody("[1]"), { reason: "object" });
});

test("the storage keys a preset never keeps are asked for and sent, the body left alone", () => {
  assert.deepEqual(cloudStorage(seed), { Vendor: 0, Bucket: "b" });
  const shown = formFromRequest(seed);
  assert.equal(shown.storageAccessKey, "");
  const form = { ...shown, storageAccessKey: "AKIDcos", storageSecretKey: "cos-secret" };
  const body = buildRequest(form, seed, new Set());
  assert.deepEqual(body.RecordParams.McuStorageParams.CloudStorage, {
    Vendor: 0,
    Bucket: "b",
    AccessKey: "AKIDcos",
    SecretKey: "cos-secret",
  });
  assert.deepEqual(seed.RecordParams.McuStorageParams.CloudStorage, { Vendor: 0, Bucket: "b" });
  assert.equal(cloudStorage({ RecordParams: { McuStorageParams: { McuCloudVod: {} } } }), null);
});

test("an audio-list user of a room of the other type names its RoomIdType and reads back the same", () => {
  const room = { RoomId: "8888", RoomIdType: 0 };
  const list = audioList("guest @ studio-b / 1, 60\nhost\nrival @ 9999\ntwin @ 8888 / 1", room, true);
  assert.deepEqual(list, [
    { UserInfo: { UserId: "guest", RoomId: "studio-b", RoomIdType: 1 }, SoundLevel: 60 },
    { UserInfo: { UserId: "host", RoomId: "8888", RoomIdType: 0 } },
    { UserInfo: { UserId: "rival", RoomId: "9999", RoomIdType: 0 } },
    { UserInfo: { UserId: "twin", RoomId: "8888", RoomIdType: 1 } },
  ]);
  assert.equal(audioText(list, room), "guest @ studio-b / 1, 60\nhost\nrival @ 9999\ntwin @ 8888 / 1");
});

test("the relayed user may be in a room of the other type", () => {
  const form = { ...base, mode: "relay", relayUserId: "guest", relayRoomId: "studio-b", relayRoomIdType: "1" };
  const body = buildRequest(form);
  assert.deepEqual(body.SingleSubscribeParams.UserMediaStream.UserInfo, {
    UserId: "guest",
    RoomId: "studio-b",
    RoomIdType: 1,
  });
  const shown = formFromRequest({ ...body, RoomId: "195044", RoomIdType: 0 });
  assert.equal(shown.relayRoomId, "studio-b");
  assert.equal(shown.relayRoomIdType, "1");
});
