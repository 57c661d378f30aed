"""The starter presets that ship with Mix Studio.

Built by small layout generators rather than written out by hand, so every
slot lines up to the pixel and each preset stays a few lines. `key` makes
loading idempotent (`python manage.py load_starter_presets`).

A starter is stored in the site's language (LANGUAGE_CODE) with its English
tags, and stays so: integrators find it by what is stored. `shown` gives what a
page shows in the reader's language: a starter's name and description while
they are still the ones it shipped with (a producer's own wins), and every tag
of the starters' own vocabulary, on any preset.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext

from layouts import search
from layouts.core.text import gettext_noop

ROOM = "1001"  # a placeholder room; producers bind their own users


@dataclass(frozen=True)
class Starter:
    key: str
    name: str
    description: str
    tags: tuple[str, ...]
    document: dict[str, Any] = field(compare=False)


def encode(width: int, height: int, fps: int = 25, bitrate: int | None = None) -> dict[str, int]:
    if bitrate is None:
        bitrate = max(400, width * height * fps // 1000 // 40)
    return {"Width": width, "Height": height, "Fps": fps, "BitRate": bitrate, "Gop": 2}


def slot(x: int, y: int, w: int, h: int, z: int = 0, **extra: Any) -> dict[str, Any]:
    return {
        "LocationX": x,
        "LocationY": y,
        "ImageWidth": w,
        "ImageHeight": h,
        "ZOrder": z,
        "RenderMode": 0,
        **extra,
    }


def bound(user_id: str, stream_type: int = 0) -> dict[str, Any]:
    return {
        "UserMediaStream": {
            "UserInfo": {"UserId": user_id, "RoomId": ROOM, "RoomIdType": 0},
            "StreamType": stream_type,
        }
    }


def grid_slots(
    width: int, height: int, rows: int, cols: int, gap: int = 0, margin: int = 0
) -> list[dict[str, Any]]:
    cell_w = (width - 2 * margin - (cols - 1) * gap) // cols
    cell_h = (height - 2 * margin - (rows - 1) * gap) // rows
    return [
        slot(margin + c * (cell_w + gap), margin + r * (cell_h + gap), cell_w, cell_h)
        for r in range(rows)
        for c in range(cols)
    ]


def custom(width: int, height: int, slots: list[dict[str, Any]], **video: Any) -> dict[str, Any]:
    return {
        "VideoEncode": encode(width, height),
        "LayoutParams": {"MixLayoutMode": 4, "MixLayoutList": slots},
        "BackGroundColor": video.pop("BackGroundColor", "0x101418"),
        **video,
    }


def dynamic(mode: int, width: int, height: int, **layout: Any) -> dict[str, Any]:
    return {
        "VideoEncode": encode(width, height),
        "LayoutParams": {
            "MixLayoutMode": mode,
            "PureAudioHoldPlaceMode": 0,
            "RenderMode": 0,
            **layout,
        },
        "BackGroundColor": "0x101418",
    }


def big_plus_strip(width: int, height: int, small: int, side: str) -> list[dict[str, Any]]:
    if side == "right":
        strip_w = width // 4
        tile_h = height // small
        return [slot(0, 0, width - strip_w, height)] + [
            slot(width - strip_w, i * tile_h, strip_w, tile_h) for i in range(small)
        ]
    strip_h = height // 4
    tile_w = width // small
    return [slot(0, 0, width, height - strip_h)] + [
        slot(i * tile_w, height - strip_h, tile_w, strip_h) for i in range(small)
    ]


def picture_in_picture(width: int, height: int) -> list[dict[str, Any]]:
    small_w, small_h = width // 4, height // 4
    margin = width // 40
    return [
        slot(0, 0, width, height, z=0, **bound("host")),
        slot(
            width - small_w - margin,
            height - small_h - margin,
            small_w,
            small_h,
            z=1,
            **bound("guest"),
        ),
    ]


def screen_share_custom(width: int, height: int) -> list[dict[str, Any]]:
    camera_w = width // 5
    camera_h = height // 4
    share = slot(0, 0, width - camera_w, height, RenderMode=1, **bound("presenter", 1))
    cameras = [slot(width - camera_w, i * camera_h, camera_w, camera_h) for i in range(4)]
    return [share, *cameras]


def news(width: int, height: int) -> dict[str, Any]:
    lower_third_h = height // 9
    document = custom(
        width,
        height,
        [
            slot(0, 0, width // 2, height - lower_third_h, **bound("anchor")),
            slot(width // 2, 0, width // 2, height - lower_third_h, **bound("reporter")),
        ],
        BackGroundColor="0x0B1F3A",
    )
    document["WaterMarkList"] = [
        {
            "WaterMarkType": 1,
            "WaterMarkText": {
                "Text": "LIVE · Breaking news 新闻直播",
                "LocationX": 0,
                "LocationY": height - lower_third_h,
                "WaterMarkWidth": width,
                "WaterMarkHeight": lower_third_h,
                "FontSize": lower_third_h // 2,
                "FontColor": "0xFFFFFF",
                "BackGroundColor": "0xC8102E",
                "Font": "SourceHanSans",
                "ZOrder": 5,
            },
        }
    ]
    return document


STARTERS: tuple[Starter, ...] = (
    Starter(
        "pip",
        gettext_noop("Picture in picture"),
        gettext_noop("Host full screen, guest in the bottom-right corner."),
        (gettext_noop("custom"), gettext_noop("2 people")),
        custom(1920, 1080, picture_in_picture(1920, 1080)),
    ),
    Starter(
        "side-by-side",
        gettext_noop("Side by side"),
        gettext_noop("Two people, half the screen each."),
        (gettext_noop("custom"), gettext_noop("2 people")),
        custom(1920, 1080, grid_slots(1920, 1080, 1, 2)),
    ),
    Starter(
        "grid-2x2",
        gettext_noop("2 x 2"),
        gettext_noop("Four equal pictures."),
        (gettext_noop("custom"), gettext_noop("4 people"), gettext_noop("grid")),
        custom(1920, 1080, grid_slots(1920, 1080, 2, 2)),
    ),
    Starter(
        "grid-3x3",
        gettext_noop("3 x 3"),
        gettext_noop("Nine equal pictures with thin gaps."),
        (gettext_noop("custom"), gettext_noop("9 people"), gettext_noop("grid")),
        custom(1920, 1080, grid_slots(1920, 1080, 3, 3, 6, 6)),
    ),
    Starter(
        "grid-4x4",
        gettext_noop("4 x 4"),
        gettext_noop("Sixteen equal pictures, the most a mix can hold."),
        (gettext_noop("custom"), gettext_noop("16 people"), gettext_noop("grid")),
        custom(1920, 1080, grid_slots(1920, 1080, 4, 4, 4, 4)),
    ),
    Starter(
        "big-plus-4-right",
        gettext_noop("One large + 4 strip"),
        gettext_noop("A main speaker and a strip of four on the right."),
        (gettext_noop("custom"), gettext_noop("5 people")),
        custom(1920, 1080, big_plus_strip(1920, 1080, 4, "right")),
    ),
    Starter(
        "portrait-stack",
        gettext_noop("Portrait 9:16 stacked"),
        gettext_noop("Two people stacked for vertical video platforms."),
        (gettext_noop("custom"), gettext_noop("portrait")),
        custom(1080, 1920, grid_slots(1080, 1920, 2, 1)),
    ),
    Starter(
        "screen-share-4",
        gettext_noop("Screen share + 4 cameras"),
        gettext_noop("A shared screen (fitted) with four cameras on the right."),
        (gettext_noop("custom"), gettext_noop("screen share")),
        custom(1920, 1080, screen_share_custom(1920, 1080)),
    ),
    Starter(
        "news",
        gettext_noop("News with lower third"),
        gettext_noop("Two-way interview with a red text banner (Chinese and English)."),
        (gettext_noop("custom"), gettext_noop("news"), gettext_noop("watermark")),
        news(1920, 1080),
    ),
    Starter(
        "template-floating",
        gettext_noop("Floating template"),
        gettext_noop("First to join fills the screen; others float in small windows."),
        (gettext_noop("template"), gettext_noop("floating")),
        dynamic(1, 1280, 720),
    ),
    Starter(
        "template-grid",
        gettext_noop("Grid template"),
        gettext_noop("Everyone gets an equal picture; the cloud arranges them."),
        (gettext_noop("template"), gettext_noop("grid")),
        dynamic(3, 1280, 720),
    ),
    Starter(
        "template-screen-share",
        gettext_noop("Screen-share template"),
        gettext_noop("The presenter's screen large on the left, cameras on the right."),
        (gettext_noop("template"), gettext_noop("screen share")),
        dynamic(
            2,
            1920,
            1080,
            MaxVideoUser={
                "UserMediaStream": {
                    "UserInfo": {"UserId": "presenter", "RoomId": ROOM, "RoomIdType": 0},
                    "StreamType": 1,
                }
            },
        ),
    ),
    Starter(
        "bottom-strip-3",
        gettext_noop("One large + 3 strip below"),
        gettext_noop("A main picture with three guests along the bottom."),
        (gettext_noop("custom"), gettext_noop("4 people")),
        custom(1280, 720, big_plus_strip(1280, 720, 3, "bottom")),
    ),
)


# The note of a starter's first version in its history.
STARTER_NOTE = gettext_noop("starter preset")

_BY_KEY = {starter.key: starter for starter in STARTERS}
_TAGS = frozenset(tag for starter in STARTERS for tag in starter.tags)


@dataclass(frozen=True)
class Shown:
    """A preset's name, description and tags as a page shows them."""

    name: str
    description: str
    tags: list[str]


def shown(starter_key: str | None, name: str, description: str, tags: Sequence[str]) -> Shown:
    """What a page shows of a preset in the active language; stored values are never changed."""
    starter = _BY_KEY.get(starter_key) if starter_key else None
    if starter is not None:
        name = _in_reader_language(name, starter.name)
        description = _in_reader_language(description, starter.description)
    return Shown(name, description, [shown_tag(tag) for tag in tags])


def shown_text_query(text: str) -> Q | None:
    """Presets a reader sees `text` in only through a translation, as a filter; None for none.

    A starter still holding its shipped name or description shows it translated, and
    a tag of the starters' vocabulary shows translated on any preset: a search in the
    reader's language finds them by the words the page shows, not only by the stored
    English the full-text index holds.
    """
    needle = text.casefold()

    def shown_only_translated(original: str) -> bool:
        translated = gettext(original)
        return translated != original and needle in translated.casefold()

    query = Q()
    for starter in STARTERS:
        if shown_only_translated(starter.name):
            query |= Q(starter_key=starter.key, name__in=_shipped(starter.name))
        if shown_only_translated(starter.description):
            query |= Q(starter_key=starter.key, description__in=_shipped(starter.description))
    for tag in sorted(_TAGS):
        if shown_only_translated(tag):
            query |= search.tag_condition(tag)
    return query or None


def _shipped(original: str) -> list[str]:
    """What a starter's untouched text is stored as: English, or the site's language."""
    return sorted({original, _stored(settings.LANGUAGE_CODE, original)})


def shown_tag(tag: Any) -> Any:
    """A tag of the starters' vocabulary in the active language; any other as it is."""
    return gettext(tag) if isinstance(tag, str) and tag in _TAGS else tag


def shown_note(note: str) -> str:
    """A history note the app writes itself, in the active language."""
    return gettext(STARTER_NOTE) if note == STARTER_NOTE else note


def _in_reader_language(value: str, original: str) -> str:
    """`original`'s translation while `value` is still what the starter shipped with
    (the English text, or what load_starter_presets stored in the site's language)."""
    if value in (original, _stored(settings.LANGUAGE_CODE, original)):
        return gettext(original)
    return value


@functools.lru_cache(maxsize=256)
def _stored(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)
