"""layouts.core.rules.fields: the field walk (types, required fields, ranges, choices,
colours, unknown fields) of a document, then of a request (R6, R7, R50).
"""

from __future__ import annotations

import pytest

from layouts.core.contract.problems import ERROR, WARNING
from layouts.core.rules.document import has_errors, validate
from tests.layouts.core.rules.documents import (
    H,
    W,
    base_document,
    image_watermark,
    slot,
    slots,
    summary,
    the_problem,
    with_rule,
)
from tests.layouts.core.rules.requests import (
    APP,
    ROOM,
    drop,
    put,
    start_body,
    start_cases_test,
    update_body,
    update_cases_test,
)


def test_height_written_as_a_string_is_one_type_problem_and_nothing_else():
    document = base_document()
    document["VideoEncode"]["Height"] = "720"

    problems = validate(document)

    assert summary(problems) == [("VideoEncode.Height", "type", ERROR)]
    assert problems[0].message == "Height must be an integer, not a string."


@pytest.mark.parametrize(
    ("value", "word"),
    [(True, "a boolean"), (False, "a boolean"), (720.0, "a number with a fraction")],
)
def test_booleans_and_fractions_are_not_integers(value, word):
    document = base_document()
    document["VideoEncode"]["Height"] = value

    problems = validate(document)

    assert summary(problems) == [("VideoEncode.Height", "type", ERROR)]
    assert word in problems[0].message


def test_null_for_a_required_field_is_a_type_error_not_a_missing_field():
    document = base_document()
    document["VideoEncode"]["Fps"] = None

    problems = validate(document)

    assert summary(problems) == [("VideoEncode.Fps", "type", ERROR)]
    assert problems[0].message == "Fps must be an integer, not null."


def test_list_where_an_object_belongs_is_one_type_error():
    document = base_document()
    document["VideoEncode"] = [W, H, 15, 1500, 2]

    problems = validate(document)

    assert summary(problems) == [("VideoEncode", "type", ERROR)]
    assert problems[0].message == "VideoEncode must be an object, not an array."


def test_object_where_a_list_belongs_is_one_type_error():
    document = base_document()
    document["WaterMarkList"] = image_watermark()

    problems = validate(document)

    assert summary(problems) == [("WaterMarkList", "type", ERROR)]
    assert "must be an array, not an object" in problems[0].message


def test_slot_entry_that_is_not_an_object_is_a_type_error_at_its_index():
    document = base_document()
    slots(document)[1] = "guest slot"

    problems = validate(document)

    assert summary(problems) == [("LayoutParams.MixLayoutList[1]", "type", ERROR)]
    assert problems[0].message == "MixLayoutList[1] must be an object, not a string."


def test_slots_after_a_broken_entry_keep_their_own_numbers():
    document = base_document()
    slots(document)[1] = None
    slots(document)[2] = slot(0, 360, 640, 400, user="anchor", stream_type=1)

    problems = validate(document)

    overshoot = the_problem(problems, "R41")
    assert overshoot.path == "LayoutParams.MixLayoutList[2].ImageHeight"
    assert overshoot.message.startswith("Slot 3 ")


def test_slot_field_of_wrong_type_is_reported_once_and_read_as_absent():
    document = base_document()
    slots(document)[1]["LocationX"] = "640"

    problems = validate(document)

    # Read as 0, the slot now overlaps slot 1 on the same ZOrder: a warning, not a crash.
    assert summary(problems) == [
        ("LayoutParams.MixLayoutList[1].LocationX", "type", ERROR),
        ("LayoutParams.MixLayoutList[1].ZOrder", "same-zorder", WARNING),
    ]


# ---------------------------------------------------------------------------
# Unknown fields.


def test_unknown_top_level_field_is_a_warning_that_names_it():
    document = base_document()
    document["Background"] = "0x000000"

    problems = validate(document)

    assert summary(problems) == [("Background", "unknown-field", WARNING)]
    assert "Background" in problems[0].message
    assert "McuVideoParams" in problems[0].message


def test_misspelt_slot_field_is_an_unknown_field_warning_at_its_path():
    document = base_document()
    slots(document)[0]["Zorder"] = 3

    problems = validate(document)

    assert summary(problems) == [("LayoutParams.MixLayoutList[0].Zorder", "unknown-field", WARNING)]
    assert not has_errors(problems)


# ---------------------------------------------------------------------------
# Required fields (R21 and the generic "required").


def test_missing_video_encode_is_an_r21_error():
    document = base_document()
    del document["VideoEncode"]

    problems = validate(document)

    problem = the_problem(problems, "R21")
    assert (problem.path, problem.severity) == ("VideoEncode", ERROR)
    assert problem.message == "VideoEncode is required."


def test_missing_fps_is_an_r21_error_at_its_path():
    document = base_document()
    del document["VideoEncode"]["Fps"]

    problems = validate(document)

    assert summary(problems) == [("VideoEncode.Fps", "R21", ERROR)]
    assert problems[0].message == "Fps is required."


def test_user_info_without_user_id_is_a_required_error():
    document = base_document()
    del slots(document)[1]["UserMediaStream"]["UserInfo"]["UserId"]

    problems = validate(document)

    assert summary(problems) == [
        ("LayoutParams.MixLayoutList[1].UserMediaStream.UserInfo.UserId", "required", ERROR)
    ]
    assert problems[0].message == "UserId is required."


# ---------------------------------------------------------------------------
# R35: VideoEncode ranges.


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("Width", -1, "at least 0"),
        ("Width", 1921, "at most 1920"),
        ("Height", -1, "at least 0"),
        ("Height", 1921, "at most 1920"),
        ("Fps", 0, "at least 1"),
        ("Fps", 61, "at most 60"),
        ("BitRate", 0, "at least 1"),
        ("BitRate", 10001, "at most 10000"),
        ("Gop", 0, "at least 1"),
        ("Gop", 6, "at most 5"),
    ],
)
def test_video_encode_value_out_of_range_is_an_r35_error(name, value, words):
    document = base_document()
    document["VideoEncode"][name] = value

    problems = validate(document)

    assert summary(problems) == [(f"VideoEncode.{name}", "R35", ERROR)]
    assert words in problems[0].message
    assert str(value) in problems[0].message


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("Width", 1920),
        ("Height", 1080),
        ("Fps", 1),
        ("Fps", 60),
        ("BitRate", 1),
        ("BitRate", 10000),
        ("Gop", 1),
        ("Gop", 5),
    ],
)
def test_video_encode_value_at_its_limit_is_fine(name, value):
    document = base_document()
    document["VideoEncode"][name] = value

    assert with_rule(validate(document), "R35") == []


# ---------------------------------------------------------------------------
# R46: colours and the canvas background mode.


@pytest.mark.parametrize("colour", ["red", "#ff0000", "0xFFF", "0XFFFFFF", "0xcc00334", ""])
def test_colour_not_written_0xrrggbb_is_an_r46_error(colour):
    document = base_document()
    document["BackGroundColor"] = colour

    problems = validate(document)

    assert summary(problems) == [("BackGroundColor", "R46", ERROR)]
    assert "0xRRGGBB" in problems[0].message
    assert "0xcc0033" in problems[0].message


@pytest.mark.parametrize("colour", ["0xcc0033", "0xCC0033", "0x000000"])
def test_colour_written_0xrrggbb_is_fine(colour):
    document = base_document()
    document["BackGroundColor"] = colour

    assert validate(document) == []


def test_text_colour_not_written_0xrrggbb_is_an_r46_error_at_its_path():
    document = base_document()
    document["WaterMarkList"][1]["WaterMarkText"]["FontColor"] = "white"

    assert summary(validate(document)) == [
        ("WaterMarkList[1].WaterMarkText.FontColor", "R46", ERROR)
    ]


def test_canvas_background_render_mode_3_is_an_r46_error():
    document = base_document()
    document["BackgroundRenderMode"] = 3

    assert summary(validate(document)) == [("BackgroundRenderMode", "R46", ERROR)]


# ---------------------------------------------------------------------------
# The walk of a request: R6 (unknown fields), R7 (a Start's fields), types and ranges.
# Each case trips on one body and passes on the nearest valid one.

START_CASES = [
    # (id, broken body, fixed body, (path, rule, code))
    (
        "R6 unknown top-level field",
        put(start_body(), "Extra", 1),
        start_body(),
        ("Extra", "unknown-field", "UnknownParameter"),
    ),
    (
        "R6 unknown field in a request type",
        put(start_body(), "AgentParams.Nickname", "bot"),
        start_body(),
        ("AgentParams.Nickname", "unknown-field", "UnknownParameter"),
    ),
    (
        "R7 SdkAppId",
        drop(start_body(), "SdkAppId"),
        start_body(),
        ("SdkAppId", "R7", "MissingParameter.SdkAppId"),
    ),
    (
        "R7 RoomId",
        drop(start_body(), "RoomId"),
        start_body(),
        ("RoomId", "R7", "MissingParameter.RoomId"),
    ),
    (
        "R7 RoomIdType",
        drop(start_body(), "RoomIdType"),
        start_body(),
        ("RoomIdType", "R7", "MissingParameter"),
    ),
    (
        "R7 AgentParams",
        drop(start_body(), "AgentParams"),
        start_body(),
        ("AgentParams", "R7", "MissingParameter"),
    ),
    (
        "R7 WithTranscoding",
        drop(start_body(), "WithTranscoding"),
        start_body(),
        ("WithTranscoding", "R7", "MissingParameter"),
    ),
    (
        "type of SdkAppId",
        put(start_body(), "SdkAppId", str(APP)),
        start_body(),
        ("SdkAppId", "type", "InvalidParameter"),
    ),
    (
        "SdkAppId positive",
        put(start_body(), "SdkAppId", 0),
        put(start_body(), "SdkAppId", 1),
        ("SdkAppId", "sdk-app-id", "InvalidParameter.SdkAppId"),
    ),
]


test_start_rule_trips_and_its_fix_passes = start_cases_test(START_CASES)


# ---------------------------------------------------------------------------
# The walk of an Update: R50 (its fields), R6 (no Start-only field), ranges.

UPDATE_CASES = [
    # (id, broken, fixed, started, (path, rule, code))
    (
        "R50 TaskId",
        drop(update_body(), "TaskId"),
        update_body(),
        None,
        ("TaskId", "R50", "MissingParameter.TaskId"),
    ),
    (
        "R50 SequenceNumber",
        drop(update_body(), "SequenceNumber"),
        update_body(),
        None,
        ("SequenceNumber", "R50", "MissingParameter"),
    ),
    (
        "R50 WithTranscoding",
        drop(update_body(), "WithTranscoding"),
        update_body(),
        None,
        ("WithTranscoding", "R50", "MissingParameter"),
    ),
    (
        "SequenceNumber not negative",
        update_body(SequenceNumber=-1),
        update_body(SequenceNumber=0),
        None,
        ("SequenceNumber", "range", "InvalidParameter.OutOfRange"),
    ),
    (
        "R6 no Start-only field",
        update_body(RoomId=ROOM),
        update_body(),
        None,
        ("RoomId", "unknown-field", "UnknownParameter"),
    ),
]


test_update_rule_trips_and_its_fix_passes = update_cases_test(UPDATE_CASES)
