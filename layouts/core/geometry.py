"""Where every picture of a mix lands on the canvas.

A VideoParams document (the API's own field names) plus the users in the room go in;
rectangles in draw order come out. The renderer, the SEI preview, the editor overlays
and the emulator all read these regions, so geometry changes in this one place.
Pure Python: no Django, no Pillow.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from layouts.core.contract import video
from layouts.core.contract.document import Binding, Document, Slot, read_document
from layouts.core.contract.rooms import ROOM_STRING, ROOM_TYPES, Room, UserKey
from layouts.core.contract.video import (
    MODE_FLOATING,
    MODE_GRID,
    MODE_SCREEN_SHARE,
    STREAM_CAMERA,
    STREAM_SCREEN,
)

KIND_VIDEO = "video"
KIND_PLACEHOLDER = "placeholder"
KIND_EMPTY = "empty"

# Geometry of the dynamic templates: the D.4 placeholder convention, invented here and
# NOT Tencent's. Calibrating against real volume-layout SEI changes only this table.
TEMPLATE_GEOMETRY: dict[str, Any] = {
    "max_inputs": video.MAX_SLOTS,  # R37: at most 16 inputs, in every mode
    "floating": {
        "tile_divisor": 4,  # small cell = floor(W / 4) x floor(H / 4)
        "tiles_per_row": 4,
        "max_rows": 4,
        "margin_divisor": 100,  # each small tile is inset by round(min(W, H) / 100)
        "big_zorder": 0,
        "small_zorder": 1,
    },
    "screen_share": {
        "tile_divisor": 8,  # small tile = floor(W / 8) x floor(H / 8)
        "tiles_per_column": 8,
        "max_columns": 2,
        "big_render_mode": video.RENDER_FIT,  # SEED: the big picture is scaled to show everything
        "big_zorder": 0,
        "small_zorder": 1,
    },
    "grid": {
        "zorder": 0,
    },
}

SCREEN_SHARE_SOURCE_SIZE = (1920, 1080)

# Stand-ins used when the producer has not said who is in the room.
PREVIEW_MAIN_ROOM = ("main", ROOM_STRING)
PREVIEW_GUEST_PREFIX = "guest-"
PREVIEW_DYNAMIC_PICTURES = 4

Rect = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class Measured:
    """A dynamic template's rectangles as real volume-layout SEI showed them (C, D.3).

    `rects` are (x, y, w, h, zorder) in picture order: the big picture first in
    floating and screen share, then everyone else in join order.
    """

    rects: tuple[tuple[int, int, int, int, int], ...]
    captures: int


# (MixLayoutMode, pictures, canvas width, canvas height) -> what was measured.
Calibration = Mapping[tuple[int, int, int, int], Measured]


@dataclass(frozen=True, slots=True)
class Participant:
    """A user in a room, as the preview imagines them."""

    user_id: str
    room_id: str
    room_id_type: int
    camera: bool = True
    audio: bool = True
    screen: bool = False
    width: int = 1280
    height: int = 720

    @property
    def key(self) -> UserKey:
        return (self.user_id, self.room_id, self.room_id_type)

    @property
    def room(self) -> tuple[str, int]:
        return (self.room_id, self.room_id_type)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Participant:
        """Read the JSON form {"UserId", "RoomId", "RoomIdType", "camera", ...}."""
        if not isinstance(data, Mapping):
            raise ValueError("participant must be an object")
        user_id = _required_text(data, "UserId")
        room_id = _required_text(data, "RoomId")
        room_id_type = data.get("RoomIdType")
        if type(room_id_type) is not int or room_id_type not in ROOM_TYPES:
            raise ValueError("RoomIdType must be 0 or 1")
        return cls(
            user_id=user_id,
            room_id=room_id,
            room_id_type=room_id_type,
            camera=_optional_flag(data, "camera", True),
            audio=_optional_flag(data, "audio", True),
            screen=_optional_flag(data, "screen", False),
            width=_optional_size(data, "width", 1280),
            height=_optional_size(data, "height", 720),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "UserId": self.user_id,
            "RoomId": self.room_id,
            "RoomIdType": self.room_id_type,
            "camera": self.camera,
            "audio": self.audio,
            "screen": self.screen,
            "width": self.width,
            "height": self.height,
        }


@dataclass(frozen=True, slots=True)
class Region:
    """One rectangle on the canvas and what it shows."""

    kind: str  # "video" | "placeholder" | "empty"
    user_id: str | None
    room_id: str | None
    room_id_type: int | None
    stream_type: int
    slot_index: int | None  # index in MixLayoutList; None for dynamic templates
    x: int
    y: int
    w: int
    h: int
    zorder: int
    render_mode: int
    reason: str
    crop: dict[str, Any] | None = None
    placeholder_url: str | None = None
    placeholder_render_mode: int = video.MCU_LAYOUT.by_name["BackgroundRenderMode"].default
    custom_render: dict[str, Any] | None = None
    transparent_url: str | None = None
    source_width: int | None = None
    source_height: int | None = None
    colour_mode: int = 0  # BackGroundColorMode of its slot

    def to_dict(self) -> dict[str, Any]:
        return {field.name: getattr(self, field.name) for field in fields(self)}


@dataclass(frozen=True, slots=True)
class Layout:
    canvas_w: int
    canvas_h: int
    approximate: bool  # True when the rectangles come from the D.4 placeholder rules
    regions: tuple[Region, ...]  # draw order: ZOrder, then list order
    not_shown: tuple[str, ...]  # users given who appear in no "video" region
    mode: int
    captures: int = 0  # SEI captures the template's rectangles were measured from

    def to_dict(self) -> dict[str, Any]:
        return {
            "canvas_w": self.canvas_w,
            "canvas_h": self.canvas_h,
            "approximate": self.approximate,
            "calibration": {"captures": self.captures} if self.captures else None,
            "mode": self.mode,
            "regions": [region.to_dict() for region in self.regions],
            "not_shown": list(self.not_shown),
        }


def regions(
    document: dict[str, Any],
    participants: list[Participant] | None,
    *,
    main_room: Room | None = None,
    calibration: Calibration | None = None,
) -> Layout:
    """Lay out the VideoParams `document` for the users in the room, in join order.

    `participants=None` means "imagine the room": `default_participants(document)`.
    The main room is `main_room`, or else the room of the first participant.
    `calibration` holds template rectangles measured from real SEI; where it has
    the mode, picture count and canvas, they replace the D.4 rule.
    """
    doc = read_document(document)
    canvas_w, canvas_h = doc.canvas_size()

    if participants is None:
        participants = default_participants(document, main_room=main_room)
    people = _unique(participants)
    if main_room is None and people:
        main_room = people[0].room

    measured = None
    if doc.custom:
        placed = _custom_regions(doc, people, main_room, canvas_w, canvas_h)
    else:
        placed, measured = _dynamic_regions(doc, people, main_room, canvas_w, canvas_h, calibration)
    placed.sort(key=lambda region: region.zorder)

    shown = {
        (region.user_id, region.room_id, region.room_id_type)
        for region in placed
        if region.kind == KIND_VIDEO
    }
    return Layout(
        canvas_w=canvas_w,
        canvas_h=canvas_h,
        approximate=not doc.custom and measured is None,
        regions=tuple(placed),
        not_shown=tuple(person.user_id for person in people if person.key not in shown),
        mode=doc.mode,
        captures=measured.captures if measured is not None else 0,
    )


def default_participants(
    document: dict[str, Any], *, main_room: Room | None = None
) -> list[Participant]:
    """Users for a preview when nobody said who is in the room.

    Every user bound in the document, in document order (slots, then MaxVideoUser),
    camera on, sharing a screen if bound to StreamType 1; then guests "guest-1", ...
    for each unbound custom slot, or up to a representative count in dynamic modes.
    """
    doc = read_document(document)
    bindings = [_pinned(slot.binding) for slot in doc.slots]
    # R39: MaxVideoUser does nothing in custom mode; as a participant it would only
    # take an auto-fill slot meant for a guest.
    if not doc.custom:
        bindings.append(_pinned(doc.max_video_user))
    written = [binding for binding in bindings if binding is not None]

    if main_room is None:
        # The first bound user is the first participant, whose room regions() takes as
        # the main room; so bindings without a RoomId land where regions() looks.
        first = written[0] if written else None
        if first is not None and first.room_id:
            first_type = first.room_id_type
            main_room = (first.room_id, PREVIEW_MAIN_ROOM[1] if first_type is None else first_type)
        else:
            main_room = PREVIEW_MAIN_ROOM

    screen_sharers = {binding.key(main_room) for binding in written if binding.stream_type}
    people: dict[UserKey, Participant] = {}
    for binding in written:
        key = binding.key(main_room)
        if key not in people:
            user_id, room_id, room_id_type = key
            people[key] = Participant(user_id, room_id, room_id_type, screen=key in screen_sharers)

    if doc.custom:
        guest_count = sum(1 for binding in bindings if binding is None)
    else:
        guest_count = max(PREVIEW_DYNAMIC_PICTURES - len(people), 0)
    taken = {key[0] for key in people}
    number = 0
    while guest_count > 0:
        number += 1
        name = f"{PREVIEW_GUEST_PREFIX}{number}"
        if name not in taken:
            guest: UserKey = (name, *main_room)
            people[guest] = Participant(name, *main_room)
            guest_count -= 1
    return list(people.values())


def volume_sei(
    layout: Layout,
    *,
    app_data: str = "",
    volumes: Mapping[str, int] | None = None,
    ts: int,
) -> dict[str, Any]:
    """The volume-layout SEI JSON (section C): one entry per region showing video."""
    volumes = volumes or {}
    return {
        "app_data": app_data,
        "canvas": {"w": layout.canvas_w, "h": layout.canvas_h},
        "regions": [
            {
                "uid": region.user_id,
                "zorder": region.zorder,
                "volume": _volume(volumes, region.user_id),
                "x": region.x,
                "y": region.y,
                "w": region.w,
                "h": region.h,
            }
            for region in layout.regions
            if region.kind == KIND_VIDEO
        ],
        "ver": "1.0",
        "ts": ts,
    }


def _custom_regions(
    doc: Document,
    people: list[Participant],
    main_room: Room | None,
    canvas_w: int,
    canvas_h: int,
) -> list[Region]:
    bindings = [_pinned(slot.binding) for slot in doc.slots]
    bound_keys = {binding.key(main_room) for binding in bindings if binding is not None}
    present = {person.key: person for person in people}
    # Auto-fill draws from the main room only: the mixing robot sits there and has no
    # way to learn about users of other rooms that no slot names [inferred].
    fillers = iter(
        [
            person
            for person in people
            if person.camera and person.room == main_room and person.key not in bound_keys
        ]
    )

    canvas = (canvas_w, canvas_h)
    placed = []
    for slot, binding in zip(doc.slots, bindings, strict=True):
        idle_kind = KIND_PLACEHOLDER if slot.placeholder_url else KIND_EMPTY
        if binding is None:
            filler = next(fillers, None)
            if filler is None:
                region = _slot_region(slot, canvas, kind=idle_kind, reason="empty-slot")
            else:
                region = _slot_region(
                    slot, canvas, kind=KIND_VIDEO, reason="auto-fill", key=filler.key, source=filler
                )
            placed.append(region)
            continue

        key = binding.key(main_room)
        person = present.get(key)
        if person is not None and _sends(person, binding.stream_type):
            kind, reason, source = KIND_VIDEO, "bound", person
        else:
            if person is None:
                why = "absent"
            elif binding.stream_type == STREAM_SCREEN:
                why = "no-screen"
            else:
                why = "no-camera"
            kind, reason, source = idle_kind, f"{why}-{idle_kind}", None
        placed.append(
            _slot_region(
                slot,
                canvas,
                kind=kind,
                reason=reason,
                key=key,
                stream_type=binding.stream_type,
                source=source,
            )
        )
    return placed


def _slot_region(
    slot: Slot,
    canvas: tuple[int, int],
    *,
    kind: str,
    reason: str,
    key: tuple[str | None, str | None, int | None] = (None, None, None),
    stream_type: int = STREAM_CAMERA,
    source: Participant | None = None,
) -> Region:
    """A custom slot's rectangle; `source` is the participant whose video it shows."""
    source_size = _source_size(source, stream_type) if source is not None else (None, None)
    x, y, w, h = slot.rect(*canvas)
    return Region(
        kind=kind,
        user_id=key[0],
        room_id=key[1],
        room_id_type=key[2],
        stream_type=stream_type,
        slot_index=slot.index,
        x=x,
        y=y,
        w=w,
        h=h,
        zorder=slot.zorder,
        render_mode=slot.render_mode,
        reason=reason,
        crop=dict(slot.crop) if slot.crop is not None else None,
        placeholder_url=slot.placeholder_url,
        placeholder_render_mode=slot.placeholder_render_mode,
        custom_render=dict(slot.custom_render) if slot.custom_render is not None else None,
        transparent_url=slot.transparent_url,
        source_width=source_size[0],
        source_height=source_size[1],
        colour_mode=slot.colour_mode,
    )


def _dynamic_regions(
    doc: Document,
    people: list[Participant],
    main_room: Room | None,
    canvas_w: int,
    canvas_h: int,
    calibration: Calibration | None = None,
) -> tuple[list[Region], Measured | None]:
    # R24: dynamic templates mix the main room only.
    publishing = [
        person
        for person in people
        if person.room == main_room and (person.camera or person.screen or person.audio)
    ]
    hold_audio = doc.pure_audio_hold
    render_mode = doc.render_mode
    mode = doc.mode

    big = None
    if mode != MODE_GRID:
        big = _big_picture(doc, publishing, main_room, hold_audio)
    inputs = publishing
    if big is not None:
        inputs = [big[0], *(person for person in publishing if person is not big[0])]
    # R37: audio-only users count toward the 16 inputs even when they take no slot.
    inputs = inputs[: TEMPLATE_GEOMETRY["max_inputs"]]
    small = [
        (person, _shown_stream(person))
        for person in inputs
        if (big is None or person is not big[0]) and (person.camera or person.screen or hold_audio)
    ]

    pictures = len(small) + (1 if big is not None else 0)
    measured = (calibration or {}).get((mode, pictures, canvas_w, canvas_h))
    if measured is not None and len(measured.rects) != pictures:
        measured = None
    if measured is not None:
        return _measured_regions(mode, big, small, measured, render_mode), measured

    if mode == MODE_GRID:
        grid = TEMPLATE_GEOMETRY["grid"]
        cells = _grid_cells(len(small), canvas_w, canvas_h)
        return [
            _picture_region(person, stream, cell, grid["zorder"], render_mode, "template-grid")
            for (person, stream), cell in zip(small, cells, strict=False)
        ], None
    if big is None:
        return [], None

    if mode == MODE_FLOATING:
        template = TEMPLATE_GEOMETRY["floating"]
        big_rect: Rect = (0, 0, canvas_w, canvas_h)
        big_render_mode = render_mode
        tiles = _floating_tiles(len(small), canvas_w, canvas_h)
    else:
        template = TEMPLATE_GEOMETRY["screen_share"]
        big_rect, tiles = _screen_share_rects(len(small), canvas_w, canvas_h)
        big_render_mode = template["big_render_mode"]
    placed = [
        _picture_region(
            big[0], big[1], big_rect, template["big_zorder"], big_render_mode, "template-big"
        )
    ]
    placed.extend(
        _picture_region(
            person, stream, tile, template["small_zorder"], render_mode, "template-small"
        )
        for (person, stream), tile in zip(small, tiles, strict=False)
    )
    return placed, None


def _measured_regions(
    mode: int,
    big: tuple[Participant, int | None] | None,
    small: list[tuple[Participant, int | None]],
    measured: Measured,
    render_mode: int,
) -> list[Region]:
    """The pictures placed where the calibration measured them, big picture first."""
    placed = []
    if big is not None:
        big_render_mode = (
            TEMPLATE_GEOMETRY["screen_share"]["big_render_mode"]
            if mode == MODE_SCREEN_SHARE
            else render_mode
        )
        x, y, w, h, zorder = measured.rects[0]
        placed.append(
            _picture_region(big[0], big[1], (x, y, w, h), zorder, big_render_mode, "template-big")
        )
    reason = "template-grid" if big is None else "template-small"
    for (person, stream), (x, y, w, h, zorder) in zip(
        small, measured.rects[len(placed) :], strict=True
    ):
        placed.append(_picture_region(person, stream, (x, y, w, h), zorder, render_mode, reason))
    return placed


def _big_picture(
    doc: Document,
    publishing: list[Participant],
    main_room: Room | None,
    hold_audio: bool,
) -> tuple[Participant, int | None] | None:
    """Who fills the big picture, and with which stream (None = audio-only tile)."""
    wanted = _pinned(doc.max_video_user)
    if wanted is not None:
        key = wanted.key(main_room)
        for person in publishing:
            if person.key == key and _sends(person, wanted.stream_type):
                return person, wanted.stream_type
    if doc.mode == MODE_SCREEN_SHARE:
        for person in publishing:
            if person.screen:
                return person, STREAM_SCREEN
    for person in publishing:
        if person.camera or person.screen or hold_audio:
            return person, _shown_stream(person)
    return None


def _picture_region(
    person: Participant,
    stream: int | None,
    rect: Rect,
    zorder: int,
    render_mode: int,
    reason: str,
) -> Region:
    """A dynamic-template picture; `stream=None` is an audio-only tile."""
    source_w, source_h = _source_size(person, stream) if stream is not None else (None, None)
    return Region(
        kind=KIND_VIDEO if stream is not None else KIND_PLACEHOLDER,
        user_id=person.user_id,
        room_id=person.room_id,
        room_id_type=person.room_id_type,
        stream_type=stream if stream is not None else STREAM_CAMERA,
        slot_index=None,
        x=rect[0],
        y=rect[1],
        w=rect[2],
        h=rect[3],
        zorder=zorder,
        render_mode=render_mode,
        reason=reason,
        source_width=source_w,
        source_height=source_h,
    )


def _grid_cells(count: int, canvas_w: int, canvas_h: int) -> list[Rect]:
    if count <= 0:
        return []
    columns = math.isqrt(count - 1) + 1  # ceil(sqrt(count)) without floating point
    rows = -(-count // columns)
    cell_w, cell_h = canvas_w // columns, canvas_h // rows
    return [
        (column * cell_w, row * cell_h, cell_w, cell_h)
        for row, column in (divmod(index, columns) for index in range(count))
    ]


def _floating_tiles(count: int, canvas_w: int, canvas_h: int) -> list[Rect]:
    template = TEMPLATE_GEOMETRY["floating"]
    cell_w = canvas_w // template["tile_divisor"]
    cell_h = canvas_h // template["tile_divisor"]
    margin_divisor = template["margin_divisor"]
    # Half-up rounding, so that a margin of exactly x.5 px does not depend on parity.
    margin = (2 * min(canvas_w, canvas_h) + margin_divisor) // (2 * margin_divisor)
    per_row = template["tiles_per_row"]
    shown = min(count, per_row * template["max_rows"])
    tiles = []
    for index in range(shown):
        row, column = divmod(index, per_row)  # row 0 is the bottom row
        tiles.append(
            (
                column * cell_w + margin,
                canvas_h - (row + 1) * cell_h + margin,
                max(cell_w - 2 * margin, 0),
                max(cell_h - 2 * margin, 0),
            )
        )
    return tiles


def _screen_share_rects(count: int, canvas_w: int, canvas_h: int) -> tuple[Rect, list[Rect]]:
    template = TEMPLATE_GEOMETRY["screen_share"]
    tile_w = canvas_w // template["tile_divisor"]
    tile_h = canvas_h // template["tile_divisor"]
    per_column = template["tiles_per_column"]
    shown = min(count, per_column * template["max_columns"])
    # D.4 reserves one column even when nobody is in it.
    columns = max(-(-shown // per_column), 1)
    big = (0, 0, canvas_w - columns * tile_w, canvas_h)
    tiles = []
    for index in range(shown):
        column, row = divmod(index, per_column)  # column 0 is the right-most
        tiles.append((canvas_w - (column + 1) * tile_w, row * tile_h, tile_w, tile_h))
    return big, tiles


def _sends(person: Participant, stream_type: int) -> bool:
    return person.screen if stream_type == STREAM_SCREEN else person.camera


def _shown_stream(person: Participant) -> int | None:
    if person.camera:
        return STREAM_CAMERA
    if person.screen:
        return STREAM_SCREEN
    return None


def _source_size(person: Participant, stream_type: int) -> tuple[int, int]:
    if stream_type == STREAM_SCREEN:
        return SCREEN_SHARE_SOURCE_SIZE
    return (person.width, person.height)


def _pinned(binding: Binding | None) -> Binding | None:
    """The binding when it names a user; an empty UserId leaves the slot to auto-fill."""
    return binding if binding is not None and binding.names_user else None


def _unique(participants: Iterable[Participant]) -> list[Participant]:
    """Participants in join order, a user who is listed twice counting once."""
    seen: dict[UserKey, Participant] = {}
    for person in participants:
        seen.setdefault(person.key, person)
    return list(seen.values())


def _volume(volumes: Mapping[str, int], user_id: str | None) -> int:
    """A user's volume for the SEI, 0 to 100 (0 when unknown)."""
    level = volumes.get(user_id) if user_id is not None else None
    return min(max(_int(level, 0), 0), 100)


def _int(value: object, default: int) -> int:
    # bool is a subclass of int in Python but never a valid integer field in the API.
    return value if type(value) is int else default


def _required_text(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name} must be a non-empty string")
    return value


def _optional_flag(data: Mapping[str, Any], name: str, default: bool) -> bool:
    value = data.get(name, default)
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be true or false")
    return value


def _optional_size(data: Mapping[str, Any], name: str, default: int) -> int:
    value = data.get(name, default)
    if type(value) is not int or value <= 0:
        raise ValueError(f"{name} must be a positive integer")
    return value
