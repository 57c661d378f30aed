"""Reading an emulator task's program: its timeline, its segments, its room."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache

from layouts import images
from layouts.core import sei
from layouts.core.geometry import Layout, Participant
from studio.cloud.emulator.models import SandboxTask
from studio.cloud.emulator.program import encoder, room
from studio.cloud.emulator.program.models import ProgramChange
from studio.cloud.emulator.program.timeline import Change, RoomChange, Segment, Timeline, segments

CACHE_PREFIX = "sandbox.program:"
# Bumped when the drawing or encoding changes, so cached segments of the old look go.
RENDER_VERSION = 1
RENDER_LOCK_SECONDS = 10  # longer than any segment takes to draw
RENDER_WAIT_STEP = 0.05


def timeline_of(task: SandboxTask) -> Timeline:
    changes, rooms, stopped_at = [], [], None
    for change in task.program_changes.all():
        if change.kind in (ProgramChange.Kind.START, ProgramChange.Kind.UPDATE):
            changes.append(Change(change.at, change.sequence_number, change.params or {}))
        elif change.kind == ProgramChange.Kind.ROOM:
            people = tuple(Participant.from_dict(item) for item in change.participants or [])
            rooms.append(RoomChange(change.at, people))
        elif change.kind == ProgramChange.Kind.STOP and stopped_at is None:
            stopped_at = change.at
    if not changes:
        # A task the emulator started before it kept timelines: its parameters now,
        # from when its row was made.
        changes.append(Change(task.created_at.timestamp(), None, task.params))
    return Timeline(
        task_id=task.task_id,
        room=(task.room_id, task.room_id_type),
        changes=tuple(changes),
        rooms=tuple(rooms),
        stopped_at=stopped_at,
    )


def segment_seconds() -> float:
    return settings.MIX_PROGRAM_SEGMENT_SECONDS


def playlist_segments(timeline: Timeline, now: float | None = None) -> list[Segment]:
    now = time.time() if now is None else now
    return segments(timeline, now, segment_seconds(), last=settings.MIX_PROGRAM_WINDOW)


def segment_bytes(
    timeline: Timeline, segment: Segment, program: encoder.Program | None = None
) -> bytes:
    """The segment's MPEG-TS bytes, from the cache when it was drawn before.

    The key holds everything the segment is a function of: the changes in force
    up to its end, the room changes, the calibration and the span itself.
    """
    from layouts import selectors as layout_selectors

    calibration = layout_selectors.template_calibration()
    relevant = [
        (change.at, change.params) for change in timeline.changes if change.at < segment.end
    ]
    rooms = [
        (told.at, [person.to_dict() for person in told.participants])
        for told in timeline.rooms
        if told.at < segment.end
    ]
    text = json.dumps(
        [
            RENDER_VERSION,
            timeline.task_id,
            timeline.room,
            relevant,
            rooms,
            calibration.fingerprint,
            segment.start,
            segment.end,
        ],
        sort_keys=True,
        default=str,
    )
    key = CACHE_PREFIX + hashlib.sha256(text.encode()).hexdigest()
    cached = cache.get(key)
    if isinstance(cached, bytes):
        return cached
    # Players and workers ask for a new segment at about the same moment; one draws
    # it while the others wait for the cache, rather than all spending a core on it.
    if not cache.add(key + ":drawing", True, RENDER_LOCK_SECONDS):
        waited_until = time.monotonic() + RENDER_LOCK_SECONDS
        while time.monotonic() < waited_until:
            time.sleep(RENDER_WAIT_STEP)
            cached = cache.get(key)
            if isinstance(cached, bytes):
                return cached
    try:
        program = program or program_of(timeline)
        data = program.segment_bytes(segment)
        cache.set(key, data, settings.MIX_PROGRAM_CACHE_SECONDS)
    finally:
        cache.delete(key + ":drawing")
    return data


def program_of(timeline: Timeline) -> encoder.Program:
    from layouts import selectors as layout_selectors

    calibration = layout_selectors.template_calibration()

    def layout_for(
        document: Mapping[str, Any], people: Sequence[Participant], main_room: tuple[str, int]
    ) -> Layout:
        return calibration.regions(dict(document), list(people), main_room=main_room)

    return encoder.Program(
        timeline,
        load_image=images.get_image,
        layout_for=layout_for,
        settings=encoder.EncoderSettings(
            preset=settings.MIX_PROGRAM_X264_PRESET, threads=settings.MIX_PROGRAM_THREADS
        ),
    )


def participants_now(task: SandboxTask, now: float | None = None) -> tuple[Participant, ...]:
    timeline = timeline_of(task)
    t = timeline.end(time.time() if now is None else now)
    return room.participants_at(timeline, t)


def stream_name(url: str) -> str:
    """The stream name of a push URL: its last path part, without query."""
    path = urlsplit(url).path.rstrip("/")
    return path.rsplit("/", 1)[-1]


def task_with_id(task_id: str) -> SandboxTask | None:
    """The emulator's task with this TaskId, if it has one."""
    return SandboxTask.objects.filter(task_id=task_id).first() if task_id else None


def task_for_stream(name: str) -> SandboxTask | None:
    """The emulator task that pushes (or last pushed) to a stream of this name."""
    candidates = SandboxTask.objects.filter(cdn_urls__icontains=name).order_by("-created_at")
    running = [task for task in candidates if task.is_running]
    for task in running + [task for task in candidates if not task.is_running]:
        if any(stream_name(url) == name for url in task.cdn_urls):
            return task
    return None


def volume_layout_of(message: sei.SeiMessage, params: Mapping[str, Any]) -> dict[str, Any] | None:
    """The section C JSON of `message` if it is the task's volume-layout SEI."""
    sei_params = params.get("SeiParams")
    layout_volume = sei_params.get("LayoutVolume") if isinstance(sei_params, Mapping) else None
    if not isinstance(layout_volume, Mapping):
        return None
    payload_type = layout_volume.get("PayloadType", encoder.LAYOUT_VOLUME_DEFAULTS["PayloadType"])
    return sei.volume_layout(message, payload_type)
