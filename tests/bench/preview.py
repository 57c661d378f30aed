"""Previews: a 1920x1080 custom layout with 16 video regions, 2 image and 1 text watermark.

The watermark image is decoded once up front, so no network time is counted.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.core.cache import cache
from PIL import Image

from layouts import preview
from layouts.core import geometry, render
from layouts.starters import custom, grid_slots
from tests.bench.table import Row, median

SECTION = "Preview"
WATERMARK_URL = "https://images.example.com/logo.png"


def scene() -> dict:
    document = custom(1920, 1080, grid_slots(1920, 1080, 4, 4, 4, 4))
    for index, slot in enumerate(document["LayoutParams"]["MixLayoutList"]):
        slot["UserMediaStream"] = {
            "UserInfo": {"UserId": f"user_{index + 1}", "RoomId": "1001", "RoomIdType": 0},
            "StreamType": 0,
        }
    image_marks = [
        {
            "WaterMarkType": 0,
            "WaterMarkImage": {
                "WaterMarkUrl": WATERMARK_URL,
                "LocationX": x,
                "LocationY": 40,
                "WaterMarkWidth": 200,
                "WaterMarkHeight": 100,
                "ZOrder": 10,
            },
        }
        for x in (40, 1680)
    ]
    text_mark = {
        "WaterMarkType": 1,
        "WaterMarkText": {
            "Text": "LIVE 直播 · Mix Studio",
            "LocationX": 0,
            "LocationY": 960,
            "WaterMarkWidth": 1920,
            "WaterMarkHeight": 120,
            "FontSize": 56,
            "FontColor": "0xFFFFFF",
            "BackGroundColor": "0xC8102E",
            "Font": "SourceHanSans",
            "ZOrder": 11,
        },
    }
    document["WaterMarkList"] = [*image_marks, text_mark]
    return document


def logo() -> Image.Image:
    image = Image.new("RGBA", (200, 100), (255, 255, 255, 0))
    image.paste((255, 200, 0, 220), (20, 20, 180, 80))
    return image


def timings(action: Callable[[], object], runs: int) -> list[float]:
    action()  # warm-up: fonts, caches
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def rows(runs: int = 20) -> list[Row]:
    document = scene()
    people = geometry.default_participants(document)
    watermark = logo()

    def load_image(url: str) -> Image.Image:
        return watermark

    def draw() -> object:
        return render.render(document, geometry.regions(document, people), load_image=load_image)

    def draw_cold() -> object:
        render.clear_caches()
        return draw()

    def request_preview() -> object:
        return preview.preview_image(document, preview.Scenario(people), load_image=load_image)

    def uncached_preview() -> object:
        cache.clear()
        return request_preview()

    cached = median(timings(request_preview, runs))
    uncached = median(timings(uncached_preview, runs // 2))
    return [
        Row(
            SECTION,
            "1080p 16-slot render",
            median(timings(draw, runs)),
            "every test card redrawn",
            median(timings(draw_cold, runs // 2)),
        ),
        Row(
            SECTION,
            "the same preview again (cached)",
            cached,
            "uncached preview",
            uncached,
            at_most=0.2,
        ),
    ]
