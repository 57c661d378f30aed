// Server-side validation while editing: a debounced POST /api/layouts/validate/
// whose problems go into the state (the canvas outlines the elements, the panel
// marks the fields) and into a list here whose items select their element.

import * as D from "./doc.js";
import { actionNamed, performAction } from "./actions.js";
import { validateDocument } from "./api.js";
import { h } from "../common/dom.js";

const { gettext, interpolate, ngettext } = window;
const DELAY_MS = 300;

export function createValidation(root, { dispatch, getState }) {
  const summary = h("p", { class: "mx-problem-summary", role: "status" });
  const list = h("ul", { class: "mx-problems" });
  root.append(summary, list);
  return { dispatch, getState, summary, list, timer: null, controller: null, seq: 0, key: null, checked: false };
}

export function scheduleValidation(view, doc) {
  clearTimeout(view.timer);
  view.timer = setTimeout(() => run(view, doc), DELAY_MS);
}

async function run(view, doc) {
  view.timer = null;
  if (view.controller) view.controller.abort();
  const controller = new AbortController();
  view.controller = controller;
  view.seq += 1;
  const seq = view.seq;
  try {
    const result = await validateDocument(doc, { signal: controller.signal });
    if (seq !== view.seq) return; // a newer document is being checked
    view.checked = true;
    view.failed = "";
    view.dispatch({ type: "problems", problems: result.problems || [] });
  } catch (error) {
    if (error.name === "AbortError" || seq !== view.seq) return;
    view.failed = error.message;
    view.dispatch({ type: "problems", problems: [] });
  } finally {
    if (view.controller === controller) view.controller = null;
  }
}

function owner(doc, id) {
  if (!id) return gettext("Layout");
  const { kind, index } = D.parseId(id);
  if (kind === D.SLOT) return interpolate(gettext("Slot %s"), [index + 1]);
  return interpolate(gettext("Watermark %s"), [index + 1]);
}

export function drawValidation(view, state) {
  const key = JSON.stringify([state.problems, view.failed, view.checked]);
  if (key === view.key) return;
  view.key = key;
  const errors = state.problems.filter((p) => p.severity === "error").length;
  const warnings = state.problems.length - errors;
  if (view.failed)
    view.summary.textContent = interpolate(gettext("The layout could not be checked: %s"), [view.failed]);
  else if (!view.checked) view.summary.textContent = gettext("Checking the layout…");
  else if (state.problems.length === 0)
    view.summary.textContent = gettext("No problems: the cloud will accept this layout.");
  else {
    view.summary.textContent = `${interpolate(ngettext("%s error", "%s errors", errors), [errors])}, ${interpolate(ngettext("%s warning", "%s warnings", warnings), [warnings])}`;
  }
  view.summary.className = `mx-problem-summary ${errors ? "mx-has-errors" : ""}`;
  view.list.replaceChildren(
    ...state.problems.map((problem) => {
      const id = D.elementIdForPath(problem.path);
      const text = [
        h("span", { class: "mx-severity" }, problem.severity === "error" ? gettext("Error") : gettext("Warning")),
        " ",
        h("strong", {}, owner(state.doc, id)),
        `: ${problem.message} `,
        h("span", { class: "mx-rule" }, `${problem.rule} · ${problem.path}`),
      ];
      const content = id
        ? h(
            "button",
            {
              type: "button",
              class: "mx-problem-button",
              dataset: { target: id },
              onclick: () => view.dispatch({ type: "select", ids: [id] }),
            },
            text,
          )
        : h("span", {}, text);
      return h(
        "li",
        { class: `mx-problem mx-${problem.severity}`, dataset: { problemPath: problem.path } },
        content,
        fixFor(view, problem),
      );
    }),
  );
}

/** One click that fixes the problem, where the registry has an action for its rule. */
export function fixFor(view, problem) {
  if (problem.rule !== "same-zorder") return null;
  const entry = actionNamed("fix-zorder");
  return h(
    "button",
    {
      type: "button",
      class: "mx-fix",
      title: entry.title(),
      onclick: () => {
        const action = performAction(entry, view.getState(), {});
        if (action) view.dispatch(action);
      },
    },
    gettext("Fix: separate the layers"),
  );
}
