"""The library and task lists at growing sizes, over HTTP against the app."""

from __future__ import annotations

import math
import random
import time

import requests

from layouts.models import Preset, tag_index_for
from layouts.starters import custom, grid_slots
from studio.bench.table import Row, median

SECTION = "Lists"
PAGE_SIZE = 50
RUNS = 15
# 200 tags, two or three a preset: one tag is on about 1 % of the library, as is
# each of the 100 words names are made of.
TAGS = [f"tag{n:03d}" for n in range(200)]
WORDS = [f"word{n:02d}" for n in range(100)]
SHAPES = [(2, 2), (1, 2), (3, 3), (2, 3)]


def documents() -> list[dict]:
    return [custom(1920, 1080, grid_slots(1920, 1080, rows, cols, 8, 8)) for rows, cols in SHAPES]


def seed(count: int, rng: random.Random) -> None:
    """Grows the library to `count` presets (bulk inserts; the search index follows)."""
    shapes = documents()
    have = Preset.objects.count()
    batch = []
    for number in range(have, count):
        tags = rng.sample(TAGS, rng.choice((2, 3)))
        batch.append(
            Preset(
                name=f"{rng.choice(WORDS)} {rng.choice(WORDS)} {number}",
                description=f"Layout {number} for {rng.choice(WORDS)} shows",
                tags=tags,
                tag_index=tag_index_for(tags),
                document=shapes[number % len(shapes)],
            )
        )
        if len(batch) == 2000:
            Preset.objects.bulk_create(batch)
            batch = []
    Preset.objects.bulk_create(batch)


def timed_get(session: requests.Session, url: str) -> float:
    started = time.perf_counter()
    answer = session.get(url, timeout=30)
    answer.raise_for_status()
    answer.content  # noqa: B018 - read the whole body
    return (time.perf_counter() - started) * 1000


def measure(session: requests.Session, base: str, count: int) -> dict[str, float]:
    """p50 ms of each list request at the current size, the requests interleaved."""
    last = math.ceil(count / PAGE_SIZE)
    urls = {
        "first page": f"{base}/api/presets/?page_size={PAGE_SIZE}",
        "last page": f"{base}/api/presets/?page_size={PAGE_SIZE}&page={last}",
        "tag filter": f"{base}/api/presets/?page_size={PAGE_SIZE}&tag={TAGS[7]}",
        "search": f"{base}/api/presets/?page_size={PAGE_SIZE}&search={WORDS[42]}",
    }
    samples: dict[str, list[float]] = {name: [] for name in urls}
    for url in urls.values():
        timed_get(session, url)  # warm
    for _ in range(RUNS):
        for name, url in urls.items():
            samples[name].append(timed_get(session, url))
    return {name: median(values) for name, values in samples.items()}


def rows(session: requests.Session, base: str, sizes: tuple[int, int, int]) -> list[Row]:
    small, large, huge = sizes
    rng = random.Random(14)
    seed(small, rng)
    at_small = measure(session, base, small)
    seed(large, rng)
    at_large = measure(session, base, large)
    result = [
        Row(
            SECTION,
            f"presets {name}, {large:,} presets",
            at_large[name],
            f"{small} presets",
            at_small[name],
            at_most=2 if name == "search" else 1.5,
        )
        for name in ("first page", "last page", "tag filter", "search")
    ]
    seed(huge, rng)
    at_huge = measure(session, base, huge)
    result.append(
        Row(
            SECTION,
            f"presets search, {huge:,} presets",
            at_huge["search"],
            f"{small} presets",
            at_small["search"],
            at_most=2,
        )
    )
    return result
