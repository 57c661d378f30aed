// The room panel of the task page: who is in the task's room, since when, with
// camera, microphone and screen share, who speaks (a level meter) and where the
// program shows them. It reads GET room/ with the page's task store's rhythm (each
// poll of the store, task-store.js), so it never polls on its own. For an emulator
// task the same panel simulates the room: each action is one room event (POST
// room/events/), which the emulator plays in its room and tells the app as the
// cloud's callbacks do; a scenario rehearsed there can be paused, stepped and
// restarted (POST scenario/). Rows and bodies come from room-view.js.
import { describeRefusal } from "./refusal.js";
import { request } from "../common/http.js";
import { h } from "../common/dom.js";
import { formatDuration } from "./format.js";
import { field, inputBounds } from "../editor/contract.js";
import { roomEvent, roomRows, scenarioProgress, speakEvent, toggleEvent } from "./room-view.js";

const { gettext, interpolate } = window;

const MEDIA = [
  { name: "camera", on: () => gettext("Camera on"), off: () => gettext("Camera off") },
  { name: "audio", on: () => gettext("Microphone on"), off: () => gettext("Microphone off") },
  { name: "screen", on: () => gettext("Sharing a screen"), off: () => gettext("No screen share") },
];
const MEDIA_WORD = { camera: () => gettext("camera"), audio: () => gettext("mic"), screen: () => gettext("screen") };

/** Where the program shows one person: "slot 2", "tile 1 (screen)", or not on air. */
function onAirText(regions) {
  if (!regions.length) return gettext("not on air");
  return regions
    .map((region) => {
      const where =
        region.slot !== null
          ? interpolate(gettext("slot %s"), [region.slot])
          : interpolate(gettext("tile %s"), [region.tile]);
      return region.stream === "screen" ? interpolate(gettext("%s (screen)"), [where]) : where;
    })
    .join(", ");
}

/** Draw the room panel into `root` and keep it in step with `store`'s task. */
export function mountRoomPanel(root, store, { roomUrl, eventsUrl, scenarioUrl, canAct, onRoom = () => {} }) {
  let room = null;
  let loading = false;
  let busy = false;
  let message = null; // {kind, text}
  const task = () => store.get();
  const live = () => ["starting", "running"].includes(task().status);
  const simulating = () => canAct && room && room.simulated && live();

  async function load() {
    if (loading) return;
    loading = true;
    try {
      room = await request("GET", roomUrl);
      draw();
      onRoom(room);
    } catch {
      // The next poll of the store asks again; the page stays usable meanwhile.
    } finally {
      loading = false;
    }
  }

  async function act(url, body, after) {
    if (busy) return;
    busy = true;
    message = null;
    draw();
    try {
      const answer = await request("POST", url, body);
      after(answer);
      store.poll(); // the event log follows the task store
    } catch (error) {
      message = { kind: "error", text: describeRefusal(error) };
    } finally {
      busy = false;
      draw();
    }
  }

  const send = (body) =>
    act(eventsUrl, body, (answer) => {
      room = answer;
      onRoom(room);
    });
  const control = (action) =>
    act(scenarioUrl, { action }, (answer) => {
      room = { ...room, scenario: answer.scenario };
    });

  const button = (text, onclick, attrs = {}) =>
    h("button", { type: "button", class: "button", disabled: busy || !simulating(), onclick, ...attrs }, text);

  function mediaCell(row, media) {
    const state = row[media.name];
    const label = state ? media.on() : media.off();
    if (!simulating()) {
      return h("span", { class: `room-media ${state ? "on" : "off"}`, title: label }, MEDIA_WORD[media.name]());
    }
    return h(
      "button",
      {
        type: "button",
        class: `room-media ${state ? "on" : "off"}`,
        "aria-pressed": state ? "true" : "false",
        title: label,
        "data-media": media.name,
        disabled: busy,
        onclick: () => send(toggleEvent(row, media.name)),
      },
      MEDIA_WORD[media.name](),
    );
  }

  function meter(row) {
    const level = row.level ?? 0;
    return h(
      "span",
      {
        class: `room-level${row.speaking ? " speaking" : ""}`,
        role: "meter",
        "aria-valuemin": "0",
        "aria-valuemax": "100",
        "aria-valuenow": String(level),
        "aria-label": interpolate(gettext("Speaking level of %s"), [row.userId]),
        title: row.level === null ? gettext("no level heard") : String(level),
      },
      h("span", { class: "room-level-bar", style: `width: ${level}%` }),
    );
  }

  function personRow(row) {
    const name = row.elsewhere ? `${row.userId} @ ${row.room.RoomId}` : row.userId;
    return h(
      "li",
      { class: `room-person${row.speaking ? " speaking" : ""}`, "data-user": row.userId },
      h(
        "div",
        { class: "room-person-head" },
        h("strong", { class: "room-name" }, name),
        h(
          "span",
          { class: "room-since", title: gettext("In the room for") },
          row.seconds === null ? "" : formatDuration(row.seconds),
        ),
        h("span", { class: `room-on-air${row.onAir.length ? " shown" : ""}` }, onAirText(row.onAir)),
      ),
      h(
        "div",
        { class: "room-person-tools" },
        ...MEDIA.map((media) => mediaCell(row, media)),
        meter(row),
        simulating()
          ? button(row.speaking ? gettext("Stop speaking") : gettext("Speak"), () => send(speakEvent(row)), {
              "data-action": "speak",
            })
          : null,
        simulating()
          ? button(gettext("Take out"), () => send(roomEvent("exit", row)), { "data-action": "exit" })
          : null,
      ),
    );
  }

  function scenarioBar() {
    const scenario = room && room.scenario;
    if (!scenario) return null;
    const progress = scenarioProgress(scenario);
    const state = scenario.finished ? gettext("finished") : scenario.paused ? gettext("paused") : gettext("playing");
    return h(
      "div",
      { class: "room-scenario", id: "room-scenario" },
      h(
        "p",
        {},
        interpolate(
          gettext("Scenario %(state)s: %(position)s of %(duration)s, %(played)s of %(events)s events"),
          {
            state,
            position: formatDuration(Math.round(scenario.position)),
            duration: formatDuration(Math.round(scenario.duration)),
            played: scenario.played,
            events: scenario.events,
          },
          true,
        ),
      ),
      h("progress", { value: String(progress ?? 0), "aria-label": gettext("Scenario position") }),
      // A viewer may follow the scenario but not steer it: no buttons they cannot use.
      canAct &&
        h(
          "div",
          { class: "room-scenario-tools" },
          scenario.paused
            ? button(gettext("Resume"), () => control("resume"), { id: "scenario-resume" })
            : button(gettext("Pause"), () => control("pause"), {
                id: "scenario-pause",
                disabled: busy || !simulating() || scenario.finished,
              }),
          button(gettext("Step"), () => control("step"), {
            id: "scenario-step",
            disabled: busy || !simulating() || scenario.finished,
          }),
          button(gettext("Restart"), () => control("restart"), { id: "scenario-restart" }),
        ),
    );
  }

  function addForm() {
    if (!simulating()) return null;
    const input = h("input", {
      ...inputBounds(field("MixUserInfo", "UserId")),
      id: "room-add-user",
      placeholder: gettext("UserId"),
      autocomplete: "off",
    });
    const add = (event) => {
      event.preventDefault();
      const userId = input.value.trim();
      if (!userId) return;
      input.value = "";
      send({ type: "enter", UserId: userId });
    };
    return h(
      "form",
      { class: "room-add", onsubmit: add },
      h("label", { for: "room-add-user" }, gettext("Add a person")),
      input,
      h("button", { type: "submit", class: "button", id: "room-add", disabled: busy }, gettext("Add")),
    );
  }

  function draw() {
    const focused = document.activeElement && root.contains(document.activeElement) ? document.activeElement.id : "";
    const typed = root.querySelector("#room-add-user");
    const rows = room ? roomRows(room, Date.now(), task().room_id) : [];
    const source = !room
      ? gettext("Asking who is in the room…")
      : room.source === "implied"
        ? gettext("No room callback has come yet: these are the people the layout names.")
        : room.source === "emulator"
          ? gettext("The app takes no callback from the emulator (it has no callback key): this is its own room.")
          : room.simulated
            ? gettext("The emulator's simulated room, as its room callbacks tell it.")
            : gettext("As the cloud's room and media callbacks tell it.");
    // Parts that do not apply are null: left out, never written as text.
    const parts = [
      h("h2", { id: "room-title" }, gettext("Room"), " ", h("span", { class: "room-count" }, String(rows.length))),
      h("p", { class: "hint", id: "room-source" }, source),
      scenarioBar(),
      h("p", { class: message ? message.kind : "", id: "room-status", role: "status" }, message ? message.text : ""),
      rows.length
        ? h("ul", { class: "room-people", id: "room-people" }, ...rows.map(personRow))
        : h("p", { id: "room-people" }, room ? gettext("Nobody is in the room.") : ""),
      addForm(),
    ];
    root.replaceChildren(...parts.filter(Boolean));
    const input = root.querySelector("#room-add-user");
    if (typed && input) input.value = typed.value;
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
    root.dataset.people = String(rows.length);
  }

  store.subscribe(() => load());
  draw();
  load();
  root.dataset.ready = "true";
}
