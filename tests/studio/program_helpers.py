"""Builders shared by the program tests: a small sandbox task, a way to age it, the
engine run punctually in-process, and a real `db_worker` beside the test."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import av
import numpy as np
from django.conf import settings

from studio.cloud.emulator.models import SandboxTask
from studio.cloud.emulator.program import engine, selectors
from studio.cloud.emulator.program.models import ProgramChange, ProgramState
from studio.media.reading import sei_in_bytes
from tests.factories import document
from tests.processes import stop

ROOT = Path(__file__).resolve().parents[2]

ROOM = "8001"
STREAM = "show_a"


def small_document(**encode: int) -> dict[str, Any]:
    doc = document(320, 180, slots=2)
    doc["VideoEncode"] = {
        "Width": 320,
        "Height": 180,
        "Fps": 10,
        "BitRate": 400,
        "Gop": 1,
        **encode,
    }
    for index, slot in enumerate(doc["LayoutParams"]["MixLayoutList"]):
        slot["UserMediaStream"] = {"UserInfo": {"UserId": f"anchor-{index + 1}", "RoomId": ROOM}}
    return doc


def start_request(**extra: Any) -> dict[str, Any]:
    body = {
        "RoomId": ROOM,
        "RoomIdType": 0,
        "AgentParams": {"MaxIdleTime": 10},
        "WithTranscoding": 1,
        "AudioParams": {
            "AudioEncode": {"SampleRate": 48000, "Channel": 2, "BitRate": 64, "Codec": 0}
        },
        "VideoParams": small_document(),
        "PublishCdnParams": [{"PublishCdnUrl": f"rtmp://push.example.com/live/{STREAM}"}],
        "SeiParams": {"LayoutVolume": {"Interval": 100, "AppData": "show"}},
    }
    body.update(extra)
    return body


def start(api, **extra: Any) -> dict[str, Any]:
    response = api.post("/api/tasks/", {"request": start_request(**extra)}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def age(task_id: str, seconds: float) -> None:
    """Move the task's whole timeline `seconds` into the past, as if time had passed: its
    changes, and the parts its engine has drawn."""
    for change in ProgramChange.objects.filter(task__task_id=task_id):
        change.at -= seconds
        change.save(update_fields=["at"])
    for state in ProgramState.objects.filter(task__task_id=task_id):
        state.parts = [{**entry, "start": entry["start"] - seconds} for entry in state.parts]
        state.save(update_fields=["parts"])


def sandbox_of(task: dict[str, Any]) -> SandboxTask:
    return SandboxTask.objects.get(task_id=task["task_id"])


def started_at(task_id: str) -> float:
    return ProgramChange.objects.get(task__task_id=task_id, kind="start").at


def run_engine(task_id: str, *, until: float | None = None) -> list[str]:
    """The engine, punctual and in-process: every part that starts before `until` (the
    clock by default) drawn by a direct call of the job, at its own start."""
    sandbox = SandboxTask.objects.get(task_id=task_id)
    grid = selectors.grid_of(selectors.timeline_of(sandbox))
    until = time.time() if until is None else until
    outcomes = []
    while True:
        number = ProgramState.objects.get(task=sandbox).next_part
        if grid.part_start(number) >= until:
            return outcomes
        outcome = engine.run_part(sandbox.pk, number, now=grid.part_start(number) + 0.001)
        outcomes.append(outcome)
        if outcome == engine.ENDED:
            return outcomes


def wait_until(condition: Callable[[], Any], *, seconds: float = 30, what: str = "") -> Any:
    """Poll `condition` until it is truthy (its value is returned), for at most `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        found = condition()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds} s: {what or condition}")
        time.sleep(0.02)


@contextmanager
def engine_worker(cache_dir: Path) -> Iterator[subprocess.Popen]:
    """A real `manage.py db_worker` on the test database, sharing a file cache in
    `cache_dir` with the test (which must use the same cache: `file_cache`)."""
    database = settings.DATABASES["default"]["NAME"]
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "MIX_CACHE_BACKEND": "studio.cache.FileCache",
        "MIX_CACHE_LOCATION": str(cache_dir),
        "MIX_PROGRAM_SEGMENT_SECONDS": str(settings.MIX_PROGRAM_SEGMENT_SECONDS),
        "MIX_PROGRAM_PARTS": str(settings.MIX_PROGRAM_PARTS),
        "MIX_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "manage.py", "db_worker", "--queue-name", "*"]
    command += ["--interval", "0.05", "--no-startup-delay", "--no-reload", "-v", "0"]
    worker = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        yield worker
    finally:
        stop(worker, grace=20)


def file_cache(settings_fixture: Any, cache_dir: Path) -> None:
    """Point the test's cache at `cache_dir`, where an `engine_worker` stores its parts."""
    settings_fixture.CACHES = {
        "default": {"BACKEND": "studio.cache.FileCache", "LOCATION": str(cache_dir)}
    }


def fetch(client, path: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return b"".join(response.streaming_content) if response.streaming else response.content


def playlist_segments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def listed_parts(text: str) -> list[str]:
    """The URIs of a low-latency playlist's parts (#EXT-X-PART), in order."""
    return [line.split('URI="')[1].split('"')[0] for line in text.splitlines() if "PART:" in line]


def layout_volumes(data: bytes) -> list[tuple[float, dict[str, Any]]]:
    """(seconds from the Start, payload) of every volume-layout SEI in a segment."""
    from layouts.core import sei

    found = []
    for timed in sei_in_bytes(data):
        payload = sei.volume_layout(timed.message, 100)
        if payload is not None:
            found.append((timed.seconds, payload))
    return found


def decoded(data: bytes) -> tuple[list[Any], np.ndarray, Any, Any]:
    """Video frames, audio samples (channels x n), and the two streams of a segment."""
    with av.open(io.BytesIO(data), format="mpegts") as container:
        video = container.streams.video[0]
        sound = container.streams.audio[0]
        frames, chunks = [], []
        for frame in container.decode(video, sound):
            if isinstance(frame, av.VideoFrame):
                frames.append(frame)
            else:
                chunks.append(frame.to_ndarray())
        return frames, np.concatenate(chunks, axis=1), video, sound


def peak_pitches(samples: np.ndarray, rate: int, count: int) -> set[int]:
    """The `count` strongest frequencies (Hz, rounded to 10) of one channel."""
    spectrum = np.abs(np.fft.rfft(samples[0] * np.hanning(samples.shape[1])))
    freqs = np.fft.rfftfreq(samples.shape[1], 1 / rate)
    peaks = []
    for index in np.argsort(spectrum)[::-1]:
        pitch = int(round(freqs[index] / 10) * 10)
        if all(abs(pitch - other) > 40 for other in peaks):
            peaks.append(pitch)
        if len(peaks) == count:
            break
    return set(peaks)
