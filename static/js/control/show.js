// The show page: the legs of one show (one task per variant of a preset: main 16:9,
// vertical 9:16 …) side by side, each with its program (what is on air, played as
// the wall plays it, over a still of the layout in force) and its preview (what is
// staged for it), and ONE Take that puts every leg's staged picture on air at once
// (POST /api/shows/{key}/take/). What is staged comes from the page's quick changes,
// applied to every leg: a background colour, or a preset (each leg gets the
// preset's variant of its name, or its picture reflowed to the leg's size). Each
// leg's result is told on its own; a refusal names the leg and what was taken back.
// Slate and Stop act on the whole show (Stop on one leg too); the event log merges
// the legs' logs, each row naming its leg. The show lives in one store
// (task-store.js over GET /api/shows/{key}/), which every part redraws from.
//
// The wall (wall.js) uses legShape to label a show's legs.
import { describeRefusal } from "./refusal.js";
import { diffTable } from "../editor/difftable.js";
import { request, requestList, send, setCsrfToken } from "../common/http.js";
import { diffDocuments } from "../editor/doc.js";
import { h, isTyping } from "../common/dom.js";
import { cdnHealth, displayUrl } from "./format.js";
import {
  cdnStatusLabel,
  cdnStatusText,
  directorEventText,
  eventKindLabel,
  roomEventText,
  taskStatusLabel,
} from "./labels.js";
import { playProgram } from "./program-player.js";
import { createTaskStore } from "./task-store.js";
import { constants } from "../editor/contract.js";

const { gettext, interpolate, ngettext } = window;

// ---- pure helpers (the wall uses them too) ----------------------------------------

const SHORT_RATIOS = 21; // 16:9, 9:16, 4:5, 21:9 … are said as a ratio; others as W×H

/** The canvas of a VideoParams document: {width, height}, or null. */
export function canvasOf(document) {
  const encode = document && document.VideoEncode;
  if (!encode || !Number.isInteger(encode.Width) || !Number.isInteger(encode.Height)) return null;
  return { width: encode.Width, height: encode.Height };
}

/** A canvas's shape in words: "16:9 · 1920×1080", or "1000×700" when its ratio is not short. */
export function shapeText(canvas) {
  if (!canvas) return "";
  const gcd = (a, b) => (b ? gcd(b, a % b) : a);
  const divisor = gcd(canvas.width, canvas.height) || 1;
  const [w, h2] = [canvas.width / divisor, canvas.height / divisor];
  const size = `${canvas.width}×${canvas.height}`;
  return w <= SHORT_RATIOS && h2 <= SHORT_RATIOS ? `${w}:${h2} · ${size}` : size;
}

/** The shape of a leg's task (its picture in force): "9:16 · 1080×1920". */
export function legShape(task) {
  return shapeText(canvasOf(task && task.params && task.params.VideoParams));
}

const clone = (value) => JSON.parse(JSON.stringify(value));
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** "#336699" as the API writes a colour: "0x336699". */
export function apiColour(hex) {
  return `0x${String(hex).replace(/^#/, "").toLowerCase()}`;
}

/** The API's "0x336699" (or a number) as an <input type=color> value. */
export function inputColour(value) {
  if (typeof value === "number") return `#${value.toString(16).padStart(6, "0").slice(-6)}`;
  const match = /^(?:0x|#)?([0-9a-f]{6})$/i.exec(String(value || ""));
  return match ? `#${match[1].toLowerCase()}` : "#000000";
}

// ---- the page ------------------------------------------------------------------------

const $ = (id) => document.getElementById(id);
const page = $("show-page");

const POLL_MS = 3000;
const SHOWN_CHANGES = 6; // lines of a leg's staged difference shown on its card

function startPage() {
  const canAct = page.dataset.canAct === "true";
  const urlFor = (template, id) => template.replace("/0/", `/${id}/`);
  const store = createTaskStore(JSON.parse($("show-initial").textContent), () => request("GET", page.dataset.api), {
    every: POLL_MS,
  });
  const legs = new Map(); // leg name -> its state and elements (newLeg)
  const shownEvents = new Set();
  const lastEvent = new Map(); // task id -> the newest event id shown
  const lastFailure = new Map(); // leg -> its newest call the cloud refused
  let busy = false; // a Take, slate or stop under way
  let eventsDone = Promise.resolve(); // the last refresh of the log asked for, once it has run
  let eventsQueued = null; // a refresh waiting for the one under way
  let slates = new Map(); // leg -> slate on air (from each leg's auto-director)
  let stopping = null; // what the stop dialog stops: {leg} or {} for the show

  const legName = (task) => task.leg || constants().variants.main;
  const running = (leg) => leg.task.status === "running";
  const unsettled = (task) => ["running", "starting", "unknown", "stopping"].includes(task.status);
  const changesOf = (leg) => (leg.onAir && leg.staged ? diffDocuments(leg.onAir, leg.staged, 300) : []);
  const stagedLegs = () => [...legs.values()].filter((leg) => running(leg) && changesOf(leg).length);

  function showError(text) {
    $("show-error").textContent = text;
    $("show-error").hidden = !text;
  }

  // ---- one leg's card ------------------------------------------------------------------

  function newLeg(task) {
    const name = legName(task);
    const title = h("h2", { class: "show-leg-name" }, name);
    const shape = h("span", { class: "show-leg-shape" });
    const badge = h("span", { class: "badge" });
    const sequence = h("span", { class: "show-leg-sequence" });
    const still = h("img", { class: "show-still", alt: gettext("The layout now in force on this leg") });
    const video = h("video", {
      muted: true,
      autoplay: true,
      playsinline: true,
      "aria-label": interpolate(gettext("Program of leg %s"), [name]),
    });
    // Over the still: transparent until its first frame, then the moving picture covers it
    // (a hidden video would not play: Chromium pauses muted autoplay out of sight).
    video.muted = true;
    const programStatus = h("p", { class: "mx-help show-monitor-status", role: "status" });
    const preview = h("img", { class: "show-still", alt: gettext("This leg’s staged layout") });
    const previewStatus = h("p", { class: "mx-help show-monitor-status", role: "status" });
    const changes = h("ol", { class: "take-changes show-leg-changes", "aria-label": gettext("Staged changes") });
    const result = h("p", { class: "show-leg-result", role: "status", hidden: true });
    const health = h("ul", { class: "cdn-health show-leg-health" });
    const stop = canAct
      ? h(
          "button",
          { type: "button", class: "button show-leg-stop", onclick: () => askStop({ leg: name }) },
          gettext("Stop this leg"),
        )
      : null;
    const screen = (...children) => h("div", { class: "show-screen" }, ...children);
    const element = h(
      "article",
      { class: "show-leg", dataset: { leg: name, taskId: String(task.id) }, "aria-labelledby": `leg-${task.id}` },
      h(
        "header",
        { class: "show-leg-head" },
        h("span", { id: `leg-${task.id}`, class: "show-leg-title" }, title, " ", shape),
        badge,
        sequence,
      ),
      h(
        "div",
        { class: "show-pair" },
        h(
          "section",
          { class: "monitor program", "aria-label": interpolate(gettext("Program of leg %s"), [name]) },
          h("h3", {}, h("span", { class: "tally tally-program" }, gettext("PGM")), " ", gettext("On air")),
          screen(still, video),
          programStatus,
        ),
        canAct
          ? h(
              "section",
              { class: "monitor preview", "aria-label": interpolate(gettext("Preview of leg %s"), [name]) },
              h("h3", {}, h("span", { class: "tally tally-preview" }, gettext("PVW")), " ", gettext("Staged")),
              screen(preview),
              previewStatus,
            )
          : null,
      ),
      canAct ? changes : null,
      result,
      health,
      h(
        "footer",
        { class: "show-leg-foot" },
        h("a", { href: urlFor(page.dataset.taskPage, task.id), class: "show-leg-link" }, gettext("Open its task page")),
        stop,
      ),
    );
    const leg = {
      name,
      task,
      element,
      still,
      video,
      preview,
      programStatus,
      previewStatus,
      changes,
      result,
      health,
      badge,
      shape,
      sequence,
      stop,
      onAir: null, // the picture on air, as last put there from this page or found in force
      staged: null, // what Take would put on air
      seen: null, // the SequenceNumber `onAir` belongs to
      stillUrl: null,
      previewUrl: null,
      previewKey: null,
      player: null,
    };
    startPlayer(leg);
    return leg;
  }

  async function startPlayer(leg) {
    if (!leg.task.params.VideoParams || !running(leg)) return;
    let program;
    try {
      program = await request("GET", `${urlFor(page.dataset.taskApi, leg.task.id)}program/`);
    } catch {
      return; // no program to play (the real cloud without a playback URL): the still stays
    }
    leg.player = await playProgram(leg.video, program, {
      onError: (fatal) => {
        if (fatal) leg.programStatus.textContent = gettext("The program could not be played; retrying.");
      },
      onRecovered: () => {
        leg.programStatus.textContent = "";
      },
      hlsConfig: { capLevelToPlayerSize: true, maxBufferLength: 8 },
    });
  }

  /** A still of `document` from the preview endpoint, as an object URL. */
  async function still(document) {
    const response = await send("POST", page.dataset.preview, { document, scale: 0.5 }, { accept: "image/*" });
    return URL.createObjectURL(await response.blob());
  }

  /** The program's still: the picture on air (`onAir`) at its SequenceNumber (`seen`). */
  async function drawStill(leg) {
    const sequence = leg.seen;
    const document = leg.onAir;
    if (!document) {
      leg.programStatus.textContent = gettext("Audio only: this leg has no picture.");
      return;
    }
    try {
      const url = await still(document);
      if (leg.stillUrl) URL.revokeObjectURL(leg.stillUrl);
      leg.stillUrl = url;
      leg.still.src = url;
      if (leg.seen !== sequence) {
        URL.revokeObjectURL(url); // a newer program came meanwhile
        return;
      }
      leg.still.dataset.sequence = String(sequence);
      leg.programStatus.textContent = ""; // the leg's head says its SequenceNumber
    } catch (error) {
      leg.programStatus.textContent = describeRefusal(error);
    }
  }

  async function drawPreview(leg) {
    if (!canAct || !leg.staged) return;
    const key = JSON.stringify(leg.staged);
    if (key === leg.previewKey) return;
    leg.previewKey = key;
    const lines = changesOf(leg);
    leg.previewStatus.textContent = lines.length
      ? interpolate(ngettext("%s change staged", "%s changes staged", lines.length), [lines.length])
      : "";
    drawChanges(leg, lines);
    try {
      const url = await still(leg.staged);
      if (leg.previewKey !== key) {
        URL.revokeObjectURL(url);
        return;
      }
      if (leg.previewUrl) URL.revokeObjectURL(leg.previewUrl);
      leg.previewUrl = url;
      leg.preview.src = url;
      leg.preview.dataset.staged = String(lines.length);
    } catch (error) {
      leg.previewStatus.textContent = describeRefusal(error);
    }
  }

  function drawChanges(leg, lines) {
    const shown = (value) => (value === undefined ? "—" : JSON.stringify(value));
    leg.changes.replaceChildren(
      ...lines
        .slice(0, SHOWN_CHANGES)
        .map((line) =>
          h(
            "li",
            { title: `${line.path}: ${shown(line.before)} → ${shown(line.after)}` },
            h("code", {}, line.path.replace(/^LayoutParams\.MixLayoutList/, "Slot")),
            h("span", { class: "before" }, shown(line.before)),
            " → ",
            h("span", { class: "after" }, shown(line.after)),
          ),
        ),
    );
    if (lines.length > SHOWN_CHANGES) {
      leg.changes.append(
        h("li", { class: "more" }, interpolate(gettext("and %s more"), [lines.length - SHOWN_CHANGES])),
      );
    }
  }

  function drawLeg(leg) {
    const { task } = leg;
    leg.element.dataset.status = task.status;
    leg.element.style.setProperty("--aspect", aspectOf(task));
    leg.shape.textContent = legShape(task);
    leg.badge.className = `badge status-${task.status}`;
    leg.badge.textContent = taskStatusLabel(task.status);
    leg.sequence.textContent = interpolate(gettext("SequenceNumber %s"), [task.sequence_number]);
    leg.sequence.dataset.sequence = String(task.sequence_number);
    if (leg.stop) leg.stop.disabled = !unsettled(task) || busy;
    leg.health.replaceChildren(
      ...cdnHealth(task).map((output) =>
        h(
          "li",
          { class: `health-${output.status}`, title: `${displayUrl(output.url)}: ${cdnStatusText(output.status)}` },
          `${displayUrl(output.url).split("/").pop()}: ${cdnStatusLabel(output.status)}`,
        ),
      ),
    );
  }

  function aspectOf(task) {
    const canvas = canvasOf(task.params && task.params.VideoParams);
    return canvas ? `${canvas.width} / ${canvas.height}` : "16 / 9";
  }

  /** The store moved on: each leg's facts, and its program when its SequenceNumber moved. */
  function drawShow(show) {
    const container = $("show-legs");
    for (const task of show.legs) {
      const name = legName(task);
      let leg = legs.get(name);
      if (!leg) {
        leg = newLeg(task);
        legs.set(name, leg);
        container.append(leg.element);
      }
      leg.task = task;
      if (task.sequence_number !== leg.seen && !busy) {
        // Someone took (here, elsewhere or a rule): what is on air is what the task says.
        const before = leg.onAir;
        const fresh = task.params.VideoParams ? clone(task.params.VideoParams) : null;
        if (!leg.staged || same(leg.staged, before)) leg.staged = fresh && clone(fresh);
        leg.onAir = fresh;
        leg.seen = task.sequence_number;
        drawStill(leg);
      }
      drawLeg(leg);
      drawPreview(leg);
    }
    drawHead(show);
    drawTake();
  }

  function drawHead(show) {
    const tasks = show.legs;
    const live = tasks.filter((task) => task.status === "running").length;
    const status = $("show-status");
    const word = live === tasks.length ? "running" : live ? "partly" : tasks[0].status;
    status.className = `badge status-${word === "partly" ? "unknown" : word}`;
    status.textContent =
      word === "partly" ? interpolate(gettext("%s of %s legs running"), [live, tasks.length]) : taskStatusLabel(word);
    $("show-leg-count").textContent = tasks.map((task) => `${legName(task)} (${legShape(task) || "—"})`).join(", ");
    $("show-room").textContent = tasks[0].room_id;
    const slated = [...slates].filter(([, on]) => on).map(([name]) => name);
    $("show-slate-state").textContent = slated.length
      ? interpolate(gettext("on air on %s"), [slated.join(", ")])
      : gettext("off");
    if ($("show-slate")) {
      $("show-slate").disabled = busy || !live;
      $("show-slate").textContent = slated.length ? gettext("Release the slate") : gettext("Slate every leg");
      $("show-slate").dataset.on = String(slated.length > 0);
    }
    if ($("show-stop")) $("show-stop").disabled = busy || !tasks.some(unsettled);
  }

  // ---- staging ----------------------------------------------------------------------------

  function stageAll(change) {
    let count = 0;
    for (const leg of legs.values()) {
      if (!running(leg) || !leg.staged) continue;
      leg.staged = change(clone(leg.staged), leg);
      count += 1;
      drawPreview(leg);
    }
    drawTake();
    return count;
  }

  function setUpStaging() {
    if (!canAct) return;
    const first = [...legs.values()].find((leg) => leg.onAir);
    if (first) $("stage-background").value = inputColour(first.onAir.BackGroundColor);
    $("stage-background-apply").addEventListener("click", () => {
      const colour = apiColour($("stage-background").value);
      const count = stageAll((doc) => ({ ...doc, BackGroundColor: colour }));
      $("stage-status").textContent = interpolate(
        ngettext("Background %s staged on %s leg.", "Background %s staged on %s legs.", count),
        [colour, count],
      );
    });
    $("stage-reset").addEventListener("click", () => {
      stageAll((doc, leg) => clone(leg.onAir));
      $("stage-status").textContent = gettext("Every preview is back to what is on air.");
    });
    $("stage-preset-apply").addEventListener("click", stagePreset);
    loadPresets();
  }

  async function loadPresets() {
    const select = $("stage-preset");
    try {
      const answer = await request("GET", `${page.dataset.presets}?page_size=200`);
      for (const preset of answer.results) select.append(h("option", { value: String(preset.id) }, preset.name));
    } catch (error) {
      $("stage-status").textContent = describeRefusal(error);
    }
  }

  /** A preset's picture for one leg: its variant of that name, its own picture on a canvas
   * of the same size, or that picture reflowed to the leg's size (as a rule takes a preset). */
  async function presetPicture(preset, leg) {
    const { app_key: appKey, variants: spec } = constants();
    if (leg.name !== spec.main) {
      const ours = (preset.request && preset.request[appKey]) || {};
      const listed = Array.isArray(ours[spec.key]) ? ours[spec.key] : [];
      const variant = listed.find((v) => v && v.name === leg.name);
      if (variant && variant.VideoParams) {
        const picture = clone(variant.VideoParams);
        if (variant.clean) delete picture.WaterMarkList; // a clean feed: no watermarks or text
        return picture;
      }
      const target = canvasOf(leg.onAir);
      const own = canvasOf(preset.document);
      if (target && own && (target.width !== own.width || target.height !== own.height)) {
        const answer = await request("POST", page.dataset.reflow, {
          document: preset.document,
          Width: target.width,
          Height: target.height,
        });
        return answer.document;
      }
    }
    return clone(preset.document);
  }

  async function stagePreset() {
    const select = $("stage-preset");
    if (!select.value) return;
    const button = $("stage-preset-apply");
    button.disabled = true;
    try {
      const preset = await request("GET", `${page.dataset.presets}${select.value}/`);
      if (!preset.document) {
        $("stage-status").textContent = gettext("This preset is audio only: it has no picture to stage.");
        return;
      }
      const pictures = new Map();
      for (const leg of legs.values()) {
        if (running(leg) && leg.staged) pictures.set(leg.name, await presetPicture(preset, leg));
      }
      stageAll((doc, leg) => pictures.get(leg.name) || doc);
      $("stage-status").textContent = interpolate(gettext("“%s” staged on every leg."), [preset.name]);
    } catch (error) {
      $("stage-status").textContent = describeRefusal(error);
    } finally {
      button.disabled = false;
    }
  }

  // ---- the one Take --------------------------------------------------------------------------

  function drawTake() {
    const button = $("show-take");
    if (!button) return;
    const staged = stagedLegs();
    const live = [...legs.values()].some(running);
    button.disabled = !staged.length || busy || !live;
    $("show-take-summary").textContent = !live
      ? gettext("No leg is running: nothing can be taken.")
      : staged.length
        ? interpolate(gettext("Staged on %s: not on air until you take them."), [
            staged.map((leg) => leg.name).join(", "),
          ])
        : gettext("Every preview matches its program.");
  }

  async function askTake() {
    const staged = stagedLegs();
    if (!staged.length || busy) return;
    $("take-error").hidden = true;
    $("take-confirm").disabled = true;
    const sections = [...legs.values()].filter(running).map((leg) => {
      const lines = changesOf(leg);
      const plan = h("p", { class: "show-take-plan" });
      const section = h(
        "section",
        { class: "show-take-leg", dataset: { leg: leg.name } },
        h("h3", {}, leg.name, " ", h("span", { class: "show-leg-shape" }, legShape(leg.task))),
        plan,
        lines.length
          ? diffTable(lines, { before: gettext("On air"), after: gettext("Staged") })
          : h("p", {}, gettext("Nothing staged: this leg stays as it is.")),
      );
      return { leg, lines, plan, section };
    });
    $("take-legs").replaceChildren(...sections.map((item) => item.section));
    $("take-dialog").showModal();
    // What each leg would send, as the server plans it (its take path, dry run).
    let ready = true;
    for (const item of sections) {
      if (!item.lines.length) continue;
      item.plan.textContent = gettext("Asking the server what it will send…");
      try {
        const plan = await request("POST", `${urlFor(page.dataset.taskApi, item.leg.task.id)}take/`, {
          document: item.leg.staged,
          dry_run: true,
        });
        if (!plan.valid) {
          ready = false;
          item.plan.className = "show-take-plan error";
          item.plan.textContent = describeRefusal({ body: { problems: plan.problems } });
        } else {
          item.plan.textContent = plan.changes
            ? interpolate(gettext("Sends UpdatePublishCdnStream with SequenceNumber %s or higher."), [
                plan.request.SequenceNumber,
              ])
            : gettext("Already on air: nothing is sent for this leg.");
        }
      } catch (error) {
        ready = false;
        item.plan.className = "show-take-plan error";
        item.plan.textContent = describeRefusal(error);
      }
    }
    $("take-confirm").disabled = !ready;
    if (ready) $("take-confirm").focus(); // Enter now puts every leg on air
  }

  const RESULT_TEXT = {
    taken: (item) => interpolate(gettext("Taken: SequenceNumber %s"), [item.sequence_number]),
    unchanged: () => gettext("Unchanged: nothing was sent"),
    "rolled-back": () => gettext("Taken back to what was on air"),
    failed: (item) => interpolate(gettext("Could not be taken back: %s"), [item.message || ""]),
  };

  /** Each leg's own result, on its card and beside Take: {leg: {result, text}}. */
  function drawResults(results) {
    for (const leg of legs.values()) {
      const found = results[leg.name];
      leg.result.hidden = !found;
      leg.result.className = `show-leg-result result-${found ? found.result : ""}`;
      leg.result.textContent = found ? found.text : "";
      leg.element.dataset.result = found ? found.result : "";
    }
    $("show-take-results").replaceChildren(
      ...Object.entries(results).map(([name, found]) =>
        h(
          "li",
          { class: `result-${found.result}`, dataset: { leg: name, result: found.result } },
          h("strong", {}, name),
          ": ",
          found.text,
        ),
      ),
    );
  }

  /** A refused leg's own result: the cloud's code from its log, or refused before sending. */
  function refusalText(name, sent) {
    const failure = lastFailure.get(name);
    if (!sent) return gettext("Refused before sending: nothing went to the cloud");
    return failure
      ? interpolate(gettext("Refused by the cloud: %s"), [failure.error_code])
      : gettext("Refused by the cloud");
  }

  /** The leg a refusal names: the failed leg of a Take, or the one its problem's path is under. */
  function refusedLeg(body) {
    if (body.leg) return body.leg;
    const path = body.field || ((body.problems || [])[0] || {}).path || "";
    const match = /^legs\.([A-Za-z0-9_-]+)/.exec(path);
    return match ? match[1] : null;
  }

  async function confirmTake() {
    const taking = [...legs.values()].filter((leg) => running(leg) && leg.staged);
    const body = { legs: Object.fromEntries(taking.map((leg) => [leg.name, { document: leg.staged }])) };
    $("take-confirm").disabled = true;
    busy = true;
    drawTake();
    try {
      const answer = await request("POST", page.dataset.take, body);
      const results = {};
      for (const item of answer.legs) {
        const leg = legs.get(item.leg);
        results[item.leg] = { result: item.result, text: RESULT_TEXT[item.result](item) };
        if (leg && item.result === "taken") {
          // What this page sent is what is on air now, at the SequenceNumber the answer gives.
          leg.onAir = clone(leg.staged);
          leg.seen = item.sequence_number;
          leg.task = { ...leg.task, sequence_number: item.sequence_number };
        }
      }
      drawResults(results);
      showError("");
      $("take-dialog").close();
      busy = false;
      for (const leg of legs.values()) {
        if (results[leg.name] && results[leg.name].result === "taken") drawStill(leg);
        leg.previewKey = null; // its changes are now measured against the new program
      }
      await store.poll();
    } catch (error) {
      // The staged pictures stay as they are, so the producer can fix and take again.
      // The server's message names the leg refused and what was taken back.
      const refusal = error.body || {};
      const failed = refusedLeg(refusal);
      const message = describeRefusal(error);
      $("take-error").textContent = message;
      $("take-error").hidden = false;
      showError(message);
      busy = false;
      await store.poll();
      const sent = refusal.rolled_back !== undefined; // refused by the cloud, not before sending
      if (sent) await refreshEvents(); // the refused call is in the leg's log, with the cloud's code
      const results = {};
      if (failed) results[failed] = { result: "refused", text: refusalText(failed, sent) };
      for (const item of refusal.rolled_back || []) {
        results[item.leg] = { result: item.result, text: RESULT_TEXT[item.result](item) };
      }
      drawResults(results);
    } finally {
      busy = false;
      $("take-confirm").disabled = false;
      drawTake();
    }
  }

  // ---- slate and stop ------------------------------------------------------------------------

  async function loadSlates() {
    const fresh = new Map();
    for (const leg of legs.values()) {
      if (!running(leg)) continue;
      try {
        const director = await request("GET", `${urlFor(page.dataset.taskApi, leg.task.id)}director/`);
        fresh.set(leg.name, Boolean(director.slate && director.slate.on));
      } catch {
        fresh.set(leg.name, slates.get(leg.name) || false);
      }
    }
    slates = fresh;
    drawHead(store.get());
  }

  async function toggleSlate() {
    if (busy) return;
    const on = $("show-slate").dataset.on !== "true";
    busy = true;
    drawHead(store.get());
    try {
      await request("POST", page.dataset.slate, { on });
      showError("");
    } catch (error) {
      showError(describeRefusal(error));
    } finally {
      busy = false;
      await store.poll(); // the answer names only the running legs: read the whole show again
      await loadSlates();
    }
  }

  function askStop(what) {
    stopping = what;
    const names = what.leg ? [what.leg] : [...legs.values()].filter((leg) => unsettled(leg.task)).map((l) => l.name);
    $("stop-title").textContent = what.leg
      ? interpolate(gettext("Stop leg %s?"), [what.leg])
      : gettext("Stop the whole show?");
    $("stop-confirm").textContent = what.leg ? gettext("Stop this leg") : gettext("Stop every leg");
    $("stop-legs").replaceChildren(
      ...names.map((name) => h("li", {}, h("strong", {}, name), " ", legShape(legs.get(name).task))),
    );
    $("stop-error").hidden = true;
    $("stop-dialog").showModal();
  }

  async function confirmStop() {
    $("stop-confirm").disabled = true;
    busy = true;
    try {
      await request("POST", page.dataset.stop, stopping || {});
      $("stop-dialog").close();
      stopping = null;
    } catch (error) {
      $("stop-error").textContent = describeRefusal(error);
      $("stop-error").hidden = false;
    } finally {
      busy = false;
      $("stop-confirm").disabled = false;
      await store.poll(); // the answer names only the legs stopped: read the whole show again
    }
  }

  function setUpActions() {
    if (!canAct) return;
    $("show-take").addEventListener("click", askTake);
    $("take-confirm").addEventListener("click", confirmTake);
    $("take-cancel").addEventListener("click", () => $("take-dialog").close());
    $("show-slate").addEventListener("click", toggleSlate);
    $("show-stop").addEventListener("click", () => askStop({}));
    $("stop-confirm").addEventListener("click", confirmStop);
    $("stop-cancel").addEventListener("click", () => {
      stopping = null;
      $("stop-dialog").close();
    });
    window.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !document.querySelector("dialog[open]")) {
        event.preventDefault();
        if (!$("show-take").disabled) askTake();
      } else if (event.key === "S" && event.shiftKey && !event.ctrlKey && !event.metaKey && !isTyping(event.target)) {
        event.preventDefault();
        if (!$("show-slate").disabled) toggleSlate();
      }
    });
  }

  // ---- the merged event log ------------------------------------------------------------------

  const columnLabel = (name) => {
    const heading = document.querySelector(`#events-head [data-column="${name}"]`);
    return heading ? heading.textContent.trim() : "";
  };

  function actionText(event) {
    if (event.kind === "room") return roomEventText(event.request);
    if (event.kind === "director") return directorEventText(event);
    return event.action;
  }

  function eventRow(event, leg) {
    const cell = (name, content) =>
      h("td", { role: "cell", class: name, "data-label": columnLabel(name.split(" ")[0]) || null }, content || null);
    return h(
      "tr",
      { role: "row", class: event.error_code ? "failed" : "", dataset: { eventId: String(event.id), leg } },
      cell("at", new Date(event.created_at).toLocaleTimeString(document.documentElement.lang || undefined)),
      cell("leg", leg),
      cell("kind", eventKindLabel(event.kind)),
      cell("action", actionText(event)),
      cell("sequence", event.sequence_number === null ? "" : String(event.sequence_number)),
      cell(event.error_code ? "result" : "result ok", event.error_code || gettext("ok")),
      cell("request-id", event.request_id ? h("code", {}, event.request_id) : ""),
      cell("latency", event.latency_ms === null ? "" : `${event.latency_ms} ms`),
      cell("by", event.user || ""),
    );
  }

  /** Put `row` (event `id`) among the rows, newest first: the legs' logs interleave. */
  function insertRow(body, row, id) {
    for (const other of body.children) {
      if (Number(other.dataset.eventId) < id) {
        body.insertBefore(row, other);
        return;
      }
    }
    body.append(row);
  }

  /** Read every leg's new events, one refresh at a time; resolves when what was asked for
   * now is shown (a refresh asked for during another runs after it, once for all asking). */
  function refreshEvents() {
    if (!eventsQueued) {
      eventsQueued = eventsDone.then(() => {
        eventsQueued = null;
        return loadEvents();
      });
      eventsDone = eventsQueued.catch(() => {});
    }
    return eventsQueued;
  }

  async function loadEvents() {
    const body = $("events");
    for (const leg of legs.values()) {
      const id = leg.task.id;
      const after = lastEvent.get(id) || 0;
      let answer;
      try {
        answer = await requestList(`${urlFor(page.dataset.taskApi, id)}events/?after=${after}`, {
          pages: after ? Infinity : 2,
        });
      } catch {
        continue; // the next refresh tries again
      }
      for (const event of answer) {
        if (event.id <= after || shownEvents.has(event.id)) continue;
        shownEvents.add(event.id);
        lastEvent.set(id, Math.max(lastEvent.get(id) || 0, event.id));
        insertRow(body, eventRow(event, leg.name), event.id);
        const newest = lastFailure.get(leg.name);
        if (event.kind === "call" && event.error_code && (!newest || newest.id < event.id)) {
          lastFailure.set(leg.name, event);
        }
      }
    }
  }

  // ---- start ----------------------------------------------------------------------------------

  const csrf = page.querySelector("[name=csrfmiddlewaretoken]");
  setCsrfToken(csrf ? csrf.value : "");
  store.subscribe((show) => drawShow(show));
  store.subscribe(() => {
    refreshEvents();
    if (!busy) loadSlates();
  });
  drawShow(store.get());
  setUpStaging();
  setUpActions();
  Promise.all([refreshEvents(), loadSlates()]).then(() => {
    store.start();
    page.dataset.ready = "true";
  });
}

if (page) startPage();
