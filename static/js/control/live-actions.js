// Pure: the staged parts of one live change, from the task as it is in force.
// Each function answers the `request` of POST take/: the top-level parts it
// changes, whole; the server computes the UpdatePublishCdnStream from them
// (layouts/updates.py), and refuses what R53/R55 forbid before sending.
// URLs come back as the page shows them (secrets masked): the server keeps
// the real ones.
import { constants, field, sameUser, userRoom } from "../editor/contract.js";

const copy = (value) => JSON.parse(JSON.stringify(value === undefined ? null : value));
const listOf = (value) => (Array.isArray(value) ? value : []);

/** The audio lists in force: {whitelist, blacklist} of McuUserInfoParams. */
export function audioLists(params) {
  const audio = (params && params.AudioParams) || {};
  return { whitelist: copy(listOf(audio.SubscribeAudioList)), blacklist: copy(listOf(audio.UnSubscribeAudioList)) };
}

// R33: both lists go together; AudioEncode stays out (R55: fixed for the task's life).
function audioPart(whitelist, blacklist) {
  return { AudioParams: { SubscribeAudioList: whitelist, UnSubscribeAudioList: blacklist } };
}

/** A user as the audio lists name them, the room written out: empty means the task's (B.5). */
export function userInfo(task, userId, roomId = "") {
  return { UserInfo: { UserId: userId, ...userRoom({ RoomId: roomId }, task.params) } };
}

/** Where `user` is on `list`: the entry naming the same user of the same room, however written. */
function indexOf(task, list, user) {
  return list.findIndex((entry) => entry && sameUser(entry.UserInfo, user.UserInfo, task.params));
}

/** The room an entry's user is in, once defaulted (B.5): {RoomId, RoomIdType}. */
export function roomOf(task, entry) {
  return userRoom((entry && entry.UserInfo) || {}, task.params);
}

export function mute(task, user) {
  const { whitelist, blacklist } = audioLists(task.params);
  if (indexOf(task, blacklist, user) < 0) blacklist.push({ UserInfo: copy(user.UserInfo) });
  return audioPart(whitelist, blacklist);
}

export function unmute(task, index) {
  const { whitelist, blacklist } = audioLists(task.params);
  blacklist.splice(index, 1);
  return audioPart(whitelist, blacklist);
}

/**
 * Hear this user (of any room) at `level` (R34: only whitelisted levels apply).
 * A user already on the whitelist keeps their entry, as written; only its level changes.
 */
export function hear(task, user, level) {
  const { whitelist, blacklist } = audioLists(task.params);
  const at = indexOf(task, whitelist, user);
  if (at < 0) whitelist.push({ UserInfo: copy(user.UserInfo) });
  setLevel(whitelist[at < 0 ? whitelist.length - 1 : at], level);
  return audioPart(whitelist, blacklist);
}

export function setSoundLevel(task, index, level) {
  const { whitelist, blacklist } = audioLists(task.params);
  setLevel(whitelist[index], level);
  return audioPart(whitelist, blacklist);
}

function setLevel(entry, level) {
  if (level === "" || level === undefined) delete entry.SoundLevel;
  else entry.SoundLevel = Number(level);
}

export function stopHearing(task, index) {
  const { whitelist, blacklist } = audioLists(task.params);
  whitelist.splice(index, 1);
  return audioPart(whitelist, blacklist);
}

/** An empty whitelist: back to mixing everyone (R33). */
export function mixEveryone(task) {
  return audioPart([], audioLists(task.params).blacklist);
}

// ---- outputs ----------------------------------------------------------------------

export function outputs(task) {
  return { on: copy(listOf(task.params && task.params.PublishCdnParams)), off: copy(listOf(task.outputs_off)) };
}

function outputsPart(on, off) {
  return { PublishCdnParams: on, [constants().app_key]: { [constants().outputs_off_key]: off } };
}

export function turnOff(task, index) {
  const { on, off } = outputs(task);
  off.push(...on.splice(index, 1));
  return outputsPart(on, off);
}

export function turnOn(task, index) {
  const { on, off } = outputs(task);
  on.push(...off.splice(index, 1));
  return outputsPart(on, off);
}

export function addOutput(task, url, tencent) {
  const { on, off } = outputs(task);
  on.push({ PublishCdnUrl: url, IsTencentCdn: tencent ? 1 : 0 });
  return outputsPart(on, off);
}

/** A new URL for output `index` (R54: that push drops and restarts). */
export function replaceOutput(task, index, url) {
  const { on, off } = outputs(task);
  on[index] = { ...on[index], PublishCdnUrl: url };
  return outputsPart(on, off);
}

export function removeOutput(task, index) {
  const { on, off } = outputs(task);
  on.splice(index, 1);
  return outputsPart(on, off);
}

/** Forget an output that is off: nothing changes on air. */
export function forgetOutput(task, index) {
  const { on, off } = outputs(task);
  off.splice(index, 1);
  return outputsPart(on, off);
}

// ---- SEI, push-back rooms, the relayed user ------------------------------------------

const int = (value) => (value === "" || value === undefined || value === null ? undefined : Number(value));

function set(target, key, value) {
  if (value === undefined || value === "") delete target[key];
  else target[key] = value;
}

/** SeiParams from the controls; a part left out is refused by the server (R53). */
export function sei(task, values) {
  const old = copy((task.params && task.params.SeiParams) || {}) || {};
  const part = {};
  if (values.volume) {
    const volume = old.LayoutVolume || {};
    set(volume, "AppData", values.appData);
    set(volume, "PayloadType", int(values.payloadType));
    set(volume, "Interval", int(values.interval));
    set(volume, "FollowIdr", values.followIdr ? 1 : 0);
    part.LayoutVolume = volume;
  }
  if (values.pass) {
    const pass = old.PassThrough || {};
    pass.PayloadContent = values.passContent || "";
    set(pass, "PayloadType", int(values.passType));
    set(pass, "PayloadUuid", values.passUuid);
    set(pass, "Interval", int(values.passInterval));
    set(pass, "FollowIdr", values.passFollowIdr ? 1 : 0);
    part.PassThrough = pass;
  }
  return { SeiParams: part };
}

/** FeedBackRoomParams from the rows; a robot without a UserSig gets one generated. */
export function feedbackRooms(rows) {
  return {
    FeedBackRoomParams: rows
      .filter((row) => row.roomId)
      .map((row) => {
        const room = { RoomId: row.roomId, RoomIdType: Number(row.roomIdType), UserId: row.userId };
        if (row.userSig) room.UserSig = row.userSig;
        return room;
      }),
  };
}

const streamTypeDefault = () => field("UserMediaStream", "StreamType").default;

/** SingleSubscribeParams naming another user to relay (WithTranscoding 0 only, R14). */
export function relayUser(task, userId, roomId, streamType) {
  return {
    SingleSubscribeParams: {
      UserMediaStream: {
        ...userInfo(task, userId, roomId),
        StreamType: streamType === "" || streamType === undefined ? streamTypeDefault() : Number(streamType),
      },
    },
  };
}
