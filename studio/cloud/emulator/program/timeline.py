"""A task's timeline: which parameters and which room were in force when.

Pure: no Django. `Timeline` is built by the selectors from the emulator's
records; everything the program draws at time t is read from it.
"""

from __future__ import annotations

import bisect
import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from layouts.core.geometry import Participant

ENCODE_FIELDS = ("Width", "Height", "Fps", "BitRate", "Gop")
# Reference defaults: MaxIdleTime (B.1, R12), SEI Interval (B.18).
DEFAULT_MAX_IDLE_SECONDS = 30
# Times are Unix seconds (about 1.8e9), where a double resolves about 2.4e-7 s: two
# computations of one instant may differ by a few of those. So instants this close
# are the same instant; it is far below a frame (a thirtieth of a second) or a sample block.
EPSILON = 1e-4


@dataclass(frozen=True)
class Change:
    """The parameters in force from `at` (Unix seconds) on."""

    at: float
    sequence_number: int | None
    params: Mapping[str, Any]


@dataclass(frozen=True)
class RoomChange:
    """Who is in the simulated room from `at` on, as a producer told the emulator."""

    at: float
    participants: tuple[Participant, ...]


@dataclass(frozen=True)
class Timeline:
    task_id: str
    room: tuple[str, int]  # the main room (RoomId, RoomIdType)
    changes: tuple[Change, ...]  # the Start first, then accepted updates, by time
    rooms: tuple[RoomChange, ...] = ()
    stopped_at: float | None = None

    @property
    def started_at(self) -> float:
        return self.changes[0].at

    def end(self, now: float) -> float:
        """Where the program ends for now: the stop, or the present."""
        return min(now, self.stopped_at) if self.stopped_at is not None else now

    @functools.cached_property
    def _change_times(self) -> tuple[float, ...]:
        return tuple(change.at for change in self.changes)

    @functools.cached_property
    def _room_times(self) -> tuple[float, ...]:
        return tuple(room.at for room in self.rooms)

    def change_index_at(self, t: float) -> int:
        """Index in `changes` of the parameters in force at `t`."""
        return max(bisect.bisect_right(self._change_times, t + EPSILON) - 1, 0)

    def room_index_at(self, t: float) -> int:
        """Index in `rooms` of the room told last before `t`, or -1 if none was told."""
        return bisect.bisect_right(self._room_times, t + EPSILON) - 1

    def change_at(self, t: float) -> Change:
        return self.changes[self.change_index_at(t)]

    def params_at(self, t: float) -> Mapping[str, Any]:
        return self.change_at(t).params

    def told_room_at(self, t: float) -> RoomChange | None:
        index = self.room_index_at(t)
        return self.rooms[index] if index >= 0 else None

    def max_idle_seconds(self) -> int:
        agent = self.changes[0].params.get("AgentParams")
        value = agent.get("MaxIdleTime") if isinstance(agent, Mapping) else None
        return value if type(value) is int and value > 0 else DEFAULT_MAX_IDLE_SECONDS


def video_encode(params: Mapping[str, Any]) -> dict[str, int] | None:
    """VideoEncode as five integers, or None for an audio-only task (R21)."""
    video = params.get("VideoParams")
    encode = video.get("VideoEncode") if isinstance(video, Mapping) else None
    if not isinstance(encode, Mapping):
        return None
    values = {name: encode.get(name) for name in ENCODE_FIELDS}
    if any(type(value) is not int or value <= 0 for value in values.values()):
        return None
    return values


@dataclass(frozen=True)
class Segment:
    """A few seconds of program, [start, end), encoded with one VideoEncode."""

    number: int  # media sequence number, from 0 at the Start
    start: float
    end: float
    discontinuity: bool  # the picture size changed at its start

    @property
    def duration(self) -> float:
        return self.end - self.start


def segments(
    timeline: Timeline, now: float, seconds: float, *, last: int | None = None
) -> list[Segment]:
    """The finished segments of the program up to `now`, in order (the `last` few).

    Segments cut the program every `seconds` from the Start, and also where a
    VideoEncode change takes effect, so each one has a single encoder setting
    (a new picture size is marked as a discontinuity, as HLS requires). The
    segment still being lived is not listed: its frames are not all known yet.
    After the stop the last, shorter segment ends at the stop.
    """
    cuts = _Cuts(timeline, now, seconds)
    count = cuts.finished()
    first = 0 if last is None else max(count - last, 0)
    return [cuts.segment(number) for number in range(first, count)]


def segment(timeline: Timeline, number: int, now: float, seconds: float) -> Segment | None:
    """Segment `number` if it is finished by `now`."""
    cuts = _Cuts(timeline, now, seconds)
    return cuts.segment(number) if 0 <= number < cuts.finished() else None


class _Cuts:
    """The cut times of a program: a regular grid plus the VideoEncode changes.

    A task may run for days, so the grid is never listed, only counted.
    """

    def __init__(self, timeline: Timeline, now: float, seconds: float) -> None:
        self.start = timeline.started_at
        self.end = timeline.end(now)
        self.seconds = seconds
        self.stopped = timeline.stopped_at is not None
        self.extra: list[float] = []
        self.resized: set[float] = set()
        previous = video_encode(timeline.changes[0].params)
        for change in timeline.changes[1:]:
            encode = video_encode(change.params)
            if encode != previous and change.at > self.start and not self._on_grid(change.at):
                self.extra.append(change.at)
            if _size(encode) != _size(previous) and change.at > self.start:
                self.resized.add(self._snap(change.at))
            previous = encode

    def finished(self) -> int:
        """How many segments are finished by the end."""
        cuts = self._grid_upto(self.end) + sum(1 for at in self.extra if at <= self.end + EPSILON)
        count = cuts - 1
        if self.stopped and self.end - self.cut(count) > EPSILON:
            count += 1  # the tail up to the stop
        return max(count, 0)

    def segment(self, number: int) -> Segment:
        left = self.cut(number)
        right = min(self.cut(number + 1), self.end) if self.stopped else self.cut(number + 1)
        return Segment(number, left, right, left in self.resized)

    def cut(self, number: int) -> float:
        """The `number`-th cut time, counting from 0 at the Start."""
        for index, at in enumerate(self.extra):
            position = index + self._grid_upto(at)
            if number == position:
                return at
            if number < position:
                return self.start + (number - index) * self.seconds
        return self.start + (number - len(self.extra)) * self.seconds

    def _grid_upto(self, t: float) -> int:
        return int((t - self.start + EPSILON) / self.seconds) + 1

    def _on_grid(self, t: float) -> bool:
        steps = (t - self.start) / self.seconds
        return abs(steps - round(steps)) * self.seconds < EPSILON

    def _snap(self, t: float) -> float:
        if self._on_grid(t):
            return self.start + round((t - self.start) / self.seconds) * self.seconds
        return t


def frame_times(span: Segment | Part, fps: int, origin: float) -> list[float]:
    """The times of the frames inside `span`: every 1/fps counted from `origin` (the Start),
    so spans drawn apart (parts, segments) join into one even stream."""
    first = math.ceil((span.start - origin - EPSILON) * fps)
    last = math.ceil((span.end - origin - EPSILON) * fps)
    return [origin + index / fps for index in range(first, max(last, first + 1))]


@dataclass(frozen=True)
class Part:
    """One part of the program, [start, end): the unit the engine draws, one job each.

    Parts are counted from 0 at the Start, every `Grid.part_seconds`; the last one
    ends at the stop.
    """

    number: int
    start: float
    end: float

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Grid:
    """Where parts and segments of a program fall: a regular grid from the Start."""

    origin: float
    segment_seconds: float
    parts_per_segment: int

    @property
    def part_seconds(self) -> float:
        return self.segment_seconds / self.parts_per_segment

    def part_start(self, number: int) -> float:
        return self.origin + number * self.part_seconds

    def part_at(self, t: float) -> int:
        """The part under way at `t` (-1 before the Start)."""
        if t < self.origin - EPSILON:
            return -1
        return math.floor((t - self.origin + EPSILON) / self.part_seconds)

    def part_from(self, t: float) -> int:
        """The first part that starts at `t` or after it."""
        return math.ceil((t - self.origin - EPSILON) / self.part_seconds)

    def next_part(self, t: float) -> int:
        """The first part that starts after `t`: where a change made at `t` takes effect."""
        return self.part_at(t) + 1

    def part(self, number: int, stopped_at: float | None = None) -> Part | None:
        """Part `number`, cut at the stop; None if the program has ended before it."""
        start, end = self.part_start(number), self.part_start(number + 1)
        if stopped_at is not None:
            if stopped_at <= start + EPSILON:
                return None
            end = min(end, stopped_at)
        return Part(number, start, end)

    def opens_segment(self, number: int) -> bool:
        """Whether part `number` is the first of a segment on the regular grid."""
        return number % self.parts_per_segment == 0


def _size(encode: dict[str, int] | None) -> tuple[int, int] | None:
    return None if encode is None else (encode["Width"], encode["Height"])
