"""The HLS media playlists of a program (RFC 8216 and its low-latency second edition). Pure.

`live_playlist` writes the live window the engine has drawn: full segments,
and for the newest ones their parts (#EXT-X-PART), which is what lets a player
stay a part or two behind the live edge instead of a few segments.
`media_playlist` writes a plain playlist of whole segments.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from studio.cloud.emulator.program.timeline import Segment

VERSION = 6
# Parts are listed for the segments in the last this many target durations (RFC 8216bis 4.4.4.9).
PART_LISTED_TARGETS = 3
EPSILON = 1e-6


@dataclass(frozen=True)
class WindowPart:
    number: int  # the part's number, counted from 0 at the Start
    start: float
    duration: float


@dataclass(frozen=True)
class WindowSegment:
    """A segment of the live window: its media sequence number and the parts drawn in it."""

    number: int
    parts: tuple[WindowPart, ...]
    discontinuity: bool  # it follows a gap (parts skipped) or a new picture size
    discontinuity_sequence: int  # discontinuities from the Start up to and including it
    complete: bool  # no more parts will join it

    @property
    def start(self) -> float:
        return self.parts[0].start

    @property
    def duration(self) -> float:
        return sum(part.duration for part in self.parts)

    @property
    def end(self) -> float:
        return self.start + self.duration


def window_segments(entries: Sequence[Mapping[str, Any]]) -> list[WindowSegment]:
    """The engine's drawn parts (ProgramState.parts, in order) grouped into segments."""
    grouped: list[list[Mapping[str, Any]]] = []
    for entry in entries:
        if grouped and grouped[-1][0]["seg"] == entry["seg"]:
            grouped[-1].append(entry)
        else:
            grouped.append([entry])
    segments = []
    for index, group in enumerate(grouped):
        first = group[0]
        segments.append(
            WindowSegment(
                number=first["seg"],
                parts=tuple(WindowPart(e["n"], e["start"], e["dur"]) for e in group),
                discontinuity=bool(first["disc"]),
                discontinuity_sequence=first["dseq"],
                complete=index < len(grouped) - 1 or bool(group[-1]["closes"]),
            )
        )
    return segments


def contains(segments: Sequence[WindowSegment], msn: int, part: int | None) -> bool:
    """Whether the window holds segment `msn` (whole, or its part `part`) or anything later:
    what a blocking playlist reload (`_HLS_msn`, `_HLS_part`) waits for."""
    for segment in segments:
        if segment.number > msn:
            return True
        if segment.number == msn:
            return segment.complete or (part is not None and len(segment.parts) > part)
    return False


def live_playlist(
    segments: Sequence[WindowSegment],
    *,
    segment_url: Callable[[WindowSegment], str],
    part_url: Callable[[WindowPart], str],
    target_seconds: float,
    part_seconds: float,
    ended: bool,
) -> str:
    """The low-latency playlist of the window.

    PART-HOLD-BACK is two part targets, the least RFC 8216bis allows: a player
    then plays about a part behind the newest part drawn. Each part starts with
    a key frame of its own (INDEPENDENT=YES), since any worker may draw the next.
    The playlist of a live program ends with the hint of the part to come
    (players such as hls.js need it to place the next segment).
    Each segment carries its wall-clock start (PROGRAM-DATE-TIME), which is what
    lets a player line a frame up with the SEI read from it.
    """
    complete = [segment for segment in segments if segment.complete]
    longest = max([segment.duration for segment in complete] + [target_seconds])
    target = math.ceil(longest - EPSILON)
    part_target = math.ceil(part_seconds * 1000 - EPSILON) / 1000
    first = segments[0] if segments else None
    lines = [
        "#EXTM3U",
        f"#EXT-X-VERSION:{VERSION}",
        f"#EXT-X-TARGETDURATION:{target}",
        f"#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK={2 * part_target:.3f}",
        f"#EXT-X-PART-INF:PART-TARGET={part_target:.3f}",
        f"#EXT-X-MEDIA-SEQUENCE:{first.number if first else 0}",
        "#EXT-X-DISCONTINUITY-SEQUENCE:"
        + str(first.discontinuity_sequence - first.discontinuity if first else 0),
    ]
    edge = segments[-1].end if segments else 0.0
    for segment in segments:
        if segment.discontinuity:
            lines.append("#EXT-X-DISCONTINUITY")
        lines.append(f"#EXT-X-PROGRAM-DATE-TIME:{_moment(segment.start)}")
        if segment.end > edge - PART_LISTED_TARGETS * target - EPSILON or not segment.complete:
            for part in segment.parts:
                lines.append(
                    f'#EXT-X-PART:DURATION={part.duration:.5f},URI="{part_url(part)}",'
                    "INDEPENDENT=YES"
                )
        if segment.complete:
            lines.append(f"#EXTINF:{segment.duration:.5f},")
            lines.append(segment_url(segment))
    if ended:
        lines.append("#EXT-X-ENDLIST")
    elif segments:
        # The part to come: a player may ask for it now, and is answered when it is drawn.
        coming = WindowPart(segments[-1].parts[-1].number + 1, edge, part_seconds)
        lines.append(f'#EXT-X-PRELOAD-HINT:TYPE=PART,URI="{part_url(coming)}"')
    return "\n".join(lines) + "\n"


def media_playlist(
    segments: Sequence[Segment],
    *,
    segment_url: Callable[[Segment], str],
    target_seconds: float,
    discontinuity_sequence: int,
    ended: bool,
) -> str:
    """A plain playlist of whole segments (RFC 8216), each with its PROGRAM-DATE-TIME."""
    longest = max([segment.duration for segment in segments] + [target_seconds])
    lines = [
        "#EXTM3U",
        "#EXT-X-VERSION:3",
        f"#EXT-X-TARGETDURATION:{math.ceil(longest - EPSILON)}",
        f"#EXT-X-MEDIA-SEQUENCE:{segments[0].number if segments else 0}",
        f"#EXT-X-DISCONTINUITY-SEQUENCE:{discontinuity_sequence}",
    ]
    for segment in segments:
        if segment.discontinuity:
            lines.append("#EXT-X-DISCONTINUITY")
        lines.append(f"#EXT-X-PROGRAM-DATE-TIME:{_moment(segment.start)}")
        lines.append(f"#EXTINF:{segment.duration:.3f},")
        lines.append(segment_url(segment))
    if ended:
        lines.append("#EXT-X-ENDLIST")
    return "\n".join(lines) + "\n"


def _moment(t: float) -> str:
    moment = datetime.datetime.fromtimestamp(t, tz=datetime.UTC)
    return moment.isoformat(timespec="milliseconds")
