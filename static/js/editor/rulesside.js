// The rules panel on the preset page: the section templates/layouts/_rules_panel.html
// writes, placed at the foot of the side column, closed to its title until opened; open,
// it takes the column (wider) in place of the inspector and the preview. It edits the
// editor's state.rules (saved with the preset's show) and shows state.rulesProblems.

import { drawRulesPanel, mountRulesPanel } from "../director/rulespanel.js";

const { interpolate, ngettext } = window;

/** The panel on the page's #mx-rules, or null when the page has none. */
export function createRulesSide({ dispatch }) {
  const section = document.getElementById("mx-rules");
  const column = document.querySelector(".mx-side-column");
  if (!section || !column) return null;
  column.append(section);
  section.hidden = false;
  const view = {
    section,
    workspace: column.closest(".mx-workspace"),
    toggle: section.querySelector("#mx-rules-toggle"),
    body: section.querySelector("#mx-rules-body"),
    count: section.querySelector("[data-rules-count]"),
    problemsShown: null,
  };
  // A viewer's workspace says so (.mx-studio[data-read-only]): the rules are shown, not edited.
  const studio = column.closest(".mx-studio");
  view.panel = mountRulesPanel(section.querySelector("#mx-rules-panel"), {
    onChange: (rules) => dispatch({ type: "setRules", rules }),
    readOnly: Boolean(studio && studio.dataset.readOnly === "true"),
  });
  view.toggle.addEventListener("click", () => setOpen(view, view.body.hidden));
  return view;
}

export function isOpen(view) {
  return Boolean(view) && !view.body.hidden;
}

export function setOpen(view, open) {
  view.body.hidden = !open;
  view.toggle.setAttribute("aria-expanded", String(open));
  view.section.classList.toggle("mx-rules-opened", open);
  if (view.workspace) view.workspace.classList.toggle("mx-rules-open", open);
}

export function drawRulesSide(view, state) {
  // Problems the server just named open the panel, where they are shown.
  if (state.rulesProblems.length && state.rulesProblems !== view.problemsShown && !isOpen(view)) setOpen(view, true);
  view.problemsShown = state.rulesProblems;
  const count = state.rules.length;
  view.count.textContent = count ? String(count) : "";
  view.count.title = count ? interpolate(ngettext("%s rule", "%s rules", count), [count]) : "";
  view.count.classList.toggle("mx-count-error", state.rulesProblems.length > 0);
  drawRulesPanel(view.panel, { rules: state.rules, problems: state.rulesProblems });
}
