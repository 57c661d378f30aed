// The editor keeps the rules beside the document: edits are undo steps, make the preset
// dirty and go into the request saved, in the show's own part.
import { test } from "node:test";
import assert from "node:assert/strict";
import { initialState, isDirty, reduce, requestToSave } from "../../../static/js/editor/state.js";
import * as C from "../../../static/js/editor/contract.js";

const doc = {
  VideoEncode: { Width: 1280, Height: 720, Fps: 25, BitRate: 1500, Gop: 2 },
  LayoutParams: { MixLayoutMode: 4, MixLayoutList: [] },
};
const rule = { name: "r", trigger: { on: "enter" }, action: { do: "take-preset", preset: "show" } };
const run = (state, ...actions) => actions.reduce(reduce, state);

function savedPreset(request) {
  return initialState({ document: doc, preset: { id: 7, version: 2, request, meta: {} } });
}

test("the rules a preset keeps are the state's, and clean", () => {
  const state = savedPreset({ [C.constants().app_key]: { Rules: [rule] } });
  assert.deepEqual(state.rules, [rule]);
  assert.equal(isDirty(state), false);
  assert.equal(requestToSave(state), undefined);
});

test("a rules edit is an undo step that makes the preset dirty and is saved in the request", () => {
  const state = run(savedPreset({ WithTranscoding: 1 }), { type: "setRules", rules: [rule] });
  assert.equal(isDirty(state), true);
  assert.deepEqual(requestToSave(state), { WithTranscoding: 1, [C.constants().app_key]: { Rules: [rule] } });
  const undone = run(state, { type: "undo" });
  assert.deepEqual(undone.rules, []);
  assert.equal(isDirty(undone), false);
});

test("the same rules again change nothing", () => {
  const state = savedPreset({ [C.constants().app_key]: { Rules: [rule] } });
  assert.equal(reduce(state, { type: "setRules", rules: [structuredClone(rule)] }), state);
});

test("once saved, the rules the server keeps are the clean ones", () => {
  const edited = run(savedPreset({}), { type: "setRules", rules: [rule] });
  const request = requestToSave(edited);
  const saved = reduce(edited, {
    type: "saved",
    doc: edited.doc,
    meta: edited.meta,
    preset: { id: 7, version: 3, request },
  });
  assert.equal(isDirty(saved), false);
  assert.equal(requestToSave(saved), undefined);
});

test("the server's problems about the rules are kept until the rules change", () => {
  const problems = [{ path: "MixStudio.Rules[0].name", message: "x" }];
  const state = run(savedPreset({}), { type: "setRules", rules: [rule] }, { type: "rulesProblems", problems });
  assert.deepEqual(state.rulesProblems, problems);
  const changed = reduce(state, { type: "setRules", rules: [{ ...rule, name: "s" }] });
  assert.deepEqual(changed.rulesProblems, []);
});
