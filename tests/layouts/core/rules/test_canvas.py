"""layouts.core.rules.canvas: R13 (a picture needs transcoding), R35 (the canvas), R36 and
R38-R40 (the layout mode and the fields each mode uses).
"""

from __future__ import annotations

import pytest

from layouts.core.contract import video
from layouts.core.contract.problems import ERROR, WARNING
from layouts.core.rules.document import has_errors, validate
from tests.layouts.core.rules.documents import (
    base_document,
    dynamic_document,
    max_video_user,
    slot,
    summary,
    the_problem,
    with_rule,
)
from tests.layouts.core.rules.requests import (
    RELAY_ONE,
    put,
    start_body,
    start_cases_test,
)


def test_height_1920_is_a_conflict_warning_not_an_error():
    document = base_document()
    document["VideoEncode"].update(Width=1080, Height=1920)
    document["LayoutParams"]["MixLayoutList"] = [slot(0, 0, 1080, 1920, user="anchor")]
    document["WaterMarkList"] = []

    problems = validate(document)

    assert summary(problems) == [("VideoEncode.Height", "R35", WARNING)]
    assert "1920" in problems[0].message
    assert "1080" in problems[0].message


def test_zero_canvas_width_is_a_warning():
    document = base_document()
    document["VideoEncode"]["Width"] = 0
    document["LayoutParams"]["MixLayoutList"] = []
    document["WaterMarkList"] = []

    problems = validate(document)

    problem = the_problem(problems, "zero-canvas")
    assert (problem.path, problem.severity) == ("VideoEncode.Width", WARNING)
    assert problem.message == "The output width is 0 px, so there is no picture to lay out."
    assert not has_errors(problems)


def test_canvas_one_pixel_wide_is_not_a_zero_canvas():
    document = base_document()
    document["VideoEncode"]["Width"] = 1
    document["LayoutParams"]["MixLayoutList"] = [slot(0, 0, 1, 720, user="anchor")]
    document["WaterMarkList"] = []

    assert validate(document) == []


# ---------------------------------------------------------------------------
# R13: picture changes need transcoding.


def test_layout_without_transcoding_is_an_r13_error_for_each_picture_field():
    problems = validate(base_document(), with_transcoding=0)

    assert summary(with_rule(problems, "R13")) == [
        ("LayoutParams", "R13", ERROR),
        ("WaterMarkList", "R13", ERROR),
        ("BackGroundColor", "R13", ERROR),
    ]
    assert "WithTranscoding 1" in problems[0].message


def test_encode_only_document_without_transcoding_is_fine():
    document = {"VideoEncode": base_document()["VideoEncode"]}

    assert validate(document, with_transcoding=0) == []


@pytest.mark.parametrize("with_transcoding", [1, None])
def test_layout_with_transcoding_or_unknown_transcoding_is_fine(with_transcoding):
    assert validate(base_document(), with_transcoding=with_transcoding) == []


# ---------------------------------------------------------------------------
# R36-R40: layout mode and the fields each mode uses.


def test_missing_layout_mode_is_an_r36_warning():
    document = base_document()
    del document["LayoutParams"]["MixLayoutMode"]

    problems = validate(document)

    assert summary(problems) == [("LayoutParams.MixLayoutMode", "R36", WARNING)]
    assert "Send it explicitly" in problems[0].message


def test_missing_layout_params_is_an_r36_warning():
    document = base_document()
    del document["LayoutParams"]

    assert summary(validate(document)) == [("LayoutParams", "R36", WARNING)]


@pytest.mark.parametrize("mode", [0, 5])
def test_unknown_layout_mode_is_an_r36_error(mode):
    document = base_document()
    document["LayoutParams"]["MixLayoutMode"] = mode

    problems = validate(document)

    problem = the_problem(problems, "R36")
    assert (problem.path, problem.severity) == ("LayoutParams.MixLayoutMode", ERROR)
    assert problem.message == f"MixLayoutMode must be one of 1, 2, 3, 4, not {mode}."


def test_custom_layout_without_slots_is_an_r38_warning():
    document = base_document()
    document["LayoutParams"]["MixLayoutList"] = []

    assert summary(validate(document)) == [("LayoutParams.MixLayoutList", "R38", WARNING)]


def test_slot_list_in_a_grid_layout_is_an_r38_no_effect_warning():
    document = dynamic_document(3, MixLayoutList=[slot(0, 0, 640, 360, user="anchor")])

    problems = validate(document)

    assert summary(problems) == [("LayoutParams.MixLayoutList", "R38", WARNING)]
    assert problems[0].message == (
        "MixLayoutList has no effect in the grid layout; the cloud ignores it."
    )


@pytest.mark.parametrize("mode", [3, 4])
def test_max_video_user_outside_floating_and_screen_share_is_an_r39_warning(mode):
    document = base_document()
    document["LayoutParams"]["MixLayoutMode"] = mode
    document["LayoutParams"]["MaxVideoUser"] = max_video_user()

    problems = validate(document)

    problem = the_problem(problems, "R39")
    assert (problem.path, problem.severity) == ("LayoutParams.MaxVideoUser", WARNING)
    assert video.MODE_NAMES[mode] in problem.message


@pytest.mark.parametrize("mode", [1, 2])
def test_max_video_user_in_floating_and_screen_share_is_fine(mode):
    document = dynamic_document(mode, MaxVideoUser=max_video_user())

    assert validate(document) == []


def test_screen_share_without_max_video_user_is_an_r39_warning():
    problems = validate(dynamic_document(2))

    assert summary(problems) == [("LayoutParams.MaxVideoUser", "R39", WARNING)]
    assert "big picture" in problems[0].message


def test_max_video_user_without_a_stream_is_an_r39_error():
    problems = validate(dynamic_document(1, MaxVideoUser={}))

    assert summary(problems) == [("LayoutParams.MaxVideoUser.UserMediaStream", "R39", ERROR)]


@pytest.mark.parametrize(
    ("name", "value"),
    [("PureAudioHoldPlaceMode", 1), ("RenderMode", 1), ("EnableStreamSEI", 0)],
)
def test_dynamic_only_field_in_a_custom_layout_is_an_r40_warning(name, value):
    document = base_document()
    document["LayoutParams"][name] = value

    problems = validate(document)

    assert summary(problems) == [(f"LayoutParams.{name}", "R40", WARNING)]
    assert problems[0].message == (
        f"{name} has no effect in the custom layout; the cloud ignores it."
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [("PureAudioHoldPlaceMode", 1), ("RenderMode", 1), ("EnableStreamSEI", 0)],
)
def test_dynamic_only_field_in_a_grid_layout_is_fine(name, value):
    assert validate(dynamic_document(3, **{name: value})) == []


@pytest.mark.parametrize(
    ("name", "value"),
    [("PureAudioHoldPlaceMode", 2), ("RenderMode", 3), ("EnableStreamSEI", 2)],
)
def test_dynamic_field_with_a_value_outside_its_choices_is_an_r40_error(name, value):
    problems = validate(dynamic_document(3, **{name: value}))

    assert summary(problems) == [(f"LayoutParams.{name}", "R40", ERROR)]


# ---------------------------------------------------------------------------
# In a request: each rule trips on one body and passes on the nearest valid one.

START_CASES = [
    # (id, broken body, fixed body, (path, rule, code))
    (
        "R13 WithTranscoding values",
        put(start_body(), "WithTranscoding", 2),
        start_body(),
        ("WithTranscoding", "R13", "InvalidParameter"),
    ),
    (
        "R13 a layout needs transcoding",
        put(RELAY_ONE, "VideoParams.LayoutParams", {"MixLayoutMode": 3}),
        RELAY_ONE,
        ("VideoParams.LayoutParams", "R13", "InvalidParameter"),
    ),
]


test_start_rule_trips_and_its_fix_passes = start_cases_test(START_CASES)
