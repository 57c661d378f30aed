// The auto-director's rules, pure: read from and written into a show's request, and the
// edits the rules panel makes. A rule is the JSON of layouts/core/director_rules.py
// (its module docstring); every word, choice and limit comes from the page's contract
// (rulesSpec(), from layouts/core/page_contract.py describe_rules), so nothing here
// restates what the server accepts. The server checks the rules (on save and on a dry
// run) and names each problem's field, "rules[2].timing.hold": `problemsByRule` files
// them under the rule and the field they name.

import * as C from "../editor/contract.js";

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

export function spec() {
  return C.rulesSpec();
}

export function trigger(on) {
  return spec().triggers.find((item) => item.name === on) || null;
}

export function action(doName) {
  return spec().actions.find((item) => item.name === doName) || null;
}

/** A choice's words from one of the spec's lists ({name, label}), or the name itself. */
export function labelOf(list, name) {
  const found = (spec()[list] || []).find((item) => item.name === name);
  return found ? found.label : String(name);
}

// ---- the rules a show keeps ------------------------------------------------------------

/** The rules a show's request keeps in its own part (constants.app_key), or []. */
export function rulesOf(request) {
  const part = isObject(request) ? request[C.constants().app_key] : null;
  const found = isObject(part) ? part[spec().key] : undefined;
  return Array.isArray(found) ? found : [];
}

/**
 * A copy of `request` keeping `rules` in the show's own part; no rules keep no key. The
 * part is left out when nothing else is in it; its other keys stay as they were.
 */
export function withRules(request, rules) {
  const appKey = C.constants().app_key;
  const out = isObject(request) ? { ...request } : {};
  const part = out[appKey] === undefined ? {} : out[appKey];
  if (!isObject(part)) return out; // not an object: the server says so
  const kept = { ...part };
  if (Array.isArray(rules) && rules.length) kept[spec().key] = rules;
  else delete kept[spec().key];
  if (Object.keys(kept).length) out[appKey] = kept;
  else delete out[appKey];
  return out;
}

/** Whether two lists of rules are the same JSON. */
export function sameRules(a, b) {
  return a === b || JSON.stringify(a || []) === JSON.stringify(b || []);
}

// ---- whole rules ---------------------------------------------------------------------

/** `wanted`, or wanted-2, wanted-3... so that no two rules share a name. */
export function uniqueName(wanted, names) {
  const taken = new Set(names);
  const base = String(wanted || "rule").slice(0, spec().max_name) || "rule";
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) {
    const suffix = `-${n}`;
    const name = `${base.slice(0, spec().max_name - suffix.length)}${suffix}`;
    if (!taken.has(name)) return name;
  }
}

/** A rule that does something from the start: someone enters, the show's own picture. */
export function newRule(rules) {
  const first = spec().triggers[0];
  return {
    name: uniqueName(
      "rule",
      rules.map((rule) => rule.name),
    ),
    trigger: triggerWith({}, first.name),
    action: actionWith({}, spec().actions[0].name),
  };
}

/** `rules` with `added` last (copies), each renamed when its name is taken. */
export function addRules(rules, added) {
  const out = rules.slice();
  for (const rule of added) {
    const copy = structuredClone(rule);
    copy.name = uniqueName(
      copy.name,
      out.map((item) => item.name),
    );
    out.push(copy);
  }
  return out.slice(0, spec().max_rules);
}

export function moveRule(rules, from, to) {
  if (from === to || from < 0 || to < 0 || from >= rules.length || to >= rules.length) return rules;
  const out = rules.slice();
  const [moved] = out.splice(from, 1);
  out.splice(to, 0, moved);
  return out;
}

export function removeRule(rules, index) {
  return index >= 0 && index < rules.length ? rules.filter((_, i) => i !== index) : rules;
}

export function replaceRule(rules, index, rule) {
  return rules[index] === rule ? rules : rules.map((item, i) => (i === index ? rule : item));
}

// ---- parts of a rule -------------------------------------------------------------------

/** The trigger `on`, keeping the parameter it takes when the old one took the same. */
export function triggerWith(old, on) {
  const param = (trigger(on) || {}).param;
  const next = { on };
  if (!param) return next;
  if (isObject(old) && old[param] !== undefined) next[param] = old[param];
  else if (param === "n") next.n = trigger(on).minimum;
  else if (param === "role") next.role = spec().host;
  else next[param] = "";
  return next;
}

/** The action `do` with what it must say: the show for a preset, one table entry, slot 0. */
export function actionWith(old, doName) {
  const keys = (action(doName) || { keys: [] }).keys;
  const next = { do: doName };
  for (const key of keys) if (isObject(old) && old[key] !== undefined) next[key] = old[key];
  if (keys.includes("preset") && next.preset === undefined) next.preset = spec().show;
  if (keys.includes("entries") && !Array.isArray(next.entries)) {
    next.entries = [{ count: 1, shot: spec().built_shots[0] }];
  }
  if (keys.includes("slot") && next.slot === undefined) next.slot = 0;
  return next;
}

/** Whether the rule's trigger is about someone (the "trigger's person" exists). */
export function hasPerson(rule) {
  const found = trigger(isObject(rule) && isObject(rule.trigger) ? rule.trigger.on : null);
  return found ? found.person : true;
}

/**
 * `rule` with the value at `path` (["timing", "hold"]) set; undefined removes it, and an
 * object left empty by a removal goes too (a condition with nothing in it is none).
 */
export function setIn(rule, path, value) {
  return setPath(rule, path, value) ?? {};
}

function setPath(holder, path, value) {
  const [key, ...rest] = path;
  const base = Array.isArray(holder) ? holder.slice() : isObject(holder) ? { ...holder } : {};
  const next = rest.length ? setPath(base[key], rest, value) : value;
  if (next === undefined) {
    if (Array.isArray(base)) base.splice(key, 1);
    else delete base[key];
  } else base[key] = next;
  const empty = Array.isArray(base) ? base.length === 0 : Object.keys(base).length === 0;
  return empty && value === undefined ? undefined : base;
}

export function getIn(value, path) {
  return path.reduce((at, key) => (at === null || at === undefined ? undefined : at[key]), value);
}

/** How a "who" names someone: "trigger" (left out), "user" ({UserId}) or "role" ({role...}). */
export function whoMode(who) {
  if (!isObject(who)) return "trigger";
  return who.role !== undefined && who.UserId === undefined ? "role" : "user";
}

/** The who of `mode`: undefined for the trigger's person, else a fresh {UserId} or {role}. */
export function whoOf(mode, allowed) {
  if (mode === "user") return { UserId: "" };
  if (mode === "role") return { role: allowed === "named" ? spec().host : spec().roles[0].name };
  return undefined;
}

/** A role's own fields: `user` for the host, `n` for the n-th; the rest are dropped. */
export function withRole(who, role) {
  const next = { role };
  if (role === spec().host && isObject(who) && who.user !== undefined) next.user = who.user;
  if (role === spec().nth) next.n = isObject(who) && Number.isInteger(who.n) ? who.n : 1;
  return next;
}

/** A number typed into a field: undefined when empty (the key is then left out). */
export function numberOf(text) {
  const trimmed = String(text ?? "").trim();
  if (trimmed === "") return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : trimmed;
}

/** The preset a take names: "show" or a preset's id (a whole number), from a select's value. */
export function takeOf(value) {
  return /^\d+$/.test(String(value)) ? Number(value) : value;
}

// ---- problems the server named ----------------------------------------------------------

const RULE_PATH = /(?:^|\.)(?:rules|Rules)\[(\d+)\](.*)$/;

/** Whether a problem's path is about the rules (of a dry run, or of a saved show). */
export function isRulesPath(path) {
  return RULE_PATH.test(String(path)) || /(?:^|\.)(?:rules|Rules)$/.test(String(path));
}

/** The problems among `problems` that are the rules'. */
export function rulesProblemsIn(problems) {
  return Array.isArray(problems) ? problems.filter((problem) => isRulesPath(problem.path)) : [];
}

/**
 * Problems by rule: Map(index -> [{field, message}]), `field` the path inside the rule
 * ("timing.hold", "action.entries[1].count", "" for the rule itself). Problems about the
 * list as a whole are under index -1.
 */
export function problemsByRule(problems) {
  const found = new Map();
  for (const problem of problems || []) {
    const match = RULE_PATH.exec(String(problem.path));
    const index = match ? Number(match[1]) : -1;
    const field = match ? match[2].replace(/^\./, "") : "";
    found.set(index, [...(found.get(index) || []), { field, message: problem.message }]);
  }
  return found;
}

/** Of the fields a card shows, the one a problem is about: the longest that starts its path. */
export function fieldFor(problemField, fields) {
  let best = "";
  for (const candidate of fields) {
    const starts =
      problemField === candidate ||
      problemField.startsWith(`${candidate}.`) ||
      problemField.startsWith(`${candidate}[`);
    if (candidate && starts && candidate.length > best.length) best = candidate;
  }
  return best;
}

// ---- words -----------------------------------------------------------------------------

/** The trigger's words with its parameter: "The head count rises above N (2)". */
export function describeTrigger(rule) {
  const on = isObject(rule) && isObject(rule.trigger) ? rule.trigger.on : null;
  const found = trigger(on);
  if (!found) return String(on);
  const value = found.param ? rule.trigger[found.param] : undefined;
  return value === undefined || value === "" ? found.label : `${found.label} (${value})`;
}

export function describeAction(rule) {
  const doName = isObject(rule) && isObject(rule.action) ? rule.action.do : null;
  const found = action(doName);
  return found ? found.label : String(doName);
}
