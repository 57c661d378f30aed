// The live task page: program (what is on air) beside an editable preview in
// the layout editor's workspace. Edits stay staged until Take, which shows
// the UpdatePublishCdnStream body and its difference before sending it.
// Quick actions take in one step. The event log refreshes without reloading.
import { request, send, setCsrfToken } from "../common/http.js";
import { diffDocuments } from "../editor/doc.js";
import { h } from "../common/dom.js";
import { isDirty } from "../editor/state.js";
import { mountWorkspace } from "../editor/workspace.js";
import { cdnHealth, displayUrl } from "./format.js";
import { swapSlotUsers, videoUpdate } from "./diff.js";

const { gettext, interpolate } = window;
const $ = (id) => document.getElementById(id);
const page = $("task-page");
const canAct = page.dataset.canAct === "true";
const REFRESH_MS = 3000;

let task = JSON.parse($("task-initial").textContent);
let workspace = null;
let lastEventId = 0;
let busy = false;

const programDoc = () => task.params.VideoParams;

// ---- task facts -------------------------------------------------------------

function drawTask() {
  const status = $("task-status");
  status.className = `badge status-${task.status}`;
  status.textContent = gettext(task.status);
  $("task-id").textContent = task.task_id || "—";
  $("task-backend").textContent = task.backend;
  $("task-sequence").textContent = String(task.sequence_number);
  $("task-cdn").replaceChildren(
    ...cdnHealth(task).map((output) =>
      h("li", { class: `health-${output.status}` }, `${displayUrl(output.url)}: ${gettext(output.status)}`),
    ),
  );
  const live = task.status === "running";
  for (const id of ["stop", "take", "quick-preset-take", "quick-swap", "quick-cdn-take"]) {
    if ($(id) && !live) $(id).disabled = true;
  }
  drawTakeSummary();
}

function showError(error) {
  const box = $("task-error");
  box.textContent = describeError(error);
  box.hidden = false;
}

function describeError(error) {
  const body = (error && error.body) || {};
  if (body.cloud_code) {
    return interpolate(gettext("The cloud refused it: %s, %s (RequestId %s). Nothing changed on air."), [
      body.cloud_code,
      body.cloud_message,
      body.request_id,
    ]);
  }
  const problems = (body.problems || []).filter((p) => p.severity === "error");
  if (problems.length) {
    const lines = [...new Set(problems.map((p) => `${p.path}: ${p.message} (${p.rule})`))];
    return `${gettext("Refused before sending; nothing went to the cloud.")} ${lines.join(" · ")}`;
  }
  return error.message || gettext("The request failed.");
}

// ---- program monitor ----------------------------------------------------------

let programUrl = null;
async function drawProgram() {
  const image = $("program-image");
  if (!image || !programDoc()) return;
  try {
    // The same simulated room as the staged preview, so the two pictures compare.
    const participants = workspace ? workspace.getState().participants : undefined;
    const response = await send(
      "POST",
      "/api/layouts/preview/",
      { document: programDoc(), participants, scale: 0.5 },
      { accept: "image/*" },
    );
    const url = URL.createObjectURL(await response.blob());
    if (programUrl) URL.revokeObjectURL(programUrl);
    programUrl = url;
    image.src = url;
    image.dataset.sequence = String(task.sequence_number);
    $("program-status").textContent = interpolate(gettext("In force since SequenceNumber %s."), [task.sequence_number]);
  } catch (error) {
    $("program-status").textContent = describeError(error);
  }
}

// ---- taking ---------------------------------------------------------------------

function stagedUpdate() {
  return workspace ? videoUpdate(programDoc(), workspace.getState().doc) : null;
}

function drawTakeSummary() {
  if (!$("take")) return;
  const update = stagedUpdate();
  $("take").disabled = !update || task.status !== "running" || busy;
  $("take-summary").textContent = update
    ? interpolate(gettext("Staged: %s change(s), not on air until you take them."), [
        diffDocuments(programDoc(), workspace.getState().doc).length,
      ])
    : gettext("The preview matches the program.");
}

async function sendUpdate(body) {
  busy = true;
  try {
    task = await request("POST", page.dataset.update, { request: body });
    $("task-error").hidden = true;
    drawTask();
    drawProgram();
    refreshEvents();
    return true;
  } finally {
    busy = false;
    drawTakeSummary();
  }
}

function askTake() {
  const update = stagedUpdate();
  if (!update) return;
  const staged = workspace.getState().doc;
  const lines = diffDocuments(programDoc(), staged, 300);
  $("take-sequence").textContent = interpolate(
    gettext("This sends UpdatePublishCdnStream with SequenceNumber %s or higher."),
    [task.sequence_number + 1],
  );
  $("take-diff").replaceChildren(
    h(
      "table",
      { class: "mx-diff" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, gettext("Field")),
          h("th", { scope: "col" }, gettext("On air")),
          h("th", { scope: "col" }, gettext("Staged")),
        ),
      ),
      h(
        "tbody",
        {},
        lines.map((line) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, h("code", {}, line.path)),
            h("td", { class: "removed" }, show(line.before)),
            h("td", { class: "added" }, show(line.after)),
          ),
        ),
      ),
    ),
  );
  $("take-body").textContent = JSON.stringify({ ...update, SequenceNumber: task.sequence_number + 1 }, null, 2);
  $("take-error").hidden = true;
  $("take-dialog").showModal();
}

async function confirmTake() {
  const staged = workspace.getState().doc;
  const update = videoUpdate(programDoc(), staged);
  $("take-confirm").disabled = true;
  try {
    await sendUpdate(update);
    workspace.dispatch({ type: "committed", doc: staged });
    $("take-dialog").close();
  } catch (error) {
    // The staged copy stays as it is, so the producer can fix and retry.
    $("take-error").textContent = describeError(error);
    $("take-error").hidden = false;
  } finally {
    $("take-confirm").disabled = false;
  }
}

function show(value) {
  return value === undefined ? "—" : typeof value === "string" ? value : JSON.stringify(value);
}

// ---- quick actions ----------------------------------------------------------------

async function quick(body, afterDoc) {
  try {
    await sendUpdate(body);
    if (workspace && afterDoc) {
      workspace.dispatch({ type: "loadDocument", doc: afterDoc });
      workspace.dispatch({ type: "committed", doc: workspace.getState().doc });
    }
  } catch (error) {
    showError(error);
  }
}

async function setUpQuickActions() {
  if (!canAct) return;
  const presets = await request("GET", `${page.dataset.presets}?page_size=200`).catch(() => ({ results: [] }));
  const select = $("quick-preset");
  for (const preset of presets.results) select.append(h("option", { value: String(preset.id) }, preset.name));
  $("quick-preset-take").addEventListener("click", () => {
    const preset = presets.results.find((p) => String(p.id) === select.value);
    if (preset) quick({ VideoParams: preset.document }, preset.document);
  });

  const slots = (programDoc() && programDoc().LayoutParams && programDoc().LayoutParams.MixLayoutList) || [];
  if (slots.length < 2) $("quick-swap-row").hidden = true;
  if (!workspace) $("take").hidden = true;
  for (const id of ["swap-a", "swap-b"]) {
    slots.forEach((slot, index) => {
      const user =
        slot.UserMediaStream && slot.UserMediaStream.UserInfo ? slot.UserMediaStream.UserInfo.UserId : gettext("auto");
      $(id).append(h("option", { value: String(index) }, `#${index + 1} ${user}`));
    });
  }
  $("swap-b").value = "1";
  $("quick-swap").addEventListener("click", () => {
    const swapped = swapSlotUsers(programDoc(), Number($("swap-a").value), Number($("swap-b").value));
    const update = videoUpdate(programDoc(), swapped);
    if (update) quick(update, swapped);
  });

  $("quick-cdn").value = (task.params.PublishCdnParams || [])
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
    quick({ PublishCdnParams: targets }, null);
  });
}

// ---- stop ---------------------------------------------------------------------------

function setUpStop() {
  if (!$("stop")) return;
  $("stop").addEventListener("click", () => $("stop-dialog").showModal());
  $("stop-cancel").addEventListener("click", () => $("stop-dialog").close());
  $("stop-confirm").addEventListener("click", async () => {
    $("stop-dialog").close();
    try {
      task = await request("POST", page.dataset.stop);
      drawTask();
      refreshEvents();
    } catch (error) {
      showError(error);
    }
  });
}

// ---- event log and refresh ---------------------------------------------------------------

function eventRow(event) {
  const result = event.error_code || gettext("ok");
  return h(
    "tr",
    { class: event.error_code ? "failed" : "", "data-event-id": String(event.id) },
    h("td", {}, new Date(event.created_at).toLocaleTimeString()),
    h("td", {}, gettext(event.kind)),
    h("td", {}, event.action),
    h("td", { class: "sequence" }, event.sequence_number === null ? "" : String(event.sequence_number)),
    h("td", {}, result),
    h("td", {}, h("code", {}, event.request_id || "")),
    h("td", {}, event.latency_ms === null ? "" : `${event.latency_ms} ms`),
    h("td", {}, event.user || ""),
  );
}

async function refreshEvents() {
  try {
    const events = await request("GET", `${page.dataset.events}?after=${lastEventId}`);
    if (!events.length) return;
    lastEventId = Math.max(lastEventId, ...events.map((e) => e.id));
    $("events").prepend(...events.map(eventRow));
  } catch {
    // The next refresh tries again; the page stays usable meanwhile.
  }
}

async function refreshTask() {
  if (busy) return;
  try {
    const fresh = await request("GET", page.dataset.api);
    const programChanged = fresh.sequence_number !== task.sequence_number;
    task = fresh;
    drawTask();
    if (programChanged) drawProgram();
  } catch {
    // As above.
  }
}

async function start() {
  const csrf = page.querySelector("[name=csrfmiddlewaretoken]");
  setCsrfToken(csrf ? csrf.value : "");
  if (programDoc() && $("mx-canvas")) {
    let seenParticipants = null;
    let programTimer = null;
    workspace = await mountWorkspace(
      { document: programDoc(), name: task.preset_name || "" },
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
  drawTask();
  drawProgram();
  if ($("take")) {
    $("take").addEventListener("click", askTake);
    $("take-confirm").addEventListener("click", confirmTake);
    $("take-cancel").addEventListener("click", () => $("take-dialog").close());
  }
  setUpStop();
  await setUpQuickActions();
  await refreshEvents();
  setInterval(() => {
    refreshEvents();
    refreshTask();
  }, REFRESH_MS);
  window.addEventListener("beforeunload", (event) => {
    if (!workspace || !isDirty(workspace.getState())) return;
    event.preventDefault();
    event.returnValue = "";
  });
  page.dataset.ready = "true";
}

start();
