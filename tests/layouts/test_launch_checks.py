"""Launch checks that catch what the cloud would refuse, and notes on what it would not.

R11 (a UserSig read for its app, user and expiry), R26/R33/R34 (the audio lists),
the bitrate heuristic, and the checks of a body kept as a show. Pure tests: run
with `pytest tests/layouts/test_launch_checks.py -p no:django`.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from layouts.core.rules import request as request_rules
from layouts.core.show import APP_KEY, OUTPUTS_OFF
from layouts.core.usersig import MalformedUserSig, read_usersig
from studio.cloud.usersig import gen_usersig
from tests.factories import document, seed_examples

NOW = 1_800_000_000
APP = 1400000001
KEY = "launch-check-test-key"


def body(**changes: Any) -> dict[str, Any]:
    start = {
        "SdkAppId": APP,
        "RoomId": "8888",
        "RoomIdType": 1,
        "AgentParams": {
            "UserId": "robot_8888",
            "UserSig": gen_usersig(APP, "robot_8888", KEY, now=NOW - 60),
        },
        "WithTranscoding": 1,
        "AudioParams": {"AudioEncode": {"SampleRate": 48000, "Channel": 2, "BitRate": 64}},
        "VideoParams": document(),
        "PublishCdnParams": [{"PublishCdnUrl": "rtmp://push.example.com/live/a"}],
    }
    start.update(changes)
    return start


def found(problems, severity=None) -> list[tuple[str, str]]:
    return [(p.path, p.rule) for p in problems if severity is None or p.severity == severity]


def test_a_fresh_usersig_of_this_app_and_robot_passes():
    assert found(request_rules.check_start(body(), now=NOW)) == []


@pytest.mark.parametrize(
    ("usersig", "words"),
    [
        (gen_usersig(1400188366, "robot_8888", KEY, now=NOW), "SdkAppId 1400188366"),
        (gen_usersig(APP, "someone_else", KEY, now=NOW), '"someone_else"'),
        (gen_usersig(APP, "robot_8888", KEY, expire=60, now=NOW - 3600), "expired on 2027-01-15"),
        ("not-a-usersig", "cannot be read"),
    ],
)
def test_a_usersig_the_cloud_would_refuse_is_an_r11_error(usersig, words):
    start = body(AgentParams={"UserId": "robot_8888", "UserSig": usersig})
    problems = request_rules.check_start(start, now=NOW)
    assert found(problems, "error") == [("AgentParams.UserSig", "R11")]
    assert words in problems[0].message


def test_push_back_usersigs_are_read_too():
    rooms = [{"RoomId": "7", "RoomIdType": 0, "UserId": "fb_7", "UserSig": "eJw-bad"}]
    problems = request_rules.check_start(body(FeedBackRoomParams=rooms), now=NOW)
    assert found(problems, "error") == [("FeedBackRoomParams[0].UserSig", "R11")]


def test_without_a_clock_usersigs_are_left_to_the_server():
    start = body(AgentParams={"UserId": "robot_8888", "UserSig": "not-a-usersig"})
    assert found(request_rules.check_start(start)) == []


def test_the_pure_reader_gives_the_claims_of_the_reference_vector():
    vector = (
        "eJyrVgrxCdYrSy1SslJQMtIzUNJRAItkpqTmlWSmZUIkcjMr4ovyk-JL4g0tTQ1MTGCqilOyEwsKMlOAagxNDKAAK"
        "pdaUZBZlAqUsTAzgQuWZOaChAzN0RQXZ6aD7El0KaosD3MqCclzKjYzzcozdsoOKkuODCiv9C4xyjHJc8nPDc30N"
        "aiqCsy2VaoFAIIvNno_"
    )
    claims, signature = read_usersig(vector)
    assert (claims.sdk_app_id, claims.user_id, claims.expires_at) == (
        1400000000,
        "mix_robot_195044",
        1700086400,
    )
    assert signature == "aDrywVBtTnBs65jn3BkRvcYPwyKt2l4nDomUiM0zzQk="
    with pytest.raises(MalformedUserSig):
        read_usersig("eJ\ud800")


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


# -- the bitrate heuristic -----------------------------------------------------------------


def encoded(width: int, height: int, fps: int, bitrate: int) -> dict[str, Any]:
    layout = document(width=width, height=height, slots=1)
    layout["VideoEncode"].update({"Fps": fps, "BitRate": bitrate})
    return body(VideoParams=layout)


def test_1080p60_at_50_kbps_warns_naming_the_heuristic_and_a_suggestion():
    problems = request_rules.check_start(encoded(1920, 1080, 60, 50))
    assert found(problems) == [("VideoParams.VideoEncode.BitRate", "bitrate-heuristic")]
    assert problems[0].severity == "warning"
    assert "own rule of thumb" in problems[0].message
    assert "about 4000 kbps" in problems[0].message


@pytest.mark.parametrize(
    ("size", "fps", "kbps"),
    [((1280, 720), 15, 1500), ((1920, 1080), 15, 2000), ((640, 360), 15, 800)],
)
def test_the_suggestion_meets_tencents_profiles_at_15_fps(size, fps, kbps):
    assert request_rules.suggested_bitrate(*size, fps) == kbps


def test_the_seed_examples_pass_the_heuristic():
    for example in seed_examples():
        rules = [p.rule for p in request_rules.check_start(example)]
        assert "bitrate-heuristic" not in rules


def test_a_relay_describes_its_upstream_and_is_not_judged():
    relay = copy.deepcopy(seed_examples()[1])
    relay["VideoParams"]["VideoEncode"]["BitRate"] = 10
    assert "bitrate-heuristic" not in [p.rule for p in request_rules.check_start(relay)]


# -- a body kept as a show -----------------------------------------------------------------


def test_a_show_may_leave_its_launch_parts_out_with_warnings():
    problems = request_rules.check_show({"WithTranscoding": 1, "VideoParams": document()})
    assert {p.severity for p in problems} == {"warning"}
    assert ("PublishCdnParams", "R15") in found(problems)
    assert not [p for p in problems if p.rule == "R11"]
    quiet = request_rules.check_show({"WithTranscoding": 1}, launch_severity=None)
    assert quiet == []


def test_our_own_part_is_checked_field_by_field():
    show_body = {
        "WithTranscoding": 1,
        APP_KEY: {OUTPUTS_OFF: [{"PublishCdnUrl": 5}, "x"], "Other": 1},
    }
    problems = request_rules.check_show(show_body, launch_severity=None)
    assert sorted(found(problems, "error")) == [
        ("MixStudio.Other", "unknown-field"),
        ("MixStudio.OutputsOff[0].PublishCdnUrl", "type"),
        ("MixStudio.OutputsOff[1]", "type"),
    ]


def test_values_beyond_the_api_ranges_are_left_to_r35():
    problems = request_rules.check_start(encoded(1280, 720, 15, 10**400))
    assert "bitrate-heuristic" not in [p.rule for p in problems]
    assert ("VideoParams.VideoEncode.BitRate", "R35") in found(problems)
