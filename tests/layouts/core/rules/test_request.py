"""layouts.core.rules.request: the entries, their order of checks and of problems.

Valid bodies pass; any JSON gives problems and never an exception; the
VideoParams of a request is checked by validate() with its paths under
VideoParams (a case per rule of the document). Rules are tested by topic beside
this file. Pure tests: run with `pytest tests/layouts/core/rules -p no:django`.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layouts.core.contract.problems import WARNING, Problem
from layouts.core.rules.request import check_start, check_stop, check_update
from layouts.core.updates import merge_update
from studio.cloud.emulator.error_codes import error_code
from tests import factories
from tests.layouts.core.rules.requests import (
    RELAY_ONE,
    STARTED_AV,
    drop,
    errors,
    errors_of,
    feedback_room,
    grid_start,
    put,
    slot,
    start_body,
    start_cases_test,
    stop_body,
    update_body,
    update_cases_test,
)

# ---------------------------------------------------------------------------
# The valid bodies are valid.


def test_the_valid_start_body_has_no_problem_at_all():
    assert check_start(start_body()) == []


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
def test_seed_examples_pass_with_their_usersigs(number):
    body = factories.seed_examples()[number - 1]
    assert body["AgentParams"]["UserSig"].startswith("eJw")
    assert errors(check_start(body)) == []


def test_an_update_and_a_stop_with_only_their_required_fields_pass():
    assert check_update(update_body()) == []
    assert check_stop(stop_body()) == []


def test_a_body_that_is_not_an_object_is_refused_as_a_whole():
    assert errors(check_start(["SdkAppId"])) == [("", "R6", "InvalidParameter.BodyParamsError")]
    assert errors(check_update(None)) == [("", "R6", "InvalidParameter.BodyParamsError")]
    assert errors(check_stop("TaskId")) == [("", "R6", "InvalidParameter.BodyParamsError")]


def test_unknown_fields_inside_video_params_are_only_warnings():
    body = put(start_body(), "VideoParams.LayoutParams.FutureField", 1)
    problems = check_start(body)
    assert errors(problems) == []
    assert [(p.path, p.rule, p.severity) for p in problems] == [
        ("VideoParams.LayoutParams.FutureField", "unknown-field", WARNING)
    ]


def test_a_wrong_type_comes_before_a_range_error_and_hides_the_range_check():
    body = put(start_body(), "AgentParams.MaxIdleTime", 1)  # out of range
    body = put(body, "WithTranscoding", "1")  # wrong type, later in the body
    assert errors(check_start(body))[0] == ("WithTranscoding", "type", "InvalidParameter")
    assert [p.rule for p in check_start(put(start_body(), "AgentParams.MaxIdleTime", 5.5))] == [
        "type"
    ]


def test_messages_name_the_field_for_a_producer():
    problem = errors_of(put(start_body(), "AgentParams.MaxIdleTime", 4))[0]
    assert problem.message == "MaxIdleTime must be at least 5, not 4."
    problem = errors_of(put(start_body(), "FeedBackRoomParams", [feedback_room("mix_robot_8888")]))[
        0
    ]
    assert "mix_robot_8888" in problem.message and "AgentParams.UserId" in problem.message


def test_an_update_sends_only_what_changes():
    layout = {"LayoutParams": {"MixLayoutMode": 3, "PureAudioHoldPlaceMode": 0, "RenderMode": 0}}
    assert errors(check_update(update_body(VideoParams=layout), started=STARTED_AV)) == []
    assert errors(check_update(update_body(VideoParams=layout))) == []
    bitrate_only = update_body(VideoParams={"VideoEncode": {"BitRate": 900}})
    assert errors(check_update(bitrate_only, started=STARTED_AV)) == []


def test_update_checks_its_own_fields_even_without_the_task():
    body = update_body(VideoParams={"VideoEncode": {"Fps": 0}})
    assert errors(check_update(body)) == [
        ("VideoParams.VideoEncode.Fps", "R35", "InvalidParameter.OutOfRange")
    ]


def test_secrets_removed_from_the_task_do_not_fail_its_updates():
    started = drop(start_body(), "AgentParams.UserSig")
    assert errors(check_update(update_body(SequenceNumber=7), started=started)) == []


# ---------------------------------------------------------------------------
# Stop (R56).


@pytest.mark.parametrize(
    "broken, fixed, expected",
    [
        (drop(stop_body(), "TaskId"), stop_body(), ("TaskId", "R56", "MissingParameter.TaskId")),
        (
            drop(stop_body(), "SdkAppId"),
            stop_body(),
            ("SdkAppId", "R56", "MissingParameter.SdkAppId"),
        ),
        (
            put(stop_body(), "TaskId", 12),
            stop_body(),
            ("TaskId", "type", "InvalidParameter"),
        ),
        (
            put(stop_body(), "SequenceNumber", 2),
            stop_body(),
            ("SequenceNumber", "unknown-field", "UnknownParameter"),
        ),
        (
            put(stop_body(), "RecordKey", "show 1"),
            put(stop_body(), "RecordKey", "show_1"),
            ("RecordKey", "B.19", "InvalidParameter"),
        ),
    ],
    ids=["R56 TaskId", "R56 SdkAppId", "type", "R6 unknown", "B.22 RecordKey"],
)
def test_stop_rule_trips_and_its_fix_passes(broken, fixed, expected):
    assert errors(check_stop(broken)) == [expected]
    assert errors(check_stop(fixed)) == []


# ---------------------------------------------------------------------------
# Any JSON at all gives problems, never an exception.

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True)
    | st.text(max_size=12)
    # Valid JSON strings that are not valid UTF-8 or look like digits to str methods.
    | st.sampled_from(["\ud800", "x\udfff", "\x00", "\uff11\uff12", "0x00FF00", "rtmp://"]),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=25,
)


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


@st.composite
def damaged_requests(draw, bases: list[dict[str, Any]]) -> Any:
    """A valid body with a few of its values replaced by arbitrary JSON."""
    body = copy.deepcopy(draw(st.sampled_from(bases)))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(_paths(body)))
        replacement = draw(json_values)
        if not path:
            return replacement
        target = body
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = replacement
    return body


BASES = [start_body(), grid_start(), RELAY_ONE, *factories.seed_examples()]

UPDATE_BASES = [
    update_body(VideoParams=start_body()["VideoParams"], AudioParams=start_body()["AudioParams"]),
    update_body(FeedBackRoomParams=[feedback_room()], SeiParams={"LayoutVolume": {}}),
]


def _all_problems(value: Any) -> None:
    assert all(isinstance(p, Problem) for p in value)
    for problem in value:
        assert isinstance(problem.message, str)
        assert isinstance(error_code(problem), str)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_arbitrary_json_never_raises(value):
    _all_problems(check_start(value))
    _all_problems(check_update(value))
    _all_problems(check_update(value, started=value if isinstance(value, dict) else None))
    _all_problems(check_stop(value))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_requests(BASES))
def test_damaged_start_bodies_never_raise(body):
    _all_problems(check_start(body))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_requests(UPDATE_BASES), damaged_requests(BASES))
def test_damaged_updates_of_damaged_tasks_never_raise(body, started):
    _all_problems(check_update(body, started=started if isinstance(started, dict) else None))
    if isinstance(body, dict) and isinstance(started, dict):
        merge_update(started, body)


# ---------------------------------------------------------------------------
# The VideoParams of a request: every document rule applies, its path under VideoParams.
# Each case trips on one body and passes on the nearest valid one.

START_CASES = [
    # (id, broken body, fixed body, (path, rule, code))
    (
        "R21 VideoEncode for video",
        drop(start_body(), "VideoParams.VideoEncode"),
        start_body(),
        ("VideoParams.VideoEncode", "R21", "MissingParameter.VideoEncodeParams"),
    ),
    (
        "R21 all five VideoEncode fields",
        drop(start_body(), "VideoParams.VideoEncode.Gop"),
        start_body(),
        ("VideoParams.VideoEncode.Gop", "R21", "MissingParameter.VideoEncodeParams"),
    ),
    (
        "R35 resolution",
        put(start_body(), "VideoParams.VideoEncode.Width", 1921),
        put(start_body(), "VideoParams.VideoEncode.Width", 1920),
        ("VideoParams.VideoEncode.Width", "R35", "InvalidParameter.VideoResolution"),
    ),
    (
        "R35 frame rate",
        put(start_body(), "VideoParams.VideoEncode.Fps", 61),
        put(start_body(), "VideoParams.VideoEncode.Fps", 60),
        ("VideoParams.VideoEncode.Fps", "R35", "InvalidParameter.OutOfRange"),
    ),
    (
        "R36 layout mode",
        put(start_body(), "VideoParams.LayoutParams.MixLayoutMode", 5),
        start_body(),
        ("VideoParams.LayoutParams.MixLayoutMode", "R36", "InvalidParameter"),
    ),
    (
        "R37 at most 16 slots",
        put(start_body(), "VideoParams.LayoutParams.MixLayoutList", [slot(0, 0, 80, 45)] * 17),
        put(start_body(), "VideoParams.LayoutParams.MixLayoutList", [slot(0, 0, 80, 45)] * 16),
        ("VideoParams.LayoutParams.MixLayoutList", "R37", "InvalidParameter"),
    ),
    (
        "R40 PureAudioHoldPlaceMode",
        put(grid_start(), "VideoParams.LayoutParams.PureAudioHoldPlaceMode", 2),
        put(grid_start(), "VideoParams.LayoutParams.PureAudioHoldPlaceMode", 1),
        ("VideoParams.LayoutParams.PureAudioHoldPlaceMode", "R40", "InvalidParameter"),
    ),
    (
        "R41 slot inside the canvas",
        put(start_body(), "VideoParams.LayoutParams.MixLayoutList[1].LocationX", 641),
        put(start_body(), "VideoParams.LayoutParams.MixLayoutList[1].LocationX", 640),
        (
            "VideoParams.LayoutParams.MixLayoutList[1].ImageWidth",
            "R41",
            "InvalidParameter.PresetLayoutConfig",
        ),
    ),
    (
        "R42 slot RenderMode",
        put(start_body(), "VideoParams.LayoutParams.MixLayoutList[0].RenderMode", 3),
        put(start_body(), "VideoParams.LayoutParams.MixLayoutList[0].RenderMode", 2),
        ("VideoParams.LayoutParams.MixLayoutList[0].RenderMode", "R42", "InvalidParameter"),
    ),
    (
        "R43 crop size",
        put(
            start_body(),
            "VideoParams.LayoutParams.MixLayoutList[0].CustomCrop",
            {"LocationX": 0, "LocationY": 0, "Width": 0, "Height": 100},
        ),
        put(
            start_body(),
            "VideoParams.LayoutParams.MixLayoutList[0].CustomCrop",
            {"LocationX": 0, "LocationY": 0, "Width": 1, "Height": 100},
        ),
        (
            "VideoParams.LayoutParams.MixLayoutList[0].CustomCrop.Width",
            "R43",
            "InvalidParameter.OutOfRange",
        ),
    ),
    (
        "R44 custom placeholder within the slot",
        put(
            start_body(),
            "VideoParams.LayoutParams.MixLayoutList[0]",
            slot(
                0,
                0,
                640,
                720,
                BackgroundRenderMode=4,
                BackgroundCustomRender={"Width": 641, "Height": 100},
            ),
        ),
        put(
            start_body(),
            "VideoParams.LayoutParams.MixLayoutList[0]",
            slot(
                0,
                0,
                640,
                720,
                BackgroundRenderMode=4,
                BackgroundCustomRender={"Width": 640, "Height": 100},
            ),
        ),
        (
            "VideoParams.LayoutParams.MixLayoutList[0].BackgroundCustomRender.Width",
            "R44",
            "InvalidParameter.OutOfRange",
        ),
    ),
    (
        "R45 image URL characters",
        put(start_body(), "VideoParams.BackgroundImageUrl", "https://cdn.example.com/a b.png"),
        put(start_body(), "VideoParams.BackgroundImageUrl", "https://cdn.example.com/a%20b.png"),
        ("VideoParams.BackgroundImageUrl", "R45", "InvalidParameter.BackgroundImageUrl"),
    ),
    (
        "R46 colour",
        put(start_body(), "VideoParams.BackGroundColor", "red"),
        put(start_body(), "VideoParams.BackGroundColor", "0xFF0000"),
        ("VideoParams.BackGroundColor", "R46", "InvalidParameter"),
    ),
    (
        "R47 text watermark needs its text",
        put(start_body(), "VideoParams.WaterMarkList", [{"WaterMarkType": 1}]),
        put(
            start_body(),
            "VideoParams.WaterMarkList",
            [
                {
                    "WaterMarkType": 1,
                    "WaterMarkText": {
                        "Text": "Live",
                        "WaterMarkWidth": 200,
                        "WaterMarkHeight": 40,
                        "LocationX": 20,
                        "LocationY": 20,
                        "FontSize": 24,
                    },
                }
            ],
        ),
        ("VideoParams.WaterMarkList[0].WaterMarkText", "R47", "InvalidParameter"),
    ),
    (
        "one stream fills one slot",
        put(
            start_body(),
            "VideoParams.LayoutParams.MixLayoutList[1].UserMediaStream.UserInfo.UserId",
            "host_a",
        ),
        start_body(),
        (
            "VideoParams.LayoutParams.MixLayoutList[1].UserMediaStream",
            "duplicate-binding",
            "InvalidParameter",
        ),
    ),
]


test_start_rule_trips_and_its_fix_passes = start_cases_test(START_CASES)


# ---------------------------------------------------------------------------
# The VideoParams of an Update is judged merged into the task's.

UPDATE_CASES = [
    # (id, broken, fixed, started, (path, rule, code))
    (
        "R41 a smaller canvas must still hold the slots in force",
        update_body(VideoParams={"VideoEncode": {"Width": 960}}),
        update_body(VideoParams={"VideoEncode": {"Width": 1280, "BitRate": 900}}),
        STARTED_AV,
        (
            "VideoParams.LayoutParams.MixLayoutList[1].ImageWidth",
            "R41",
            "InvalidParameter.PresetLayoutConfig",
        ),
    ),
]


test_update_rule_trips_and_its_fix_passes = update_cases_test(UPDATE_CASES)
