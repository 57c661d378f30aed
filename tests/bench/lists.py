"""The library and task lists at growing sizes, over HTTP against the app."""

from __future__ import annotations

import math
import random
import time

import requests

from layouts.models import Preset, PresetTag, tag_index_for, tag_rows_for
from layouts.starters import custom, grid_slots
from tests.bench.table import Row, median

SECTION = "Lists"
PAGE_SIZE = 50
MATCHED = ("tag filter", "search")
RUNS = 15
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


def made_up_words(count: int, rng: random.Random) -> list[str]:
    """Distinct three-syllable words ("kavopi"): text with varied letters, as real names have."""
    words: set[str] = set()
    while len(words) < count:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(3)))
    return sorted(words)


# 200 tags, two or three a preset (the first 100 presets carry all of them), and
# names of two of 100 words: each on about 1 % of the library. The filters
# measured look for a tag and a word that the first FEATURED presets carry and no
# other: a full page at every size, so the figures compare the same answer from a
# larger library.
TAGS = made_up_words(200, random.Random(200))
WORDS = made_up_words(100, random.Random(100))
FEATURED = 60
FEATURED_TAG, FEATURED_WORD = made_up_words(2, random.Random(60))
SHAPES = [(2, 2), (1, 2), (3, 3), (2, 3)]


def documents() -> list[dict]:
    return [custom(1920, 1080, grid_slots(1920, 1080, rows, cols, 8, 8)) for rows, cols in SHAPES]


def seed(count: int, rng: random.Random) -> None:
    """Grows the library to `count` presets (bulk inserts; the search index follows,
    and the tag table is written beside them as the services write it)."""
    shapes = documents()
    have = Preset.objects.count()
    batch = []
    for number in range(have, count):
        tags = rng.sample(TAGS, rng.choice((2, 3)))
        if number < len(TAGS) // 2:
            # The first 100 carry every tag between them: the tag list is the same
            # answer at every size.
            tags = TAGS[2 * number : 2 * number + 2]
        first = rng.choice(WORDS)
        if number < FEATURED:
            tags.append(FEATURED_TAG)
            first = FEATURED_WORD
        batch.append(
            Preset(
                name=f"{first} {rng.choice(WORDS)} {number}",
                description=f"Layout {number} for {rng.choice(WORDS)} shows",
                tags=tags,
                tag_index=tag_index_for(tags),
                document=shapes[number % len(shapes)],
            )
        )
        if len(batch) == 2000:
            insert(batch)
            batch = []
    insert(batch)


def insert(presets: list[Preset]) -> None:
    Preset.objects.bulk_create(presets)
    PresetTag.objects.bulk_create([row for preset in presets for row in tag_rows_for(preset)])


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
        "tag filter": f"{base}/api/presets/?page_size={PAGE_SIZE}&tag={FEATURED_TAG}",
        "search": f"{base}/api/presets/?page_size={PAGE_SIZE}&search={FEATURED_WORD}",
        "tag list": f"{base}/api/presets/tags/",
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
            f"presets {name}, {large:,} presets"
            + (f" ({FEATURED} match)" if name in MATCHED else ""),
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
            f"presets search, {huge:,} presets ({FEATURED} match)",
            at_huge["search"],
            f"{small} presets",
            at_small["search"],
            at_most=2,
        )
    )
    # Every tag of the library once: the same 201 at every size.
    result.append(
        Row(
            SECTION,
            f"tag list, {huge:,} presets",
            at_huge["tag list"],
            f"{small} presets",
            at_small["tag list"],
            at_most=1.5,
        )
    )
    return result
