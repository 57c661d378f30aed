"""layouts.core.rules.audio: R20, R24-R26, R30-R34 and a user repeated on one audio list."""

from __future__ import annotations

from typing import Any

import pytest

from layouts.core.contract.problems import ERROR, WARNING, Problem
from layouts.core.rules import request as request_rules
from layouts.core.rules.request import check_start, check_update
from tests.factories import document
from tests.layouts.core.rules.launches import (
    APP,
    body,
    found,
)
from tests.layouts.core.rules.requests import (
    ROOM,
    STARTED_AV,
    drop,
    grid_start,
    put,
    start_body,
    start_cases_test,
    update_body,
    update_cases_test,
    user_info,
)

WHITELIST = "AudioParams.SubscribeAudioList"
BLACKLIST = "AudioParams.UnSubscribeAudioList"
HOST_A = {"UserInfo": user_info("host_a")}
HOST_A_NO_ROOM = {"UserInfo": {"UserId": "host_a"}, "SoundLevel": 50}
HOST_B = {"UserInfo": user_info("host_b")}
HOST_B_NO_ROOM = {"UserInfo": {"UserId": "host_b"}}
GUEST = {"UserInfo": user_info("guest")}
GUEST_NO_ROOM = {"UserInfo": {"UserId": "guest"}}


def duplicates(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(p.path, p.severity) for p in problems if p.rule == "duplicate-audio-user"]


# -- the audio lists -----------------------------------------------------------------------


def pk_layout() -> dict[str, Any]:
    layout = document(slots=2)
    slots = layout["LayoutParams"]["MixLayoutList"]
    slots[0]["UserMediaStream"] = {
        "UserInfo": {"UserId": "host", "RoomId": "8888", "RoomIdType": 1}
    }
    slots[1]["UserMediaStream"] = {
        "UserInfo": {"UserId": "rival", "RoomId": "9999", "RoomIdType": 1}
    }
    return layout


def test_a_cross_room_layout_mixing_everyone_gets_the_r26_note():
    problems = request_rules.check_start(body(VideoParams=pk_layout()))
    assert found(problems) == [("AudioParams.SubscribeAudioList", "R26")]
    assert problems[0].severity == "warning" and "9999" in problems[0].message


def test_a_cross_room_whitelist_is_buildable_and_silences_r26():
    audio = body()["AudioParams"]
    audio["SubscribeAudioList"] = [
        {"UserInfo": {"UserId": "host", "RoomId": "8888", "RoomIdType": 1}},
        {"UserInfo": {"UserId": "rival", "RoomId": "9999", "RoomIdType": 1}, "SoundLevel": 80},
    ]
    assert found(request_rules.check_start(body(VideoParams=pk_layout(), AudioParams=audio))) == []


def test_r25_still_holds_a_user_to_their_room_in_the_layout():
    audio = body()["AudioParams"]
    audio["SubscribeAudioList"] = [
        {"UserInfo": {"UserId": "rival", "RoomId": "8888", "RoomIdType": 1}}
    ]
    problems = request_rules.check_start(body(VideoParams=pk_layout(), AudioParams=audio))
    assert found(problems, "error") == [
        ("AudioParams.SubscribeAudioList[0].UserInfo.RoomId", "R25")
    ]


def test_a_user_on_both_lists_and_a_blacklist_sound_level_get_notes():
    audio = body()["AudioParams"]
    audio["SubscribeAudioList"] = [{"UserInfo": {"UserId": "guest"}}]
    audio["UnSubscribeAudioList"] = [{"UserInfo": {"UserId": "guest"}, "SoundLevel": 50}]
    problems = request_rules.check_start(body(AudioParams=audio))
    assert found(problems, "warning") == [
        ("AudioParams.UnSubscribeAudioList[0].UserInfo.UserId", "R33"),
        ("AudioParams.UnSubscribeAudioList[0].SoundLevel", "R34"),
    ]


def test_an_update_sending_one_audio_list_is_told_to_send_both():
    started = body()
    update = {
        "SdkAppId": APP,
        "TaskId": "t",
        "SequenceNumber": 1,
        "WithTranscoding": 1,
        "AudioParams": {"UnSubscribeAudioList": [{"UserInfo": {"UserId": "guest"}}]},
    }
    problems = request_rules.check_update(update, started=started)
    assert found(problems) == [("AudioParams.SubscribeAudioList", "R33")]


# ---------------------------------------------------------------------------
# In a request: each rule trips on one body and passes on the nearest valid one.

START_CASES = [
    # (id, broken body, fixed body, (path, rule, code))
    (
        "R20 AudioParams on Start",
        drop(start_body(), "AudioParams"),
        start_body(),
        ("AudioParams", "R20", "MissingParameter"),
    ),
    (
        "R20 AudioEncode on Start",
        drop(start_body(), "AudioParams.AudioEncode"),
        start_body(),
        ("AudioParams.AudioEncode", "R20", "MissingParameter.AudioEncodeParams"),
    ),
    (
        "R24 dynamic layout audio users in the main room",
        put(grid_start(), "AudioParams.SubscribeAudioList[0].UserInfo.RoomId", "9999"),
        grid_start(),
        ("AudioParams.SubscribeAudioList[0].UserInfo.RoomId", "R24", "InvalidParameter"),
    ),
    (
        "R25 audio user in the layout's room",
        put(start_body(), "AudioParams.SubscribeAudioList[0].UserInfo.RoomId", "9999"),
        drop(start_body(), "AudioParams.SubscribeAudioList[0].UserInfo.RoomId"),
        ("AudioParams.SubscribeAudioList[0].UserInfo.RoomId", "R25", "InvalidParameter.RoomId"),
    ),
    (
        "R30 SampleRate",
        put(start_body(), "AudioParams.AudioEncode.SampleRate", 22050),
        put(start_body(), "AudioParams.AudioEncode.SampleRate", 44100),
        ("AudioParams.AudioEncode.SampleRate", "R30", "InvalidParameter.AudioEncodeParams"),
    ),
    (
        "R31 Channel",
        put(start_body(), "AudioParams.AudioEncode.Channel", 3),
        put(start_body(), "AudioParams.AudioEncode.Channel", 1),
        ("AudioParams.AudioEncode.Channel", "R31", "InvalidParameter.AudioEncodeParams"),
    ),
    (
        "R31 BitRate",
        put(start_body(), "AudioParams.AudioEncode.BitRate", 501),
        put(start_body(), "AudioParams.AudioEncode.BitRate", 500),
        ("AudioParams.AudioEncode.BitRate", "R31", "InvalidParameter.AudioEncodeParams"),
    ),
    (
        "R31 Codec",
        put(start_body(), "AudioParams.AudioEncode.Codec", 3),
        put(start_body(), "AudioParams.AudioEncode.Codec", 1),
        ("AudioParams.AudioEncode.Codec", "R31", "InvalidParameter.AudioEncodeParams"),
    ),
    (
        "R31 AudioEncode fields required",
        drop(start_body(), "AudioParams.AudioEncode.Channel"),
        start_body(),
        ("AudioParams.AudioEncode.Channel", "required", "MissingParameter.AudioEncodeParams"),
    ),
    (
        "R32 HE-AACv2 is stereo",
        put(
            put(start_body(), "AudioParams.AudioEncode.Codec", 2),
            "AudioParams.AudioEncode.Channel",
            1,
        ),
        put(start_body(), "AudioParams.AudioEncode.Codec", 2),
        ("AudioParams.AudioEncode.Channel", "R32", "InvalidParameter.AudioEncodeParams"),
    ),
    (
        "R32 HE-AAC not at 8000 Hz",
        put(
            put(start_body(), "AudioParams.AudioEncode.Codec", 1),
            "AudioParams.AudioEncode.SampleRate",
            8000,
        ),
        put(start_body(), "AudioParams.AudioEncode.SampleRate", 8000),
        ("AudioParams.AudioEncode.SampleRate", "R32", "InvalidParameter.AudioEncodeParams"),
    ),
    (
        "R34 SoundLevel",
        put(start_body(), "AudioParams.SubscribeAudioList[0].SoundLevel", 101),
        put(start_body(), "AudioParams.SubscribeAudioList[0].SoundLevel", 0),
        ("AudioParams.SubscribeAudioList[0].SoundLevel", "R34", "InvalidParameter.OutOfRange"),
    ),
    (
        "a user twice on the whitelist",
        put(start_body(), "AudioParams.SubscribeAudioList", [HOST_A, HOST_A]),
        put(start_body(), "AudioParams.SubscribeAudioList", [HOST_A, HOST_B]),
        (f"{WHITELIST}[1].UserInfo.UserId", "duplicate-audio-user", "InvalidParameter"),
    ),
    (
        "a user twice on the whitelist once the room is defaulted",
        put(start_body(), "AudioParams.SubscribeAudioList", [HOST_A, HOST_A_NO_ROOM]),
        put(start_body(), "AudioParams.SubscribeAudioList", [HOST_A, HOST_B_NO_ROOM]),
        (f"{WHITELIST}[1].UserInfo.UserId", "duplicate-audio-user", "InvalidParameter"),
    ),
    (
        "a user twice on the blacklist",
        put(start_body(), "AudioParams.UnSubscribeAudioList", [GUEST_NO_ROOM, GUEST]),
        put(start_body(), "AudioParams.UnSubscribeAudioList", [GUEST_NO_ROOM, HOST_B]),
        (f"{BLACKLIST}[1].UserInfo.UserId", "duplicate-audio-user", "InvalidParameter"),
    ),
]


test_start_rule_trips_and_its_fix_passes = start_cases_test(START_CASES)


# ---------------------------------------------------------------------------
# In an Update: each rule trips on one body and passes on the nearest valid one.

UPDATE_CASES = [
    # (id, broken, fixed, started, (path, rule, code))
    (
        "R24 a dynamic layout mixes the task's room only",
        update_body(
            VideoParams={"LayoutParams": {"MixLayoutMode": 3}},
            AudioParams={"SubscribeAudioList": [{"UserInfo": user_info("guest", "9999")}]},
        ),
        update_body(
            VideoParams={"LayoutParams": {"MixLayoutMode": 3}},
            AudioParams={"SubscribeAudioList": [{"UserInfo": user_info("guest")}]},
        ),
        STARTED_AV,
        ("AudioParams.SubscribeAudioList[0].UserInfo.RoomId", "R24", "InvalidParameter"),
    ),
    (
        "a user twice on a list an Update sends",
        update_body(AudioParams={"SubscribeAudioList": [GUEST, GUEST_NO_ROOM]}),
        update_body(AudioParams={"SubscribeAudioList": [GUEST]}),
        STARTED_AV,
        (f"{WHITELIST}[1].UserInfo.UserId", "duplicate-audio-user", "InvalidParameter"),
    ),
    (
        "a user twice on a list, the task unknown",
        update_body(AudioParams={"UnSubscribeAudioList": [GUEST_NO_ROOM, GUEST_NO_ROOM]}),
        update_body(AudioParams={"UnSubscribeAudioList": [GUEST_NO_ROOM]}),
        None,
        (f"{BLACKLIST}[1].UserInfo.UserId", "duplicate-audio-user", "InvalidParameter"),
    ),
]


test_update_rule_trips_and_its_fix_passes = update_cases_test(UPDATE_CASES)


# ---------------------------------------------------------------------------
# One user twice on one audio list (a rule of our own).


def test_the_problem_names_the_list_both_entries_and_the_user():
    body = put(start_body(), "AudioParams.SubscribeAudioList", [HOST_A, HOST_B, HOST_A_NO_ROOM])
    (problem,) = [p for p in check_start(body) if p.rule == "duplicate-audio-user"]
    assert problem.message == (
        'Entry 3 of SubscribeAudioList names user "host_a" again (entry 1 already does; an '
        "entry without a RoomId means the task's room). List each user once."
    )


def test_every_repeat_is_named_and_entries_that_are_not_users_keep_their_index():
    listed = [{"SoundLevel": 5}, GUEST, GUEST_NO_ROOM, GUEST]
    body = put(start_body(), "AudioParams.SubscribeAudioList", listed)
    assert duplicates(check_start(body)) == [
        (f"{WHITELIST}[2].UserInfo.UserId", ERROR),
        (f"{WHITELIST}[3].UserInfo.UserId", ERROR),
    ]


@pytest.mark.parametrize(
    "second",
    [
        {"UserInfo": user_info("guest", "9999")},  # a PK guest of another room
        {"UserInfo": user_info("guest", ROOM, 1)},  # string room "8888" is another room
        {"UserInfo": user_info("guest_2")},
    ],
    ids=["another room", "another room type", "another user"],
)
def test_the_same_user_id_in_another_room_is_another_user(second):
    body = put(start_body(), "AudioParams.SubscribeAudioList", [GUEST, second])
    assert duplicates(check_start(body)) == []


def test_one_user_on_both_lists_is_r33s_note_and_no_repeat():
    body = put(start_body(), "AudioParams.UnSubscribeAudioList", [GUEST])
    body = put(body, "AudioParams.SubscribeAudioList", [GUEST_NO_ROOM])
    problems = check_start(body)
    assert duplicates(problems) == []
    assert [(p.rule, p.severity) for p in problems] == [("R33", WARNING)]


def test_only_the_lists_an_update_sends_are_judged():
    started = put(STARTED_AV, "AudioParams.SubscribeAudioList", [GUEST, GUEST])
    update = update_body(VideoParams={"VideoEncode": {"BitRate": 900}})
    assert duplicates(check_update(update, started=started)) == []


def test_a_show_repeating_a_user_is_refused_too():
    body = put(start_body(), "AudioParams.SubscribeAudioList", [GUEST, GUEST_NO_ROOM])
    assert duplicates(request_rules.check_show(body, launch_severity=None)) == [
        (f"{WHITELIST}[1].UserInfo.UserId", ERROR)
    ]
