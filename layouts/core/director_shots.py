"""Shots: a picture with its roles, and the shots the auto-director builds itself.

A shot is what a rule's action puts on air: a preset, the show's own picture,
or one built here from the show's canvas, background and watermarks (their
roles kept), each a custom layout whose slots take roles (layouts/core/roles.py):

- sharer-big: the screen share big and fitted (RenderMode 1), the loudest in a
  column a quarter of the canvas wide beside it, at the canvas's aspect;
- loudest-big: the loudest over the whole canvas, a strip of auto-fill tiles
  along the bottom (the cloud fills them with everyone else, in join order);
- grid: one auto-fill cell per person (1 to 16), in rows as even as they go;
- pip: the loudest over the whole canvas, the others small in a corner stack;
- slate: no pictures, the show's logos, a text in the middle and/or a canvas image.

Pure: no Django.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, replace
from typing import Any

from layouts.core import roles as roles_
from layouts.core.contract import video
from layouts.core.contract.document import read_document
from layouts.core.director_rules import (
    GRID,
    LOUDEST_BIG,
    NO_SMALL,
    PIP,
    SHARER_BIG,
    SLATE,
    STRIP_TILES,
)
from layouts.core.roles import Roles, RoleSpec, SlotRole

# Shot geometry, as fractions of the canvas.
SHARER_COLUMN_DIVISOR = 4  # the speaker's column beside the screen share: a quarter
STRIP_MARGIN_DIVISOR = 100  # a margin of min(W, H) / 100 around each strip tile
SLATE_FONT_DIVISOR = 12  # slate text: FontSize = H / 12
SLATE_FONT = "SourceHanSans"  # draws Chinese as well as Latin (R47)
CJK_FROM = 0x2E80  # from here on, characters are about an em wide
LATIN_EM = 0.6  # the rough width of a Latin character, in ems
PIP_SIDE_DIVISOR = 4  # a small picture of pip: a quarter of the canvas's shorter side wide
PIP_MAX_SMALL = 8  # pip's small pictures: nine people in all


@dataclass(frozen=True)
class Shot:
    name: int | str  # a preset id, SHOW, or a built shot
    document: dict[str, Any]  # VideoParams with its role slots not yet filled
    roles: Roles = Roles()


@dataclass(frozen=True)
class OnAir:
    shot: Shot
    document: dict[str, Any]  # the VideoParams in force: the shot as filled at its cut


def sharer_big_shot(show: Shot, small: str = roles_.LOUDEST) -> Shot:
    """The screen share big and fitted, the speaker small in a column beside it."""
    width, height = read_document(show.document).canvas_size()
    column = width // SHARER_COLUMN_DIVISOR
    slots = [_slot(0, 0, width - column, height, render_mode=video.RENDER_FIT)]
    bound = [SlotRole(0, RoleSpec(roles_.SHARER))]
    if small != NO_SMALL:
        slots.append(_slot(width - column, 0, column, column * height // max(width, 1)))
        bound.append(SlotRole(1, RoleSpec(small)))
    return _built(show, SHARER_BIG, slots, bound)


def loudest_big_shot(show: Shot, strip: int = STRIP_TILES) -> Shot:
    """The loudest over the whole canvas; a strip of auto-fill tiles along the bottom
    (the cloud fills them with everyone else, in join order)."""
    width, height = read_document(show.document).canvas_size()
    slots = [_slot(0, 0, width, height)]
    margin = max(min(width, height) // STRIP_MARGIN_DIVISOR, 1)
    per_row = max(strip, STRIP_TILES)
    tile_w = max((width - (per_row + 1) * margin) // per_row, 1)
    tile_h = max(tile_w * height // max(width, 1), 1)
    slots.extend(
        _slot(margin + index * (tile_w + margin), height - tile_h - margin, tile_w, tile_h, 1)
        for index in range(strip)
    )
    return _built(show, LOUDEST_BIG, slots, [SlotRole(0, RoleSpec(roles_.LOUDEST))])


def grid_shot(show: Shot, count: int) -> Shot:
    """One auto-fill cell per person (1 to 16), in rows as even as they go."""
    width, height = read_document(show.document).canvas_size()
    cells = min(max(count, 1), video.MAX_SLOTS)
    columns = math.isqrt(cells - 1) + 1
    rows = -(-cells // columns)
    cell_w, cell_h = width // columns, height // rows
    slots = [
        _slot(column * cell_w, row * cell_h, cell_w, cell_h)
        for row, column in (divmod(index, columns) for index in range(cells))
    ]
    return _built(show, GRID, slots, [])


def pip_shot(show: Shot, count: int) -> Shot:
    """The loudest over the whole canvas, everyone else (up to 8) in small auto-fill
    pictures stacked from the bottom-right corner: up the right edge on a landscape
    canvas, along the bottom on a portrait one (a second line beside the first when
    they do not fit), so they cover the least of the big one."""
    width, height = read_document(show.document).canvas_size()
    slots = [_slot(0, 0, width, height)]
    small = min(max(count - 1, 0), PIP_MAX_SMALL)
    side = max(min(width, height) // PIP_SIDE_DIVISOR, 1)
    tile_w, tile_h = side, max(side * height // max(width, 1), 1)
    margin = max(min(width, height) // STRIP_MARGIN_DIVISOR, 1)
    landscape = width >= height
    # How many fit along the edge they stack up (the right one, or the bottom one);
    # the rest start a second line beside the first.
    along = max((height if landscape else width) // (tile_h if landscape else tile_w) - 1, 1)
    for index in range(small):
        line, place = divmod(index, along)
        if landscape:
            x = width - (line + 1) * (tile_w + margin)
            y = height - (place + 1) * (tile_h + margin)
        else:
            x = width - (place + 1) * (tile_w + margin)
            y = height - (line + 1) * (tile_h + margin)
        slots.append(_slot(max(x, 0), max(y, 0), tile_w, tile_h, 1))
    return _built(show, PIP, slots, [SlotRole(0, RoleSpec(roles_.LOUDEST))])


def slate_shot(show: Shot, text: str | None = None, image: str | None = None) -> Shot:
    """No pictures: the show's canvas, background and logos (its image watermarks) with
    `text` in the middle, over `image` if given."""
    width, height = read_document(show.document).canvas_size()
    document = _with_layout(show.document, [])
    marks: list[dict[str, Any]] = [
        mark
        for mark in document.get("WaterMarkList") or []
        if isinstance(mark, dict)
        and mark.get("WaterMarkType", video.WATERMARK_IMAGE_TYPE) == video.WATERMARK_IMAGE_TYPE
    ]
    if text:
        font = _slate_font(text, width * 3 // 4, height)
        marks.append(
            {
                "WaterMarkType": video.WATERMARK_TEXT_TYPE,
                "WaterMarkText": {
                    "Text": text,
                    "WaterMarkWidth": width * 3 // 4,
                    "WaterMarkHeight": font * 2,
                    "LocationX": width // 8,
                    "LocationY": max((height - font * 2) // 2, 0),
                    "FontSize": font,
                    "FontColor": "0xFFFFFF",
                    "Font": SLATE_FONT,
                },
            }
        )
    document["WaterMarkList"] = marks
    if image:
        document["BackgroundImageUrl"] = image
        document["BackgroundRenderMode"] = video.CANVAS_STRETCH
    kept = replace(show.roles, slots=(), watermarks=())
    return Shot(SLATE, document, kept)


def _slate_font(text: str, box_width: int, height: int) -> int:
    """The slate text's size: a twelfth of the canvas's height, smaller when the text
    would not fit the box's width on one line (a 9:16 canvas is narrow). A CJK
    character takes about an em, a Latin one a little over half of one."""
    ems = sum(1.0 if ord(char) >= CJK_FROM else LATIN_EM for char in text)
    return max(min(height // SLATE_FONT_DIVISOR, int(box_width / max(ems, 1.0))), 1)


def _built(show: Shot, name: str, slots: list[dict[str, Any]], bound: list[SlotRole]) -> Shot:
    """A shot of the show's canvas, background and watermarks (and their roles)."""
    return Shot(name, _with_layout(show.document, slots), replace(show.roles, slots=tuple(bound)))


def _with_layout(document: dict[str, Any], slots: list[dict[str, Any]]) -> dict[str, Any]:
    built: dict[str, Any] = {
        key: copy.deepcopy(value) for key, value in document.items() if key != "LayoutParams"
    }
    built["LayoutParams"] = {"MixLayoutMode": video.MODE_CUSTOM, "MixLayoutList": slots}
    return built


def _slot(
    x: int, y: int, w: int, h: int, zorder: int = 0, *, render_mode: int = video.RENDER_CROP
) -> dict[str, Any]:
    return {
        "LocationX": x,
        "LocationY": y,
        "ImageWidth": w,
        "ImageHeight": h,
        "ZOrder": zorder,
        "RenderMode": render_mode,
    }
