// The asset library page: every uploaded image with its thumbnail, size and the
// presets that show it; upload (checked by the server against R45) and delete,
// which the server refuses while a preset uses the image and says which.
import { request, requestList, setCsrfToken } from "../common/http.js";
import { h } from "../common/dom.js";

const { gettext, interpolate, ngettext } = window;
const $ = (id) => document.getElementById(id);
const page = $("assets-page");
const canEdit = page.dataset.canEdit === "true";

function fileSize(bytes) {
  const locale = document.documentElement.lang || undefined;
  const format = (value) => value.toLocaleString(locale, { maximumFractionDigits: 1 });
  if (bytes >= 1024 * 1024) return interpolate(gettext("%s MB"), [format(bytes / (1024 * 1024))]);
  return interpolate(gettext("%s KB"), [format(Math.max(1, Math.round(bytes / 1024)))]);
}

function editUrl(id) {
  return page.dataset.editUrl.replace(page.dataset.idPlaceholder, String(id));
}

function say(text) {
  $("assets-status").textContent = text;
}

function alarm(text) {
  $("assets-alert").textContent = text;
}

function card(asset) {
  const uses = asset.used_by;
  const name = asset.original_name || asset.name;
  const where = uses.length
    ? h(
        "ul",
        { class: "asset-uses" },
        uses.map((use) => h("li", {}, h("a", { href: editUrl(use.id) }, use.name))),
      )
    : h("p", { class: "asset-unused" }, gettext("Not used by any preset"));
  const remove = canEdit
    ? h(
        "button",
        {
          type: "button",
          class: "danger",
          disabled: uses.length > 0,
          title: uses.length
            ? gettext("In use: replace it in the presets listed first")
            : interpolate(gettext("Delete %s"), [name]),
          "aria-label": interpolate(gettext("Delete %s"), [name]),
          "aria-describedby": uses.length ? `uses-${asset.id}` : null,
          onclick: () => removeAsset(asset),
        },
        gettext("Delete"),
      )
    : null;
  return h(
    "li",
    { class: "asset-card", dataset: { assetId: String(asset.id) } },
    h("img", { src: asset.url, alt: "", loading: "lazy", class: "asset-thumb" }),
    h("h3", { class: "asset-name", title: name }, name),
    h(
      "p",
      { class: "asset-facts" },
      `${asset.width} × ${asset.height} · ${fileSize(asset.size)} · ${asset.content_type}`,
    ),
    h(
      "p",
      { class: "asset-used-title", id: `uses-${asset.id}` },
      uses.length ? interpolate(ngettext("Used by %s preset:", "Used by %s presets:", uses.length), [uses.length]) : "",
    ),
    where,
    h(
      "div",
      { class: "asset-actions" },
      h(
        "button",
        {
          type: "button",
          onclick: () =>
            navigator.clipboard && navigator.clipboard.writeText(asset.url).then(() => say(gettext("URL copied."))),
          "aria-label": interpolate(gettext("Copy the URL of %s"), [name]),
        },
        gettext("Copy URL"),
      ),
      remove,
    ),
  );
}

async function load() {
  try {
    const assets = await requestList(page.dataset.api);
    $("assets-results").textContent = assets.length
      ? interpolate(ngettext("%s image", "%s images", assets.length), [assets.length])
      : gettext("No images yet.");
    $("assets-grid").replaceChildren(...assets.map(card));
  } catch (error) {
    $("assets-results").textContent = interpolate(gettext("The library could not be read: %s"), [error.message]);
  }
}

async function removeAsset(asset) {
  alarm("");
  try {
    await request("DELETE", `${page.dataset.api}${asset.id}/`);
    say(interpolate(gettext("%s was deleted."), [asset.original_name || asset.name]));
  } catch (error) {
    alarm(error.message || gettext("The image could not be deleted."));
  }
  load();
}

async function uploadAll(files) {
  alarm("");
  const refused = [];
  for (const file of files) {
    say(interpolate(gettext("Uploading %s…"), [file.name]));
    const form = new FormData();
    form.append("file", file, file.name);
    try {
      await request("POST", page.dataset.api, form);
    } catch (error) {
      refused.push(interpolate(gettext("%s was not added: %s"), [file.name, error.message || ""]));
    }
  }
  say(refused.length ? "" : gettext("Uploaded."));
  alarm(refused.join(" "));
  load();
}

const csrf = page.querySelector("[name=csrfmiddlewaretoken]") || document.querySelector("[name=csrfmiddlewaretoken]");
setCsrfToken(csrf ? csrf.value : "");
if ($("assets-file")) {
  $("assets-file").addEventListener("change", (event) => {
    const files = [...event.target.files];
    event.target.value = "";
    uploadAll(files);
  });
}
load().then(() => {
  page.dataset.ready = "true";
});
