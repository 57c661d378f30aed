"""Reading an emulator task's program: its timeline, its segments, its room."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Max

from layouts import images
from layouts.core import room as rooms
from layouts.core import sei
from layouts.core.contract.rooms import UserKey
from layouts.core.geometry import Layout, Participant
from studio.cloud.emulator.models import SandboxTask
from studio.cloud.emulator.program import encoder, room, store
from studio.cloud.emulator.program.models import ProgramChange, ProgramState
from studio.cloud.emulator.program.playlist import WindowSegment, window_segments
from studio.cloud.emulator.program.timeline import (
    EPSILON,
    Change,
    Grid,
    RoomChange,
    Segment,
    Timeline,
    segments,
)

# The program is "paused" when its newest part ended more than this long ago
# (at least PAUSED_AFTER_PARTS parts): the engine is too busy to keep up with it.
PAUSED_AFTER_SECONDS = 1.0
PAUSED_AFTER_PARTS = 3
LIVE, PAUSED, ENDED = "live", "paused", "ended"


@dataclass(frozen=True)
class Window:
    """The live window of a task's program as the engine has drawn it."""

    segments: tuple[WindowSegment, ...]
    ended: bool  # the program has ended and its last part is drawn
    gone: bool  # ended long enough ago that nothing of it is served any more

    @property
    def edge(self) -> float | None:
        """Where the newest part drawn ends (Unix seconds)."""
        return self.segments[-1].end if self.segments else None


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


def part_seconds() -> float:
    return settings.MIX_PROGRAM_SEGMENT_SECONDS / settings.MIX_PROGRAM_PARTS


def grid_of(timeline: Timeline) -> Grid:
    return Grid(
        timeline.started_at, settings.MIX_PROGRAM_SEGMENT_SECONDS, settings.MIX_PROGRAM_PARTS
    )


# The engine's drawn program ---------------------------------------------------------


def window_of(task: SandboxTask, now: float | None = None) -> Window:
    """The parts the engine has drawn for the task, as segments of the live window."""
    now = time.time() if now is None else now
    state = ProgramState.objects.filter(task=task).values("parts", "ended").first()
    parts = state["parts"] if state else []
    ended = bool(state and state["ended"])
    segments = tuple(window_segments(parts))
    kept_until = (segments[-1].end if segments else 0.0) + settings.MIX_PROGRAM_CACHE_SECONDS
    return Window(segments, ended, gone=ended and now > kept_until)


def program_status(task: SandboxTask, now: float | None = None) -> str:
    """LIVE, PAUSED (the engine is too busy to keep up: the picture stands still) or ENDED."""
    now = time.time() if now is None else now
    timeline = timeline_of(task)
    if timeline.stopped_at is not None and timeline.stopped_at <= now:
        return ENDED
    edge = window_of(task, now).edge
    behind = now - (edge if edge is not None else timeline.started_at)
    return (
        PAUSED if behind > max(PAUSED_AFTER_SECONDS, PAUSED_AFTER_PARTS * part_seconds()) else LIVE
    )


def stored_part(task: SandboxTask, number: int) -> dict[str, Any] | None:
    """A part the engine drew and still keeps: {"ts": bytes, "sei": [...]}."""
    return store.get_part(task.task_id, number)


def stored_segment(
    task: SandboxTask, number: int
) -> tuple[WindowSegment, list[dict[str, Any]]] | None:
    """Segment `number` of the live window with its stored parts, if it is complete and kept."""
    window = window_of(task)
    if window.gone:
        return None
    found = next((s for s in window.segments if s.number == number and s.complete), None)
    if found is None:
        return None
    parts = store.get_parts(task.task_id, [part.number for part in found.parts])
    return None if parts is None else (found, parts)


# Any span of the program, for verifying it ------------------------------------------


def playlist_segments(timeline: Timeline, now: float | None = None) -> list[Segment]:
    """The last finished segments of the program on the regular grid (MIX_PROGRAM_WINDOW)."""
    now = time.time() if now is None else now
    return segments(timeline, now, segment_seconds(), last=settings.MIX_PROGRAM_WINDOW)


def stored_segment_bytes(timeline: Timeline, segment: Segment) -> bytes | None:
    """The segment's MPEG-TS bytes from the parts the engine drew and still keeps; None
    when it does not keep them all (nothing is drawn here: web requests never draw)."""
    grid = grid_of(timeline)
    first, last = grid.part_at(segment.start), grid.part_at(segment.end - EPSILON)
    on_grid = (
        abs(grid.part_start(first) - segment.start) < EPSILON
        and abs(min(grid.part_start(last + 1), segment.end) - segment.end) < EPSILON
    )
    parts = store.get_parts(timeline.task_id, range(first, last + 1)) if on_grid else None
    return None if parts is None else b"".join(part["ts"] for part in parts)


def program_of(timeline: Timeline, *, memo: encoder.OnAirMemo | None = None) -> encoder.Program:
    """The task's program as the engine draws it: the calibrated geometry, the
    configured encoder, and (given a `memo`) what was on air drawn before."""
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
        memo=memo,
        memo_key=calibration.fingerprint,
    )


def participants_now(task: SandboxTask, now: float | None = None) -> tuple[Participant, ...]:
    """Who is in the room from now on: changes made a moment ago count, though they only
    show on the program from the start of the next part."""
    timeline = timeline_of(task)
    latest = max([change.at for change in timeline.changes] + [r.at for r in timeline.rooms])
    t = timeline.end(max(time.time() if now is None else now, latest))
    return room.participants_at(timeline, t)


def simulated_room(task: SandboxTask) -> tuple[rooms.Room, dict[UserKey, Participant]]:
    """Who is in the task's simulated room from now on (changes made a moment ago
    count), as the room core holds them, with the size of each one's picture."""
    told = task.program_changes.filter(kind=ProgramChange.Kind.ROOM).order_by("-at", "-id").first()
    if told is not None:
        participants = told.participants or []
        state = room.told_room(participants, round(told.at * 1000))
        return state, {p.key: p for p in map(Participant.from_dict, participants)}
    timeline = timeline_of(task)
    last = len(timeline.changes) - 1
    shapes = {p.key: p for p in room.named_until(timeline, last)}
    return room.imagined_room(timeline, last), shapes


def last_event_ms(task: SandboxTask) -> int:
    """The moment of the newest room event the emulator has told of the task (Unix ms):
    its room changes, and the Start and Takes that named people while none was told."""
    found = task.program_changes.aggregate(
        told=Max("event_ms"),
        named=Max("at", filter=~models.Q(kind=ProgramChange.Kind.ROOM)),
    )
    named = round(found["named"] * 1000) if found["named"] is not None else 0
    return max(found["told"] or 0, named)


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
