// Draws the library page from its state and turns the producer's input into
// calls of `intents`. It owns every element inside #library; nothing else
// touches them. Drawing reads the state and never changes it.

import { h } from "../common/dom.js";
import { changeList } from "../editor/difftable.js";
import { pageCount } from "./state.js";

const THUMB_WIDTH = 320;
const REVISION_THUMB_WIDTH = 160; // each version's picture in the history

// `canEdit`: the user may change presets (a producer). A viewer's cards open the editor
// read-only and offer no control the API would refuse them (New, Import, Duplicate,
// Rename, Delete, Restore): the page does not draw them at all.
// `revisionPicture(document, width)` draws a version's picture (an object URL, revoked here).
export function createView(
  root,
  intents,
  { thumbnailUrl, revisionPicture, editUrl, newFromUrl, launchUrl, canEdit = true },
) {
  const $ = (id) => root.querySelector(`#${id}`);
  const el = {
    startersToggle: $("starters-toggle"),
    startersPanel: $("starters-panel"),
    startersList: $("starters-list"),
    filters: $("library-filters"),
    search: $("library-search"),
    tag: $("library-tag"),
    tagOptions: $("library-tag-options"),
    clear: $("library-clear"),
    importInput: $("library-import"),
    status: $("library-status"),
    alert: $("library-alert"),
    results: $("library-results"),
    grid: $("library-grid"),
    pages: $("library-pages"),
    pageStatus: $("library-page-status"),
    deleteDialog: $("delete-dialog"),
    deleteTitle: $("delete-dialog-title"),
    historyDialog: $("history-dialog"),
    historyTitle: $("history-dialog-title"),
    historyStatus: $("history-dialog-status"),
    historyList: $("history-list"),
    historyRestore: $("history-restore"),
    historyRestoreTitle: $("history-restore-title"),
    historyRestoreText: $("history-restore-text"),
    historyRestoreWords: $("history-restore-words"),
    historyRestoreConfirm: $("history-restore-confirm"),
    compareForm: $("history-compare-form"),
    compareFrom: $("history-compare-from"),
    compareTo: $("history-compare-to"),
    compareBox: $("history-compare"),
  };
  const revisionPictures = new Map(); // "preset:version" -> object URL, while the history is open
  let pictureWatch = null; // draws a version's picture when its row scrolls into view
  const cards = new Map(); // preset id -> {key, node}
  const dateFormat = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
    dateStyle: "medium",
    timeStyle: "short",
  });
  let previous = null;
  let current = null;
  let dialogOpener = null; // {action, id} of the button that opened the dialog

  bindInput();

  function bindInput() {
    el.search.addEventListener("input", () => intents.search(el.search.value));
    el.tag.addEventListener("input", () => intents.filterByTag(el.tag.value));
    el.filters.addEventListener("submit", (event) => {
      event.preventDefault();
      intents.applyFiltersNow();
    });
    el.importInput?.addEventListener("change", () => {
      const file = el.importInput.files[0];
      // Cleared so that picking the same file again (after fixing it) imports again.
      el.importInput.value = "";
      if (file) intents.importFile(file);
    });
    root.addEventListener("click", onClick);
    root.addEventListener("submit", onRenameSubmit);
    root.addEventListener("keydown", onKeydown);
    for (const dialog of [el.deleteDialog, el.historyDialog]) {
      // Escape closes a dialog (or first a restore it asks to confirm); the state
      // decides, so the page and it agree.
      dialog.addEventListener("cancel", (event) => {
        event.preventDefault();
        if (current.dialog && current.dialog.confirming) intents.cancelRestore(current.dialog.id);
        else intents.closeDialog();
      });
    }
    el.compareForm.addEventListener("submit", (event) => {
      event.preventDefault();
      intents.compare(current.dialog.id, Number(el.compareFrom.value), Number(el.compareTo.value));
    });
  }

  function onClick(event) {
    const button = event.target.closest("[data-action]");
    if (!button || !root.contains(button)) return;
    const id = Number(button.dataset.id);
    switch (button.dataset.action) {
      case "toggle-starters":
        return intents.toggleStarters(!current.startersOpen);
      case "clear-filters":
        return intents.clearFilters();
      case "filter-tag":
        return intents.filterByTag(button.dataset.tag, { now: true });
      case "page":
        return intents.goToPage(current.query.page + Number(button.dataset.step));
      case "duplicate":
        return intents.duplicate(id);
      case "rename":
        return intents.startRename(id);
      case "cancel-rename":
        return intents.cancelRename();
      case "delete":
        rememberOpener(button);
        return intents.askDelete(id);
      case "confirm-delete":
        return intents.confirmDelete(current.dialog.id);
      case "export":
        return intents.exportPreset(id);
      case "history":
        rememberOpener(button);
        return intents.openHistory(id);
      case "restore":
        return intents.askRestore(current.dialog.id, Number(button.dataset.version));
      case "confirm-restore":
        return intents.restore(current.dialog.id, current.dialog.confirming.version);
      case "cancel-restore":
        return intents.cancelRestore(current.dialog.id);
      case "compare":
        return intents.compare(current.dialog.id, Number(button.dataset.version), current.dialog.currentVersion);
      case "close-dialog":
        return intents.closeDialog();
      case "dismiss-notice":
        return intents.dismissNotice();
      default:
        return undefined;
    }
  }

  function onRenameSubmit(event) {
    const form = event.target.closest("form[data-rename]");
    if (!form) return;
    event.preventDefault();
    intents.rename(Number(form.dataset.rename), form.elements.name.value.trim());
  }

  function onKeydown(event) {
    if (event.key !== "Escape") return;
    if (event.target.closest("form[data-rename]")) {
      event.preventDefault();
      intents.cancelRename();
    } else if (current.startersOpen && el.startersPanel?.contains(event.target)) {
      event.preventDefault();
      intents.toggleStarters(false);
      el.startersToggle.focus();
    }
  }

  function rememberOpener(button) {
    dialogOpener = { action: button.dataset.action, id: button.dataset.id };
  }

  // --- drawing ---------------------------------------------------------------

  function render(state) {
    previous = current;
    current = state;
    const focusWasHere = root.contains(document.activeElement);
    const changed = (pick) => !previous || pick(previous) !== pick(state);

    if (changed((s) => s.query)) drawFilters(state);
    if (changed((s) => s.knownTags)) drawTagOptions(state.knownTags);
    if (changed((s) => s.starters) || changed((s) => s.startersOpen)) drawStarters(state);
    if (changed((s) => s.notice)) drawNotice(state.notice);
    if (changed((s) => s.list) || changed((s) => s.renamingId) || changed((s) => s.busyIds)) {
      drawResults(state);
      drawCards(state);
      drawPages(state);
    }
    if (changed((s) => s.dialog)) drawDialogs(state, previous ? previous.dialog : null);
    moveFocus(state, focusWasHere);
  }

  function drawFilters(state) {
    // Only when different: rewriting the value under the caret would move it.
    if (el.search.value !== state.query.search) el.search.value = state.query.search;
    if (el.tag.value !== state.query.tag) el.tag.value = state.query.tag;
    el.clear.hidden = !(state.query.search || state.query.tag);
  }

  function drawTagOptions(tags) {
    el.tagOptions.replaceChildren(...tags.map((tag) => h("option", { value: tag })));
  }

  function drawStarters(state) {
    if (!el.startersToggle) return; // a viewer makes no new presets
    el.startersToggle.setAttribute("aria-expanded", String(state.startersOpen));
    el.startersPanel.hidden = !state.startersOpen;
    const items = state.starters.map((starter) =>
      h(
        "li",
        {},
        h("a", { href: newFromUrl(starter.id) }, starter.display_name ?? starter.name),
        starter.description
          ? h("span", { class: "starter-description" }, starter.display_description ?? starter.description)
          : null,
      ),
    );
    if (!items.length) {
      items.push(h("li", { class: "empty" }, gettext("No starter presets are installed.")));
    }
    el.startersList.replaceChildren(...items);
  }

  function drawNotice(notice) {
    el.status.replaceChildren();
    el.alert.replaceChildren();
    if (!notice) return;
    const region = notice.kind === "error" ? el.alert : el.status;
    region.append(
      h(
        "div",
        { class: `notice ${notice.kind}` },
        h("p", {}, notice.text),
        notice.problems.length
          ? h(
              "ul",
              { class: "problems" },
              ...notice.problems.map((problem) =>
                h("li", {}, problem.path ? h("code", {}, problem.path) : null, " ", problem.message),
              ),
            )
          : null,
        notice.link ? h("p", {}, h("a", { href: notice.link.href }, notice.link.text)) : null,
        h("button", { type: "button", class: "quiet", "data-action": "dismiss-notice" }, gettext("Dismiss")),
      ),
    );
  }

  function drawResults(state) {
    const { list, query } = state;
    const filtered = Boolean(query.search.trim() || query.tag.trim());
    let text;
    if (list.loading && !list.presets.length) text = gettext("Loading presets…");
    else if (list.failed) text = gettext("The presets could not be loaded.");
    else if (!list.count && filtered) text = gettext("No presets match these filters.");
    else if (!list.count) text = gettext("No presets yet: start from a starter, a blank canvas or a file.");
    else if (filtered) {
      text = interpolate(ngettext("%s preset matches", "%s presets match", list.count), [list.count]);
    } else text = interpolate(ngettext("%s preset", "%s presets", list.count), [list.count]);
    el.results.textContent = text;
    el.grid.setAttribute("aria-busy", String(list.loading));
  }

  function drawCards(state) {
    const wanted = state.list.presets.map((preset) => {
      const renaming = state.renamingId === preset.id;
      const key = JSON.stringify([
        preset.name,
        preset.version,
        preset.updated_at,
        preset.tags,
        preset.description,
        [preset.display_name, preset.display_description, preset.display_tags],
        renaming,
        state.query.tag.trim().toLowerCase(),
      ]);
      let entry = cards.get(preset.id);
      if (!entry || entry.key !== key) {
        entry = { key, node: drawCard(preset, renaming, state.query.tag) };
        cards.set(preset.id, entry);
      }
      entry.node.setAttribute("aria-busy", String(state.busyIds.includes(preset.id)));
      return entry.node;
    });
    // Moved only where out of place, so focus and loaded pictures stay put.
    wanted.forEach((node, index) => {
      if (el.grid.children[index] !== node) el.grid.insertBefore(node, el.grid.children[index] || null);
    });
    while (el.grid.children.length > wanted.length) el.grid.lastElementChild.remove();
    const kept = new Set(state.list.presets.map((p) => p.id));
    for (const id of cards.keys()) if (!kept.has(id)) cards.delete(id);
  }

  function drawCard(preset, renaming, activeTag) {
    const nameId = `preset-${preset.id}-name`;
    // Shown in the page's language (a starter's own text, the starters' tags); the
    // stored values stay for renaming and filtering.
    const name = preset.display_name ?? preset.name;
    const description = preset.display_description ?? preset.description;
    const tagText = (tag, index) => (preset.display_tags ? preset.display_tags[index] : tag);
    const { Width: width, Height: height } = preset.canvas || {};
    const thumbHeight = width && height ? Math.round((THUMB_WIDTH * height) / width) : 180;
    const img = h("img", {
      class: "thumb",
      src: thumbnailUrl(preset.id, preset.version, THUMB_WIDTH),
      alt: interpolate(gettext("Preview of %s"), [name]),
      loading: "lazy",
      width: THUMB_WIDTH,
      height: thumbHeight,
    });
    img.addEventListener("error", () => img.classList.add("failed"), { once: true });
    const button = (action, label, title) =>
      h("button", { type: "button", "data-action": action, "data-id": preset.id, "aria-label": title }, label);
    const named = (text) => interpolate(text, [name]);

    return h(
      "article",
      { class: "card", "data-id": preset.id, "aria-labelledby": nameId },
      img,
      h(
        "div",
        { class: "card-body" },
        h("h3", { id: nameId, class: renaming ? "card-name visually-hidden" : "card-name" }, name),
        renaming ? drawRenameForm(preset) : null,
        description ? h("p", { class: "card-description" }, description) : null,
        preset.tags.length
          ? h(
              "ul",
              { class: "tags", "aria-label": gettext("Tags") },
              ...preset.tags.map((tag, index) =>
                h(
                  "li",
                  {},
                  h(
                    "button",
                    {
                      type: "button",
                      class: "tag",
                      "data-action": "filter-tag",
                      "data-tag": tag,
                      "aria-pressed": String(tag.toLowerCase() === activeTag.trim().toLowerCase()),
                      "aria-label": interpolate(gettext("Show presets tagged %s"), [tagText(tag, index)]),
                    },
                    tagText(tag, index),
                  ),
                ),
              ),
            )
          : null,
        h(
          "p",
          { class: "meta" },
          h("span", { class: "version" }, interpolate(gettext("Version %s"), [preset.version])),
          " · ",
          ...withNode(
            interpolate(gettext("updated %s"), [MARK]),
            h("time", { datetime: preset.updated_at }, formatDate(preset.updated_at)),
          ),
        ),
      ),
      h(
        "div",
        { class: "card-actions" },
        canEdit
          ? h(
              "a",
              { class: "button", href: editUrl(preset.id), "aria-label": named(gettext("Edit %s")) },
              gettext("Edit"),
            )
          : h(
              "a",
              { class: "button", href: editUrl(preset.id), "aria-label": named(gettext("Look at %s (read only)")) },
              gettext("Look"),
            ),
        launchUrl
          ? h(
              "a",
              { class: "button", href: launchUrl(preset.id), "aria-label": named(gettext("Launch a task with %s")) },
              gettext("Launch"),
            )
          : null,
        canEdit ? button("duplicate", gettext("Duplicate"), named(gettext("Duplicate %s"))) : null,
        canEdit ? button("rename", gettext("Rename"), named(gettext("Rename %s"))) : null,
        button("export", gettext("Export"), named(gettext("Export %s as JSON"))),
        button("history", gettext("History"), named(gettext("History of %s"))),
        canEdit &&
          h(
            "button",
            {
              type: "button",
              class: "danger",
              "data-action": "delete",
              "data-id": preset.id,
              "aria-label": named(gettext("Delete %s")),
            },
            gettext("Delete"),
          ),
      ),
    );
  }

  function drawRenameForm(preset) {
    const inputId = `preset-${preset.id}-new-name`;
    return h(
      "form",
      { class: "rename", "data-rename": preset.id },
      h("label", { for: inputId }, interpolate(gettext("New name for %s"), [preset.name])),
      h("input", {
        id: inputId,
        name: "name",
        value: preset.name,
        required: true,
        maxlength: root.dataset.nameLength,
        autocomplete: "off",
      }),
      h(
        "div",
        { class: "rename-actions" },
        h("button", { type: "submit", class: "primary" }, gettext("Save name")),
        h("button", { type: "button", "data-action": "cancel-rename" }, gettext("Cancel")),
      ),
    );
  }

  function drawPages(state) {
    const pages = pageCount(state);
    el.pages.hidden = pages <= 1;
    el.pageStatus.textContent = interpolate(
      gettext("Page %(page)s of %(pages)s"),
      { page: state.query.page, pages },
      true,
    );
    const [back, forward] = el.pages.querySelectorAll("button");
    back.disabled = state.query.page <= 1;
    forward.disabled = state.query.page >= pages;
  }

  function drawDialogs(state, before) {
    const dialog = state.dialog;
    drawDeleteDialog(dialog && dialog.kind === "delete" ? dialog : null);
    drawHistoryDialog(dialog && dialog.kind === "history" ? dialog : null, before);
  }

  function drawDeleteDialog(dialog) {
    if (dialog) {
      el.deleteTitle.textContent = interpolate(gettext("Delete “%s”?"), [dialog.name]);
      el.deleteDialog.querySelector("[data-action=confirm-delete]").textContent = interpolate(gettext("Delete “%s”"), [
        dialog.name,
      ]);
    }
    // Cancel is the safe default under the keyboard.
    showOrClose(el.deleteDialog, Boolean(dialog), () => el.deleteDialog.querySelector("[data-action=close-dialog]"));
  }

  function drawHistoryDialog(dialog, before) {
    if (dialog) {
      el.historyTitle.textContent = interpolate(gettext("History of “%s”"), [dialog.name]);
      el.historyStatus.className = dialog.message ? dialog.message.kind : "";
      el.historyStatus.textContent = dialog.loading
        ? gettext("Loading versions…")
        : dialog.message
          ? dialog.message.text
          : "";
      const sameList = before && before.kind === "history" && before.revisions === dialog.revisions;
      if (!sameList) {
        el.historyList.replaceChildren(...dialog.revisions.map((r) => drawRevision(r, dialog)));
        drawCompareChoices(dialog);
        watchRevisionPictures(dialog);
      }
      for (const restore of el.historyList.querySelectorAll("[data-action=restore]")) {
        restore.disabled = dialog.restoring !== null || dialog.confirming !== null;
      }
      if (!before || before.compare !== dialog.compare) drawCompare(dialog.compare);
      if (!before || before.confirming !== dialog.confirming) drawRestoreQuestion(dialog, before);
    } else if (before && before.kind === "history") {
      forgetRevisionPictures();
    }
    showOrClose(el.historyDialog, Boolean(dialog), () => el.historyTitle);
  }

  // ---- the history: each version's picture, Compare, and Restore's question -----------

  function watchRevisionPictures(dialog) {
    if (pictureWatch) pictureWatch.disconnect();
    const draw = (img) => {
      const revision = dialog.revisions.find((r) => r.version === Number(img.dataset.version));
      if (revision) drawRevisionPicture(img, dialog.id, revision);
    };
    const images = [...el.historyList.querySelectorAll("img.revision-thumb")];
    if (typeof IntersectionObserver === "undefined") {
      images.forEach(draw);
      return;
    }
    // Lazily: a long history draws only the versions scrolled into view.
    pictureWatch = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          pictureWatch.unobserve(entry.target);
          draw(entry.target);
        }
      },
      { root: el.historyList, rootMargin: "200px 0px" },
    );
    images.forEach((img) => pictureWatch.observe(img));
  }

  async function drawRevisionPicture(img, presetId, revision) {
    const key = `${presetId}:${revision.version}`;
    if (!revisionPictures.has(key)) {
      if (!revision.document) {
        img.classList.add("failed"); // an audio-only show has no picture
        return;
      }
      revisionPictures.set(key, revisionPicture(revision.document, REVISION_THUMB_WIDTH));
    }
    try {
      const url = await revisionPictures.get(key);
      if (img.isConnected) img.src = url;
    } catch {
      revisionPictures.delete(key);
      img.classList.add("failed");
    }
  }

  function forgetRevisionPictures() {
    if (pictureWatch) pictureWatch.disconnect();
    pictureWatch = null;
    for (const picture of revisionPictures.values()) {
      picture.then((url) => URL.revokeObjectURL(url)).catch(() => {});
    }
    revisionPictures.clear();
  }

  function drawCompareChoices(dialog) {
    const versions = dialog.revisions.map((r) => r.version);
    const choose = (select, wanted) => {
      const keep = versions.includes(Number(select.value)) ? Number(select.value) : wanted;
      select.replaceChildren(
        ...versions.map((version) =>
          h("option", { value: String(version) }, interpolate(gettext("Version %s"), [version])),
        ),
      );
      if (keep !== undefined) select.value = String(keep);
    };
    // By default the version before the current one, against the current one.
    choose(el.compareFrom, versions.length > 1 ? versions[1] : versions[0]);
    choose(el.compareTo, versions[0]);
    el.compareForm.hidden = versions.length < 2;
  }

  function drawCompare(compare) {
    if (!compare) {
      el.compareBox.replaceChildren();
      return;
    }
    el.compareFrom.value = String(compare.from);
    el.compareTo.value = String(compare.to);
    const title = h(
      "h3",
      { class: "history-compare-title" },
      interpolate(gettext("From version %(from)s to version %(to)s"), { from: compare.from, to: compare.to }, true),
    );
    let body;
    if (compare.loading) body = h("p", { class: "mx-changes-none" }, gettext("Comparing…"));
    else if (compare.error) body = h("p", { class: "error" }, compare.error);
    else body = changeList(compare.changes, { empty: gettext("The two versions are the same.") });
    el.compareBox.replaceChildren(title, body);
  }

  function drawRestoreQuestion(dialog, before) {
    const confirming = dialog.confirming;
    el.historyRestore.hidden = !confirming;
    if (!confirming) {
      // The question went: back to the version's own Restore button, if it is still there.
      const asked = before && before.confirming;
      const button = asked && el.historyList.querySelector(`[data-action=restore][data-version="${asked.version}"]`);
      const focusLost = document.activeElement === document.body || el.historyRestore.contains(document.activeElement);
      if (button && focusLost) button.focus();
      return;
    }
    el.historyRestoreTitle.textContent = interpolate(gettext("Restore version %s?"), [confirming.version]);
    el.historyRestoreText.textContent = interpolate(
      gettext(
        "Restoring makes a new version with everything version %(version)s had. What changes from the current version (%(current)s):",
      ),
      { version: confirming.version, current: dialog.currentVersion },
      true,
    );
    el.historyRestoreConfirm.textContent = gettext("Restore now");
    el.historyRestoreConfirm.disabled = confirming.loading;
    if (confirming.loading) {
      el.historyRestoreWords.replaceChildren(
        h("p", { class: "mx-changes-none" }, gettext("Putting the changes into words…")),
      );
    } else if (confirming.error) {
      el.historyRestoreWords.replaceChildren(h("p", { class: "error" }, confirming.error));
    } else {
      el.historyRestoreWords.replaceChildren(
        changeList(confirming.changes, {
          empty: gettext("Nothing changes: this version is the same as the current one."),
        }),
      );
    }
    if (!before || !before.confirming) el.historyRestoreTitle.focus();
  }

  function drawRevision(revision, dialog) {
    const isCurrent = revision.version === dialog.currentVersion;
    const who = revision.saved_by || gettext("an unknown user");
    const encode = (revision.document && revision.document.VideoEncode) || {};
    const thumbHeight =
      encode.Width && encode.Height ? Math.round((REVISION_THUMB_WIDTH * encode.Height) / encode.Width) : 90;
    const picture = h("img", {
      class: "revision-thumb",
      alt: interpolate(gettext("Picture of version %s"), [revision.version]),
      width: REVISION_THUMB_WIDTH,
      height: thumbHeight,
      "data-version": revision.version,
    });
    return h(
      "li",
      { class: isCurrent ? "revision current" : "revision", "data-version": revision.version },
      picture,
      h("div", { class: "revision-body" }, drawRevisionText(revision, isCurrent, who)),
    );
  }

  function drawRevisionText(revision, isCurrent, who) {
    return [
      h(
        "p",
        { class: "revision-title" },
        h("strong", {}, interpolate(gettext("Version %s"), [revision.version])),
        isCurrent ? h("span", { class: "badge" }, gettext("current")) : null,
        " ",
        revision.display_name ?? revision.name,
      ),
      h(
        "p",
        { class: "revision-meta" },
        ...withNode(
          interpolate(gettext("Saved by %(who)s on %(when)s"), { who, when: MARK }, true),
          h("time", { datetime: revision.saved_at }, formatDate(revision.saved_at)),
        ),
      ),
      revision.note
        ? h("p", { class: "revision-note" }, interpolate(gettext("Note: %s"), [revision.display_note ?? revision.note]))
        : null,
      isCurrent
        ? null
        : h(
            "p",
            { class: "revision-actions" },
            h(
              "button",
              {
                type: "button",
                "data-action": "compare",
                "data-version": revision.version,
                "aria-label": interpolate(gettext("Compare version %s with the current version"), [revision.version]),
              },
              gettext("Compare with current"),
            ),
            canEdit
              ? h(
                  "button",
                  { type: "button", "data-action": "restore", "data-version": revision.version },
                  interpolate(gettext("Restore version %s"), [revision.version]),
                )
              : null,
          ),
    ];
  }

  function showOrClose(dialog, open, firstFocus) {
    if (open && !dialog.open) {
      dialog.showModal();
      firstFocus().focus();
    } else if (!open && dialog.open) {
      dialog.close();
      returnFocus();
    }
  }

  function returnFocus() {
    const opener = dialogOpener;
    dialogOpener = null;
    const target = opener && root.querySelector(`[data-action="${opener.action}"][data-id="${opener.id}"]`);
    (target || el.results).focus();
  }

  function moveFocus(state, focusWasHere) {
    const before = previous ? previous.renamingId : null;
    if (state.renamingId !== null && state.renamingId !== before) {
      const input = root.querySelector(`form[data-rename="${state.renamingId}"] input`);
      if (input) {
        input.focus();
        input.select();
      }
    } else if (state.renamingId === null && before !== null) {
      const button = root.querySelector(`[data-action=rename][data-id="${before}"]`);
      if (button) button.focus();
    }
    // A redrawn or removed part held the focus: keep it inside what is on top
    // rather than letting it fall back to the start of the page.
    if (focusWasHere && !root.contains(document.activeElement)) {
      if (el.historyDialog.open) el.historyTitle.focus();
      else if (!el.deleteDialog.open) el.results.focus();
    }
  }

  function formatDate(iso) {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
  }

  return { render };
}

// Stands for an element inside a translated sentence, so translators can move it.
const MARK = "\u2063";

function withNode(text, node) {
  const [before, after = ""] = text.split(MARK);
  return [before, node, after];
}
