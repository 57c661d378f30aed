"""The emulator's room and media callbacks: section I bodies, signed as Tencent signs (G.4)."""

from __future__ import annotations

import json

from layouts.core.contract.room_events import RoomEvent, read_room_callback
from studio.cloud.callback import callback_sign, is_valid_callback_sign
from studio.cloud.emulator.room_callbacks import build_room_callbacks, event_body

KEY = "MixStudioCb2023Key"
MS = 1_700_000_000_123


def event(kind, *, on=None, level=None, room="8001", room_type=0, user="guest_1", at=MS):
    return RoomEvent(kind, user, room, room_type, at, on=on, level=level)


def test_each_kind_has_its_group_and_type_of_section_i():
    cases = [
        (event("enter"), 1, 103),
        (event("exit"), 1, 104),
        (event("camera", on=True), 2, 201),
        (event("camera", on=False), 2, 202),
        (event("audio", on=True), 2, 203),
        (event("audio", on=False), 2, 204),
        (event("screen", on=True), 2, 205),
        (event("screen", on=False), 2, 206),
    ]
    for given, group, event_type in cases:
        body = json.loads(event_body(given, callback_ms=MS + 5))
        assert (body["EventGroupId"], body["EventType"]) == (group, event_type), given


def test_a_numeric_room_is_a_number_and_a_string_room_a_string():
    numeric = json.loads(event_body(event("enter"), callback_ms=MS))["EventInfo"]
    named = json.loads(event_body(event("enter", room="studio-a", room_type=1), callback_ms=MS))

    assert numeric["RoomId"] == 8001
    assert named["EventInfo"]["RoomId"] == "studio-a"
    assert numeric["EventMsTs"] == MS and numeric["EventTs"] == MS // 1000
    assert numeric["UserId"] == "guest_1"


def test_the_body_is_laid_out_as_tencents_sample_with_tabs():
    raw = event_body(event("camera", on=True), callback_ms=MS)

    assert raw.startswith(b'{\n\t"EventGroupId":\t2,')


def test_the_app_reads_back_exactly_the_event_the_emulator_sent():
    sent = [
        event("enter"),
        event("screen", on=True, room="studio-a", room_type=1),
        event("audio", on=False),
    ]
    for original in sent:
        (read,) = read_room_callback(event_body(original, callback_ms=MS))
        assert read == original


def test_each_callback_carries_a_sign_of_its_exact_bytes_and_the_app_id():
    (callback,) = build_room_callbacks(
        [event("enter")], sdk_app_id=1400000001, url="http://x/cb", key=KEY, now_ms=MS
    )

    assert callback.headers["SdkAppId"] == "1400000001"
    assert callback.headers["Sign"] == callback_sign(KEY, callback.body)
    assert is_valid_callback_sign(KEY, callback.body, callback.headers["Sign"])
    compact = json.dumps(json.loads(callback.body), separators=(",", ":")).encode()
    assert not is_valid_callback_sign(KEY, compact, callback.headers["Sign"])


def test_speaking_has_no_callback_and_the_rest_go_in_time_order():
    events = [
        event("camera", on=True, at=MS + 2),
        event("speaking", level=70, at=MS + 1),
        event("enter", at=MS),
    ]
    callbacks = build_room_callbacks(events, sdk_app_id=1, url="", key=KEY, now_ms=MS)

    assert [json.loads(c.body)["EventType"] for c in callbacks] == [103, 201]
