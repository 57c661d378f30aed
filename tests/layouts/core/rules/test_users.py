"""layouts.core.rules.users: R8 (room IDs), R10 (user IDs), R24 (one room) of a layout's users."""

from __future__ import annotations

import pytest

from layouts.core.contract.problems import ERROR
from layouts.core.rules.document import validate
from tests.layouts.core.rules.documents import (
    MAIN_ROOM,
    base_document,
    dynamic_document,
    max_video_user,
    slots,
    summary,
)
from tests.layouts.core.rules.requests import (
    grid_start,
    put,
    start_cases_test,
    user_info,
)

# ---------------------------------------------------------------------------
# R8, R10, R24: users and rooms.


def with_room(room_id: str, room_type: int | None = 0) -> dict:
    document = base_document()
    info = slots(document)[1]["UserMediaStream"]["UserInfo"]
    info["RoomId"] = room_id
    if room_type is not None:
        info["RoomIdType"] = room_type
    return document


ROOM_PATH = "LayoutParams.MixLayoutList[1].UserMediaStream.UserInfo.RoomId"


@pytest.mark.parametrize("room_id", ["abc", "0", "4294967295", "-5", "12.5", ""])
def test_integer_room_that_is_not_1_to_4294967294_is_an_r8_error(room_id):
    problems = validate(with_room(room_id, 0))

    assert summary(problems) == [(ROOM_PATH, "R8", ERROR)]
    assert f'"{room_id}"' in problems[0].message
    assert "4294967294" in problems[0].message


@pytest.mark.parametrize("room_id", ["1", "195044", "4294967294"])
def test_integer_room_from_1_to_4294967294_is_fine(room_id):
    assert validate(with_room(room_id, 0)) == []


def test_integer_room_in_fullwidth_digits_is_an_r8_error():
    assert summary(validate(with_room("１２３", 0))) == [(ROOM_PATH, "R8", ERROR)]


def test_integer_room_with_thousands_of_digits_is_a_problem_not_a_crash():
    assert summary(validate(with_room("9" * 5000, 0))) == [(ROOM_PATH, "R8", ERROR)]


def test_room_type_is_taken_from_the_main_room_when_only_the_room_id_is_given():
    problems = validate(with_room("0", None), main_room=("0", 0))

    assert summary(problems) == [(ROOM_PATH, "R8", ERROR)]


@pytest.mark.parametrize("room_id", ["room/1", "x" * 65, "房间"])
def test_string_room_with_refused_characters_or_too_long_is_an_r8_error(room_id):
    problems = validate(with_room(room_id, 1))

    assert summary(problems) == [(ROOM_PATH, "R8", ERROR)]
    assert "64" in problems[0].message


@pytest.mark.parametrize("room_id", ["PK room #1", "x" * 64, "a-b_c:d@e"])
def test_string_room_of_allowed_characters_is_fine(room_id):
    assert validate(with_room(room_id, 1)) == []


def test_room_id_type_2_is_an_r8_error():
    problems = validate(with_room("195044", 2))

    assert summary(problems) == [(f"{ROOM_PATH}Type", "R8", ERROR)]


@pytest.mark.parametrize("user_id", ["u" * 33, "an chor", "", "主播"])
def test_bad_user_id_is_an_r10_error(user_id):
    document = base_document()
    slots(document)[1]["UserMediaStream"]["UserInfo"]["UserId"] = user_id

    problems = validate(document)

    assert summary(problems) == [
        ("LayoutParams.MixLayoutList[1].UserMediaStream.UserInfo.UserId", "R10", ERROR)
    ]
    assert "1 to 32" in problems[0].message


@pytest.mark.parametrize("user_id", ["u" * 32, "Trtc_User-0", "57906"])
def test_user_id_of_up_to_32_allowed_characters_is_fine(user_id):
    document = base_document()
    slots(document)[1]["UserMediaStream"]["UserInfo"]["UserId"] = user_id

    assert validate(document) == []


def test_max_video_user_with_a_bad_user_id_is_an_r10_error():
    problems = validate(dynamic_document(1, MaxVideoUser=max_video_user("big star")))

    assert summary(problems) == [
        ("LayoutParams.MaxVideoUser.UserMediaStream.UserInfo.UserId", "R10", ERROR)
    ]


MAX_ROOM_PATH = "LayoutParams.MaxVideoUser.UserMediaStream.UserInfo.RoomId"


def test_max_video_user_from_another_room_in_a_floating_layout_is_an_r24_error():
    document = dynamic_document(1, MaxVideoUser=max_video_user(RoomId="9999", RoomIdType=0))

    problems = validate(document, main_room=MAIN_ROOM)

    assert summary(problems) == [(MAX_ROOM_PATH, "R24", ERROR)]
    assert problems[0].message == (
        'The floating layout mixes a single room; room "9999" is not the task\'s room "8888".'
    )


def test_max_video_user_in_a_string_room_of_the_same_name_is_an_r24_error():
    document = dynamic_document(1, MaxVideoUser=max_video_user(RoomId="8888", RoomIdType=1))

    problems = validate(document, main_room=MAIN_ROOM)

    assert summary(problems) == [(MAX_ROOM_PATH, "R24", ERROR)]


def test_max_video_user_in_the_main_room_is_fine():
    document = dynamic_document(1, MaxVideoUser=max_video_user(RoomId="8888", RoomIdType=0))

    assert validate(document, main_room=MAIN_ROOM) == []


def test_other_room_is_not_checked_without_a_main_room():
    document = dynamic_document(1, MaxVideoUser=max_video_user(RoomId="9999", RoomIdType=0))

    assert validate(document) == []


def test_custom_layout_may_mix_users_from_other_rooms():
    document = with_room("9999", 0)

    assert validate(document, main_room=MAIN_ROOM) == []


# ---------------------------------------------------------------------------
# In a request: each rule trips on one body and passes on the nearest valid one.

START_CASES = [
    # (id, broken body, fixed body, (path, rule, code))
    (
        "R24 dynamic layout big picture in the main room",
        put(
            grid_start(),
            "VideoParams.LayoutParams",
            {
                "MixLayoutMode": 1,
                "MaxVideoUser": {"UserMediaStream": {"UserInfo": user_info("host_a", "9999")}},
            },
        ),
        put(
            grid_start(),
            "VideoParams.LayoutParams",
            {
                "MixLayoutMode": 1,
                "MaxVideoUser": {"UserMediaStream": {"UserInfo": user_info("host_a")}},
            },
        ),
        (
            "VideoParams.LayoutParams.MaxVideoUser.UserMediaStream.UserInfo.RoomId",
            "R24",
            "InvalidParameter",
        ),
    ),
]


test_start_rule_trips_and_its_fix_passes = start_cases_test(START_CASES)
