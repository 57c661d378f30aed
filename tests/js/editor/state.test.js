import { test } from "node:test";
import assert from "node:assert/strict";
import { initialState, isDirty, layersFromMeta, metaOf, reduce, remapIds } from "../../../static/js/editor/state.js";

function documentWith(slots = 2) {
  return {
    VideoEncode: { Width: 1280, Height: 720, Fps: 25, BitRate: 1500, Gop: 2 },
    LayoutParams: {
      MixLayoutMode: 4,
      MixLayoutList: Array.from({ length: slots }, (_, i) => ({
        LocationX: i * 640,
        LocationY: 0,
        ImageWidth: 640,
        ImageHeight: 720,
        ZOrder: 0,
        RenderMode: 0,
      })),
    },
    BackGroundColor: "0x000000",
  };
}

const run = (state, ...actions) => actions.reduce(reduce, state);

test("a new state is not dirty and has nothing to undo", () => {
  const state = initialState({ document: documentWith() });
  assert.equal(isDirty(state), false);
  assert.equal(state.history.past.length, 0);
});

test("setRects changes only the rectangle and keeps unknown keys", () => {
  const doc = documentWith();
  doc.LayoutParams.MixLayoutList[0].Future = { keep: true };
  doc.Unknown = [1, 2];
  const state = run(initialState({ document: doc }), {
    type: "setRects",
    rects: { "slot:0": { x: 10, y: 20, w: 300, h: 200 } },
  });
  const slot = state.doc.LayoutParams.MixLayoutList[0];
  assert.deepEqual(slot, {
    LocationX: 10,
    LocationY: 20,
    ImageWidth: 300,
    ImageHeight: 200,
    ZOrder: 0,
    RenderMode: 0,
    Future: { keep: true },
  });
  assert.equal(state.doc.Unknown, doc.Unknown);
  assert.equal(state.doc.LayoutParams.MixLayoutList[1], doc.LayoutParams.MixLayoutList[1]);
  assert.equal(isDirty(state), true);
});

test("undo after an edit returns the very same document and is clean again", () => {
  const start = initialState({ document: documentWith() });
  const edited = run(start, { type: "setDocField", path: ["VideoEncode", "Fps"], value: 30 });
  const undone = reduce(edited, { type: "undo" });
  assert.equal(undone.doc, start.doc);
  assert.equal(isDirty(undone), false);
  const redone = reduce(undone, { type: "redo" });
  assert.equal(redone.doc.VideoEncode.Fps, 30);
});

test("selection changes make no undo step", () => {
  const state = run(initialState({ document: documentWith() }), { type: "select", ids: ["slot:1"] });
  assert.deepEqual(state.selection, ["slot:1"]);
  assert.equal(state.history.past.length, 0);
});

test("shift-click toggles an element in and out of the selection", () => {
  const state = run(
    initialState({ document: documentWith() }),
    { type: "select", ids: ["slot:0"] },
    { type: "select", ids: ["slot:1"], mode: "toggle" },
  );
  assert.deepEqual(state.selection, ["slot:0", "slot:1"]);
  assert.deepEqual(reduce(state, { type: "select", ids: ["slot:0"], mode: "toggle" }).selection, ["slot:1"]);
});

test("nudging stops at the canvas edge", () => {
  const state = run(
    initialState({ document: documentWith() }),
    { type: "select", ids: ["slot:1"] },
    { type: "nudge", dx: 10, dy: 0 },
  );
  assert.equal(state.doc.LayoutParams.MixLayoutList[1].LocationX, 640);
  assert.equal(state.history.past.length, 0, "a move that does nothing is no undo step");
  const left = reduce(state, { type: "nudge", dx: -10, dy: 0 });
  assert.equal(left.doc.LayoutParams.MixLayoutList[1].LocationX, 630);
});

test("locked elements do not move", () => {
  const state = run(
    initialState({ document: documentWith() }),
    { type: "select", ids: ["slot:1"] },
    { type: "toggleLock" },
    { type: "nudge", dx: -10, dy: 0 },
  );
  assert.equal(state.doc.LayoutParams.MixLayoutList[1].LocationX, 640);
  assert.deepEqual(state.locked, ["slot:1"]);
});

test("setField edits a nested field of one element and undefined removes it", () => {
  let state = run(initialState({ document: documentWith() }), {
    type: "setField",
    id: "slot:0",
    path: ["UserMediaStream", "UserInfo", "UserId"],
    value: "anchor",
  });
  assert.deepEqual(state.doc.LayoutParams.MixLayoutList[0].UserMediaStream, { UserInfo: { UserId: "anchor" } });
  state = reduce(state, { type: "setField", id: "slot:0", path: ["UserMediaStream"], value: undefined });
  assert.equal("UserMediaStream" in state.doc.LayoutParams.MixLayoutList[0], false);
});

test("adding a slot selects it and stops at 16 slots (R37)", () => {
  let state = initialState({ document: documentWith(15) });
  state = reduce(state, { type: "addSlot" });
  assert.equal(state.doc.LayoutParams.MixLayoutList.length, 16);
  assert.deepEqual(state.selection, ["slot:15"]);
  assert.equal(reduce(state, { type: "addSlot" }), state);
});

test("a text watermark gets the text given and sits above every slot", () => {
  const state = reduce(initialState({ document: documentWith() }), {
    type: "addWatermark",
    kind: "text",
    text: "LIVE",
  });
  const mark = state.doc.WaterMarkList[0];
  assert.equal(mark.WaterMarkType, 1);
  assert.equal(mark.WaterMarkText.Text, "LIVE");
  assert.equal(mark.WaterMarkText.ZOrder, 1);
  assert.deepEqual(state.selection, ["wm:0"]);
});

test("deleting removes the selected elements and renumbers the locks", () => {
  const state = run(
    initialState({ document: documentWith(3) }),
    { type: "select", ids: ["slot:2"] },
    { type: "toggleLock" },
    { type: "select", ids: ["slot:0"] },
    { type: "deleteSelection" },
  );
  assert.equal(state.doc.LayoutParams.MixLayoutList.length, 2);
  assert.equal(state.doc.LayoutParams.MixLayoutList[0].LocationX, 640);
  assert.deepEqual(state.locked, ["slot:1"]);
});

test("remapIds shifts later indices of the same kind only", () => {
  assert.deepEqual(remapIds(["slot:3", "wm:3", "slot:1"], ["slot:0", "slot:2"]), ["slot:1", "wm:3", "slot:0"]);
});

test("copy and paste add an offset copy and select it", () => {
  const state = run(
    initialState({ document: documentWith() }),
    { type: "select", ids: ["slot:0"] },
    { type: "copySelection" },
    { type: "paste" },
  );
  const slots = state.doc.LayoutParams.MixLayoutList;
  assert.equal(slots.length, 3);
  assert.deepEqual([slots[2].LocationX, slots[2].LocationY], [20, 0], "clamped: the copy stays inside");
  assert.deepEqual(state.selection, ["slot:2"]);
});

test("duplicate copies the selection", () => {
  const state = run(
    initialState({ document: documentWith(1) }),
    { type: "select", ids: ["slot:0"] },
    { type: "duplicateSelection" },
  );
  assert.equal(state.doc.LayoutParams.MixLayoutList.length, 2);
});

test("bring to front puts an element above every other", () => {
  const state = run(
    initialState({ document: documentWith(3) }),
    { type: "select", ids: ["slot:0"] },
    { type: "zorder", op: "front" },
  );
  assert.equal(state.doc.LayoutParams.MixLayoutList[0].ZOrder, 1);
});

test("send to back lifts the others when the element is already at 0", () => {
  const doc = documentWith(2);
  doc.LayoutParams.MixLayoutList[1].ZOrder = 2;
  const state = run(
    initialState({ document: doc }),
    { type: "select", ids: ["slot:1"] },
    { type: "zorder", op: "back" },
  );
  const [a, b] = state.doc.LayoutParams.MixLayoutList;
  assert.equal(b.ZOrder, 0);
  assert.equal(a.ZOrder, 1);
});

test("backward never goes below 0", () => {
  const state = run(
    initialState({ document: documentWith() }),
    { type: "select", ids: ["slot:0"] },
    { type: "zorder", op: "backward" },
  );
  assert.equal(state.doc.LayoutParams.MixLayoutList[0].ZOrder, 0);
});

test("generate keeps the bound users of existing slots", () => {
  const doc = documentWith(1);
  doc.LayoutParams.MixLayoutList[0].UserMediaStream = { UserInfo: { UserId: "a" }, StreamType: 0 };
  const state = reduce(initialState({ document: doc }), {
    type: "generate",
    rects: [
      { x: 0, y: 0, w: 640, h: 360, z: 0 },
      { x: 640, y: 0, w: 640, h: 360, z: 1 },
    ],
  });
  const [first, second] = state.doc.LayoutParams.MixLayoutList;
  assert.equal(first.UserMediaStream.UserInfo.UserId, "a");
  assert.deepEqual([first.ImageWidth, first.ImageHeight], [640, 360]);
  assert.equal(second.ZOrder, 1);
});

test("resizing the canvas with scale keeps the layout's proportions", () => {
  const state = reduce(initialState({ document: documentWith() }), {
    type: "resizeCanvas",
    width: 1920,
    height: 1080,
    scale: true,
  });
  const [a, b] = state.doc.LayoutParams.MixLayoutList;
  assert.deepEqual([state.doc.VideoEncode.Width, state.doc.VideoEncode.Height], [1920, 1080]);
  assert.deepEqual([a.ImageWidth, a.ImageHeight, b.LocationX], [960, 1080, 960]);
});

test("resizing the canvas without scale leaves the slots", () => {
  const state = reduce(initialState({ document: documentWith() }), {
    type: "resizeCanvas",
    width: 960,
    height: 540,
    scale: false,
  });
  assert.equal(state.doc.LayoutParams.MixLayoutList[1].LocationX, 640);
});

const guests = (...names) => names.map((UserId) => ({ UserId, RoomId: "main", RoomIdType: 1, camera: true }));

test("participants are the server's answer until the producer edits them", () => {
  let state = initialState({ document: documentWith(2) });
  assert.deepEqual(state.participants, [], "nobody is imagined before the server answers");
  state = reduce(state, { type: "regions", regions: [], participants: guests("guest-1", "guest-2") });
  assert.deepEqual(
    state.participants.map((p) => p.UserId),
    ["guest-1", "guest-2"],
  );
  const same = reduce(state, { type: "regions", regions: [], participants: guests("guest-1", "guest-2") });
  assert.equal(same.participants, state.participants, "an equal answer keeps the list as it is");
  state = reduce(state, { type: "moveParticipant", from: 0, to: 1 });
  assert.equal(state.participantsCustom, true);
  state = reduce(state, { type: "regions", regions: [], participants: guests("guest-1", "guest-2", "guest-3") });
  assert.deepEqual(
    state.participants.map((p) => p.UserId),
    ["guest-2", "guest-1"],
    "an edited list stays as edited",
  );
  state = reduce(state, { type: "followLayout" });
  assert.equal(state.participantsCustom, false);
});

test("on a task page the participants are the task's room until edited by hand", () => {
  const mainRoom = { RoomId: "8888", RoomIdType: 1 };
  let state = initialState({ document: documentWith(2), mainRoom });
  assert.deepEqual(state.mainRoom, mainRoom);
  state = reduce(state, { type: "taskRoom", participants: guests("anchor", "alice") });
  assert.deepEqual(
    state.participants.map((p) => p.UserId),
    ["anchor", "alice"],
  );
  assert.equal(state.participantsCustom, true, "the server imagines nobody: these are the room");
  const again = reduce(state, { type: "taskRoom", participants: guests("anchor", "alice") });
  assert.equal(again, state, "the same room polled again changes nothing");
  state = reduce(state, { type: "regions", regions: [], participants: guests("guest-1") });
  assert.deepEqual(
    state.participants.map((p) => p.UserId),
    ["anchor", "alice"],
    "the server's imagined room never replaces the real one",
  );
  state = reduce(state, { type: "removeParticipant", index: 0 });
  assert.equal(state.followRoom, false);
  state = reduce(state, { type: "taskRoom", participants: guests("anchor", "alice", "bob") });
  assert.deepEqual(
    state.participants.map((p) => p.UserId),
    ["alice"],
    "a hand edit is kept while the room moves on",
  );
  state = reduce(state, { type: "followRoom" });
  assert.deepEqual(
    state.participants.map((p) => p.UserId),
    ["anchor", "alice", "bob"],
    "asked for again, the room is the one last read",
  );
  assert.equal(state.followRoom, true);
});

test("following the room needs a room", () => {
  const state = initialState({ document: documentWith(2) });
  assert.equal(reduce(state, { type: "followRoom" }), state);
  assert.equal(state.liveRoom, null);
});

test("saved marks the sent document as clean", () => {
  let state = reduce(initialState({ document: documentWith() }), {
    type: "setDocField",
    path: ["VideoEncode", "Fps"],
    value: 30,
  });
  state = reduce(state, { type: "saved", doc: state.doc, meta: state.meta, preset: { id: 7, version: 2 } });
  assert.equal(isDirty(state), false);
  assert.deepEqual(state.preset, { id: 7, version: 2 });
});

test("loading a pasted document is one undoable step", () => {
  const start = initialState({ document: documentWith() });
  const pasted = { VideoEncode: { Width: 640, Height: 360 }, Extra: 1 };
  const state = reduce(start, { type: "loadDocument", doc: pasted });
  assert.equal(state.doc, pasted);
  assert.equal(reduce(state, { type: "undo" }).doc, start.doc);
});

test("reduce never mutates the state it is given", () => {
  const start = initialState({ document: documentWith() });
  const frozen = JSON.stringify(start);
  run(start, { type: "select", ids: ["slot:0", "slot:1"] }, { type: "align", op: "top" }, { type: "deleteSelection" });
  assert.equal(JSON.stringify(start), frozen);
});

test("committed makes the given document the clean one without touching history", () => {
  const start = initialState({ document: { VideoEncode: { Width: 1280, Height: 720 } } });
  const edited = reduce(start, { type: "loadDocument", doc: { VideoEncode: { Width: 640, Height: 360 } } });
  assert.equal(isDirty(edited), true);
  const taken = reduce(edited, { type: "committed", doc: edited.doc });
  assert.equal(isDirty(taken), false);
  assert.equal(taken.history, edited.history);
});

// ---- layers: names, hidden, order; guides; the preset's meta -------------------------------

test("a rename, a hide and a lock are undo steps, and survive a later undo of an edit", () => {
  let state = run(
    initialState({ document: documentWith(2) }),
    { type: "rename", id: "slot:0", name: "  Host  " },
    { type: "toggleHidden", ids: ["slot:1"] },
    { type: "setDocField", path: ["VideoEncode", "Fps"], value: 30 },
  );
  assert.deepEqual(state.names, { "slot:0": "Host" });
  assert.deepEqual(state.hidden, ["slot:1"]);
  state = reduce(state, { type: "undo" });
  assert.equal(state.doc.VideoEncode.Fps, 25);
  assert.deepEqual(state.names, { "slot:0": "Host" }, "the rename came before the edit undone");
  state = run(state, { type: "undo" }, { type: "undo" });
  assert.deepEqual(state.names, {});
  assert.deepEqual(state.hidden, []);
  assert.equal(isDirty(state), false);
});

test("deleting an element renumbers the names and hidden flags of those after it", () => {
  const state = run(
    initialState({ document: documentWith(3) }),
    { type: "rename", id: "slot:2", name: "Guest" },
    { type: "toggleHidden", ids: ["slot:2"] },
    { type: "select", ids: ["slot:0"] },
    { type: "deleteSelection" },
  );
  assert.deepEqual(state.names, { "slot:1": "Guest" });
  assert.deepEqual(state.hidden, ["slot:1"]);
  const restored = reduce(state, { type: "undo" });
  assert.deepEqual(restored.names, { "slot:2": "Guest" });
});

test("hiding the selection takes it out of the selection; hidden elements do not move", () => {
  const state = run(
    initialState({ document: documentWith(2) }),
    { type: "select", ids: ["slot:0", "slot:1"] },
    { type: "toggleHidden", ids: ["slot:0"] },
  );
  assert.deepEqual(state.selection, ["slot:1"]);
  const moved = run(state, { type: "select", ids: ["slot:0"] }, { type: "nudge", dx: 5, dy: 0 });
  assert.equal(moved.doc.LayoutParams.MixLayoutList[0].LocationX, 0);
});

test("dragging a layer in the list rewrites every ZOrder to the new stack order", () => {
  const doc = documentWith(3);
  const state = reduce(initialState({ document: doc }), { type: "reorderLayer", id: "slot:0", below: "slot:2" });
  const z = state.doc.LayoutParams.MixLayoutList.map((slot) => slot.ZOrder);
  // Stack before (bottom first): 0, 1, 2 (all z 0, list order). slot:0 now sits just above slot:2.
  assert.deepEqual(z, [2, 0, 1]);
  const bottom = reduce(state, { type: "reorderLayer", id: "slot:0", below: null });
  assert.deepEqual(
    bottom.doc.LayoutParams.MixLayoutList.map((slot) => slot.ZOrder),
    [0, 1, 2],
  );
});

test("separating layers lifts each overlapping picture above what it overlaps, keeping the order", () => {
  const doc = documentWith(0);
  doc.LayoutParams.MixLayoutList = [
    { LocationX: 0, LocationY: 0, ImageWidth: 1280, ImageHeight: 720, ZOrder: 0 },
    { LocationX: 900, LocationY: 500, ImageWidth: 300, ImageHeight: 180, ZOrder: 0 },
    { LocationX: 500, LocationY: 500, ImageWidth: 300, ImageHeight: 180, ZOrder: 0 },
    { LocationX: 100, LocationY: 100, ImageWidth: 100, ImageHeight: 100, ZOrder: 3 },
  ];
  const state = reduce(initialState({ document: doc }), { type: "fixZOrders" });
  assert.deepEqual(
    state.doc.LayoutParams.MixLayoutList.map((slot) => slot.ZOrder),
    [0, 1, 1, 3],
  );
  assert.equal(state.history.past.length, 1);
});

test("guides are added inside the canvas, moved, removed, and kept in the meta", () => {
  let state = run(
    initialState({ document: documentWith(1) }),
    { type: "addGuide", axis: "x", at: 640.4 },
    { type: "addGuide", axis: "y", at: 5000 },
  );
  assert.deepEqual(state.guides, [
    { axis: "x", at: 640 },
    { axis: "y", at: 720 },
  ]);
  state = run(state, { type: "moveGuide", index: 1, at: 360 }, { type: "removeGuide", index: 0 });
  assert.deepEqual(state.guides, [{ axis: "y", at: 360 }]);
  assert.deepEqual(metaOf(state).guides, [{ axis: "y", at: 360 }]);
});

test("the meta round-trips names, flags and guides, and drops entries of elements that are gone", () => {
  const state = run(
    initialState({ document: documentWith(2) }),
    { type: "rename", id: "slot:1", name: "Guest" },
    { type: "toggleLock", ids: ["slot:0"] },
    { type: "toggleHidden", ids: ["slot:1"] },
    { type: "setView", safeArea: "broadcast" },
  );
  const meta = metaOf(state);
  assert.deepEqual(meta.layers, { "slot:0": { locked: true }, "slot:1": { name: "Guest", hidden: true } });
  assert.equal(meta.safe_area, "broadcast");
  const again = initialState({ document: documentWith(2), layerMeta: meta });
  assert.deepEqual([again.names, again.locked, again.hidden], [state.names, state.locked, state.hidden]);
  assert.equal(isDirty(again), false);
  const fewer = layersFromMeta({ ...meta, layers: { ...meta.layers, "wm:4": { name: "x" } } }, documentWith(1));
  assert.deepEqual(fewer.names, {});
  assert.deepEqual(fewer.locked, ["slot:0"]);
});

test("a dropped image becomes a watermark at its natural aspect ratio, centred where it fell", () => {
  const state = reduce(initialState({ document: documentWith(1) }), {
    type: "addImage",
    url: "/media/assets/logo.png",
    width: 400,
    height: 100,
    at: { x: 640, y: 360 },
  });
  const image = state.doc.WaterMarkList[0].WaterMarkImage;
  assert.deepEqual(
    [image.WaterMarkWidth, image.WaterMarkHeight, image.LocationX, image.LocationY],
    [400, 100, 440, 310],
  );
  const big = reduce(initialState({ document: documentWith(1) }), {
    type: "addImage",
    url: "/media/assets/wide.png",
    width: 2560,
    height: 1440,
  });
  const fitted = big.doc.WaterMarkList[0].WaterMarkImage;
  assert.ok(Math.abs(fitted.WaterMarkWidth - (fitted.WaterMarkHeight * 2560) / 1440) <= 1, "the ratio, to a pixel");
  assert.ok(fitted.WaterMarkWidth <= 1280 / 3 + 1);
  assert.deepEqual(big.selection, ["wm:0"]);
});
