import { test } from "node:test";
import assert from "node:assert/strict";
import * as V from "../../../static/js/editor/variants.js";
import {
  everyProblem,
  initialState,
  isDirty,
  legDocument,
  mainDocument,
  reduce,
  requestToSave,
} from "../../../static/js/editor/state.js";

const run = (state, ...actions) => actions.reduce(reduce, state);

/** The talk show: the host full screen, a guest in the bottom-right corner, a logo. */
function landscape() {
  return {
    VideoEncode: { Width: 1920, Height: 1080, Fps: 25, BitRate: 3000, Gop: 2 },
    LayoutParams: {
      MixLayoutMode: 4,
      MixLayoutList: [
        {
          LocationX: 0,
          LocationY: 0,
          ImageWidth: 1920,
          ImageHeight: 1080,
          ZOrder: 0,
          RenderMode: 0,
          UserMediaStream: { UserInfo: { UserId: "host" }, StreamType: 0 },
        },
        { LocationX: 1392, LocationY: 762, ImageWidth: 480, ImageHeight: 270, ZOrder: 1, RenderMode: 0 },
      ],
    },
    WaterMarkList: [
      {
        WaterMarkType: 1,
        WaterMarkText: {
          Text: "LIVE",
          LocationX: 40,
          LocationY: 40,
          WaterMarkWidth: 200,
          WaterMarkHeight: 60,
          FontSize: 40,
          ZOrder: 5,
        },
      },
    ],
  };
}

/** Its 9:16 twin, as the reflow gives it. */
function portrait() {
  return {
    VideoEncode: { Width: 1080, Height: 1920, Fps: 25, BitRate: 3000, Gop: 2 },
    LayoutParams: {
      MixLayoutMode: 4,
      MixLayoutList: [
        {
          LocationX: 0,
          LocationY: 656,
          ImageWidth: 1080,
          ImageHeight: 608,
          ZOrder: 0,
          RenderMode: 0,
          UserMediaStream: { UserInfo: { UserId: "host" }, StreamType: 0 },
        },
        { LocationX: 783, LocationY: 1085, ImageWidth: 270, ImageHeight: 152, ZOrder: 1, RenderMode: 0 },
      ],
    },
    WaterMarkList: [
      {
        WaterMarkType: 1,
        WaterMarkText: {
          Text: "LIVE",
          LocationX: 54,
          LocationY: 96,
          WaterMarkWidth: 112,
          WaterMarkHeight: 34,
          FontSize: 22,
          ZOrder: 5,
        },
      },
    ],
  };
}

const slot = (doc, index) => doc.LayoutParams.MixLayoutList[index];
const mark = (doc, index) => doc.WaterMarkList[index].WaterMarkText;

/** The editor on the talk show with its vertical variant, the variant being edited. */
function withVertical({ applyAll = false } = {}) {
  const state = run(initialState({ document: landscape() }), {
    type: "addVariant",
    name: "vertical",
    document: portrait(),
  });
  return applyAll ? reduce(state, { type: "setApplyAll", on: true }) : state;
}

// ---- the show's part ------------------------------------------------------------------------

test("variants are read from the show's part and written back beside its other parts", () => {
  const request = {
    RoomId: "1001",
    MixStudio: { Rules: [{ name: "r" }], Variants: [{ name: "vertical", VideoParams: portrait() }] },
  };
  const [variant] = V.variantsOf(request);
  assert.equal(variant.name, "vertical");
  assert.deepEqual(variant.PublishCdnParams, []);
  assert.equal(variant.clean, false);
  assert.deepEqual(V.variantsOf({ MixStudio: { Variants: [{ name: "x" }, 3] } }), []);

  const written = V.withVariants(request, [{ ...variant, clean: true }]);
  assert.deepEqual(written.MixStudio.Rules, [{ name: "r" }]);
  assert.equal(written.MixStudio.Variants[0].clean, true);
  assert.equal(written.RoomId, "1001");
  assert.equal(request.MixStudio.Variants[0].clean, undefined, "the request given is not changed");
  assert.deepEqual(V.withVariants({ MixStudio: { Variants: [variant] } }, []), {});
});

test("a name is letters, digits, - and _ within the contract's length, not main, and not taken", () => {
  const variants = [{ name: "vertical" }, { name: "square" }];
  assert.equal(V.nameProblem("vertical-2", variants), null);
  assert.equal(V.nameProblem("square", variants, 1), null, "a variant keeps its own name");
  assert.equal(V.nameProblem("square", variants, 0), "taken");
  assert.equal(V.nameProblem("main", variants), "main");
  assert.equal(V.nameProblem("", variants), "pattern");
  assert.equal(V.nameProblem("with space", variants), "pattern");
  assert.equal(V.nameProblem("x".repeat(V.maxNameLength() + 1), variants), "pattern");
  assert.equal(V.uniqueName("vertical", variants), "vertical-2");
  assert.equal(V.uniqueName("main", []), "main-2");
  const long = "y".repeat(V.maxNameLength());
  const next = V.uniqueName(long, [{ name: long }]);
  assert.equal(next.length, V.maxNameLength());
  assert.equal(V.nameProblem(next, [{ name: long }]), null);
});

test("a variant's size keeps the main picture's short side, its long side within the largest canvas", () => {
  const hd = { w: 1920, h: 1080 };
  assert.deepEqual(V.sizeFor(V.shapeNamed("9:16"), hd), { width: 1080, height: 1920 });
  assert.deepEqual(V.sizeFor(V.shapeNamed("1:1"), hd), { width: 1080, height: 1080 });
  assert.deepEqual(V.sizeFor(V.shapeNamed("4:5"), hd), { width: 1080, height: 1350 });
  assert.deepEqual(V.sizeFor(V.shapeNamed("9:16"), { w: 1280, h: 720 }), { width: 720, height: 1280 });
  // A square main picture at the largest side: the portrait shrinks to fit.
  const big = V.sizeFor(V.shapeNamed("9:16"), { w: 1920, h: 1920 });
  assert.equal(big.height, 1920);
  assert.equal(big.width, 1080);
});

// ---- a change carried to the twins ----------------------------------------------------------

test("a move goes to the twin as the same share of its canvas", () => {
  const before = landscape();
  const after = structuredClone(before);
  slot(after, 1).LocationX -= 192; // a tenth of 1920 to the left
  slot(after, 1).LocationY -= 108; // a tenth of 1080 up
  const twin = V.spreadChange(before, after, portrait());
  assert.equal(slot(twin, 1).LocationX, 783 - 108); // a tenth of 1080
  assert.equal(slot(twin, 1).LocationY, 1085 - 192); // a tenth of 1920
  assert.equal(slot(twin, 1).ImageWidth, 270, "the size stays");
  assert.equal(slot(twin, 1).ImageHeight, 152);
});

test("a resize scales the twin by the same factor and keeps the edge that stayed put", () => {
  const before = landscape();
  const after = structuredClone(before);
  // Dragged by its top-left corner: twice the size, the bottom-right corner kept.
  Object.assign(slot(after, 1), { LocationX: 912, LocationY: 492, ImageWidth: 960, ImageHeight: 540 });
  const twin = slot(V.spreadChange(before, after, portrait()), 1);
  assert.equal(twin.ImageWidth, 540);
  assert.equal(twin.ImageHeight, 304);
  assert.equal(twin.LocationX + twin.ImageWidth, 783 + 270);
  assert.equal(twin.LocationY + twin.ImageHeight, 1085 + 152);
});

test("a change that would take the twin off its canvas keeps it inside", () => {
  const before = landscape();
  const after = structuredClone(before);
  slot(after, 1).LocationX = 1440; // to the right edge
  const twin = slot(V.spreadChange(before, after, portrait()), 1);
  assert.equal(twin.LocationX + twin.ImageWidth, 1080);
});

test("the binding, fill, placeholder and crop go to the twin as they are; its layer stays its own", () => {
  const before = landscape();
  const after = structuredClone(before);
  Object.assign(slot(after, 1), {
    UserMediaStream: { UserInfo: { UserId: "guest", RoomId: "1001" }, StreamType: 1 },
    RenderMode: 1,
    BackgroundImageUrl: "https://example.com/empty-chair.png",
    CustomCrop: { LocationX: 10, LocationY: 20, Width: 300, Height: 200 },
    ZOrder: 9,
  });
  const doc = portrait();
  slot(doc, 1).EnableStreamSEI = 1;
  const twin = slot(V.spreadChange(before, after, doc), 1);
  assert.deepEqual(twin.UserMediaStream, slot(after, 1).UserMediaStream);
  assert.notEqual(twin.UserMediaStream, slot(after, 1).UserMediaStream, "a copy, not shared");
  assert.equal(twin.RenderMode, 1);
  assert.equal(twin.BackgroundImageUrl, "https://example.com/empty-chair.png");
  assert.deepEqual(twin.CustomCrop, { LocationX: 10, LocationY: 20, Width: 300, Height: 200 });
  assert.equal(twin.ZOrder, 1);
  assert.equal(twin.EnableStreamSEI, 1);
  assert.equal(twin.ImageWidth, 270, "nothing moved");

  // Unbound again: the twin becomes auto-fill too.
  const unbound = structuredClone(after);
  delete slot(unbound, 1).UserMediaStream;
  const again = slot(V.spreadChange(after, unbound, V.spreadChange(before, after, doc)), 1);
  assert.equal("UserMediaStream" in again, false);
});

test("a custom placeholder keeps its share of the twin's slot", () => {
  const before = landscape();
  const after = structuredClone(before);
  Object.assign(slot(after, 1), {
    BackgroundRenderMode: 3,
    BackgroundCustomRender: { Width: 240, Height: 270, Radius: 20 },
  });
  const twin = slot(V.spreadChange(before, after, portrait()), 1);
  assert.equal(twin.BackgroundRenderMode, 3);
  assert.deepEqual(twin.BackgroundCustomRender, { Width: 135, Height: 152, Radius: 11 });
});

test("a watermark's text goes to its twin; its size and font stay the twin's", () => {
  const before = landscape();
  const after = structuredClone(before);
  mark(after, 0).Text = "ON AIR";
  mark(after, 0).FontSize = 60;
  const twin = mark(V.spreadChange(before, after, portrait()), 0);
  assert.equal(twin.Text, "ON AIR");
  assert.equal(twin.FontSize, 22);
  // A twin of the other kind keeps its own content.
  const imageTwin = portrait();
  imageTwin.WaterMarkList[0] = { WaterMarkType: 0, WaterMarkImage: { WaterMarkUrl: "https://example.com/logo.png" } };
  assert.deepEqual(V.spreadChange(before, after, imageTwin).WaterMarkList[0], imageTwin.WaterMarkList[0]);
});

test("an element the twin's picture lacks, and an unchanged picture, change nothing", () => {
  const before = landscape();
  const after = structuredClone(before);
  slot(after, 1).LocationX = 10;
  const lonely = portrait();
  lonely.LayoutParams.MixLayoutList.pop();
  assert.deepEqual(V.spreadChange(before, after, lonely), lonely);
  const doc = portrait();
  assert.equal(V.spreadChange(before, before, doc), doc);
});

// ---- the editor's state ----------------------------------------------------------------------

test("adding a variant edits it at once; choosing a leg puts its picture on the canvas", () => {
  const start = initialState({ document: landscape() });
  const state = reduce(start, { type: "addVariant", name: "vertical", document: portrait() });
  assert.equal(state.active, 0);
  assert.equal(state.doc.VideoEncode.Width, 1080);
  assert.equal(mainDocument(state), start.doc);
  assert.equal(isDirty(state), true);
  const back = reduce(state, { type: "chooseLeg", leg: null });
  assert.equal(back.doc, start.doc);
  assert.equal(back.history, state.history, "choosing a leg is no undo step");
  assert.equal(reduce(back, { type: "chooseLeg", leg: 5 }), back);
});

test("a variant's name must be one a variant may have; at most the contract's number of variants", () => {
  let state = withVertical();
  assert.equal(reduce(state, { type: "addVariant", name: "vertical", document: portrait() }), state);
  assert.equal(reduce(state, { type: "addVariant", name: "main", document: portrait() }), state);
  for (let i = state.variants.length; i < V.spec().max; i += 1) {
    state = reduce(state, { type: "addVariant", name: `v${i}`, document: portrait() });
  }
  assert.equal(state.variants.length, V.spec().max);
  assert.equal(reduce(state, { type: "addVariant", name: "one-more", document: portrait() }), state);
  assert.equal(reduce(state, { type: "renameVariant", index: 0, name: "no spaces" }), state);
  assert.equal(reduce(state, { type: "renameVariant", index: 0, name: "v1" }), state);
  assert.equal(reduce(state, { type: "renameVariant", index: 0, name: "tall" }).variants[0].name, "tall");
});

test("with apply to all off, a move in the variant leaves the main picture's twin where it was", () => {
  const state = run(withVertical(), { type: "select", ids: ["slot:1"] }, { type: "nudge", dx: -100, dy: -50 });
  assert.equal(slot(legDocument(state, 0), 1).LocationX, 683);
  assert.equal(slot(mainDocument(state), 1).LocationX, 1392);
  assert.equal(slot(mainDocument(state), 1).LocationY, 762);
});

test("with apply to all on, a move in the variant moves the main picture's twin by the same shares", () => {
  const state = run(
    withVertical({ applyAll: true }),
    { type: "select", ids: ["slot:1"] },
    { type: "setField", id: "slot:1", path: ["LocationX"], value: 783 - 108 },
  );
  assert.equal(slot(legDocument(state, 0), 1).LocationX, 675);
  assert.equal(slot(mainDocument(state), 1).LocationX, 1392 - 192);
  assert.equal(slot(mainDocument(state), 1).LocationY, 762);
});

test("with apply to all on, a binding set in the main picture reaches every variant", () => {
  let state = run(withVertical({ applyAll: true }), {
    type: "addVariant",
    name: "square",
    document: portrait(),
  });
  state = run(
    state,
    { type: "chooseLeg", leg: null },
    {
      type: "setField",
      id: "slot:1",
      path: ["UserMediaStream"],
      value: { UserInfo: { UserId: "guest" }, StreamType: 0 },
    },
  );
  for (const leg of [0, 1]) assert.equal(slot(legDocument(state, leg), 1).UserMediaStream.UserInfo.UserId, "guest");
  // One undo takes the change back from every leg.
  const undone = reduce(state, { type: "undo" });
  for (const leg of [null, 0, 1]) assert.equal("UserMediaStream" in slot(legDocument(undone, leg), 1), false);
});

test("apply to all carries no whole-picture edit: a new output size stays the leg's own", () => {
  const state = run(withVertical({ applyAll: true }), {
    type: "resizeCanvas",
    width: 720,
    height: 1280,
    scale: true,
  });
  assert.equal(legDocument(state, 0).VideoEncode.Width, 720);
  assert.equal(mainDocument(state).VideoEncode.Width, 1920);
  assert.equal(slot(mainDocument(state), 1).LocationX, 1392);
});

test("undo brings back the leg where the change was made", () => {
  const state = run(
    withVertical(),
    { type: "select", ids: ["slot:1"] },
    { type: "nudge", dx: -10, dy: 0 },
    {
      type: "chooseLeg",
      leg: null,
    },
  );
  const undone = reduce(state, { type: "undo" });
  assert.equal(undone.active, 0);
  assert.equal(slot(undone.doc, 1).LocationX, 783);
  assert.deepEqual(undone.selection, ["slot:1"], "the twin stays selected");
});

test("renaming, cleaning, outputs and removing are undo steps; removing the active one edits the main picture", () => {
  let state = run(
    withVertical(),
    { type: "renameVariant", index: 0, name: "tall" },
    { type: "setVariantClean", index: 0, clean: true },
    { type: "setVariantOutputs", index: 0, outputs: V.withUrl([], 0, "rtmp://push.example.com/live/tall") },
  );
  assert.deepEqual(state.variants[0].PublishCdnParams, [{ PublishCdnUrl: "rtmp://push.example.com/live/tall" }]);
  assert.equal(state.variants[0].clean, true);
  assert.equal(state.variants[0].name, "tall");
  state = reduce(state, { type: "removeVariant", index: 0 });
  assert.equal(state.active, null);
  assert.equal(state.doc, mainDocument(state));
  assert.deepEqual(state.variants, []);
  const undone = reduce(state, { type: "undo" });
  assert.equal(undone.variants[0].name, "tall");
  assert.equal(undone.active, 0);
});

test("the request saved keeps the variants in the show's part; a saved show with them is clean", () => {
  const state = run(withVertical(), {
    type: "setVariantOutputs",
    index: 0,
    outputs: [{ PublishCdnUrl: "rtmp://a/b" }],
  });
  const request = requestToSave(state);
  assert.equal(request.MixStudio.Variants[0].name, "vertical");
  assert.equal(request.MixStudio.Variants[0].VideoParams.VideoEncode.Width, 1080);
  const reopened = initialState({ document: landscape(), preset: { id: 1, version: 2, request } });
  assert.equal(isDirty(reopened), false);
  assert.equal(requestToSave(reopened), undefined);
  assert.equal(reopened.variants[0].PublishCdnParams[0].PublishCdnUrl, "rtmp://a/b");
  const saved = reduce(state, {
    type: "saved",
    doc: mainDocument(state),
    meta: state.meta,
    variants: state.variants,
    preset: { id: 1, version: 2, request },
  });
  assert.equal(isDirty(saved), false);
});

test("each leg's problems are its own, named by the variant", () => {
  let state = withVertical();
  state = reduce(state, {
    type: "problems",
    problems: [{ path: "VideoEncode.Width", rule: "R35", severity: "error", message: "main" }],
    legs: [[{ path: "LayoutParams.MixLayoutList[1].ImageWidth", rule: "R41", severity: "error", message: "v" }]],
  });
  assert.equal(state.problems[0].message, "v", "the variant is being edited");
  const all = everyProblem(state);
  assert.deepEqual(
    all.map((p) => [p.leg, p.legName, p.message]),
    [
      [null, null, "main"],
      [0, "vertical", "v"],
    ],
  );
  assert.equal(reduce(state, { type: "chooseLeg", leg: null }).problems[0].message, "main");
  // Problems of the main picture alone keep the variant's.
  const again = reduce(state, { type: "problems", problems: [] });
  assert.equal(again.problems.length, 1);
});

test("a refused save's problems are split by leg, paths inside the variant's picture", () => {
  const legs = V.problemsByLeg(
    [
      { path: "MixStudio.Variants[0].VideoParams.LayoutParams.MixLayoutList[1].ImageWidth", message: "a" },
      { path: "request.MixStudio.Variants[1].name", message: "b" },
      { path: "MixStudio.Variants[1].PublishCdnParams[0].PublishCdnUrl", message: "c" },
      { path: "VideoParams.BackGroundColor", message: "main" },
      { path: "MixStudio.Variants[7].name", message: "gone" },
    ],
    2,
  );
  assert.deepEqual(legs[0], [{ path: "LayoutParams.MixLayoutList[1].ImageWidth", message: "a" }]);
  assert.deepEqual(
    legs[1].map((p) => [p.path, p.ofVariant]),
    [
      ["MixStudio.Variants[1].name", true],
      ["MixStudio.Variants[1].PublishCdnParams[0].PublishCdnUrl", true],
    ],
  );
});

test("a push URL of two legs is named with the leg that has it first", () => {
  const variants = [
    { name: "vertical", PublishCdnParams: [{ PublishCdnUrl: "rtmp://a/main" }, { PublishCdnUrl: "rtmp://a/v" }] },
    { name: "square", PublishCdnParams: [{ PublishCdnUrl: "rtmp://a/v" }, { PublishCdnUrl: "rtmp://a/s" }] },
  ];
  const main = [{ PublishCdnUrl: "rtmp://a/main" }];
  assert.deepEqual(V.sharedUrls(main, variants, 0), ["main", "square"]);
  assert.deepEqual(V.sharedUrls(main, variants, 1), ["vertical", null]);
  assert.deepEqual(V.withUrl(variants[1].PublishCdnParams, 0, " "), [{ PublishCdnUrl: "rtmp://a/s" }]);
  assert.deepEqual(V.withUrl([{ PublishCdnUrl: "x", IsTencentCdn: 0 }], 0, "y"), [
    { PublishCdnUrl: "y", IsTencentCdn: 0 },
  ]);
});
