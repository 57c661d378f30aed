// A readable table of what differs between two versions: [{path, before, after}] rows
// (from diffDocuments), with the two columns named by the caller; and the same
// difference in sentences, with a picture of each version.
import { h } from "../common/dom.js";
import { request, send } from "../common/http.js";

const { gettext } = window;

function showValue(value) {
  if (value === undefined) return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function diffTable(rows, { before, after }) {
  return h(
    "table",
    { class: "mx-diff" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, gettext("Field")),
        h("th", { scope: "col" }, before),
        h("th", { scope: "col" }, after),
      ),
    ),
    h(
      "tbody",
      {},
      rows.map((row) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, h("code", {}, row.path)),
          h("td", { class: "removed" }, showValue(row.before)),
          h("td", { class: "added" }, showValue(row.after)),
        ),
      ),
    ),
  );
}

// ---- the difference in words, and a picture of each side ---------------------------
// The server says what changes (POST /api/layouts/difference/, layouts/core/differences.py):
// one sentence per element, in the page's language. The Take review and the library's
// history show them; the table above stays for whoever wants every field.

const DIFFERENCE_URL = "/api/layouts/difference/";
const PREVIEW_URL = "/api/layouts/preview/";

/** [{sentence, element, kind: "added" | "removed" | "changed" | "moved", path}] */
export async function describeDifference(before, after, options = {}) {
  const answer = await request("POST", DIFFERENCE_URL, { before, after }, options);
  return answer.changes;
}

const KIND_MARKS = { added: "+", removed: "−", changed: "•", moved: "↔" };

/** The sentences as a list; `empty` is said when nothing changes. */
export function changeList(changes, { empty }) {
  if (!changes.length) return h("p", { class: "mx-changes-none" }, empty);
  return h(
    "ul",
    { class: "mx-changes" },
    changes.map((change) =>
      h(
        "li",
        { class: `mx-change ${change.kind}`, "data-kind": change.kind, "data-path": change.path },
        h("span", { class: "mx-change-mark", "aria-hidden": "true" }, KIND_MARKS[change.kind] || "•"),
        h("span", { class: "mx-change-text" }, change.sentence),
      ),
    ),
  );
}

/**
 * A small picture of a document (POST /api/layouts/preview/), `width` pixels wide, as
 * an object URL the caller revokes. `participants` as the preview takes them.
 */
export async function documentPicture(doc, { width = 240, participants, mainRoom = null, signal } = {}) {
  const canvas = (doc && doc.VideoEncode && doc.VideoEncode.Width) || 1280;
  const scale = Math.min(1, Math.max(0.01, width / canvas));
  const response = await send(
    "POST",
    PREVIEW_URL,
    { document: doc, participants, main_room: mainRoom, scale },
    { accept: "image/*", signal },
  );
  return URL.createObjectURL(await response.blob());
}
