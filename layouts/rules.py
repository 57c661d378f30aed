"""validate(document) -> problems: every check of a VideoParams document.

Each problem names the field (`LayoutParams.MixLayoutList[3].ImageWidth`),
the reference rule it breaks (R-number) or a short code for checks of our
own, a severity, and a message a producer understands. Types are checked
first, field by field from the tables in `layouts.schema`; the rules that
relate several fields then read only values whose type was right, so one
wrong type is one problem and never a crash. Nothing here imports Django.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from layouts import schema
from layouts.schema import (
    INT,
    LIST,
    OBJ,
    STR,
    Field,
    Shape,
    get_int,
    get_list,
    get_obj,
    get_str,
    has_type,
    json_type_name,
)
from layouts.text import gettext_noop

ERROR = "error"
WARNING = "warning"

# Rule codes of our own (the reference's rules are cited by R-number).
UNKNOWN_FIELD = "unknown-field"
WRONG_TYPE = "type"
DUPLICATE_BINDING = "duplicate-binding"
HIDDEN_SLOT = "hidden-slot"
ZERO_SIZE = "zero-size"
ZERO_CANVAS = "zero-canvas"
WATERMARK_OUTSIDE = "watermark-outside"
NO_EFFECT = "no-effect"
RANGE = "range"

COLOUR_RE = re.compile(schema.COLOUR_PATTERN)
# R45: the only characters Tencent accepts in image URLs.
URL_CHARACTERS_RE = re.compile(r"[0-9a-zA-Z\-._~:/?#\[\]@!&()*+,%=;|]*")
USER_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,32}")  # R10
STRING_ROOM_RE = re.compile(r"[A-Za-z0-9 !#$%&()+\-:;<=.>?@\[\]^_{}|~,]{1,64}")  # R8
MAX_INT_ROOM = 4294967294  # R8
INT_ROOM_RE = re.compile(r"[0-9]{1,10}")  # ASCII digits only: str.isdecimal() takes "１２３"


@dataclass(frozen=True)
class Problem:
    path: str
    rule: str
    severity: str
    template: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return self.render(lambda text: text)

    def render(self, translate: Callable[[str], str]) -> str:
        text = translate(self.template)
        return text % dict(self.params) if self.params else text

    def to_dict(self, translate: Callable[[str], str] = lambda text: text) -> dict[str, str]:
        return {
            "path": self.path,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.render(translate),
        }


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)


def validate(
    document: Any,
    *,
    with_transcoding: int | None = None,
    main_room: tuple[str, int] | None = None,
) -> list[Problem]:
    """All problems of a VideoParams document.

    `with_transcoding` and `main_room` come from the request around the
    document when there is one (import, launch); rules that need them are
    skipped when they are unknown.
    """
    if not isinstance(document, dict):
        return [
            Problem(
                "",
                WRONG_TYPE,
                ERROR,
                gettext_noop("The document must be a JSON object, not %(got)s."),
                {"got": json_type_name(document)},
            )
        ]
    problems = list(DOCUMENT_WALKER.check_object(document, schema.VIDEO_PARAMS, ""))
    context = _Context(document, with_transcoding, main_room)
    for check in CROSS_FIELD_CHECKS:
        problems.extend(check(context))
    return problems


# ---------------------------------------------------------------------------
# Field by field: types, required fields, ranges, formats, unknown fields.


def join_path(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


STRING_LIST = "string-list"  # Field.kind of an array of strings rather than objects
KEEP_UNKNOWN = gettext_noop(
    "%(field)s is not a field of %(shape)s that Mix Studio knows; it is kept as it is and "
    "sent unchanged."
)
MISSING_TEMPLATE = gettext_noop("%(field)s is required.")


@dataclass(frozen=True)
class FieldWalker:
    """Checks JSON against the shape tables, field by field, types before ranges.

    The document and the request bodies around it share this walk; they differ
    in where shapes come from, whether an unknown field is only a warning (the
    API grows, so the document keeps them) or an error (R6 for request
    fields), and which nested shapes are left to another checker.
    """

    shape_named: Callable[[str], Shape] = schema.SHAPES.__getitem__
    unknown_severity: str = WARNING
    unknown_template: str = KEEP_UNKNOWN
    skip_shapes: frozenset[str] = frozenset()

    def check_object(self, obj: dict[str, Any], shape: Shape, path: str) -> Iterator[Problem]:
        for key in obj:
            if key not in shape.by_name:
                yield Problem(
                    join_path(path, key),
                    UNKNOWN_FIELD,
                    self.unknown_severity,
                    self.unknown_template,
                    {"field": key[:40], "shape": shape.name},
                )
        for spec in shape.fields:
            field_path = join_path(path, spec.name)
            if spec.name in obj:
                yield from self.check_value(obj[spec.name], spec, field_path)
            elif spec.required:
                yield Problem(
                    field_path, shape.required_rule, ERROR, MISSING_TEMPLATE, {"field": spec.name}
                )

    def check_value(self, value: Any, spec: Field, path: str) -> Iterator[Problem]:
        if not has_type(value, spec.type):
            yield wrong_type(value, spec.name, _TYPE_WORDS[spec.type], path)
        elif spec.type == INT:
            yield from _check_integer(value, spec, path)
        elif spec.type == STR:
            yield from _check_string(value, spec, path)
        elif spec.type == OBJ and spec.shape not in self.skip_shapes:
            yield from self.check_object(value, self.shape_named(spec.shape), path)
        elif spec.type == LIST:
            yield from self._check_list(value, spec, path)

    def _check_list(self, value: list[Any], spec: Field, path: str) -> Iterator[Problem]:
        if spec.max_items is not None and len(value) > spec.max_items:
            yield Problem(
                path,
                spec.rule,
                ERROR,
                gettext_noop("%(field)s holds %(count)d entries; at most %(max)d are allowed."),
                {"field": spec.name, "count": len(value), "max": spec.max_items},
            )
        for index, item in enumerate(value):
            item_path = f"{path}[{index}]"
            if spec.kind == STRING_LIST:
                if not isinstance(item, str):
                    yield wrong_type(item, f"{spec.name}[{index}]", "a string", item_path)
            elif isinstance(item, dict):
                yield from self.check_object(item, self.shape_named(spec.shape), item_path)
            else:
                yield wrong_type(item, f"{spec.name}[{index}]", "an object", item_path)


def wrong_type(value: Any, name: str, expected: str, path: str) -> Problem:
    return Problem(
        path,
        WRONG_TYPE,
        ERROR,
        gettext_noop("%(field)s must be %(expected)s, not %(got)s."),
        {"field": name, "expected": expected, "got": json_type_name(value)},
    )


DOCUMENT_WALKER = FieldWalker()


_TYPE_WORDS = {INT: "an integer", STR: "a string", OBJ: "an object", LIST: "an array"}


def _check_integer(value: int, spec: Field, path: str) -> Iterator[Problem]:
    rule = spec.rule or RANGE
    if spec.choices is not None and value not in spec.choices:
        yield Problem(
            path,
            rule,
            ERROR,
            gettext_noop("%(field)s must be one of %(choices)s, not %(value)d."),
            {"field": spec.name, "choices": _choices_text(spec.choices), "value": value},
        )
    elif spec.minimum is not None and value < spec.minimum:
        yield Problem(
            path,
            rule,
            ERROR,
            gettext_noop("%(field)s must be at least %(min)d, not %(value)d."),
            {"field": spec.name, "min": spec.minimum, "value": value},
        )
    elif spec.maximum is not None and value > spec.maximum:
        yield Problem(
            path,
            rule,
            ERROR,
            gettext_noop("%(field)s must be at most %(max)d, not %(value)d."),
            {"field": spec.name, "max": spec.maximum, "value": value},
        )


def _choices_text(choices: tuple[Any, ...]) -> str:
    return ", ".join(str(choice) for choice in choices)


def _check_string(value: str, spec: Field, path: str) -> Iterator[Problem]:
    if spec.choices is not None and value not in spec.choices:
        yield Problem(
            path,
            spec.rule,
            ERROR,
            gettext_noop('%(field)s must be one of %(choices)s, not "%(value)s".'),
            {"field": spec.name, "choices": _choices_text(spec.choices), "value": value[:40]},
        )
    elif spec.kind == "colour" and not COLOUR_RE.fullmatch(value):
        yield Problem(
            path,
            "R46",
            ERROR,
            gettext_noop(
                "%(field)s must be a colour written 0xRRGGBB (for example 0xcc0033), "
                'not "%(value)s".'
            ),
            {"field": spec.name, "value": value[:40]},
        )
    elif spec.kind == "image-url":
        yield from _check_image_url(value, spec, path)


def _check_image_url(url: str, spec: Field, path: str) -> Iterator[Problem]:
    if not url:
        return  # an empty URL means "no image"
    if not URL_CHARACTERS_RE.fullmatch(url):
        bad = sorted({c for c in url if not URL_CHARACTERS_RE.fullmatch(c)})
        yield Problem(
            path,
            "R45",
            ERROR,
            gettext_noop(
                "%(field)s contains characters the cloud does not accept (%(chars)s); "
                "percent-encode them."
            ),
            {"field": spec.name, "chars": " ".join(repr(c) for c in bad[:5])},
        )
        return
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - parses the port, which raises on junk such as ":x"
    except ValueError:
        parts = None  # e.g. a stray "[" in the host
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        yield Problem(
            path,
            "R45",
            ERROR,
            gettext_noop("%(field)s must be an http:// or https:// URL."),
            {"field": spec.name},
        )
        return
    file_name = parts.path.rsplit("/", 1)[-1]
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if extension and extension not in spec.image_formats:
        yield Problem(
            path,
            "R45",
            WARNING,
            gettext_noop(
                "%(field)s looks like a .%(ext)s file; the cloud accepts only "
                "%(formats)s here and silently ignores other images."
            ),
            {"field": spec.name, "ext": extension, "formats": ", ".join(spec.image_formats)},
        )


# ---------------------------------------------------------------------------
# Rules that relate several fields. Each reads values only when their type
# is right (`_int`, `_obj`, ...); wrong types were reported above.


@dataclass(frozen=True)
class _Slot:
    index: int
    path: str
    x: int
    y: int
    w: int
    h: int
    zorder: int
    raw: dict[str, Any]

    @property
    def label(self) -> int:
        return self.index + 1


class _Context:
    """What the cross-field rules need, read once from the document."""

    def __init__(
        self,
        document: dict[str, Any],
        with_transcoding: int | None,
        main_room: tuple[str, int] | None,
    ) -> None:
        self.document = document
        self.with_transcoding = with_transcoding
        self.main_room = main_room
        encode = get_obj(document, "VideoEncode")
        self.canvas_w = _in_range(get_int(encode, "Width"), 0, schema.MAX_CANVAS_SIDE)
        self.canvas_h = _in_range(get_int(encode, "Height"), 0, schema.MAX_CANVAS_SIDE)
        self.layout = get_obj(document, "LayoutParams")
        mode = get_int(self.layout, "MixLayoutMode")
        self.mode_given = mode in schema.MODE_NAMES
        self.mode = (
            mode if self.mode_given else schema.LAYOUT_PARAMS.by_name["MixLayoutMode"].default
        )
        self.slots = self._read_slots()

    def _read_slots(self) -> list[_Slot]:
        slots = []
        for index, raw in enumerate(get_list(self.layout, "MixLayoutList")):
            if not isinstance(raw, dict):
                continue
            width, height = get_int(raw, "ImageWidth"), get_int(raw, "ImageHeight")
            # A size of 0 means the whole canvas in that dimension (seed example 4).
            slots.append(
                _Slot(
                    index=index,
                    path=f"LayoutParams.MixLayoutList[{index}]",
                    x=max(get_int(raw, "LocationX") or 0, 0),
                    y=max(get_int(raw, "LocationY") or 0, 0),
                    w=width if width else (self.canvas_w or 0),
                    h=height if height else (self.canvas_h or 0),
                    zorder=get_int(raw, "ZOrder") or 0,
                    raw=raw,
                )
            )
        return slots


def _in_range(value: int | None, low: int, high: int) -> int | None:
    return value if value is not None and low <= value <= high else None


def check_canvas(ctx: _Context) -> Iterator[Problem]:
    encode = get_obj(ctx.document, "VideoEncode")
    height = get_int(encode, "Height")
    if height is not None and schema.DT_MAX_CANVAS_HEIGHT < height <= schema.MAX_CANVAS_SIDE:
        yield Problem(
            "VideoEncode.Height",
            "R35",
            WARNING,
            gettext_noop(
                "A height of %(h)d px is above 1080; one Tencent page limits Height to "
                "1080 (the SDK allows 1920). Portrait outputs need it; check the result."
            ),
            {"h": height},
        )
    for name, value in (("Width", ctx.canvas_w), ("Height", ctx.canvas_h)):
        if value == 0:
            yield Problem(
                f"VideoEncode.{name}",
                ZERO_CANVAS,
                WARNING,
                gettext_noop("The output %(side)s is 0 px, so there is no picture to lay out."),
                {"side": name.lower()},
            )


def check_transcoding(ctx: _Context) -> Iterator[Problem]:
    # R13: anything that changes the picture needs the task to transcode.
    if ctx.with_transcoding != 0:
        return
    for key in ("LayoutParams", "WaterMarkList", "BackGroundColor", "BackgroundImageUrl"):
        if key in ctx.document:
            yield Problem(
                key,
                "R13",
                ERROR,
                gettext_noop(
                    "%(field)s changes the picture, which needs WithTranscoding 1; "
                    "this request relays one stream unchanged (WithTranscoding 0)."
                ),
                {"field": key},
            )


def check_layout_mode(ctx: _Context) -> Iterator[Problem]:
    if ctx.with_transcoding == 0:
        return
    if ctx.layout is None:
        if "LayoutParams" not in ctx.document:
            yield Problem(
                "LayoutParams",
                "R36",
                WARNING,
                gettext_noop(
                    "No LayoutParams: the cloud falls back to its default layout, "
                    "which Tencent's documents disagree on. Choose a layout mode."
                ),
            )
        return
    if "MixLayoutMode" not in ctx.layout:
        yield Problem(
            "LayoutParams.MixLayoutMode",
            "R36",
            WARNING,
            gettext_noop(
                "MixLayoutMode is not set; Tencent's documents disagree on the default "
                "(floating or custom). Send it explicitly."
            ),
        )


def check_fields_for_mode(ctx: _Context) -> Iterator[Problem]:
    # R38-R40: some layout fields act only in some modes; elsewhere the cloud ignores them.
    if ctx.layout is None or not ctx.mode_given:
        return
    for spec in schema.LAYOUT_PARAMS.fields:
        if spec.effective_in and spec.name in ctx.layout and ctx.mode not in spec.effective_in:
            yield Problem(
                f"LayoutParams.{spec.name}",
                spec.ignored_rule,
                WARNING,
                gettext_noop(
                    "%(field)s has no effect in the %(mode)s layout; the cloud ignores it."
                ),
                {"field": spec.name, "mode": schema.MODE_NAMES[ctx.mode]},
            )
    if ctx.mode == 2 and "MaxVideoUser" not in ctx.layout:
        yield Problem(
            "LayoutParams.MaxVideoUser",
            "R39",
            WARNING,
            gettext_noop(
                "The screen-share layout needs MaxVideoUser to choose who fills the big picture."
            ),
        )
    if ctx.mode == schema.CUSTOM_MODE and not ctx.slots:
        yield Problem(
            "LayoutParams.MixLayoutList",
            "R38",
            WARNING,
            gettext_noop("This custom layout has no slots, so no video will be shown."),
        )


def check_slot_geometry(ctx: _Context) -> Iterator[Problem]:
    if ctx.mode != schema.CUSTOM_MODE or ctx.canvas_w is None or ctx.canvas_h is None:
        return
    for slot in ctx.slots:
        for size_key, side in (("ImageWidth", "width"), ("ImageHeight", "height")):
            if size_key in slot.raw and get_int(slot.raw, size_key) == 0:
                yield Problem(
                    f"{slot.path}.{size_key}",
                    ZERO_SIZE,
                    WARNING,
                    gettext_noop(
                        "Slot %(slot)d has %(field)s 0; it is taken as the full canvas %(side)s."
                    ),
                    {"slot": slot.label, "field": size_key, "side": side},
                )
        if slot.x + slot.w > ctx.canvas_w:
            yield Problem(
                f"{slot.path}.ImageWidth",
                "R41",
                ERROR,
                gettext_noop(
                    "Slot %(slot)d extends %(over)d px past the right edge of the "
                    "%(canvas)d px canvas."
                ),
                {
                    "slot": slot.label,
                    "over": slot.x + slot.w - ctx.canvas_w,
                    "canvas": ctx.canvas_w,
                },
            )
        if slot.y + slot.h > ctx.canvas_h:
            yield Problem(
                f"{slot.path}.ImageHeight",
                "R41",
                ERROR,
                gettext_noop(
                    "Slot %(slot)d extends %(over)d px past the bottom edge of the "
                    "%(canvas)d px canvas."
                ),
                {
                    "slot": slot.label,
                    "over": slot.y + slot.h - ctx.canvas_h,
                    "canvas": ctx.canvas_h,
                },
            )


def check_hidden_slots(ctx: _Context) -> Iterator[Problem]:
    if ctx.mode != schema.CUSTOM_MODE:
        return
    for slot in ctx.slots:
        if slot.w == 0 or slot.h == 0:
            continue
        for other in ctx.slots:
            if (
                other.zorder > slot.zorder
                and other.x <= slot.x
                and other.y <= slot.y
                and other.x + other.w >= slot.x + slot.w
                and other.y + other.h >= slot.y + slot.h
            ):
                yield Problem(
                    slot.path,
                    HIDDEN_SLOT,
                    WARNING,
                    gettext_noop(
                        "Slot %(slot)d is entirely hidden under slot %(other)d, which "
                        "has a higher ZOrder."
                    ),
                    {"slot": slot.label, "other": other.label},
                )
                break


def check_slot_rendering(ctx: _Context) -> Iterator[Problem]:
    for slot in ctx.slots:
        raw = slot.raw
        render_mode = get_int(raw, "RenderMode") or 0
        background_mode = get_int(raw, "BackgroundRenderMode")
        custom = get_obj(raw, "BackgroundCustomRender")
        if background_mode == 4 and "BackgroundCustomRender" not in raw:
            yield Problem(
                f"{slot.path}.BackgroundCustomRender",
                "R42",
                ERROR,
                gettext_noop(
                    "Slot %(slot)d uses BackgroundRenderMode 4 (custom), which needs "
                    "BackgroundCustomRender."
                ),
                {"slot": slot.label},
            )
        if custom is not None and background_mode != 4:
            yield Problem(
                f"{slot.path}.BackgroundCustomRender",
                "R42",
                WARNING,
                gettext_noop(
                    "Slot %(slot)d has BackgroundCustomRender, which only applies with "
                    "BackgroundRenderMode 4."
                ),
                {"slot": slot.label},
            )
        if get_str(raw, "TransparentUrl") and render_mode != 0:
            yield Problem(
                f"{slot.path}.TransparentUrl",
                "R42",
                WARNING,
                gettext_noop(
                    "Slot %(slot)d's transparent mask only works with RenderMode 0 "
                    "(crop); with RenderMode %(mode)d it is ignored."
                ),
                {"slot": slot.label, "mode": render_mode},
            )
        if "BackGroundColor" in raw:
            yield Problem(
                f"{slot.path}.BackGroundColor",
                "R42",
                WARNING,
                gettext_noop(
                    "A slot's BackGroundColor is accepted by the cloud but has no effect."
                ),
            )
        if custom is not None:
            yield from _check_custom_render(slot, custom)
        crop = get_obj(raw, "CustomCrop")
        if crop is not None:
            yield from _check_crop(slot, crop)


def _check_custom_render(slot: _Slot, custom: dict[str, Any]) -> Iterator[Problem]:
    path = f"{slot.path}.BackgroundCustomRender"
    width, height, radius = (
        get_int(custom, "Width"),
        get_int(custom, "Height"),
        get_int(custom, "Radius"),
    )
    if width is not None and slot.w and width > slot.w:
        yield Problem(
            f"{path}.Width",
            "R44",
            ERROR,
            gettext_noop(
                "The placeholder width %(value)d px is wider than slot %(slot)d (%(limit)d px)."
            ),
            {"value": width, "slot": slot.label, "limit": slot.w},
        )
    if height is not None and slot.h and height > slot.h:
        yield Problem(
            f"{path}.Height",
            "R44",
            ERROR,
            gettext_noop(
                "The placeholder height %(value)d px is taller than slot %(slot)d (%(limit)d px)."
            ),
            {"value": height, "slot": slot.label, "limit": slot.h},
        )
    if radius is not None and width and height and radius * 2 > min(width, height):
        yield Problem(
            f"{path}.Radius",
            "R44",
            ERROR,
            gettext_noop(
                "The corner radius %(value)d px is more than half of the placeholder's "
                "shorter side (%(limit)d px)."
            ),
            {"value": radius, "limit": min(width, height) // 2},
        )


def _check_crop(slot: _Slot, crop: dict[str, Any]) -> Iterator[Problem]:
    path = f"{slot.path}.CustomCrop"
    for origin, size in (("LocationX", "Width"), ("LocationY", "Height")):
        start, extent = get_int(crop, origin), get_int(crop, size)
        if start is not None and extent is not None and start + extent > schema.MAX_CROP_EXTENT:
            yield Problem(
                f"{path}.{size}",
                "R43",
                ERROR,
                gettext_noop(
                    "The crop of slot %(slot)d reaches %(end)d px; %(origin)s + "
                    "%(size)s must be at most %(max)d."
                ),
                {
                    "slot": slot.label,
                    "end": start + extent,
                    "origin": origin,
                    "size": size,
                    "max": schema.MAX_CROP_EXTENT,
                },
            )


def _bindings(ctx: _Context) -> Iterator[tuple[str, dict[str, Any], int]]:
    """(path of UserInfo, UserInfo, StreamType) of every user the document names."""
    for slot in ctx.slots:
        stream = get_obj(slot.raw, "UserMediaStream")
        info = get_obj(stream, "UserInfo")
        if info is not None:
            yield f"{slot.path}.UserMediaStream.UserInfo", info, get_int(stream, "StreamType") or 0
    stream = get_obj(get_obj(ctx.layout, "MaxVideoUser"), "UserMediaStream")
    info = get_obj(stream, "UserInfo")
    if info is not None:
        path = "LayoutParams.MaxVideoUser.UserMediaStream.UserInfo"
        yield path, info, get_int(stream, "StreamType") or 0


def check_users(ctx: _Context) -> Iterator[Problem]:
    for path, info, _stream in _bindings(ctx):
        user_id = get_str(info, "UserId")
        if user_id is not None and not USER_ID_RE.fullmatch(user_id):
            yield Problem(
                f"{path}.UserId",
                "R10",
                ERROR,
                gettext_noop('User ID "%(value)s" must be 1 to 32 letters, digits, _ or -.'),
                {"value": user_id[:40]},
            )
        yield from _check_room(info, path, ctx.main_room)


def _check_room(
    info: dict[str, Any], path: str, main_room: tuple[str, int] | None
) -> Iterator[Problem]:
    room_id = get_str(info, "RoomId")
    if room_id is None:
        return
    room_type = get_int(info, "RoomIdType")
    if room_type is None and main_room is not None and room_id == main_room[0]:
        room_type = main_room[1]
    yield from check_room_id(room_id, room_type, f"{path}.RoomId")


def check_room_id(room_id: str, room_type: int | None, path: str) -> Iterator[Problem]:
    """R8: a room ID written the way its RoomIdType says (unknown type: no check)."""
    if room_type == 0 and not (
        INT_ROOM_RE.fullmatch(room_id) and 1 <= int(room_id) <= MAX_INT_ROOM
    ):
        yield Problem(
            path,
            "R8",
            ERROR,
            gettext_noop(
                'Room "%(value)s" has RoomIdType 0, so it must be a whole number '
                "from 1 to 4294967294."
            ),
            {"value": room_id[:40]},
        )
    elif room_type == 1 and not STRING_ROOM_RE.fullmatch(room_id):
        yield Problem(
            path,
            "R8",
            ERROR,
            gettext_noop(
                'String room "%(value)s" must be 1 to 64 letters, digits, spaces or '
                "the symbols the cloud allows."
            ),
            {"value": room_id[:40]},
        )


def check_single_room(ctx: _Context) -> Iterator[Problem]:
    # R24: the dynamic templates mix one room; only custom layouts may mix several.
    if ctx.main_room is None or ctx.mode not in schema.DYNAMIC_MODES or not ctx.mode_given:
        return
    for path, info, _stream in _bindings(ctx):
        if not path.startswith("LayoutParams.MaxVideoUser"):
            continue
        room_id = get_str(info, "RoomId")
        room_type = get_int(info, "RoomIdType")
        # String room "8888" and integer room 8888 are different rooms.
        other_type = room_type is not None and room_type != ctx.main_room[1]
        if room_id is not None and (room_id != ctx.main_room[0] or other_type):
            yield Problem(
                f"{path}.RoomId",
                "R24",
                ERROR,
                gettext_noop(
                    'The %(mode)s layout mixes a single room; room "%(room)s" is not '
                    'the task\'s room "%(main)s".'
                ),
                {
                    "mode": schema.MODE_NAMES[ctx.mode],
                    "room": room_id[:40],
                    "main": ctx.main_room[0],
                },
            )


def check_duplicate_bindings(ctx: _Context) -> Iterator[Problem]:
    if ctx.mode != schema.CUSTOM_MODE:
        return
    seen: dict[tuple[Any, ...], int] = {}
    main_room = ctx.main_room or (None, None)
    for slot in ctx.slots:
        stream = get_obj(slot.raw, "UserMediaStream")
        info = get_obj(stream, "UserInfo")
        user_id = get_str(info, "UserId")
        if user_id is None:
            continue
        key = (
            user_id,
            get_str(info, "RoomId") or main_room[0],
            get_int(info, "RoomIdType")
            if get_int(info, "RoomIdType") is not None
            else main_room[1],
            get_int(stream, "StreamType") or 0,
        )
        if key in seen:
            yield Problem(
                f"{slot.path}.UserMediaStream",
                DUPLICATE_BINDING,
                ERROR,
                gettext_noop(
                    "Slot %(slot)d shows the same user and stream (%(user)s) as slot "
                    "%(other)d; a stream can fill only one slot."
                ),
                {"slot": slot.label, "user": user_id, "other": seen[key]},
            )
        else:
            seen[key] = slot.label


def check_watermarks(ctx: _Context) -> Iterator[Problem]:
    for index, mark in enumerate(get_list(ctx.document, "WaterMarkList")):
        if not isinstance(mark, dict):
            continue
        path = f"WaterMarkList[{index}]"
        kind = get_int(mark, "WaterMarkType")
        kind = 0 if kind is None else kind
        wanted, other = (
            ("WaterMarkImage", "WaterMarkText")
            if kind == 0
            else ("WaterMarkText", "WaterMarkImage")
        )
        if kind not in (0, 1):
            continue
        if wanted not in mark:
            yield Problem(
                f"{path}.{wanted}",
                "R47",
                ERROR,
                gettext_noop("Watermark %(n)d is of type %(type)d, which needs %(field)s."),
                {"n": index + 1, "type": kind, "field": wanted},
            )
        if other in mark:
            yield Problem(
                f"{path}.{other}",
                "R47",
                WARNING,
                gettext_noop("Watermark %(n)d is of type %(type)d, so its %(field)s is ignored."),
                {"n": index + 1, "type": kind, "field": other},
            )
        body = get_obj(mark, wanted)
        if body is None:
            continue
        if kind == 1 and get_str(body, "Text") == "":
            yield Problem(
                f"{path}.WaterMarkText.Text",
                "R47",
                ERROR,
                gettext_noop("Watermark %(n)d has no text."),
                {"n": index + 1},
            )
        yield from _check_watermark_box(ctx, body, f"{path}.{wanted}", index + 1)


def _check_watermark_box(
    ctx: _Context, body: dict[str, Any], path: str, number: int
) -> Iterator[Problem]:
    if ctx.canvas_w is None or ctx.canvas_h is None:
        return
    x, y = get_int(body, "LocationX"), get_int(body, "LocationY")
    w, h = get_int(body, "WaterMarkWidth"), get_int(body, "WaterMarkHeight")
    if None in (x, y, w, h):
        return
    if x + w > ctx.canvas_w or y + h > ctx.canvas_h:
        yield Problem(
            path,
            WATERMARK_OUTSIDE,
            WARNING,
            gettext_noop(
                "Watermark %(n)d reaches past the %(w)dx%(h)d canvas and will be cut off."
            ),
            {"n": number, "w": ctx.canvas_w, "h": ctx.canvas_h},
        )


CROSS_FIELD_CHECKS: tuple[Callable[[_Context], Iterator[Problem]], ...] = (
    check_canvas,
    check_transcoding,
    check_layout_mode,
    check_fields_for_mode,
    check_slot_geometry,
    check_hidden_slots,
    check_slot_rendering,
    check_users,
    check_single_room,
    check_duplicate_bindings,
    check_watermarks,
)
