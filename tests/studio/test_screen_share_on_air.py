"""A screen share on air: its own card in the emulator's program, and Verify says when
a slot meant for a share shows nothing."""

from __future__ import annotations

import numpy as np
import pytest

from layouts.core import geometry, roles
from studio.cloud.emulator.program import selectors as program_selectors
from studio.onair import verify
from tests.studio.program_helpers import (
    ROOM,
    age,
    decoded,
    file_cache,
    run_engine,
    sandbox_of,
    small_document,
    start,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _short_segments(settings, tmp_path):
    settings.MIX_PROGRAM_SEGMENT_SECONDS = 1.0
    file_cache(settings, tmp_path / "cache")  # where the engine keeps the parts it draws


def camera_and_share(user: str = "anchor-1", *, share_slot: int = 1) -> dict:
    """320 x 180: slot 1 anchor-1's camera, slot 2 `user`'s screen share (160 x 180 each)."""
    document = small_document()
    slots = document["LayoutParams"]["MixLayoutList"]
    slots[share_slot]["UserMediaStream"] = {
        "UserInfo": {"UserId": user, "RoomId": ROOM},
        "StreamType": 1,
    }
    slots[share_slot]["RenderMode"] = 1
    return document


def on_air(task) -> None:
    age(task["task_id"], 3.5)
    run_engine(task["task_id"])  # the engine draws; a verification only reads


def light_share(pixels: np.ndarray) -> float:
    """The share of pixels whose every channel is above 200 (a card's colour never is)."""
    return float((pixels.min(axis=2) > 200).mean())


def test_a_screen_share_looks_unlike_a_camera_in_the_program(api):
    task = start(api, VideoParams=camera_and_share())
    on_air(task)
    timeline = program_selectors.timeline_of(sandbox_of(task))
    drawn = [
        program_selectors.stored_segment_bytes(timeline, segment)
        for segment in program_selectors.playlist_segments(timeline)
    ]
    frames, *_ = decoded([data for data in drawn if data is not None][-1])
    picture = frames[-1].to_ndarray(format="rgb24")  # 180 rows x 320 columns

    # The share is fitted (RenderMode 1): its 16:9 picture fills rows 45 to 135 of its slot.
    camera, share = picture[:, :160], picture[45:135, 160:]
    # Decoded H.264, moving clock, sweep and meter included: a camera is its user's
    # colour with a thin cross, a share a light window on that colour.
    assert light_share(camera) < 0.15
    assert light_share(share) > 0.4


def test_verify_names_a_share_slot_that_shows_nothing_while_nobody_shares(api):
    task = start(api, VideoParams=camera_and_share("guest-a"))
    nobody_shares = [
        {"UserId": "anchor-1", "RoomId": ROOM, "RoomIdType": 0},
        {"UserId": "guest-a", "RoomId": ROOM, "RoomIdType": 0, "screen": False},
    ]
    answer = api.post(
        f"/api/tasks/{task['id']}/room/", {"participants": nobody_shares}, format="json"
    )
    assert answer.status_code == 200, answer.json()
    on_air(task)

    answer = api.post(f"/api/tasks/{task['id']}/verify/", {}, format="json")

    assert answer.status_code == 200, answer.json()
    verdict = answer.json()
    # The SEI agrees with the geometry (an empty slot both ways), yet nothing is where a
    # share was designed: that is not "as designed".
    assert [r["uid"] for r in verdict["seen"]["regions"]] == ["anchor-1"]
    assert verdict["mismatches"] == []
    assert verdict["as_designed"] is False
    assert verdict["missing_shares"] == [
        {"slot": 1, "user": "guest-a", "expected": {"x": 160, "y": 0, "w": 160, "h": 180}}
    ]
    assert verdict["note"] == "Slot 2 should show guest-a's screen share; nothing is shown there."


def test_verify_is_content_when_the_share_is_on_air(api):
    task = start(api, VideoParams=camera_and_share("guest-a"))  # the room imagines guest-a sharing
    on_air(task)

    verdict = api.post(f"/api/tasks/{task['id']}/verify/", {}, format="json").json()

    assert [r["uid"] for r in verdict["seen"]["regions"]] == ["anchor-1", "guest-a"]
    assert verdict["as_designed"] is True
    assert verdict["missing_shares"] == []
    assert verdict["note"] == ""


def test_a_sharer_role_nobody_fills_is_named_as_the_role():
    document = camera_and_share(roles.vacant_user(1))  # as roles.resolve pins it
    people = [geometry.Participant("anchor-1", ROOM, 0)]
    layout = geometry.regions(document, people, main_room=(ROOM, 0))
    payload = geometry.volume_sei(layout, ts=0)

    (missing,) = verify.missing_shares(layout, payload)
    assert (missing.slot, missing.user) == (1, None)
    assert missing.sentence().startswith("Slot 2 should show the screen share of whoever shares")
    # A share on air elsewhere than its slot does not count.
    moved = {**payload, "regions": [{"uid": "guest-a", "x": 0, "y": 0, "w": 160, "h": 180}]}
    layout = geometry.regions(
        camera_and_share("guest-a"),
        [*people, geometry.Participant("guest-a", ROOM, 0, screen=True)],
        main_room=(ROOM, 0),
    )
    assert [item.user for item in verify.missing_shares(layout, moved)] == ["guest-a"]
