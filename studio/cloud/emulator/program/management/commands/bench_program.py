"""manage.py bench_program: how fast the emulator draws and encodes a program, on one core.

For 720p15 and 1080p30 with 16 participants it times whole segments (draw,
SEI, H.264 and AAC, MPEG-TS), then, as the baseline measured in the same run,
the encoder alone on the same frames drawn beforehand, and the drawing alone.
Speeds are multiples of real time: 2.0x means a 2 s segment takes 1 s.
"""

from __future__ import annotations

import io
import os
import time
from fractions import Fraction
from typing import Any

import av
from django.core.management.base import BaseCommand, CommandParser

from studio.cloud.emulator.program.encoder import EncoderSettings, Program
from studio.cloud.emulator.program.timeline import Change, Timeline, frame_times, segments

CASES = ((1280, 720, 15), (1920, 1080, 30))
PEOPLE = 16
REQUIRED_720P = 1.5  # the floor for 720p15


def bench_timeline(width: int, height: int, fps: int) -> Timeline:
    """A custom layout of 16 bound pictures (4 x 4), volume-layout SEI on every second."""
    slots = [
        {
            "UserMediaStream": {"UserInfo": {"UserId": f"user-{index + 1}", "RoomId": "9001"}},
            "LocationX": (index % 4) * (width // 4),
            "LocationY": (index // 4) * (height // 4),
            "ImageWidth": width // 4,
            "ImageHeight": height // 4,
            "ZOrder": 1,
        }
        for index in range(PEOPLE)
    ]
    params = {
        "RoomId": "9001",
        "RoomIdType": 0,
        "AudioParams": {"AudioEncode": {"SampleRate": 48000, "Channel": 2, "BitRate": 64}},
        "VideoParams": {
            "VideoEncode": {
                "Width": width,
                "Height": height,
                "Fps": fps,
                "BitRate": 2500,
                "Gop": 2,
            },
            "LayoutParams": {"MixLayoutMode": 4, "MixLayoutList": slots},
        },
        "SeiParams": {"LayoutVolume": {}},
    }
    return Timeline("bench", ("9001", 0), (Change(1_000_000.0, None, params),))


class Command(BaseCommand):
    help = "Render+encode speed of the emulator's program, as a multiple of real time on one core."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seconds", type=float, default=6.0, help="Program time per case")
        parser.add_argument("--preset", default="veryfast")

    def handle(self, *args: Any, seconds: float, preset: str, **options: Any) -> None:
        if hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        settings = EncoderSettings(preset=preset, threads=1)
        self.stdout.write(
            f"Program speed, {PEOPLE} participants, libx264 {preset}, one thread on one core "
            f"({seconds:g} s of program per case):"
        )
        self.stdout.write(f"{'case':<10}{'render+encode':>15}{'encode only':>13}{'draw':>10}")
        failed = False
        for width, height, fps in CASES:
            timeline = bench_timeline(width, height, fps)
            program = Program(timeline, load_image=_no_image, settings=settings)
            end = timeline.started_at + seconds + 2
            window = segments(timeline, end + 0.01, 2.0)
            program.segment_bytes(window[0])  # warm: still frames, fonts, encoder start
            measured = window[1:]
            span = sum(segment.duration for segment in measured)
            began = time.perf_counter()
            for segment in measured:
                program.segment_bytes(segment)
            full = span / (time.perf_counter() - began)

            frames, draw_seconds = _frames(program, measured, fps)
            began = time.perf_counter()
            _encode_only(frames, width, height, fps, settings)
            encode = span / (time.perf_counter() - began)
            draw = span / draw_seconds
            label = f"{height}p{fps}"
            self.stdout.write(f"{label:<10}{full:>14.2f}x{encode:>12.2f}x{draw:>9.2f}x")
            if (width, height, fps) == CASES[0] and full < REQUIRED_720P:
                failed = True
        if failed:
            self.stderr.write(f"720p15 is under {REQUIRED_720P}x real time.")
            raise SystemExit(1)


def _frames(program: Program, measured: list, fps: int) -> tuple[list, float]:
    """The frames the encoder is given, and the time spent drawing them (kept apart
    from the cost of holding them all, which the encoder-only run needs)."""
    times = [t for segment in measured for t in frame_times(segment, fps)]
    began = time.perf_counter()
    for t in times:
        _layout, still = program.layout_at(t)
        still.frame(t, program.mixed_levels_at(t))
    drawing = time.perf_counter() - began
    frames = []
    for t in times:
        _layout, still = program.layout_at(t)
        frames.append(av.VideoFrame.from_image(still.frame(t, program.mixed_levels_at(t))))
    return frames, drawing


def _encode_only(
    frames: list, width: int, height: int, fps: int, settings: EncoderSettings
) -> None:
    with av.open(io.BytesIO(), "w", format="mpegts") as output:
        stream = output.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.time_base = Fraction(1, fps)
        stream.codec_context.thread_count = settings.threads
        stream.bit_rate = 2_500_000
        stream.options = {"preset": settings.preset, "tune": "zerolatency"}
        for index, frame in enumerate(frames):
            frame.pts = index
            for packet in stream.encode(frame):
                output.mux(packet)
        for packet in stream.encode(None):
            output.mux(packet)


def _no_image(url: str) -> Any:
    raise OSError(f"the bench loads no image ({url})")
