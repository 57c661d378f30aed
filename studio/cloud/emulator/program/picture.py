"""The program picture at one instant: the app's own render plus moving test cards.

The still part (background, every participant's test card, watermarks) is what
`layouts.core.render` draws for the layout in force, drawn once per layout and room.
Each frame copies it and adds only what moves on each picture: a running clock,
a block sweeping along the bottom edge and a level meter that follows the
participant's voice in the mix. What moves is clipped away wherever a later
picture or a watermark covers it, so the layering stays the renderer's.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from layouts.core import render
from layouts.core.geometry import KIND_EMPTY, KIND_VIDEO, Layout

Rect = tuple[int, int, int, int]  # left, top, right, bottom
LoadImage = Callable[[str], Image.Image]

CLOCK_CHARACTERS = "0123456789:."
CLOCK_TEXT = (255, 255, 255)
CLOCK_BACK = (0, 0, 0)
CLOCK_HEIGHT = 1 / 10  # of the picture's height
CLOCK_MIN_PX, CLOCK_MAX_PX = 8, 40
CLOCK_INSET = 1 / 40  # of the shorter side
SWEEP_SECONDS = 2.0  # there and back
SWEEP_TRACK = (0, 0, 0)
SWEEP_BLOCK = (255, 255, 255)
SWEEP_HEIGHT = 1 / 30
METER_WIDTH = 1 / 40
METER_BACK = (20, 20, 20)
METER_FILL = (40, 220, 90)
MIN_BAR_PX = 3


@dataclass(frozen=True)
class _Picture:
    """Where the moving parts of one participant's picture go, and what covers them."""

    user_id: str
    box: Rect
    occluders: tuple[Rect, ...]
    clock_px: int


class Still:
    """The still frame of one layout in one room, and where its moving parts go."""

    def __init__(
        self,
        document: Mapping[str, Any],
        layout: Layout,
        *,
        load_image: LoadImage,
    ) -> None:
        result = render.render(dict(document), layout, load_image=load_image)
        self.image = result.image
        self.size = self.image.size
        canvas: Rect = (0, 0, *self.size)
        marks = _watermark_boxes(document)
        pictures = []
        drawn = [region for region in layout.regions if region.kind != KIND_EMPTY]
        for index, region in enumerate(drawn):
            if region.kind != KIND_VIDEO or region.user_id is None:
                continue
            box = _intersect((region.x, region.y, region.x + region.w, region.y + region.h), canvas)
            if box is None:
                continue
            later = [
                (other.x, other.y, other.x + other.w, other.y + other.h)
                for other in drawn[index + 1 :]
            ]
            # render draws a watermark after every region of its ZOrder or lower.
            above = [rect for zorder, rect in marks if zorder >= region.zorder]
            covering = tuple(
                cover for cover in map(lambda rect: _intersect(rect, box), later + above) if cover
            )
            height = box[3] - box[1]
            clock_px = min(max(round(region.h * CLOCK_HEIGHT), CLOCK_MIN_PX), CLOCK_MAX_PX)
            if height < clock_px * 2:
                clock_px = 0
            pictures.append(_Picture(region.user_id, box, covering, clock_px))
        self.pictures = tuple(pictures)

    def frame(self, t: float, levels: Mapping[str, int]) -> Image.Image:
        """The picture at Unix time `t`, with each participant's mixed level (0..100)."""
        frame = self.image.copy()
        clock = _clock_text(t)
        sweep = abs(((t / SWEEP_SECONDS) % 1.0) * 2 - 1)  # 0 -> 1 -> 0, once per period
        patches: dict[int, Image.Image] = {}
        for picture in self.pictures:
            left, top, right, bottom = picture.box
            width, height = right - left, bottom - top
            short = min(width, height)
            inset = max(round(short * CLOCK_INSET), 1)

            if picture.clock_px:
                patch = patches.get(picture.clock_px)
                if patch is None:
                    patch = patches[picture.clock_px] = _clock_patch(clock, picture.clock_px)
                origin = (left + inset, top + inset)
                _paste_image(frame, patch, origin, picture.occluders)

            bar = max(round(height * SWEEP_HEIGHT), MIN_BAR_PX)
            track = (left, bottom - bar, right, bottom)
            _paste_colour(frame, SWEEP_TRACK, track, picture.occluders)
            block_w = max(width // 8, MIN_BAR_PX)
            x = left + round((width - block_w) * sweep)
            _paste_colour(
                frame, SWEEP_BLOCK, (x, bottom - bar, x + block_w, bottom), picture.occluders
            )

            meter_w = max(round(width * METER_WIDTH), MIN_BAR_PX)
            meter = (right - meter_w - inset, top + inset, right - inset, bottom - bar - inset)
            if meter[3] - meter[1] > MIN_BAR_PX:
                _paste_colour(frame, METER_BACK, meter, picture.occluders)
                level = min(max(levels.get(picture.user_id, 0), 0), 100)
                filled = round((meter[3] - meter[1]) * level / 100)
                if filled:
                    fill = (meter[0], meter[3] - filled, meter[2], meter[3])
                    _paste_colour(frame, METER_FILL, fill, picture.occluders)
        return frame


def _clock_text(t: float) -> str:
    moment = datetime.datetime.fromtimestamp(t, tz=datetime.UTC)
    return moment.strftime("%H:%M:%S") + f".{moment.microsecond // 100_000}"


def _clock_patch(text: str, px: int) -> Image.Image:
    glyphs = _glyphs(px)
    cell_w, cell_h = glyphs["0"].size
    pad = max(px // 6, 1)
    patch = Image.new("RGB", (cell_w * len(text) + 2 * pad, cell_h + 2 * pad), CLOCK_BACK)
    for index, character in enumerate(text):
        patch.paste(glyphs[character], (pad + index * cell_w, pad))
    return patch


@functools.lru_cache(maxsize=16)
def _glyphs(px: int) -> dict[str, Image.Image]:
    """Each clock character drawn once per size, in cells of one width (a tabular clock)."""
    font = _font(px)
    width = max(round(font.getlength(character)) for character in CLOCK_CHARACTERS)
    ascent, descent = font.getmetrics()
    glyphs = {}
    for character in CLOCK_CHARACTERS:
        cell = Image.new("RGB", (width, ascent + descent), CLOCK_BACK)
        ImageDraw.Draw(cell).text(
            (width / 2, 0), character, font=font, fill=CLOCK_TEXT, anchor="ma"
        )
        glyphs[character] = cell
    return glyphs


@functools.lru_cache(maxsize=16)
def _font(px: int) -> ImageFont.FreeTypeFont:
    from noto_cjk_sans_otc import FONT_PATH

    return ImageFont.truetype(FONT_PATH, px)


def _paste_colour(
    frame: Image.Image, colour: tuple[int, int, int], rect: Rect, occluders: Sequence[Rect]
) -> None:
    for part in _visible(rect, occluders):
        frame.paste(colour, part)


def _paste_image(
    frame: Image.Image, patch: Image.Image, origin: tuple[int, int], occluders: Sequence[Rect]
) -> None:
    rect = (origin[0], origin[1], origin[0] + patch.width, origin[1] + patch.height)
    parts = _visible(rect, occluders)
    if parts == [rect]:
        frame.paste(patch, origin)
        return
    for left, top, right, bottom in parts:
        piece = patch.crop(
            (left - origin[0], top - origin[1], right - origin[0], bottom - origin[1])
        )
        frame.paste(piece, (left, top))


def _visible(rect: Rect, occluders: Sequence[Rect]) -> list[Rect]:
    """`rect` minus every occluder, as non-overlapping rectangles."""
    parts = [rect]
    for cover in occluders:
        remaining = []
        for part in parts:
            remaining.extend(_subtract(part, cover))
        parts = remaining
        if not parts:
            break
    return parts


def _subtract(rect: Rect, cover: Rect) -> list[Rect]:
    hit = _intersect(rect, cover)
    if hit is None:
        return [rect]
    left, top, right, bottom = rect
    pieces = [
        (left, top, right, hit[1]),  # above
        (left, hit[3], right, bottom),  # below
        (left, hit[1], hit[0], hit[3]),  # left of it
        (hit[2], hit[1], right, hit[3]),  # right of it
    ]
    return [piece for piece in pieces if piece[0] < piece[2] and piece[1] < piece[3]]


def _intersect(a: Rect, b: Rect) -> Rect | None:
    left, top = max(a[0], b[0]), max(a[1], b[1])
    right, bottom = min(a[2], b[2]), min(a[3], b[3])
    return (left, top, right, bottom) if left < right and top < bottom else None


def _watermark_boxes(document: Mapping[str, Any]) -> list[tuple[int, Rect]]:
    """(ZOrder, box) of each watermark (B.14): where a watermark may cover a picture."""
    boxes = []
    marks = document.get("WaterMarkList")
    for mark in marks if isinstance(marks, list) else []:
        if not isinstance(mark, Mapping):
            continue
        body = mark.get("WaterMarkImage") if mark.get("WaterMarkType", 0) == 0 else None
        body = body if body is not None else mark.get("WaterMarkText")
        if not isinstance(body, Mapping):
            continue
        values = [
            body.get(name)
            for name in ("LocationX", "LocationY", "WaterMarkWidth", "WaterMarkHeight")
        ]
        if any(type(value) is not int for value in values):
            continue
        x, y, w, h = values
        zorder = body.get("ZOrder")
        boxes.append((zorder if type(zorder) is int else 0, (x, y, x + w, y + h)))
    return boxes
