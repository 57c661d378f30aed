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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from layouts.core.addresses import unreachable_host
from layouts.core.contract import video
from layouts.core.contract.document import Binding, Document, Slot, read_document
from layouts.core.contract.fields import (
    COLOUR,
    IMAGE_URL,
    INT,
    LIST,
    OBJ,
    STR,
    STRING_LIST,
    Field,
    Shape,
    get_int,
    get_obj,
    get_str,
    has_type,
    json_type_name,
)
from layouts.core.contract.problems import (
    DUPLICATE_BINDING,
    ERROR,
    HIDDEN_SLOT,
    MISSING_TEMPLATE,
    RANGE,
    SAME_ZORDER,
    UNKNOWN_FIELD,
    UNREACHABLE_IMAGE,
    WARNING,
    WATERMARK_OUTSIDE,
    WRONG_TYPE,
    ZERO_CANVAS,
    ZERO_SIZE,
    Problem,
    join_path,
)
from layouts.core.contract.rooms import Room, is_valid_room_id, is_valid_user_id, room_of
from layouts.core.text import Term, gettext_noop

# The canvas side a size field measures, as messages name it.
SIDE_NAMES = {"Width": Term(gettext_noop("width")), "Height": Term(gettext_noop("height"))}

COLOUR_RE = re.compile(video.COLOUR_PATTERN)
# R45: the only characters Tencent accepts in image URLs.
URL_CHARACTERS_RE = re.compile(r"[0-9a-zA-Z\-._~:/?#\[\]@!&()*+,%=;|]*")


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)


@dataclass(frozen=True)
class ImageHosts:
    """How to judge image URLs on hosts the cloud can never reach (loopback, private...).

    `severity` is ERROR where the real cloud will fetch them (launch, take), WARNING
    in the editor and library, None where the emulator fetches them (it can reach the
    app's own assets). `allowed` holds hosts (`name` or `name:port`) let through anyway.
    """

    severity: str | None = WARNING
    allowed: frozenset[str] = frozenset()


def validate(
    document: Any,
    *,
    with_transcoding: int | None = None,
    main_room: Room | None = None,
    image_hosts: ImageHosts = ImageHosts(),  # noqa: B008 - frozen, so sharing it is safe
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
    problems = list(DOCUMENT_WALKER.check_object(document, video.VIDEO_PARAMS, ""))
    context = _Context(read_document(document), with_transcoding, main_room, image_hosts)
    for check in CROSS_FIELD_CHECKS:
        problems.extend(check(context))
    return problems


# ---------------------------------------------------------------------------
# Field by field: types, required fields, ranges, formats, unknown fields.


KEEP_UNKNOWN = gettext_noop(
    "%(field)s is not a field of %(shape)s that Mix Studio knows; it is kept as it is and "
    "sent unchanged."
)


@dataclass(frozen=True)
class FieldWalker:
    """Checks JSON against the shape tables, field by field, types before ranges.

    The document and the request bodies around it share this walk; they differ
    in where shapes come from, whether an unknown field is only a warning (the
    API grows, so the document keeps them) or an error (R6 for request
    fields), and which nested shapes are left to another checker.
    """

    shape_named: Callable[[str], Shape] = video.SHAPES.__getitem__
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
    elif spec.kind == COLOUR and not COLOUR_RE.fullmatch(value):
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
    elif spec.kind == IMAGE_URL:
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
    """A slot as the rules judge it: a negative origin at 0, a size of 0 the canvas's."""

    slot: Slot
    x: int
    y: int
    w: int
    h: int

    @property
    def index(self) -> int:
        return self.slot.index

    @property
    def path(self) -> str:
        return self.slot.path

    @property
    def label(self) -> int:
        return self.slot.label

    @property
    def zorder(self) -> int:
        return self.slot.zorder

    @property
    def raw(self) -> dict[str, Any]:
        return self.slot.raw


class _Context:
    """What the cross-field rules need, read once from the document."""

    def __init__(
        self,
        doc: Document,
        with_transcoding: int | None,
        main_room: Room | None,
        image_hosts: ImageHosts,
    ) -> None:
        self.doc = doc
        self.document = doc.raw
        self.with_transcoding = with_transcoding
        self.main_room = main_room
        self.image_hosts = image_hosts
        self.canvas_w = _in_range(doc.width, 0, video.MAX_CANVAS_SIDE)
        self.canvas_h = _in_range(doc.height, 0, video.MAX_CANVAS_SIDE)
        self.layout = doc.layout
        self.mode_given = doc.mode_given
        self.mode = doc.mode
        self.slots = [
            _Slot(
                slot,
                x=max(slot.x, 0),
                y=max(slot.y, 0),
                w=slot.width or (self.canvas_w or 0),
                h=slot.height or (self.canvas_h or 0),
            )
            for slot in doc.slots
        ]


def _in_range(value: int | None, low: int, high: int) -> int | None:
    return value if value is not None and low <= value <= high else None


def check_canvas(ctx: _Context) -> Iterator[Problem]:
    encode = get_obj(ctx.document, "VideoEncode")
    height = get_int(encode, "Height")
    if height is not None and video.DT_MAX_CANVAS_HEIGHT < height <= video.MAX_CANVAS_SIDE:
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
                {"side": SIDE_NAMES[name]},
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
    for spec in video.LAYOUT_PARAMS.fields:
        if spec.effective_in and spec.name in ctx.layout and ctx.mode not in spec.effective_in:
            yield Problem(
                f"LayoutParams.{spec.name}",
                spec.ignored_rule,
                WARNING,
                gettext_noop(
                    "%(field)s has no effect in the %(mode)s layout; the cloud ignores it."
                ),
                {"field": spec.name, "mode": video.MODE_NAMES[ctx.mode]},
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
    if ctx.mode == video.CUSTOM_MODE and not ctx.slots:
        yield Problem(
            "LayoutParams.MixLayoutList",
            "R38",
            WARNING,
            gettext_noop("This custom layout has no slots, so no video will be shown."),
        )


def check_slot_geometry(ctx: _Context) -> Iterator[Problem]:
    if ctx.mode != video.CUSTOM_MODE or ctx.canvas_w is None or ctx.canvas_h is None:
        return
    for slot in ctx.slots:
        for size_key, side in (
            ("ImageWidth", SIDE_NAMES["Width"]),
            ("ImageHeight", SIDE_NAMES["Height"]),
        ):
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
            culprit = _overshooting_field(slot.x, ctx.canvas_w, "LocationX", "ImageWidth")
            yield Problem(
                f"{slot.path}.{culprit}",
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
            culprit = _overshooting_field(slot.y, ctx.canvas_h, "LocationY", "ImageHeight")
            yield Problem(
                f"{slot.path}.{culprit}",
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


def _overshooting_field(start: int, canvas: int, position: str, size: str) -> str:
    """The field to change when a slot runs past an edge.

    A slot that starts inside the canvas is brought back by its size; one that
    starts at or past the edge (LocationX 5000) only by its position.
    """
    return position if start >= canvas else size


def check_hidden_slots(ctx: _Context) -> Iterator[Problem]:
    if ctx.mode != video.CUSTOM_MODE:
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


def _overlap(a: _Slot, b: _Slot) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


def check_same_zorder(ctx: _Context) -> Iterator[Problem]:
    """Overlapping slots of one ZOrder: the reference says nothing of which the cloud
    draws on top, so the producer should say it. One problem per slot, on the later one."""
    if ctx.mode != video.CUSTOM_MODE:
        return
    for position, slot in enumerate(ctx.slots):
        if slot.w == 0 or slot.h == 0:
            continue
        for other in ctx.slots[:position]:
            if other.zorder == slot.zorder and other.w and other.h and _overlap(slot, other):
                yield Problem(
                    f"{slot.path}.ZOrder",
                    SAME_ZORDER,
                    WARNING,
                    gettext_noop(
                        "Slot %(slot)d overlaps slot %(other)d and both have ZOrder %(z)d, so "
                        "which one the cloud draws on top is not defined. Give the one in "
                        "front a higher ZOrder."
                    ),
                    {"slot": slot.label, "other": other.label, "z": slot.zorder},
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
        if start is not None and extent is not None and start + extent > video.MAX_CROP_EXTENT:
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
                    "max": video.MAX_CROP_EXTENT,
                },
            )


def check_users(ctx: _Context) -> Iterator[Problem]:
    for binding in ctx.doc.bindings():
        if binding.user_id is not None:
            yield from check_user_id(binding.user_id, f"{binding.path}.UserId")
        if binding.room_id is not None:
            _, room_type = room_of(binding.room_id, binding.room_id_type, ctx.main_room)
            yield from check_room_id(binding.room_id, room_type, f"{binding.path}.RoomId")


def check_user_id(user_id: str, path: str) -> Iterator[Problem]:
    """R10: a user ID of 1 to 32 letters, digits, _ or -."""
    if not is_valid_user_id(user_id):
        yield Problem(
            path,
            "R10",
            ERROR,
            gettext_noop('User ID "%(value)s" must be 1 to 32 letters, digits, _ or -.'),
            {"value": user_id[:40]},
        )


def check_room_id(room_id: str, room_type: int | None, path: str) -> Iterator[Problem]:
    """R8: a room ID written the way its RoomIdType says (unknown type: no check)."""
    if is_valid_room_id(room_id, room_type):
        return
    if room_type == 0:
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
    else:
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


def outside_main_room(binding: Binding, main_room: Room) -> bool:
    """Whether a user is in another room than the task's (R24, R25)."""
    room_id, room_type = room_of(binding.room_id or None, binding.room_id_type, main_room)
    # String room "8888" and integer room 8888 are different rooms.
    return room_id != main_room[0] or room_type != main_room[1]


def single_room_problem(path: str, mode: int, room: str, main_room: Room) -> Problem:
    return Problem(
        path,
        "R24",
        ERROR,
        gettext_noop(
            'The %(mode)s layout mixes a single room; room "%(room)s" is not '
            'the task\'s room "%(main)s".'
        ),
        {"mode": video.MODE_NAMES[mode], "room": room[:40], "main": main_room[0]},
    )


def check_single_room(ctx: _Context) -> Iterator[Problem]:
    # R24: the dynamic templates mix one room; only custom layouts may mix several.
    if ctx.main_room is None or ctx.mode not in video.DYNAMIC_MODES or not ctx.mode_given:
        return
    binding = ctx.doc.max_video_user
    if binding is not None and outside_main_room(binding, ctx.main_room):
        room = binding.room_id or ctx.main_room[0]
        yield single_room_problem(f"{binding.path}.RoomId", ctx.mode, room, ctx.main_room)


def check_duplicate_bindings(ctx: _Context) -> Iterator[Problem]:
    if ctx.mode != video.CUSTOM_MODE:
        return
    seen: dict[tuple[Any, ...], int] = {}
    for slot in ctx.doc.slots:
        binding = slot.binding
        if binding is None or binding.user_id is None:
            continue
        key = (*binding.key(ctx.main_room), binding.stream_type)
        if key in seen:
            yield Problem(
                f"{slot.path}.UserMediaStream",
                DUPLICATE_BINDING,
                ERROR,
                gettext_noop(
                    "Slot %(slot)d shows the same user and stream (%(user)s) as slot "
                    "%(other)d; a stream can fill only one slot."
                ),
                {"slot": slot.label, "user": binding.user_id, "other": seen[key]},
            )
        else:
            seen[key] = slot.label


def check_watermarks(ctx: _Context) -> Iterator[Problem]:
    for mark in ctx.doc.watermarks:
        if mark.kind is None:
            continue  # a WaterMarkType out of range was reported by the field walk
        number, wanted = mark.index + 1, mark.body_name
        other = "WaterMarkImage" if wanted == "WaterMarkText" else "WaterMarkText"
        if wanted not in mark.raw:
            yield Problem(
                f"{mark.path}.{wanted}",
                "R47",
                ERROR,
                gettext_noop("Watermark %(n)d is of type %(type)d, which needs %(field)s."),
                {"n": number, "type": mark.kind, "field": wanted},
            )
        if other in mark.raw:
            yield Problem(
                f"{mark.path}.{other}",
                "R47",
                WARNING,
                gettext_noop("Watermark %(n)d is of type %(type)d, so its %(field)s is ignored."),
                {"n": number, "type": mark.kind, "field": other},
            )
        if mark.body is None:
            continue
        if mark.kind == 1 and get_str(mark.body, "Text") == "":
            yield Problem(
                f"{mark.path}.WaterMarkText.Text",
                "R47",
                ERROR,
                gettext_noop("Watermark %(n)d has no text."),
                {"n": number},
            )
        yield from _check_watermark_box(ctx, mark.body, f"{mark.path}.{wanted}", number)


def _image_urls(ctx: _Context) -> Iterator[tuple[str, str]]:
    """(path, URL) of every image the cloud would fetch for this document."""
    background = get_str(ctx.document, "BackgroundImageUrl")
    if background:
        yield "BackgroundImageUrl", background
    for slot in ctx.doc.slots:
        for name in ("BackgroundImageUrl", "TransparentUrl"):
            url = get_str(slot.raw, name)
            if url:
                yield f"{slot.path}.{name}", url
    for mark in ctx.doc.watermarks:
        url = get_str(mark.body, "WaterMarkUrl") if mark.kind == 0 else None
        if url:
            yield f"{mark.path}.WaterMarkImage.WaterMarkUrl", url


# One whole sentence per reason, so that each translates as a whole.
_UNREACHABLE_TEMPLATES = {
    "loopback": gettext_noop(
        "The cloud cannot fetch %(field)s: %(host)s is a loopback address, which only this "
        "machine can reach, so the image would silently not show."
    ),
    "private": gettext_noop(
        "The cloud cannot fetch %(field)s: %(host)s is a private network address, so the "
        "image would silently not show."
    ),
    "link-local": gettext_noop(
        "The cloud cannot fetch %(field)s: %(host)s is a link-local address, so the image "
        "would silently not show."
    ),
    "metadata": gettext_noop(
        "%(field)s points at %(host)s, a cloud metadata service; the cloud will not fetch "
        "an image from there."
    ),
    "local-name": gettext_noop(
        "The cloud cannot fetch %(field)s: %(host)s is a local host name, so the image "
        "would silently not show."
    ),
    "reserved": gettext_noop(
        "The cloud cannot fetch %(field)s: %(host)s is not on the public internet, so the "
        "image would silently not show."
    ),
}


def check_image_hosts(ctx: _Context) -> Iterator[Problem]:
    """The cloud fetches every image itself and ignores one it cannot reach (R45)."""
    if ctx.image_hosts.severity is None:
        return
    for path, url in _image_urls(ctx):
        found = unreachable_host(url, ctx.image_hosts.allowed)
        if found is None:
            continue
        host, kind = found
        yield Problem(
            path,
            UNREACHABLE_IMAGE,
            ctx.image_hosts.severity,
            _UNREACHABLE_TEMPLATES[kind],
            {"field": path.rsplit(".", 1)[-1], "host": host[:60]},
        )


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
    check_same_zorder,
    check_slot_rendering,
    check_users,
    check_single_room,
    check_duplicate_bindings,
    check_watermarks,
    check_image_hosts,
)
