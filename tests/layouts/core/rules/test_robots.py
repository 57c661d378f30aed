"""layouts.core.rules.robots: the rooms (R8), robots (R9) and user IDs (R10) of a request."""

from __future__ import annotations

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

# ---------------------------------------------------------------------------
# In a request: each rule trips on one body and passes on the nearest valid one.

START_CASES = [
    # (id, broken body, fixed body, (path, rule, code))
    (
        "R8 RoomIdType values",
        put(start_body(), "RoomIdType", 2),
        put(start_body(), "RoomIdType", 1),
        ("RoomIdType", "R8", "InvalidParameter.RoomId"),
    ),
    (
        "R8 integer room is a number",
        put(start_body(), "RoomId", "room8"),
        put(put(start_body(), "RoomId", "room8"), "RoomIdType", 1),
        ("RoomId", "R8", "InvalidParameter.RoomId"),
    ),
    (
        "R8 integer room range",
        put(start_body(), "RoomId", "4294967295"),
        put(start_body(), "RoomId", "4294967294"),
        ("RoomId", "R8", "InvalidParameter.RoomId"),
    ),
    (
        "R8 string room characters",
        put(put(start_body(), "RoomId", "room/8"), "RoomIdType", 1),
        put(put(start_body(), "RoomId", "room 8"), "RoomIdType", 1),
        ("RoomId", "R8", "InvalidParameter.RoomId"),
    ),
    (
        "R8 push-back room",
        put(start_body(), "FeedBackRoomParams", [feedback_room(room="abc")]),
        put(start_body(), "FeedBackRoomParams", [feedback_room(room="123")]),
        ("FeedBackRoomParams[0].RoomId", "R8", "InvalidParameter.RoomId"),
    ),
    (
        "R9 robot UserId required",
        drop(start_body(), "AgentParams.UserId"),
        start_body(),
        ("AgentParams.UserId", "R9", "MissingParameter.UserId"),
    ),
    (
        "R9 robots unique in the request",
        put(start_body(), "FeedBackRoomParams", [feedback_room(user_id="mix_robot_8888")]),
        put(start_body(), "FeedBackRoomParams", [feedback_room(user_id="mix_back_8888")]),
        ("FeedBackRoomParams[0].UserId", "R9", "InvalidParameter.UserId"),
    ),
    (
        "R9 robot is not a mixed user",
        put(start_body(), "AgentParams.UserId", "host_b"),
        put(start_body(), "AgentParams.UserId", "host_c"),
        ("AgentParams.UserId", "R9", "InvalidParameter.UserId"),
    ),
    (
        "R10 robot UserId characters",
        put(start_body(), "AgentParams.UserId", "mix robot"),
        put(start_body(), "AgentParams.UserId", "mix_robot"),
        ("AgentParams.UserId", "R10", "InvalidParameter.UserId"),
    ),
    (
        "R10 robot UserId length",
        put(start_body(), "AgentParams.UserId", "r" * 33),
        put(start_body(), "AgentParams.UserId", "r" * 32),
        ("AgentParams.UserId", "R10", "InvalidParameter.UserId"),
    ),
    (
        "R10 audio user",
        put(start_body(), "AudioParams.SubscribeAudioList[0].UserInfo.UserId", "host a"),
        put(start_body(), "AudioParams.SubscribeAudioList[0].UserInfo.UserId", "host_b"),
        ("AudioParams.SubscribeAudioList[0].UserInfo.UserId", "R10", "InvalidParameter.UserId"),
    ),
    (
        "R12 MaxIdleTime minimum",
        put(start_body(), "AgentParams.MaxIdleTime", 4),
        put(start_body(), "AgentParams.MaxIdleTime", 5),
        ("AgentParams.MaxIdleTime", "R12", "InvalidParameter.OutOfRange"),
    ),
    (
        "R12 MaxIdleTime maximum",
        put(start_body(), "AgentParams.MaxIdleTime", 86401),
        put(start_body(), "AgentParams.MaxIdleTime", 86400),
        ("AgentParams.MaxIdleTime", "R12", "InvalidParameter.OutOfRange"),
    ),
]


test_start_rule_trips_and_its_fix_passes = start_cases_test(START_CASES)


# ---------------------------------------------------------------------------
# In an Update: each rule trips on one body and passes on the nearest valid one.

UPDATE_CASES = [
    # (id, broken, fixed, started, (path, rule, code))
    (
        "R9 a push-back robot is not the task's robot",
        update_body(FeedBackRoomParams=[feedback_room("mix_robot_8888")]),
        update_body(FeedBackRoomParams=[feedback_room("mix_back_8888")]),
        STARTED_AV,
        ("FeedBackRoomParams[0].UserId", "R9", "InvalidParameter.UserId"),
    ),
]


test_update_rule_trips_and_its_fix_passes = update_cases_test(UPDATE_CASES)
