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
  "no-report": gettext("no-report"),
};

const EVENT_KIND = { call: gettext("call"), callback: gettext("callback") };

const BACKEND = { sandbox: gettext("built-in emulator"), tencent: gettext("Tencent Cloud") };

const label = (table) => (word) => table[word] || word;

export const taskStatusLabel = label(TASK_STATUS);
export const cdnStatusLabel = label(CDN_STATUS);
export const eventKindLabel = label(EVENT_KIND);
export const backendLabel = label(BACKEND);
