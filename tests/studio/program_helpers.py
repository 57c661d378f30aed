"""Builders shared by the program tests: a small sandbox task and a way to age it."""

from __future__ import annotations

import io
from typing import Any

import av
import numpy as np

from studio.cloud.emulator.models import SandboxTask
from studio.cloud.emulator.program.models import ProgramChange
from studio.media.reading import sei_in_bytes
from tests.factories import document

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
    """Move the task's whole timeline `seconds` into the past, as if time had passed."""
    for change in ProgramChange.objects.filter(task__task_id=task_id):
        change.at -= seconds
        change.save(update_fields=["at"])


def sandbox_of(task: dict[str, Any]) -> SandboxTask:
    return SandboxTask.objects.get(task_id=task["task_id"])


def fetch(client, path: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return b"".join(response.streaming_content) if response.streaming else response.content


def playlist_segments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.startswith("#")]


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
