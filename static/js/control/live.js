// Live controls of a running task, besides its picture: the audio lists and
// sound levels, the CDN outputs (turned off and on again, added, replaced),
// SEI, push-back rooms and the relayed user. Each change is taken in one step
// through POST take/ with the parts it stages (live-actions.js); the server
// computes the Update and refuses before sending what the API forbids, naming
// the rule. The task comes from the page's task store (task-store.js); ranges,
// lengths and choices from the contract. Renders into <section id="live-controls">.
import { describeRefusal } from "./refusal.js";
import { request } from "../common/http.js";
import { h } from "../common/dom.js";
import { choiceText, constants, inputBounds, requestField, field as videoField } from "../editor/contract.js";
import { displayUrl } from "./format.js";
import * as act from "./live-actions.js";

const { gettext, interpolate } = window;

/** An input bound by the contract: min, max, maxlength and its default as placeholder. */
function bounded(spec, attrs) {
  return h("input", { ...inputBounds(spec), ...attrs });
}

/** A select of a field's choices, in the contract's words; `value` is selected. */
function choices(spec, value, attrs = {}) {
  return h(
    "select",
    attrs,
    ...(spec.choices || []).map((choice) =>
      h("option", { value: String(choice), selected: String(choice) === String(value) }, choiceText(spec, choice)),
    ),
  );
}

const userSpec = () => videoField("MixUserInfo", "UserId");
const roomSpec = () => videoField("MixUserInfo", "RoomId");

/** Draw the live controls into `root` and keep them in step with `store`'s task. */
export function mountLiveControls(root, store, { takeUrl }) {
  const task = () => store.get();
  let busy = false;
  let message = null; // {kind: "ok" | "error", text}
  // Rows being edited are kept across refreshes until taken.
  let feedbackDraft = null;
  // What the controls were drawn from: they are drawn again when the task moves on.
  let drawnFrom = "";

  const live = () => task().status === "running";
  const stateOf = (value) => `${value.sequence_number}:${value.status}`;

  async function take(parts) {
    if (busy) return;
    busy = true;
    message = null;
    draw();
    const before = task().sequence_number;
    try {
      const answer = await request("POST", takeUrl, { request: parts });
      message = {
        kind: "ok",
        text:
          answer.sequence_number !== before
            ? interpolate(gettext("Taken: on air since SequenceNumber %s."), [answer.sequence_number])
            : gettext("Kept; nothing needed to be sent."),
      };
      feedbackDraft = null;
      store.set(answer); // drawn below, once no longer busy
    } catch (error) {
      message = { kind: "error", text: describeRefusal(error) };
    } finally {
      busy = false;
      draw();
    }
  }

  const field = (label, input) => h("label", { class: "field" }, label, input);
  const button = (text, onclick, attrs = {}) =>
    h("button", { type: "button", class: "button", disabled: !live() || busy, onclick, ...attrs }, text);

  function who(entry) {
    const info = (entry && entry.UserInfo) || {};
    const room = act.roomOf(task(), entry).RoomId;
    const elsewhere = String(room) !== String(task().params.RoomId) ? ` @ ${room}` : "";
    return `${info.UserId ?? ""}${elsewhere}`;
  }

  // ---- audio ---------------------------------------------------------------------------

  function drawAudio() {
    if (!task().params.AudioParams) {
      return h(
        "p",
        { class: "hint" },
        gettext("This task sends no audio: its media kind is fixed for its whole life (R23)."),
      );
    }
    const { whitelist, blacklist } = act.audioLists(task().params);
    const level = requestField("McuUserInfoParams", "SoundLevel");
    const levelInput = (value, attrs = {}) =>
      bounded(level, { type: "number", value: value ?? "", class: "sound-level", ...attrs });

    const heard = whitelist.length
      ? h(
          "ul",
          { class: "rows", id: "live-whitelist" },
          ...whitelist.map((entry, index) => {
            const input = levelInput(entry.SoundLevel);
            return h(
              "li",
              { class: "row", "data-user": who(entry) },
              h("span", {}, who(entry)),
              field(gettext("Sound level"), input),
              button(gettext("Set level"), () => take(act.setSoundLevel(task(), index, input.value.trim()))),
              button(gettext("Stop hearing"), () => take(act.stopHearing(task(), index))),
            );
          }),
        )
      : h("p", { id: "live-whitelist" }, gettext("Everyone in the room is heard (no whitelist)."));

    const muted = h(
      "ul",
      { class: "rows", id: "live-blacklist" },
      ...blacklist.map((entry, index) =>
        h(
          "li",
          { class: "row", "data-user": who(entry) },
          h("span", {}, who(entry)),
          button(gettext("Unmute"), () => take(act.unmute(task(), index))),
        ),
      ),
    );

    const user = bounded(userSpec(), { id: "live-audio-user" });
    const room = bounded(roomSpec(), { id: "live-audio-room", placeholder: task().params.RoomId });
    const addLevel = levelInput("", { id: "live-audio-level" });
    const named = () => act.userInfo(task(), user.value.trim(), room.value.trim());
    const ready = () => Boolean(user.value.trim());
    return h(
      "div",
      {},
      h("h3", {}, gettext("Heard (whitelist)")),
      heard,
      whitelist.length ? button(gettext("Hear everyone"), () => take(act.mixEveryone(task()))) : null,
      h("h3", {}, gettext("Muted (blacklist)")),
      blacklist.length ? muted : h("p", { id: "live-blacklist" }, gettext("Nobody is muted.")),
      h(
        "div",
        { class: "row" },
        field(gettext("User ID"), user),
        field(gettext("Room (empty: the task's room)"), room),
        field(gettext("Sound level"), addLevel),
        button(gettext("Mute"), () => ready() && take(act.mute(task(), named())), { id: "live-mute" }),
        button(gettext("Hear"), () => ready() && take(act.hear(task(), named(), addLevel.value.trim())), {
          id: "live-hear",
        }),
      ),
    );
  }

  // ---- outputs -------------------------------------------------------------------------

  function drawOutputs() {
    const { on, off } = act.outputs(task());
    const onRows = on.map((target, index) => {
      const replacement = h("input", {
        type: "url",
        size: 40,
        placeholder: "rtmp://",
        "aria-label": gettext("New URL"),
      });
      return h(
        "li",
        { class: "row", "data-url": displayUrl(target.PublishCdnUrl) },
        h("code", {}, displayUrl(target.PublishCdnUrl)),
        target.IsTencentCdn === 0 ? h("small", {}, gettext("non-Tencent CDN")) : null,
        button(gettext("Turn off"), () => take(act.turnOff(task(), index))),
        replacement,
        button(
          gettext("Replace"),
          () => replacement.value.trim() && take(act.replaceOutput(task(), index, replacement.value.trim())),
        ),
        button(gettext("Remove"), () => take(act.removeOutput(task(), index))),
      );
    });
    const offRows = off.map((target, index) =>
      h(
        "li",
        { class: "row off", "data-url": displayUrl(target.PublishCdnUrl) },
        h("code", {}, displayUrl(target.PublishCdnUrl)),
        h("small", {}, gettext("off: kept, not sent")),
        button(gettext("Turn on"), () => take(act.turnOn(task(), index))),
        button(gettext("Forget"), () => take(act.forgetOutput(task(), index))),
      ),
    );
    const url = h("input", { id: "live-cdn-url", type: "url", size: 50, placeholder: "rtmp://" });
    const tencent = h("input", { id: "live-cdn-tencent", type: "checkbox", checked: true });
    const full = on.length + off.length >= constants().max_outputs;
    return h(
      "div",
      {},
      h("ul", { class: "rows", id: "live-outputs" }, ...onRows, ...offRows),
      h(
        "div",
        { class: "row" },
        field(gettext("RTMP URL"), url),
        h("label", {}, tencent, " ", gettext("Tencent CDN")),
        button(
          gettext("Add output"),
          () => url.value.trim() && take(act.addOutput(task(), url.value.trim(), tencent.checked)),
          {
            id: "live-cdn-add",
            disabled: !live() || busy || full,
          },
        ),
      ),
    );
  }

  // ---- SEI -----------------------------------------------------------------------------

  function drawSei() {
    const sei = task().params.SeiParams || {};
    const volume = sei.LayoutVolume || {};
    const pass = sei.PassThrough || {};
    const number = (id, shape, name, value) =>
      bounded(requestField(shape, name), { id, type: "number", value: value ?? "" });
    const text = (id, shape, name, value) => bounded(requestField(shape, name), { id, value: value ?? "" });
    const controls = {
      volume: h("input", { id: "live-sei-volume", type: "checkbox", checked: Boolean(sei.LayoutVolume) }),
      appData: text("live-sei-appdata", "McuLayoutVolume", "AppData", volume.AppData),
      payloadType: number("live-sei-type", "McuLayoutVolume", "PayloadType", volume.PayloadType),
      interval: number("live-sei-interval", "McuLayoutVolume", "Interval", volume.Interval),
      followIdr: h("input", { id: "live-sei-idr", type: "checkbox", checked: volume.FollowIdr === 1 }),
      pass: h("input", { id: "live-pass", type: "checkbox", checked: Boolean(sei.PassThrough) }),
      passContent: text("live-pass-content", "McuPassThrough", "PayloadContent", pass.PayloadContent),
      passType: number("live-pass-type", "McuPassThrough", "PayloadType", pass.PayloadType),
      passUuid: text("live-pass-uuid", "McuPassThrough", "PayloadUuid", pass.PayloadUuid),
      passInterval: number("live-pass-interval", "McuPassThrough", "Interval", pass.Interval),
      passFollowIdr: h("input", { id: "live-pass-idr", type: "checkbox", checked: pass.FollowIdr === 1 }),
    };
    const values = () =>
      Object.fromEntries(
        Object.entries(controls).map(([key, input]) => [
          key,
          input.type === "checkbox" ? input.checked : input.value.trim(),
        ]),
      );
    return h(
      "div",
      {},
      h("label", {}, controls.volume, " ", gettext("Volume-layout SEI")),
      field(gettext("App data"), controls.appData),
      field(gettext("Payload type"), controls.payloadType),
      field(gettext("Interval (ms)"), controls.interval),
      h("label", {}, controls.followIdr, " ", gettext("On every keyframe")),
      h("br"),
      h("label", {}, controls.pass, " ", gettext("Pass-through SEI")),
      field(gettext("Payload"), controls.passContent),
      field(gettext("Payload type"), controls.passType),
      field(gettext("Payload UUID (type 5)"), controls.passUuid),
      field(gettext("Interval (ms)"), controls.passInterval),
      h("label", {}, controls.passFollowIdr, " ", gettext("On every keyframe")),
      h("br"),
      button(gettext("Take SEI"), () => take(act.sei(task(), values())), { id: "live-sei-take" }),
    );
  }

  // ---- push-back rooms ---------------------------------------------------------------------

  function drawFeedback() {
    const spec = (name) => requestField("McuFeedBackRoomParams", name);
    if (feedbackDraft === null) {
      feedbackDraft = (task().params.FeedBackRoomParams || []).map((room) => ({
        roomId: String(room.RoomId ?? ""),
        roomIdType: String(room.RoomIdType ?? spec("RoomIdType").choices[0]),
        userId: room.UserId ?? "",
        userSig: room.UserSig ?? "",
      }));
    }
    const rowFor = (row, index) => {
      const input = (key, attrs = {}) =>
        h("input", {
          value: row[key],
          oninput: (event) => {
            row[key] = event.target.value.trim();
          },
          ...attrs,
        });
      const type = choices(spec("RoomIdType"), row.roomIdType, {
        onchange: (event) => (row.roomIdType = event.target.value),
      });
      return h(
        "li",
        { class: "row" },
        field(gettext("Room ID"), input("roomId", inputBounds(spec("RoomId")))),
        field(gettext("Room type"), type),
        field(gettext("Robot user ID"), input("userId", inputBounds(spec("UserId")))),
        field(
          gettext("UserSig"),
          input("userSig", {
            type: "password",
            autocomplete: "off",
            placeholder: gettext("generated when the app holds the SDK key"),
          }),
        ),
        button(gettext("Remove"), () => {
          feedbackDraft.splice(index, 1);
          draw();
        }),
      );
    };
    return h(
      "div",
      {},
      h("ul", { class: "rows", id: "live-feedback" }, ...feedbackDraft.map(rowFor)),
      button(gettext("Add a room"), () => {
        if (feedbackDraft.length >= constants().max_outputs) return;
        feedbackDraft.push({ roomId: "", roomIdType: String(task().params.RoomIdType), userId: "", userSig: "" });
        draw();
      }),
      button(gettext("Take push-back rooms"), () => take(act.feedbackRooms(feedbackDraft)), {
        id: "live-feedback-take",
      }),
    );
  }

  // ---- the relayed user ----------------------------------------------------------------------

  function drawRelay() {
    const stream = (task().params.SingleSubscribeParams || {}).UserMediaStream || {};
    const info = stream.UserInfo || {};
    const user = bounded(userSpec(), { id: "live-relay-user", value: info.UserId ?? "" });
    const room = bounded(roomSpec(), { id: "live-relay-room", value: info.RoomId ?? "" });
    const streamType = videoField("UserMediaStream", "StreamType");
    const type = choices(streamType, stream.StreamType ?? streamType.default, { id: "live-relay-stream" });
    return h(
      "div",
      {},
      field(gettext("User ID"), user),
      field(gettext("Room (empty: the task's room)"), room),
      field(gettext("Stream"), type),
      button(
        gettext("Relay this user"),
        () => user.value.trim() && take(act.relayUser(task(), user.value.trim(), room.value.trim(), type.value)),
        { id: "live-relay-take" },
      ),
    );
  }

  // ---- page ------------------------------------------------------------------------------------

  function part(id, title, body) {
    return h("details", { class: "live-part", id, open: true }, h("summary", {}, title), body);
  }

  function draw() {
    const focused = document.activeElement && root.contains(document.activeElement) ? document.activeElement.id : "";
    const relay = task().params.WithTranscoding === 0;
    const parts = [
      h("h2", {}, gettext("Live controls")),
      live()
        ? h(
            "p",
            { class: "hint" },
            gettext("Each change is taken at once: the server computes the update and sends it."),
          )
        : h("p", { class: "hint" }, gettext("The task is not running: nothing can be changed.")),
      h("p", { class: message ? message.kind : "", id: "live-status", role: "status" }, message ? message.text : ""),
      part("live-audio", gettext("Audio"), drawAudio()),
      part("live-cdn", gettext("CDN outputs"), drawOutputs()),
      part("live-sei", gettext("SEI"), drawSei()),
      part("live-rooms", gettext("Push back into rooms"), drawFeedback()),
      relay ? part("live-relay", gettext("Relayed user"), drawRelay()) : null,
    ];
    root.replaceChildren(...parts.filter(Boolean));
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
    drawnFrom = stateOf(task());
    root.dataset.sequence = String(task().sequence_number);
  }

  // A new sequence or status redraws, but never under the producer's hands: a
  // control being edited keeps its value until the next answer finds it free.
  store.subscribe((fresh) => {
    if (stateOf(fresh) === drawnFrom || busy || root.contains(document.activeElement)) return;
    feedbackDraft = null;
    draw();
  });
  draw();
  root.dataset.ready = "true";
}
