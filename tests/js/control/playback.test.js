import assert from "node:assert/strict";
import { test } from "node:test";

import { buildRequest, formFromRequest } from "../../../static/js/control/launch-request.js";
import { programSource } from "../../../static/js/control/program-player.js";
import { NO_PICTURE, OFF_AIR, ON_AIR, tallyOf, wallSummary } from "../../../static/js/control/wall-tally.js";
import { constants } from "../../../static/js/editor/contract.js";

const PLAYBACK = "PlaybackUrls"; // the launch page's data-playback-key (layouts/core/show.py)
const form = {
  roomId: "195044",
  roomIdType: "0",
  mode: "mix",
  sampleRate: "48000",
  channel: "2",
  audioBitRate: "64",
  codec: "0",
  audioMix: "everyone",
};

test("each output's playback URL goes to our own part, beside the outputs turned off", () => {
  const outputs = [
    { url: "rtmp://a/live/x", tencent: true, on: true, playback: "https://play/x.m3u8" },
    { url: "rtmp://b/live/y", tencent: true, on: false, playback: "https://play/y.flv" },
    { url: "rtmp://c/live/z", tencent: true, on: true },
  ];
  const body = buildRequest({ ...form, outputs }, {}, null, { playbackKey: PLAYBACK });
  const { app_key: ours, outputs_off_key: off } = constants();
  assert.deepEqual(body[ours][PLAYBACK], [
    { PublishCdnUrl: "rtmp://a/live/x", PlaybackUrl: "https://play/x.m3u8" },
    { PublishCdnUrl: "rtmp://b/live/y", PlaybackUrl: "https://play/y.flv" },
  ]);
  assert.deepEqual(body[ours][off], [{ PublishCdnUrl: "rtmp://b/live/y", IsTencentCdn: 1 }]);
  assert.deepEqual(formFromRequest(body, { playbackKey: PLAYBACK }).outputs, [outputs[0], outputs[2], outputs[1]]);
});

test("an untouched show keeps its playback URLs; without any, our part is left out", () => {
  const { app_key: ours } = constants();
  const entry = { PublishCdnUrl: "rtmp://a/live/x", PlaybackUrl: "https://play/x.m3u8" };
  const base = {
    RoomId: "1",
    PublishCdnParams: [{ PublishCdnUrl: "rtmp://a/live/x" }],
    [ours]: { [PLAYBACK]: [entry] },
  };
  const kept = buildRequest({ ...form }, base, new Set(), { playbackKey: PLAYBACK });
  assert.deepEqual(kept[ours], { [PLAYBACK]: [entry] });
  const cleared = buildRequest(
    { ...form, outputs: [{ url: "rtmp://a/live/x", tencent: true, on: true, playback: "" }] },
    base,
    new Set(["outputs"]),
    { playbackKey: PLAYBACK },
  );
  assert.equal(ours in cleared, false);
});

test("the program answer says which player plays it", () => {
  assert.deepEqual(programSource({ hls: "/sandbox/program/1/index.m3u8", sei: "x" }), {
    kind: "hls",
    url: "/sandbox/program/1/index.m3u8",
  });
  assert.deepEqual(programSource({ flv: "https://play/x.flv" }), { kind: "flv", url: "https://play/x.flv" });
  assert.equal(programSource({}), null);
  assert.equal(programSource(null), null);
});

test("a running task is on air with a moving picture; the wall counts outputs in trouble", () => {
  const running = { id: 1, status: "running", outputs: [{ PublishCdnUrl: "rtmp://a" }, { PublishCdnUrl: "rtmp://b" }] };
  running.cdn_status = { "rtmp://a": { name: "running" }, "rtmp://b": { name: "failure" } };
  const quiet = { id: 2, status: "running", outputs: [] };
  assert.equal(tallyOf(running, true), ON_AIR);
  assert.equal(tallyOf(running, false), NO_PICTURE);
  assert.equal(tallyOf({ status: "stopping" }, true), OFF_AIR);
  const summary = wallSummary([running, quiet], new Map([[1, ON_AIR]]));
  assert.deepEqual(summary, { [ON_AIR]: 1, [NO_PICTURE]: 1, [OFF_AIR]: 0, outputs: 2, trouble: 1 });
});
