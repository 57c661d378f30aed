"""Prints the preview figures: render, cached render and region computation.

`make bench` runs it. The scene is the one the targets name: a 1920x1080
custom layout with 16 video regions, 2 image watermarks and 1 text watermark.
The watermark image is decoded once up front, so no network time is counted.
The cached case uses the configured cache backend (a file cache by default).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from django.core.cache import cache
from django.core.management.base import BaseCommand
from PIL import Image

from layouts import geometry, preview, render
from layouts.starters import custom, grid_slots

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


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)]
    return f"p50 {statistics.median(ordered):8.3f} ms   p95 {p95:8.3f} ms   ({len(ordered)} runs)"


class Command(BaseCommand):
    help = "Measures preview rendering, cached previews and region computation (p50/p95)."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--runs", type=int, default=60)

    def handle(self, *args: object, runs: int, **options: object) -> None:
        document = scene()
        people = geometry.default_participants(document)
        watermark = logo()

        def load_image(url: str) -> Image.Image:
            return watermark

        layout = geometry.regions(document, people)
        if sum(region.kind == "video" for region in layout.regions) != 16:
            raise RuntimeError("the benchmark scene must show 16 video regions")

        def draw() -> object:
            return render.render(
                document, geometry.regions(document, people), load_image=load_image
            )

        def cached_preview() -> object:
            return preview.preview_image(document, preview.Scenario(people), load_image=load_image)

        def draw_cold() -> object:
            render.clear_caches()
            return draw()

        cache.clear()
        rows = [
            ("render 1920x1080 (to an image)", timings(draw, runs)),
            ("render, every test card redrawn", timings(draw_cold, runs // 3)),
            ("render + PNG encode", timings(lambda: render.encode(draw().image, "png"), runs // 3)),
            ("same request again (cached)", timings(cached_preview, runs)),
            (
                "regions for 16 users",
                timings(lambda: geometry.regions(document, people), runs * 10),
            ),
        ]
        self.stdout.write(
            "Preview benchmark: 1920x1080, 16 video regions, 2 image watermarks, 1 text watermark"
        )
        for label, samples in rows:
            self.stdout.write(f"  {label:32} {summary(samples)}")
