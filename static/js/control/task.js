// The live task page: program (what is on air) beside an editable preview in
// the layout editor's workspace. Edits stay staged until Take, which shows
// the UpdatePublishCdnStream body and its difference before sending it.
// Quick actions take in one step. The task lives in one store (task-store.js):
// the facts, the program monitor, the event log and the live controls
// (live.js) and the room panel (room-panel.js) subscribe to it and redraw when
// it moves on.
import { describeRefusal } from "./refusal.js";
import { changeList, describeDifference, diffTable, documentPicture } from "../editor/difftable.js";
import { request, requestList, send, setCsrfToken } from "../common/http.js";
import { diffDocuments } from "../editor/doc.js";
import { h } from "../common/dom.js";
import { isDirty } from "../editor/state.js";
import { mountWorkspace } from "../editor/workspace.js";
import { cdnHealth, displayUrl } from "./format.js";
import {
  backendLabel,
  cdnStatusText,
  directorEventText,
  eventKindLabel,
  roomEventText,
  taskStatusLabel,
} from "./labels.js";
import { swapSlotUsers, swapUnchanged } from "./diff.js";
import { mountMonitor } from "./monitor.js";
import { createTaskStore } from "./task-store.js";
import { mountLiveControls } from "./live.js";
import { mountRoomPanel } from "./room-panel.js";
import { previewParticipants } from "./room-view.js";
import { mountDirectorPanel } from "./director-panel.js";

const { gettext, interpolate } = window;
const $ = (id) => document.getElementById(id);
const page = $("task-page");
const canAct = page.dataset.canAct === "true";

const store = createTaskStore(JSON.parse($("task-initial").textContent), () => request("GET", page.dataset.api));
let workspace = null;
let lastEventId = 0;
const shownEvents = new Set(); // the ids of the event log's rows
let busy = false;

const programDoc = () => store.get().params.VideoParams;
// The task's own room: its people fill auto-fill slots, its users need no RoomId.
const mainRoom = () => ({ RoomId: store.get().room_id, RoomIdType: store.get().room_id_type });
// Who is in the room as the room panel last read it (GET room/): the staged preview and the
// program picture both show them, so the two pictures compare.
let roomPeople = null;
let lastRoom = null;

function followRoom(room) {
  lastRoom = room;
  drawSwapChoices();
  roomPeople = previewParticipants(room);
  if (workspace) workspace.dispatch({ type: "taskRoom", participants: roomPeople });
}

// ---- task facts -------------------------------------------------------------

function drawTask() {
  const task = store.get();
  const status = $("task-status");
  status.className = `badge status-${task.status}`;
  status.textContent = taskStatusLabel(task.status);
  $("task-id").textContent = task.task_id || "—";
  $("task-backend").textContent = backendLabel(task.backend);
  $("task-sequence").textContent = String(task.sequence_number);
  $("task-cdn").replaceChildren(
    ...cdnHealth(task).map((output) =>
      h(
        "li",
        // The stream's name, the whole address (without its keys) in the tooltip.
        { class: `health-${output.status}`, "data-status": output.status, title: displayUrl(output.url) },
        h("span", { class: "cdn-url" }, `${displayUrl(output.url).split("/").pop()}: `),
        h("span", { class: "cdn-state" }, cdnStatusText(output.status)),
      ),
    ),
  );
  const live = task.status === "running";
  for (const id of ["take", "quick-preset-take", "quick-swap", "quick-cdn-take"]) {
    if ($(id) && !live) $(id).disabled = true;
  }
  // Stop and Reconcile work on every task that may still run in the cloud.
  const unsettled = ["running", "starting", "unknown", "stopping"].includes(task.status);
  if ($("stop")) $("stop").disabled = !unsettled;
  if ($("reconcile")) $("reconcile").hidden = !unsettled;
  $("task-stop-wanted").hidden = !(task.stop_wanted && unsettled);
  drawTakeSummary();
}

function showError(error) {
  const box = $("task-error");
  box.textContent = describeRefusal(error);
  box.hidden = false;
}

// ---- program monitor ----------------------------------------------------------

let programUrl = null;
async function drawProgram() {
  const image = $("program-image");
  if (!image || !programDoc()) return;
  try {
    // The same room as the staged preview, so the two pictures compare.
    const participants = workspace ? workspace.getState().participants : roomPeople || undefined;
    const response = await send(
      "POST",
      "/api/layouts/preview/",
      { document: programDoc(), participants, main_room: mainRoom(), scale: 0.5 },
      { accept: "image/*" },
    );
    const url = URL.createObjectURL(await response.blob());
    if (programUrl) URL.revokeObjectURL(programUrl);
    programUrl = url;
    image.src = url;
    image.dataset.sequence = String(store.get().sequence_number);
    $("program-status").textContent = interpolate(gettext("In force since SequenceNumber %s."), [
      store.get().sequence_number,
    ]);
  } catch (error) {
    $("program-status").textContent = describeRefusal(error);
  }
}

// ---- taking ---------------------------------------------------------------------
// The server computes every Update (POST take/): the page sends the whole staged
// document and shows what the server says it will send before it sends it.

// The document last put on air from this page (or found in force), which the
// staged copy is compared with; the task's own params say it with defaults spelled out.
let takenDoc = null;

function stagedChanges() {
  if (!workspace || !takenDoc) return [];
  return diffDocuments(takenDoc, workspace.getState().doc, 300);
}

const SHOWN_CHANGES = 8; // lines of the staged difference beside Take; the dialog has all

function drawTakeSummary() {
  if (!$("take")) return;
  const lines = stagedChanges();
  const count = lines.length;
  const live = store.get().status === "running";
  $("take").disabled = !count || !live || busy;
  $("take").title = !live
    ? gettext("Only a running task can take changes")
    : count
      ? gettext("Review the staged changes, then put them on air (Ctrl+Enter)")
      : gettext("Nothing staged: the preview matches the program");
  $("take-summary").textContent = count
    ? interpolate(gettext("Staged: %s change(s), not on air until you take them."), [count])
    : gettext("The preview matches the program.");
  drawStagedChanges(lines);
}

/** What Take would change, beside the button: the first sentences of the difference, as
 * the server says them (POST /api/layouts/difference/), asked a moment after the last edit. */
let changesAsked = 0;
const CHANGES_DELAY_MS = 250;
async function drawStagedChanges(lines) {
  const list = $("take-changes");
  if (!list) return;
  const key = JSON.stringify(lines);
  if (key === list.dataset.key) return;
  list.dataset.key = key;
  const asked = ++changesAsked;
  if (!lines.length) {
    list.replaceChildren();
    return;
  }
  await new Promise((resolve) => setTimeout(resolve, CHANGES_DELAY_MS));
  if (asked !== changesAsked || !workspace || !takenDoc) return;
  let changes;
  try {
    changes = await describeDifference(takenDoc, workspace.getState().doc);
  } catch {
    return; // the next edit asks again; the review dialog says it in full
  }
  if (asked !== changesAsked) return;
  list.replaceChildren(
    ...changes
      .slice(0, SHOWN_CHANGES)
      .map((change) => h("li", { class: `mx-change ${change.kind}`, title: change.path }, change.sentence)),
  );
  if (changes.length > SHOWN_CHANGES) {
    list.append(h("li", { class: "more" }, interpolate(gettext("and %s more"), [changes.length - SHOWN_CHANGES])));
  }
}

/** POST take/ with the staged state; `doc` is what will be on air once it is accepted. */
async function take(body, doc) {
  busy = true;
  try {
    const answer = await request("POST", page.dataset.take, body);
    store.set(answer);
    if (doc) takenDoc = doc;
    drawSwapChoices();
    $("task-error").hidden = true;
  } finally {
    busy = false;
    drawTakeSummary();
  }
}

// The Take review says each change in words, with a picture of the program now and
// of the staged state; the field table and the body are there for whoever wants them.
const REVIEW_PICTURE_WIDTH = 240;
let reviewRound = 0; // an answer meant for an earlier opening of the review is dropped
const reviewPictures = { before: null, after: null }; // object URLs of the two pictures

async function drawReviewWords(before, after, round) {
  const box = $("take-words");
  box.replaceChildren(h("p", { class: "mx-changes-none" }, gettext("Putting the changes into words…")));
  try {
    const changes = await describeDifference(before, after);
    if (round !== reviewRound) return;
    box.replaceChildren(
      changeList(changes, {
        empty: gettext(
          "No change to the picture: the staged layout differs only in values the cloud reads the same way.",
        ),
      }),
    );
  } catch (error) {
    if (round === reviewRound) box.replaceChildren(h("p", { class: "error" }, describeRefusal(error)));
  }
}

async function drawReviewPicture(side, doc, round) {
  const image = $(`take-${side}-picture`);
  image.hidden = true;
  delete image.dataset.ready;
  try {
    const participants = workspace ? workspace.getState().participants : roomPeople || undefined;
    const url = await documentPicture(doc, { width: REVIEW_PICTURE_WIDTH, participants, mainRoom: mainRoom() });
    if (round !== reviewRound) {
      URL.revokeObjectURL(url);
      return;
    }
    if (reviewPictures[side]) URL.revokeObjectURL(reviewPictures[side]);
    reviewPictures[side] = url;
    image.src = url;
    image.hidden = false;
    image.dataset.ready = "true";
  } catch {
    // The words and the body say the same; a picture that cannot be drawn stays hidden.
  }
}

async function askTake() {
  const staged = workspace.getState().doc;
  const lines = stagedChanges();
  if (!lines.length) return;
  $("take-error").hidden = true;
  $("take-confirm").disabled = true;
  const round = ++reviewRound;
  drawReviewWords(takenDoc, staged, round);
  drawReviewPicture("before", takenDoc, round);
  drawReviewPicture("after", staged, round);
  $("take-diff").replaceChildren(diffTable(lines, { before: gettext("On air"), after: gettext("Staged") }));
  $("take-body").textContent = gettext("Asking the server what it will send…");
  $("take-sequence").textContent = "";
  $("take-dialog").showModal();
  try {
    const plan = await request("POST", page.dataset.take, { document: staged, dry_run: true });
    if (!plan.valid || !plan.changes) {
      $("take-body").textContent = "";
      $("take-error").textContent = plan.changes
        ? describeRefusal({ body: { problems: plan.problems } })
        : gettext("The staged layout is already on air; nothing was sent.");
      $("take-error").hidden = false;
      return;
    }
    $("take-sequence").textContent = interpolate(
      gettext("This sends UpdatePublishCdnStream with SequenceNumber %s or higher."),
      [plan.request.SequenceNumber],
    );
    $("take-body").textContent = JSON.stringify(plan.request, null, 2);
    $("take-confirm").disabled = false;
    $("take-confirm").focus(); // Enter now puts it on air
  } catch (error) {
    $("take-body").textContent = "";
    $("take-error").textContent = describeRefusal(error);
    $("take-error").hidden = false;
  }
}

async function confirmTake() {
  const staged = workspace.getState().doc;
  $("take-confirm").disabled = true;
  try {
    await take({ document: staged }, staged);
    workspace.dispatch({ type: "committed", doc: staged });
    $("take-dialog").close();
  } catch (error) {
    // The staged copy stays as it is, so the producer can fix and retry.
    $("take-error").textContent = describeRefusal(error);
    $("take-error").hidden = false;
  } finally {
    $("take-confirm").disabled = false;
  }
}

// ---- quick actions ----------------------------------------------------------------
// Each takes in one step through the same take path.

async function quick(body, doc) {
  try {
    await take(body, doc);
    if (workspace && doc) {
      workspace.dispatch({ type: "loadDocument", doc });
      workspace.dispatch({ type: "committed", doc: workspace.getState().doc });
    }
  } catch (error) {
    showError(error);
  }
}

async function setUpQuickActions() {
  if (!canAct) return;
  const presets = await request("GET", `${page.dataset.presets}?page_size=200&fields=document`).catch(() => ({
    results: [],
  }));
  const select = $("quick-preset");
  for (const preset of presets.results) {
    select.append(h("option", { value: String(preset.id) }, preset.display_name || preset.name));
  }
  $("quick-preset-take").addEventListener("click", async () => {
    if (!select.value) return;
    try {
      const preset = await request("GET", `${page.dataset.presets}${select.value}/`);
      quick({ document: preset.document }, preset.document);
    } catch (error) {
      showError(error);
    }
  });

  if (!workspace && $("take")) $("take").hidden = true;
  drawSwapChoices();
  // A swap that would change nothing on air says why instead of sending nothing silently.
  const swapWhy = {
    same: () => gettext("Choose two different slots to swap."),
    "both-auto": () =>
      gettext(
        "Both slots are auto-fill: the cloud fills them in join order, so swapping them changes nothing. Bind a user to one of them in the staged editor first.",
      ),
    "same-user": () => gettext("Both slots show the same stream: swapping them changes nothing."),
  };
  $("quick-swap").addEventListener("click", () => {
    const [first, second] = [Number($("swap-a").value), Number($("swap-b").value)];
    const why = swapUnchanged(takenDoc, first, second);
    if (why) {
      showError({ message: swapWhy[why]() });
      return;
    }
    const swapped = swapSlotUsers(takenDoc, first, second);
    quick({ document: swapped }, swapped);
  });

  $("quick-cdn").value = (store.get().params.PublishCdnParams || [])
    .map((t) => (t.IsTencentCdn === 0 ? `${t.PublishCdnUrl}, 0` : t.PublishCdnUrl))
    .join("\n");
  $("quick-cdn-take").addEventListener("click", () => {
    const targets = $("quick-cdn")
      .value.split("\n")
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const [url, flag] = line.split(",").map((part) => part.trim());
        return { PublishCdnUrl: url, IsTencentCdn: flag === "0" ? 0 : 1 };
      });
    quick({ request: { PublishCdnParams: targets } }, null);
  });
}

// ---- the staged editor -----------------------------------------------------------------
// It has the page's width below the monitors; the PVW's link (or Shift+E) brings it into
// view whole, its canvas focused for the keyboard.

function setUpStaging() {
  const link = $("edit-staged");
  if (!link || !workspace) return;
  const show = (event) => {
    event.preventDefault();
    $("task-workspace").scrollIntoView({ block: "start" });
    const canvas = document.querySelector("#mx-canvas .mx-viewport");
    if (canvas) canvas.focus({ preventScroll: true });
  };
  link.addEventListener("click", show);
  window.addEventListener("keydown", (event) => {
    const typing = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
    if (event.key !== "E" || !event.shiftKey || event.ctrlKey || event.metaKey || event.altKey || typing) return;
    show(event);
  });
}

/** The swap's slot lists name who each slot of the program shows now: its bound user, or
 * for an auto-fill slot the room's person the program puts there. Redrawn whenever the
 * program or the room moves on. */
function drawSwapChoices() {
  if (!$("quick-swap-row")) return;
  const slots = (takenDoc && takenDoc.LayoutParams && takenDoc.LayoutParams.MixLayoutList) || [];
  $("quick-swap-row").hidden = slots.length < 2;
  const filling = new Map(); // slot number (1-based) -> who the room puts there
  for (const person of (lastRoom && lastRoom.participants) || []) {
    for (const region of person.on_air || []) if (region.slot !== null) filling.set(region.slot, person.UserId);
  }
  for (const [id, fallback] of [
    ["swap-a", "0"],
    ["swap-b", "1"],
  ]) {
    const chosen = $(id).value || fallback;
    $(id).replaceChildren(
      ...slots.map((slot, index) => {
        const bound = slot.UserMediaStream && slot.UserMediaStream.UserInfo && slot.UserMediaStream.UserInfo.UserId;
        const shown = filling.get(index + 1);
        const who = bound ? bound : shown ? interpolate(gettext("auto: %s"), [shown]) : gettext("auto: empty");
        return h("option", { value: String(index) }, `#${index + 1} ${who}`);
      }),
    );
    $(id).value = Number(chosen) < slots.length ? chosen : fallback;
  }
}

// ---- stop ---------------------------------------------------------------------------

function setUpStop() {
  if (!$("stop")) return;
  $("stop").addEventListener("click", () => $("stop-dialog").showModal());
  $("stop-cancel").addEventListener("click", () => $("stop-dialog").close());
  $("stop-confirm").addEventListener("click", async () => {
    $("stop-dialog").close();
    try {
      store.set(await request("POST", page.dataset.stop));
    } catch (error) {
      showError(error);
      store.poll();
    }
  });
}

// ---- reconcile ------------------------------------------------------------------------

function setUpReconcile() {
  if (!$("reconcile")) return;
  $("reconcile").addEventListener("click", async () => {
    $("reconcile").disabled = true;
    try {
      const report = await request("POST", page.dataset.reconcile);
      $("reconcile-findings").replaceChildren(...report.findings.map((f) => h("li", {}, f.message)));
      store.set(report.task);
      drawProgram();
    } catch (error) {
      showError(error);
    } finally {
      $("reconcile").disabled = false;
    }
  });
}

// ---- event log and refresh ---------------------------------------------------------------

// The column headings, which the details of each row (its second line) are labelled with.
const columnLabel = (name) => {
  const heading = document.querySelector(`#events-head [data-column="${name}"]`);
  return heading ? heading.textContent.trim() : "";
};

function actionText(event) {
  if (event.kind === "room") return roomEventText(event.request);
  if (event.kind === "director") return directorEventText(event);
  return event.action;
}

function eventRow(event) {
  const result = event.error_code || gettext("ok");
  // An empty cell has no child at all, so that it takes no room (td:empty).
  const cell = (name, content) =>
    h("td", { role: "cell", class: name, "data-label": columnLabel(name.split(" ")[0]) || null }, content || null);
  return h(
    "tr",
    { role: "row", class: event.error_code ? "failed" : "", "data-event-id": String(event.id) },
    cell("at", new Date(event.created_at).toLocaleTimeString(document.documentElement.lang || undefined)),
    cell("kind", eventKindLabel(event.kind)),
    cell("action", actionText(event)),
    cell("sequence", event.sequence_number === null ? "" : String(event.sequence_number)),
    cell(event.error_code ? "result" : "result ok", result),
    cell("request-id", event.request_id ? h("code", {}, event.request_id) : ""),
    cell("latency", event.latency_ms === null ? "" : `${event.latency_ms} ms`),
    cell("by", event.user || ""),
  );
}

async function refreshEvents() {
  try {
    // The newest 600 when the page opens; then every event newer than the last shown.
    const answer = await requestList(`${page.dataset.events}?after=${lastEventId}`, {
      pages: lastEventId ? Infinity : 3,
    });
    // Each event is shown once, by its id: two refreshes may cross (a poll and the
    // answer of a Reconcile or a Take), and pages read while events are written overlap.
    const events = [];
    for (const event of answer) {
      if (event.id <= lastEventId || shownEvents.has(event.id)) continue;
      shownEvents.add(event.id);
      events.push(event);
    }
    if (!events.length) return;
    events.sort((a, b) => b.id - a.id); // newest first, as the log reads
    lastEventId = Math.max(lastEventId, events[0].id);
    $("events").prepend(...events.map(eventRow));
  } catch {
    // The next refresh tries again; the page stays usable meanwhile.
  }
}

/** The program monitor follows the task: a new SequenceNumber is a new program. */
function followProgram(task, { previous }) {
  if (task.sequence_number === previous.sequence_number) return;
  // Someone took (here or elsewhere): what is on air is now what the task says is in
  // force. A take of this page's own staged document puts that back right after (take()).
  if (!busy) takenDoc = task.params.VideoParams || null;
  drawSwapChoices();
  drawProgram();
}

async function start() {
  const csrf = page.querySelector("[name=csrfmiddlewaretoken]");
  setCsrfToken(csrf ? csrf.value : "");
  store.subscribe(followProgram);
  store.subscribe((task, { changed }) => {
    if (changed) drawTask();
  });
  store.subscribe(refreshEvents); // every answer about the task may come with events
  if ($("live-controls")) mountLiveControls($("live-controls"), store, { takeUrl: page.dataset.take });
  mountRoomPanel($("room-panel"), store, {
    roomUrl: page.dataset.room,
    eventsUrl: page.dataset.roomEvents,
    scenarioUrl: page.dataset.scenario,
    canAct,
    onRoom: followRoom,
  });
  mountDirectorPanel($("director-panel"), store, {
    directorUrl: page.dataset.director,
    slateUrl: page.dataset.slate,
    takeUrl: page.dataset.take,
    canAct,
  });
  takenDoc = programDoc() || null;
  if (programDoc() && $("mx-canvas")) {
    let seenParticipants = null;
    let programTimer = null;
    workspace = await mountWorkspace(
      { document: programDoc(), name: store.get().preset_name || "", mainRoom: mainRoom() },
      {
        onDraw: (state) => {
          drawTakeSummary();
          if (seenParticipants !== null && state.participants !== seenParticipants) {
            clearTimeout(programTimer);
            programTimer = setTimeout(drawProgram, 400);
          }
          seenParticipants = state.participants;
        },
      },
    );
  }
  if (workspace && roomPeople) workspace.dispatch({ type: "taskRoom", participants: roomPeople });
  drawTask();
  drawProgram();
  // The program monitor mounts in its own container inside the Program panel.
  const programSection = $("program-image") && $("program-monitor");
  if (programSection) {
    mountMonitor({
      section: programSection,
      programUrl: `${page.dataset.api}program/`,
      verifyUrl: `${page.dataset.api}verify/`,
      canAct,
      describeError: describeRefusal,
    });
  }
  if ($("take")) {
    $("take").addEventListener("click", askTake);
    // Ctrl+Enter (⌘+Enter) takes, as a switcher's Take bar: it opens the review first.
    window.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || $("take-dialog").open) return;
      event.preventDefault();
      if (!$("take").disabled) askTake();
    });
    $("take-confirm").addEventListener("click", confirmTake);
    $("take-cancel").addEventListener("click", () => $("take-dialog").close());
  }
  setUpStaging();
  setUpStop();
  setUpReconcile();
  await setUpQuickActions();
  await refreshEvents();
  store.start();
  window.addEventListener("beforeunload", (event) => {
    if (!workspace || !isDirty(workspace.getState())) return;
    event.preventDefault();
    event.returnValue = "";
  });
  page.dataset.ready = "true";
}

start();
