// The scenario timeline, pure: a show's scenario read from and written into its
// request, the rows and marks the strip draws, the axis's scale and ticks, and the
// edits the strip dispatches. A scenario is the JSON of layouts/core/scenario.py:
// {duration, events: [{at, type, UserId, RoomId?, RoomIdType?, on?, level?}]}.
//
// Who is in the room at a moment is the server's answer (POST /api/scenarios/room/):
// nothing here applies an event to a room. `momentOf` only says when the room can
// change (at an event), so that the strip asks again only then.

import * as C from "./contract.js";

export const SPEEDS = [1, 2, 4]; // playback rates offered
export const NEW_DURATION = 60; // s: the length of a scenario begun by adding an event
export const NEW_LEVEL = 60; // the level a new speaking event starts at (0 to max_level)
const TENTHS = 10; // times on the axis snap to tenths of a second
export const STEP = 1 / TENTHS; // s: the step of the strip's time inputs
// Seconds between labelled ticks, the first that leaves MIN_TICK_PX between labels.
const TICK_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600];
const MIN_TICK_PX = 56;

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
const isTime = (value) => typeof value === "number" && Number.isFinite(value);

// ---- the scenario a show keeps -------------------------------------------------------

/** The scenario a show's request keeps under its own part (constants.app_key), or null. */
export function scenarioOf(request) {
  const part = isObject(request) ? request[C.constants().app_key] : null;
  const found = isObject(part) ? part[C.scenarioSpec().key] : undefined;
  return found === undefined ? null : found;
}

/**
 * A copy of `request` keeping `scenario` in the show's own part (null: keeping none).
 * The part is left out when nothing else is in it, as layouts/core/show.py's
 * with_scenario does; the other keys of the part stay as they were.
 */
export function withScenario(request, scenario) {
  const appKey = C.constants().app_key;
  const out = isObject(request) ? { ...request } : {};
  const part = out[appKey] === undefined ? {} : out[appKey];
  if (!isObject(part)) return out; // not an object: the server says so, and keeps nothing in it
  const kept = { ...part };
  if (scenario === null || scenario === undefined) delete kept[C.scenarioSpec().key];
  else kept[C.scenarioSpec().key] = scenario;
  if (Object.keys(kept).length) out[appKey] = kept;
  else delete out[appKey];
  return out;
}

export function emptyScenario() {
  return { duration: NEW_DURATION, events: [] };
}

/** The scenario's length in seconds, or NEW_DURATION while it has none the axis can use. */
export function durationOf(scenario) {
  const value = isObject(scenario) ? scenario.duration : undefined;
  return isTime(value) && value > 0 ? value : NEW_DURATION;
}

function eventsOf(scenario) {
  return isObject(scenario) && Array.isArray(scenario.events) ? scenario.events : [];
}

// ---- rows and marks ------------------------------------------------------------------

/** Who an event is about: the same UserId in another room is another person. */
export function personKey(event) {
  return JSON.stringify([event.UserId, event.RoomId ?? null, event.RoomIdType ?? null]);
}

/** One row per person, in the order they first appear: [{key, UserId, RoomId?, RoomIdType?}]. */
export function rows(scenario) {
  const found = new Map();
  for (const event of eventsOf(scenario)) {
    if (!isObject(event) || typeof event.UserId !== "string") continue;
    const key = personKey(event);
    if (!found.has(key)) {
      const row = { key, UserId: event.UserId };
      if (event.RoomId !== undefined) row.RoomId = event.RoomId;
      if (event.RoomIdType !== undefined) row.RoomIdType = event.RoomIdType;
      found.set(key, row);
    }
  }
  return [...found.values()];
}

/** Every event with a time and a person, as a mark: {index, at, type, row, on, level}. */
export function marks(scenario) {
  const order = new Map(rows(scenario).map((row, index) => [row.key, index]));
  const out = [];
  eventsOf(scenario).forEach((event, index) => {
    if (!isObject(event) || !isTime(event.at) || typeof event.UserId !== "string") return;
    out.push({
      index,
      at: event.at,
      type: event.type,
      row: order.get(personKey(event)),
      on: event.on,
      level: event.level,
    });
  });
  return out;
}

/**
 * Bars from each entry to the person's next exit (or the end), for the eye only:
 * [{row, from, to}]. Whether the room agrees is the server's to say.
 */
export function presence(scenario) {
  const { enter, exit } = C.scenarioSpec();
  const end = durationOf(scenario);
  const bars = [];
  const open = new Map();
  const timed = marks(scenario).sort((a, b) => a.at - b.at || a.index - b.index);
  for (const mark of timed) {
    if (mark.type === enter && !open.has(mark.row)) open.set(mark.row, mark.at);
    else if (mark.type === exit && open.has(mark.row)) {
      bars.push({ row: mark.row, from: open.get(mark.row), to: mark.at });
      open.delete(mark.row);
    }
  }
  for (const [row, from] of open) bars.push({ row, from, to: Math.max(from, end) });
  return bars.sort((a, b) => a.row - b.row || a.from - b.from);
}

/** The index of the event a problem's path names ("scenario.events[3].at"), or null. */
export function eventIndexOfPath(path) {
  const found = /(?:^|\.)events\[(\d+)\]/.exec(String(path));
  return found ? Number(found[1]) : null;
}

// ---- the axis ------------------------------------------------------------------------

/** Seconds rounded to the axis's tenths. */
export function snapTime(seconds) {
  return Math.round(seconds * TENTHS) / TENTHS;
}

export function timeToX(at, duration, width) {
  return duration > 0 ? (Math.min(Math.max(at, 0), duration) / duration) * width : 0;
}

/** The time under x px of an axis `width` px long, snapped and kept within the scenario. */
export function xToTime(x, duration, width) {
  if (!(width > 0)) return 0;
  return Math.min(duration, Math.max(0, snapTime((x / width) * duration)));
}

/** Labelled ticks: [{at, label}], as many as fit MIN_TICK_PX apart. */
export function ticks(duration, width) {
  if (!(duration > 0) || !(width > 0)) return [];
  const step = TICK_STEPS.find((candidate) => (candidate / duration) * width >= MIN_TICK_PX) || TICK_STEPS.at(-1);
  const out = [];
  for (let at = 0; at <= duration + 1e-9; at += step) out.push({ at, label: formatTime(at, false) });
  return out;
}

/** 75.25 -> "1:15.3" (with tenths) or "1:15". */
export function formatTime(seconds, tenths = true) {
  const safe = Math.max(0, isTime(seconds) ? seconds : 0);
  const rounded = tenths ? snapTime(safe) : Math.round(safe);
  const minutes = Math.floor(rounded / 60);
  const rest = rounded - minutes * 60;
  const text = tenths ? rest.toFixed(1) : String(Math.round(rest));
  return `${minutes}:${text.padStart(tenths ? 4 : 2, "0")}`;
}

/** The time of the last event at or before `seconds` (null before the first): the room
 * at `seconds` is the room at that moment, so two times of one moment need one answer. */
export function momentOf(scenario, seconds) {
  let found = null;
  for (const event of eventsOf(scenario)) {
    if (isObject(event) && isTime(event.at) && event.at <= seconds && (found === null || event.at > found)) {
      found = event.at;
    }
  }
  return found;
}

/** Where playback is after `elapsedMs` at `speed`: {at, ended}. */
export function advance(at, elapsedMs, speed, duration) {
  const next = at + (elapsedMs / 1000) * speed;
  return next >= duration ? { at: duration, ended: true } : { at: next, ended: false };
}

// ---- edits ---------------------------------------------------------------------------

/** A new event of `type` for a person at `at`: media turn on, speaking at NEW_LEVEL. */
export function newEvent({ type, UserId, at, RoomId, RoomIdType }) {
  const spec = C.scenarioSpec();
  const event = { at: snapTime(Math.max(0, at)), type, UserId };
  if (spec.media.includes(type)) event.on = true;
  if (type === spec.speaking) event.level = Math.min(NEW_LEVEL, spec.max_level);
  if (RoomId !== undefined) event.RoomId = RoomId;
  if (RoomIdType !== undefined) event.RoomIdType = RoomIdType;
  return event;
}

/** The scenario with `event` added last (a scenario begins when there is none); it grows
 * to the event's time when the event is past its end. */
export function addEvent(scenario, event) {
  const base = isObject(scenario) ? scenario : emptyScenario();
  const duration = durationOf(base);
  const longer = isTime(event.at) && event.at > duration ? Math.ceil(event.at) : null;
  return { ...base, ...(longer === null ? {} : { duration: longer }), events: [...eventsOf(base), event] };
}

/** The event at `index` moved to `at` (snapped, within the scenario); its place in the list stays. */
export function moveEvent(scenario, index, at) {
  const events = eventsOf(scenario);
  const event = events[index];
  if (!isObject(event)) return scenario;
  const moved = Math.min(durationOf(scenario), Math.max(0, snapTime(at)));
  if (event.at === moved) return scenario;
  return { ...scenario, events: events.map((item, i) => (i === index ? { ...item, at: moved } : item)) };
}

/** Fields of one event changed; a value of undefined removes the field. */
export function updateEvent(scenario, index, changes) {
  const events = eventsOf(scenario);
  const event = events[index];
  if (!isObject(event)) return scenario;
  const next = { ...event, ...changes };
  for (const [key, value] of Object.entries(changes)) if (value === undefined) delete next[key];
  if (
    Object.keys(next).every((key) => next[key] === event[key]) &&
    Object.keys(event).length === Object.keys(next).length
  )
    return scenario;
  return { ...scenario, events: events.map((item, i) => (i === index ? next : item)) };
}

export function removeEvent(scenario, index) {
  const events = eventsOf(scenario);
  if (index < 0 || index >= events.length) return scenario;
  return { ...scenario, events: events.filter((_, i) => i !== index) };
}

/** A new length (whole tenths, at most max_duration); events past it are the server's to flag. */
export function setDuration(scenario, seconds) {
  if (!isTime(seconds) || seconds <= 0) return scenario;
  const duration = Math.min(C.scenarioSpec().max_duration, snapTime(seconds));
  const base = isObject(scenario) ? scenario : emptyScenario();
  return base.duration === duration ? base : { ...base, duration };
}
