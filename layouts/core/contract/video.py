"""The VideoParams document: every field of reference B.6-B.14 as data.

A preset's document *is* the API's `McuVideoParams` object, in the API's own
field names. Each object type is described once: its fields, their JSON type,
whether they are required, their range or allowed values, their default, the
mode in which they have an effect and the reference rule that sets the range.
`layouts.core.rules.fields` walks a document with these tables,
`layouts.core.contract.document` reads one, and the editor gets them embedded in
its page. The numbers the rules, the geometry and the renderer compare with
(modes, render modes, sizes, limits) are named here once, below.
"""

from __future__ import annotations

from layouts.core.contract.fields import COLOUR as _COLOUR
from layouts.core.contract.fields import IMAGE_URL as _IMAGE_URL
from layouts.core.contract.fields import INT, LIST, OBJ, STR, Field, ShapeTable
from layouts.core.contract.rooms import ROOM_INTEGER, ROOM_STRING, ROOM_TYPES
from layouts.core.text import Term, gettext_noop

MODE_FLOATING = 1
MODE_SCREEN_SHARE = 2
MODE_GRID = 3
MODE_CUSTOM = 4
LAYOUT_MODES = (MODE_FLOATING, MODE_SCREEN_SHARE, MODE_GRID, MODE_CUSTOM)
DYNAMIC_MODES = (MODE_FLOATING, MODE_SCREEN_SHARE, MODE_GRID)
# R36 [conflict]: SDK and SEED give 1 as the default, GUIDE says 4; we follow SDK and SEED.
DEFAULT_MODE = MODE_FLOATING
# Set into messages ("... in the floating layout"), so translated with them.
MODE_NAMES = {
    MODE_FLOATING: Term(gettext_noop("floating")),
    MODE_SCREEN_SHARE: Term(gettext_noop("screen share")),
    MODE_GRID: Term(gettext_noop("grid")),
    MODE_CUSTOM: Term(gettext_noop("custom")),
}
MODE_LABELS = {
    MODE_FLOATING: gettext_noop("Floating"),
    MODE_SCREEN_SHARE: gettext_noop("Screen share"),
    MODE_GRID: gettext_noop("Grid"),
    MODE_CUSTOM: gettext_noop("Custom"),
}

STREAM_CAMERA = 0  # UserMediaStream.StreamType (B.10)
STREAM_SCREEN = 1
STREAM_TYPES = (STREAM_CAMERA, STREAM_SCREEN)
WATERMARK_IMAGE_TYPE = 0  # McuWaterMarkParams.WaterMarkType (R47)
WATERMARK_TEXT_TYPE = 1
WATERMARK_TYPES = (WATERMARK_IMAGE_TYPE, WATERMARK_TEXT_TYPE)
# The part of a McuWaterMarkParams each WaterMarkType needs (R47).
WATERMARK_BODIES = {WATERMARK_IMAGE_TYPE: "WaterMarkImage", WATERMARK_TEXT_TYPE: "WaterMarkText"}

# RenderMode of a slot (McuLayout, R42) and of the dynamic templates (McuLayoutParams, R40).
RENDER_CROP = 0  # scale to fill, crop the rest
RENDER_FIT = 1  # scale to fit; a slot shows its background around the picture
RENDER_FIT_ON_BLACK = 2  # scale to fit, on black
RENDER_MODES = (RENDER_CROP, RENDER_FIT, RENDER_FIT_ON_BLACK)
MASK_RENDER_MODE = RENDER_CROP  # the only RenderMode TransparentUrl works with (R42)

# McuLayout.BackgroundRenderMode (R42): how a slot's placeholder image is fitted.
PLACEHOLDER_CROP = 0
PLACEHOLDER_FIT = 1  # on the slot's background
PLACEHOLDER_FIT_ON_BLACK = 2
PLACEHOLDER_STRETCH = 3
CUSTOM_PLACEHOLDER_MODE = 4  # sized by BackgroundCustomRender, which it needs (R42)
PLACEHOLDER_RENDER_MODES = (
    PLACEHOLDER_CROP,
    PLACEHOLDER_FIT,
    PLACEHOLDER_FIT_ON_BLACK,
    PLACEHOLDER_STRETCH,
    CUSTOM_PLACEHOLDER_MODE,
)

# McuLayout.BackGroundColorMode (B.9): bit 0 colours around the placeholder, bit 1 around
# the stream.
COLOUR_AROUND_PLACEHOLDER = 1
COLOUR_AROUND_STREAM = 2
COLOUR_MODES = (0, COLOUR_AROUND_PLACEHOLDER, COLOUR_AROUND_STREAM, 3)

# McuVideoParams.BackgroundRenderMode (R46): how the canvas image is fitted.
CANVAS_CROP = 0
CANVAS_FIT_ON_BLACK = 1
CANVAS_STRETCH = 2
CANVAS_RENDER_MODES = (CANVAS_CROP, CANVAS_FIT_ON_BLACK, CANVAS_STRETCH)

# McuLayoutParams.PureAudioHoldPlaceMode (R40).
AUDIO_TAKES_NO_PICTURE = 0
AUDIO_TAKES_PICTURE = 1

# DynamicPosType of a watermark (R47).
MOTION_STILL = 0
MOTION_RANDOM = 1  # a random position each second
MOTION_BOUNCE = 2
MOTIONS = (MOTION_STILL, MOTION_RANDOM, MOTION_BOUNCE)

FONTS = ("Tencent", "SourceHanSans")  # McuWaterMarkText.Font (R47)
SWITCH = (0, 1)  # EnableStreamSEI (R40): 0 off, 1 on

COLOUR_PATTERN = r"0x[0-9A-Fa-f]{6}"  # R46
# R45: image URLs are http(s) and use only these characters.
IMAGE_URL_SCHEMES = ("http", "https")
IMAGE_URL_CHARACTERS = r"[0-9a-zA-Z\-._~:/?#\[\]@!&()*+,%=;|]*"

# R45: what the cloud accepts for each kind of image.
CANVAS_IMAGE_FORMATS = ("png", "jpg", "jpeg")
PLACEHOLDER_IMAGE_FORMATS = ("png", "jpg", "jpeg", "bmp", "gif", "webm")
MASK_IMAGE_FORMATS = ("png",)
MAX_SLOTS = 16  # R37
MIN_CANVAS_SIDE = 0  # R35
MAX_CANVAS_SIDE = 1920  # R35
DT_MAX_CANVAS_HEIGHT = 1080  # R35 [conflict]: the Data Types page says 0..1080
MAX_CROP_EXTENT = 10000  # R43: LocationX + Width and LocationY + Height

# Words for the numeric choices, shown by the editor beside the API's own values.
_MOTION_LABELS = {
    MOTION_STILL: gettext_noop("Still"),
    MOTION_RANDOM: gettext_noop("Random position each second"),
    MOTION_BOUNCE: gettext_noop("Bounce"),
}

SHAPES = ShapeTable()
_shape = SHAPES.add

MIX_USER_INFO = _shape(
    "MixUserInfo",
    Field("UserId", STR, required=True, rule="R10", help=gettext_noop("User ID")),
    Field("RoomId", STR, rule="R8", help=gettext_noop("Room of the user (default: the main room)")),
    Field(
        "RoomIdType",
        INT,
        choices=ROOM_TYPES,
        rule="R8",
        help=gettext_noop("0 integer room, 1 string room"),
        labels={
            ROOM_INTEGER: gettext_noop("Integer room ID"),
            ROOM_STRING: gettext_noop("String room ID"),
        },
    ),
)

USER_MEDIA_STREAM = _shape(
    "UserMediaStream",
    Field("UserInfo", OBJ, shape="MixUserInfo", help=gettext_noop("The user")),
    Field(
        "StreamType",
        INT,
        choices=STREAM_TYPES,
        default=STREAM_CAMERA,
        rule="B.10",  # no R-number covers it; the data-type table does
        help=gettext_noop("0 camera, 1 screen share"),
        labels={STREAM_CAMERA: gettext_noop("Camera"), STREAM_SCREEN: gettext_noop("Screen share")},
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
        choices=RENDER_MODES,
        default=RENDER_CROP,
        rule="R42",
        help=gettext_noop("0 crop to fill, 1 fit on slot background, 2 fit on black"),
        labels={
            RENDER_CROP: gettext_noop("Crop to fill"),
            RENDER_FIT: gettext_noop("Fit on the slot background"),
            RENDER_FIT_ON_BLACK: gettext_noop("Fit on black"),
        },
    ),
    Field("BackGroundColor", STR, kind=_COLOUR, rule="R46", help=gettext_noop("Has no effect")),
    Field(
        "BackgroundImageUrl",
        STR,
        kind=_IMAGE_URL,
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
        choices=PLACEHOLDER_RENDER_MODES,
        default=PLACEHOLDER_STRETCH,
        rule="R42",
        help=gettext_noop("Placeholder fit: 0 crop, 1 fit, 2 fit on black, 3 stretch, 4 custom"),
        labels={
            PLACEHOLDER_CROP: gettext_noop("Crop"),
            PLACEHOLDER_FIT: gettext_noop("Fit on the slot background"),
            PLACEHOLDER_FIT_ON_BLACK: gettext_noop("Fit on black"),
            PLACEHOLDER_STRETCH: gettext_noop("Stretch"),
            CUSTOM_PLACEHOLDER_MODE: gettext_noop("Custom size"),
        },
    ),
    Field(
        "TransparentUrl",
        STR,
        kind=_IMAGE_URL,
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
        choices=COLOUR_MODES,
        default=0,
        rule="R42",
        help=gettext_noop("bit 0: colour around the placeholder, bit 1: colour around the stream"),
        labels={
            0: gettext_noop("Off"),
            COLOUR_AROUND_PLACEHOLDER: gettext_noop("Around the placeholder"),
            COLOUR_AROUND_STREAM: gettext_noop("Around the stream"),
            COLOUR_AROUND_PLACEHOLDER | COLOUR_AROUND_STREAM: gettext_noop("Both"),
        },
    ),
    Field(
        "EnableStreamSEI",
        INT,
        choices=SWITCH,
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
        choices=LAYOUT_MODES,
        default=DEFAULT_MODE,
        rule="R36",
        labels=MODE_LABELS,
        help=gettext_noop("1 floating, 2 screen share, 3 grid, 4 custom"),
    ),
    Field(
        "PureAudioHoldPlaceMode",
        INT,
        choices=(AUDIO_TAKES_NO_PICTURE, AUDIO_TAKES_PICTURE),
        default=AUDIO_TAKES_NO_PICTURE,
        rule="R40",
        ignored_rule="R40",
        effective_in=DYNAMIC_MODES,
        help=gettext_noop("Whether audio-only users take a picture"),
        labels={
            AUDIO_TAKES_NO_PICTURE: gettext_noop("Audio-only users take no picture"),
            AUDIO_TAKES_PICTURE: gettext_noop("Audio-only users take a picture"),
        },
    ),
    Field(
        "MixLayoutList",
        LIST,
        shape="McuLayout",
        max_items=MAX_SLOTS,
        rule="R37",
        ignored_rule="R38",
        effective_in=(MODE_CUSTOM,),
        help=gettext_noop("Slots of a custom layout"),
    ),
    Field(
        "MaxVideoUser",
        OBJ,
        shape="MaxVideoUser",
        rule="R39",
        ignored_rule="R39",
        effective_in=(MODE_FLOATING, MODE_SCREEN_SHARE),
        help=gettext_noop("Big-picture user (floating and screen share)"),
    ),
    Field(
        "RenderMode",
        INT,
        choices=RENDER_MODES,
        default=RENDER_CROP,
        rule="R40",
        ignored_rule="R40",
        effective_in=DYNAMIC_MODES,
        help=gettext_noop("0 crop, 1 fit, 2 fit on black"),
        labels={
            RENDER_CROP: gettext_noop("Crop to fill"),
            RENDER_FIT: gettext_noop("Fit"),
            RENDER_FIT_ON_BLACK: gettext_noop("Fit on black"),
        },
    ),
    Field(
        "EnableStreamSEI",
        INT,
        choices=SWITCH,
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
        minimum=MIN_CANVAS_SIDE,
        maximum=MAX_CANVAS_SIDE,
        rule="R35",
        help=gettext_noop("Output width (px)"),
    ),
    Field(
        "Height",
        INT,
        required=True,
        minimum=MIN_CANVAS_SIDE,
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
        kind=_IMAGE_URL,
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
        choices=MOTIONS,
        default=MOTION_STILL,
        rule="R47",
        help=gettext_noop("0 still, 1 random position each second, 2 bounce"),
        labels=_MOTION_LABELS,
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
        kind=_COLOUR,
        default="0xFFFFFF",
        rule="R46",
        help=gettext_noop("Text colour"),
    ),
    Field(
        "BackGroundColor",
        STR,
        kind=_COLOUR,
        rule="R46",
        help=gettext_noop("Box fill (default transparent)"),
    ),
    Field(
        "DynamicPosType",
        INT,
        choices=MOTIONS,
        default=MOTION_STILL,
        rule="R47",
        help=gettext_noop("0 still, 1 random position each second, 2 bounce"),
        labels=_MOTION_LABELS,
    ),
    Field("ZOrder", INT, default=0, help=gettext_noop("Layer")),
    Field(
        "Font",
        STR,
        choices=FONTS,
        default=FONTS[0],
        rule="R47",
        help=gettext_noop("Typeface"),
        labels={"Tencent": "Tencent", "SourceHanSans": "Source Han Sans"},
    ),
    required_rule="R47",
)

WATERMARK = _shape(
    "McuWaterMarkParams",
    Field(
        "WaterMarkType",
        INT,
        choices=WATERMARK_TYPES,
        default=WATERMARK_IMAGE_TYPE,
        rule="R47",
        help=gettext_noop("0 image, 1 text"),
        labels={
            WATERMARK_IMAGE_TYPE: gettext_noop("Image"),
            WATERMARK_TEXT_TYPE: gettext_noop("Text"),
        },
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
    # The reference leaves the default unknown; the recording API's is black, and so is
    # what the renderer draws, so clearing the colour in an Update sends black.
    Field(
        "BackGroundColor",
        STR,
        kind=_COLOUR,
        default="0x000000",
        rule="R46",
        help=gettext_noop("Canvas colour"),
    ),
    Field(
        "BackgroundImageUrl",
        STR,
        kind=_IMAGE_URL,
        rule="R45",
        image_formats=CANVAS_IMAGE_FORMATS,
        help=gettext_noop("Canvas image (overrides the colour)"),
    ),
    Field("WaterMarkList", LIST, shape="McuWaterMarkParams", help=gettext_noop("Watermarks")),
    Field(
        "BackgroundRenderMode",
        INT,
        choices=CANVAS_RENDER_MODES,
        default=CANVAS_STRETCH,
        rule="R46",
        help=gettext_noop("Canvas image fit: 0 crop, 1 fit on black, 2 stretch"),
        labels={
            CANVAS_CROP: gettext_noop("Crop"),
            CANVAS_FIT_ON_BLACK: gettext_noop("Fit on black"),
            CANVAS_STRETCH: gettext_noop("Stretch"),
        },
    ),
    required_rule="R21",
)
