"""The Tencent error code each rule's problem gets (studio.cloud.emulator.error_codes).

Kept beside the rules' tests: every rule the contract's tables cite needs a code.
"""

from __future__ import annotations

from layouts.core.contract import bodies, video
from layouts.core.contract.problems import ERROR, Problem
from studio.cloud.emulator.error_codes import RULE_CODES, error_code

# ---------------------------------------------------------------------------
# The code of each rule.


def test_rule_codes_follow_the_reference():
    assert RULE_CODES["R41"] == "InvalidParameter.PresetLayoutConfig"
    assert RULE_CODES["R35"] == "InvalidParameter.VideoResolution"
    assert RULE_CODES["R21"] == "MissingParameter.VideoEncodeParams"
    assert RULE_CODES["R16"] == RULE_CODES["R18"] == "InvalidParameter.PublishCdnUrls"
    assert RULE_CODES["R23"] == RULE_CODES["R55"] == "UnsupportedOperation"
    assert RULE_CODES["required"] == "MissingParameter"
    assert RULE_CODES["type"] == "InvalidParameter"
    assert RULE_CODES["unknown-field"] == "UnknownParameter"
    assert RULE_CODES["R51"] == "FailedOperation.RequestOutdated"
    assert RULE_CODES["R57"] == "ResourceNotFound"


def test_every_rule_the_tables_cite_has_a_code():
    cited = {
        spec.rule
        for shape in [*bodies.SHAPES.values(), *video.SHAPES.values()]
        for spec in shape.fields
        if spec.rule
    }
    cited |= {shape.required_rule for shape in [*bodies.SHAPES.values(), *video.SHAPES.values()]}
    assert cited - RULE_CODES.keys() == set()


def test_error_code_of_a_problem_built_by_hand():
    problem = Problem("VideoParams.VideoEncode.Height", "R35", ERROR, "too tall")
    assert error_code(problem) == "InvalidParameter.VideoResolution"
    assert error_code(Problem("X", "no-such-rule", ERROR, "?")) == "InvalidParameter"
