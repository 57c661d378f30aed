// A readable table of what differs between two versions: [{path, before, after}] rows
// (from diffDocuments), with the two columns named by the caller.
import { h } from "../common/dom.js";

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
