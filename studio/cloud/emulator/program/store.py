"""Where drawn parts live: the Django cache, which every web worker and engine shares.

A part is stored once, by the engine job that drew it: its MPEG-TS bytes and the
SEI written into it. Web requests only read. Entries last MIX_PROGRAM_CACHE_SECONDS;
the engine deletes the parts that leave the live window before that, so a
program holds a window's worth of entries, not an hour's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.cache import cache

from studio.cloud.emulator.program.encoder import Rendered
from studio.cloud.emulator.program.timeline import Part

# Bumped when the drawing or encoding changes, so parts of the old look are never served.
RENDER_VERSION = 2
PREFIX = f"sandbox.program:{RENDER_VERSION}:"


def part_key(task_id: str, number: int) -> str:
    return f"{PREFIX}{task_id}:{number}"


def put_part(task_id: str, part: Part, rendered: Rendered) -> None:
    cache.set(
        part_key(task_id, part.number),
        {"start": part.start, "end": part.end, "ts": rendered.data, "sei": list(rendered.sei)},
        settings.MIX_PROGRAM_CACHE_SECONDS,
    )


def get_part(task_id: str, number: int) -> dict[str, Any] | None:
    found = cache.get(part_key(task_id, number))
    return found if isinstance(found, dict) else None


def get_parts(task_id: str, numbers: Sequence[int]) -> list[dict[str, Any]] | None:
    """The parts in order, or None if any of them is gone."""
    keys = [part_key(task_id, number) for number in numbers]
    found = cache.get_many(keys)
    if len(found) != len(keys):
        return None
    return [found[key] for key in keys]


def forget_parts(task_id: str, numbers: Iterable[int]) -> None:
    cache.delete_many([part_key(task_id, number) for number in numbers])
