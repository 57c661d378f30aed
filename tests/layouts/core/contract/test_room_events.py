"""Room and media callbacks (reference I) read into room events."""

from __future__ import annotations

import json

import pytest

from layouts.core.contract.room_events import (
    AUDIO,
    CAMERA,
    ENTER,
    EXIT,
    SCREEN,
    CallbackUnreadable,
    RoomEvent,
    read_room_callback,
)
from tests.factories import SHARED

VECTORS = json.loads((SHARED / "reference" / "callback-usersig-vectors.json").read_text())


def callback(group, event_type, **info):
    body = {"EventGroupId": group, "EventType": event_type, "CallbackTs": 1, "EventInfo": info}
    return json.dumps(body).encode()


def test_the_official_example_is_a_microphone_turned_off():
    official = next(v for v in VECTORS["callback_vectors"] if v["id"] == "CB-OFFICIAL")

    (event,) = read_room_callback(official["body"].encode())

    assert event == RoomEvent(AUDIO, "user_85034614", "8489", 0, 1664209748180, on=False)


def test_the_published_room_entry_falls_back_to_event_seconds():
    body = callback(1, 103, RoomId=12345, EventTs=1615554922, UserId="test", Role=20, Reason=1)

    (event,) = read_room_callback(body)

    assert (event.kind, event.room_id, event.room_id_type, event.at_ms) == (
        ENTER,
        "12345",
        0,
        1615554922000,
    )


@pytest.mark.parametrize(
    ("event_type", "kind", "on"),
    [
        (104, EXIT, None),
        (201, CAMERA, True),
        (202, CAMERA, False),
        (205, SCREEN, True),
        (206, SCREEN, False),
    ],
)
def test_each_event_type_reads_as_its_kind(event_type, kind, on):
    group = 1 if event_type < 200 else 2
    (event,) = read_room_callback(
        callback(group, event_type, RoomId="main", EventMsTs=5, UserId="u")
    )

    assert (event.kind, event.on, event.room_id_type) == (kind, on, 1)


@pytest.mark.parametrize("event_type", [101, 102, 105])
def test_room_created_dismissed_or_role_changed_carry_no_event(event_type):
    assert read_room_callback(callback(1, event_type, RoomId=1, EventMsTs=5, UserId="u")) == []


def test_unknown_fields_are_ignored():
    body = callback(2, 201, RoomId=7, EventMsTs=5, UserId="u", Future={"x": 1})

    assert read_room_callback(body)[0].kind == CAMERA


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        (b"\xff\xfe", "body"),
        (b"[1, 2]", "body"),
        (b'{"EventGroupId": NaN}', "body"),
        (
            json.dumps({"EventGroupId": 3, "EventType": 301, "EventInfo": {}}).encode(),
            "EventGroupId",
        ),
        (json.dumps({"EventGroupId": 1, "EventType": 201, "EventInfo": {}}).encode(), "EventType"),
        (json.dumps({"EventGroupId": 1, "EventType": 103, "EventInfo": []}).encode(), "EventInfo"),
        (callback(1, 103, RoomId=1, EventMsTs=5, UserId="<b>x</b>"), "EventInfo.UserId"),
        (callback(1, 103, RoomId=1.5, EventMsTs=5, UserId="u"), "EventInfo.RoomId"),
        (callback(1, 103, RoomId=0, EventMsTs=5, UserId="u"), "EventInfo.RoomId"),
        (callback(1, 103, RoomId=1, EventMsTs="soon", UserId="u"), "EventInfo.EventMsTs"),
        (b"[" * 5000 + b"]" * 5000, "body"),
        (b'{"a":' * 20 + b"1" + b"}" * 20, "body.a.a.a.a.a.a.a.a"),
    ],
)
def test_junk_names_the_field(raw, path):
    with pytest.raises(CallbackUnreadable) as caught:
        read_room_callback(raw)

    assert caught.value.path.startswith(path)


def test_a_huge_body_is_refused_before_it_is_parsed():
    with pytest.raises(CallbackUnreadable):
        read_room_callback(b" " * (65 * 1024))
