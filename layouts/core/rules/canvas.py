"""The canvas and the layout mode of a document.

R13 (anything that changes the picture needs WithTranscoding 1), R35 (the
canvas size: Height's conflicting limits, a side of 0), R36 (the layout mode
and its disputed default) and R38-R40 (layout fields that act only in some
modes; the screen-share layout needs its big picture named).
"""

from __future__ import annotations

from collections.abc import Iterator

from layouts.core.contract import bodies, video
from layouts.core.contract.fields import get_int, get_obj
from layouts.core.contract.problems import ERROR, WARNING, ZERO_CANVAS, Problem
from layouts.core.rules.document_context import SIDE_NAMES, DocumentContext
from layouts.core.text import gettext_noop

# The fields of a VideoParams that change the picture (R13).
PICTURE_FIELDS = ("LayoutParams", "WaterMarkList", "BackGroundColor", "BackgroundImageUrl")


def check_canvas(ctx: DocumentContext) -> Iterator[Problem]:
    """R35: a height only one Tencent page refuses, and a side of 0 px."""
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


def check_transcoding(ctx: DocumentContext) -> Iterator[Problem]:
    """R13: anything that changes the picture needs the task to transcode."""
    if ctx.with_transcoding != bodies.TRANSCODING_OFF:
        return
    for key in PICTURE_FIELDS:
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


def check_layout_mode(ctx: DocumentContext) -> Iterator[Problem]:
    """R36: the layout mode is sent explicitly, for Tencent's documents disagree on its default."""
    if ctx.with_transcoding == bodies.TRANSCODING_OFF:
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


def check_fields_for_mode(ctx: DocumentContext) -> Iterator[Problem]:
    """R38-R40: some layout fields act only in some modes; elsewhere the cloud ignores them."""
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
    if ctx.mode == video.MODE_SCREEN_SHARE and "MaxVideoUser" not in ctx.layout:
        yield Problem(
            "LayoutParams.MaxVideoUser",
            "R39",
            WARNING,
            gettext_noop(
                "The screen-share layout needs MaxVideoUser to choose who fills the big picture."
            ),
        )
    if ctx.mode == video.MODE_CUSTOM and not ctx.slots:
        yield Problem(
            "LayoutParams.MixLayoutList",
            "R38",
            WARNING,
            gettext_noop("This custom layout has no slots, so no video will be shown."),
        )
