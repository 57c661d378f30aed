"""A scenario played through a layout, as a short H.264 video (MP4, through PyAV).

What a producer would see on air as the scenario's people come and go: the
room at each moment (layouts/core/scenario.py) placed by the same geometry
and drawn by the same renderer as previews. A picture is drawn once per room
change and repeated until the next one, so a 30-second video costs a handful
of renders and its encoding.

One video at a time per user (the renders are the app's own CPU): a second
request meanwhile is refused with 429 and Retry-After.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import av
from django.core.cache import cache
from django.utils.translation import gettext as _
from PIL import Image

from layouts import images, preview
from layouts.core import dry_run, render, scenario
from layouts.core.room import Room
from layouts.errors import MixStudioError

MAX_SECONDS = 30
FPS = 10
MAX_WIDTH = 1280  # of the video; the canvas is scaled down to it
LOCK_SECONDS = 120  # longer than any render takes; released when done


class VideoBusy(MixStudioError):
    status_code = 429
    code = "video-busy"
    retry_after = 5


@dataclass(frozen=True)
class Video:
    data: bytes
    seconds: float
    frames: int
    renders: int  # distinct pictures drawn (one per room change)


def scenario_video(
    document: dict[str, Any],
    played: scenario.Scenario,
    *,
    seconds: float | None = None,
    width: int | None = None,
    fps: int = FPS,
    load_image: Callable[[str], Image.Image] = images.get_image,
) -> Video:
    """The first `seconds` (at most MAX_SECONDS) of the scenario as an MP4."""
    length = min(played.duration if seconds is None else seconds, played.duration, MAX_SECONDS)
    frames = max(1, math.floor(length * fps))
    pictures: dict[tuple[Any, ...], Image.Image] = {}
    out = io.BytesIO()
    with av.open(out, mode="w", format="mp4") as container:
        stream = None
        for index in range(frames):
            room = scenario.room_at(played, index / fps)
            key = _room_key(room)
            if key not in pictures:
                pictures[key] = _picture(document, room, width, load_image)
            picture = pictures[key]
            if stream is None:
                stream = container.add_stream("libx264", rate=fps)
                stream.width, stream.height = picture.size
                stream.pix_fmt = "yuv420p"
                stream.time_base = Fraction(1, fps)
                stream.options = {"preset": "veryfast", "tune": "stillimage"}
            frame = av.VideoFrame.from_image(picture)
            frame.pts = index
            frame.time_base = Fraction(1, fps)
            for packet in stream.encode(frame):
                container.mux(packet)
        assert stream is not None
        for packet in stream.encode():
            container.mux(packet)
    return Video(out.getvalue(), frames / fps, frames, len(pictures))


@contextmanager
def one_video_per_user(user_key: str) -> Iterator[None]:
    lock = f"scenario-video:{user_key}"
    if not cache.add(lock, 1, LOCK_SECONDS):
        raise VideoBusy(_("Your previous video is still being made; try again in a moment."))
    try:
        yield
    finally:
        cache.delete(lock)


def _picture(
    document: dict[str, Any],
    room: Room,
    width: int | None,
    load_image: Callable[[str], Image.Image],
) -> Image.Image:
    layout = preview.drawable_layout(document, dry_run.participants(room))
    wanted = min(width or MAX_WIDTH, MAX_WIDTH, layout.canvas_w)
    scale = wanted / layout.canvas_w
    image = render.render(document, layout, scale=scale, load_image=load_image).image
    # H.264 in 4:2:0 wants even sides.
    even = (image.width - image.width % 2, image.height - image.height % 2)
    return image.crop((0, 0, *even)) if even != image.size else image


def _room_key(room: Room) -> tuple[Any, ...]:
    return tuple(
        (p.user_id, p.room_id, p.room_id_type, p.camera, p.audio, p.screen) for p in room.people
    )
