"""Pillow drawing of a mix: the program picture the cloud would send, as a still.

`render` reads the VideoParams document and the regions that `layouts.core.geometry`
laid out, and never changes either. Images come from the `load_image` callable
it is given (the app passes `layouts.images.get_image`), so this module makes no
network call and reads no settings. Any image that cannot be used is drawn as a
red "image unavailable" mark and reported as a warning; rendering never fails
because of one (Tencent too ignores a bad image, R45).

Interpretations taken where the reference is silent:

- BackGroundColorMode (B.9): bit 0 governs the placeholder, bit 1 the stream.
  A set bit paints the canvas colour (B.6 BackGroundColor) into the part of the
  slot the fitted picture leaves uncovered (RenderMode 1 for the stream,
  BackgroundRenderMode 1 and 4 for the placeholder). A clear bit paints nothing
  there, so whatever lies beneath (canvas colour or image, lower slots) stays
  visible. The slot's own BackGroundColor has no effect (R42).
- TransparentUrl masks the stream only (and only with RenderMode 0, R42); the
  placeholder has its own shaping (BackgroundRenderMode 4 with a Radius).
- An uploaded stand-in is stretched to the stream's declared size
  (Region.source_width x source_height) before CustomCrop, so crops written in
  stream pixels land where they would on the real stream.
- Moving watermarks (DynamicPosType 1, 2) are drawn at their start position.
"""

from __future__ import annotations

import colorsys
import functools
import hashlib
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageChops, ImageDraw, ImageFont

from layouts.core.contract import video
from layouts.core.contract.document import read_document
from layouts.core.contract.fields import Shape, effective
from layouts.core.geometry import (
    KIND_EMPTY,
    KIND_PLACEHOLDER,
    KIND_VIDEO,
    SCREEN_SHARE_SOURCE_SIZE,
    Layout,
    Region,
)
from layouts.core.text import Phrase, PhraseText, gettext_noop

Colour = tuple[int, int, int]
Box = tuple[int, int, int, int]  # left, top, right, bottom in output pixels
View = tuple[float, float, float, float]  # the part of a source shown, in source pixels

COLOUR_RE = re.compile(video.COLOUR_PATTERN)


def _colour(value: Any) -> Colour | None:
    """An API colour (`0xRRGGBB`, R46) as RGB, or None when it is not one."""
    if not isinstance(value, str) or not COLOUR_RE.fullmatch(value):
        return None
    number = int(value[2:], 16)
    return (number >> 16, (number >> 8) & 0xFF, number & 0xFF)


def _default_colour(shape: Shape, name: str) -> Colour:
    colour = _colour(shape.by_name[name].default)
    if colour is None:
        raise ValueError(f"{shape.name}.{name} has no default colour")
    return colour


BLACK: Colour = (0, 0, 0)
# B.6 leaves the canvas default unknown; the contract takes the recording API's black.
DEFAULT_CANVAS_COLOUR = _default_colour(video.VIDEO_PARAMS, "BackGroundColor")
DEFAULT_FONT_COLOUR = _default_colour(video.WATERMARK_TEXT, "FontColor")  # B.14
DEFAULT_SOURCE_SIZE = (1280, 720)

# How a picture is fitted into a box.
COVER = "cover"  # scale to cover the box, centre-crop the rest
CONTAIN = "contain"  # scale to fit inside the box, centred
STRETCH = "stretch"  # scale each side to the box
CUSTOM = "custom"  # placeholder only: stretched to BackgroundCustomRender, rounded

# R46: canvas BackgroundRenderMode -> (fit, fill the canvas black first).
CANVAS_FIT = {
    video.CANVAS_CROP: (COVER, False),
    video.CANVAS_FIT_ON_BLACK: (CONTAIN, True),
    video.CANVAS_STRETCH: (STRETCH, False),
}
# R42: McuLayout.RenderMode -> fit. The two fits differ only in what is behind.
STREAM_FIT = {
    video.RENDER_CROP: COVER,
    video.RENDER_FIT: CONTAIN,
    video.RENDER_FIT_ON_BLACK: CONTAIN,
}
# R42: McuLayout.BackgroundRenderMode -> fit.
PLACEHOLDER_FIT = {
    video.PLACEHOLDER_CROP: COVER,
    video.PLACEHOLDER_FIT: CONTAIN,
    video.PLACEHOLDER_FIT_ON_BLACK: CONTAIN,
    video.PLACEHOLDER_STRETCH: STRETCH,
    video.CUSTOM_PLACEHOLDER_MODE: CUSTOM,
}
ON_BLACK_STREAM_MODES = (video.RENDER_FIT_ON_BLACK,)
ON_BLACK_PLACEHOLDER_MODES = (video.PLACEHOLDER_FIT_ON_BLACK,)
# BackGroundColorMode bits and the fit modes each applies to (see the module docstring).
PLACEHOLDER_COLOUR_BIT = video.COLOUR_AROUND_PLACEHOLDER
STREAM_COLOUR_BIT = video.COLOUR_AROUND_STREAM
PLACEHOLDER_COLOUR_MODES = (video.PLACEHOLDER_FIT, video.CUSTOM_PLACEHOLDER_MODE)
STREAM_COLOUR_MODES = (video.RENDER_FIT,)

# Generated test cards, in fractions of the stream's own size.
CARD_SATURATION = 0.6
CARD_VALUE = 0.62
CARD_LINE: Colour = (255, 255, 255)
CARD_BORDER = 1 / 120  # of the shorter side
CARD_CROSS_ARM = 1 / 14  # of the shorter side
CARD_TEXT = 1 / 9  # of the height
CARD_TEXT_Y = 0.64  # the user ID sits below the centre cross
# A screen share's card is a desktop: one window (a title bar with its three buttons,
# a sidebar, lines of text and a picture in the user's colour) and, in its middle, a
# screen icon above the user ID. In fractions of the source's width (x) and height (y).
SCREEN_WINDOW = (0.06, 0.07, 0.94, 0.91)
SCREEN_TITLE_BAR = 0.07  # of the height, the top of the window
SCREEN_BUTTON = 0.018  # radius of each title-bar button, of the height
SCREEN_SIDEBAR_RIGHT = 0.22
SCREEN_TEXT_LINES = ((0.26, 0.2, 0.62), (0.26, 0.25, 0.56), (0.26, 0.3, 0.6))  # left, top, right
SCREEN_TEXT_LINE = 0.02  # of the height
SCREEN_PICTURE = (0.66, 0.2, 0.9, 0.36)
SCREEN_ICON = (0.5, 0.47)  # centre of the icon's screen
SCREEN_ICON_HEIGHT = 0.17  # of the height; the icon is 16:10
SCREEN_WINDOW_FILL: Colour = (236, 238, 241)
SCREEN_SIDEBAR_FILL: Colour = (214, 218, 224)
SCREEN_LINE_FILL: Colour = (186, 192, 202)
SCREEN_INK: Colour = (44, 48, 56)
SCREEN_BUTTONS: tuple[Colour, ...] = ((236, 95, 87), (245, 190, 79), (98, 197, 84))
MIN_TEXT_PX = 4  # smaller text is unreadable noise; leave it out
MAX_FONT_PX = video.MAX_CANVAS_SIDE  # a glyph larger than any canvas only shows in part
# Document coordinates are clamped to this before drawing: enough to place anything
# on the largest canvas, small enough that outlines and curves cost little.
COORDINATE_LIMIT = 16 * video.MAX_CANVAS_SIDE

AUDIO_TILE: Colour = (48, 48, 48)
AUDIO_MARK: Colour = (200, 200, 200)
UNAVAILABLE: Colour = (230, 40, 40)
UNAVAILABLE_LINE = 2  # px at scale 1
TEXT_INSET = 4  # px at scale 1, left of a text watermark
ROUNDED_SUPERSAMPLE = 4
RESAMPLE = Image.Resampling.BILINEAR
REDUCING_GAP = 1.0  # box-average by whole factors first: ~40% faster, fine for a preview

OVERLAY_COLOURS: dict[str, Colour] = {
    KIND_VIDEO: (0, 220, 255),
    KIND_PLACEHOLDER: (255, 190, 0),
    KIND_EMPTY: (190, 190, 190),
}
OVERLAY_WATERMARK: Colour = (255, 0, 255)
OVERLAY_LINE = 2  # px at scale 1, never under 1
OVERLAY_LABEL_PX = 18  # at scale 1, never under OVERLAY_LABEL_MIN_PX
OVERLAY_LABEL_MIN_PX = 10

# Previews favour encoding speed over size: PNG level 1 and WebP method 0 are the
# fastest settings of each (WebP's default method 4 took ~2.5x as long at 1080p).
ENCODINGS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "png": ("PNG", "image/png", {"compress_level": 1}),
    "jpeg": ("JPEG", "image/jpeg", {"quality": 85}),
    "webp": ("WEBP", "image/webp", {"quality": 80, "method": 0}),
}

LoadImage = Callable[[str], Image.Image]


class ImageUnavailable(Exception):
    """An image the loader (passed in by the app) could not give; `reason` is a short code."""

    def __init__(self, url: str, reason: str, message: str) -> None:
        super().__init__(message)
        self.url = url
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class RenderResult:
    image: Image.Image  # RGB, canvas size x scale
    warnings: list[dict[str, str]]


def render(
    document: dict[str, Any],
    layout: Layout,
    *,
    scale: float = 1.0,
    overlay: bool = False,
    load_image: LoadImage,
    standins: Mapping[str, Image.Image] | None = None,
) -> RenderResult:
    """Draw `layout` as the cloud would mix it, at canvas size x `scale`.

    `standins` maps user IDs to pictures shown instead of their generated test
    card. `overlay` adds slot and watermark outlines with labels on top.
    """
    if not 0 < scale <= 1:
        raise ValueError("scale must be more than 0 and at most 1")
    frame = _Frame(document, layout, scale, load_image, standins or {})
    frame.draw_background()
    watermarks = sorted(_watermarks(document), key=lambda mark: mark.zorder)
    next_mark = 0
    for region in layout.regions:
        # A watermark goes above every region of its ZOrder or lower. Tencent
        # documents no rule for a tie between a slot and a watermark; we put
        # the watermark on top, as a logo usually is.
        while next_mark < len(watermarks) and watermarks[next_mark].zorder < region.zorder:
            frame.draw_watermark(watermarks[next_mark])
            next_mark += 1
        frame.draw_region(region)
    for mark in watermarks[next_mark:]:
        frame.draw_watermark(mark)
    if overlay:
        frame.draw_overlay()
    return RenderResult(image=frame.canvas, warnings=frame.warnings)


def clear_caches() -> None:
    """Forget drawn test cards and masks (fonts stay loaded): for cold-start measurements."""
    _card_picture.cache_clear()
    _rounded_mask.cache_clear()


def encode(image: Image.Image, fmt: str) -> tuple[bytes, str]:
    """The image as PNG, JPEG or WebP bytes, with its MIME type."""
    if fmt not in ENCODINGS:
        raise ValueError(f"unknown image format {fmt!r}; expected one of {', '.join(ENCODINGS)}")
    pillow_format, mime, options = ENCODINGS[fmt]
    buffer = io.BytesIO()
    _rgb(image).save(buffer, pillow_format, **options)
    return buffer.getvalue(), mime


# --- the frame being drawn ------------------------------------------------------------


@dataclass(frozen=True)
class _Watermark:
    index: int  # in WaterMarkList
    kind: int  # 0 image, 1 text
    body: dict[str, Any]  # the WaterMarkImage or WaterMarkText object
    zorder: int


class _Frame:
    """One render in progress: the canvas, the images loaded so far, the warnings."""

    def __init__(
        self,
        document: dict[str, Any],
        layout: Layout,
        scale: float,
        load_image: LoadImage,
        standins: Mapping[str, Image.Image],
    ) -> None:
        self.document = document if isinstance(document, dict) else {}
        self.layout = layout
        self.scale = scale
        self.load_image = load_image
        self.standins = standins
        self.canvas_colour = (
            _colour(effective(self.document, "BackGroundColor", video.VIDEO_PARAMS))
            or DEFAULT_CANVAS_COLOUR
        )
        size = (_scaled(layout.canvas_w, scale), _scaled(layout.canvas_h, scale))
        self.canvas = Image.new("RGB", size, self.canvas_colour)
        self.warnings: list[dict[str, str]] = []
        self._loaded: dict[str, Image.Image | Exception] = {}
        self._watermark_boxes: list[Box] = []

    # Canvas ----------------------------------------------------------------------

    def draw_background(self) -> None:
        url = effective(self.document, "BackgroundImageUrl", video.VIDEO_PARAMS)
        if not url:
            return
        image = self._load(
            url, "BackgroundImageUrl", Phrase(gettext_noop("The canvas background image"))
        )
        if image is None:
            self._unavailable_banner()
            return
        mode = effective(self.document, "BackgroundRenderMode", video.VIDEO_PARAMS)
        fit, on_black = CANVAS_FIT.get(mode, CANVAS_FIT[video.CANVAS_STRETCH])
        if on_black:
            self.canvas.paste(BLACK, (0, 0, *self.canvas.size))
        self._paste_fitted(image, (0, 0, *self.canvas.size), fit)

    # Regions ---------------------------------------------------------------------

    def draw_region(self, region: Region) -> None:
        box = self._box(region.x, region.y, region.w, region.h)
        if box is None:
            return
        if region.kind == KIND_VIDEO:
            self._draw_stream(region, box)
        elif region.kind == KIND_PLACEHOLDER:
            if region.placeholder_url:
                self._draw_placeholder(region, box)
            else:
                self._draw_audio_tile(region, box)

    def _draw_stream(self, region: Region, box: Box) -> None:
        default_w, default_h = (
            SCREEN_SHARE_SOURCE_SIZE
            if region.stream_type == video.STREAM_SCREEN
            else DEFAULT_SOURCE_SIZE
        )
        source_w = region.source_width or default_w
        source_h = region.source_height or default_h
        crop = _crop_box(region.crop, source_w, source_h)
        fit = STREAM_FIT.get(region.render_mode, STREAM_FIT[video.RENDER_CROP])
        view, dest = _fit(crop, fit, box)

        if region.render_mode in ON_BLACK_STREAM_MODES:
            self.canvas.paste(BLACK, box)
        elif region.render_mode in STREAM_COLOUR_MODES and (region.colour_mode & STREAM_COLOUR_BIT):
            self.canvas.paste(self.canvas_colour, box)

        mask_image = None
        # R42: the mask applies with one RenderMode only.
        mask_url = region.transparent_url if region.render_mode == video.MASK_RENDER_MODE else None
        if mask_url:
            mask_image = self._load(
                mask_url,
                _slot_path(region, "TransparentUrl"),
                Phrase(
                    gettext_noop("The mask (TransparentUrl) of %(slot)s"),
                    {"slot": _slot_name(region)},
                ),
            )

        visible = self._visible(dest, view)
        if visible is None:
            return
        shown, view = visible
        size = _size(shown)
        standin = self.standins.get(region.user_id or "")
        if standin is not None:
            fx, fy = standin.width / source_w, standin.height / source_h
            picture = _resample(
                _rgb(standin), (view[0] * fx, view[1] * fy, view[2] * fx, view[3] * fy), size
            )
        else:
            picture = _card_picture(
                region.user_id or "", region.stream_type, source_w, source_h, view, size
            )
        mask = None
        if mask_image is not None and "A" in mask_image.getbands():
            # RenderMode 0 fills the slot, so the mask spans `dest` just as the picture does.
            full_mask = (0, 0, *mask_image.size)
            _, mask_view = self._visible(dest, full_mask) or (shown, full_mask)
            mask = mask_image.getchannel("A").resize(size, RESAMPLE, box=mask_view)
        self.canvas.paste(picture, shown[:2], mask)
        if mask_url and mask_image is None:
            self._unavailable_mark(box)

    def _draw_placeholder(self, region: Region, box: Box) -> None:
        image = self._load(
            region.placeholder_url or "",
            _slot_path(region, "BackgroundImageUrl"),
            Phrase(gettext_noop("The placeholder image of %(slot)s"), {"slot": _slot_name(region)}),
        )
        if image is None:
            self._unavailable_mark(box)
            return
        mode = region.placeholder_render_mode
        fit = PLACEHOLDER_FIT.get(mode, PLACEHOLDER_FIT[video.PLACEHOLDER_STRETCH])
        custom = _custom_render(region.custom_render) if fit == CUSTOM else None
        if fit == CUSTOM and custom is None:
            fit = STRETCH  # R44 violation, reported by the rules; draw something useful

        if mode in ON_BLACK_PLACEHOLDER_MODES:
            self.canvas.paste(BLACK, box)
        elif mode in PLACEHOLDER_COLOUR_MODES and (region.colour_mode & PLACEHOLDER_COLOUR_BIT):
            self.canvas.paste(self.canvas_colour, box)

        if custom is None:
            self._paste_fitted(image, box, fit)
            return
        left, top, right, bottom = box
        custom_w, custom_h, radius = custom
        width = min(_scaled(custom_w, self.scale), right - left)
        height = min(_scaled(custom_h, self.scale), bottom - top)
        x, y = left + (right - left - width) // 2, top + (bottom - top - height) // 2
        visible = self._visible((x, y, x + width, y + height), (0, 0, *image.size))
        if visible is None:
            return
        shown, view = visible
        picture = _resample(image, view, _size(shown))
        window = (shown[0] - x, shown[1] - y, shown[2] - x, shown[3] - y)
        radius = min(round(radius * self.scale), min(width, height) // 2)
        mask = _rounded_mask(width, height, radius, window)
        if picture.mode == "RGBA":
            mask = ImageChops.multiply(mask, picture.getchannel("A"))
        self.canvas.paste(picture, shown[:2], mask)

    def _draw_audio_tile(self, region: Region, box: Box) -> None:
        """An audio-only user in a template (PureAudioHoldPlaceMode 1): a speaker mark."""
        visible = self._visible(box, box)
        if visible is None:
            return
        shown = visible[0]
        tile = Image.new("RGB", _size(shown), AUDIO_TILE)
        draw = ImageDraw.Draw(tile)
        width, height = _size(box)
        unit = min(width, height) / 10
        # Drawn in the slot's own coordinates, shifted to the part on the canvas.
        cx = box[0] - shown[0] + width / 2
        cy = box[1] - shown[1] + height / 2 - unit
        draw.rectangle((cx - 2 * unit, cy - unit, cx - unit, cy + unit), fill=AUDIO_MARK)
        cone = [
            (cx - unit, cy - unit),
            (cx + 0.5 * unit, cy - 2.2 * unit),
            (cx + 0.5 * unit, cy + 2.2 * unit),
            (cx - unit, cy + unit),
        ]
        draw.polygon(cone, fill=AUDIO_MARK)
        line = max(1, round(unit / 4))
        for reach in (1.3, 2.1):
            arc = (cx + 0.5 * unit - reach * unit, cy - reach * unit)
            draw.arc(
                (*arc, cx + 0.5 * unit + reach * unit, cy + reach * unit),
                -45,
                45,
                fill=AUDIO_MARK,
                width=line,
            )
        text_px = round(unit * 1.2)
        if text_px >= MIN_TEXT_PX:
            font = _font(text_px)
            draw.text((cx, cy + 3.2 * unit), "audio only", font=font, fill=AUDIO_MARK, anchor="mm")
            if region.user_id:
                draw.text(
                    (cx, cy + 4.8 * unit), region.user_id, font=font, fill=AUDIO_MARK, anchor="mm"
                )
        self.canvas.paste(tile, shown[:2])

    # Watermarks ------------------------------------------------------------------

    def draw_watermark(self, mark: _Watermark) -> None:
        body = mark.body
        image = mark.kind == video.WATERMARK_IMAGE_TYPE
        shape = video.WATERMARK_IMAGE if image else video.WATERMARK_TEXT
        values = [
            effective(body, name, shape)
            for name in ("LocationX", "LocationY", "WaterMarkWidth", "WaterMarkHeight")
        ]
        if any(value is None for value in values):
            return
        box = self._box(*values)
        if box is None:
            return
        self._watermark_boxes.append(box)
        if image:
            self._draw_image_watermark(mark, box)
        else:
            self._draw_text_watermark(mark, box)

    def _draw_image_watermark(self, mark: _Watermark, box: Box) -> None:
        url = effective(mark.body, "WaterMarkUrl", video.WATERMARK_IMAGE)
        if not url:
            return
        image = self._load(
            url,
            f"WaterMarkList[{mark.index}].WaterMarkImage.WaterMarkUrl",
            Phrase(gettext_noop("The image of watermark %(n)d"), {"n": mark.index + 1}),
        )
        if image is None:
            self._unavailable_mark(box)
            return
        self._paste_fitted(image, box, STRETCH)

    def _draw_text_watermark(self, mark: _Watermark, box: Box) -> None:
        body = mark.body
        text = effective(body, "Text", video.WATERMARK_TEXT) or ""
        font_size = effective(body, "FontSize", video.WATERMARK_TEXT)
        fill = _colour(effective(body, "BackGroundColor", video.WATERMARK_TEXT))
        colour = _colour(effective(body, "FontColor", video.WATERMARK_TEXT)) or DEFAULT_FONT_COLOUR
        visible = self._visible(box, box)
        if visible is None:
            return
        shown = visible[0]
        # The box is drawn only where it is on the canvas, which also clips the text.
        layer = Image.new("RGBA", _size(shown), (*fill, 255) if fill else (0, 0, 0, 0))
        if text and isinstance(font_size, int) and font_size > 0:
            # B.14 offers the fonts Tencent and SourceHanSans; both are drawn with Noto
            # Sans CJK, the same design as Source Han Sans (Tencent's own is not public).
            font = _font(_scaled(min(font_size, MAX_FONT_PX), self.scale))
            origin = (
                box[0] - shown[0] + TEXT_INSET * self.scale,
                box[1] - shown[1] + (box[3] - box[1]) / 2,
            )
            ImageDraw.Draw(layer).text(origin, text, font=font, fill=colour, anchor="lm")
        self.canvas.paste(layer, shown[:2], layer)

    # Overlay ---------------------------------------------------------------------

    def draw_overlay(self) -> None:
        draw = ImageDraw.Draw(self.canvas)
        line = max(1, round(OVERLAY_LINE * self.scale))
        font = _font(max(OVERLAY_LABEL_MIN_PX, round(OVERLAY_LABEL_PX * self.scale)))
        # Outlines are cut a little outside the canvas: Pillow draws them point by point.
        margin = (-line, -line, self.canvas.width + line, self.canvas.height + line)
        for box in self._watermark_boxes:
            outline = _intersection(box, margin)
            if outline is not None:
                draw.rectangle(_inclusive(outline), outline=OVERLAY_WATERMARK, width=line)
        for region in self.layout.regions:
            full = self._box(region.x, region.y, region.w, region.h)
            edges = _intersection(full, margin) if full is not None else None
            if edges is None:
                continue
            colour = OVERLAY_COLOURS.get(region.kind, OVERLAY_COLOURS[KIND_EMPTY])
            draw.rectangle(_inclusive(edges), outline=colour, width=line)
            label = f"{region.user_id or 'auto'} z{region.zorder}"
            if region.slot_index is not None:
                label = f"#{region.slot_index + 1} {label}"
            position = (edges[0] + line + 2, edges[1] + line + 1)
            text_box = draw.textbbox(position, label, font=font)
            draw.rectangle(_grow(text_box, 2), fill=BLACK)
            draw.text(position, label, font=font, fill=colour)

    # Helpers ---------------------------------------------------------------------

    def _box(self, x: int, y: int, w: int, h: int) -> Box | None:
        """Document pixels to output pixels; a non-empty box stays at least 1 px."""
        if w <= 0 or h <= 0:
            return None
        x, y, w, h = (
            min(max(value, -COORDINATE_LIMIT), COORDINATE_LIMIT) for value in (x, y, w, h)
        )
        left, top = round(x * self.scale), round(y * self.scale)
        right = max(round((x + w) * self.scale), left + 1)
        bottom = max(round((y + h) * self.scale), top + 1)
        return (left, top, right, bottom)

    def _load(self, url: str, path: str, subject: Phrase) -> Image.Image | None:
        """The image at `url` ready to paste, or None after recording a warning."""
        if url not in self._loaded:
            try:
                self._loaded[url] = _usable(self.load_image(url))
            except (ImageUnavailable, OSError, ValueError) as error:
                self._loaded[url] = error
        loaded = self._loaded[url]
        if isinstance(loaded, Image.Image):
            return loaded
        detail: object = f"{url}: {loaded}"
        if isinstance(loaded, ImageUnavailable):
            # A message that keeps its Phrase is translated with the warning around it.
            message = loaded.message
            detail = message.phrase if isinstance(message, PhraseText) else message
        self.warnings.append(
            {
                "path": path,
                "rule": "image-unavailable",
                "severity": "warning",
                # Translated when shown (layouts/api/): previews are cached for every language.
                "message": Phrase(
                    gettext_noop(
                        "%(subject)s could not be loaded, so the preview marks its place: "
                        "%(detail)s"
                    ),
                    {"subject": subject, "detail": detail},
                ).text(),
            }
        )
        return None

    def _visible(self, dest: Box, view: View) -> tuple[Box, View] | None:
        """The part of `dest` on the canvas, and the part of `view` that lands there.

        Slots and watermarks may reach past the canvas (R41, R47 are warnings);
        drawing only what shows keeps every picture no larger than the canvas.
        """
        shown = _intersection(dest, (0, 0, *self.canvas.size))
        if shown is None or shown == dest:
            return None if shown is None else (dest, view)
        scale_x = (view[2] - view[0]) / (dest[2] - dest[0])
        scale_y = (view[3] - view[1]) / (dest[3] - dest[1])
        return shown, (
            view[0] + (shown[0] - dest[0]) * scale_x,
            view[1] + (shown[1] - dest[1]) * scale_y,
            view[0] + (shown[2] - dest[0]) * scale_x,
            view[1] + (shown[3] - dest[1]) * scale_y,
        )

    def _paste_fitted(self, image: Image.Image, box: Box, fit: str) -> None:
        view, dest = _fit((0, 0, *image.size), fit, box)
        visible = self._visible(dest, view)
        if visible is None:
            return
        shown, view = visible
        picture = _resample(image, view, _size(shown))
        self.canvas.paste(picture, shown[:2], picture if picture.mode == "RGBA" else None)

    def _unavailable_mark(self, box: Box) -> None:
        """A red box with an X where an image could not be drawn."""
        visible = _intersection(box, (0, 0, *self.canvas.size))
        if visible is None:
            return
        draw = ImageDraw.Draw(self.canvas)
        line = max(1, round(UNAVAILABLE_LINE * self.scale))
        left, top, right, bottom = _inclusive(visible)
        draw.line((left, top, right, bottom), fill=UNAVAILABLE, width=line)
        draw.line((left, bottom, right, top), fill=UNAVAILABLE, width=line)
        draw.rectangle((left, top, right, bottom), outline=UNAVAILABLE, width=line)
        text_px = max(OVERLAY_LABEL_MIN_PX, round(OVERLAY_LABEL_PX * self.scale))
        if right - left > 8 * text_px and bottom - top > 2 * text_px:
            centre = ((left + right) / 2, (top + bottom) / 2)
            font = _font(text_px)
            draw.rectangle(
                _grow(draw.textbbox(centre, "image unavailable", font=font, anchor="mm"), 3),
                fill=BLACK,
            )
            draw.text(centre, "image unavailable", font=font, fill=UNAVAILABLE, anchor="mm")

    def _unavailable_banner(self) -> None:
        draw = ImageDraw.Draw(self.canvas)
        font = _font(max(OVERLAY_LABEL_MIN_PX, round(OVERLAY_LABEL_PX * self.scale)))
        text = "background image unavailable"
        pad = max(2, round(6 * self.scale))
        _, _, right, bottom = draw.textbbox((pad, pad), text, font=font)
        draw.rectangle((0, 0, right + pad, bottom + pad), fill=UNAVAILABLE)
        draw.text((pad, pad), text, font=font, fill=(255, 255, 255))


# --- pure helpers ---------------------------------------------------------------------


def _watermarks(document: Any) -> list[_Watermark]:
    """Drawable watermarks, in list order."""
    return [
        _Watermark(mark.index, mark.kind, mark.body, mark.zorder)
        for mark in read_document(document).watermarks
        if mark.kind is not None and mark.body is not None
    ]


def _fit(source: View, fit: str, box: Box) -> tuple[View, Box]:
    """Fit the `source` box into `box`: the part of the source shown, and where it goes."""
    x0, y0, x1, y1 = source
    source_w, source_h = x1 - x0, y1 - y0
    left, top, right, bottom = box
    width, height = right - left, bottom - top
    if fit == COVER:
        factor = max(width / source_w, height / source_h)
        shown_w, shown_h = width / factor, height / factor
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        return (cx - shown_w / 2, cy - shown_h / 2, cx + shown_w / 2, cy + shown_h / 2), box
    if fit == CONTAIN:
        factor = min(width / source_w, height / source_h)
        fitted_w = min(max(round(source_w * factor), 1), width)
        fitted_h = min(max(round(source_h * factor), 1), height)
        x, y = left + (width - fitted_w) // 2, top + (height - fitted_h) // 2
        return source, (x, y, x + fitted_w, y + fitted_h)
    return source, box


def _crop_box(crop: Any, source_w: int, source_h: int) -> View:
    """CustomCrop (R43) clamped to the source; the whole source without one."""
    values = [
        effective(crop, name, video.CUSTOM_CROP)
        for name in ("LocationX", "LocationY", "Width", "Height")
    ]
    if not isinstance(crop, dict) or any(value is None for value in values):
        return (0, 0, source_w, source_h)
    x, y, w, h = values
    left = min(max(x, 0), source_w - 1)
    top = min(max(y, 0), source_h - 1)
    right = max(min(x + w, source_w), left + 1)
    bottom = max(min(y + h, source_h), top + 1)
    return (left, top, right, bottom)


def _custom_render(custom: Any) -> tuple[int, int, int] | None:
    """BackgroundCustomRender as (width, height, radius), the radius clamped (R44)."""
    shape = video.BACKGROUND_CUSTOM_RENDER
    width = effective(custom, "Width", shape)
    height = effective(custom, "Height", shape)
    radius = effective(custom, "Radius", shape) or 0
    if not isinstance(width, int) or not isinstance(height, int) or width <= 0 or height <= 0:
        return None
    return width, height, min(max(radius, 0), min(width, height) // 2)


def _resample(image: Image.Image, view: View, size: tuple[int, int]) -> Image.Image:
    if image.size == size and view == (0, 0, *size):
        return image
    return image.resize(size, RESAMPLE, box=view, reducing_gap=REDUCING_GAP)


def _usable(image: Image.Image) -> Image.Image:
    """RGB, or RGBA when some pixel is not opaque; RGB resizes several times faster."""
    if image.mode not in ("RGB", "RGBA"):
        has_alpha = "A" in image.getbands() or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
    if image.mode == "RGBA" and image.getchannel("A").getextrema()[0] == 255:
        image = image.convert("RGB")
    return image


def _rgb(image: Image.Image) -> Image.Image:
    return image if image.mode == "RGB" else image.convert("RGB")


@functools.lru_cache(maxsize=32)
def _rounded_mask(width: int, height: int, radius: int, window: Box) -> Image.Image:
    """The `window` of a width x height rounded-rectangle mask, antialiased.

    Drawn at ROUNDED_SUPERSAMPLE times the size, then shrunk.
    """
    factor = ROUNDED_SUPERSAMPLE
    mask = Image.new("L", (_size(window)[0] * factor, _size(window)[1] * factor), 0)
    ImageDraw.Draw(mask).rounded_rectangle(
        (
            -window[0] * factor,
            -window[1] * factor,
            (width - window[0]) * factor - 1,
            (height - window[1]) * factor - 1,
        ),
        radius=radius * factor,
        fill=255,
    )
    return mask.reduce(factor)


@functools.lru_cache(maxsize=128)
def _card_picture(
    user_id: str,
    stream_type: int,
    source_w: int,
    source_h: int,
    view: View,
    size: tuple[int, int],
) -> Image.Image:
    """The part `view` of a user's test card (a source_w x source_h frame) at `size`.

    The card is drawn straight at the output size, through the same mapping a
    resize would apply: resizing a full-size card cost ~6 ms a tile, drawing ~1 ms.
    A colour of the user's own and a border show crop and fit; a camera has a
    centre cross, a screen share a desktop with a window and a screen icon.
    """
    scale_x = size[0] / (view[2] - view[0])
    scale_y = size[1] / (view[3] - view[1])

    def at(x: float, y: float) -> tuple[float, float]:
        return ((x - view[0]) * scale_x, (y - view[1]) * scale_y)

    card = Image.new("RGB", size, _user_colour(user_id))
    draw = ImageDraw.Draw(card)
    short = min(source_w, source_h)
    line = max(1, round(short * CARD_BORDER * scale_x))
    if stream_type == video.STREAM_SCREEN:
        _draw_screen_card(draw, at, user_id, source_w, source_h, scale_y, line)
    else:
        _draw_camera_card(draw, at, user_id, source_w, source_h, scale_x, scale_y, line)
    left, top = at(0, 0)
    right, bottom = at(source_w, source_h)
    draw.rectangle((left, top, right - 1, bottom - 1), outline=CARD_LINE, width=line)
    return card


ToCard = Callable[[float, float], tuple[float, float]]  # source pixels to card pixels


def _draw_camera_card(
    draw: ImageDraw.ImageDraw,
    at: ToCard,
    user_id: str,
    source_w: int,
    source_h: int,
    scale_x: float,
    scale_y: float,
    line: int,
) -> None:
    """A camera: the user's colour, a centre cross and the user ID below it."""
    short = min(source_w, source_h)
    cx, cy = at(source_w / 2, source_h / 2)
    arm_x, arm_y = short * CARD_CROSS_ARM * scale_x, short * CARD_CROSS_ARM * scale_y
    draw.line((cx - arm_x, cy, cx + arm_x, cy), fill=CARD_LINE, width=line)
    draw.line((cx, cy - arm_y, cx, cy + arm_y), fill=CARD_LINE, width=line)
    text_px = round(source_h * CARD_TEXT * scale_y)
    if user_id and text_px >= MIN_TEXT_PX:
        draw.text(
            at(source_w / 2, source_h * CARD_TEXT_Y),
            user_id,
            font=_font(text_px),
            fill=CARD_LINE,
            anchor="mm",
        )


def _draw_screen_card(
    draw: ImageDraw.ImageDraw,
    at: ToCard,
    user_id: str,
    source_w: int,
    source_h: int,
    scale_y: float,
    line: int,
) -> None:
    """A screen share: a desktop with one window, a screen icon and the user ID.

    Unlike a camera's card it is mostly light, so a share tells itself apart at
    any size; the icon and the ID sit in the middle, clear of the corner where
    the emulator's program burns in its clock.
    """
    colour = _user_colour(user_id)

    def box(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        (left, top), (right, bottom) = (
            at(x0 * source_w, y0 * source_h),
            at(x1 * source_w, y1 * source_h),
        )
        return (left, top, max(right - 1, left), max(bottom - 1, top))

    win_left, win_top, win_right, win_bottom = SCREEN_WINDOW
    bar_bottom = win_top + SCREEN_TITLE_BAR
    draw.rectangle(box(*SCREEN_WINDOW), fill=SCREEN_WINDOW_FILL)
    draw.rectangle(box(win_left, win_top, win_right, bar_bottom), fill=SCREEN_INK)
    across = SCREEN_BUTTON * source_h / source_w  # the buttons' radius, as a width
    middle = (win_top + bar_bottom) / 2
    for index, fill in enumerate(SCREEN_BUTTONS):
        cx = win_right - (len(SCREEN_BUTTONS) - index) * 3 * across
        button = (cx - across, middle - SCREEN_BUTTON, cx + across, middle + SCREEN_BUTTON)
        draw.ellipse(box(*button), fill=fill)
    sidebar = (win_left, bar_bottom, SCREEN_SIDEBAR_RIGHT, win_bottom)
    draw.rectangle(box(*sidebar), fill=SCREEN_SIDEBAR_FILL)
    for left, top, right in SCREEN_TEXT_LINES:
        draw.rectangle(box(left, top, right, top + SCREEN_TEXT_LINE), fill=SCREEN_LINE_FILL)
    draw.rectangle(box(*SCREEN_PICTURE), fill=colour)

    # The icon: a 16:10 screen in the user's colour on a stand.
    icon_h = SCREEN_ICON_HEIGHT * source_h
    icon_w = icon_h * 16 / 10
    cx, cy = SCREEN_ICON[0] * source_w, SCREEN_ICON[1] * source_h
    screen = (cx - icon_w / 2, cy - icon_h / 2, cx + icon_w / 2, cy + icon_h / 2)
    left, top = at(screen[0], screen[1])
    right, bottom = at(screen[2], screen[3])
    stroke = max(line * 2, 1)
    draw.rectangle((left, top, right, bottom), fill=colour, outline=SCREEN_INK, width=stroke)
    neck_w, neck_h = icon_w / 10, icon_h / 5
    neck_left, neck_top = at(cx - neck_w / 2, screen[3])
    neck_right, neck_bottom = at(cx + neck_w / 2, screen[3] + neck_h)
    draw.rectangle((neck_left, neck_top, neck_right, neck_bottom), fill=SCREEN_INK)
    foot_left, foot_top = at(cx - icon_w / 4, screen[3] + neck_h)
    foot_right, foot_bottom = at(cx + icon_w / 4, screen[3] + neck_h + icon_h / 12)
    draw.rectangle((foot_left, foot_top, foot_right, foot_bottom), fill=SCREEN_INK)

    text_px = round(source_h * CARD_TEXT * scale_y)
    if user_id and text_px >= MIN_TEXT_PX:
        draw.text(
            at(source_w / 2, source_h * CARD_TEXT_Y + icon_h / 4),
            user_id,
            font=_font(text_px),
            fill=SCREEN_INK,
            anchor="mm",
        )


def _user_colour(user_id: str) -> Colour:
    """A colour of the user's own: the hue comes from a stable hash of the ID."""
    hue = int.from_bytes(hashlib.sha256(user_id.encode()).digest()[:4], "big") / 2**32
    red, green, blue = colorsys.hsv_to_rgb(hue, CARD_SATURATION, CARD_VALUE)
    return (round(red * 255), round(green * 255), round(blue * 255))


@functools.lru_cache(maxsize=64)
def _font(size: int) -> ImageFont.FreeTypeFont:
    from noto_cjk_sans_otc import FONT_PATH

    return ImageFont.truetype(FONT_PATH, max(size, 1), index=_simplified_chinese_face())


@functools.lru_cache(maxsize=1)
def _simplified_chinese_face() -> int:
    """Index of Noto Sans CJK SC in the collection (the faces differ in glyph forms)."""
    from noto_cjk_sans_otc import FONT_PATH

    for index in range(10):
        try:
            name = ImageFont.truetype(FONT_PATH, 12, index=index).getname()[0]
        except OSError:
            break
        if name and name.split()[-1] == "SC":
            return index
    return 0


def _scaled(length: int, scale: float) -> int:
    return max(1, round(length * scale))


def _size(box: Box) -> tuple[int, int]:
    return (box[2] - box[0], box[3] - box[1])


def _intersection(box: Box, bounds: Box) -> Box | None:
    left, top = max(box[0], bounds[0]), max(box[1], bounds[1])
    right, bottom = min(box[2], bounds[2]), min(box[3], bounds[3])
    return (left, top, right, bottom) if left < right and top < bottom else None


def _inclusive(box: Box) -> Box:
    """ImageDraw rectangles include their right and bottom edge; boxes here do not."""
    return (box[0], box[1], box[2] - 1, box[3] - 1)


def _grow(box: tuple[float, float, float, float], by: int) -> tuple[float, float, float, float]:
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


def _slot_path(region: Region, field: str) -> str:
    return f"LayoutParams.MixLayoutList[{region.slot_index}].{field}"


def _slot_name(region: Region) -> Phrase:
    if region.slot_index is None:
        return Phrase(gettext_noop("the picture of %(user)s"), {"user": region.user_id})
    return Phrase(gettext_noop("slot %(n)d"), {"n": region.slot_index + 1})
