"""The slots of a custom layout (MixLayoutList): where they sit and how they are drawn.

R41 (a slot stays inside the canvas; a size of 0 means the canvas's own),
R42 (RenderMode, BackgroundRenderMode and what each needs), R43 (CustomCrop),
R44 (BackgroundCustomRender fits its slot), and checks of our own: a slot
entirely hidden under another, overlapping slots of one ZOrder, and one stream
pinned to two slots. At most 16 slots (R37) is a range of the field walk.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from layouts.core.contract import video
from layouts.core.contract.fields import get_int, get_obj, get_str
from layouts.core.contract.problems import (
    DUPLICATE_BINDING,
    ERROR,
    HIDDEN_SLOT,
    SAME_ZORDER,
    WARNING,
    ZERO_SIZE,
    Problem,
)
from layouts.core.rules.document_context import SIDE_NAMES, DocumentContext, JudgedSlot
from layouts.core.text import gettext_noop


def check_slot_geometry(ctx: DocumentContext) -> Iterator[Problem]:
    """R41: every slot inside the canvas; a size of 0 is the canvas's (warned)."""
    if ctx.mode != video.MODE_CUSTOM or ctx.canvas_w is None or ctx.canvas_h is None:
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


def check_hidden_slots(ctx: DocumentContext) -> Iterator[Problem]:
    """A slot entirely under a slot of a higher ZOrder shows nothing (our own check)."""
    if ctx.mode != video.MODE_CUSTOM:
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


def _overlap(a: JudgedSlot, b: JudgedSlot) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


def check_same_zorder(ctx: DocumentContext) -> Iterator[Problem]:
    """Overlapping slots of one ZOrder: the reference says nothing of which the cloud
    draws on top, so the producer should say it. One problem per slot, on the later one."""
    if ctx.mode != video.MODE_CUSTOM:
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


def check_slot_rendering(ctx: DocumentContext) -> Iterator[Problem]:
    """R42 (render modes and what they need), then R43 and R44 for a slot's crop and placeholder."""
    for slot in ctx.slots:
        raw = slot.raw
        render_mode = get_int(raw, "RenderMode") or video.RENDER_CROP
        background_mode = get_int(raw, "BackgroundRenderMode")
        custom = get_obj(raw, "BackgroundCustomRender")
        custom_mode = background_mode == video.CUSTOM_PLACEHOLDER_MODE
        if custom_mode and "BackgroundCustomRender" not in raw:
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
        if custom is not None and not custom_mode:
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
        if get_str(raw, "TransparentUrl") and render_mode != video.MASK_RENDER_MODE:
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


def _check_custom_render(slot: JudgedSlot, custom: dict[str, Any]) -> Iterator[Problem]:
    """R44: the placeholder fits its slot, its corner radius at most half its shorter side."""
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


def _check_crop(slot: JudgedSlot, crop: dict[str, Any]) -> Iterator[Problem]:
    """R43: a crop reaches at most MAX_CROP_EXTENT in each direction."""
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


def check_duplicate_bindings(ctx: DocumentContext) -> Iterator[Problem]:
    """One user's stream pinned to two slots of a custom layout (our own check)."""
    if ctx.mode != video.MODE_CUSTOM:
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
