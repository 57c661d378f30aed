// Pure: the launch form's values -> a StartPublishCdnStream request body.
// The server fills SdkAppId from the chosen app and the UserSigs it can sign.

const lines = (text) =>
  String(text || "")
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

const int = (value) => (value === "" || value === null || value === undefined ? undefined : Number(value));

function userInfo(userId, room) {
  return { UserInfo: { UserId: userId, RoomId: room.RoomId, RoomIdType: room.RoomIdType } };
}

// "user_1, 80" -> {UserInfo, SoundLevel: 80}
export function audioList(text, room, withLevels) {
  return lines(text).map((line) => {
    const [userId, level] = line.split(",").map((part) => part.trim());
    const entry = userInfo(userId, room);
    if (withLevels && level !== undefined && level !== "") entry.SoundLevel = Number(level);
    return entry;
  });
}

export function buildRequest(form) {
  const room = { RoomId: String(form.roomId || ""), RoomIdType: Number(form.roomIdType || 0) };
  const body = { ...room, WithTranscoding: form.mode === "relay" ? 0 : 1 };
  if (form.sdkAppId) body.SdkAppId = Number(form.sdkAppId);

  const agent = {};
  if (form.robotUserId) agent.UserId = form.robotUserId;
  if (form.robotUserSig) agent.UserSig = form.robotUserSig;
  if (form.maxIdleTime !== "" && form.maxIdleTime !== undefined) agent.MaxIdleTime = int(form.maxIdleTime);
  body.AgentParams = agent;

  const audio = {
    AudioEncode: {
      SampleRate: int(form.sampleRate),
      Channel: int(form.channel),
      BitRate: int(form.audioBitRate),
      Codec: int(form.codec),
    },
  };
  if (form.audioMix === "whitelist") audio.SubscribeAudioList = audioList(form.whitelist, room, true);
  const blacklist = audioList(form.blacklist, room, false);
  if (blacklist.length) audio.UnSubscribeAudioList = blacklist;
  body.AudioParams = audio;

  if (form.mode === "relay") {
    body.SingleSubscribeParams = {
      UserMediaStream: { ...userInfo(form.relayUserId || "", room), StreamType: int(form.relayStreamType) || 0 },
    };
    // R22: relaying video needs the real upstream's encoding.
    if (form.relayWithVideo) {
      body.VideoParams = {
        VideoEncode: {
          Width: int(form.relayWidth),
          Height: int(form.relayHeight),
          Fps: int(form.relayFps),
          BitRate: int(form.relayBitRate),
          Gop: int(form.relayGop),
        },
      };
    }
  }

  const outputs = (form.outputs || []).filter((output) => output.url);
  if (outputs.length) {
    body.PublishCdnParams = outputs.map((output) => ({
      PublishCdnUrl: output.url,
      IsTencentCdn: output.tencent ? 1 : 0,
    }));
  }
  const rooms = (form.feedback || []).filter((target) => target.roomId);
  if (rooms.length) {
    body.FeedBackRoomParams = rooms.map((target) => {
      const entry = { RoomId: target.roomId, RoomIdType: int(target.roomIdType) || 0, UserId: target.userId };
      if (target.userSig) entry.UserSig = target.userSig;
      return entry;
    });
  }

  const sei = {};
  if (form.seiLayoutVolume) {
    sei.LayoutVolume = {};
    if (form.seiAppData) sei.LayoutVolume.AppData = form.seiAppData;
    if (form.seiPayloadType) sei.LayoutVolume.PayloadType = int(form.seiPayloadType);
    if (form.seiInterval) sei.LayoutVolume.Interval = int(form.seiInterval);
    if (form.seiFollowIdr) sei.LayoutVolume.FollowIdr = 1;
  }
  if (form.seiPassThrough) {
    sei.PassThrough = { PayloadContent: form.passContent || "", PayloadType: int(form.passType) };
    if (form.passUuid) sei.PassThrough.PayloadUuid = form.passUuid;
    if (form.passInterval) sei.PassThrough.Interval = int(form.passInterval);
  }
  if (Object.keys(sei).length) body.SeiParams = sei;
  return body;
}
