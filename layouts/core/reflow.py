"""Reflow: a layout at another output size, laid out again rather than scaled.

`reflow(document, width, height)` answers the VideoParams `document` at a new
output size: the portrait screen of a show beside its landscape one, say.
Stretching would squeeze every picture and scaling alone would leave a
side-by-side pair as a thin band across a phone, so the layout is read first,
then laid out again in the new canvas:

1. Roles (`slot_roles`). A custom slot inside a bigger one drawn below it is an
   *inset* (picture in picture), anchored to a corner or an edge of its host.
   The other slots form one arrangement: a *solo* picture; a *grid* of equal
   cells (a side-by-side pair and a stack are grids of two); *1+N*, one big
   picture with a line of equal tiles along one of its sides (a *strip*); or,
   when none of these fits, a *free* arrangement.
2. Layout. A grid takes the number of columns that gives the biggest cells (a
   side-by-side pair becomes top-and-bottom), 1+N puts its strip beside or
   under the big picture, whichever gives the bigger pictures (a strip on the
   right becomes a strip below, the big picture on top), a solo picture fits
   the canvas, a free arrangement is scaled as a whole. Every picture keeps its
   aspect within ASPECT_TOLERANCE (one under about 50 px a side, where a pixel
   is more than that, within a pixel); gaps and margins keep their size relative
   to the canvas' short side; the composition is centred. An inset keeps its
   place and size relative to its host. The screen share (a slot whose
   UserMediaStream.StreamType is the screen, B.10) is fitted, not cropped.
3. Watermarks keep their anchoring: to the picture they sit on, or else to a
   corner, an edge or the centre of the canvas; one spanning stays spanning.
   Each ends up inside the canvas and its safe area (`safe_area`). A band along
   an edge that no picture overlaps (a lower third) keeps its part of the
   canvas free of pictures. Their sizes, and a text's FontSize, follow the
   canvas' short side.

Template modes (floating, grid, screen share) are laid out by the cloud: only
the output size and the watermarks change. VideoEncode keeps Fps and Gop;
BitRate follows the pixel count along the app's own rule of thumb
(`rules.bitrate.suggested_bitrate`, Tencent's recommended bitrates by size):
the producer's choice keeps its ratio to that curve, so 1920x1080 and
1080x1920 keep the same bitrate and a 1:1 output gets less.

`manual_touches(before, after)` says which slots still want a producer's eye.
Every threshold here is this module's own judgement, not an API number; the
API's numbers come from `layouts.core.contract.video`.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from layouts.core.contract import video
from layouts.core.contract.document import SLOTS_PATH, Document, read_document
from layouts.core.contract.fields import get_int, get_obj
from layouts.core.contract.problems import WARNING, Problem
from layouts.core.geometry import TEMPLATE_GEOMETRY
from layouts.core.rules.bitrate import BITRATE_ANCHOR_FPS, suggested_bitrate
from layouts.core.text import gettext_noop

# A picture's width / height after reflow is within 1 % of what it was.
ASPECT_TOLERANCE = 0.01
# The safe area: the centred 90 % of each side, the graphics (title) safe area of
# EBU R 95, as the editor's "broadcast" overlay draws it (static/js/editor/safeareas.js).
# The server had no notion of it; this is it.
SAFE_AREA_SHARE = 0.9
# Two pictures whose sides differ by at most this share (or PIXEL_TOLERANCE) are equal.
SIZE_TOLERANCE = 0.02
PIXEL_TOLERANCE = 2  # px: edges this close touch (layouts are divided with rounding)
SPAN_SHARE = 0.8  # a watermark this much of its frame's side wide spans it
CENTRE_TOLERANCE = 0.02  # share of the frame: margins this close mean centred
BIG_AREA_RATIO = 2  # the big picture of 1+N is at least this many tiles in area
# A composition this close to filling its area fills it (see `_snap`).
SNAP_SHARE = ASPECT_TOLERANCE / 2
BAND_MAX_SHARE = 1 / 3  # a band keeping pictures away is at most this thick
# No picture should end up smaller than the smallest tile the templates draw (D.4:
# an eighth of the canvas); below it a slot wants a producer's eye.
MIN_PICTURE_DIVISOR: int = TEMPLATE_GEOMETRY["screen_share"]["tile_divisor"]

REFLOW_TOUCH = "reflow-touch"  # rule code of `manual_touches`' warnings

# Roles of a slot.
SOLO = "solo"
CELL = "cell"
BIG = "big"
STRIP = "strip"
INSET = "inset"
FREE = "free"

# Where an inset or a watermark sits along one axis of its frame.
START = "start"  # left or top
CENTRE = "centre"
END = "end"  # right or bottom
SPAN = "span"

Rect = tuple[int, int, int, int]  # x, y, w, h in pixels
Box = tuple[float, float, float, float]  # the same before rounding

_MIN_FONT_SIZE: int = video.WATERMARK_TEXT.by_name["FontSize"].minimum or 1


@dataclass(frozen=True, slots=True)
class Role:
    """The part a slot plays; an inset also names its host slot and its corner."""

    kind: str  # SOLO, CELL, BIG, STRIP, INSET or FREE
    host: int | None = None  # index of an inset's host in MixLayoutList
    corner: tuple[str, str] = (CENTRE, CENTRE)  # an inset's (vertical, horizontal) anchor


def reflow(document: Any, width: int, height: int) -> dict[str, Any]:
    """`document` laid out again on a `width` x `height` canvas (see the module's notes).

    A new document; the one given is not changed. Fields that are not the
    canvas size, BitRate, a slot's place, size, RenderMode (screen share) and
    BackgroundCustomRender, or a watermark's place, size and FontSize stay as
    they are. Pictures that cannot be read (a slot outside a canvas of 0 px)
    stay as written.
    """
    if width < 1 or height < 1:
        raise ValueError("the new canvas needs at least 1 px on each side")
    doc = read_document(document)
    result = copy.deepcopy(doc.raw)
    source = doc.canvas_size()
    target = (width, height)
    _write_encode(result, source, target)
    if min(source) < 1:
        return result  # nothing was laid out on a canvas of 0 px; nothing to derive from
    reading = _read(doc)
    k = min(target) / min(source)  # sizes that follow the canvas' short side

    placed_marks: dict[int, Rect] = {}
    for mark in reading.marks:
        if mark.parent is None:
            placed_marks[mark.index] = _place_mark(
                mark, _safe_box(source), _safe_box(target), (k, k), k, target
            )
    area = _content_area(target, [placed_marks[m.index] for m in reading.marks if m.band])
    boxes = _lay_out(reading, _room(area, reading.margin * k, target), k)
    boxes.update(_place_insets(reading, boxes))
    rects = {
        index: _to_rect(boxes[index], reading.pictures[index], reading, target) for index in boxes
    }
    for mark in reading.marks:
        if mark.parent is not None and mark.parent in rects:
            host = reading.pictures[mark.parent]
            new = rects[mark.parent]
            scale = (new[2] / host.w, new[3] / host.h)
            frame = (float(new[0]), float(new[1]), float(new[2]), float(new[3]))
            placed_marks[mark.index] = _place_mark(mark, host.box, frame, scale, k, target)

    _write_slots(result, doc, reading, rects)
    _write_marks(result, reading, placed_marks, k)
    return result


def safe_area(width: int, height: int) -> Rect:
    """The safe area of a `width` x `height` canvas: SAFE_AREA_SHARE of each side, centred."""
    inset_x = round(width * (1 - SAFE_AREA_SHARE) / 2)
    inset_y = round(height * (1 - SAFE_AREA_SHARE) / 2)
    return (inset_x, inset_y, width - 2 * inset_x, height - 2 * inset_y)


def min_picture_side(width: int, height: int) -> float:
    """The shortest side a picture should keep on this canvas (MIN_PICTURE_DIVISOR)."""
    return min(width, height) / MIN_PICTURE_DIVISOR


def slot_roles(document: Any) -> dict[int, Role]:
    """The role of each slot of a custom layout, by index in MixLayoutList.

    Empty for the template modes, and without the slots that cannot be read.
    """
    doc = read_document(document)
    if not doc.custom or min(doc.canvas_size()) < 1:
        return {}
    reading = _read(doc)
    roles: dict[int, Role] = {}
    arrangement = reading.arrangement
    if isinstance(arrangement, _Solo):
        roles[arrangement.picture.index] = Role(SOLO)
    elif isinstance(arrangement, _Grid):
        roles.update((cell.index, Role(CELL)) for cell in arrangement.cells)
    elif isinstance(arrangement, _Strip):
        roles[arrangement.big.index] = Role(BIG)
        roles.update((tile.index, Role(STRIP)) for tile in arrangement.tiles)
    elif isinstance(arrangement, _Free):
        roles.update((picture.index, Role(FREE)) for picture in arrangement.pictures)
    for index, host_index in reading.hosts.items():
        inset, host = reading.pictures[index], reading.pictures[host_index]
        corner = (
            _axis_anchor(inset.y, inset.h, host.y, host.h, host.h).kind,
            _axis_anchor(inset.x, inset.w, host.x, host.w, host.w).kind,
        )
        roles[index] = Role(INSET, host_index, corner)
    return roles


def manual_touches(before: Any, after: Any) -> list[Problem]:
    """Warnings for the slots of `after`, the reflow of `before`, that want a producer's eye.

    A slot needs a touch when it plays another part than before (its role, or an
    inset's host or corner, changed), when its arrangement was not recognised and
    so only scaled to a canvas of another shape, or when it became smaller than
    `min_picture_side` while it was not before.
    """
    old_doc, new_doc = read_document(before), read_document(after)
    new_roles = slot_roles(after)
    old_canvas, new_canvas = old_doc.canvas_size(), new_doc.canvas_size()
    reshaped = min(old_canvas) > 0 and not _same_aspect(old_canvas, new_canvas)
    old_slots = {slot.index: slot for slot in old_doc.slots}
    new_slots = {slot.index: slot for slot in new_doc.slots}
    problems = []
    for index, role in slot_roles(before).items():
        params: dict[str, object] = {"slot": index + 1}
        if new_roles.get(index) != role:
            template = gettext_noop(
                "Slot %(slot)d plays another part in the reflowed layout than in the "
                "original; check where it sits."
            )
        elif role.kind == FREE and reshaped:
            template = gettext_noop(
                "Slot %(slot)d is in an arrangement the reflow does not recognise, so "
                "it was only scaled to the new canvas; check where it sits."
            )
        else:
            old_side = min(old_slots[index].rect(*old_canvas)[2:])
            new_side = min(new_slots[index].rect(*new_canvas)[2:])
            least = min_picture_side(*new_canvas)
            if new_side >= least or old_side < min_picture_side(*old_canvas):
                continue
            template = gettext_noop(
                "Slot %(slot)d is only %(side)d px on its shorter side after the reflow, "
                "less than the %(least)d px of the smallest template picture on this "
                "canvas; make it bigger or leave it out."
            )
            params.update(side=new_side, least=math.ceil(least))
        problems.append(Problem(f"{SLOTS_PATH}[{index}]", REFLOW_TOUCH, WARNING, template, params))
    return problems


# --- reading a layout ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Picture:
    """A custom slot's rectangle on the source canvas (clipped to it)."""

    index: int
    x: int
    y: int
    w: int
    h: int
    zorder: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    @property
    def area(self) -> int:
        return self.w * self.h

    @property
    def aspect(self) -> float:
        return self.w / self.h

    @property
    def box(self) -> Box:
        return (float(self.x), float(self.y), float(self.w), float(self.h))


@dataclass(frozen=True, slots=True)
class _Solo:
    picture: _Picture


@dataclass(frozen=True, slots=True)
class _Grid:
    cells: tuple[_Picture, ...]  # in reading order: rows from the top, left to right
    columns: int  # of the source layout
    gap: float  # px between neighbouring cells


@dataclass(frozen=True, slots=True)
class _Strip:
    big: _Picture
    tiles: tuple[_Picture, ...]  # along the strip
    across: bool  # the strip beside the big picture (a column), else under or over it (a row)
    after: bool  # right of or under the big picture, else left of or over it
    fill: float  # length of the strip / the big picture's side along it
    offset: float  # 0 strip flush with the start of that side, 1 with its end
    gap: float  # px between tiles
    spacing: float  # px between the big picture and the strip


@dataclass(frozen=True, slots=True)
class _Free:
    pictures: tuple[_Picture, ...]


_Arrangement = _Solo | _Grid | _Strip | _Free


@dataclass(frozen=True, slots=True)
class _Anchor:
    """Where something sits along one axis of its frame, and its margins there."""

    kind: str  # START, CENTRE, END or SPAN
    lead: float  # px from the frame's start to the thing's start (negative: outside)
    trail: float  # px from the thing's end to the frame's end


@dataclass(frozen=True, slots=True)
class _Mark:
    """A watermark with a readable box, and how it is anchored."""

    index: int  # in WaterMarkList
    body_name: str
    image: bool
    x: int
    y: int
    w: int
    h: int
    parent: int | None  # index of the slot it sits on; None: anchored to the canvas
    horizontal: _Anchor
    vertical: _Anchor
    band: bool  # along an edge, clear of every picture: keeps its strip of the canvas


@dataclass(frozen=True, slots=True)
class _Reading:
    """What a document's layout is made of, read once for laying it out again."""

    pictures: dict[int, _Picture]
    hosts: dict[int, int]  # inset index -> host index
    arrangement: _Arrangement | None  # of the pictures that are not insets
    marks: tuple[_Mark, ...]
    margin: float  # px between the arrangement and the edges of its area


def _read(doc: Document) -> _Reading:
    canvas = doc.canvas_size()
    pictures = _read_pictures(doc) if doc.custom else {}
    hosts = _hosts(list(pictures.values()))
    base = [picture for index, picture in pictures.items() if index not in hosts]
    marks = _read_marks(doc, pictures, base)
    area = _content_area(canvas, [(m.x, m.y, m.w, m.h) for m in marks if m.band])
    return _Reading(
        pictures=pictures,
        hosts=hosts,
        arrangement=_arrangement(base),
        marks=tuple(marks),
        margin=_margin(base, area),
    )


def _read_pictures(doc: Document) -> dict[int, _Picture]:
    width, height = doc.canvas_size()
    pictures = {}
    for slot in doc.slots:
        x, y, w, h = slot.rect(width, height)
        left, top = min(max(x, 0), width), min(max(y, 0), height)
        right, bottom = min(max(x + w, 0), width), min(max(y + h, 0), height)
        if right > left and bottom > top:
            pictures[slot.index] = _Picture(
                slot.index, left, top, right - left, bottom - top, slot.zorder
            )
    return pictures


def _hosts(pictures: list[_Picture]) -> dict[int, int]:
    """Each inset's host: the smallest bigger picture around it that is drawn below it."""
    hosts = {}
    for picture in pictures:
        around = [
            other
            for other in pictures
            if other.area > picture.area
            and _contains(other, picture)
            and (other.zorder, other.index) < (picture.zorder, picture.index)
        ]
        if around:
            hosts[picture.index] = min(around, key=lambda other: other.area).index
    return hosts


def _arrangement(base: list[_Picture]) -> _Arrangement | None:
    if not base:
        return None
    if len(base) == 1:
        return _Solo(base[0])
    return _as_grid(base) or _as_strip(base) or _Free(tuple(base))


def _as_grid(pictures: list[_Picture]) -> _Grid | None:
    """Equal pictures that do not overlap, read row by row."""
    first = pictures[0]
    if not all(_equal_size(first, other) for other in pictures):
        return None
    if any(_overlap(a, b) for i, a in enumerate(pictures) for b in pictures[i + 1 :]):
        return None
    rows: list[list[_Picture]] = []
    for picture in sorted(pictures, key=lambda p: (p.y, p.x)):
        if rows and picture.y < rows[-1][0].y + first.h / 2:
            rows[-1].append(picture)
        else:
            rows.append([picture])
    cells = tuple(cell for row in rows for cell in sorted(row, key=lambda p: p.x))
    gaps = [
        b.x - a.right for a in pictures for b in pictures if _same_row(a, b) and b.x >= a.right
    ] + [
        b.y - a.bottom for a in pictures for b in pictures if _same_column(a, b) and b.y >= a.bottom
    ]
    return _Grid(cells, max(len(row) for row in rows), float(min(gaps, default=0)))


def _as_strip(pictures: list[_Picture]) -> _Strip | None:
    """One big picture and a line of equal tiles along one of its sides (1+N)."""
    big = max(pictures, key=lambda p: p.area)
    tiles = [p for p in pictures if p is not big]
    if any(tile.area * BIG_AREA_RATIO > big.area for tile in tiles):
        return None
    if not all(_equal_size(tiles[0], tile) for tile in tiles):
        return None
    for across, after in ((True, True), (False, True), (True, False), (False, False)):
        strip = _strip_along(big, tiles, across=across, after=after)
        if strip is not None:
            return strip
    return None


def _strip_along(
    big: _Picture, tiles: list[_Picture], *, across: bool, after: bool
) -> _Strip | None:
    """The strip on one side of `big`, if the tiles form a line there."""
    big_start, big_end = _along(big, across)
    big_near, big_far = _across(big, across)
    if after:
        beside = all(_across(t, across)[0] >= big_far - PIXEL_TOLERANCE for t in tiles)
        spacing = min(_across(t, across)[0] - big_far for t in tiles)
    else:
        beside = all(_across(t, across)[1] <= big_near + PIXEL_TOLERANCE for t in tiles)
        spacing = min(big_near - _across(t, across)[1] for t in tiles)
    one_line = max(_across(t, across)[0] for t in tiles) < min(_across(t, across)[1] for t in tiles)
    if not (beside and one_line):
        return None
    line = sorted(tiles, key=lambda tile: _along(tile, across)[0])
    gaps = [
        _along(b, across)[0] - _along(a, across)[1] for a, b in zip(line, line[1:], strict=False)
    ]
    first, last = _along(line[0], across)[0], _along(line[-1], across)[1]
    if any(gap < -PIXEL_TOLERANCE for gap in gaps):
        return None  # tiles overlap along the line
    if first < big_start - PIXEL_TOLERANCE or last > big_end + PIXEL_TOLERANCE:
        return None  # the strip reaches past the big picture's side
    slack = (big_end - big_start) - (last - first)
    offset = (first - big_start) / slack if slack > PIXEL_TOLERANCE else 0.5
    return _Strip(
        big=big,
        tiles=tuple(line),
        across=across,
        after=after,
        fill=min((last - first) / (big_end - big_start), 1.0),
        offset=min(max(offset, 0.0), 1.0),
        gap=float(max(min(gaps, default=0), 0)),
        spacing=float(max(spacing, 0)),
    )


def _along(picture: _Picture, across: bool) -> tuple[int, int]:
    """Where a picture starts and ends along a strip: down a column, or along a row."""
    return (picture.y, picture.bottom) if across else (picture.x, picture.right)


def _across(picture: _Picture, across: bool) -> tuple[int, int]:
    """Where a picture starts and ends across a strip."""
    return (picture.x, picture.right) if across else (picture.y, picture.bottom)


def _read_marks(doc: Document, pictures: dict[int, _Picture], base: list[_Picture]) -> list[_Mark]:
    canvas_w, canvas_h = doc.canvas_size()
    safe = safe_area(canvas_w, canvas_h)
    marks = []
    for watermark in doc.watermarks:
        if watermark.kind is None or watermark.body is None:
            continue
        values = [get_int(watermark.body, name) for name in _BOX_FIELDS]
        if any(value is None or value < 0 for value in values):
            continue
        x, y, w, h = (value or 0 for value in values)
        parent = _parent_slot((x, y, w, h), pictures)
        if parent is None:
            frame: Rect = safe
            horizontal = _axis_anchor(x, w, frame[0], frame[2], canvas_w)
            vertical = _axis_anchor(y, h, frame[1], frame[3], canvas_h)
        else:
            host = pictures[parent]
            horizontal = _axis_anchor(x, w, host.x, host.w, host.w)
            vertical = _axis_anchor(y, h, host.y, host.h, host.h)
        band = parent is None and _is_band((x, y, w, h), horizontal, vertical, doc, base)
        marks.append(
            _Mark(
                index=watermark.index,
                body_name=watermark.body_name,
                image=watermark.kind == video.WATERMARK_IMAGE_TYPE,
                x=x,
                y=y,
                w=w,
                h=h,
                parent=parent,
                horizontal=horizontal,
                vertical=vertical,
                band=band,
            )
        )
    return marks


_BOX_FIELDS = ("LocationX", "LocationY", "WaterMarkWidth", "WaterMarkHeight")


def _is_band(
    box: Rect, horizontal: _Anchor, vertical: _Anchor, doc: Document, base: list[_Picture]
) -> bool:
    """A thin watermark spanning the canvas along one edge, clear of every picture."""
    if (horizontal.kind == SPAN) == (vertical.kind == SPAN) or CENTRE in (
        horizontal.kind,
        vertical.kind,
    ):
        return False
    _x, _y, w, h = box
    canvas_w, canvas_h = doc.canvas_size()
    thickness, side = (h, canvas_h) if horizontal.kind == SPAN else (w, canvas_w)
    return thickness <= BAND_MAX_SHARE * side and not any(_overlap_rect(box, p) for p in base)


def _parent_slot(box: Rect, pictures: dict[int, _Picture]) -> int | None:
    """The smallest picture a watermark sits on, if any.

    Even a picture that fills the canvas: a logo on the host of a picture in
    picture stays on the host when, in portrait, the host no longer fills it.
    """
    x, y, w, h = box
    inside = [
        p
        for p in pictures.values()
        if p.x - PIXEL_TOLERANCE <= x
        and p.y - PIXEL_TOLERANCE <= y
        and x + w <= p.right + PIXEL_TOLERANCE
        and y + h <= p.bottom + PIXEL_TOLERANCE
    ]
    if not inside:
        return None
    return min(inside, key=lambda p: (p.area, -p.zorder, -p.index)).index


def _axis_anchor(start: int, size: int, frame_start: int, frame_size: int, span_of: int) -> _Anchor:
    """How something from `start` to `start + size` sits in a frame along one axis."""
    lead = float(start - frame_start)
    trail = float(frame_start + frame_size - (start + size))
    if size >= SPAN_SHARE * span_of:
        kind = SPAN
    elif abs(lead - trail) <= CENTRE_TOLERANCE * frame_size:
        kind = CENTRE
    else:
        kind = START if lead < trail else END
    return _Anchor(kind, lead, trail)


def _content_area(canvas: tuple[int, int], bands: Iterable[Rect]) -> Box:
    """The canvas less the strips that bands along its edges keep for themselves."""
    left, top, right, bottom = 0.0, 0.0, float(canvas[0]), float(canvas[1])
    for x, y, w, h in bands:
        if w >= h * canvas[0] / max(canvas[1], 1):  # across the canvas: at the top or bottom
            if y + h / 2 < canvas[1] / 2:
                top = max(top, float(y + h))
            else:
                bottom = min(bottom, float(y))
        elif x + w / 2 < canvas[0] / 2:
            left = max(left, float(x + w))
        else:
            right = min(right, float(x))
    return (left, top, max(right - left, 0.0), max(bottom - top, 0.0))


def _margin(base: list[_Picture], area: Box) -> float:
    """The narrowest space between the arrangement and the edges of its area."""
    if not base:
        return 0.0
    left = min(p.x for p in base) - area[0]
    top = min(p.y for p in base) - area[1]
    right = area[0] + area[2] - max(p.right for p in base)
    bottom = area[1] + area[3] - max(p.bottom for p in base)
    return max(min(left, top, right, bottom), 0.0)


# --- laying out again --------------------------------------------------------------------


def _lay_out(reading: _Reading, area: Box, k: float) -> dict[int, Box]:
    """Boxes on the new canvas for the pictures that are not insets."""
    arrangement = reading.arrangement
    if arrangement is None:
        return {}
    if isinstance(arrangement, _Solo):
        boxes = {arrangement.picture.index: _fit_box(arrangement.picture.box, area)}
    elif isinstance(arrangement, _Grid):
        # Gaps too wide for the canvas leave no cells: then the grid is scaled as a whole.
        boxes = _lay_out_grid(arrangement, area, k) or _lay_out_free(_Free(arrangement.cells), area)
    elif isinstance(arrangement, _Strip):
        boxes = _lay_out_strip(arrangement, area, k)
    else:
        boxes = _lay_out_free(arrangement, area)
    return _snap(boxes, area)


def _snap(boxes: dict[int, Box], area: Box) -> dict[int, Box]:
    """A composition within SNAP_SHARE of filling its area along a side fills it.

    Pictures change aspect by as little, well within ASPECT_TOLERANCE; without it
    the pixel rounding of one reflow would leave hairlines on the way back
    (a 1920 px picture read back from 1080x608 comes out 1918 px wide).
    """
    if not boxes:
        return boxes
    left = min(box[0] for box in boxes.values())
    top = min(box[1] for box in boxes.values())
    width = max(box[0] + box[2] for box in boxes.values()) - left
    height = max(box[1] + box[3] for box in boxes.values()) - top
    scale_x = area[2] / width if 0 < area[2] / width - 1 <= SNAP_SHARE else 1.0
    scale_y = area[3] / height if 0 < area[3] / height - 1 <= SNAP_SHARE else 1.0
    if scale_x == scale_y == 1.0:
        return boxes
    new_left = area[0] + (area[2] - width * scale_x) / 2
    new_top = area[1] + (area[3] - height * scale_y) / 2
    return {
        index: (
            new_left + (x - left) * scale_x,
            new_top + (y - top) * scale_y,
            w * scale_x,
            h * scale_y,
        )
        for index, (x, y, w, h) in boxes.items()
    }


def _lay_out_grid(grid: _Grid, area: Box, k: float) -> dict[int, Box]:
    """Equal cells in the number of columns that makes them biggest, centred; the last
    row, when short, centred too."""
    count, aspect, gap = len(grid.cells), _mean_aspect(grid.cells), grid.gap * k
    ax, ay, aw, ah = area
    choices = []
    for columns in range(1, count + 1):
        rows = -(-count // columns)
        cell_w = (aw - (columns - 1) * gap) / columns
        cell_h = cell_w / aspect
        if rows * cell_h + (rows - 1) * gap > ah:
            cell_h = (ah - (rows - 1) * gap) / rows
            cell_w = cell_h * aspect
        if cell_w > 0 and cell_h > 0:
            # Biggest cells first; on a tie the source's columns, then fewest empty cells.
            rank = (round(cell_w * cell_h, 6), columns == grid.columns, -(rows * columns - count))
            choices.append((rank, columns, rows, cell_w, cell_h))
    if not choices:
        return {}
    _rank, columns, rows, cell_w, cell_h = max(choices, key=lambda choice: choice[0])
    left = ax + (aw - (columns * cell_w + (columns - 1) * gap)) / 2
    top = ay + (ah - (rows * cell_h + (rows - 1) * gap)) / 2
    boxes = {}
    for position, cell in enumerate(grid.cells):
        row, column = divmod(position, columns)
        in_row = min(columns, count - row * columns)
        shift = (columns - in_row) * (cell_w + gap) / 2
        boxes[cell.index] = (
            left + shift + column * (cell_w + gap),
            top + row * (cell_h + gap),
            cell_w,
            cell_h,
        )
    return boxes


def _lay_out_strip(strip: _Strip, area: Box, k: float) -> dict[int, Box]:
    """The big picture and its strip, beside or under it, whichever makes them bigger."""
    shapes = [
        _strip_shape(strip, area, k, across=across) for across in (strip.across, not strip.across)
    ]
    usable = [shape for shape in shapes if shape is not None]
    if not usable:
        return _lay_out_free(_Free((strip.big, *strip.tiles)), area)
    # The source's direction wins a tie, for it comes first.
    across, big_w, big_h, tile_w, tile_h = max(
        usable, key=lambda s: round(_strip_area(strip, s), 6)
    )
    gap, spacing = strip.gap * k, strip.spacing * k
    count = len(strip.tiles)
    if across:
        total_w, total_h = big_w + spacing + tile_w, big_h
        line_length = count * tile_h + (count - 1) * gap
    else:
        total_w, total_h = big_w, big_h + spacing + tile_h
        line_length = count * tile_w + (count - 1) * gap
    left, top = area[0] + (area[2] - total_w) / 2, area[1] + (area[3] - total_h) / 2
    if across:
        big_x = left + (tile_w + spacing if not strip.after else 0)
        strip_x = left if not strip.after else left + big_w + spacing
        first = top + strip.offset * (big_h - line_length)
        tiles = [(strip_x, first + i * (tile_h + gap), tile_w, tile_h) for i in range(count)]
        big = (big_x, top, big_w, big_h)
    else:
        big_y = top + (tile_h + spacing if not strip.after else 0)
        strip_y = top if not strip.after else top + big_h + spacing
        first = left + strip.offset * (big_w - line_length)
        tiles = [(first + i * (tile_w + gap), strip_y, tile_w, tile_h) for i in range(count)]
        big = (left, big_y, big_w, big_h)
    boxes = {strip.big.index: big}
    boxes.update((tile.index, box) for tile, box in zip(strip.tiles, tiles, strict=True))
    return boxes


def _strip_shape(
    strip: _Strip, area: Box, k: float, *, across: bool
) -> tuple[bool, float, float, float, float] | None:
    """(across, big w, big h, tile w, tile h) of the biggest 1+N that fits `area`.

    With the big picture's side along the strip as the unknown, every other length
    follows linearly from it (tiles share the strip's length, less their gaps).
    """
    count, gap, spacing = len(strip.tiles), strip.gap * k, strip.spacing * k
    big_aspect, tile_aspect = strip.big.aspect, _mean_aspect(strip.tiles)
    _x, _y, width, height = area
    # Turned the other way, tiles that spanned the big picture's side could outgrow it
    # (a tall tile beside a wide picture); the strip is shortened so that each tile keeps
    # at most 1 / BIG_AREA_RATIO of the big picture's area, and stays a tile.
    ratio = BIG_AREA_RATIO * (1 + SIZE_TOLERANCE)
    turned = big_aspect / tile_aspect if across else tile_aspect / big_aspect
    fill = min(strip.fill, count * math.sqrt(turned / ratio))
    if across:  # unknown: the big picture's height
        per_side = big_aspect + fill * tile_aspect / count
        side = min(height, (width - spacing + (count - 1) * gap * tile_aspect / count) / per_side)
        tile_h = (fill * side - (count - 1) * gap) / count
        shape = (True, side * big_aspect, side, tile_h * tile_aspect, tile_h)
    else:  # unknown: the big picture's width
        per_side = 1 / big_aspect + fill / (count * tile_aspect)
        side = min(width, (height - spacing + (count - 1) * gap / (count * tile_aspect)) / per_side)
        tile_w = (fill * side - (count - 1) * gap) / count
        shape = (False, side, side / big_aspect, tile_w, tile_w / tile_aspect)
    return shape if min(shape[1:]) > 0 else None


def _strip_area(strip: _Strip, shape: tuple[bool, float, float, float, float]) -> float:
    _across, big_w, big_h, tile_w, tile_h = shape
    return big_w * big_h + len(strip.tiles) * tile_w * tile_h


def _lay_out_free(free: _Free, area: Box) -> dict[int, Box]:
    """An arrangement not recognised: scaled as a whole to fit, centred."""
    left = min(p.x for p in free.pictures)
    top = min(p.y for p in free.pictures)
    bounds = (
        float(left),
        float(top),
        float(max(p.right for p in free.pictures) - left),
        float(max(p.bottom for p in free.pictures) - top),
    )
    fitted = _fit_box(bounds, area)
    scale = fitted[2] / bounds[2]
    return {
        p.index: (
            fitted[0] + (p.x - left) * scale,
            fitted[1] + (p.y - top) * scale,
            p.w * scale,
            p.h * scale,
        )
        for p in free.pictures
    }


def _place_insets(reading: _Reading, boxes: dict[int, Box]) -> dict[int, Box]:
    """Each inset where it was in its host, hosts first (an inset may host another)."""
    placed: dict[int, Box] = {}
    pending = dict(reading.hosts)
    while pending:
        ready = [index for index, host in pending.items() if host in boxes or host in placed]
        if not ready:
            break  # hosts that were not laid out (a canvas with no room): leave them be
        for index in ready:
            host = reading.pictures[pending.pop(index)]
            hx, hy, hw, hh = placed.get(host.index) or boxes[host.index]
            scale_x, scale_y = hw / host.w, hh / host.h
            inset = reading.pictures[index]
            placed[index] = (
                hx + (inset.x - host.x) * scale_x,
                hy + (inset.y - host.y) * scale_y,
                inset.w * scale_x,
                inset.h * scale_y,
            )
    return placed


def _to_rect(box: Box, picture: _Picture, reading: _Reading, canvas: tuple[int, int]) -> Rect:
    """Whole pixels: the box's edges rounded (so neighbours stay apart), then the biggest
    size of the picture's aspect inside, against the side an inset is anchored to."""
    left = min(max(_pixel(box[0]), 0), canvas[0] - 1)
    top = min(max(_pixel(box[1]), 0), canvas[1] - 1)
    right = min(max(_pixel(box[0] + box[2]), left + 1), canvas[0])
    bottom = min(max(_pixel(box[1] + box[3]), top + 1), canvas[1])
    width, height = _fit_aspect(picture.aspect, right - left, bottom - top)
    align_x = align_y = 0.5
    host_index = reading.hosts.get(picture.index)
    if host_index is not None:
        host = reading.pictures[host_index]
        align_x = _ALIGN[_axis_anchor(picture.x, picture.w, host.x, host.w, host.w).kind]
        align_y = _ALIGN[_axis_anchor(picture.y, picture.h, host.y, host.h, host.h).kind]
    return (
        left + int((right - left - width) * align_x),
        top + int((bottom - top - height) * align_y),
        width,
        height,
    )


def _pixel(value: float) -> int:
    """Half up, deaf to float noise: one edge shared by two pictures, computed two ways
    (776.4999999 and 776.5), must land on one pixel or they would overlap."""
    return math.floor(value + 0.5 + 1e-6)


_ALIGN = {START: 0.0, CENTRE: 0.5, SPAN: 0.5, END: 1.0}


def _fit_aspect(aspect: float, width: int, height: int) -> tuple[int, int]:
    """The biggest whole size within `width` x `height` whose ratio is within
    ASPECT_TOLERANCE of `aspect`.

    Whole pixels cannot always be that close: under about 50 px a side one pixel is
    more than 1 %. Rather than shrink such a picture to some smaller size that happens
    to fit, it keeps the biggest size, within a pixel of its aspect.
    """
    if _aspect_error(width, height, aspect) <= ASPECT_TOLERANCE:
        return (width, height)
    widest = min(width, max(round(height * aspect), 1))
    shrink = max(
        2, math.ceil(2 * ASPECT_TOLERANCE * widest)
    )  # a fit exists this close above ~50 px
    for w in range(widest, max(widest - shrink, 0), -1):
        h = min(max(round(w / aspect), 1), height)
        if _aspect_error(w, h, aspect) <= ASPECT_TOLERANCE:
            return (w, h)
    return (widest, min(max(round(widest / aspect), 1), height))


def _aspect_error(width: int, height: int, aspect: float) -> float:
    return abs(width / height / aspect - 1) if height > 0 else math.inf


def _fit_box(box: Box, area: Box) -> Box:
    """`box` scaled to fit `area` (keeping its aspect), centred in it."""
    scale = min(area[2] / box[2], area[3] / box[3])
    width, height = box[2] * scale, box[3] * scale
    return (area[0] + (area[2] - width) / 2, area[1] + (area[3] - height) / 2, width, height)


def _room(area: Box, margin: float, canvas: tuple[int, int]) -> Box:
    """The content area less the margin; the whole area, or canvas, where that leaves none."""
    inner = (area[0] + margin, area[1] + margin, area[2] - 2 * margin, area[3] - 2 * margin)
    for room in (inner, area):
        if room[2] >= 1 and room[3] >= 1:
            return room
    return (0.0, 0.0, float(canvas[0]), float(canvas[1]))


# --- watermarks ------------------------------------------------------------------------


def _place_mark(
    mark: _Mark,
    old_frame: Box,
    new_frame: Box,
    margin_scale: tuple[float, float],
    k: float,
    canvas: tuple[int, int],
) -> Rect:
    """A watermark's box in its new frame (the safe area, or the picture it sits on),
    kept inside the new canvas's safe area."""
    safe = safe_area(*canvas)
    width = _axis_size(mark.horizontal, mark.w, old_frame[2], new_frame[2], k, safe[2])
    height = _axis_size(mark.vertical, mark.h, old_frame[3], new_frame[3], k, safe[3])
    if mark.image and mark.w > 0 and mark.h > 0:
        width, height = _fit_aspect(mark.w / mark.h, max(width, 1), max(height, 1))
    x = _axis_position(
        mark.horizontal, width, old_frame[2], new_frame[0], new_frame[2], margin_scale[0]
    )
    y = _axis_position(
        mark.vertical, height, old_frame[3], new_frame[1], new_frame[3], margin_scale[1]
    )
    x = min(max(x, safe[0]), safe[0] + safe[2] - width)
    y = min(max(y, safe[1]), safe[1] + safe[3] - height)
    return (x, y, width, height)


def _axis_size(
    anchor: _Anchor, size: int, old_len: float, new_len: float, k: float, limit: int
) -> int:
    new = size / old_len * new_len if anchor.kind == SPAN and old_len > 0 else size * k
    return min(max(round(new), 1 if size > 0 else 0), limit)


def _axis_position(
    anchor: _Anchor, size: int, old_len: float, frame_start: float, frame_len: float, scale: float
) -> int:
    if anchor.kind == START:
        return round(frame_start + max(anchor.lead, 0) * scale)
    if anchor.kind == END:
        return round(frame_start + frame_len - size - max(anchor.trail, 0) * scale)
    if anchor.kind == SPAN and old_len > 0:
        return round(frame_start + max(anchor.lead, 0) / old_len * frame_len)
    return round(frame_start + (frame_len - size) / 2)


def _safe_box(canvas: tuple[int, int]) -> Box:
    x, y, w, h = safe_area(*canvas)
    return (float(x), float(y), float(w), float(h))


# --- writing the new document --------------------------------------------------------------


def _write_encode(result: dict[str, Any], source: tuple[int, int], target: tuple[int, int]) -> None:
    """The new size; BitRate along the rule of thumb (see the module's notes)."""
    encode = get_obj(result, "VideoEncode")
    if encode is None:
        result["VideoEncode"] = encode = {}
    encode["Width"], encode["Height"] = target
    bitrate = get_int(encode, "BitRate")
    spec = video.VIDEO_ENCODE.by_name["BitRate"]
    if bitrate is None or min(source) < 1 or spec.minimum is None or spec.maximum is None:
        return
    if not spec.minimum <= bitrate <= spec.maximum:
        return  # out of range already: the rules say so; a ratio of it means nothing
    before = suggested_bitrate(*source, BITRATE_ANCHOR_FPS)
    if before < 1:
        return  # a canvas of a few pixels: the rule of thumb has no rate to scale from
    ratio = suggested_bitrate(*target, BITRATE_ANCHOR_FPS) / before
    encode["BitRate"] = min(max(round(bitrate * ratio), spec.minimum), spec.maximum)


def _write_slots(
    result: dict[str, Any], doc: Document, reading: _Reading, rects: dict[int, Rect]
) -> None:
    slots = get_obj(result, "LayoutParams")
    entries = slots.get("MixLayoutList") if slots is not None else None
    if not isinstance(entries, list):
        return
    for slot in doc.slots:
        rect = rects.get(slot.index)
        entry = entries[slot.index]
        if rect is None or not isinstance(entry, dict):
            continue
        before = reading.pictures[slot.index]
        entry["LocationX"], entry["LocationY"], entry["ImageWidth"], entry["ImageHeight"] = rect
        stream = get_obj(entry, "UserMediaStream")
        if (
            get_int(stream, "StreamType") == video.STREAM_SCREEN
            and slot.render_mode == video.RENDER_CROP
        ):
            # A screen's text must not be cut off: fitted, as the screen-share template does.
            entry["RenderMode"] = TEMPLATE_GEOMETRY["screen_share"]["big_render_mode"]
        custom = get_obj(entry, "BackgroundCustomRender")
        if custom is not None:
            _write_custom_render(custom, rect[2] / before.w, rect[3] / before.h, rect)


def _write_custom_render(
    custom: dict[str, Any], scale_x: float, scale_y: float, rect: Rect
) -> None:
    """R44: the placeholder scales with its slot and stays within it; its radius within
    half its shorter side."""
    width, height, radius = (
        get_int(custom, "Width"),
        get_int(custom, "Height"),
        get_int(custom, "Radius"),
    )
    if width is not None:
        custom["Width"] = width = min(max(round(width * scale_x), 1), rect[2])
    if height is not None:
        custom["Height"] = height = min(max(round(height * scale_y), 1), rect[3])
    if radius is not None:
        radius = round(radius * min(scale_x, scale_y))
        if width is not None and height is not None:
            radius = min(radius, min(width, height) // 2)
        custom["Radius"] = max(radius, 0)


def _write_marks(
    result: dict[str, Any], reading: _Reading, placed: dict[int, Rect], k: float
) -> None:
    entries = result.get("WaterMarkList")
    if not isinstance(entries, list):
        return
    for mark in reading.marks:
        rect = placed.get(mark.index)
        body = get_obj(entries[mark.index], mark.body_name)
        if rect is None or body is None:
            continue
        for name, value in zip(_BOX_FIELDS, rect, strict=True):
            body[name] = value
        font_size = get_int(body, "FontSize")
        if not mark.image and font_size is not None:
            # The box may have had to shrink into the safe area: the text shrinks with it.
            squeeze = min(1.0, rect[3] / (mark.h * k)) if mark.h > 0 else 1.0
            body["FontSize"] = max(round(font_size * k * squeeze), _MIN_FONT_SIZE)


# --- small geometry ------------------------------------------------------------------------


def _contains(outer: _Picture, inner: _Picture) -> bool:
    return (
        outer.x - PIXEL_TOLERANCE <= inner.x
        and outer.y - PIXEL_TOLERANCE <= inner.y
        and inner.right <= outer.right + PIXEL_TOLERANCE
        and inner.bottom <= outer.bottom + PIXEL_TOLERANCE
    )


def _overlap(a: _Picture, b: _Picture) -> bool:
    """Whether two pictures share more than the rounding of a layout."""
    return (
        a.x < b.right - PIXEL_TOLERANCE
        and b.x < a.right - PIXEL_TOLERANCE
        and a.y < b.bottom - PIXEL_TOLERANCE
        and b.y < a.bottom - PIXEL_TOLERANCE
    )


def _overlap_rect(rect: Rect, picture: _Picture) -> bool:
    x, y, w, h = rect
    return x < picture.right and picture.x < x + w and y < picture.bottom and picture.y < y + h


def _equal_size(a: _Picture, b: _Picture) -> bool:
    return _close(a.w, b.w) and _close(a.h, b.h)


def _close(a: int, b: int) -> bool:
    return abs(a - b) <= max(PIXEL_TOLERANCE, SIZE_TOLERANCE * max(a, b))


def _mean_aspect(pictures: Iterable[_Picture]) -> float:
    """The aspect equal pictures are laid out with: their mean, so that each, rounded to
    its own pixels before, is within ASPECT_TOLERANCE of it again."""
    aspects = [picture.aspect for picture in pictures]
    return sum(aspects) / len(aspects)


def _same_row(a: _Picture, b: _Picture) -> bool:
    return a.y < b.bottom and b.y < a.bottom


def _same_column(a: _Picture, b: _Picture) -> bool:
    return a.x < b.right and b.x < a.right


def _same_aspect(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(b) > 0 and _aspect_error(a[0], a[1], b[0] / b[1]) <= ASPECT_TOLERANCE
