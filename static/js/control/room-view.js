// Pure: the room panel's rows from GET room/ (who is in, since when, what they
// publish, how loud, where the program shows them) and the body of each action
// the panel sends to POST room/events/. No DOM and no words: room-panel.js draws.

// A level from this up counts as speaking: the scenario starters' speakers are at
// 60 to 80 and the others murmur at 5 to 10 (layouts/core/scenario_starters.py).
export const SPEAKING_FROM = 25;
// "Make someone speak" sets this level; "stop" sets 0.
export const SPOKEN_LEVEL = 80;

/** One row per participant, in join order. `now` is Unix ms; `mainRoom` the task's RoomId. */
export function roomRows(room, now, mainRoom = null) {
  return ((room && room.participants) || []).map((person) => {
    const level = typeof person.level === "number" ? person.level : null;
    return {
      key: `${person.RoomIdType}:${person.RoomId}:${person.UserId}`,
      userId: person.UserId,
      room: { RoomId: person.RoomId, RoomIdType: person.RoomIdType },
      elsewhere: mainRoom !== null && String(person.RoomId) !== String(mainRoom),
      seconds: typeof person.since_ms === "number" ? Math.max(0, Math.round((now - person.since_ms) / 1000)) : null,
      camera: Boolean(person.camera),
      audio: Boolean(person.audio),
      screen: Boolean(person.screen),
      level,
      speaking: level !== null && level >= SPEAKING_FROM,
      onAir: (person.on_air || []).map((region) => ({ ...region })),
    };
  });
}

/** The body of POST room/events/ for one action on a row (or a new person). */
export function roomEvent(kind, row, extra = {}) {
  return { type: kind, UserId: row.userId, ...(row.room || {}), ...extra };
}

/** Switch one of camera, audio, screen to its other state. */
export function toggleEvent(row, media) {
  return roomEvent(media, row, { on: !row[media] });
}

/** Make the person speak, or stop speaking if they do. */
export function speakEvent(row) {
  return roomEvent("speaking", row, { level: row.speaking ? 0 : SPOKEN_LEVEL });
}

/** Where the scenario is, as a fraction of its length (0..1), or null for none. */
export function scenarioProgress(scenario) {
  if (!scenario || !scenario.duration) return null;
  return Math.min(1, Math.max(0, scenario.position / scenario.duration));
}

// The keys of a participant a preview reads (POST /api/layouts/preview/): the room's
// own keys (since_ms, level, on_air) would only make each poll look like a new room.
const PREVIEW_KEYS = ["UserId", "RoomId", "RoomIdType", "camera", "audio", "screen", "width", "height"];

/** The room's people as preview participants, in join order. */
export function previewParticipants(room) {
  return ((room && room.participants) || []).map((person) =>
    Object.fromEntries(PREVIEW_KEYS.filter((key) => key in person).map((key) => [key, person[key]])),
  );
}
