"""The VideoParams document: every field of reference B.6-B.14 as data.

A preset's document *is* the API's `McuVideoParams` object, in the API's own
field names. This module describes each object type once: its fields, their
JSON type, whether they are required, their range or allowed values, their
default and the reference rule that sets the range. `layouts.rules` walks a
document with these tables; the editor reads the same tables through the API
to label its controls. Nothing here imports Django.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from layouts.text import gettext_noop

INT = "integer"
STR = "string"
OBJ = "object"
LIST = "array"

COLOUR_PATTERN = r"0x[0-9A-Fa-f]{6}"


@dataclass(frozen=True)
class Field:
    """One field of an API object type."""

    name: str
    type: str
    required: bool = False
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[Any, ...] | None = None
    default: Any = None
    rule: str = ""
    shape: str | None = None  # object type of an OBJ field, or of each LIST item
    max_items: int | None = None
    kind: str = ""  # "colour" or "image-url": string formats checked by rules
    image_formats: tuple[str, ...] = ()  # extensions the cloud accepts (R45)
    effective_in: tuple[int, ...] | None = None  # MixLayoutModes where it has an effect
    ignored_rule: str = ""  # rule cited when it is set in a mode where it has no effect
    help: str = ""


@dataclass(frozen=True)
class Shape:
    """One API object type (a row of section B of the reference)."""

    name: str
    fields: tuple[Field, ...]
    required_rule: str = "required"  # rule cited when a required field is missing
    by_name: dict[str, Field] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {f.name: f for f in self.fields})


DYNAMIC_MODES = (1, 2, 3)
CUSTOM_MODE = 4
MODE_NAMES = {1: "floating", 2: "screen share", 3: "grid", 4: "custom"}

# R45: what the cloud accepts for each kind of image.
CANVAS_IMAGE_FORMATS = ("png", "jpg", "jpeg")
PLACEHOLDER_IMAGE_FORMATS = ("png", "jpg", "jpeg", "bmp", "gif", "webm")
MASK_IMAGE_FORMATS = ("png",)
MAX_SLOTS = 16  # R37
MAX_CANVAS_SIDE = 1920  # R35
DT_MAX_CANVAS_HEIGHT = 1080  # R35 [conflict]: the Data Types page says 0..1080
MAX_CROP_EXTENT = 10000  # R43

SHAPES: dict[str, Shape] = {}


def _shape(name: str, *fields: Field, required_rule: str = "required") -> Shape:
    shape = Shape(name, tuple(fields), required_rule)
    SHAPES[name] = shape
    return shape


MIX_USER_INFO = _shape(
    "MixUserInfo",
    Field("UserId", STR, required=True, rule="R10", help=gettext_noop("User ID")),
    Field("RoomId", STR, rule="R8", help=gettext_noop("Room of the user (default: the main room)")),
    Field(
        "RoomIdType",
        INT,
        choices=(0, 1),
        rule="R8",
        help=gettext_noop("0 integer room, 1 string room"),
    ),
)

USER_MEDIA_STREAM = _shape(
    "UserMediaStream",
    Field("UserInfo", OBJ, shape="MixUserInfo", help=gettext_noop("The user")),
    Field(
        "StreamType",
        INT,
        choices=(0, 1),
        default=0,
        rule="B.10",  # no R-number covers it; the data-type table does
        help=gettext_noop("0 camera, 1 screen share"),
    ),
)

CUSTOM_CROP = _shape(
    "McuCustomCrop",
    Field("LocationX", INT, required=True, minimum=0, rule="R43"),
    Field("LocationY", INT, required=True, minimum=0, rule="R43"),
    Field("Width", INT, required=True, minimum=1, rule="R43"),
    Field("Height", INT, required=True, minimum=1, rule="R43"),
    required_rule="R43",
)

BACKGROUND_CUSTOM_RENDER = _shape(
    "McuBackgroundCustomRender",
    Field("Width", INT, required=True, minimum=1, rule="R44"),
    Field("Height", INT, required=True, minimum=1, rule="R44"),
    Field("Radius", INT, minimum=0, default=0, rule="R44", help=gettext_noop("Corner radius")),
    required_rule="R44",
)

MCU_LAYOUT = _shape(
    "McuLayout",
    Field(
        "UserMediaStream",
        OBJ,
        shape="UserMediaStream",
        help=gettext_noop("The user and stream pinned to this slot; absent = next user to join"),
    ),
    Field(
        "ImageWidth", INT, minimum=0, default=0, rule="R41", help=gettext_noop("Slot width (px)")
    ),
    Field(
        "ImageHeight", INT, minimum=0, default=0, rule="R41", help=gettext_noop("Slot height (px)")
    ),
    Field("LocationX", INT, minimum=0, default=0, rule="R41", help=gettext_noop("Slot left (px)")),
    Field("LocationY", INT, minimum=0, default=0, rule="R41", help=gettext_noop("Slot top (px)")),
    Field("ZOrder", INT, default=0, help=gettext_noop("Layer: higher is drawn on top")),
    Field(
        "RenderMode",
        INT,
        choices=(0, 1, 2),
        default=0,
        rule="R42",
        help=gettext_noop("0 crop to fill, 1 fit on slot background, 2 fit on black"),
    ),
    Field("BackGroundColor", STR, kind="colour", rule="R46", help=gettext_noop("Has no effect")),
    Field(
        "BackgroundImageUrl",
        STR,
        kind="image-url",
        rule="R45",
        image_formats=PLACEHOLDER_IMAGE_FORMATS,
        help=gettext_noop("Placeholder shown when the user is absent or sends no video"),
    ),
    Field(
        "CustomCrop",
        OBJ,
        shape="McuCustomCrop",
        help=gettext_noop("Crop of the input before placing"),
    ),
    Field(
        "BackgroundRenderMode",
        INT,
        choices=(0, 1, 2, 3, 4),
        default=3,
        rule="R42",
        help=gettext_noop("Placeholder fit: 0 crop, 1 fit, 2 fit on black, 3 stretch, 4 custom"),
    ),
    Field(
        "TransparentUrl",
        STR,
        kind="image-url",
        rule="R45",
        image_formats=MASK_IMAGE_FORMATS,
        help=gettext_noop("PNG alpha mask for the slot (only with RenderMode 0)"),
    ),
    Field(
        "BackgroundCustomRender",
        OBJ,
        shape="McuBackgroundCustomRender",
        help=gettext_noop("Placeholder size and corner radius (BackgroundRenderMode 4)"),
    ),
    Field(
        "BackGroundColorMode",
        INT,
        choices=(0, 1, 2, 3),
        default=0,
        rule="R42",
        help=gettext_noop("bit 0: colour around the placeholder, bit 1: colour around the stream"),
    ),
    Field(
        "EnableStreamSEI",
        INT,
        choices=(0, 1),
        default=1,
        rule="R40",
        help=gettext_noop("Keep this input's SEI"),
    ),
)

MAX_VIDEO_USER = _shape(
    "MaxVideoUser",
    Field(
        "UserMediaStream",
        OBJ,
        required=True,
        shape="UserMediaStream",
        help=gettext_noop("The stream shown in the big picture"),
    ),
    required_rule="R39",
)

LAYOUT_PARAMS = _shape(
    "McuLayoutParams",
    Field(
        "MixLayoutMode",
        INT,
        choices=(1, 2, 3, 4),
        default=1,
        rule="R36",
        help=gettext_noop("1 floating, 2 screen share, 3 grid, 4 custom"),
    ),
    Field(
        "PureAudioHoldPlaceMode",
        INT,
        choices=(0, 1),
        default=0,
        rule="R40",
        ignored_rule="R40",
        effective_in=DYNAMIC_MODES,
        help=gettext_noop("Whether audio-only users take a picture"),
    ),
    Field(
        "MixLayoutList",
        LIST,
        shape="McuLayout",
        max_items=MAX_SLOTS,
        rule="R37",
        ignored_rule="R38",
        effective_in=(CUSTOM_MODE,),
        help=gettext_noop("Slots of a custom layout"),
    ),
    Field(
        "MaxVideoUser",
        OBJ,
        shape="MaxVideoUser",
        rule="R39",
        ignored_rule="R39",
        effective_in=(1, 2),
        help=gettext_noop("Big-picture user (floating and screen share)"),
    ),
    Field(
        "RenderMode",
        INT,
        choices=(0, 1, 2),
        default=0,
        rule="R40",
        ignored_rule="R40",
        effective_in=DYNAMIC_MODES,
        help=gettext_noop("0 crop, 1 fit, 2 fit on black"),
    ),
    Field(
        "EnableStreamSEI",
        INT,
        choices=(0, 1),
        default=1,
        rule="R40",
        ignored_rule="R40",
        effective_in=DYNAMIC_MODES,
        help=gettext_noop("Keep upstream SEI"),
    ),
)

VIDEO_ENCODE = _shape(
    "VideoEncode",
    Field(
        "Width",
        INT,
        required=True,
        minimum=0,
        maximum=MAX_CANVAS_SIDE,
        rule="R35",
        help=gettext_noop("Output width (px)"),
    ),
    Field(
        "Height",
        INT,
        required=True,
        minimum=0,
        maximum=MAX_CANVAS_SIDE,
        rule="R35",
        help=gettext_noop("Output height (px)"),
    ),
    Field(
        "Fps",
        INT,
        required=True,
        minimum=1,
        maximum=60,
        rule="R35",
        help=gettext_noop("Frame rate"),
    ),
    Field(
        "BitRate",
        INT,
        required=True,
        minimum=1,
        maximum=10000,
        rule="R35",
        help=gettext_noop("Video bitrate (kbps)"),
    ),
    Field(
        "Gop",
        INT,
        required=True,
        minimum=1,
        maximum=5,
        rule="R35",
        help=gettext_noop("Keyframe interval (s)"),
    ),
    required_rule="R21",
)

WATERMARK_IMAGE = _shape(
    "McuWaterMarkImage",
    Field(
        "WaterMarkUrl",
        STR,
        required=True,
        kind="image-url",
        rule="R45",
        image_formats=CANVAS_IMAGE_FORMATS,
        help=gettext_noop("Image URL"),
    ),
    Field(
        "WaterMarkWidth", INT, required=True, minimum=0, rule="R47", help=gettext_noop("Width (px)")
    ),
    Field(
        "WaterMarkHeight",
        INT,
        required=True,
        minimum=0,
        rule="R47",
        help=gettext_noop("Height (px)"),
    ),
    Field("LocationX", INT, required=True, minimum=0, rule="R47", help=gettext_noop("Left (px)")),
    Field("LocationY", INT, required=True, minimum=0, rule="R47", help=gettext_noop("Top (px)")),
    Field("ZOrder", INT, default=0, help=gettext_noop("Layer")),
    Field(
        "DynamicPosType",
        INT,
        choices=(0, 1, 2),
        default=0,
        rule="R47",
        help=gettext_noop("0 still, 1 random position each second, 2 bounce"),
    ),
    required_rule="R47",
)

WATERMARK_TEXT = _shape(
    "McuWaterMarkText",
    Field("Text", STR, required=True, rule="R47", help=gettext_noop("Text")),
    Field(
        "WaterMarkWidth",
        INT,
        required=True,
        minimum=0,
        rule="R47",
        help=gettext_noop("Box width (px)"),
    ),
    Field(
        "WaterMarkHeight",
        INT,
        required=True,
        minimum=0,
        rule="R47",
        help=gettext_noop("Box height (px)"),
    ),
    Field(
        "LocationX", INT, required=True, minimum=0, rule="R47", help=gettext_noop("Box left (px)")
    ),
    Field(
        "LocationY", INT, required=True, minimum=0, rule="R47", help=gettext_noop("Box top (px)")
    ),
    Field(
        "FontSize", INT, required=True, minimum=1, rule="R47", help=gettext_noop("Font size (px)")
    ),
    Field(
        "FontColor",
        STR,
        kind="colour",
        default="0xFFFFFF",
        rule="R46",
        help=gettext_noop("Text colour"),
    ),
    Field(
        "BackGroundColor",
        STR,
        kind="colour",
        rule="R46",
        help=gettext_noop("Box fill (default transparent)"),
    ),
    Field(
        "DynamicPosType",
        INT,
        choices=(0, 1, 2),
        default=0,
        rule="R47",
        help=gettext_noop("0 still, 1 random position each second, 2 bounce"),
    ),
    Field("ZOrder", INT, default=0, help=gettext_noop("Layer")),
    Field(
        "Font",
        STR,
        choices=("Tencent", "SourceHanSans"),
        default="Tencent",
        rule="R47",
        help=gettext_noop("Typeface"),
    ),
    required_rule="R47",
)

WATERMARK = _shape(
    "McuWaterMarkParams",
    Field(
        "WaterMarkType",
        INT,
        choices=(0, 1),
        default=0,
        rule="R47",
        help=gettext_noop("0 image, 1 text"),
    ),
    Field("WaterMarkImage", OBJ, shape="McuWaterMarkImage", help=gettext_noop("Image watermark")),
    Field("WaterMarkText", OBJ, shape="McuWaterMarkText", help=gettext_noop("Text watermark")),
)

VIDEO_PARAMS = _shape(
    "McuVideoParams",
    Field(
        "VideoEncode",
        OBJ,
        required=True,
        shape="VideoEncode",
        rule="R21",
        help=gettext_noop("Output encoding"),
    ),
    Field("LayoutParams", OBJ, shape="McuLayoutParams", help=gettext_noop("Layout")),
    Field("BackGroundColor", STR, kind="colour", rule="R46", help=gettext_noop("Canvas colour")),
    Field(
        "BackgroundImageUrl",
        STR,
        kind="image-url",
        rule="R45",
        image_formats=CANVAS_IMAGE_FORMATS,
        help=gettext_noop("Canvas image (overrides the colour)"),
    ),
    Field("WaterMarkList", LIST, shape="McuWaterMarkParams", help=gettext_noop("Watermarks")),
    Field(
        "BackgroundRenderMode",
        INT,
        choices=(0, 1, 2),
        default=2,
        rule="R46",
        help=gettext_noop("Canvas image fit: 0 crop, 1 fit on black, 2 stretch"),
    ),
    required_rule="R21",
)


def effective(obj: Any, name: str, shape: Shape) -> Any:
    """The value of `name` in `obj` if it has the right type, else its default.

    Consumers (geometry, rendering) read documents through this so that a
    field with a wrong type behaves as absent instead of crashing them; the
    validator reports the wrong type separately.
    """
    spec = shape.by_name[name]
    value = obj.get(name) if isinstance(obj, dict) else None
    return value if has_type(value, spec.type) else spec.default


def has_type(value: Any, json_type: str) -> bool:
    if json_type == INT:
        # JSON has one number type; the API's Integer excludes booleans and
        # fractions but a float such as 720.0 is not an integer either.
        return isinstance(value, int) and not isinstance(value, bool)
    if json_type == STR:
        return isinstance(value, str)
    if json_type == OBJ:
        return isinstance(value, dict)
    if json_type == LIST:
        return isinstance(value, list)
    raise ValueError(json_type)


# Typed reads for the rules that relate several fields: a value of the wrong
# type reads as absent (its own problem is reported by the field walk).


def get_int(obj: Any, key: str) -> int | None:
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if has_type(value, INT) else None


def get_str(obj: Any, key: str) -> str | None:
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, str) else None


def get_obj(obj: Any, key: str) -> dict[str, Any] | None:
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, dict) else None


def get_list(obj: Any, key: str) -> list[Any]:
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, list) else []


# Request bodies that carry a VideoParams object, and how to find it in them.
KNOWN_ACTIONS = ("StartPublishCdnStream", "UpdatePublishCdnStream")
REQUEST_ONLY_KEYS = frozenset(
    {
        "SdkAppId",
        "RoomId",
        "RoomIdType",
        "AgentParams",
        "WithTranscoding",
        "AudioParams",
        "VideoParams",
        "SingleSubscribeParams",
        "PublishCdnParams",
        "SeiParams",
        "FeedBackRoomParams",
        "RecordParams",
        "TaskId",
        "SequenceNumber",
        "Action",
    }
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
    source: str  # "VideoParams", "StartPublishCdnStream" or "UpdatePublishCdnStream"
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
    if action is not None and action not in KNOWN_ACTIONS:
        raise NotAVideoDocument(
            gettext_noop('Action "%(action)s" carries no layout; expected one of %(known)s.'),
            "Action",
            action=str(action)[:60],
            known=", ".join(KNOWN_ACTIONS),
        )
    source = action or ("UpdatePublishCdnStream" if "TaskId" in body else "StartPublishCdnStream")
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
    if isinstance(body.get("RoomId"), str) and has_type(room_type, INT) and room_type in (0, 1):
        room = (body["RoomId"], room_type)
    with_transcoding = body.get("WithTranscoding")
    if not (has_type(with_transcoding, INT) and with_transcoding in (0, 1)):
        with_transcoding = None  # the request's own checks report it
    return ExtractedDocument(
        document=video, source=source, with_transcoding=with_transcoding, room=room
    )


def json_type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number with a fraction"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def describe() -> dict[str, Any]:
    """The tables as JSON, for the editor's labels and ranges."""
    return {
        name: [
            {
                key: value
                for key, value in {
                    "name": f.name,
                    "type": f.type,
                    "required": f.required,
                    "minimum": f.minimum,
                    "maximum": f.maximum,
                    "choices": list(f.choices) if f.choices else None,
                    "default": f.default,
                    "rule": f.rule or None,
                    "shape": f.shape,
                    "max_items": f.max_items,
                    "kind": f.kind or None,
                    "help": f.help or None,
                }.items()
                if value is not None
            }
            for f in shape.fields
        ]
        for name, shape in SHAPES.items()
    }


def canonical_json(document: Any) -> str:
    """Stable text of a document, for comparing and caching."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
