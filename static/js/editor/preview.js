// The rendered preview beside the canvas and the simulated room.
// A discrete edit (drag end, button, paste, undo) asks for its preview at once;
// edits that follow each other within TYPING_MS (typing, held arrow keys) wait
// until TYPING_MS of quiet. Every request is numbered, and an answer older than
// the one on screen is dropped, so a slow answer never replaces a newer picture.

import * as D from "./doc.js";
import { fetchRegions } from "./api.js";
import { send } from "../common/http.js";
import { h, uid } from "../common/dom.js";

const { gettext, interpolate } = window;
const TYPING_MS = 150;
const PREVIEW_WIDTH = 640; // px of the rendered picture; the column shows it scaled down

export function createPreview(previewRoot, participantsRoot, { dispatch, getState }) {
  const view = {
    dispatch,
    getState,
    timer: null,
    lastEdit: -Infinity,
    wanted: 0,
    shownRequest: 0,
    shown: 0,
    url: null,
    key: null,
    dragFrom: null,
  };
  view.image = h("img", { class: "mx-preview-image", alt: gettext("Rendered preview of the mix"), hidden: true });
  view.status = h("p", { class: "mx-preview-status", role: "status" }, gettext("Rendering…"));
  view.warnings = h("ul", { class: "mx-preview-warnings" });
  view.overlay = h("input", { type: "checkbox", id: "mx-overlay", onchange: () => schedulePreview(view) });
  previewRoot.append(
    h("div", { class: "mx-preview-frame" }, view.image),
    h(
      "div",
      { class: "mx-field mx-field-checkbox" },
      view.overlay,
      h("label", { for: "mx-overlay" }, gettext("Outline slots and watermarks")),
    ),
    view.status,
    view.warnings,
  );
  view.list = h("ol", { class: "mx-participants" });
  // On a task page: whether the list is the task's room (GET room/) or edited by hand.
  view.roomNote = h("p", { class: "mx-note mx-room-note", id: "mx-room-note", hidden: true });
  view.roomButton = h(
    "button",
    { type: "button", id: "mx-follow-room", hidden: true, onclick: () => dispatch({ type: "followRoom" }) },
    gettext("Show who is in the task's room"),
  );
  participantsRoot.append(
    h(
      "p",
      { class: "mx-note" },
      gettext("Join order decides who fills the auto-fill slots. Drag a row or use the arrows to reorder."),
    ),
    view.roomNote,
    view.list,
    h(
      "div",
      { class: "mx-actions" },
      h("button", { type: "button", onclick: () => addParticipant(view) }, gettext("Add participant")),
      h(
        "button",
        { type: "button", onclick: () => dispatch({ type: "followLayout" }) },
        gettext("Reset from the layout"),
      ),
      view.roomButton,
    ),
  );
  return view;
}

export function schedulePreview(view) {
  view.wanted += 1;
  const now = performance.now();
  const burst = now - view.lastEdit < TYPING_MS;
  view.lastEdit = now;
  clearTimeout(view.timer);
  view.timer = null;
  if (!burst) {
    fire(view);
    return;
  }
  view.timer = setTimeout(() => {
    view.timer = null;
    fire(view);
  }, TYPING_MS);
}

async function fire(view) {
  const seq = view.wanted;
  const state = view.getState();
  const canvas = D.canvasSize(state.doc);
  // Until the producer edits the room, the server imagines it (its regions answer says who).
  const participants = state.participantsCustom ? state.participants : null;
  const body = {
    document: state.doc,
    participants,
    main_room: state.mainRoom,
    format: "png",
    scale: canvas.w > PREVIEW_WIDTH ? Math.round((PREVIEW_WIDTH / canvas.w) * 1000) / 1000 : 1,
    overlay: view.overlay.checked,
  };
  view.status.textContent = gettext("Rendering…");
  try {
    // Both asked at once, the picture first; it is shown the moment it arrives,
    // not when the regions answer too.
    const picture = fetchPicture(body);
    const asked = fetchRegions(state.doc, participants, { mainRoom: state.mainRoom }).catch(() => null);
    const result = await picture;
    if (seq <= view.shownRequest) return;
    view.shownRequest = seq;
    if (!(await show(view, result))) return;
    const regions = await asked;
    // The regions redraw the whole editor: after the frame that paints the new
    // picture, never in front of it.
    await afterPaint();
    // Regions of a document edited since would outline the wrong picture.
    if (seq !== view.wanted) return;
    view.dispatch({
      type: "regions",
      regions: regions ? regions.regions : null,
      participants: regions ? regions.participants : null,
      sei: regions ? regions.sei : null,
    });
  } catch (error) {
    if (seq === view.wanted) view.status.textContent = interpolate(gettext("No preview: %s"), [error.message]);
  }
}

/**
 * The rendered picture as a data: URL, with what the server says of it.
 *
 * The bytes are read into the page and shown from a data: URL, which the page
 * loads and decodes itself: a Blob and its object URL would send the picture to
 * the browser process and back before it could be decoded, two more hops between
 * processes that a loaded machine makes wait (make bench-editor: drag end to
 * preview visible).
 */
async function fetchPicture(body) {
  const response = await send("POST", "/api/layouts/preview/", body, { accept: "image/*" });
  let warnings = [];
  try {
    warnings = JSON.parse(response.headers.get("X-Mix-Warnings") || "[]");
  } catch {
    warnings = [];
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  const type = response.headers.get("Content-Type") || "image/png";
  return {
    url: `data:${type};base64,${base64(bytes)}`,
    approximate: response.headers.get("X-Mix-Approximate") === "true",
    warnings,
  };
}

function base64(bytes) {
  if (typeof bytes.toBase64 === "function") return bytes.toBase64();
  const CHUNK = 0x8000; // arguments to one fromCharCode call
  let text = "";
  for (let start = 0; start < bytes.length; start += CHUNK) {
    text += String.fromCharCode.apply(null, bytes.subarray(start, start + CHUNK));
  }
  return btoa(text);
}

/** Puts the picture in the image and counts it shown once it is decoded (the next
 * frame paints it); false when a newer picture took its place meanwhile. */
async function show(view, { url, approximate, warnings }) {
  view.url = url;
  // The old picture stays on screen until the new one is ready to paint.
  view.image.src = url;
  try {
    await view.image.decode();
  } catch {
    // Replaced by a newer picture, or undecodable: the browser shows its own sign.
  }
  if (view.url !== url) return false;
  view.shown += 1;
  view.image.dataset.generation = String(view.shown);
  view.image.hidden = false;
  view.status.textContent = approximate
    ? gettext("Rendered. Dynamic templates are drawn by a placeholder convention, not Tencent's exact geometry.")
    : gettext("Rendered.");
  view.warnings.replaceChildren(...warnings.map((w) => h("li", {}, w.message || String(w))));
  return true;
}

/** Resolves once the next frame is painted: a task posted from requestAnimationFrame
 * runs after that frame's paint. */
function afterPaint() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

// ---- participants ----------------------------------------------------------------------

function addParticipant(view) {
  const list = view.getState().participants;
  const room = list[0] ? { RoomId: list[0].RoomId, RoomIdType: list[0].RoomIdType } : { RoomId: "main", RoomIdType: 1 };
  let n = list.length + 1;
  while (list.some((p) => p.UserId === `guest-${n}`)) n += 1;
  view.dispatch({
    type: "addParticipant",
    participant: { UserId: `guest-${n}`, ...room, camera: true, audio: true, screen: false },
  });
}

export function drawPreview(view, state) {
  // Who the staged picture shows where, as the server placed them (read by tests and
  // tools); written when the server's answer changes, not at every drawn frame of a drag.
  if (view.seiShown !== state.sei) {
    view.seiShown = state.sei;
    view.image.dataset.regions = JSON.stringify(
      state.sei ? state.sei.regions.map(({ uid, x, y, w, h }) => ({ uid, x, y, w, h })) : [],
    );
  }
  const onTask = state.liveRoom !== null;
  view.roomNote.hidden = !onTask;
  view.roomButton.hidden = !onTask || state.followRoom;
  if (onTask) {
    view.roomNote.textContent = state.followRoom
      ? gettext(
          "These are the people in the task's room now, as the room panel shows them: the staged preview shows who the program shows.",
        )
      : gettext("Edited by hand: the staged preview no longer shows the task's room.");
  }
  const key = JSON.stringify(state.participants);
  if (key === view.key) return;
  view.key = key;
  const { dispatch } = view;
  const count = state.participants.length;
  view.list.replaceChildren(
    ...state.participants.map((person, index) => {
      const update = (changes) => dispatch({ type: "updateParticipant", index, changes });
      const who = person.UserId || interpolate(gettext("participant %s"), [index + 1]);
      const toggle = (name, label) => {
        const id = uid("mx-p");
        return h(
          "span",
          { class: "mx-inline" },
          h("input", {
            id,
            type: "checkbox",
            checked: person[name],
            onchange: (e) => update({ [name]: e.target.checked }),
          }),
          h("label", { for: id }, label),
        );
      };
      const userId = uid("mx-p");
      const roomId = uid("mx-p");
      const row = h(
        "li",
        { class: "mx-participant", dataset: { index: String(index) } },
        h(
          "span",
          {
            class: "mx-grip",
            draggable: "true",
            title: gettext("Drag to change the join order"),
            "aria-hidden": "true",
            ondragstart: (e) => {
              view.dragFrom = index;
              e.dataTransfer.effectAllowed = "move";
              e.dataTransfer.setData("text/plain", String(index));
            },
          },
          "⋮⋮",
        ),
        h(
          "span",
          { class: "mx-participant-fields" },
          h("label", { for: userId, class: "mx-visually-hidden" }, gettext("User ID")),
          h("input", {
            id: userId,
            type: "text",
            value: person.UserId,
            size: "10",
            onchange: (e) => update({ UserId: e.target.value.trim() }),
          }),
          h("label", { for: roomId, class: "mx-visually-hidden" }, gettext("Room ID")),
          h("input", {
            id: roomId,
            type: "text",
            value: person.RoomId,
            size: "6",
            onchange: (e) => update({ RoomId: e.target.value.trim() }),
          }),
          toggle("camera", gettext("camera")),
          toggle("audio", gettext("audio")),
          toggle("screen", gettext("screen")),
        ),
        h(
          "span",
          { class: "mx-participant-buttons" },
          h(
            "button",
            {
              type: "button",
              disabled: index === 0,
              title: index === 0 ? gettext("Already the first to join") : null,
              "aria-label": interpolate(gettext("Move %s up"), [who]),
              onclick: () => dispatch({ type: "moveParticipant", from: index, to: index - 1 }),
            },
            "↑",
          ),
          h(
            "button",
            {
              type: "button",
              disabled: index === count - 1,
              title: index === count - 1 ? gettext("Already the last to join") : null,
              "aria-label": interpolate(gettext("Move %s down"), [who]),
              onclick: () => dispatch({ type: "moveParticipant", from: index, to: index + 1 }),
            },
            "↓",
          ),
          h(
            "button",
            {
              type: "button",
              "aria-label": interpolate(gettext("Remove %s"), [who]),
              onclick: () => dispatch({ type: "removeParticipant", index }),
            },
            "×",
          ),
        ),
      );
      row.addEventListener("dragover", (e) => {
        if (view.dragFrom === null) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = "move";
      });
      row.addEventListener("drop", (e) => {
        e.preventDefault();
        const from = view.dragFrom;
        view.dragFrom = null;
        if (from !== null) dispatch({ type: "moveParticipant", from, to: index });
      });
      return row;
    }),
  );
  if (count === 0)
    view.list.append(
      h("li", { class: "mx-note" }, gettext("Nobody is in the room: every slot shows its placeholder.")),
    );
}
