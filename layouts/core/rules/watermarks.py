"""Watermarks (WaterMarkList): R47 and a watermark reaching past the canvas.

Each watermark carries the part its WaterMarkType needs (WaterMarkImage or
WaterMarkText, R47); a text watermark needs its text; a watermark past the
canvas is cut off (a warning of our own). Its image URL is judged in
`rules.images`, its fields' ranges by the field walk.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from layouts.core.contract import video
from layouts.core.contract.fields import get_int, get_str
from layouts.core.contract.problems import ERROR, WARNING, WATERMARK_OUTSIDE, Problem
from layouts.core.rules.document_context import DocumentContext
from layouts.core.text import gettext_noop


def check_watermarks(ctx: DocumentContext) -> Iterator[Problem]:
    """R47: each watermark has the part its type needs, and a text watermark its text."""
    for mark in ctx.doc.watermarks:
        if mark.kind is None:
            continue  # a WaterMarkType out of range was reported by the field walk
        number, wanted = mark.index + 1, mark.body_name
        others = [name for name in video.WATERMARK_BODIES.values() if name != wanted]
        if wanted not in mark.raw:
            yield Problem(
                f"{mark.path}.{wanted}",
                "R47",
                ERROR,
                gettext_noop("Watermark %(n)d is of type %(type)d, which needs %(field)s."),
                {"n": number, "type": mark.kind, "field": wanted},
            )
        for other in others:
            if other in mark.raw:
                yield Problem(
                    f"{mark.path}.{other}",
                    "R47",
                    WARNING,
                    gettext_noop(
                        "Watermark %(n)d is of type %(type)d, so its %(field)s is ignored."
                    ),
                    {"n": number, "type": mark.kind, "field": other},
                )
        if mark.body is None:
            continue
        if mark.kind == video.WATERMARK_TEXT_TYPE and get_str(mark.body, "Text") == "":
            yield Problem(
                f"{mark.path}.WaterMarkText.Text",
                "R47",
                ERROR,
                gettext_noop("Watermark %(n)d has no text."),
                {"n": number},
            )
        yield from _check_watermark_box(ctx, mark.body, f"{mark.path}.{wanted}", number)


def _check_watermark_box(
    ctx: DocumentContext, body: dict[str, Any], path: str, number: int
) -> Iterator[Problem]:
    """A watermark reaching past the canvas is cut off (a warning of our own)."""
    if ctx.canvas_w is None or ctx.canvas_h is None:
        return
    x, y = get_int(body, "LocationX"), get_int(body, "LocationY")
    w, h = get_int(body, "WaterMarkWidth"), get_int(body, "WaterMarkHeight")
    if x is None or y is None or w is None or h is None:
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
