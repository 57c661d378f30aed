// Pure: the launch form <-> a StartPublishCdnStream request body.
// The page keeps a base body (a preset's whole show, or a pasted body) and the
// form shows it part by part. A part the producer has not touched is sent
// exactly as in the base, key for key; a touched part (or one the base lacks)
// is built from the form, keeping the keys of the base's part that the form has
// no control for (a storage of RecordParams, say). The server fills SdkAppId
// from the chosen app and the UserSigs it can sign. The secrets a show never
// keeps (a cloud storage's AccessKey and SecretKey) are asked for at launch and
// put into whatever body goes, touched or not.
import { constants, field, requestField, userRoom } from "../editor/contract.js";

// Each part of the form and the top-level keys it writes.
export const PARTS = {
  room: ["RoomId", "RoomIdType"],
  mode: ["WithTranscoding", "SingleSubscribeParams"],
  robot: ["AgentParams"],
  audio: ["AudioParams"],
  outputs: ["PublishCdnParams"],
  feedback: ["FeedBackRoomParams"],
  sei: ["SeiParams"],
  record: ["RecordParams"],
};

const lines = (text) =>
  String(text || "")
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

const int = (value) => (value === "" || value === null || value === undefined ? undefined : Number(value));
const copy = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
const text = (value) => (value === undefined || value === null ? "" : String(value));

/** Set `key` to `value`, or leave it out when the form gives nothing. */
function put(target, key, value) {
  if (value === undefined || value === "" || Number.isNaN(value)) delete target[key];
  else target[key] = value;
}

// "user", "user @ room", "user @ room / room type", each optionally ", sound level":
// a user of another room (cross-room PK) names that room, and its RoomIdType when it
// is not the main room's ("/" is no character of a room ID, R8); the rest is the
// main room's (B.5), written out.
export function audioList(value, room, withLevels) {
  return lines(value).map((line) => {
    const cut = line.lastIndexOf(",");
    const tail = cut < 0 ? "" : line.slice(cut + 1).trim();
    const hasLevel = cut >= 0 && /^\d+$/.test(tail);
    const who = hasLevel ? line.slice(0, cut).trim() : line;
    const at = who.indexOf("@");
    const userId = (at < 0 ? who : who.slice(0, at)).trim();
    const [roomId, roomType] = (at < 0 ? "" : who.slice(at + 1)).split("/").map((part) => part.trim());
    const entry = { UserInfo: { UserId: userId, ...userRoom({ RoomId: roomId, RoomIdType: int(roomType) }, room) } };
    if (withLevels && hasLevel) entry.SoundLevel = Number(tail);
    return entry;
  });
}

/** The text of an audio list, as audioList reads it. */
export function audioText(entries, room) {
  return (Array.isArray(entries) ? entries : [])
    .map((entry) => {
      const info = (isObject(entry) && entry.UserInfo) || {};
      let line = text(info.UserId);
      const { RoomId, RoomIdType } = userRoom(info, room);
      const otherType = String(RoomIdType) !== String(room.RoomIdType);
      if (String(RoomId) !== String(room.RoomId) || otherType) line += ` @ ${RoomId}`;
      if (otherType) line += ` / ${RoomIdType}`;
      if (isObject(entry) && entry.SoundLevel !== undefined) line += `, ${entry.SoundLevel}`;
      return line;
    })
    .join("\n");
}

/** The cloud storage a body records to (RecordParams.McuStorageParams.CloudStorage), or null. */
export function cloudStorage(body) {
  const record = isObject(body) && isObject(body.RecordParams) ? body.RecordParams : {};
  const storage = isObject(record.McuStorageParams) ? record.McuStorageParams : {};
  return isObject(storage.CloudStorage) ? storage.CloudStorage : null;
}

// The secrets a show never keeps that the form asks for at launch: form name -> key.
export const STORAGE_SECRETS = { storageAccessKey: "AccessKey", storageSecretKey: "SecretKey" };

function withSecrets(body, form) {
  const storage = cloudStorage(body);
  if (!storage) return;
  for (const [name, key] of Object.entries(STORAGE_SECRETS)) put(storage, key, form[name] || storage[key]);
}

function roomOf(form) {
  return { RoomId: String(form.roomId || ""), RoomIdType: int(form.roomIdType) };
}

// ---- form -> parts ------------------------------------------------------------

function robotPart(form, old) {
  const agent = isObject(old) ? copy(old) : {};
  put(agent, "UserId", form.robotUserId || undefined);
  put(agent, "UserSig", form.robotUserSig || undefined);
  put(agent, "MaxIdleTime", int(form.maxIdleTime));
  return { AgentParams: agent };
}

function audioPart(form, old) {
  const room = roomOf(form);
  const audio = isObject(old) ? copy(old) : {};
  audio.AudioEncode = {
    ...(isObject(audio.AudioEncode) ? audio.AudioEncode : {}),
    SampleRate: int(form.sampleRate),
    Channel: int(form.channel),
    BitRate: int(form.audioBitRate),
    Codec: int(form.codec),
  };
  if (form.audioMix === "whitelist") audio.SubscribeAudioList = audioList(form.whitelist, room, true);
  else delete audio.SubscribeAudioList;
  const blacklist = audioList(form.blacklist, room, false);
  if (blacklist.length) audio.UnSubscribeAudioList = blacklist;
  else delete audio.UnSubscribeAudioList;
  return { AudioParams: audio };
}

function modePart(form, base) {
  const room = roomOf(form);
  if (form.mode !== "relay") return { WithTranscoding: 1, VideoParams: copy(base.VideoParams) };
  const part = {
    WithTranscoding: 0,
    SingleSubscribeParams: {
      UserMediaStream: {
        UserInfo: {
          UserId: form.relayUserId || "",
          ...userRoom({ RoomId: form.relayRoomId, RoomIdType: int(form.relayRoomIdType) }, room),
        },
        StreamType: int(form.relayStreamType) ?? field("UserMediaStream", "StreamType").default,
      },
    },
  };
  // R22: relaying video needs the real upstream's encoding.
  if (form.relayWithVideo) {
    part.VideoParams = {
      VideoEncode: {
        Width: int(form.relayWidth),
        Height: int(form.relayHeight),
        Fps: int(form.relayFps),
        BitRate: int(form.relayBitRate),
        Gop: int(form.relayGop),
      },
    };
  }
  return part;
}

// Our own part of the body (never sent): the outputs turned off and, when the page
// names its key (`playbackKey`), where viewers watch each output. Other keys of the
// base's part stay as they were.
function outputsPart(form, base, playbackKey) {
  const { app_key: appKey, outputs_off_key: offKey } = constants();
  const targets = (form.outputs || []).filter((output) => output.url);
  const toParam = (output) => ({ PublishCdnUrl: output.url, IsTencentCdn: output.tencent ? 1 : 0 });
  const part = {};
  const on = targets.filter((output) => output.on !== false).map(toParam);
  const off = targets.filter((output) => output.on === false).map(toParam);
  if (on.length) part.PublishCdnParams = on;
  const ours = isObject(base[appKey]) ? copy(base[appKey]) : {};
  delete ours[offKey];
  if (off.length) ours[offKey] = off;
  if (playbackKey) {
    const playback = targets
      .filter((output) => output.playback)
      .map((output) => ({ PublishCdnUrl: output.url, PlaybackUrl: output.playback }));
    delete ours[playbackKey];
    if (playback.length) ours[playbackKey] = playback;
  }
  if (Object.keys(ours).length) part[appKey] = ours;
  return part;
}

function feedbackPart(form) {
  const rooms = (form.feedback || []).filter((target) => target.roomId);
  if (!rooms.length) return {};
  return {
    FeedBackRoomParams: rooms.map((target) => {
      const entry = { RoomId: target.roomId, RoomIdType: int(target.roomIdType), UserId: target.userId };
      if (target.userSig) entry.UserSig = target.userSig;
      return entry;
    }),
  };
}

function seiPart(form, old) {
  const sei = isObject(old) ? copy(old) : {};
  if (form.seiLayoutVolume) {
    const volume = isObject(sei.LayoutVolume) ? sei.LayoutVolume : {};
    put(volume, "AppData", form.seiAppData || undefined);
    put(volume, "PayloadType", int(form.seiPayloadType));
    put(volume, "Interval", int(form.seiInterval));
    put(volume, "FollowIdr", form.seiFollowIdr ? 1 : undefined);
    sei.LayoutVolume = volume;
  } else delete sei.LayoutVolume;
  if (form.seiPassThrough) {
    const pass = isObject(sei.PassThrough) ? sei.PassThrough : {};
    pass.PayloadContent = form.passContent || "";
    put(pass, "PayloadType", int(form.passType));
    put(pass, "PayloadUuid", form.passUuid || undefined);
    put(pass, "Interval", int(form.passInterval));
    put(pass, "FollowIdr", form.passFollowIdr ? 1 : undefined);
    sei.PassThrough = pass;
  } else delete sei.PassThrough;
  return Object.keys(sei).length ? { SeiParams: sei } : {};
}

function recordPart(form, old) {
  if (!form.recordOn) return {};
  const record = isObject(old) ? copy(old) : {};
  put(record, "UniRecord", int(form.uniRecord));
  put(record, "RecordKey", form.recordKey || undefined);
  put(record, "RecordWaitTime", int(form.recordWaitTime));
  const formats = constants().record_formats.filter((name) => form[`recordFormat_${name}`]);
  put(record, "RecordFormat", formats.length ? formats : undefined);
  put(record, "MaxMediaFileDuration", int(form.maxMediaFileDuration));
  put(record, "StreamType", int(form.recordStreamType));
  put(record, "UserDefineRecordPrefix", form.recordPrefix || undefined);
  return { RecordParams: record };
}

const BUILDERS = {
  room: (form) => roomOf(form),
  mode: (form, base) => modePart(form, base),
  robot: (form, base) => robotPart(form, base.AgentParams),
  audio: (form, base) => audioPart(form, base.AudioParams),
  outputs: (form, base, options) => outputsPart(form, base, options.playbackKey),
  feedback: (form) => feedbackPart(form),
  sei: (form, base) => seiPart(form, base.SeiParams),
  record: (form, base) => recordPart(form, base.RecordParams),
};

// The keys a part may write besides its own (VideoParams follows the mode; the
// outputs turned off are ours).
function writtenKeys(name) {
  if (name === "mode") return [...PARTS.mode, "VideoParams"];
  if (name === "outputs") return [...PARTS.outputs, constants().app_key];
  return PARTS[name];
}

/**
 * The Start body to send: `base` with every part that is `touched` (a Set of
 * PARTS names; null means all), or that the base lacks, built from the form.
 * `options.playbackKey`: the key of the outputs' playback URLs in our own part.
 */
export function buildRequest(form, base = {}, touched = null, options = {}) {
  const body = copy(base) || {};
  for (const name of Object.keys(PARTS)) {
    const present = writtenKeys(name).some((key) => key in base);
    if (present && touched && !touched.has(name)) continue;
    for (const key of writtenKeys(name)) delete body[key];
    Object.assign(body, BUILDERS[name](form, base, options));
  }
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  withSecrets(body, form);
  if (form.sdkAppId) body.SdkAppId = Number(form.sdkAppId);
  return body;
}

// ---- body -> form ---------------------------------------------------------------

/**
 * The form values that show `body` (only the parts it has; the others stay as they are).
 * `options.playbackKey` as for buildRequest: an output row shows its playback URL.
 */
export function formFromRequest(body, options = {}) {
  const values = {};
  const room = { RoomId: text(body.RoomId), RoomIdType: body.RoomIdType };
  if ("RoomId" in body) values.roomId = text(body.RoomId);
  if ("RoomIdType" in body) values.roomIdType = text(body.RoomIdType);
  if (isObject(body.AgentParams)) {
    values.robotUserId = text(body.AgentParams.UserId);
    values.robotUserSig = text(body.AgentParams.UserSig);
    values.maxIdleTime = text(body.AgentParams.MaxIdleTime);
  }
  if ("WithTranscoding" in body) values.mode = body.WithTranscoding === 0 ? "relay" : "mix";
  const stream = isObject(body.SingleSubscribeParams) ? body.SingleSubscribeParams.UserMediaStream : null;
  if (isObject(stream)) {
    const info = stream.UserInfo || {};
    values.relayUserId = text(info.UserId);
    const { RoomId, RoomIdType } = userRoom(info, body);
    const otherType = String(RoomIdType) !== String(body.RoomIdType);
    values.relayRoomId = RoomId !== body.RoomId || otherType ? text(info.RoomId) : "";
    values.relayRoomIdType = otherType ? text(RoomIdType) : "";
    values.relayStreamType = text(stream.StreamType ?? field("UserMediaStream", "StreamType").default);
  }
  if (values.mode === "relay") {
    const encode = isObject(body.VideoParams) ? body.VideoParams.VideoEncode : null;
    values.relayWithVideo = isObject(encode);
    if (isObject(encode)) {
      values.relayWidth = text(encode.Width);
      values.relayHeight = text(encode.Height);
      values.relayFps = text(encode.Fps);
      values.relayBitRate = text(encode.BitRate);
      values.relayGop = text(encode.Gop);
    }
  }
  if (isObject(body.AudioParams)) {
    const audio = body.AudioParams;
    const encode = isObject(audio.AudioEncode) ? audio.AudioEncode : {};
    if (encode.SampleRate !== undefined) values.sampleRate = text(encode.SampleRate);
    if (encode.Channel !== undefined) values.channel = text(encode.Channel);
    if (encode.BitRate !== undefined) values.audioBitRate = text(encode.BitRate);
    values.codec = text(encode.Codec ?? requestField("AudioEncode", "Codec").default);
    const whitelist = Array.isArray(audio.SubscribeAudioList) ? audio.SubscribeAudioList : [];
    values.audioMix = whitelist.length ? "whitelist" : "everyone";
    values.whitelist = audioText(whitelist, room);
    values.blacklist = audioText(audio.UnSubscribeAudioList, room);
  }
  const ours = isObject(body[constants().app_key]) ? body[constants().app_key] : {};
  const off = Array.isArray(ours[constants().outputs_off_key]) ? ours[constants().outputs_off_key] : [];
  const playback = new Map(
    (options.playbackKey && Array.isArray(ours[options.playbackKey]) ? ours[options.playbackKey] : [])
      .filter(isObject)
      .map((entry) => [entry.PublishCdnUrl, text(entry.PlaybackUrl)]),
  );
  if (Array.isArray(body.PublishCdnParams) || off.length) {
    const row = (on) => (target) => {
      const values = { url: text(target.PublishCdnUrl), tencent: target.IsTencentCdn !== 0, on };
      if (playback.get(target.PublishCdnUrl)) values.playback = playback.get(target.PublishCdnUrl);
      return values;
    };
    values.outputs = [
      ...(Array.isArray(body.PublishCdnParams) ? body.PublishCdnParams : []).map(row(true)),
      ...off.map(row(false)),
    ];
  }
  if (Array.isArray(body.FeedBackRoomParams)) {
    values.feedback = body.FeedBackRoomParams.map((target) => ({
      roomId: text(target.RoomId),
      roomIdType: text(target.RoomIdType),
      userId: text(target.UserId),
      userSig: text(target.UserSig),
    }));
  }
  const sei = isObject(body.SeiParams) ? body.SeiParams : {};
  values.seiLayoutVolume = isObject(sei.LayoutVolume);
  const volume = sei.LayoutVolume || {};
  values.seiAppData = text(volume.AppData);
  values.seiPayloadType = text(volume.PayloadType);
  values.seiInterval = text(volume.Interval);
  values.seiFollowIdr = volume.FollowIdr === 1;
  values.seiPassThrough = isObject(sei.PassThrough);
  const pass = sei.PassThrough || {};
  values.passContent = text(pass.PayloadContent);
  values.passType = text(pass.PayloadType);
  values.passUuid = text(pass.PayloadUuid);
  values.passInterval = text(pass.Interval);
  values.passFollowIdr = pass.FollowIdr === 1;
  const record = isObject(body.RecordParams) ? body.RecordParams : null;
  values.recordOn = Boolean(record);
  if (record) {
    values.uniRecord = text(record.UniRecord);
    values.recordKey = text(record.RecordKey);
    values.recordWaitTime = text(record.RecordWaitTime);
    for (const name of constants().record_formats) {
      values[`recordFormat_${name}`] = Array.isArray(record.RecordFormat) && record.RecordFormat.includes(name);
    }
    values.maxMediaFileDuration = text(record.MaxMediaFileDuration);
    values.recordStreamType = text(record.StreamType);
    values.recordPrefix = text(record.UserDefineRecordPrefix);
  }
  const storage = cloudStorage(body);
  for (const [name, key] of Object.entries(STORAGE_SECRETS)) values[name] = text(storage && storage[key]);
  return values;
}

/**
 * A pasted body, ready to be the base: a Start body as it is, or an Update
 * body without the keys that named its task. Throws an Error whose `reason`
 * is "json" (not JSON) or "object" (not a JSON object).
 */
export function pastedBody(textValue) {
  let body;
  try {
    body = JSON.parse(textValue);
  } catch {
    throw Object.assign(new Error("not JSON"), { reason: "json" });
  }
  if (!isObject(body)) throw Object.assign(new Error("not an object"), { reason: "object" });
  const dropped = [...constants().task_keys, ...constants().envelope_keys];
  return Object.fromEntries(Object.entries(body).filter(([key]) => !dropped.includes(key)));
}
