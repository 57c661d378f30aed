"""The HLS media playlist of a program (RFC 8216): a sliding live window. Pure."""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Sequence

from studio.cloud.emulator.program.timeline import Segment


def media_playlist(
    segments: Sequence[Segment],
    *,
    segment_url: Callable[[Segment], str],
    target_seconds: float,
    discontinuity_sequence: int,
    ended: bool,
) -> str:
    """The playlist text; each segment carries its wall-clock start (PROGRAM-DATE-TIME),
    which is what lets a player line a frame up with the SEI read from it."""
    longest = max([segment.duration for segment in segments] + [target_seconds])
    lines = [
        "#EXTM3U",
        "#EXT-X-VERSION:3",
        f"#EXT-X-TARGETDURATION:{math.ceil(longest - 1e-6)}",
        f"#EXT-X-MEDIA-SEQUENCE:{segments[0].number if segments else 0}",
        f"#EXT-X-DISCONTINUITY-SEQUENCE:{discontinuity_sequence}",
    ]
    for segment in segments:
        if segment.discontinuity:
            lines.append("#EXT-X-DISCONTINUITY")
        moment = datetime.datetime.fromtimestamp(segment.start, tz=datetime.UTC)
        lines.append(f"#EXT-X-PROGRAM-DATE-TIME:{moment.isoformat(timespec='milliseconds')}")
        lines.append(f"#EXTINF:{segment.duration:.3f},")
        lines.append(segment_url(segment))
    if ended:
        lines.append("#EXT-X-ENDLIST")
    return "\n".join(lines) + "\n"
