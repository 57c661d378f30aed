"""layouts.core.rules.bitrate: the app's own rule of thumb for a bitrate far too low."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from layouts.core.rules import request as request_rules
from tests.factories import document, seed_examples
from tests.layouts.core.rules.launches import (
    body,
    found,
)

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


def test_values_beyond_the_api_ranges_are_left_to_r35():
    problems = request_rules.check_start(encoded(1280, 720, 15, 10**400))
    assert "bitrate-heuristic" not in [p.rule for p in problems]
    assert ("VideoParams.VideoEncode.BitRate", "R35") in found(problems)
