"""layouts.core.rules.show and check_show: a body kept as a show, and Mix Studio's own part."""

from __future__ import annotations

from layouts.core.contract.problems import ERROR, WARNING, Problem, missing
from layouts.core.rules import request as request_rules
from layouts.core.rules.show import check_app_part, for_show
from layouts.core.show import APP_KEY, OUTPUTS_OFF
from tests.factories import document
from tests.layouts.core.rules.launches import (
    found,
)

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


# ---------------------------------------------------------------------------
# for_show and check_app_part on their own.


def test_what_a_launch_gives_takes_the_severity_asked_for():
    given_at_launch = missing("RoomId", "R7")
    no_outputs = Problem("PublishCdnParams", "R15", ERROR, "nowhere")
    no_usersig = missing("AgentParams.UserSig", "R11")
    real = Problem("VideoParams.VideoEncode.Fps", "R35", ERROR, "too fast")
    problems = [given_at_launch, no_outputs, no_usersig, real]
    assert [(p.rule, p.severity) for p in for_show(problems, WARNING)] == [
        ("R7", WARNING),
        ("R15", WARNING),
        ("R35", ERROR),
    ]
    assert for_show(problems, None) == [real]


def test_our_own_part_must_be_an_object():
    assert [(p.path, p.rule) for p in check_app_part(["x"])] == [(APP_KEY, "type")]
    assert list(check_app_part({OUTPUTS_OFF: [{"PublishCdnUrl": "rtmp://a/b"}]})) == []
