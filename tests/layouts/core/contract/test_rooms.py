"""layouts.core.contract.rooms: user and room identities (R8, R10) and room defaulting (B.5)."""

from __future__ import annotations

import pytest

from layouts.core.contract.rooms import (
    MAX_INT_ROOM,
    ROOM_INTEGER,
    ROOM_STRING,
    ROOM_TYPES,
    is_valid_room_id,
    is_valid_user_id,
    room_of,
)


def test_the_two_room_types_are_those_of_r8():
    assert (ROOM_INTEGER, ROOM_STRING) == (0, 1)
    assert ROOM_TYPES == (0, 1)


@pytest.mark.parametrize(
    ("room_id", "room_type", "main", "room"),
    [
        (None, None, ("8888", 0), ("8888", 0)),
        ("9999", None, ("8888", 1), ("9999", 1)),
        (None, 1, ("8888", 0), ("8888", 1)),
        ("9999", 0, ("8888", 1), ("9999", 0)),
        (None, None, None, (None, None)),
        ("9999", None, None, ("9999", None)),
    ],
)
def test_what_a_user_leaves_out_is_the_main_rooms(room_id, room_type, main, room):
    assert room_of(room_id, room_type, main) == room


@pytest.mark.parametrize(
    ("room_id", "valid"),
    [
        ("1", True),
        (str(MAX_INT_ROOM), True),
        ("0", False),
        (str(MAX_INT_ROOM + 1), False),
        ("12345678901", False),
        ("-5", False),
        ("12.5", False),
        ("", False),
        ("\uff11\uff12", False),  # fullwidth digits are no ASCII number
    ],
)
def test_an_integer_room_is_a_number_from_1_to_4294967294(room_id, valid):
    assert is_valid_room_id(room_id, ROOM_INTEGER) is valid


@pytest.mark.parametrize(
    ("room_id", "valid"),
    [
        ("PK room #1", True),
        ("x" * 64, True),
        ("x" * 65, False),
        ("", False),
        ("room/1", False),
        ("房间", False),
    ],
)
def test_a_string_room_is_1_to_64_allowed_characters(room_id, valid):
    assert is_valid_room_id(room_id, ROOM_STRING) is valid


def test_a_room_of_an_unknown_type_is_not_judged():
    assert is_valid_room_id("anything / at all", None)
    assert is_valid_room_id("", 7)


@pytest.mark.parametrize(
    ("user_id", "valid"),
    [("Trtc_User-0", True), ("u" * 32, True), ("u" * 33, False), ("", False), ("a b", False)],
)
def test_a_user_id_is_1_to_32_letters_digits_underscores_or_hyphens(user_id, valid):
    assert is_valid_user_id(user_id) is valid
