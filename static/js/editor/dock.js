// The dock under the canvas: tabs for the problems, the request JSON and the
// simulated room, so the canvas keeps the height. The problems tab counts what
// the last check found.
import { everyProblem } from "./state.js";

const { interpolate, ngettext } = window;

/** Tabs as the page wrote them: [role=tab] buttons whose aria-controls names their panel. */
export function createDock(root) {
  const tabs = [...root.querySelectorAll("[role=tab]")];
  const view = { root, tabs, key: null, count: root.querySelector("[data-problem-count]") };
  const choose = (tab, focus = false) => {
    for (const other of tabs) {
      const on = other === tab;
      other.setAttribute("aria-selected", String(on));
      other.tabIndex = on ? 0 : -1;
      document.getElementById(other.getAttribute("aria-controls")).hidden = !on;
    }
    if (focus) tab.focus();
  };
  tabs.forEach((tab, index) => {
    tab.addEventListener("click", () => choose(tab));
    tab.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      event.preventDefault();
      choose(tabs[(index + step + tabs.length) % tabs.length], true);
    });
  });
  view.choose = (name) => {
    const tab = tabs.find((t) => t.dataset.tab === name);
    if (tab) choose(tab);
  };
  return view;
}

export function drawDock(view, state) {
  const problems = everyProblem(state); // every leg's: the tab lists them all
  const errors = problems.filter((p) => p.severity === "error").length;
  const warnings = problems.length - errors;
  const key = `${errors}/${warnings}`;
  if (key === view.key || !view.count) return;
  view.key = key;
  view.count.textContent = problems.length ? String(problems.length) : "";
  view.count.className = `mx-count${errors ? " mx-count-error" : warnings ? " mx-count-warning" : ""}`;
  view.count.title = problems.length
    ? `${interpolate(ngettext("%s error", "%s errors", errors), [errors])}, ${interpolate(
        ngettext("%s warning", "%s warnings", warnings),
        [warnings],
      )}`
    : "";
}
