import assert from "node:assert/strict";
import { test } from "node:test";

import { swapSlotUsers } from "../../../static/js/control/diff.js";

const program = {
  VideoEncode: { Width: 1280, Height: 720, Fps: 25, BitRate: 1500, Gop: 2 },
  LayoutParams: {
    MixLayoutMode: 4,
    MixLayoutList: [{ LocationX: 0, UserMediaStream: { UserInfo: { UserId: "a" } } }, { LocationX: 640 }],
  },
  BackgroundImageUrl: "https://x/bg.png",
};

test("swapping two slots' users moves their bindings and leaves geometry", () => {
  const swapped = swapSlotUsers(program, 0, 1);
  assert.equal(swapped.LayoutParams.MixLayoutList[0].UserMediaStream, undefined);
  assert.equal(swapped.LayoutParams.MixLayoutList[1].UserMediaStream.UserInfo.UserId, "a");
  assert.equal(swapped.LayoutParams.MixLayoutList[1].LocationX, 640);
  assert.equal(program.LayoutParams.MixLayoutList[0].UserMediaStream.UserInfo.UserId, "a");
});

test("a swap that would change nothing on air says why", async () => {
  const { swapUnchanged } = await import("../../../static/js/control/diff.js");
  const auto = { LayoutParams: { MixLayoutList: [{}, {}, { UserMediaStream: { UserInfo: { UserId: "a" } } }] } };
  assert.equal(swapUnchanged(auto, 0, 1), "both-auto");
  assert.equal(swapUnchanged(auto, 1, 1), "same");
  assert.equal(swapUnchanged(auto, 0, 2), null);
  const twice = {
    LayoutParams: { MixLayoutList: [auto.LayoutParams.MixLayoutList[2], auto.LayoutParams.MixLayoutList[2]] },
  };
  assert.equal(swapUnchanged(twice, 0, 1), "same-user");
});
