"""manage.py bench_program (`make bench-program`): how fast the emulator's program is drawn,
and how many live programs its engine keeps up on a core.

Speed: for 720p15 and 1080p30 with 16 participants it draws and encodes the
program part by part, as the engine does (picture, SEI, H.264 and AAC, MPEG-TS),
then, as the baseline measured in the same run, encodes the same frames and the
same sound, drawn beforehand, in the same parts. Speeds are multiples of real
time on one core: 2.0x means a second of program takes half a second.
`--profile` prints where the drawing and encoding spend their time (cProfile).

Capacity: in a throwaway data folder (its own SQLite database and file cache) it
starts `--engines` real `manage.py db_worker` processes, each pinned to a core
of its own, starts 1, 2, 3... live 720p15 programs and watches every part they
publish for `--seconds`: the capacity is the most programs with no part late
(published after its own end, or skipped), divided by the cores.
"""

from __future__ import annotations

import cProfile
import io
import math
import os
import pstats
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from studio.cloud.emulator.program.encoder import (
    AAC_FRAME,
    AAC_POSTROLL_FRAMES,
    AAC_PREROLL_FRAMES,
    VIDEO_CLOCK,
    EncoderSettings,
    Program,
)
from studio.cloud.emulator.program.timeline import (
    EPSILON,
    Change,
    Grid,
    Part,
    Timeline,
    frame_times,
)

CASES = ((1280, 720, 15), (1920, 1080, 30))
PEOPLE = 16
REQUIRED_720P = 1.5  # the floor for 720p15, sound included
CHILD = "MIX_BENCH_PROGRAM_DATA_DIR"
ORIGIN = 1_000_000.0
WARM_UP_SECONDS = 3.0  # a new program's first parts, and the workers' start, are not counted


def bench_params(width: int, height: int, fps: int) -> dict[str, Any]:
    """A custom layout of 16 bound pictures (4 x 4), stereo AAC, volume-layout SEI."""
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
    return {
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


def bench_timeline(width: int, height: int, fps: int) -> Timeline:
    return Timeline("bench", ("9001", 0), (Change(ORIGIN, None, bench_params(width, height, fps)),))


class Command(BaseCommand):
    help = "Speed of the emulator's program (sound included) and its engine's capacity."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seconds", type=float, default=6.0, help="Program time per case")
        parser.add_argument("--preset", default="veryfast")
        parser.add_argument("--profile", action="store_true", help="cProfile the 720p15 case")
        parser.add_argument("--engines", type=int, default=1, help="db_worker processes")
        parser.add_argument("--most", type=int, default=8, help="Most programs tried at once")
        parser.add_argument(
            "--skip-capacity", action="store_true", help="Only the speed, no workers"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if os.environ.get(CHILD) == str(settings.DATA_DIR):
            self._capacity(options["engines"], options["most"], options["seconds"] * 2)
            return
        cores = _cores()
        slow = self._speed(options["seconds"], options["preset"], options["profile"])
        os.sched_setaffinity(0, set(cores))
        if slow:
            raise SystemExit(1)
        if not options["skip_capacity"]:
            self._capacity_in_a_fresh_folder(options)

    # Speed ---------------------------------------------------------------------------

    def _speed(self, seconds: float, preset: str, profile: bool) -> bool:
        """Print the speed table; True if 720p15 is under REQUIRED_720P."""
        encoder = EncoderSettings(preset=preset, threads=1)
        cores = _cores()
        os.sched_setaffinity(0, {cores[0]})
        grid = Grid(ORIGIN, settings.MIX_PROGRAM_SEGMENT_SECONDS, settings.MIX_PROGRAM_PARTS)
        count = round(seconds / grid.part_seconds)
        self.stdout.write(
            f"Program speed, {PEOPLE} participants, libx264 {preset}, one thread on one core, "
            f"in parts of {grid.part_seconds:.3f} s as the engine draws them ({seconds:g} s "
            f"of program per case, load {_load()}):"
        )
        self.stdout.write(f"{'case':<10}{'draw+encode':>13}{'encode only':>13}{'ratio':>8}")
        slow = False
        for width, height, fps in CASES:
            timeline = bench_timeline(width, height, fps)
            program = Program(timeline, load_image=_no_image, settings=encoder)
            program.render(grid.part(0))  # warm: the still frame, fonts, encoder start
            parts = [grid.part(number) for number in range(1, count + 1)]
            began = time.perf_counter()
            for part in parts:
                program.render(part)
            full = count * grid.part_seconds / (time.perf_counter() - began)
            frames, sound = _drawn_beforehand(program, parts, fps)
            began = time.perf_counter()
            for pictures, blocks in zip(frames, sound, strict=True):
                _encode_only(program, pictures, blocks)
            alone = count * grid.part_seconds / (time.perf_counter() - began)
            label = f"{height}p{fps}"
            self.stdout.write(f"{label:<10}{full:>12.2f}x{alone:>12.2f}x{full / alone:>7.2f}x")
            if (width, height, fps) == CASES[0]:
                slow = full < REQUIRED_720P
                if profile:
                    self._profile(program, parts)
        if slow:
            self.stderr.write(f"720p15 is under {REQUIRED_720P}x real time.")
        return slow

    def _profile(self, program: Program, parts: list[Part]) -> None:
        profiler = cProfile.Profile()
        profiler.enable()
        for part in parts:
            program.render(part)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
        self.stdout.write(out.getvalue())

    # Capacity ------------------------------------------------------------------------

    def _capacity_in_a_fresh_folder(self, options: dict[str, Any]) -> None:
        with tempfile.TemporaryDirectory(prefix="mix-bench-program-") as folder:
            env = _fresh_env(folder)
            keys = [sys.executable, "scripts/make_keys.py"]
            subprocess.run(keys, cwd=settings.BASE_DIR, env=env, check=True, capture_output=True)
            command = [sys.executable, "manage.py", "bench_program"]
            command += ["--engines", str(options["engines"]), "--most", str(options["most"])]
            command += ["--seconds", str(options["seconds"])]
            subprocess.run(command, cwd=settings.BASE_DIR, env=env, check=True)

    def _capacity(self, engines: int, most: int, seconds: float) -> None:
        from studio.cloud.emulator.models import SandboxTask

        call_command("migrate", verbosity=0)
        cores = _cores()
        pinned = [cores[index % len(cores)] for index in range(engines)]
        if len(cores) > engines:
            # This process (the watching, and SQLite) keeps off the engines' cores.
            os.sched_setaffinity(0, set(cores[engines:]))
        self.stdout.write(
            f"\nEngine capacity: live 720p15 programs ({PEOPLE} participants) drawn by "
            f"{engines} db_worker process(es) on core(s) {pinned}, {seconds:g} s each after "
            f"{WARM_UP_SECONDS:g} s of warm-up, load {_load()}:"
        )
        self.stdout.write(f"{'programs':>9}{'parts':>8}{'late':>6}{'publish p95':>13}")
        kept = 0
        with _workers(pinned):
            for count in range(1, most + 1):
                drawn, late, p95 = _watch(count, seconds)
                self.stdout.write(f"{count:>9}{drawn:>8}{late:>6}{p95 * 1000:>10.0f} ms")
                SandboxTask.objects.all().delete()
                if late:
                    break
                kept = count
        self.stdout.write(
            f"capacity: {kept} live 720p15 program(s) with no late part on {engines} core(s): "
            f"{kept / engines:.1f} per core (load {_load()})"
        )


def _watch(count: int, seconds: float) -> tuple[int, int, float]:
    """Run `count` programs for `seconds`: (parts published, parts late, p95 of how long
    after its start a part was published)."""
    from studio.cloud.emulator.models import SandboxTask
    from studio.cloud.emulator.program.models import ProgramState

    tasks = []
    for index in range(count):
        # Programs started by different producers start at any moment: their parts
        # fall due spread over a part's length, not all at once.
        time.sleep(settings.MIX_PROGRAM_SEGMENT_SECONDS / settings.MIX_PROGRAM_PARTS / count)
        tasks.append(
            SandboxTask.objects.create(
                sdk_app_id=1,
                task_id=f"bench-{count}-{index}-{time.time()}",
                room_id="9001",
                room_id_type=0,
                robot_user_id=f"robot-{index}",
                with_transcoding=1,
                media_kind=SandboxTask.MediaKind.AUDIO_VIDEO,
                params=bench_params(1280, 720, 15),
            )
        )
    began = time.time()
    measured_from, until = began + WARM_UP_SECONDS, began + WARM_UP_SECONDS + seconds
    seen: dict[tuple[int, int], dict[str, Any]] = {}
    skipped_at_start: dict[int, int] = {}
    while time.time() < until + 1:
        for state in ProgramState.objects.filter(task__in=tasks):
            if time.time() >= measured_from:
                skipped_at_start.setdefault(state.task_id, state.skipped)
            for entry in state.parts:
                if measured_from <= entry["start"] < until:
                    seen[(state.task_id, entry["n"])] = entry
        time.sleep(0.5)
    skipped = sum(
        state.skipped - skipped_at_start.get(state.task_id, state.skipped)
        for state in ProgramState.objects.filter(task__in=tasks)
    )
    delays = sorted(entry["drawn"] - entry["start"] for entry in seen.values())
    late = skipped + sum(entry["drawn"] > entry["start"] + entry["dur"] for entry in seen.values())
    p95 = float(np.percentile(delays, 95)) if delays else float("nan")
    return len(seen), late, p95


@contextmanager
def _workers(cores: list[int]) -> Iterator[None]:
    command = [sys.executable, "manage.py", "db_worker", "--queue-name", "*"]
    command += ["--interval", "0.05", "--no-startup-delay", "--no-reload", "-v", "0"]
    workers = [
        subprocess.Popen(
            ["taskset", "-c", str(core), *command], cwd=settings.BASE_DIR, env=os.environ.copy()
        )
        for core in cores
    ]
    try:
        yield
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)


def _fresh_env(folder: str) -> dict[str, str]:
    env = {
        **os.environ,
        CHILD: folder,
        "MIX_DATA_DIR": folder,
        "DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.sqlite3'}",
        "MIX_CACHE_BACKEND": "studio.cache.FileCache",
        "MIX_CACHE_LOCATION": str(Path(folder) / "cache"),
        "MIX_LOG_LEVEL": "WARNING",
    }
    for name in ("DJANGO_SECRET_KEY", "MIX_ENCRYPTION_KEY"):
        env.pop(name, None)
    return env


def _drawn_beforehand(
    program: Program, parts: list[Part], fps: int
) -> tuple[list[list[av.VideoFrame]], list[tuple[int, np.ndarray]]]:
    """Each part's frames, and its sound (first AAC block, samples), made as the program
    makes them, with the blocks encoded and dropped on either side of it."""
    from studio.cloud.emulator.program import audio

    start = program.timeline.started_at
    frames, sound = [], []
    for part in parts:
        pictures = []
        for t in frame_times(part, fps, start):
            on_air = program.on_air_at(t)
            assert on_air.still is not None
            image = on_air.still.frame(t, program.mixed_levels_at(t, on_air))
            picture = av.VideoFrame.from_image(image)
            picture.pts = round((t - start) * VIDEO_CLOCK)
            pictures.append(picture)
        frames.append(pictures)
        first = math.ceil(math.ceil((part.start - start - EPSILON) * 48000) / AAC_FRAME)
        last = math.ceil(math.ceil((part.end - start - EPSILON) * 48000) / AAC_FRAME)
        begin, finish = max(first - AAC_PREROLL_FRAMES, 0), last + AAC_POSTROLL_FRAMES
        gains = [0.5] * (finish - begin)
        mono = audio.synthesize(
            first_sample=begin * AAC_FRAME,
            blocks=finish - begin,
            block_size=AAC_FRAME,
            sample_rate=48000,
            voices=[(audio.pitch_of(i), gains, gains) for i in range(PEOPLE)],
        )
        sound.append((begin, np.tile(mono, (2, 1))))
    return frames, sound


def _encode_only(
    program: Program, pictures: list[av.VideoFrame], sound: tuple[int, np.ndarray]
) -> None:
    """One part's frames and sound through the engine's own encoders, nothing drawn."""
    params = program.timeline.changes[0].params
    with av.open(io.BytesIO(), "w", format="mpegts") as output:
        video = program.video_stream(output, params["VideoParams"]["VideoEncode"])
        audio_stream = program.audio_stream(output, params)
        for frame in pictures:
            frame.time_base = video.time_base
            for packet in video.encode(frame):
                output.mux(packet)
        for packet in video.encode(None):
            output.mux(packet)
        begin, samples = sound
        for block in range(samples.shape[1] // AAC_FRAME):
            chunk = np.ascontiguousarray(samples[:, block * AAC_FRAME : (block + 1) * AAC_FRAME])
            frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout="stereo")
            frame.sample_rate, frame.pts = 48000, (begin + block) * AAC_FRAME
            frame.time_base = Fraction(1, 48000)
            for packet in audio_stream.encode(frame):
                output.mux(packet)
        for packet in audio_stream.encode(None):
            output.mux(packet)


def _cores() -> list[int]:
    return sorted(os.sched_getaffinity(0))


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _no_image(url: str) -> Any:
    raise OSError(f"the bench loads no image ({url})")
