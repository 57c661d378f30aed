"""SEI read from a demuxed stream: every video packet's messages, with its time."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import av

from layouts.core import sei


@dataclass(frozen=True)
class TimedSei:
    seconds: float | None  # the packet's presentation time in the stream
    key_frame: bool
    message: sei.SeiMessage


def sei_in_container(
    container: Any, *, max_bytes: int | None = None, deadline: float | None = None
) -> Iterator[TimedSei]:
    """Every SEI message of the first video stream of an open PyAV container.

    A live stream never ends, so reading stops after `max_bytes` of video
    packets or at `deadline` (time.monotonic()), whichever comes first. A
    stream that breaks off (a truncated segment, say) ends where it breaks:
    the messages read before stay.
    """
    if not container.streams.video:
        return
    stream = container.streams.video[0]
    length_size = sei.length_size_of(stream.codec_context.extradata)
    read = 0
    packets = container.demux(stream)
    while True:
        try:
            packet = next(packets)
        except (StopIteration, av.FFmpegError):
            return
        read += packet.size
        if (max_bytes is not None and read > max_bytes) or (
            deadline is not None and time.monotonic() > deadline
        ):
            return
        if not packet.size:
            continue
        for item in sei.read_messages(bytes(packet), length_size=length_size):
            yield TimedSei(_seconds(packet), packet.is_keyframe, item)


def _seconds(packet: Any) -> float | None:
    if packet.pts is None or packet.time_base is None:
        return None
    return float(packet.pts * packet.time_base)


def sei_in_bytes(data: bytes, *, format: str = "mpegts") -> list[TimedSei]:
    """Every SEI message of a media file held in memory (an HLS segment, say)."""
    with av.open(io.BytesIO(data), format=format) as container:
        return list(sei_in_container(container))
