import { test } from "node:test";
import assert from "node:assert/strict";
import * as R from "../../../static/js/director/rules.js";
import * as C from "../../../static/js/editor/contract.js";

const appKey = () => C.constants().app_key;

const shareRule = {
  name: "share-takes-over",
  trigger: { on: "screen-start" },
  action: { do: "sharer-big", small: "loudest" },
  timing: { sensitivity: 1, hold: 3 },
};

test("the contract names every trigger and action with words and what each takes", () => {
  const spec = R.spec();
  assert.equal(spec.key, "Rules");
  assert.equal(R.trigger("count-below").param, "n");
  assert.equal(R.trigger("count-below").minimum, 1);
  assert.equal(R.trigger("count-above").minimum, 0);
  assert.equal(R.trigger("count-above").person, false);
  assert.equal(R.trigger("named-enters").param, "user");
  assert.deepEqual(R.action("put-in-slot").keys, ["slot", "who", "stream"]);
  assert.equal(R.action("include").who, "none");
  assert.equal(R.action("exclude").who, "named");
  assert.ok(spec.triggers.every((item) => typeof item.label === "string" && item.label.length > 0));
});

test("rules are read from and written into the show's own part, beside its other keys", () => {
  const request = { WithTranscoding: 1, [appKey()]: { Scenario: { duration: 10, events: [] } } };
  assert.deepEqual(R.rulesOf(request), []);
  const written = R.withRules(request, [shareRule]);
  assert.deepEqual(R.rulesOf(written), [shareRule]);
  assert.deepEqual(written[appKey()].Scenario, { duration: 10, events: [] });
  assert.equal(written.WithTranscoding, 1);
  assert.deepEqual(request[appKey()], { Scenario: { duration: 10, events: [] } }, "the input is not changed");
});

test("no rules keep no key, and an emptied part goes", () => {
  const request = { [appKey()]: { Rules: [shareRule] } };
  assert.deepEqual(R.withRules(request, []), {});
  assert.deepEqual(R.withRules({ [appKey()]: { Rules: [shareRule], Roles: {} } }, []), { [appKey()]: { Roles: {} } });
});

test("rules added from a starter set are copies, renamed when a name is taken", () => {
  const rules = R.addRules([shareRule], [shareRule, { ...shareRule, name: "other" }]);
  assert.deepEqual(
    rules.map((rule) => rule.name),
    ["share-takes-over", "share-takes-over-2", "other"],
  );
  assert.notEqual(rules[1].trigger, shareRule.trigger);
});

test("a unique name stays within the longest name allowed", () => {
  const long = "x".repeat(R.spec().max_name);
  const name = R.uniqueName(long, [long]);
  assert.equal(name.length, R.spec().max_name);
  assert.ok(name.endsWith("-2"));
});

test("a new rule has a trigger and an action and a name of its own", () => {
  const rule = R.newRule([{ name: "rule" }]);
  assert.equal(rule.name, "rule-2");
  assert.equal(rule.trigger.on, R.spec().triggers[0].name);
  assert.equal(rule.action.do, R.spec().actions[0].name);
});

test("rules move, and are removed, by index; out of range changes nothing", () => {
  const rules = [{ name: "a" }, { name: "b" }, { name: "c" }];
  assert.deepEqual(
    R.moveRule(rules, 2, 0).map((rule) => rule.name),
    ["c", "a", "b"],
  );
  assert.equal(R.moveRule(rules, 0, 3), rules);
  assert.deepEqual(
    R.removeRule(rules, 1).map((rule) => rule.name),
    ["a", "c"],
  );
  assert.equal(R.removeRule(rules, 5), rules);
});

test("a new trigger keeps only the parameter it takes, starting at its minimum", () => {
  assert.deepEqual(R.triggerWith({ on: "enter" }, "count-below"), { on: "count-below", n: 1 });
  assert.deepEqual(R.triggerWith({ on: "count-above", n: 3 }, "count-below"), { on: "count-below", n: 3 });
  assert.deepEqual(R.triggerWith({ on: "count-above", n: 3 }, "enter"), { on: "enter" });
  assert.deepEqual(R.triggerWith({}, "role-enters"), { on: "role-enters", role: "host" });
});

test("a new action says what it must: the show for a preset, one table entry, slot 0", () => {
  assert.deepEqual(R.actionWith({ do: "sharer-big", small: "none" }, "take-preset"), {
    do: "take-preset",
    preset: "show",
  });
  assert.deepEqual(R.actionWith({}, "take-table-entry"), {
    do: "take-table-entry",
    entries: [{ count: 1, shot: R.spec().built_shots[0] }],
  });
  assert.deepEqual(R.actionWith({ do: "include", who: { UserId: "a" } }, "put-in-slot"), {
    do: "put-in-slot",
    who: { UserId: "a" },
    slot: 0,
  });
});

test("setIn sets a value and removes what is emptied, a condition with nothing left included", () => {
  const withCondition = R.setIn(shareRule, ["condition", "count_min"], 2);
  assert.deepEqual(withCondition.condition, { count_min: 2 });
  assert.equal(shareRule.condition, undefined, "the input is not changed");
  const without = R.setIn(withCondition, ["condition", "count_min"], undefined);
  assert.equal("condition" in without, false);
  const entries = R.setIn(
    { action: { do: "take-table-entry", entries: [{ count: 1, shot: "grid" }] } },
    ["action", "entries", 0, "count"],
    4,
  );
  assert.deepEqual(entries.action.entries, [{ count: 4, shot: "grid" }]);
});

test("who is the trigger's person, a UserId or a role with its own fields", () => {
  assert.equal(R.whoMode(undefined), "trigger");
  assert.equal(R.whoMode({ UserId: "a" }), "user");
  assert.equal(R.whoMode({ role: "nth", n: 2 }), "role");
  assert.deepEqual(R.whoOf("role", "named"), { role: "host" });
  assert.deepEqual(R.withRole({ role: "host", user: "anna" }, "nth"), { role: "nth", n: 1 });
  assert.deepEqual(R.withRole({ role: "nth", n: 3 }, "nth"), { role: "nth", n: 3 });
  assert.deepEqual(R.withRole({ role: "nth", n: 3 }, "host"), { role: "host" });
});

test("typed numbers: empty leaves the key out, text goes to the server to be named", () => {
  assert.equal(R.numberOf(""), undefined);
  assert.equal(R.numberOf(" 2.5 "), 2.5);
  assert.equal(R.numberOf("abc"), "abc");
  assert.equal(R.takeOf("12"), 12);
  assert.equal(R.takeOf("show"), "show");
});

test("the server's problems are filed under the rule and the field they name", () => {
  const problems = [
    { path: "rules[2].timing.hold", message: "hold" },
    { path: "MixStudio.Rules[0].action.entries[1].count", message: "count" },
    { path: "rules", message: "too many" },
    { path: "scenario.events[0].at", message: "not a rule" },
  ];
  assert.deepEqual(
    R.rulesProblemsIn(problems).map((problem) => problem.message),
    ["hold", "count", "too many"],
  );
  const byRule = R.problemsByRule(R.rulesProblemsIn(problems));
  assert.deepEqual(byRule.get(2), [{ field: "timing.hold", message: "hold" }]);
  assert.deepEqual(byRule.get(0), [{ field: "action.entries[1].count", message: "count" }]);
  assert.deepEqual(byRule.get(-1), [{ field: "", message: "too many" }]);
});

test("a problem goes to the most precise field the card shows", () => {
  const fields = ["action", "action.entries", "action.entries[1].count", "timing.hold", "name"];
  assert.equal(R.fieldFor("action.entries[1].count", fields), "action.entries[1].count");
  assert.equal(R.fieldFor("action.entries[3].shot", fields), "action.entries");
  assert.equal(R.fieldFor("action.who.role", fields), "action");
  assert.equal(R.fieldFor("timing.holds", fields), "");
  assert.equal(R.fieldFor("", fields), "");
});

test("a rule's words come from the contract", () => {
  assert.equal(R.describeTrigger({ trigger: { on: "count-above", n: 2 } }), `${R.trigger("count-above").label} (2)`);
  assert.equal(R.describeAction(shareRule), R.action("sharer-big").label);
  assert.equal(R.labelOf("targets", "preview"), R.spec().targets[1].label);
});
