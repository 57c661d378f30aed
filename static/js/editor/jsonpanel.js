// The exact VideoParams being edited, always in step, with a copy button; and a
// box to paste a StartPublishCdnStream or UpdatePublishCdnStream body (or a bare
// VideoParams) to load it.

import { extractDocument } from "./api.js";
import { h, uid } from "../common/dom.js";

const { gettext, interpolate } = window;

export function createJsonPanel(root, { dispatch }) {
  const view = { dispatch, doc: null, text: "" };
  view.output = h("pre", { class: "mx-json", tabindex: "0", "aria-label": gettext("VideoParams JSON") });
  view.status = h("span", { class: "mx-json-status", role: "status" });
  const pasteId = uid("mx-paste");
  view.paste = h("textarea", { id: pasteId, rows: "6", spellcheck: "false", class: "mx-paste" });
  view.message = h("p", { class: "mx-json-message", role: "status" });
  const load = h("button", { type: "button", onclick: () => loadPasted(view) }, gettext("Load this JSON"));
  root.append(
    h(
      "div",
      { class: "mx-actions" },
      h("button", { type: "button", onclick: () => copy(view) }, gettext("Copy JSON")),
      view.status,
    ),
    view.output,
    h(
      "details",
      { class: "mx-load" },
      h("summary", {}, gettext("Paste a request body or VideoParams")),
      h(
        "label",
        { for: pasteId },
        gettext("A StartPublishCdnStream or UpdatePublishCdnStream body, or a VideoParams object"),
      ),
      view.paste,
      load,
      view.message,
    ),
  );
  return view;
}

export function drawJson(view, state) {
  if (state.doc === view.doc) return;
  view.doc = state.doc;
  view.text = JSON.stringify(state.doc, null, 2);
  view.output.textContent = view.text;
}

async function copy(view) {
  try {
    await navigator.clipboard.writeText(view.text);
  } catch {
    // Without clipboard permission: select the text so that Ctrl+C copies it.
    const range = document.createRange();
    range.selectNodeContents(view.output);
    window.getSelection().removeAllRanges();
    window.getSelection().addRange(range);
    view.status.textContent = gettext("Selected: press Ctrl+C to copy.");
    return;
  }
  view.status.textContent = gettext("Copied.");
}

async function loadPasted(view) {
  let body;
  try {
    body = JSON.parse(view.paste.value);
  } catch (error) {
    view.message.textContent = interpolate(gettext("This is not valid JSON: %s"), [error.message]);
    view.message.classList.add("error");
    return;
  }
  let found;
  try {
    found = await extractDocument(body); // the server's own reading of request bodies
  } catch (error) {
    view.message.textContent = error.message || gettext("This JSON could not be read.");
    view.message.classList.add("error");
    return;
  }
  view.dispatch({ type: "loadDocument", doc: found.document });
  view.paste.value = "";
  view.message.classList.remove("error");
  view.message.textContent =
    found.source === "VideoParams"
      ? gettext("Loaded the pasted VideoParams. Undo brings the previous layout back.")
      : interpolate(gettext("Loaded the VideoParams of the %s body. Undo brings the previous layout back."), [
          found.source,
        ]);
}
