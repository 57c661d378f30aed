"""layouts.core.rules.usersigs: R11, a UserSig present and read for its app, user and expiry."""

from __future__ import annotations

import pytest

from layouts.core.rules import request as request_rules
from studio.cloud.usersig import gen_usersig
from tests.layouts.core.rules.launches import (
    APP,
    KEY,
    NOW,
    body,
    found,
)
from tests.layouts.core.rules.requests import (
    STARTED_AV,
    drop,
    feedback_room,
    put,
    start_body,
    start_cases_test,
    update_body,
    update_cases_test,
)


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


# ---------------------------------------------------------------------------
# In a request: each rule trips on one body and passes on the nearest valid one.

START_CASES = [
    # (id, broken body, fixed body, (path, rule, code))
    (
        "R11 robot UserSig present",
        drop(start_body(), "AgentParams.UserSig"),
        start_body(),
        ("AgentParams.UserSig", "R11", "MissingParameter.UserSig"),
    ),
    (
        "R11 robot UserSig not empty",
        put(start_body(), "AgentParams.UserSig", ""),
        start_body(),
        ("AgentParams.UserSig", "R11", "MissingParameter.UserSig"),
    ),
    (
        "R11 push-back UserSig",
        put(start_body(), "FeedBackRoomParams", [drop(feedback_room(), "UserSig")]),
        put(start_body(), "FeedBackRoomParams", [feedback_room()]),
        ("FeedBackRoomParams[0].UserSig", "R11", "MissingParameter.UserSig"),
    ),
]


test_start_rule_trips_and_its_fix_passes = start_cases_test(START_CASES)


# ---------------------------------------------------------------------------
# In an Update: each rule trips on one body and passes on the nearest valid one.

UPDATE_CASES = [
    # (id, broken, fixed, started, (path, rule, code))
    (
        "R11 a new push-back robot carries its UserSig",
        update_body(FeedBackRoomParams=[drop(feedback_room(), "UserSig")]),
        update_body(FeedBackRoomParams=[feedback_room()]),
        STARTED_AV,
        ("FeedBackRoomParams[0].UserSig", "R11", "MissingParameter.UserSig"),
    ),
]


test_update_rule_trips_and_its_fix_passes = update_cases_test(UPDATE_CASES)
