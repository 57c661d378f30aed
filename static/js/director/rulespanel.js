// The rules panel: a show's auto-director rules in priority order (earlier rules win),
// each a card of labelled controls for its trigger, optional condition, action, timing,
// target and enabled flag; rules added from the starter sets or from scratch, moved,
// deleted; the server's problems shown next to the field they name.
//
// The panel holds no rules of its own: a page mounts it, draws it with the rules and
// problems it keeps (drawRulesPanel), and gets every edit as a whole new list through
// onChange(rules). The editor keeps them in its state (saved with the preset's show);
// a live task can keep them on the task. Every choice and limit is the contract's
// (rules.js spec()).

import * as C from "../editor/contract.js";
import * as R from "./rules.js";
import { listPresetNames, listRuleStarters } from "./api.js";
import { h, uid } from "../common/dom.js";

const { gettext, interpolate } = window;
const SECONDS_STEP = "0.1";
const WHOLE_STEP = "1"; // counts, slots and tiles are whole numbers
const WHOLE_SET = "*"; // the starter list's value that adds every rule of a set

/**
 * Mount the panel in `root`. `onChange(rules)` gets each edit; `loadStarters` and
 * `loadPresets` answer the starter sets and the presets a rule can take. `readOnly`: the
 * rules are shown, their controls disabled (a viewer's page).
 */
export function mountRulesPanel(
  root,
  { onChange, loadStarters = listRuleStarters, loadPresets = listPresetNames, readOnly = false } = {},
) {
  const view = {
    root,
    onChange,
    readOnly,
    rules: [],
    problems: [],
    starters: [],
    presets: null,
    cards: [],
    keys: [],
    generation: 0,
  };
  view.starter = h(
    "select",
    {
      class: "mx-rules-starter",
      "aria-label": gettext("Add rules from a starter set"),
      onchange: (event) => addFromStarter(view, event.target),
    },
    h("option", { value: "" }, gettext("Add from a starter set…")),
  );
  view.addButton = h(
    "button",
    {
      type: "button",
      class: "mx-rules-new",
      onclick: () => change(view, R.addRules(view.rules, [R.newRule(view.rules)])),
    },
    gettext("New rule"),
  );
  view.list = h("ol", { class: "mx-rules-list" });
  view.empty = h(
    "p",
    { class: "mx-note mx-rules-empty" },
    gettext("No rules yet: add a starter set or a new rule. Earlier rules win when two would cut at once."),
  );
  view.general = h("ul", { class: "mx-rules-problems", role: "alert" });
  root.append(
    h("div", { class: "mx-rules-bar", hidden: readOnly }, view.starter, view.addButton),
    view.general,
    view.empty,
    view.list,
  );
  loadStarterSets(view, loadStarters);
  loadPresetNames(view, loadPresets);
  return view;
}

/** Bring the panel in step with `rules` and the server's `problems` about them. */
export function drawRulesPanel(view, { rules, problems = [] }) {
  view.rules = Array.isArray(rules) ? rules : [];
  view.problems = problems;
  const byRule = R.problemsByRule(problems);
  const general = byRule.get(-1) || [];
  view.general.replaceChildren(...general.map((problem) => h("li", {}, problem.message)));
  view.general.hidden = general.length === 0;
  view.empty.hidden = view.rules.length > 0;
  view.addButton.disabled = view.rules.length >= R.spec().max_rules;
  const cards = view.rules.map((rule, index) => {
    const key = [rule, JSON.stringify(byRule.get(index) || []), view.rules.length, view.generation];
    const old = view.keys[index];
    if (old && old.every((part, i) => part === key[i]) && view.cards[index]) return view.cards[index];
    view.keys[index] = key;
    return buildCard(view, rule, index, byRule.get(index) || []);
  });
  view.keys.length = cards.length;
  const focused = focusedField(view);
  if (cards.length !== view.cards.length || cards.some((card, i) => card !== view.cards[i])) {
    view.list.replaceChildren(...cards);
    view.cards = cards;
  }
  if (focused) restoreFocus(view, focused);
}

function change(view, rules) {
  if (rules !== view.rules && view.onChange) view.onChange(rules);
}

function changeRule(view, index, rule) {
  change(view, R.replaceRule(view.rules, index, rule));
}

// ---- loading -------------------------------------------------------------------------

async function loadStarterSets(view, loadStarters) {
  try {
    view.starters = await loadStarters();
  } catch {
    view.starters = [];
  }
  view.starter.append(
    ...view.starters.map((set) =>
      h(
        "optgroup",
        { label: set.title },
        h(
          "option",
          { value: `${set.name}/${WHOLE_SET}` },
          interpolate(gettext("The whole set (%s rules)"), [set.rules.length]),
        ),
        // A rule's name is a stored key: the option says what the rule does, in words.
        ...set.rules.map((rule) =>
          h(
            "option",
            { value: `${set.name}/${rule.name}` },
            interpolate(gettext("%s → %s"), [R.describeTrigger(rule), R.describeAction(rule)]),
          ),
        ),
      ),
    ),
  );
  view.starter.dataset.ready = "true";
}

async function loadPresetNames(view, loadPresets) {
  try {
    view.presets = await loadPresets();
  } catch {
    view.presets = [];
  }
  // Cards drawn before the names came show ids: draw them again.
  view.generation += 1;
  drawRulesPanel(view, { rules: view.rules, problems: view.problems });
}

function addFromStarter(view, select) {
  const [setName, ruleName] = select.value.split("/");
  select.value = "";
  const set = view.starters.find((item) => item.name === setName);
  if (!set) return;
  const added = ruleName === WHOLE_SET ? set.rules : set.rules.filter((rule) => rule.name === ruleName);
  change(view, R.addRules(view.rules, added));
}

// ---- focus across redraws ---------------------------------------------------------------

function focusedField(view) {
  const active = document.activeElement;
  if (!active || !view.list.contains(active)) return null;
  const card = active.closest(".mx-rule");
  return card && active.dataset.field !== undefined
    ? { index: card.dataset.index, field: active.dataset.field, control: active }
    : null;
}

function restoreFocus(view, { index, field, control }) {
  if (document.activeElement === control && view.list.contains(control)) return;
  const card = view.list.querySelector(`.mx-rule[data-index="${index}"]`);
  const again = card && [...card.querySelectorAll("[data-field]")].find((el) => el.dataset.field === field);
  if (again) again.focus();
}

// ---- one rule ------------------------------------------------------------------------------

function buildCard(view, rule, index, problems) {
  const card = h("li", { class: "mx-rule", dataset: { index: String(index) } });
  const fields = new Map(); // path inside the rule -> its field wrapper
  const ctx = {
    view,
    rule,
    index,
    card,
    fields,
    set: (path, value) => changeRule(view, index, R.setIn(rule, path, value)),
  };
  const name = typeof rule.name === "string" ? rule.name : "";
  const shownName = name || interpolate(gettext("rule %s"), [index + 1]);
  card.classList.toggle("mx-rule-off", rule.enabled === false);
  card.append(headOf(ctx, shownName), triggerPart(ctx), conditionPart(ctx), actionPart(ctx), timingPart(ctx));
  card.append(h("ul", { class: "mx-rules-problems mx-rule-problems", role: "alert" }));
  showProblems(card, fields, problems);
  if (view.readOnly) card.querySelectorAll("input, select, button").forEach((control) => (control.disabled = true));
  return card;
}

function headOf(ctx, shownName) {
  const { view, rule, index } = ctx;
  const count = view.rules.length;
  const nameId = uid("mx-rule");
  const enabledId = uid("mx-rule");
  const name = h("input", {
    id: nameId,
    type: "text",
    class: "mx-rule-name",
    value: typeof rule.name === "string" ? rule.name : "",
    maxlength: String(R.spec().max_name),
    autocomplete: "off",
    dataset: { field: "name" },
    onchange: (event) => ctx.set(["name"], event.target.value.trim()),
  });
  const head = h(
    "div",
    { class: "mx-rule-head" },
    h("span", { class: "mx-rule-number", title: gettext("Priority: earlier rules win") }, String(index + 1)),
    h("label", { for: nameId, class: "mx-visually-hidden" }, gettext("Rule name")),
    name,
    h(
      "span",
      { class: "mx-inline mx-rule-enabled" },
      h("input", {
        id: enabledId,
        type: "checkbox",
        checked: rule.enabled !== false,
        dataset: { field: "enabled" },
        // Enabled is the default: the key is kept only to say a rule is off.
        onchange: (event) => ctx.set(["enabled"], event.target.checked ? undefined : false),
      }),
      h("label", { for: enabledId }, gettext("On")),
    ),
    h(
      "span",
      { class: "mx-rule-buttons" },
      h(
        "button",
        {
          type: "button",
          disabled: index === 0,
          "aria-label": interpolate(gettext("Move %s up"), [shownName]),
          title: gettext("Earlier: wins over the rules after it"),
          onclick: () => change(view, R.moveRule(view.rules, index, index - 1)),
        },
        "↑",
      ),
      h(
        "button",
        {
          type: "button",
          disabled: index === count - 1,
          "aria-label": interpolate(gettext("Move %s down"), [shownName]),
          onclick: () => change(view, R.moveRule(view.rules, index, index + 1)),
        },
        "↓",
      ),
      h(
        "button",
        {
          type: "button",
          class: "mx-danger",
          "aria-label": interpolate(gettext("Delete %s"), [shownName]),
          onclick: () => change(view, R.removeRule(view.rules, index)),
        },
        "×",
      ),
    ),
  );
  ctx.fields.set("name", head);
  ctx.fields.set("enabled", head);
  return head;
}

/** A labelled control for `path`, registered so that the server's problems find it. */
function field(ctx, path, label, control, help = null) {
  const key = path.join(".").replace(/\.(\d+)(?=\.|$)/g, "[$1]");
  control.id = control.id || uid("mx-rule");
  control.dataset.field = key;
  const wrapper = h("div", { class: "mx-field" }, h("label", { for: control.id }, label), control);
  if (help) {
    const helpId = uid("mx-rule");
    wrapper.append(h("span", { class: "mx-note", id: helpId }, help));
    control.setAttribute("aria-describedby", helpId);
  }
  ctx.fields.set(key, wrapper);
  return wrapper;
}

function select(choices, value, onchange) {
  const known = choices.some((choice) => choice.value === String(value));
  return h(
    "select",
    { onchange: (event) => onchange(event.target.value) },
    ...(known || value === undefined ? [] : [h("option", { value: String(value), selected: true }, String(value))]),
    ...choices.map((choice) =>
      h("option", { value: choice.value, selected: choice.value === String(value ?? "") }, choice.label),
    ),
  );
}

function numberInput(value, { min, max, step = WHOLE_STEP, placeholder = "" }, onchange) {
  return h("input", {
    type: "number",
    inputmode: step === WHOLE_STEP ? "numeric" : "decimal",
    class: "mx-small-number",
    min: min === undefined ? null : String(min),
    max: max === undefined ? null : String(max),
    step,
    placeholder,
    value: value === undefined ? "" : String(value),
    onchange: (event) => onchange(R.numberOf(event.target.value)),
  });
}

function textInput(value, { maxlength, placeholder = "" }, onchange) {
  return h("input", {
    type: "text",
    autocomplete: "off",
    maxlength: maxlength === undefined ? null : String(maxlength),
    placeholder,
    value: value === undefined ? "" : String(value),
    onchange: (event) => onchange(event.target.value.trim()),
  });
}

function part(legend, ...children) {
  return h("fieldset", { class: "mx-rule-part" }, h("legend", {}, legend), ...children);
}

// ---- trigger -------------------------------------------------------------------------

function triggerPart(ctx) {
  const { rule } = ctx;
  const spec = R.spec();
  const current = rule.trigger && typeof rule.trigger === "object" ? rule.trigger : {};
  const on = select(
    spec.triggers.map((item) => ({ value: item.name, label: item.label })),
    current.on,
    (value) => ctx.set(["trigger"], R.triggerWith(current, value)),
  );
  const parts = [field(ctx, ["trigger", "on"], gettext("Trigger"), on)];
  const found = R.trigger(current.on);
  if (found && found.param === "n") {
    parts.push(
      field(
        ctx,
        ["trigger", "n"],
        gettext("N (people)"),
        numberInput(current.n, { min: found.minimum, max: spec.max_count }, (value) =>
          ctx.set(["trigger", "n"], value),
        ),
      ),
    );
  } else if (found && found.param === "user") {
    parts.push(
      field(
        ctx,
        ["trigger", "user"],
        gettext("Who (UserId)"),
        textInput(current.user, { maxlength: C.constants().max_lengths.UserId }, (value) =>
          ctx.set(["trigger", "user"], value),
        ),
      ),
    );
  } else if (found && found.param === "role") {
    parts.push(roleNameField(ctx, ["trigger", "role"], current.role, "named", gettext("Role")));
  }
  ctx.fields.set("trigger", parts[0]);
  return part(gettext("When"), ...parts);
}

// ---- condition -----------------------------------------------------------------------

function conditionPart(ctx) {
  const { rule } = ctx;
  const spec = R.spec();
  const condition = rule.condition && typeof rule.condition === "object" ? rule.condition : {};
  const set = (key) => (value) => ctx.set(["condition", key], value);
  const parts = [];
  if (R.hasPerson(rule) || condition.who !== undefined) {
    parts.push(...whoFields(ctx, ["condition", "who"], condition.who, spec.condition_who, gettext("Who it is about")));
  }
  parts.push(
    h(
      "div",
      { class: "mx-grid2" },
      field(
        ctx,
        ["condition", "count_min"],
        gettext("At least (people)"),
        numberInput(condition.count_min, { min: spec.min_count, max: spec.max_count }, set("count_min")),
      ),
      field(
        ctx,
        ["condition", "count_max"],
        gettext("At most (people)"),
        numberInput(condition.count_max, { min: spec.min_count, max: spec.max_count }, set("count_max")),
      ),
    ),
  );
  const onAir = [
    { value: "", label: gettext("anything") },
    ...spec.shots.map((shot) => ({ value: shot.name, label: shot.label })),
    ...presetChoices(ctx.view, condition.on_air_preset),
  ];
  parts.push(
    field(
      ctx,
      ["condition", "on_air_preset"],
      gettext("While on air"),
      select(onAir, condition.on_air_preset ?? "", (value) =>
        ctx.set(["condition", "on_air_preset"], value === "" ? undefined : R.takeOf(value)),
      ),
    ),
    field(
      ctx,
      ["condition", "since_last_cut_min"],
      gettext("At least this long since the last cut (s)"),
      numberInput(
        condition.since_last_cut_min,
        { min: spec.min_seconds, max: spec.max_seconds, step: SECONDS_STEP },
        set("since_last_cut_min"),
      ),
    ),
  );
  const details = h(
    "details",
    { class: "mx-rule-part mx-rule-condition", open: Object.keys(condition).length > 0 },
    h("summary", {}, Object.keys(condition).length ? gettext("Only if") : gettext("Only if (optional)")),
    ...parts,
  );
  ctx.fields.set("condition", details);
  return details;
}

// ---- action --------------------------------------------------------------------------

function actionPart(ctx) {
  const { rule } = ctx;
  const spec = R.spec();
  const current = rule.action && typeof rule.action === "object" ? rule.action : {};
  const doSelect = select(
    spec.actions.map((item) => ({ value: item.name, label: item.label })),
    current.do,
    (value) => ctx.set(["action"], R.actionWith(current, value)),
  );
  const parts = [field(ctx, ["action", "do"], gettext("Action"), doSelect)];
  const found = R.action(current.do);
  const keys = found ? found.keys : [];
  const set = (key) => (value) => ctx.set(["action", key], value);
  if (keys.includes("preset")) {
    const choices = [
      { value: spec.show, label: R.labelOf("shots", spec.show) },
      ...presetChoices(ctx.view, current.preset),
    ];
    parts.push(
      field(
        ctx,
        ["action", "preset"],
        gettext("Preset"),
        select(choices, current.preset, (v) => set("preset")(R.takeOf(v))),
      ),
    );
  }
  if (keys.includes("entries")) parts.push(entriesField(ctx, current.entries));
  if (keys.includes("seats")) {
    parts.push(
      field(
        ctx,
        ["action", "seats"],
        gettext("Seats"),
        select(
          spec.seats.map((item) => ({ value: item.name, label: item.label })),
          current.seats ?? spec.seats[0].name,
          set("seats"),
        ),
      ),
    );
  }
  if (keys.includes("small")) {
    parts.push(
      field(
        ctx,
        ["action", "small"],
        gettext("Small picture"),
        select(
          spec.small.map((item) => ({ value: item.name, label: item.label })),
          current.small ?? spec.small[0].name,
          set("small"),
        ),
      ),
    );
  }
  if (keys.includes("strip")) {
    parts.push(
      field(
        ctx,
        ["action", "strip"],
        gettext("Pictures in the strip"),
        numberInput(
          current.strip,
          { min: spec.min_strip, max: spec.max_strip, placeholder: String(spec.strip_tiles) },
          set("strip"),
        ),
      ),
    );
  }
  if (keys.includes("slot")) {
    parts.push(
      field(
        ctx,
        ["action", "slot"],
        gettext("Slot (index from 0)"),
        numberInput(current.slot, { min: spec.min_slot, max: spec.max_slot }, set("slot")),
      ),
    );
  }
  if (keys.includes("stream")) {
    parts.push(
      field(
        ctx,
        ["action", "stream"],
        gettext("Picture"),
        select(
          spec.streams.map((item) => ({ value: item.name, label: item.label })),
          current.stream ?? spec.default_stream,
          set("stream"),
        ),
      ),
    );
  }
  if (keys.includes("who")) {
    parts.push(...whoFields(ctx, ["action", "who"], current.who, found.who, gettext("Who")));
  }
  if (keys.includes("text")) {
    parts.push(
      field(
        ctx,
        ["action", "text"],
        gettext("Slate text"),
        textInput(current.text, { maxlength: spec.max_slate_text }, (value) => set("text")(value || undefined)),
      ),
    );
  }
  if (keys.includes("image")) {
    parts.push(
      field(
        ctx,
        ["action", "image"],
        gettext("Slate image (http:// or https:// URL)"),
        textInput(current.image, { maxlength: spec.max_url, placeholder: "https://" }, (value) =>
          set("image")(value || undefined),
        ),
      ),
    );
  }
  ctx.fields.set("action", parts[0]);
  return part(gettext("Do"), ...parts);
}

/** The table: one row per head count, each taking a shot or a preset. */
function entriesField(ctx, entries) {
  const spec = R.spec();
  const list = Array.isArray(entries) ? entries : [];
  const setEntries = (next) => ctx.set(["action", "entries"], next);
  const rows = list.map((entry, at) => {
    const current = entry && typeof entry === "object" ? entry : {};
    const value = current.shot !== undefined ? `shot:${current.shot}` : `preset:${current.preset}`;
    const choices = [
      ...spec.built_shots.map((shot) => ({ value: `shot:${shot}`, label: R.labelOf("shots", shot) })),
      { value: `preset:${spec.show}`, label: R.labelOf("shots", spec.show) },
      ...presetChoices(ctx.view, current.preset).map((choice) => ({ ...choice, value: `preset:${choice.value}` })),
    ];
    const take = select(choices, value, (picked) => {
      const [kind, name] = [picked.slice(0, picked.indexOf(":")), picked.slice(picked.indexOf(":") + 1)];
      const next = { count: current.count };
      next[kind] = kind === "preset" ? R.takeOf(name) : name;
      setEntries(list.map((item, i) => (i === at ? next : item)));
    });
    const who = interpolate(gettext("entry %s"), [at + 1]);
    return h(
      "div",
      { class: "mx-rule-entry" },
      field(
        ctx,
        ["action", "entries", at, "count"],
        gettext("From (people)"),
        numberInput(current.count, { min: spec.min_count, max: spec.max_count }, (count) =>
          setEntries(list.map((item, i) => (i === at ? { ...item, count } : item))),
        ),
      ),
      field(ctx, ["action", "entries", at, current.shot !== undefined ? "shot" : "preset"], gettext("Take"), take),
      h(
        "button",
        {
          type: "button",
          class: "mx-rule-entry-remove",
          disabled: list.length <= 1,
          "aria-label": interpolate(gettext("Remove %s"), [who]),
          onclick: () => setEntries(list.filter((_, i) => i !== at)),
        },
        "×",
      ),
    );
  });
  const last = list.length ? list[list.length - 1] : null;
  const nextCount = last && Number.isInteger(last.count) ? last.count + 1 : 1;
  const wrapper = h(
    "div",
    { class: "mx-rule-entries", role: "group", "aria-label": gettext("Table by head count") },
    h("span", { class: "mx-note" }, gettext("Each entry applies from its head count up to the next entry's.")),
    ...rows,
    h(
      "button",
      {
        type: "button",
        disabled: list.length >= spec.max_table_entries,
        onclick: () => setEntries([...list, { count: nextCount, shot: spec.built_shots[0] }]),
      },
      gettext("Add an entry"),
    ),
  );
  ctx.fields.set("action.entries", wrapper);
  return wrapper;
}

// ---- who -----------------------------------------------------------------------------

/**
 * The controls of a person: the trigger's (left out), a UserId or a role (`allowed`: "any"
 * role, only "named" ones, or "none").
 */
function whoFields(ctx, path, who, allowed, label) {
  const mode = R.whoMode(who);
  const personless = !R.hasPerson(ctx.rule);
  const modes = [
    ...(personless && mode !== "trigger" ? [] : [{ value: "trigger", label: gettext("the trigger's person") }]),
    { value: "user", label: gettext("a UserId") },
    ...(allowed === "none" ? [] : [{ value: "role", label: gettext("a role") }]),
  ];
  const modeSelect = select(modes, mode, (value) => ctx.set(path, R.whoOf(value, allowed)));
  const out = [field(ctx, path, label, modeSelect)];
  if (mode === "user") {
    out.push(
      field(
        ctx,
        [...path, "UserId"],
        gettext("UserId"),
        textInput(who.UserId, { maxlength: C.constants().max_lengths.UserId }, (value) =>
          ctx.set([...path, "UserId"], value),
        ),
      ),
    );
  } else if (mode === "role") {
    out.push(roleNameField(ctx, [...path, "role"], who.role, allowed, gettext("Role"), who));
    if (who.role === R.spec().host && allowed !== "named") {
      out.push(
        field(
          ctx,
          [...path, "user"],
          gettext("The host's UserId (optional)"),
          textInput(who.user, { maxlength: C.constants().max_lengths.UserId }, (value) =>
            ctx.set([...path, "user"], value || undefined),
          ),
        ),
      );
    }
    if (who.role === R.spec().nth) {
      out.push(
        field(
          ctx,
          [...path, "n"],
          gettext("n (from 1, join order)"),
          numberInput(who.n, { min: R.spec().min_nth, max: R.spec().max_nth }, (value) =>
            ctx.set([...path, "n"], value),
          ),
        ),
      );
    }
  }
  return out;
}

/**
 * A role by name: one of the built-in roles (when `allowed` is "any"), the host, or a role
 * of one's own typed in. `who` (a role spec) keeps its own fields when the role changes.
 */
function roleNameField(ctx, path, role, allowed, label, who = null) {
  const spec = R.spec();
  const own = "\u0000own";
  const builtIn = allowed === "any" ? spec.roles : spec.roles.filter((item) => item.name === spec.host);
  const isBuiltIn = builtIn.some((item) => item.name === role);
  const choices = [
    ...builtIn.map((item) => ({ value: item.name, label: item.label })),
    { value: own, label: gettext("a role of your own…") },
  ];
  const parentPath = path.slice(0, -1);
  const setRole = (name) => {
    if (who) ctx.set(parentPath, R.withRole(who, name));
    else ctx.set(path, name);
  };
  const roleSelect = select(choices, isBuiltIn ? role : own, (value) => setRole(value === own ? "" : value));
  const wrapper = field(ctx, path, label, roleSelect);
  if (!isBuiltIn) {
    const nameInput = textInput(
      role,
      { maxlength: spec.max_role_name, placeholder: gettext("guest, interpreter…") },
      setRole,
    );
    nameInput.pattern = spec.named_role_pattern;
    nameInput.id = uid("mx-rule");
    nameInput.dataset.field = `${wrapper.querySelector("select").dataset.field}`;
    roleSelect.removeAttribute("data-field");
    wrapper.append(h("label", { for: nameInput.id, class: "mx-visually-hidden" }, gettext("Role name")), nameInput);
  }
  return wrapper;
}

// ---- timing and target ---------------------------------------------------------------

function timingPart(ctx) {
  const { rule } = ctx;
  const spec = R.spec();
  const timing = rule.timing && typeof rule.timing === "object" ? rule.timing : {};
  const boxes = spec.timing.map((item) =>
    field(
      ctx,
      ["timing", item.name],
      item.label,
      numberInput(
        timing[item.name],
        { min: spec.min_seconds, max: spec.max_seconds, step: SECONDS_STEP, placeholder: "0" },
        (value) => ctx.set(["timing", item.name], value),
      ),
    ),
  );
  // The timing's words are long: each control says them as its title.
  spec.timing.forEach((item, i) => boxes[i].setAttribute("title", item.help));
  const target = field(
    ctx,
    ["target"],
    gettext("Cut to"),
    select(
      spec.targets.map((item) => ({ value: item.name, label: item.label })),
      rule.target ?? spec.default_target,
      (value) => ctx.set(["target"], value === spec.default_target ? undefined : value),
    ),
  );
  ctx.fields.set("timing", boxes[0]);
  return part(gettext("Timing"), h("div", { class: "mx-rule-timing" }, ...boxes), target);
}

// ---- presets and problems ----------------------------------------------------------------

/** The library's presets as choices; one the list does not hold is named by its id. */
function presetChoices(view, current) {
  const presets = view.presets || [];
  const choices = presets.map((preset) => ({
    value: String(preset.id),
    label: interpolate(gettext("Preset: %s"), [preset.name]),
  }));
  if (Number.isInteger(current) && !presets.some((preset) => preset.id === current)) {
    choices.push({ value: String(current), label: interpolate(gettext("Preset #%s"), [current]) });
  }
  return choices;
}

function showProblems(card, fields, problems) {
  const general = card.querySelector(".mx-rule-problems");
  const paths = [...fields.keys()];
  for (const problem of problems) {
    const path = R.fieldFor(problem.field, paths);
    const wrapper = path ? fields.get(path) : null;
    if (!wrapper) {
      general.append(h("li", {}, problem.message));
      continue;
    }
    const id = uid("mx-rule-problem");
    wrapper.append(h("p", { class: "mx-rule-field-problem error", id }, problem.message));
    wrapper.classList.add("mx-invalid");
    const control = wrapper.querySelector("[data-field]");
    if (control) {
      control.setAttribute("aria-invalid", "true");
      const before = control.getAttribute("aria-describedby");
      control.setAttribute("aria-describedby", before ? `${before} ${id}` : id);
    }
  }
  general.hidden = general.children.length === 0;
  card.classList.toggle("mx-rule-invalid", problems.length > 0);
}
