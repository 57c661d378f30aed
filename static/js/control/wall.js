// The monitor wall: every running task's program at once, small and muted, each
// with its tally, CDN health and (for producers) Stop with a confirmation. The
// list is polled; a tile keeps its player while its task stays on the wall. The legs
// of a show (one task per variant of a preset) stand together in a group of their own,
// each labelled with its leg and shape, with a link to the show's page.
import { request, requestList, setCsrfToken } from "../common/http.js";
import { h } from "../common/dom.js";
import { cdnHealth, displayUrl, formatDuration, uptimeSeconds } from "./format.js";
import { backendLabel, cdnStatusLabel, cdnStatusText, taskStatusLabel } from "./labels.js";
import { playProgram } from "./program-player.js";
import { NO_PICTURE, ON_AIR, OFF_AIR, tallyOf, wallSummary } from "./wall-tally.js";
import { legShape } from "./show.js";

const { gettext, interpolate, ngettext } = window;
const REFRESH_MS = 5000;
const STALL_MS = 4000; // a picture whose time has not moved for this long is no picture
const TALLY_MS = 1000; // how often the tallies and uptimes are redrawn
const wall = document.getElementById("wall");
const grid = document.getElementById("wall-tiles");
const canAct = wall.dataset.canAct === "true";
const urlFor = (template, id) => template.replace("/0/", `/${id}/`);
const NO_SHOW = "00000000-0000-0000-0000-000000000000"; // the show URLs' placeholder key
const showUrl = (template, key) => template.replace(NO_SHOW, key);
const tiles = new Map(); // task id -> {task, element, player, video, lastTime, movedAt}
const shows = new Map(); // show key -> {element, legs}: the group of a show's tiles
let stopping = null; // the task whose Stop awaits its confirmation

const TALLY_TEXT = {
  [ON_AIR]: gettext("On air"),
  [NO_PICTURE]: gettext("No picture"),
  [OFF_AIR]: gettext("Off air"),
};

function healthList(task) {
  return h(
    "ul",
    { class: "cdn-health" },
    cdnHealth(task).map((output) =>
      h(
        "li",
        { class: `health-${output.status}`, title: `${displayUrl(output.url)}: ${cdnStatusText(output.status)}` },
        `${displayUrl(output.url).split("/").pop()}: ${cdnStatusLabel(output.status)}`,
      ),
    ),
  );
}

function newTile(task) {
  const video = h("video", {
    muted: true,
    autoplay: true,
    playsinline: true,
    "aria-label": interpolate(gettext("Program of room %s"), [task.room_id]),
  });
  video.muted = true;
  const signal = h("p", { class: "wall-signal" }, gettext("Waiting for the picture…"));
  const element = h(
    "article",
    { class: "wall-tile", dataset: { taskId: String(task.id) } },
    h(
      "header",
      {},
      h("span", { class: "tally wall-tally" }),
      task.show_key ? h("span", { class: "wall-leg" }, task.leg) : null,
      h("a", { href: urlFor(wall.dataset.taskUrl, task.id), class: "wall-room" }, task.room_id),
      h("span", { class: "badge" }),
    ),
    h("div", { class: "wall-screen" }, video, signal),
    h("div", { class: "wall-health" }),
    h(
      "footer",
      {},
      h("span", { class: "wall-facts" }),
      canAct
        ? h(
            "button",
            { type: "button", class: "danger button wall-stop", onclick: () => askStop(task.id) },
            wall.dataset.stopLabel,
          )
        : null,
    ),
  );
  return { task, element, video, signal, player: null, lastTime: -1, movedAt: 0 };
}

async function startPlayer(tile) {
  let program;
  try {
    program = await request("GET", urlFor(wall.dataset.programUrl, tile.task.id));
  } catch (error) {
    tile.signal.textContent = (error.body && error.body.message) || gettext("This task has no program to show.");
    return;
  }
  if (!tiles.has(tile.task.id)) return; // left the wall meanwhile
  const player = await playProgram(tile.video, program, {
    onError: (fatal) => {
      if (fatal) tile.signal.textContent = gettext("The program could not be played; retrying.");
    },
    onRecovered: () => {
      tile.signal.textContent = "";
    },
    // Small pictures: the lowest rendition that fills the tile, a short buffer.
    hlsConfig: { capLevelToPlayerSize: true, maxBufferLength: 8 },
  });
  if (!tiles.has(tile.task.id)) {
    if (player) player.stop();
    return;
  }
  tile.player = player;
  if (!player) tile.signal.textContent = gettext("This browser cannot play this program.");
}

function stopPlayer(tile) {
  if (tile.player) tile.player.stop();
  tile.player = null;
}

/** Whether the tile's picture moves: its time advanced within STALL_MS. */
function playing(tile, now) {
  const time = tile.video.currentTime;
  if (tile.video.readyState >= 2 && time !== tile.lastTime) {
    tile.lastTime = time;
    tile.movedAt = now;
  }
  return tile.movedAt > 0 && now - tile.movedAt < STALL_MS;
}

function drawTile(tile, now) {
  const { task, element } = tile;
  const tally = tallyOf(task, playing(tile, now));
  element.dataset.tally = tally;
  const light = element.querySelector(".wall-tally");
  light.className = `tally wall-tally tally-${tally}`;
  light.textContent = TALLY_TEXT[tally];
  const badge = element.querySelector(".badge");
  badge.className = `badge status-${task.status}`;
  badge.textContent = taskStatusLabel(task.status);
  tile.signal.hidden = tally === ON_AIR;
  element.querySelector(".wall-health").replaceChildren(healthList(task));
  element.querySelector(".wall-facts").textContent = [
    task.preset_name || "—",
    backendLabel(task.backend),
    formatDuration(uptimeSeconds(task)),
  ].join(" · ");
  return tally;
}

function drawAll() {
  const now = Date.now();
  const tallies = new Map();
  for (const [id, tile] of tiles) tallies.set(id, drawTile(tile, now));
  const tasks = [...tiles.values()].map((tile) => tile.task);
  const summary = wallSummary(tasks, tallies);
  document.getElementById("wall-summary").textContent = [
    interpolate(ngettext("%s task on air", "%s tasks on air", summary[ON_AIR]), [summary[ON_AIR]]),
    interpolate(gettext("%s without a picture"), [summary[NO_PICTURE]]),
    interpolate(ngettext("%s of %s CDN output needs a look", "%s of %s CDN outputs need a look", summary.outputs), [
      summary.trouble,
      summary.outputs,
    ]),
  ].join(" · ");
  document.getElementById("wall-empty").hidden = tiles.size > 0;
}

// ---- a show's legs, together ------------------------------------------------------------

function showGroup(task) {
  let group = shows.get(task.show_key);
  if (group) return group;
  const legs = h("div", { class: "wall-show-legs" });
  const title = task.preset_name
    ? interpolate(gettext("Show “%s”"), [task.preset_name])
    : interpolate(gettext("Show in room %s"), [task.room_id]);
  const element = h(
    "section",
    { class: "wall-show", dataset: { show: task.show_key }, "aria-label": gettext("Legs of the show") },
    h(
      "header",
      { class: "wall-show-head" },
      h("span", { class: "wall-show-name" }, title),
      h("a", { href: showUrl(wall.dataset.showUrl, task.show_key) }, gettext("Open the show")),
    ),
    legs,
  );
  group = { element, legs, shapes: null };
  shows.set(task.show_key, group);
  grid.append(element);
  loadShapes(task.show_key, group);
  return group;
}

/** Each leg's shape (its canvas), read once from the show: the list carries no pictures. */
async function loadShapes(key, group) {
  try {
    const answer = await request("GET", showUrl(wall.dataset.showApi, key));
    group.shapes = new Map(answer.legs.map((task) => [task.id, task]));
    for (const [id, tile] of tiles) if (group.shapes.has(id)) labelLeg(tile, group.shapes.get(id));
  } catch {
    group.shapes = new Map(); // the legs keep their names alone
  }
}

function labelLeg(tile, whole) {
  const encode = (whole.params && whole.params.VideoParams && whole.params.VideoParams.VideoEncode) || null;
  if (encode) tile.element.style.setProperty("--aspect", `${encode.Width} / ${encode.Height}`);
  // The leg and its ratio on the tile; its size in the tooltip.
  const label = tile.element.querySelector(".wall-leg");
  const shape = legShape(whole);
  label.textContent = [tile.task.leg, shape.split(" · ")[0]].filter(Boolean).join(" · ");
  label.title = [tile.task.leg, shape].filter(Boolean).join(" · ");
}

/** A leg's tile in its show's group, the legs in launch order (main first). */
function placeInShow(tile) {
  const group = showGroup(tile.task);
  const after = [...group.legs.children].find((other) => Number(other.dataset.taskId) > tile.task.id);
  group.legs.insertBefore(tile.element, after || null);
  if (group.shapes && group.shapes.has(tile.task.id)) labelLeg(tile, group.shapes.get(tile.task.id));
}

function show(tasks) {
  const running = new Map(tasks.map((task) => [task.id, task]));
  for (const [id, tile] of tiles) {
    if (running.has(id)) continue;
    stopPlayer(tile);
    tile.element.remove();
    tiles.delete(id);
  }
  for (const task of tasks) {
    const tile = tiles.get(task.id);
    if (tile) {
      tile.task = task;
      continue;
    }
    const fresh = newTile(task);
    tiles.set(task.id, fresh);
    if (task.show_key) placeInShow(fresh);
    else grid.append(fresh.element);
    startPlayer(fresh);
  }
  for (const [key, group] of shows) {
    if (group.legs.children.length) continue;
    group.element.remove();
    shows.delete(key);
  }
  drawAll();
}

async function refresh() {
  const failure = document.getElementById("wall-error");
  try {
    show(await requestList(`${wall.dataset.api}?status=running`));
    failure.hidden = true;
  } catch (error) {
    failure.textContent = error.message || gettext("The task list could not be loaded.");
    failure.hidden = false;
  }
}

// ---- Stop, confirmed ---------------------------------------------------------------

function askStop(id) {
  const tile = tiles.get(id);
  if (!tile) return;
  stopping = id;
  document.getElementById("stop-room").textContent = tile.task.room_id;
  document.getElementById("stop-error").hidden = true;
  document.getElementById("stop-dialog").showModal();
}

async function confirmStop() {
  const id = stopping;
  const dialog = document.getElementById("stop-dialog");
  const problem = document.getElementById("stop-error");
  const confirm = document.getElementById("stop-confirm");
  confirm.disabled = true;
  try {
    await request("POST", urlFor(wall.dataset.stopUrl, id));
    dialog.close();
    stopping = null;
    await refresh();
  } catch (error) {
    problem.textContent = error.message || gettext("That task could not be stopped.");
    problem.hidden = false;
  } finally {
    confirm.disabled = false;
  }
}

function setUpStop() {
  if (!canAct) return;
  const csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
  setCsrfToken(csrf ? csrf.value : "");
  document.getElementById("stop-confirm").addEventListener("click", confirmStop);
  document.getElementById("stop-cancel").addEventListener("click", () => {
    stopping = null;
    document.getElementById("stop-dialog").close();
  });
}

setUpStop();
refresh().then(() => {
  wall.dataset.ready = "true";
});
setInterval(refresh, REFRESH_MS);
setInterval(drawAll, TALLY_MS);
