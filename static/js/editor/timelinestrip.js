// The scenario strip under the canvas (the dock's Scenario tab): the scenario's
// events as marks on a time axis, one row per person. Scrub it, play it at 1x, 2x
// or 4x, add an event and drag one along the axis, pick a starter, and make a video of
// the scenario.
//
// The room at the strip's moment is the server's answer (POST /api/scenarios/room/);
// it becomes the preview's participants, so the preview, the regions and the SEI
// shown are those of that moment. The strip asks again only when the moment can
// hold another room (an event was passed, or the scenario changed), numbers its
// questions and drops an answer older than the one it already has.
//
// Dry run: the auto-director's rules (state.rules, edited in the rules panel the strip
// mounts beside it, editor/rulesside.js) played over the scenario by the server (POST
// /api/layouts/dry-run/) with the document as edited. Each take is a mark on a lane of
// its own, with a thumbnail of its picture and its rule's name on hover; clicking one
// goes to its time and shows that moment over the canvas, read only, until "Back to
// editing". The marks of an answer the edits have since outdated are dimmed.

import * as C from "./contract.js";
import * as T from "./timeline.js";
import * as DR from "../director/dryrun.js";
import * as R from "../director/rules.js";
import { fetchPreview, fetchScenarioRoom, listScenarioStarters, renderScenarioVideo } from "./api.js";
import { dryRun } from "../director/api.js";
import { createMomentView, hideMoment, isShown, showMoment } from "../director/moment.js";
import { createRulesSide, drawRulesSide } from "./rulesside.js";
import { h, uid } from "../common/dom.js";

const { gettext, interpolate, ngettext } = window;
const FRAME_MS = 66; // playback moves the strip about 15 times a second
const ROOM_DELAY_MS = 60; // edits in a burst (a drag) ask for the room once they pause
const NUDGE_SECONDS = 0.1; // arrow keys move a picked event; Shift: NUDGE_MORE
const NUDGE_MORE = 1;
const SCRUB_SECONDS = 1; // arrow keys on the axis; Shift: SCRUB_MORE
const SCRUB_MORE = 10;
const EARLIEST = 0; // s: no event happens before the scenario starts
const LOWEST_LEVEL = 0;
const NO_SCENARIO = "none"; // the starter list's entry that removes the scenario
const THUMB_WIDTH = 96; // px of a take's thumbnail as drawn by the server
const PICTURE_WIDTH = 960; // px of the picture of a moment shown over the canvas
const PICTURES_AT_ONCE = 2; // thumbnails asked for at a time
const START = "start"; // the moment before the first take: the show's own picture

export function createTimeline(root, dialog, { dispatch, getState, readOnly = false }) {
  const view = {
    root,
    dispatch,
    getState,
    keys: {},
    starters: [],
    room: { seq: 0, shown: 0, key: null, timer: null, controller: null, failed: "" },
    loop: null,
    drag: null,
    video: { controller: null, url: null, started: 0, timer: null },
    width: 0,
    dry: emptyDryRun(),
    showing: false,
  };
  buildBar(view);
  buildTrack(view);
  buildEditor(view);
  view.status = h("div", { class: "mx-tl-status" });
  view.dryStatus = h("p", { class: "mx-tl-drystatus", role: "status" });
  // The dry run has a row of its own under the track, beside what it found: the bar keeps one line.
  view.dryRow = h("div", { class: "mx-tl-dryrow" }, view.dryButton, view.dryStatus);
  root.append(view.bar, view.body, view.dryRow, view.editor, view.status);
  if (readOnly) {
    // A viewer plays, dry-runs and exports the scenario; its editing controls are not shown.
    root.classList.add("mx-tl-read-only");
    view.starter.hidden = true;
    view.editor.hidden = true;
    view.duration.disabled = true;
  }
  view.dialog = dialog ? bindVideoDialog(view, dialog) : null;
  view.rules = createRulesSide({ dispatch, getState });
  const canvas = document.getElementById("mx-canvas");
  view.moment = canvas ? createMomentView(canvas, { onBack: () => closeMoment(view) }) : null;
  new ResizeObserver(() => {
    view.width = view.inner.clientWidth;
    drawTimeline(view, view.getState());
  }).observe(view.inner);
  loadStarters(view);
  return view;
}

// ---- building ------------------------------------------------------------------------

function buildBar(view) {
  const { dispatch } = view;
  view.play = h("button", {
    type: "button",
    class: "mx-tl-play",
    "aria-pressed": "false",
    onclick: () => togglePlay(view),
  });
  view.speeds = T.SPEEDS.map((speed) =>
    h(
      "button",
      {
        type: "button",
        class: "mx-tl-speed",
        "aria-pressed": "false",
        title: interpolate(gettext("Play at %s× speed"), [speed]),
        onclick: () => dispatch({ type: "playback", speed }),
      },
      `${speed}×`,
    ),
  );
  view.clock = h("output", { class: "mx-tl-clock", "aria-live": "off" });
  const durationId = uid("mx-tl");
  view.duration = h("input", {
    id: durationId,
    type: "number",
    class: "mx-tl-duration",
    min: String(T.STEP),
    max: String(C.scenarioSpec().max_duration),
    step: String(T.STEP),
    onchange: (event) => dispatch({ type: "setScenarioDuration", duration: Number(event.target.value) }),
  });
  view.starter = h(
    "select",
    {
      class: "mx-tl-starter",
      "aria-label": gettext("Starter scenario"),
      onchange: (event) => pickStarter(view, event.target),
    },
    h("option", { value: "" }, gettext("Starter scenarios…")),
  );
  view.exportButton = h(
    "button",
    { type: "button", class: "mx-tl-export", onclick: () => openVideoDialog(view) },
    gettext("Export as video"),
  );
  view.dryButton = h(
    "button",
    { type: "button", class: "mx-tl-dryrun", onclick: () => runDryRun(view) },
    gettext("Dry run the rules"),
  );
  view.bar = h(
    "div",
    { class: "mx-tl-bar" },
    view.play,
    h("span", { class: "mx-tl-speeds", role: "group", "aria-label": gettext("Playback speed") }, ...view.speeds),
    view.clock,
    h("span", { class: "mx-inline" }, h("label", { for: durationId }, gettext("Duration (s)")), view.duration),
    view.starter,
    view.exportButton,
  );
}

function buildTrack(view) {
  view.names = h("div", { class: "mx-tl-names", "aria-hidden": "true" });
  // The axis is the keyboard's way through time; a pointer scrubs anywhere on the track.
  view.axis = h("div", {
    class: "mx-tl-axis",
    role: "slider",
    tabindex: "0",
    "aria-label": gettext("Scenario time"),
    "aria-valuemin": String(EARLIEST),
  });
  view.lanes = h("div", { class: "mx-tl-lanes" });
  view.playhead = h("div", { class: "mx-tl-playhead", "aria-hidden": "true" });
  view.takes = h("div", {
    class: "mx-tl-lane mx-tl-takes",
    role: "group",
    "aria-label": gettext("Takes of the dry run"),
    hidden: true,
  });
  // Times map onto the inner box; the track's padding leaves room for a mark at 0 s.
  view.inner = h("div", { class: "mx-tl-inner" }, view.axis, view.takes, view.lanes, view.playhead);
  view.track = h(
    "div",
    {
      class: "mx-tl-track",
      title: gettext("Click or drag to go to a moment; drag a mark to move its event. Arrow keys step through time."),
    },
    view.inner,
  );
  view.track.addEventListener("pointerdown", (event) => startPointer(view, event));
  view.axis.addEventListener("keydown", (event) => onAxisKey(view, event));
  view.empty = h("p", { class: "mx-note mx-tl-empty" });
  view.body = h("div", { class: "mx-tl-body" }, view.names, view.track, view.empty);
}

function buildEditor(view) {
  const spec = C.scenarioSpec();
  const typeId = uid("mx-tl");
  const personId = uid("mx-tl");
  const atId = uid("mx-tl");
  const peopleId = uid("mx-tl");
  view.type = h("select", { id: typeId }, ...spec.kinds.map((kind) => h("option", { value: kind.name }, kind.label)));
  view.people = h("datalist", { id: peopleId });
  view.person = h("input", {
    id: personId,
    type: "text",
    list: peopleId,
    size: "10",
    maxlength: String(C.constants().max_lengths.UserId),
    placeholder: gettext("UserId"),
    autocomplete: "off",
  });
  view.at = h("input", {
    id: atId,
    type: "number",
    class: "mx-tl-at",
    min: String(EARLIEST),
    max: String(spec.max_duration),
    step: String(T.STEP),
  });
  const add = h(
    "form",
    { class: "mx-tl-add", onsubmit: (event) => addFromForm(view, event) },
    h("label", { for: typeId }, gettext("Add")),
    view.type,
    h("label", { for: personId, class: "mx-visually-hidden" }, gettext("Person (UserId)")),
    view.person,
    view.people,
    h("label", { for: atId }, gettext("at (s)")),
    view.at,
    h("button", { type: "submit" }, gettext("Add event")),
  );
  view.picked = h("div", { class: "mx-tl-picked" });
  // The event picked comes first: after a click on a mark, its controls are in view.
  view.editor = h("div", { class: "mx-tl-editor" }, view.picked, add);
}

// ---- drawing ---------------------------------------------------------------------------

export function drawTimeline(view, state) {
  drawBar(view, state);
  drawTrack(view, state);
  drawPicked(view, state);
  drawStatus(view, state);
  drawDryRun(view, state);
  if (view.rules) drawRulesSide(view.rules, state);
  view.playhead.style.left = `${percent(state.moment, state)}%`;
  view.axis.setAttribute("aria-valuemax", String(T.durationOf(state.scenario)));
  view.axis.setAttribute("aria-valuenow", String(T.snapTime(state.moment)));
  view.axis.setAttribute("aria-valuetext", T.formatTime(state.moment));
  if (document.activeElement !== view.at) view.at.value = String(T.snapTime(state.moment));
  askForRoom(view, state);
  runPlayback(view, state);
}

function changed(view, part, key) {
  if (view.keys[part] === key) return false;
  view.keys[part] = key;
  return true;
}

function percent(at, state) {
  return T.timeToX(at, T.durationOf(state.scenario), 100);
}

function drawBar(view, state) {
  const { playing, speed } = state.playback;
  const has = state.scenario !== null;
  view.clock.textContent = `${T.formatTime(state.moment)} / ${T.formatTime(T.durationOf(state.scenario))}`;
  if (!changed(view, "bar", JSON.stringify([playing, speed, has, state.scenario && state.scenario.duration]))) return;
  view.play.textContent = playing ? gettext("Pause") : gettext("Play");
  view.play.setAttribute("aria-pressed", String(playing));
  view.play.disabled = !has;
  view.speeds.forEach((button, index) => button.setAttribute("aria-pressed", String(T.SPEEDS[index] === speed)));
  view.exportButton.disabled = !has;
  view.exportButton.title = has ? "" : gettext("Add an event or pick a starter first");
  if (document.activeElement !== view.duration) view.duration.value = String(T.durationOf(state.scenario));
}

function drawTrack(view, state) {
  const duration = T.durationOf(state.scenario);
  if (changed(view, "axis", JSON.stringify([duration, view.width]))) {
    view.axis.replaceChildren(
      ...T.ticks(duration, view.width).map((tick) => {
        const mark = h("span", { class: "mx-tl-tick" }, tick.label);
        mark.style.left = `${T.timeToX(tick.at, duration, 100)}%`;
        return mark;
      }),
    );
  }
  const key = [state.scenario, state.scenarioSelection, state.scenarioProblems, view.dry.answer];
  if (view.keys.track && view.keys.track.every((part, i) => part === key[i])) return;
  view.keys.track = key;
  const rows = T.rows(state.scenario);
  const flagged = problemsByEvent(state.scenarioProblems);
  view.names.replaceChildren(
    h("span", { class: "mx-tl-name mx-tl-name-axis" }),
    ...(view.dry.answer ? [h("span", { class: "mx-tl-name mx-tl-name-takes" }, gettext("Rules' takes"))] : []),
    ...rows.map((row) => h("span", { class: "mx-tl-name", title: personName(row) }, personName(row))),
  );
  const lanes = rows.map(() => h("div", { class: "mx-tl-lane" }));
  for (const bar of T.presence(state.scenario)) {
    const span = h("span", { class: "mx-tl-present" });
    span.style.left = `${T.timeToX(bar.from, duration, 100)}%`;
    span.style.width = `${T.timeToX(bar.to, duration, 100) - T.timeToX(bar.from, duration, 100)}%`;
    lanes[bar.row].append(span);
  }
  const events = state.scenario ? state.scenario.events : [];
  for (const mark of T.marks(state.scenario)) {
    const event = events[mark.index];
    const button = h("button", {
      type: "button",
      class: [
        "mx-tl-mark",
        `mx-tl-${String(mark.type).replace(/[^a-z]/g, "")}`,
        mark.on === false ? "mx-tl-off" : "",
        mark.index === state.scenarioSelection ? "mx-selected" : "",
        flagged.has(mark.index) ? "mx-error" : "",
      ]
        .filter(Boolean)
        .join(" "),
      "aria-pressed": String(mark.index === state.scenarioSelection),
      "aria-label": describeEvent(event),
      title: [describeEvent(event), ...(flagged.get(mark.index) || [])].join("\n"),
      dataset: { index: String(mark.index), at: String(mark.at) },
    });
    button.style.left = `${T.timeToX(mark.at, duration, 100)}%`;
    if (typeof mark.level === "number")
      button.style.setProperty("--level", String(mark.level / C.scenarioSpec().max_level));
    button.addEventListener("keydown", (keyEvent) => onMarkKey(view, mark.index, keyEvent));
    lanes[mark.row].append(button);
  }
  view.lanes.replaceChildren(...lanes);
  view.people.replaceChildren(...[...new Set(rows.map((row) => row.UserId))].map((id) => h("option", { value: id })));
  view.track.hidden = state.scenario === null;
  view.names.hidden = state.scenario === null;
  view.empty.hidden = state.scenario !== null;
  view.empty.textContent = gettext(
    "No scenario yet: pick a starter, or add an event (a person entering, say) to begin one. It is saved with the preset.",
  );
}

function personName(row) {
  return row.RoomId !== undefined ? `${row.UserId} · ${row.RoomId}` : row.UserId;
}

function kindLabel(type) {
  const kind = C.scenarioSpec().kinds.find((item) => item.name === type);
  return kind ? kind.label : String(type);
}

/** "guest: camera off at 0:40.0" */
function describeEvent(event) {
  if (!event || typeof event !== "object") return "";
  let what = kindLabel(event.type);
  if (event.on === true) what = interpolate(gettext("%s on"), [what]);
  if (event.on === false) what = interpolate(gettext("%s off"), [what]);
  if (typeof event.level === "number") what = interpolate(gettext("%s, level %s"), [what, event.level]);
  return interpolate(gettext("%s: %s at %s"), [String(event.UserId), what, T.formatTime(event.at)]);
}

function problemsByEvent(problems) {
  const found = new Map();
  for (const problem of problems) {
    const index = T.eventIndexOfPath(problem.path);
    if (index === null) continue;
    found.set(index, [...(found.get(index) || []), problem.message]);
  }
  return found;
}

function drawPicked(view, state) {
  const index = state.scenarioSelection;
  const event = index !== null && state.scenario ? state.scenario.events[index] : null;
  if (!changed(view, "picked", JSON.stringify([index, event]))) return;
  if (!event || typeof event !== "object") {
    view.picked.replaceChildren();
    return;
  }
  const spec = C.scenarioSpec();
  const { dispatch } = view;
  const update = (changes) => dispatch({ type: "updateScenarioEvent", index, changes });
  const parts = [h("strong", { class: "mx-tl-picked-what" }, describeEvent(event))];
  if (spec.media.includes(event.type)) {
    const onId = uid("mx-tl");
    parts.push(
      h(
        "span",
        { class: "mx-inline" },
        h("input", {
          id: onId,
          type: "checkbox",
          checked: event.on === true,
          onchange: (e) => update({ on: e.target.checked }),
        }),
        h("label", { for: onId }, gettext("on")),
      ),
    );
  }
  if (event.type === spec.speaking) {
    const levelId = uid("mx-tl");
    parts.push(
      h(
        "span",
        { class: "mx-inline" },
        h("label", { for: levelId }, gettext("Level")),
        h("input", {
          id: levelId,
          type: "number",
          class: "mx-small-number",
          min: String(LOWEST_LEVEL),
          max: String(spec.max_level),
          value: String(event.level ?? ""),
          onchange: (e) => update({ level: Math.round(Number(e.target.value)) }),
        }),
      ),
    );
  }
  parts.push(
    h(
      "button",
      { type: "button", class: "mx-danger", onclick: () => dispatch({ type: "removeScenarioEvent", index }) },
      gettext("Delete event"),
    ),
  );
  view.picked.replaceChildren(...parts);
}

function drawStatus(view, state) {
  const key = JSON.stringify([
    state.scenarioProblems,
    state.followScenario,
    state.followScenario ? [state.participants, state.sei] : null,
    view.room.failed,
  ]);
  if (!changed(view, "status", key)) return;
  const parts = [];
  if (state.scenarioProblems.length) {
    parts.push(
      h(
        "ul",
        { class: "mx-tl-problems", role: "alert" },
        ...state.scenarioProblems.map((problem) => {
          const index = T.eventIndexOfPath(problem.path);
          const text = problem.message;
          return h(
            "li",
            {},
            index === null
              ? text
              : h(
                  "button",
                  {
                    type: "button",
                    class: "mx-problem-button",
                    onclick: () => view.dispatch({ type: "selectScenarioEvent", index }),
                  },
                  text,
                ),
          );
        }),
      ),
    );
  } else if (view.room.failed) {
    parts.push(h("p", { class: "mx-tl-problems", role: "alert" }, view.room.failed));
  } else if (state.followScenario) {
    const people = state.participants.map((person) => personWithMedia(person)).join(", ");
    parts.push(
      h(
        "p",
        { class: "mx-tl-room", role: "status" },
        people
          ? interpolate(gettext("In the room: %s. The preview shows this moment."), [people])
          : gettext("Nobody is in the room at this moment."),
      ),
    );
    if (state.sei) {
      parts.push(
        h(
          "details",
          { class: "mx-tl-sei" },
          h("summary", {}, gettext("Layout SEI at this moment")),
          h("pre", { class: "mx-json" }, JSON.stringify(state.sei, null, 2)),
        ),
      );
    }
  } else if (state.scenario) {
    parts.push(h("p", { class: "mx-note" }, gettext("Scrub or play the scenario to see the preview of each moment.")));
  }
  view.status.replaceChildren(...parts);
}

function personWithMedia(person) {
  const notes = [];
  if (person.camera === false) notes.push(gettext("no camera"));
  if (person.audio === false) notes.push(gettext("muted"));
  if (person.screen) notes.push(gettext("sharing a screen"));
  return notes.length ? `${person.UserId} (${notes.join(", ")})` : person.UserId;
}

// ---- the room at the moment ----------------------------------------------------------

function subjectOf(state) {
  // A saved show's people default to its own room, as its save judges them.
  return state.preset ? { preset: state.preset.id } : { document: state.doc };
}

function askForRoom(view, state) {
  if (!state.followScenario || state.scenario === null) {
    view.room.key = null;
    return;
  }
  const key = JSON.stringify([state.scenario, T.momentOf(state.scenario, state.moment), subjectOf(state).preset]);
  if (key === view.room.key) return;
  const burst = view.room.key !== null && view.room.scenario !== state.scenario;
  view.room.key = key;
  view.room.scenario = state.scenario;
  clearTimeout(view.room.timer);
  view.room.timer = setTimeout(() => fetchRoom(view), burst ? ROOM_DELAY_MS : 0);
}

async function fetchRoom(view) {
  const state = view.getState();
  if (!state.followScenario || state.scenario === null) return;
  view.room.seq += 1;
  const seq = view.room.seq;
  if (view.room.controller) view.room.controller.abort();
  const controller = new AbortController();
  view.room.controller = controller;
  try {
    const answer = await fetchScenarioRoom(state.scenario, T.snapTime(state.moment), subjectOf(state), {
      signal: controller.signal,
    });
    if (seq < view.room.shown) return;
    view.room.shown = seq;
    view.room.failed = "";
    view.dispatch({ type: "scenarioRoom", participants: answer.participants });
  } catch (error) {
    if (error.name === "AbortError" || seq < view.room.shown) return;
    view.room.shown = seq;
    const problems = error.body && Array.isArray(error.body.problems) ? error.body.problems : [];
    view.room.failed = problems.length ? "" : interpolate(gettext("The room could not be read: %s"), [error.message]);
    view.dispatch({ type: "scenarioProblems", problems });
  } finally {
    if (view.room.controller === controller) view.room.controller = null;
  }
}

// ---- playing -------------------------------------------------------------------------

function togglePlay(view) {
  const state = view.getState();
  if (state.playback.playing) {
    view.dispatch({ type: "playback", playing: false });
    return;
  }
  const duration = T.durationOf(state.scenario);
  if (state.moment >= duration) view.dispatch({ type: "seek", at: 0 });
  else view.dispatch({ type: "seek", at: state.moment });
  view.dispatch({ type: "playback", playing: true });
}

function runPlayback(view, state) {
  if (!state.playback.playing || state.scenario === null) {
    if (view.loop) cancelAnimationFrame(view.loop.frame);
    view.loop = null;
    if (state.playback.playing) view.dispatch({ type: "playback", playing: false });
    return;
  }
  if (view.loop) return;
  view.loop = { last: performance.now(), frame: 0 };
  const tick = (now) => {
    if (!view.loop) return;
    const elapsed = now - view.loop.last;
    if (elapsed >= FRAME_MS) {
      view.loop.last = now;
      const current = view.getState();
      const next = T.advance(current.moment, elapsed, current.playback.speed, T.durationOf(current.scenario));
      view.dispatch({ type: "seek", at: next.at });
      if (next.ended) view.dispatch({ type: "playback", playing: false });
    }
    if (view.loop) view.loop.frame = requestAnimationFrame(tick);
  };
  view.loop.frame = requestAnimationFrame(tick);
}

// ---- input ---------------------------------------------------------------------------

function startPointer(view, event) {
  if (event.button !== 0) return;
  const state = view.getState();
  const box = view.inner.getBoundingClientRect();
  const duration = T.durationOf(state.scenario);
  const timeAt = (clientX) => T.xToTime(clientX - box.left, duration, box.width);
  // A take of the dry run is a button of its own: a click shows its moment.
  if (event.target.closest(".mx-tl-take")) return;
  const mark = event.target.closest(".mx-tl-mark");
  event.preventDefault();
  view.track.setPointerCapture(event.pointerId);
  if (mark) {
    const index = Number(mark.dataset.index);
    const startAt = Number(mark.dataset.at);
    mark.focus();
    view.dispatch({ type: "selectScenarioEvent", index });
    view.drag = { kind: "event", index, startX: event.clientX, startAt, coalesce: `tl-drag-${event.timeStamp}` };
  } else {
    view.axis.focus();
    view.drag = { kind: "scrub" };
    view.dispatch({ type: "seek", at: timeAt(event.clientX) });
  }
  const move = (moveEvent) => {
    const drag = view.drag;
    if (!drag) return;
    if (drag.kind === "scrub") {
      view.dispatch({ type: "seek", at: timeAt(moveEvent.clientX) });
      return;
    }
    const at = drag.startAt + ((moveEvent.clientX - drag.startX) / box.width) * duration;
    view.dispatch({ type: "moveScenarioEvent", index: drag.index, at, coalesce: drag.coalesce });
  };
  const end = () => {
    // The strip was drawn again while dragging: focus the moved mark's new button.
    if (view.drag && view.drag.kind === "event") focusMark(view, view.drag.index);
    view.drag = null;
    view.track.removeEventListener("pointermove", move);
    view.track.removeEventListener("pointerup", end);
    view.track.removeEventListener("pointercancel", end);
  };
  view.track.addEventListener("pointermove", move);
  view.track.addEventListener("pointerup", end);
  view.track.addEventListener("pointercancel", end);
}

function onAxisKey(view, event) {
  const state = view.getState();
  const step = event.shiftKey ? SCRUB_MORE : SCRUB_SECONDS;
  const moves = {
    ArrowLeft: state.moment - step,
    ArrowRight: state.moment + step,
    Home: 0,
    End: T.durationOf(state.scenario),
  };
  if (!(event.key in moves)) return;
  event.preventDefault();
  view.dispatch({ type: "seek", at: moves[event.key] });
}

function onMarkKey(view, index, event) {
  const state = view.getState();
  const current = state.scenario && state.scenario.events[index];
  if (!current) return;
  const step = event.shiftKey ? NUDGE_MORE : NUDGE_SECONDS;
  if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
    event.preventDefault();
    const at = current.at + (event.key === "ArrowLeft" ? -step : step);
    view.dispatch({ type: "moveScenarioEvent", index, at, coalesce: `tl-nudge-${index}` });
    focusMark(view, index);
  } else if (event.key === "Delete" || event.key === "Backspace") {
    event.preventDefault();
    view.dispatch({ type: "removeScenarioEvent", index });
    view.axis.focus();
  } else if (event.key === "Enter" || event.key === " ") {
    event.preventDefault();
    view.dispatch({ type: "selectScenarioEvent", index });
    view.dispatch({ type: "seek", at: current.at });
  }
}

function focusMark(view, index) {
  const mark = view.root.querySelector(`.mx-tl-mark[data-index="${index}"]`);
  if (mark) mark.focus();
}

function addFromForm(view, event) {
  event.preventDefault();
  const userId = view.person.value.trim();
  if (!userId) {
    view.person.focus();
    return;
  }
  const at = Number(view.at.value);
  const state = view.getState();
  // A person already on the strip keeps their room.
  const row = T.rows(state.scenario).find((item) => item.UserId === userId) || {};
  view.dispatch({
    type: "addScenarioEvent",
    event: T.newEvent({
      type: view.type.value,
      UserId: userId,
      at: Number.isFinite(at) ? at : state.moment,
      RoomId: row.RoomId,
      RoomIdType: row.RoomIdType,
    }),
  });
}

async function loadStarters(view) {
  try {
    view.starters = await listScenarioStarters();
  } catch {
    view.starters = [];
  }
  view.starter.append(
    ...view.starters.map((starter) => h("option", { value: starter.name, title: starter.description }, starter.title)),
    h("option", { value: NO_SCENARIO }, gettext("No scenario (remove it)")),
  );
  view.starter.dataset.ready = "true";
}

function pickStarter(view, select) {
  const chosen = select.value;
  select.value = "";
  if (chosen === NO_SCENARIO) {
    view.dispatch({ type: "setScenario", scenario: null });
    return;
  }
  const starter = view.starters.find((item) => item.name === chosen);
  if (starter) view.dispatch({ type: "setScenario", scenario: structuredClone(starter.scenario) });
}

// ---- exporting as a video ------------------------------------------------------------

function bindVideoDialog(view, dialog) {
  const parts = {
    dialog,
    form: dialog.querySelector("form"),
    seconds: dialog.querySelector("[name=seconds]"),
    progress: dialog.querySelector(".mx-video-progress"),
    elapsed: dialog.querySelector(".mx-video-elapsed"),
    error: dialog.querySelector(".mx-video-error"),
    result: dialog.querySelector(".mx-video-result"),
    player: dialog.querySelector("video"),
    download: dialog.querySelector(".mx-video-download"),
    start: dialog.querySelector(".mx-video-start"),
  };
  parts.form.addEventListener("submit", (event) => {
    event.preventDefault();
    makeVideo(view);
  });
  dialog.querySelector(".mx-video-close").addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => {
    if (view.video.controller) view.video.controller.abort();
  });
  return parts;
}

function openVideoDialog(view) {
  const parts = view.dialog;
  if (!parts) return;
  parts.error.hidden = true;
  parts.dialog.showModal();
  parts.seconds.focus();
}

async function makeVideo(view) {
  const parts = view.dialog;
  const state = view.getState();
  if (view.video.controller) view.video.controller.abort();
  const controller = new AbortController();
  view.video.controller = controller;
  const seconds = parts.seconds.value === "" ? null : Number(parts.seconds.value);
  parts.error.hidden = true;
  parts.result.hidden = true;
  parts.progress.hidden = false;
  parts.start.disabled = true;
  view.video.started = performance.now();
  const showElapsed = () => {
    const spent = Math.floor((performance.now() - view.video.started) / 1000);
    parts.elapsed.textContent = interpolate(gettext("Making the video… %s s"), [spent]);
  };
  showElapsed();
  view.video.timer = setInterval(showElapsed, 500);
  try {
    const blob = await renderScenarioVideo(
      { document: state.doc, scenario: state.scenario, seconds },
      { signal: controller.signal },
    );
    if (view.video.url) URL.revokeObjectURL(view.video.url);
    view.video.url = URL.createObjectURL(blob);
    parts.player.src = view.video.url;
    parts.download.href = view.video.url;
    parts.download.download = `${(state.meta.name || gettext("scenario")).trim().replace(/[^\p{L}\p{N}_-]+/gu, "-")}.mp4`;
    parts.download.dataset.bytes = String(blob.size);
    parts.result.hidden = false;
  } catch (error) {
    if (error.name === "AbortError") return;
    parts.error.textContent = interpolate(gettext("No video: %s"), [
      error.message || gettext("the server did not answer"),
    ]);
    parts.error.hidden = false;
  } finally {
    clearInterval(view.video.timer);
    parts.progress.hidden = true;
    parts.start.disabled = false;
    if (view.video.controller === controller) view.video.controller = null;
  }
}

// ---- the dry run of the rules ----------------------------------------------------------

function emptyDryRun() {
  return {
    answer: null, // the server's answer, or null before the first run
    basis: null, // {doc, scenario, rules, request} it answered about
    running: false,
    controller: null,
    error: "",
    thumbs: new Map(), // take index -> object URL of its thumbnail
    pictures: new Map(), // take index or START -> object URL of its picture
    asked: new Set(), // pictures asked for ("thumb:1", "picture:start")
    queue: [],
    loading: 0,
    generation: 0, // bumped as pictures arrive: the takes are drawn again
  };
}

function basisOf(state) {
  return { doc: state.doc, scenario: state.scenario, rules: state.rules, request: state.request };
}

/** Whether what the answer was about has been edited since. */
function isStale(view, state) {
  const basis = view.dry.basis;
  if (!basis) return false;
  const now = basisOf(state);
  return Object.keys(now).some((key) => now[key] !== basis[key]);
}

async function runDryRun(view) {
  const state = view.getState();
  if (DR.dryRunBlocked(state, gettext)) return;
  if (view.dry.controller) view.dry.controller.abort();
  const controller = new AbortController();
  Object.assign(view.dry, { controller, running: true, error: "" });
  drawTimeline(view, view.getState());
  try {
    const answer = await dryRun(DR.dryRunBody(state), { signal: controller.signal });
    forgetPictures(view);
    Object.assign(view.dry, { answer, basis: basisOf(state) });
    DR.takeMarks(answer).forEach((mark) => askPicture(view, "thumb", mark.index));
    if (view.getState().rulesProblems.length) view.dispatch({ type: "rulesProblems", problems: [] });
  } catch (error) {
    if (error.name === "AbortError") return;
    const problems = error.body && Array.isArray(error.body.problems) ? error.body.problems : [];
    const inRules = R.rulesProblemsIn(problems);
    if (inRules.length) view.dispatch({ type: "rulesProblems", problems: inRules });
    const inScenario = problems.filter((problem) => /^scenario(?:$|[.[])/.test(String(problem.path)));
    if (inScenario.length) view.dispatch({ type: "scenarioProblems", problems: inScenario });
    view.dry.error = interpolate(gettext("No dry run: %s"), [error.message || gettext("the server did not answer")]);
  } finally {
    if (view.dry.controller === controller) {
      view.dry.controller = null;
      view.dry.running = false;
    }
    drawTimeline(view, view.getState());
  }
}

function forgetPictures(view) {
  for (const url of [...view.dry.thumbs.values(), ...view.dry.pictures.values()]) URL.revokeObjectURL(url);
  view.dry.thumbs.clear();
  view.dry.pictures.clear();
  view.dry.asked.clear();
  view.dry.queue = [];
}

/** The take of `key` (a take's index or START) as the moment view shows it. */
function takeOf(answer, key) {
  return key === START ? answer.start : answer.takes[key];
}

/** Ask the server to draw a take's thumbnail ("thumb") or its picture ("picture"), a few at a time. */
function askPicture(view, kind, key) {
  const asked = `${kind}:${key}`;
  if (view.dry.asked.has(asked) || !view.dry.answer) return;
  view.dry.asked.add(asked);
  // The picture of the moment shown goes before the thumbnails still waiting.
  if (kind === "picture") view.dry.queue.unshift({ kind, key });
  else view.dry.queue.push({ kind, key });
  pump(view);
}

async function pump(view) {
  while (view.dry.loading < PICTURES_AT_ONCE && view.dry.queue.length) {
    const { kind, key } = view.dry.queue.shift();
    const answer = view.dry.answer;
    view.dry.loading += 1;
    fetchPreview(DR.pictureBody(takeOf(answer, key), kind === "thumb" ? THUMB_WIDTH : PICTURE_WIDTH))
      .then(({ blob }) => {
        if (view.dry.answer !== answer) return;
        (kind === "thumb" ? view.dry.thumbs : view.dry.pictures).set(key, URL.createObjectURL(blob));
        view.dry.generation += 1;
        drawTimeline(view, view.getState());
      })
      .catch(() => {}) // a take without its picture still has its mark and its regions
      .finally(() => {
        view.dry.loading -= 1;
        pump(view);
      });
  }
}

function drawDryRun(view, state) {
  const blocked = DR.dryRunBlocked(state, gettext);
  view.dryButton.disabled = Boolean(blocked) || view.dry.running;
  view.dryButton.title = blocked || gettext("Play the scenario through the rules and mark every cut they make");
  view.dryButton.setAttribute("aria-busy", String(view.dry.running));
  const stale = isStale(view, state);
  drawTakes(view, state, stale);
  drawDryStatus(view, stale);
  drawMoment(view, state);
}

function drawDryStatus(view, stale) {
  const { answer, running, error } = view.dry;
  const count = answer ? answer.takes.length : 0;
  let text = "";
  if (running) text = gettext("Running the rules over the scenario…");
  else if (error) text = error;
  else if (answer && stale) text = gettext("The layout, scenario or rules changed since this dry run: run it again.");
  else if (answer && count === 0) text = gettext("Dry run: the rules make no cut in this scenario.");
  else if (answer) {
    text = interpolate(
      ngettext(
        "Dry run: %s cut. Click a take to see that moment.",
        "Dry run: %s cuts. Click a take to see that moment.",
        count,
      ),
      [count],
    );
    if (answer.truncated) text = `${text} ${gettext("The list stops at the longest the server gives.")}`;
  }
  view.dryStatus.textContent = text;
  view.dryStatus.hidden = text === "";
  view.dryStatus.classList.toggle("error", Boolean(error) && !running);
}

function drawTakes(view, state, stale) {
  const { answer } = view.dry;
  const shown = view.showing && answer ? DR.takeAt(answer, state.moment) : null;
  const duration = T.durationOf(state.scenario);
  const key = [answer, stale, shown, view.dry.generation, duration];
  if (view.keys.takes && view.keys.takes.every((part, i) => part === key[i])) return;
  view.keys.takes = key;
  view.takes.hidden = !answer;
  view.takes.classList.toggle("mx-tl-stale", stale);
  if (!answer) {
    view.takes.replaceChildren();
    return;
  }
  view.takes.replaceChildren(
    ...DR.takeMarks(answer).map((mark) => {
      const words = takeWords(answer.takes[mark.index], mark.at);
      const thumb = view.dry.thumbs.get(mark.index);
      const button = h(
        "button",
        {
          type: "button",
          class: `mx-tl-take${mark.target === "preview" ? " mx-tl-take-preview" : ""}`,
          "aria-pressed": String(mark.index === shown),
          "aria-label": words,
          title: words,
          dataset: { index: String(mark.index), at: String(mark.at), rule: String(mark.rule) },
          onclick: () => openMoment(view, mark.at),
        },
        thumb ? h("img", { src: thumb, alt: "", class: "mx-tl-take-thumb" }) : h("span", { class: "mx-tl-take-thumb" }),
        h("span", { class: "mx-tl-take-rule" }, String(mark.rule)),
      );
      button.style.left = `${T.timeToX(mark.at, duration, 100)}%`;
      return button;
    }),
  );
}

/** "share-takes-over at 0:31.0: A screen share starts (teacher), on the program" */
function takeWords(take, at) {
  return interpolate(gettext("%s at %s: %s"), [take.rule, T.formatTime(at), takeDescription(take)]);
}

function takeDescription(take) {
  const trigger = take.trigger || {};
  const found = R.trigger(trigger.on);
  const what = found ? found.label : String(trigger.on);
  const who = trigger.UserId ? `${what} (${trigger.UserId})` : what;
  return `${who} · ${R.labelOf("targets", take.target)}`;
}

// ---- one moment of the dry run over the canvas ----------------------------------------

function openMoment(view, at) {
  if (!view.moment) return;
  view.showing = true;
  view.dispatch({ type: "playback", playing: false });
  view.dispatch({ type: "seek", at });
  drawTimeline(view, view.getState());
}

function closeMoment(view) {
  view.showing = false;
  hideMoment(view.moment);
  drawTimeline(view, view.getState());
  view.dryButton.focus();
}

/** While a moment is shown, it is the one the strip is at: the take in force then. */
function drawMoment(view, state) {
  if (!view.moment) return;
  const { answer } = view.dry;
  if (!view.showing || !answer || state.scenario === null) {
    if (isShown(view.moment)) hideMoment(view.moment);
    if (!answer) view.showing = false;
    return;
  }
  const index = DR.takeAt(answer, state.moment);
  const key = index === null ? START : index;
  const take = takeOf(answer, key);
  askPicture(view, "picture", key);
  showMoment(view.moment, {
    key: String(key),
    at: T.formatTime(state.moment),
    take,
    rule: index === null ? null : take.rule,
    description: index === null ? "" : takeDescription(take),
    picture: view.dry.pictures.get(key) || null,
  });
}
