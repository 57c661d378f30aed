// What the control room shows for the API's status words. Each is a literal
// gettext call, so that makemessages finds it; an unknown word is shown as it is (a CDN
// state the reference does not name is said to be one).

const TASK_STATUS = {
  starting: gettext("starting"),
  running: gettext("running"),
  stopping: gettext("stopping"),
  stopped: gettext("stopped"),
  failed: gettext("failed"),
  unknown: gettext("unknown: check"),
};

// A relay's state from Tencent's callbacks (reference G.3), or none yet: short words for
// the lists, a sentence saying what it means for the task page and the tooltips.
const CDN_STATUS = {
  idle: gettext("idle"),
  connecting: gettext("connecting"),
  running: gettext("running"),
  recovering: gettext("recovering"),
  failure: gettext("failure"),
  disconnecting: gettext("disconnecting"),
  "no-report": gettext("no report yet"),
};
const CDN_STATUS_TEXT = {
  idle: gettext("Idle: the relay is not pushing to this URL"),
  connecting: gettext("Connecting: the relay is reaching this CDN"),
  running: gettext("Pushing: this CDN receives the mix"),
  recovering: gettext("Reconnecting: the push broke and the relay is trying again"),
  failure: gettext("Failed: the relay gave up pushing to this URL"),
  disconnecting: gettext("Disconnecting: the push to this URL is ending"),
  "no-report": gettext("No report yet: relay callbacks arrive from the real cloud"),
};

const EVENT_KIND = {
  call: gettext("call"),
  callback: gettext("callback"),
  room: gettext("room"),
  director: gettext("auto-director"),
};

// The auto-director's shots (a preset's id otherwise), as the producer says them.
const SHOT = {
  show: () => gettext("the show's own picture"),
  "sharer-big": () => gettext("the screen share, big"),
  "loudest-big": () => gettext("the loudest speaker, big"),
  grid: () => gettext("a grid of everyone on camera"),
  slate: () => gettext("the slate"),
  manual: () => gettext("a producer's Take"),
};

// What the auto-director did (kind "director" in the event log), from its request.
const DIRECTOR_ACTION = {
  "Auto cut": (r) => interpolate(gettext("Rule %s cut to %s"), [r.rule, shotWords(r.shot)]),
  "Auto cut refused": (r) => interpolate(gettext("Rule %s could not cut to %s"), [r.rule, shotWords(r.shot)]),
  "Staged by a rule": (r) => interpolate(gettext("Rule %s staged %s"), [r.rule, shotWords(r.shot)]),
  "Automation paused": () => gettext("Automation paused"),
  "Automation resumed": () => gettext("Automation resumed"),
  "Slate on air": () => gettext("Slate on air"),
  "Slate released": () => gettext("Slate released"),
};

// What a room event (kind "room" in the event log) says happened to someone.
const ROOM_EVENT = {
  enter: () => gettext("entered the room"),
  exit: () => gettext("left the room"),
  camera: (on) => (on ? gettext("turned the camera on") : gettext("turned the camera off")),
  audio: (on) => (on ? gettext("turned the microphone on") : gettext("turned the microphone off")),
  screen: (on) => (on ? gettext("started sharing a screen") : gettext("stopped sharing a screen")),
  speaking: (_on, level) => interpolate(gettext("speaks at level %s"), [level ?? 0]),
};

const BACKEND = { sandbox: gettext("built-in emulator"), tencent: gettext("Tencent Cloud") };

const label = (table) => (word) => table[word] || word;

export const taskStatusLabel = label(TASK_STATUS);
/** A relay state's short words; a state the reference does not name is said as such. */
export function cdnStatusLabel(status) {
  return CDN_STATUS[status] || interpolate(gettext("state %s"), [status]);
}

/** A relay state as a sentence: what it means for that output. */
export function cdnStatusText(status) {
  return CDN_STATUS_TEXT[status] || interpolate(gettext("State %s: one the API reference does not name"), [status]);
}
export const eventKindLabel = label(EVENT_KIND);
export const backendLabel = label(BACKEND);

/** A room event of the event log in words: "guest_1 turned the camera on". */
export function roomEventText(event) {
  const words = ROOM_EVENT[event && event.type];
  if (!words) return (event && event.type) || "";
  return `${event.UserId} ${words(event.on, event.level)}`;
}

/** What a shot name means, in the producer's words. */
export function shotWords(shot) {
  if (shot === null || shot === undefined) return gettext("unknown");
  if (typeof shot === "number") return interpolate(gettext("preset #%s"), [shot]);
  return SHOT[shot] ? SHOT[shot]() : String(shot);
}

/** An auto-director event of the event log in words, with the room event behind it. */
export function directorEventText(event) {
  const words = DIRECTOR_ACTION[event.action];
  const request = event.request || {};
  const text = words ? words(request) : event.action;
  return request.event ? `${text} (${roomEventText(request.event)})` : text;
}
