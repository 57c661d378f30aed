"""A relay's program (WithTranscoding 0): the relayed user's own picture and sound at
their size, and a volume-layout SEI of one region, them over the whole picture.

The engine's job is called directly, each part at its own start (`run_engine`);
the parts it stored are decoded with PyAV.
"""

from __future__ import annotations

import pytest

from layouts.core import render
from studio.cloud.emulator.program import audio, selectors
from studio.cloud.emulator.program.models import ProgramChange, ProgramState
from tests.studio.program_helpers import (
    ROOM,
    age,
    decoded,
    fetch,
    layout_volumes,
    peak_pitches,
    run_engine,
    sandbox_of,
    start,
)

pytestmark = pytest.mark.django_db

ENCODE = {"Width": 320, "Height": 180, "Fps": 10, "BitRate": 400, "Gop": 1}
# The simulated room: anchor-1 sends a 256x144 camera, anchor-2 a portrait 144x256 one.
PEOPLE = [
    {"UserId": "anchor-1", "RoomId": ROOM, "RoomIdType": 0, "width": 256, "height": 144},
    {"UserId": "anchor-2", "RoomId": ROOM, "RoomIdType": 0, "width": 144, "height": 256},
]


@pytest.fixture(autouse=True)
def _short_segments(settings):
    settings.MIX_PROGRAM_SEGMENT_SECONDS = 1.0
    settings.MIX_PROGRAM_PARTS = 3
    settings.MIX_PROGRAM_WAIT_SECONDS = 0.0


def single(user: str) -> dict:
    user_info = {"UserId": user, "RoomId": ROOM, "RoomIdType": 0}
    return {"UserMediaStream": {"UserInfo": user_info, "StreamType": 0}}


def start_relay(api, user: str = "anchor-1", *, room: list | None = None) -> dict:
    """A relay of `user` (seed example 2, smaller), the room told at once when given."""
    task = start(
        api,
        WithTranscoding=0,
        VideoParams={"VideoEncode": dict(ENCODE)},
        SingleSubscribeParams=single(user),
    )
    if room is not None:
        told = api.post(f"/api/tasks/{task['id']}/room/", {"participants": room}, format="json")
        assert told.status_code == 200, told.json()
    return task


def part_bytes(api, task: dict, number: int) -> bytes:
    return fetch(api, f"/sandbox/program/{sandbox_of(task).pk}/parts/{number}.ts")


def last_part(task: dict) -> int:
    return ProgramState.objects.get(task=sandbox_of(task)).parts[-1]["n"]


def colour_at(frame, x: int, y: int) -> tuple[int, int, int]:
    return frame.to_image().getpixel((x, y))


def near(colour, expected, tolerance: int = 24) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def regions(payload: dict) -> list[dict]:
    return [{k: r[k] for k in ("uid", "x", "y", "w", "h")} for r in payload["regions"]]


def test_a_relay_puts_the_relayed_users_own_picture_on_air_at_their_size(api):
    task = start_relay(api, room=PEOPLE)
    age(task["task_id"], 2.0)
    run_engine(task["task_id"])
    data = part_bytes(api, task, last_part(task))
    frames, samples, _video, sound = decoded(data)
    seen = layout_volumes(data)

    assert {(frame.width, frame.height) for frame in frames} == {(256, 144)}
    # The picture is anchor-1's own test card (below its clock, left of the cross).
    assert near(colour_at(frames[0], 50, 45), render._user_colour("anchor-1"))
    assert seen  # asked for every 100 ms
    for _seconds, payload in seen:
        assert payload["canvas"] == {"w": 256, "h": 144}
        assert regions(payload) == [{"uid": "anchor-1", "x": 0, "y": 0, "w": 256, "h": 144}]
    # Their own voice (the first to join: the first pitch), nobody else's.
    rate = sound.codec_context.sample_rate
    assert peak_pitches(samples, rate, 1) == {audio.pitch_of(0)}


def test_a_relay_is_not_a_mix_of_made_up_guests(api):
    # Nobody told the emulator who is in the room: the relayed stream is imagined at
    # the size the task's VideoEncode gives it (R22), and it alone is on air and speaks.
    task = start_relay(api)
    age(task["task_id"], 1.5)
    run_engine(task["task_id"])
    data = part_bytes(api, task, last_part(task))
    frames, samples, _video, sound = decoded(data)
    seen = [payload["regions"] for _seconds, payload in layout_volumes(data)]

    assert {(frame.width, frame.height) for frame in frames} == {(320, 180)}
    assert near(colour_at(frames[0], 64, 56), render._user_colour("anchor-1"))
    assert seen and all([r["uid"] for r in regions] == ["anchor-1"] for regions in seen)
    assert all(regions[0]["volume"] >= 0.75 * audio.SPEAKING_LEVEL for regions in seen)
    assert peak_pitches(samples, sound.codec_context.sample_rate, 1) == {audio.pitch_of(0)}


def test_switching_the_relayed_user_live_switches_the_program_from_the_next_part(api):
    task = start_relay(api, room=PEOPLE)
    age(task["task_id"], 1.0)
    run_engine(task["task_id"])
    answer = api.post(
        f"/api/tasks/{task['id']}/take/",
        {"request": {"SingleSubscribeParams": single("anchor-2")}},
        format="json",
    )
    assert answer.status_code == 200, answer.json()
    update = ProgramChange.objects.get(task__task_id=task["task_id"], kind="update")
    grid = selectors.grid_of(selectors.timeline_of(sandbox_of(task)))
    switched = grid.part_at(update.at)
    age(task["task_id"], 1.5)
    run_engine(task["task_id"])

    before = decoded(part_bytes(api, task, switched - 1))
    after = decoded(part_bytes(api, task, switched))
    sei_after = layout_volumes(part_bytes(api, task, switched))
    entry = next(
        e for e in ProgramState.objects.get(task=sandbox_of(task)).parts if e["n"] == switched
    )

    assert grid.part_start(switched) == pytest.approx(update.at)  # from a part's start
    assert (before[0][0].width, before[0][0].height) == (256, 144)
    assert (after[0][0].width, after[0][0].height) == (144, 256)
    assert near(colour_at(after[0][0], 40, 80), render._user_colour("anchor-2"))
    assert {tuple(r["uid"] for r in p["regions"]) for _s, p in sei_after} == {("anchor-2",)}
    assert regions(sei_after[0][1]) == [{"uid": "anchor-2", "x": 0, "y": 0, "w": 144, "h": 256}]
    rate = after[3].codec_context.sample_rate
    assert peak_pitches(after[1], rate, 1) == {audio.pitch_of(1)}  # anchor-2's voice now
    # A new picture size: the part opens a segment behind a discontinuity (HLS asks for it).
    assert entry["disc"] is True
