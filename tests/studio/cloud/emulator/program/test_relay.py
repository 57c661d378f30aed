"""What a relay (WithTranscoding 0) puts on air: one user's own picture and sound.

Pure tests: run with `pytest tests/studio/cloud/emulator/program/test_relay.py -p no:django`.
"""

from __future__ import annotations

from typing import Any

import pytest

from layouts.core.geometry import Participant
from studio.cloud.emulator.program.relay import fitted, relay_of

ROOM = ("195044", 0)
ENCODE = {"Width": 1280, "Height": 720, "Fps": 15, "BitRate": 512, "Gop": 2}


def relay_params(user: str = "host", **stream: Any) -> dict[str, Any]:
    """A relay of `user`'s camera (seed example 2), with `stream` changing its UserMediaStream."""
    return {
        "RoomId": ROOM[0],
        "RoomIdType": ROOM[1],
        "WithTranscoding": 0,
        "AudioParams": {"AudioEncode": {"SampleRate": 48000, "Channel": 2, "BitRate": 64}},
        "VideoParams": {"VideoEncode": dict(ENCODE)},
        "SingleSubscribeParams": {
            "UserMediaStream": {
                "UserInfo": {"UserId": user, "RoomId": ROOM[0], "RoomIdType": ROOM[1]},
                "StreamType": 0,
                **stream,
            }
        },
    }


def person(user: str, **extra: Any) -> Participant:
    return Participant(user, *ROOM, **extra)


ROOM_OF_THREE = (person("guest"), person("host", width=640, height=360), person("third"))


@pytest.mark.parametrize(
    ("case", "params"),
    [
        ("transcoding", {**relay_params(), "WithTranscoding": 1}),
        ("no WithTranscoding", {k: v for k, v in relay_params().items() if k != "WithTranscoding"}),
        ("nobody named", {**relay_params(), "SingleSubscribeParams": {}}),
        ("an empty UserId", relay_params(user="")),
    ],
)
def test_a_task_that_names_no_one_to_relay_mixes(case, params):
    assert relay_of(params, ROOM_OF_THREE, ROOM) is None, case


@pytest.mark.parametrize(
    ("case", "people", "stream", "size"),
    [
        ("in the room: their camera's size", ROOM_OF_THREE, {}, (640, 360)),
        ("not in the room: VideoEncode's (R22)", (person("guest"),), {}, (1280, 720)),
        (
            "a screen share in the room",
            (person("host", screen=True),),
            {"StreamType": 1},
            (1920, 1080),
        ),
        (
            "a 4K camera, scaled down whole",
            (person("host", width=3840, height=2160),),
            {},
            (1920, 1080),
        ),
        ("a portrait camera", (person("host", width=720, height=1280),), {}, (720, 1280)),
        ("odd sizes, made even", (person("host", width=641, height=361),), {}, (640, 360)),
    ],
)
def test_the_picture_is_the_relayed_stream_at_its_own_size(case, people, stream, size):
    relayed = relay_of(relay_params(**stream), people, ROOM)

    assert (relayed.layout.canvas_w, relayed.layout.canvas_h) == size, case
    assert (relayed.encode["Width"], relayed.encode["Height"]) == size
    assert {k: relayed.encode[k] for k in ("Fps", "BitRate", "Gop")} == {
        "Fps": 15,
        "BitRate": 512,
        "Gop": 2,
    }


def test_the_one_region_is_the_relayed_user_over_the_whole_picture():
    relayed = relay_of(relay_params(), ROOM_OF_THREE, ROOM)
    (region,) = relayed.layout.regions

    assert (region.user_id, region.room_id, region.room_id_type) == ("host", *ROOM)
    assert (region.x, region.y, region.w, region.h) == (0, 0, 640, 360)
    assert (region.source_width, region.source_height) == (640, 360)
    assert relayed.layout.not_shown == ("guest", "third")


def test_only_the_relayed_user_is_heard():
    relayed = relay_of(relay_params(), ROOM_OF_THREE, ROOM)

    assert relayed.gains == {"guest": 0.0, "host": 1.0, "third": 0.0}
    assert relayed.people == ROOM_OF_THREE  # everyone keeps their own voice and turn


def test_a_user_the_room_does_not_hold_is_imagined_joining_last():
    relayed = relay_of(relay_params(), (person("guest"),), ROOM)

    assert [p.user_id for p in relayed.people] == ["guest", "host"]
    assert relayed.user == person("host", width=1280, height=720)
    assert relayed.gains == {"guest": 0.0, "host": 1.0}


def test_a_room_nobody_told_the_emulator_about_holds_the_relayed_user_alone():
    relayed = relay_of(relay_params(), None, ROOM)

    assert relayed.people == (person("host", width=1280, height=720),)
    assert relayed.gains == {"host": 1.0}


def test_a_user_named_without_a_room_is_looked_for_in_the_main_room():
    params = relay_params()
    params["SingleSubscribeParams"]["UserMediaStream"]["UserInfo"] = {"UserId": "host"}

    assert relay_of(params, ROOM_OF_THREE, ROOM).user == ROOM_OF_THREE[1]


def test_a_user_of_another_room_is_not_the_one_of_the_main_room():
    params = relay_params()
    params["SingleSubscribeParams"]["UserMediaStream"]["UserInfo"]["RoomId"] = "7"
    relayed = relay_of(params, ROOM_OF_THREE, ROOM)

    assert relayed.user.room == ("7", 0)
    assert (relayed.layout.canvas_w, relayed.layout.canvas_h) == (1280, 720)  # imagined


@pytest.mark.parametrize(
    ("case", "relayed_person", "stream", "regions", "heard"),
    [
        ("camera off", person("host", camera=False), {}, 0, 1.0),
        ("not sharing a screen", person("host"), {"StreamType": 1}, 0, 1.0),
        ("muted", person("host", audio=False), {}, 1, 0.0),
    ],
)
def test_what_the_relayed_user_does_not_send_is_not_on_air(
    case, relayed_person, stream, regions, heard
):
    relayed = relay_of(relay_params(**stream), (relayed_person,), ROOM)

    assert len(relayed.layout.regions) == regions, case
    assert relayed.gains == {"host": heard}
    assert relayed.encode is not None  # the picture goes on, bare


def test_an_audio_only_relay_has_no_picture_and_the_users_sound():
    params = {k: v for k, v in relay_params().items() if k != "VideoParams"}  # seed example 3
    relayed = relay_of(params, None, ROOM)

    assert relayed.encode is None
    assert relayed.gains == {"host": 1.0}


@pytest.mark.parametrize(
    ("size", "drawn"),
    [((1280, 720), (1280, 720)), ((1921, 1081), (1920, 1080)), ((100, 5000), (38, 1920))],
)
def test_fitted_keeps_the_aspect_within_r35_in_even_pixels(size, drawn):
    assert fitted(*size) == drawn
