// Images from the app itself: a dialog that lists the asset library and uploads a
// new image, and image files dropped on the canvas. Uploads go to POST /api/assets/,
// which checks the cloud's limits (format, 2K, 5 MB; R45) and says which one failed;
// that message is shown as the server words it.
import { listAssets, uploadAsset } from "./api.js";
import { h, uid } from "../common/dom.js";

const { gettext, interpolate } = window;

/** "1.2 MB" / "830 KB", in the page's language for the number. */
function fileSize(bytes) {
  const locale = document.documentElement.lang || undefined;
  const format = (value) => value.toLocaleString(locale, { maximumFractionDigits: 1 });
  if (bytes >= 1024 * 1024) return interpolate(gettext("%s MB"), [format(bytes / (1024 * 1024))]);
  return interpolate(gettext("%s KB"), [format(Math.max(1, Math.round(bytes / 1024)))]);
}

function uploadFailure(error) {
  return error.message || gettext("The image could not be uploaded.");
}

/** The dialog; `pick()` resolves with the chosen asset ({url, width, height, ...}) or null. */
export function createAssetPicker() {
  const titleId = uid("mx-assets-title");
  const fileId = uid("mx-assets-file");
  const list = h("ul", { class: "mx-asset-grid", "aria-labelledby": titleId });
  const alert = h("p", { class: "mx-asset-error error", role: "alert", hidden: true });
  const status = h("p", { class: "mx-note", role: "status" });
  const file = h("input", { type: "file", id: fileId, accept: "image/*" });
  const cancel = h("button", { type: "button" }, gettext("Cancel"));
  const dialog = h(
    "dialog",
    { class: "mx-dialog mx-asset-dialog", "aria-labelledby": titleId, id: "mx-asset-dialog" },
    h("h2", { id: titleId }, gettext("Choose an image")),
    h(
      "div",
      { class: "mx-asset-upload" },
      h("label", { for: fileId, class: "button" }, gettext("Upload an image")),
      file,
      h(
        "p",
        { class: "mx-note" },
        gettext("Each upload is checked against the cloud's image limits (R45); the answer says what to change."),
      ),
    ),
    alert,
    status,
    list,
    h(
      "div",
      { class: "mx-actions" },
      h("a", { href: "/assets/", target: "_blank", rel: "noopener" }, gettext("Open the asset library")),
      cancel,
    ),
  );
  document.body.append(dialog);
  let resolve = null;
  const finish = (value) => {
    if (dialog.open) dialog.close();
    if (resolve) resolve(value);
    resolve = null;
  };
  cancel.addEventListener("click", () => finish(null));
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    finish(null);
  });
  file.addEventListener("change", async () => {
    const chosen = file.files && file.files[0];
    if (!chosen) return;
    alert.hidden = true;
    status.textContent = interpolate(gettext("Uploading %s…"), [chosen.name]);
    try {
      const asset = await uploadAsset(chosen);
      status.textContent = "";
      finish(asset);
    } catch (error) {
      status.textContent = "";
      alert.textContent = uploadFailure(error);
      alert.hidden = false;
    } finally {
      file.value = "";
    }
  });

  async function fill() {
    status.textContent = gettext("Loading the library…");
    list.replaceChildren();
    try {
      const assets = await listAssets();
      status.textContent = assets.length ? "" : gettext("The library is empty: upload the first image.");
      list.replaceChildren(
        ...assets.map((asset) =>
          h(
            "li",
            {},
            h(
              "button",
              {
                type: "button",
                class: "mx-asset",
                dataset: { assetId: String(asset.id) },
                onclick: () => finish(asset),
              },
              h("img", { src: asset.url, alt: "", loading: "lazy" }),
              h("span", { class: "mx-asset-name" }, asset.original_name || asset.name),
              h("span", { class: "mx-asset-size" }, `${asset.width} × ${asset.height} · ${fileSize(asset.size)}`),
            ),
          ),
        ),
      );
    } catch (error) {
      status.textContent = interpolate(gettext("The library could not be read: %s"), [error.message]);
    }
  }

  return {
    pick() {
      if (resolve) finish(null);
      alert.hidden = true;
      fill();
      dialog.showModal();
      return new Promise((done) => {
        resolve = done;
      });
    },
  };
}

/**
 * Image files dropped on `target` are uploaded, then `onAsset(asset, clientX, clientY)`
 * places each; `onError(message)` shows the server's refusal.
 */
export function acceptDroppedImages(target, { onAsset, onError, onStatus }) {
  const hasFiles = (event) => event.dataTransfer && [...event.dataTransfer.types].includes("Files");
  target.addEventListener("dragover", (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    target.classList.add("mx-drop-target");
  });
  target.addEventListener("dragleave", () => target.classList.remove("mx-drop-target"));
  target.addEventListener("drop", async (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    target.classList.remove("mx-drop-target");
    const { clientX, clientY } = event;
    for (const file of event.dataTransfer.files) {
      onStatus(interpolate(gettext("Uploading %s…"), [file.name]));
      try {
        const asset = await uploadAsset(file);
        onStatus("");
        onAsset(asset, clientX, clientY);
      } catch (error) {
        onStatus("");
        onError(interpolate(gettext("%s was not added: %s"), [file.name, uploadFailure(error)]));
      }
    }
  });
}
