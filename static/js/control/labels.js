// What the control room shows for the API's status words. Each is a literal
// gettext call, so that makemessages finds it; an unknown word is shown as it is.

const TASK_STATUS = {
  starting: gettext("starting"),
  running: gettext("running"),
  stopping: gettext("stopping"),
  stopped: gettext("stopped"),
  failed: gettext("failed"),
  unknown: gettext("unknown: check"),
};

// A relay's state from Tencent's callbacks (reference G.2), or none yet.
const CDN_STATUS = {
  idle: gettext("idle"),
  connecting: gettext("connecting"),
  running: gettext("running"),
  recovering: gettext("recovering"),
  failure: gettext("failure"),
  disconnecting: gettext("disconnecting"),
  "no-report": gettext("no report yet"),
};

const EVENT_KIND = { call: gettext("call"), callback: gettext("callback"), room: gettext("room") };

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
export const cdnStatusLabel = label(CDN_STATUS);
export const eventKindLabel = label(EVENT_KIND);
export const backendLabel = label(BACKEND);

/** A room event of the event log in words: "guest_1 turned the camera on". */
export function roomEventText(event) {
  const words = ROOM_EVENT[event && event.type];
  if (!words) return (event && event.type) || "";
  return `${event.UserId} ${words(event.on, event.level)}`;
}
