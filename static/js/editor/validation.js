// Server-side validation while editing: a debounced POST /api/layouts/validate/
// whose problems go into the state (the canvas outlines the elements, the panel
// marks the fields) and into a list here whose items select their element. Each
// variant of the show (variants.js) is checked on its own, by the same call; its
// problems are listed under its name, and picking one edits that variant.

import * as D from "./doc.js";
import { actionNamed, performAction } from "./actions.js";
import { validateDocument } from "./api.js";
import { everyProblem } from "./state.js";
import { h } from "../common/dom.js";

const { gettext, interpolate, ngettext } = window;
const DELAY_MS = 300;

export function createValidation(root, { dispatch, getState }) {
  const summary = h("p", { class: "mx-problem-summary", role: "status" });
  const list = h("ul", { class: "mx-problems" });
  root.append(summary, list);
  return { dispatch, getState, summary, list, timer: null, controller: null, seq: 0, key: null, checked: false };
}

/** Check every leg of the show as it is when the check starts (a moment from now). */
export function scheduleValidation(view) {
  clearTimeout(view.timer);
  view.timer = setTimeout(() => run(view), DELAY_MS);
}

async function run(view) {
  view.timer = null;
  if (view.controller) view.controller.abort();
  const controller = new AbortController();
  view.controller = controller;
  view.seq += 1;
  const seq = view.seq;
  try {
    const { main, variants } = view.getState();
    const [result, ...legs] = await Promise.all(
      [main, ...variants.map((variant) => variant.VideoParams)].map((doc) =>
        validateDocument(doc, { signal: controller.signal }),
      ),
    );
    if (seq !== view.seq) return; // a newer document is being checked
    view.checked = true;
    view.failed = "";
    if (view.getState().variants.length !== variants.length) {
      scheduleValidation(view); // a variant came or went meanwhile
      return;
    }
    view.dispatch({ type: "problems", problems: result.problems || [], legs: legs.map((leg) => leg.problems || []) });
  } catch (error) {
    if (error.name === "AbortError" || seq !== view.seq) return;
    view.failed = error.message;
    view.dispatch({ type: "problems", problems: [], legs: [] });
  } finally {
    if (view.controller === controller) view.controller = null;
  }
}

function owner(problem, id) {
  const leg = problem.legName ? `${problem.legName}: ` : "";
  if (!id) return `${leg}${problem.ofVariant ? gettext("Variant") : gettext("Layout")}`;
  const { kind, index } = D.parseId(id);
  if (kind === D.SLOT) return `${leg}${interpolate(gettext("Slot %s"), [index + 1])}`;
  return `${leg}${interpolate(gettext("Watermark %s"), [index + 1])}`;
}

export function drawValidation(view, state) {
  // A variant that came or went changes no picture being edited: check them again.
  if (view.legs !== undefined && view.legs !== state.variants.length) scheduleValidation(view);
  view.legs = state.variants.length;
  const all = everyProblem(state);
  const key = JSON.stringify([all, view.failed, view.checked]);
  if (key === view.key) return;
  view.key = key;
  const errors = all.filter((p) => p.severity === "error").length;
  const warnings = all.length - errors;
  if (view.failed)
    view.summary.textContent = interpolate(gettext("The layout could not be checked: %s"), [view.failed]);
  else if (!view.checked) view.summary.textContent = gettext("Checking the layout…");
  else if (all.length === 0)
    view.summary.textContent = state.variants.length
      ? gettext("No problems: the cloud will accept this layout and each of its variants.")
      : gettext("No problems: the cloud will accept this layout.");
  else {
    view.summary.textContent = `${interpolate(ngettext("%s error", "%s errors", errors), [errors])}, ${interpolate(ngettext("%s warning", "%s warnings", warnings), [warnings])}`;
  }
  view.summary.className = `mx-problem-summary ${errors ? "mx-has-errors" : ""}`;
  view.list.replaceChildren(
    ...all.map((problem) => {
      const id = problem.ofVariant ? null : D.elementIdForPath(problem.path);
      const text = [
        h("span", { class: "mx-severity" }, problem.severity === "error" ? gettext("Error") : gettext("Warning")),
        " ",
        h("strong", {}, owner(problem, id)),
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
              onclick: () => {
                view.dispatch({ type: "chooseLeg", leg: problem.leg });
                view.dispatch({ type: "select", ids: [id] });
              },
            },
            text,
          )
        : h("span", {}, text);
      return h(
        "li",
        {
          class: `mx-problem mx-${problem.severity}`,
          dataset: { problemPath: problem.path, leg: problem.legName || "" },
        },
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
        // A problem of another leg of the show is fixed in that leg's picture.
        if (problem.leg !== undefined) view.dispatch({ type: "chooseLeg", leg: problem.leg });
        const action = performAction(entry, view.getState(), {});
        if (action) view.dispatch(action);
      },
    },
    gettext("Fix: separate the layers"),
  );
}
