// One moment of a dry run, read only: the picture the rules put on air then (the take's
// document drawn for the room at that moment) with its regions outlined and named, over
// the canvas it covers until the producer goes back to editing.

import * as DR from "./dryrun.js";
import { h } from "../common/dom.js";

const { gettext, interpolate } = window;

/** The view, hidden, in `container` (it covers the container); `onBack()` closes it. */
export function createMomentView(container, { onBack }) {
  const view = { container, shownKey: null, canvas: { w: 16, h: 9 } };
  view.title = h("strong", { class: "mx-moment-title" });
  view.detail = h("span", { class: "mx-moment-detail" });
  view.back = h(
    "button",
    { type: "button", class: "mx-moment-back", onclick: () => onBack() },
    gettext("Back to editing"),
  );
  view.picture = h("img", { class: "mx-moment-picture", alt: "", hidden: true });
  view.boxes = h("div", { class: "mx-moment-boxes" });
  view.stage = h("div", { class: "mx-moment-stage" }, view.picture, view.boxes);
  view.area = h("div", { class: "mx-moment-area" }, view.stage);
  view.note = h(
    "p",
    { class: "mx-note mx-moment-note" },
    gettext("Read only: what the rules put on air at this moment of the dry run. Scrub the strip to follow it."),
  );
  view.root = h(
    "section",
    {
      class: "mx-moment",
      role: "region",
      tabindex: "-1",
      "aria-label": gettext("Dry run moment"),
      hidden: true,
      onkeydown: (event) => {
        if (event.key === "Escape") {
          event.preventDefault();
          onBack();
        }
      },
    },
    h("div", { class: "mx-moment-bar" }, h("div", { class: "mx-moment-words" }, view.title, view.detail), view.back),
    view.area,
    view.note,
  );
  container.append(view.root);
  new ResizeObserver(() => fit(view)).observe(view.area);
  return view;
}

export function isShown(view) {
  return !view.root.hidden;
}

/**
 * Show `shown`: {key, at, take ({document, regions}), rule?, trigger?, target?, picture
 * (a URL or null while it is drawn)}. `at` is the strip's time, in words.
 */
export function showMoment(view, shown) {
  const wasHidden = view.root.hidden;
  view.root.hidden = false;
  if (view.shownKey !== shown.key) {
    view.shownKey = shown.key;
    const regions = shown.take.regions || {};
    view.canvas = regions.canvas && regions.canvas.w > 0 ? regions.canvas : { w: 16, h: 9 };
    view.root.dataset.take = shown.key;
    view.title.textContent = shown.rule
      ? interpolate(gettext("At %s: %s cuts"), [shown.at, shown.rule])
      : interpolate(gettext("At %s: the show's own picture, before any cut"), [shown.at]);
    view.detail.textContent = shown.rule ? shown.description : "";
    view.boxes.replaceChildren(...DR.momentBoxes(shown.take).map((box) => boxOf(box)));
    fit(view);
  }
  if (shown.picture) {
    if (view.picture.getAttribute("src") !== shown.picture) view.picture.src = shown.picture;
    view.picture.hidden = false;
    view.picture.alt = view.title.textContent;
  } else {
    view.picture.hidden = true;
  }
  if (wasHidden) view.root.focus();
}

export function hideMoment(view) {
  view.root.hidden = true;
  view.shownKey = null;
}

function boxOf(box) {
  const screen = DR.isScreen(box);
  const who = box.user
    ? screen
      ? interpolate(gettext("%s · screen share"), [box.user])
      : box.user
    : box.kind === "placeholder"
      ? gettext("placeholder")
      : gettext("empty");
  const el = h(
    "div",
    {
      class: `mx-moment-box${screen ? " mx-moment-screen" : ""}`,
      dataset: { user: box.user || "", streamType: box.streamType === null ? "" : String(box.streamType) },
    },
    h("span", { class: "mx-moment-name" }, who),
  );
  el.style.left = `${box.left}%`;
  el.style.top = `${box.top}%`;
  el.style.width = `${box.width}%`;
  el.style.height = `${box.height}%`;
  return el;
}

/** The stage as large as the area allows at its canvas's proportions. */
function fit(view) {
  const { clientWidth: w, clientHeight: h2 } = view.area;
  if (!(w > 0) || !(h2 > 0)) return;
  const scale = Math.min(w / view.canvas.w, h2 / view.canvas.h);
  view.stage.style.width = `${Math.floor(view.canvas.w * scale)}px`;
  view.stage.style.height = `${Math.floor(view.canvas.h * scale)}px`;
}
