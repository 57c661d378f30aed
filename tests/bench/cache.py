"""The preview cache: what stays cached after browsing the library, and what a write costs."""

from __future__ import annotations

import tempfile
import time
from unittest import mock

from django.core.cache import cache
from django.test import override_settings

from layouts import preview
from layouts.core import render
from layouts.models import Preset
from layouts.starters import custom, grid_slots
from tests.bench.table import Row, median

SECTION = "Cache"
THUMBNAILS = 600
DJANGO_FILE_CACHE = "django.core.cache.backends.filebased.FileBasedCache"
DJANGO_DEFAULT_ENTRIES = 300


def library(count: int) -> list[Preset]:
    """`count` presets that each draw a different picture."""
    presets = []
    for number in range(count):
        rows, cols = 1 + number % 4, 1 + (number // 4) % 4
        document = custom(1280, 720, grid_slots(1280, 720, rows, cols, 4, 4))
        document["BackGroundColor"] = f"0x{number * 2654435761 % 0xFFFFFF:06X}"
        presets.append(Preset(name=f"thumb {number}", document=document))
    return Preset.objects.bulk_create(presets)


def hit_ratio(presets: list[Preset], backend: str, options: dict) -> float:
    """Share of thumbnails served from the cache on a second pass over the library."""
    with tempfile.TemporaryDirectory(prefix="mix-bench-cache-") as folder:
        config = {"default": {"BACKEND": backend, "LOCATION": folder, "OPTIONS": options}}
        with override_settings(CACHES=config):
            cache.clear()
            for preset in presets:
                preview.preset_thumbnail(preset, 320)
            with mock.patch.object(render, "render", wraps=render.render) as drawn:
                for preset in presets:
                    preview.preset_thumbnail(preset, 320)
            return 1 - drawn.call_count / len(presets)


def write_ms(backend: str, image: preview.PreviewImage, runs: int = 30) -> float:
    with tempfile.TemporaryDirectory(prefix="mix-bench-cache-") as folder:
        config = {"default": {"BACKEND": backend, "LOCATION": folder}}
        with override_settings(CACHES=config):
            samples = []
            for number in range(runs):
                started = time.perf_counter()
                cache.set(f"bench-{number}", image)
                samples.append((time.perf_counter() - started) * 1000)
            return median(samples)


def rows() -> list[Row]:
    from django.conf import settings

    default = settings.CACHES["default"]
    presets = library(THUMBNAILS)
    ours = hit_ratio(presets, default["BACKEND"], default.get("OPTIONS", {}))
    django = hit_ratio(presets, DJANGO_FILE_CACHE, {"MAX_ENTRIES": DJANGO_DEFAULT_ENTRIES})
    big = preview.preview_image(presets[-1].document, None, fmt="png")
    return [
        Row(
            SECTION,
            f"hit ratio after browsing {THUMBNAILS} thumbnails",
            ours * 100,
            f"Django's file cache ({DJANGO_DEFAULT_ENTRIES} entries)",
            django * 100,
            "%",
        ),
        Row(
            SECTION,
            f"cache write of a {len(big.data) // 1024} KB preview PNG",
            write_ms(default["BACKEND"], big),
            "Django's file cache (zlib)",
            write_ms(DJANGO_FILE_CACHE, big),
            at_most=1,
        ),
    ]
