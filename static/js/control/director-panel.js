// The auto-director on the task page: whether automation runs, what it is doing (the
// phase, when it looks again, the hold), what is on air as it knows it, a shot a rule
// staged for the preview, the slate, and the task's rules (edited in the rules panel,
// static/js/director/rulespanel.js, and applied with one PATCH). It reads GET director/
// with the task store's rhythm (each poll of the store), so it never polls on its own.
// Keys: Shift+P pauses and resumes automation, Shift+S puts the slate on air and takes
// it off; both are shown on their buttons.
import { describeRefusal } from "./refusal.js";
import { shotWords } from "./labels.js";
import { statusLine } from "./director-view.js";
import { request } from "../common/http.js";
import { h, isTyping } from "../common/dom.js";
import { describeAction, describeTrigger, rulesProblemsIn, sameRules } from "../director/rules.js";
import { drawRulesPanel, mountRulesPanel } from "../director/rulespanel.js";

const { gettext, interpolate } = window;

export const PAUSE_KEY = "P"; // with Shift
export const SLATE_KEY = "S"; // with Shift

/** Mount the panel in `root` and keep it in step with the task store. */
export function mountDirectorPanel(root, store, { directorUrl, slateUrl, takeUrl, canAct }) {
  let status = null;
  let loading = false;
  let busy = false;
  let message = null; // {kind, text}
  let draft = null; // the rules being edited, before they are applied
  let draftProblems = [];
  const live = () => ["starting", "running"].includes(store.get().status);

  const heading = h("h2", { id: "director-title" }, gettext("Auto-director"));
  const body = h("div", { class: "director-body" });
  const editor = h("div", { class: "director-rules-editor" });
  const rulesView = canAct ? mountRulesPanel(editor, { onChange: (rules) => editDraft(rules) }) : null;
  root.replaceChildren(heading, body);

  async function load() {
    if (loading) return;
    loading = true;
    try {
      status = await request("GET", directorUrl);
      draw();
    } catch {
      // The next poll of the store asks again; the page stays usable meanwhile.
    } finally {
      loading = false;
    }
  }

  async function act(method, url, payload, { onRefused } = {}) {
    if (busy) return;
    busy = true;
    message = null;
    draw();
    try {
      status = await request(method, url, payload);
      store.poll(); // the program and the event log follow the task store
      return true;
    } catch (error) {
      if (onRefused) onRefused(error);
      message = { kind: "error", text: describeRefusal(error) };
      return false;
    } finally {
      busy = false;
      draw();
    }
  }

  const togglePause = () => act("PATCH", directorUrl, { paused: !status.paused });
  const toggleSlate = () => act("POST", slateUrl, { on: !status.slate.on });
  const takeStaged = () => act("POST", takeUrl, { document: status.staged.document }).then(() => load());

  function editDraft(rules) {
    draft = rules;
    draftProblems = [];
    draw();
  }

  async function applyDraft() {
    const ok = await act(
      "PATCH",
      directorUrl,
      { rules: draft },
      {
        onRefused: (error) => {
          draftProblems = rulesProblemsIn((error.body && error.body.problems) || []);
        },
      },
    );
    if (ok) {
      draft = null;
      message = { kind: "ok", text: gettext("The rules are applied from the next room event.") };
      draw();
    }
  }

  const button = (text, onclick, attrs = {}) =>
    h("button", { type: "button", class: "button", disabled: busy || !live(), onclick, ...attrs }, text);

  function controls() {
    if (!canAct) return null;
    return h(
      "div",
      { class: "director-actions" },
      button(status.paused ? gettext("Resume automation") : gettext("Pause automation"), togglePause, {
        id: "director-pause",
        "aria-keyshortcuts": `Shift+${PAUSE_KEY}`,
        title: interpolate(gettext("Key: %s"), [`Shift+${PAUSE_KEY}`]),
        "aria-pressed": status.paused ? "true" : "false",
        disabled: busy || !live() || !status.rules.length,
      }),
      button(status.slate.on ? gettext("Release the slate") : gettext("Slate"), toggleSlate, {
        id: "director-slate",
        class: status.slate.on ? "button mx-danger" : "button",
        "aria-keyshortcuts": `Shift+${SLATE_KEY}`,
        title: interpolate(gettext("Key: %s"), [`Shift+${SLATE_KEY}`]),
        "aria-pressed": status.slate.on ? "true" : "false",
      }),
    );
  }

  function staged() {
    if (!status.staged) return null;
    return h(
      "div",
      { class: "director-staged" },
      h(
        "p",
        {},
        interpolate(gettext("Rule %s staged %s for the program."), [status.staged.rule, shotWords(status.staged.shot)]),
      ),
      canAct ? button(gettext("Take it"), takeStaged, { id: "director-take-staged" }) : null,
    );
  }

  function rulesList() {
    const rules = status.rules;
    if (!rules.length) return null;
    return h(
      "ol",
      { class: "director-rules" },
      ...rules.map((rule) =>
        h(
          "li",
          { class: rule.enabled === false ? "off" : "" },
          h("strong", {}, rule.name),
          " ",
          interpolate(gettext("%s → %s"), [describeTrigger(rule), describeAction(rule)]),
          rule.enabled === false ? h("span", { class: "mx-note" }, ` (${gettext("off")})`) : null,
        ),
      ),
    );
  }

  function rulesEditor() {
    if (!rulesView) return null;
    const rules = draft ?? status.rules;
    drawRulesPanel(rulesView, { rules, problems: draftProblems });
    const changed = draft !== null && !sameRules(draft, status.rules);
    return h(
      "details",
      { class: "director-edit", open: draft !== null ? true : undefined },
      h("summary", {}, gettext("Edit the rules")),
      editor,
      h(
        "div",
        { class: "mx-actions" },
        h(
          "button",
          { type: "button", class: "primary", id: "director-apply", disabled: busy || !changed, onclick: applyDraft },
          gettext("Apply the rules"),
        ),
        h(
          "button",
          { type: "button", disabled: busy || draft === null, onclick: () => editDraft(null) },
          gettext("Discard changes"),
        ),
      ),
    );
  }

  function draw() {
    if (!status) return;
    const onAir = status.on_air
      ? h("p", { class: "director-on-air" }, interpolate(gettext("On air: %s."), [shotWords(status.on_air.shot)]))
      : null;
    const parts = [
      h("p", { class: "director-status", id: "director-status", role: "status" }, statusLine(status)),
      onAir,
      staged(),
      controls(),
      message ? h("p", { class: message.kind === "error" ? "error" : "mx-note", role: "alert" }, message.text) : null,
      rulesList(),
      rulesEditor(),
    ];
    body.replaceChildren(...parts.filter(Boolean)); // replaceChildren would write "null"
  }

  if (canAct) {
    window.addEventListener("keydown", (event) => {
      if (!event.shiftKey || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (!status || busy || !live()) return;
      const key = event.key.toUpperCase();
      if (key === PAUSE_KEY && status.rules.length) {
        event.preventDefault();
        togglePause();
      } else if (key === SLATE_KEY) {
        event.preventDefault();
        toggleSlate();
      }
    });
  }
  store.subscribe(() => load());
  load();
}
