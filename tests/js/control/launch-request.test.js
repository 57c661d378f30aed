import assert from "node:assert/strict";
import { test } from "node:test";

import { audioList, buildRequest } from "../../../static/js/control/launch-request.js";
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
