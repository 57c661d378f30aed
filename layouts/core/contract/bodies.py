"""The request bodies of the three actions (reference B.1-B.4, B.15-B.22) as data.

The VideoParams inside a request is the document of `layouts.core.contract.video`;
every other object type of a request is described here in the same table style.
Also the action names, the numbers the request rules compare with (transcoding,
audio codecs, SEI payload types, recording names), which keys belong to a request
rather than a document, what an Update may carry (R54), and how to find the
VideoParams in a body.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from layouts.core.contract.fields import (
    INT,
    LIST,
    OBJ,
    STR,
    STRING_LIST,
    Field,
    ShapeTable,
    get_int,
    get_list,
    get_obj,
    get_str,
    has_type,
    json_type_name,
)
from layouts.core.contract.problems import RANGE, SDK_APP_ID
from layouts.core.contract.rooms import ROOM_TYPES
from layouts.core.text import gettext_noop

START = "StartPublishCdnStream"
UPDATE = "UpdatePublishCdnStream"
STOP = "StopPublishCdnStream"
ACTIONS = (START, UPDATE, STOP)
LAYOUT_ACTIONS = (START, UPDATE)  # the actions whose body carries a VideoParams

MAX_BODY_BYTES = 10 * 1024 * 1024  # R6
MAX_OUTPUTS = 10  # R16, R17
MAX_DB_INTEGER = 2**63 - 1  # what a task row can hold

# WithTranscoding (R13, R14): mix and transcode, or relay one stream unchanged.
TRANSCODING_OFF = 0
TRANSCODING_ON = 1
TRANSCODING_VALUES = (TRANSCODING_OFF, TRANSCODING_ON)

CDN_URL_PREFIX = "rtmp://"  # R18

# AudioEncode (R30-R32).
SAMPLE_RATES = (48000, 44100, 32000, 24000, 16000, 8000)  # R30
MONO = 1
STEREO = 2
CHANNELS = (MONO, STEREO)  # R31
CODEC_LC_AAC = 0
CODEC_HE_AAC = 1
CODEC_HE_AAC_V2 = 2
CODECS = (CODEC_LC_AAC, CODEC_HE_AAC, CODEC_HE_AAC_V2)  # R31
HE_AAC_CODECS = (CODEC_HE_AAC, CODEC_HE_AAC_V2)  # R32: they refuse HE_AAC_REFUSED_SAMPLE_RATE
HE_AAC_REFUSED_SAMPLE_RATE = 8000  # R32
HE_AAC_V2_CHANNELS = STEREO  # R32: HE-AACv2 is stereo only

# SEI (R48, R49, reference B.18).
MAX_APP_DATA = 4096  # R48: AppData must be shorter
SEI_MIN_PAYLOAD_TYPE = 100  # R48, R49: PayloadType 100..254 ...
SEI_MAX_PAYLOAD_TYPE = 254
SEI_RESERVED_TYPE = 244  # ... except Tencent's own timestamp SEI
SEI_UUID_PAYLOAD_TYPE = 5  # R49: H.264's user_data_unregistered, which needs a PayloadUuid
PAYLOAD_UUID_LENGTH = 32  # R49: hexadecimal digits
PAYLOAD_UUID_PATTERN = f"[0-9A-Fa-f]{{{PAYLOAD_UUID_LENGTH}}}"
# R48, R49: the SDK gives Interval in milliseconds, default 1000, and no other bound;
# a time between two SEI messages is at least one millisecond.
SEI_MIN_INTERVAL_MS = 1

# Recording (B.19).
RECORD_FORMATS = ("hls", "mp4", "aac")
EXCLUSIVE_RECORD_FORMATS = ("mp4", "aac")  # a recording is one or the other, never both
RECORD_NAME_PATTERN = r"[A-Za-z0-9_-]*"  # RecordKey, UserDefineRecordPrefix
MAX_RECORD_KEY_BYTES = 128
MAX_RECORD_PREFIX_BYTES = 64
# UniRecord: 1 no recording, 2 the console's template, 3 the API's own parameters.
RECORD_OFF = 1
RECORD_WITH_TEMPLATE = 2
RECORD_WITH_PARAMS = 3
RECORD_MODES = (RECORD_OFF, RECORD_WITH_TEMPLATE, RECORD_WITH_PARAMS)
# The SDK marks these "only when UniRecord=3"; in other modes the cloud ignores them.
RECORD_PARAMS_ONLY = (
    "RecordWaitTime",
    "RecordFormat",
    "MaxMediaFileDuration",
    "StreamType",
    "McuStorageParams",
)
# MaxMediaFileDuration splits mp4 and aac files only (an hls recording is not split).
SPLIT_RECORD_FORMATS = ("mp4", "aac")
DEFAULT_RECORD_FORMATS = ("mp4",)
# UserDefineRecordPrefix names files stored in VOD only (McuCloudVod).
VOD_STORAGE = "McuCloudVod"
CLOUD_STORAGE_KEY = "CloudStorage"
# CloudStorage (SDK CloudStorage, DT): each of these is required, and the cloud names
# the one missing with its own code. AccessKey and SecretKey are secrets: a preset
# never keeps them (layouts.core.show), so a launch must give them again.
CLOUD_STORAGE_REQUIRED = {
    "Vendor": "MissingParameter.Vendor",
    "Region": "MissingParameter.Region",
    "Bucket": "MissingParameter.Bucket",
    "AccessKey": "MissingParameter.AccessKey",
    "SecretKey": "MissingParameter.SecretKey",
}
STORAGE_SECRETS = ("AccessKey", "SecretKey")
# FileNamePrefix: each entry one folder name of letters, digits, _ and - (SDK CloudStorage).
FILE_NAME_PREFIX_PATTERN = r"[A-Za-z0-9_-]+"

# The audio lists of AudioParams (B.2, R33).
WHITELIST = "SubscribeAudioList"
BLACKLIST = "UnSubscribeAudioList"
AUDIO_LISTS = (WHITELIST, BLACKLIST)

# The media kinds of R23.
AUDIO = "audio"
AUDIO_VIDEO = "audio+video"
VIDEO = "video"

SHAPES = ShapeTable()
# Types checked elsewhere: a request walk checks only that the value is an object.
DELEGATED_SHAPES = frozenset({"McuVideoParams"})
_shape = SHAPES.add


AGENT_PARAMS = _shape(  # B.1
    "AgentParams",
    Field("UserId", STR, required=True, rule="R10"),
    # [conflict] DT marks UserSig optional; R11 needs it, and cites itself when it is missing.
    Field("UserSig", STR, rule="R11"),
    Field("MaxIdleTime", INT, minimum=5, maximum=86400, default=30, rule="R12"),
    required_rule="R9",
)

AUDIO_ENCODE = _shape(  # B.3
    "AudioEncode",
    Field("SampleRate", INT, required=True, choices=SAMPLE_RATES, rule="R30"),
    Field("Channel", INT, required=True, choices=CHANNELS, rule="R31"),
    Field("BitRate", INT, required=True, minimum=8, maximum=500, rule="R31"),
    Field("Codec", INT, choices=CODECS, default=CODEC_LC_AAC, rule="R31"),
)

USER_INFO_PARAMS = _shape(  # B.4
    "McuUserInfoParams",
    Field("UserInfo", OBJ, required=True, shape="MixUserInfo"),
    Field("SoundLevel", INT, minimum=0, maximum=100, default=100, rule="R34"),
)

AUDIO_PARAMS = _shape(  # B.2
    "McuAudioParams",
    Field("AudioEncode", OBJ, shape="AudioEncode", rule="R20"),
    Field(WHITELIST, LIST, shape="McuUserInfoParams", rule="R33"),
    Field(BLACKLIST, LIST, shape="McuUserInfoParams", rule="R33"),
)

SINGLE_SUBSCRIBE_PARAMS = _shape(  # B.15
    "SingleSubscribeParams",
    Field("UserMediaStream", OBJ, required=True, shape="UserMediaStream"),
    required_rule="R14",
)

PUBLISH_CDN_PARAM = _shape(  # B.16
    "McuPublishCdnParam",
    Field("PublishCdnUrl", STR, required=True, rule="R18"),
    Field("IsTencentCdn", INT, choices=(0, 1), default=1, rule="R19"),
)

FEEDBACK_ROOM_PARAMS = _shape(  # B.17
    "McuFeedBackRoomParams",
    Field("RoomId", STR, required=True, rule="R8"),
    # [conflict] GUIDE says optional; DT says required, and a room ID means nothing without it.
    Field("RoomIdType", INT, required=True, choices=ROOM_TYPES, rule="R8"),
    Field("UserId", STR, required=True, rule="R10"),
    Field("UserSig", STR, rule="R11"),  # required by R11, which cites itself
    required_rule="B.17",
)

LAYOUT_VOLUME = _shape(  # B.18
    "McuLayoutVolume",
    Field("AppData", STR, rule="R48"),
    Field(
        "PayloadType",
        INT,
        minimum=SEI_MIN_PAYLOAD_TYPE,
        maximum=SEI_MAX_PAYLOAD_TYPE,
        default=SEI_MIN_PAYLOAD_TYPE,
        rule="R48",
    ),
    Field("Interval", INT, minimum=SEI_MIN_INTERVAL_MS, default=1000, rule="R48"),
    Field("FollowIdr", INT, choices=(0, 1), default=0, rule="R48"),
)

PASS_THROUGH = _shape(  # B.18
    "McuPassThrough",
    Field("PayloadContent", STR, required=True, rule="R49"),
    Field("PayloadType", INT, required=True, rule="R49"),
    Field("PayloadUuid", STR, rule="R49"),
    Field("Interval", INT, minimum=SEI_MIN_INTERVAL_MS, default=1000, rule="R49"),
    Field("FollowIdr", INT, choices=(0, 1), default=0, rule="R49"),
    required_rule="R49",
)

SEI_PARAMS = _shape(  # B.18
    "McuSeiParams",
    Field("LayoutVolume", OBJ, shape="McuLayoutVolume"),
    Field("PassThrough", OBJ, shape="McuPassThrough"),
)

TENCENT_VOD = _shape(  # B.19 (SDK 3.1.177 McuTencentVod)
    "McuTencentVod",
    Field("Procedure", STR),
    Field("ExpireTime", INT, minimum=0, rule="B.19"),
    Field("StorageRegion", STR),
    Field("ClassId", INT, minimum=0, rule="B.19"),
    Field("SubAppId", INT, minimum=0, rule="B.19"),
    Field("SessionContext", STR),
    Field("SourceContext", STR),
)

CLOUD_VOD = _shape("McuCloudVod", Field("McuTencentVod", OBJ, shape="McuTencentVod"))

CLOUD_STORAGE = _shape(  # B.19 (SDK 3.1.177 CloudStorage)
    "CloudStorage",
    Field("Vendor", INT, choices=(0, 1), rule="B.19"),
    Field("Region", STR),
    Field("Bucket", STR),
    Field("AccessKey", STR),
    Field("SecretKey", STR),
    Field("FileNamePrefix", LIST, kind=STRING_LIST, rule="B.19"),
)

STORAGE_PARAMS = _shape(
    "McuStorageParams",
    Field("CloudStorage", OBJ, shape="CloudStorage"),
    Field("McuCloudVod", OBJ, shape="McuCloudVod"),
)

RECORD_PARAMS = _shape(  # B.19
    "McuRecordParams",
    # 0 (or absent) is "not supported, behaviour undefined" in the SDK docstring.
    Field("UniRecord", INT, choices=RECORD_MODES, rule="B.19"),
    Field("RecordKey", STR, rule="B.19"),
    Field("RecordWaitTime", INT, minimum=5, maximum=86400, default=30, rule="B.19"),
    Field("RecordFormat", LIST, kind=STRING_LIST, rule="B.19"),
    Field("MaxMediaFileDuration", INT, minimum=1, maximum=1440, default=1440, rule="B.19"),
    Field("StreamType", INT, choices=(0, 1, 2), rule="B.19"),
    Field("UserDefineRecordPrefix", STR, rule="B.19"),
    Field("McuStorageParams", OBJ, shape="McuStorageParams"),
)

_SDK_APP_ID = Field(
    "SdkAppId", INT, required=True, minimum=1, maximum=MAX_DB_INTEGER, rule=SDK_APP_ID
)
_TASK_ID = Field("TaskId", STR, required=True)
_WITH_TRANSCODING = Field(
    "WithTranscoding", INT, required=True, choices=TRANSCODING_VALUES, rule="R13"
)
_VIDEO_PARAMS = Field("VideoParams", OBJ, shape="McuVideoParams")
_PUBLISH_CDN_PARAMS = Field(
    "PublishCdnParams", LIST, shape="McuPublishCdnParam", max_items=MAX_OUTPUTS, rule="R16"
)
_FEEDBACK_ROOM_PARAMS = Field(
    "FeedBackRoomParams", LIST, shape="McuFeedBackRoomParams", max_items=MAX_OUTPUTS, rule="R17"
)

START_REQUEST = _shape(  # B.20
    "StartPublishCdnStreamRequest",
    _SDK_APP_ID,
    Field("RoomId", STR, required=True, rule="R8"),
    Field("RoomIdType", INT, required=True, choices=ROOM_TYPES, rule="R8"),
    Field("AgentParams", OBJ, required=True, shape="AgentParams"),
    _WITH_TRANSCODING,
    Field("AudioParams", OBJ, shape="McuAudioParams", rule="R20"),
    _VIDEO_PARAMS,
    Field("SingleSubscribeParams", OBJ, shape="SingleSubscribeParams", rule="R14"),
    _PUBLISH_CDN_PARAMS,
    Field("SeiParams", OBJ, shape="McuSeiParams"),
    _FEEDBACK_ROOM_PARAMS,
    Field("RecordParams", OBJ, shape="McuRecordParams"),
    required_rule="R7",
)

UPDATE_REQUEST = _shape(  # B.21
    "UpdatePublishCdnStreamRequest",
    _SDK_APP_ID,
    _TASK_ID,
    Field("SequenceNumber", INT, required=True, minimum=0, maximum=MAX_DB_INTEGER, rule=RANGE),
    _WITH_TRANSCODING,
    Field("AudioParams", OBJ, shape="McuAudioParams"),
    _VIDEO_PARAMS,
    Field("SingleSubscribeParams", OBJ, shape="SingleSubscribeParams", rule="R14"),
    _PUBLISH_CDN_PARAMS,
    Field("SeiParams", OBJ, shape="McuSeiParams"),
    _FEEDBACK_ROOM_PARAMS,
    required_rule="R50",
)

STOP_REQUEST = _shape(  # B.22
    "StopPublishCdnStreamRequest",
    _SDK_APP_ID,
    _TASK_ID,
    Field("RecordKey", STR, rule="B.19"),
    required_rule="R56",
)

REQUEST_SHAPES = {START: START_REQUEST, UPDATE: UPDATE_REQUEST, STOP: STOP_REQUEST}

# Keys an Update carries to name its task rather than to change it.
UPDATE_ONLY_KEYS = frozenset({"SdkAppId", "TaskId", "SequenceNumber", "WithTranscoding"})
# R54: the parts of a task an Update may change (AudioParams: its lists; the encode is R55).
UPDATABLE_KEYS = (
    "AudioParams",
    "VideoParams",
    "SingleSubscribeParams",
    "PublishCdnParams",
    "SeiParams",
    "FeedBackRoomParams",
)
# Request bodies that carry a VideoParams object, and how to find it in them.
REQUEST_ONLY_KEYS = frozenset(
    {name for shape in REQUEST_SHAPES.values() for name in shape.by_name} | {"Action"}
)


class NotAVideoDocument(ValueError):
    """The JSON given holds no VideoParams object (for example audio only).

    `template` % `params` is the message; callers translate the template.
    """

    def __init__(self, template: str, path: str = "", **params: str) -> None:
        super().__init__(template % params if params else template)
        self.template = template
        self.params = params
        self.path = path

    def render(self, translate: Callable[[str], str]) -> str:
        text = translate(self.template)
        return text % self.params if self.params else text


@dataclass(frozen=True)
class ExtractedDocument:
    document: dict[str, Any]
    source: str  # "VideoParams", START or UPDATE
    with_transcoding: int | None = None
    room: tuple[str, int] | None = None


def extract_video_params(body: Any) -> ExtractedDocument:
    """Find the VideoParams in a request body, or accept a bare VideoParams.

    A body is a request when it carries any request-level key (RoomId,
    AgentParams, TaskId, ...); it is a bare VideoParams object otherwise.
    The document returned is the very object given: same keys, same values.
    """
    if not isinstance(body, dict):
        raise NotAVideoDocument(
            gettext_noop("The JSON must be an object, not %(got)s."), got=json_type_name(body)
        )
    if "Response" in body and len(body) == 1:
        raise NotAVideoDocument(
            gettext_noop("This is an API response, not a request body."), "Response"
        )
    request_keys = REQUEST_ONLY_KEYS & body.keys()
    if not request_keys:
        if not body:
            raise NotAVideoDocument(gettext_noop("The JSON object is empty."))
        return ExtractedDocument(document=body, source="VideoParams")
    action = body.get("Action")
    if action is not None and action not in LAYOUT_ACTIONS:
        raise NotAVideoDocument(
            gettext_noop('Action "%(action)s" carries no layout; expected one of %(known)s.'),
            "Action",
            action=str(action)[:60],
            known=", ".join(LAYOUT_ACTIONS),
        )
    source = action or (UPDATE if "TaskId" in body else START)
    if "VideoParams" not in body:
        raise NotAVideoDocument(
            gettext_noop(
                "This request has no VideoParams: it is audio only (R21), so there is no "
                "picture to design."
            ),
            "VideoParams",
        )
    video = body["VideoParams"]
    if not isinstance(video, dict):
        raise NotAVideoDocument(
            gettext_noop("VideoParams must be an object, not %(got)s."),
            "VideoParams",
            got=json_type_name(video),
        )
    room = None
    room_type = body.get("RoomIdType")
    if isinstance(body.get("RoomId"), str) and has_type(room_type, INT) and room_type in ROOM_TYPES:
        room = (body["RoomId"], room_type)
    with_transcoding = body.get("WithTranscoding")
    if not (has_type(with_transcoding, INT) and with_transcoding in TRANSCODING_VALUES):
        with_transcoding = None  # the request's own checks report it
    return ExtractedDocument(
        document=video, source=source, with_transcoding=with_transcoding, room=room
    )


# Facts read off a task's parameters (a Start body, or what is in force).


def media_kind(params: Any) -> str:
    """R23: audio only, audio+video or video only, from the parameters of a task."""
    has_video = isinstance(params, dict) and "VideoParams" in params
    has_audio = isinstance(params, dict) and "AudioParams" in params
    if has_video and not has_audio:
        return VIDEO
    return AUDIO_VIDEO if has_video else AUDIO


def cdn_urls(params: Any) -> list[str]:
    """The CDN URLs a task pushes to, in order, without repeats."""
    urls: list[str] = []
    for target in get_list(params, "PublishCdnParams"):
        url = get_str(target, "PublishCdnUrl")
        if url is not None and url not in urls:
            urls.append(url)
    return urls


def main_room(params: Any) -> tuple[str, int] | None:
    """The task's own room (RoomId, RoomIdType), when both are valid."""
    room_id, room_type = get_str(params, "RoomId"), get_int(params, "RoomIdType")
    if room_id is None or room_type not in ROOM_TYPES:
        return None
    return room_id, room_type


def robots(params: Any) -> list[tuple[str, dict[str, Any]]]:
    """(path, object) of every robot a request body seats (R9, R11): the task's own
    (AgentParams) and the robot of each push-back room. What is not an object is
    left to the request rules."""
    found: list[tuple[str, dict[str, Any]]] = []
    agent = get_obj(params, "AgentParams")
    if agent is not None:
        found.append(("AgentParams", agent))
    for index, target in enumerate(get_list(params, "FeedBackRoomParams")):
        if isinstance(target, dict):
            found.append((f"FeedBackRoomParams[{index}]", target))
    return found


def robot_seats(params: Any) -> list[tuple[str, str, int | None, str]]:
    """(path, RoomId, RoomIdType, UserId) of every robot a task puts into a room (R9)."""
    seats: list[tuple[str, str, int | None, str]] = []
    main: tuple[str, int | None] | None = main_room(params)
    for path, robot in robots(params):
        user_id = get_str(robot, "UserId")
        if path == "AgentParams":
            room = main
        else:
            room_id = get_str(robot, "RoomId")
            room = None if room_id is None else (room_id, get_int(robot, "RoomIdType"))
        if user_id is not None and room is not None:
            seats.append((f"{path}.UserId", room[0], room[1], user_id))
    return seats
