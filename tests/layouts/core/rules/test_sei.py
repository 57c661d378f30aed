"""layouts.core.rules.sei: R48 (volume-layout SEI) and R49 (pass-through SEI)."""

from __future__ import annotations

import pytest

from layouts.core.rules.request import check_start
from tests.layouts.core.rules.requests import (
    errors,
    put,
    start_body,
)

# ---------------------------------------------------------------------------
# In a request: each rule trips on one body and passes on the nearest valid one.

START_CASES = [
    # (id, broken body, fixed body, (path, rule, code))
    (
        "R48 volume SEI payload type",
        put(start_body(), "SeiParams", {"LayoutVolume": {"PayloadType": 244}}),
        put(start_body(), "SeiParams", {"LayoutVolume": {"PayloadType": 245}}),
        ("SeiParams.LayoutVolume.PayloadType", "R48", "InvalidParameter.OutOfRange"),
    ),
    (
        "R48 AppData shorter than 4096",
        put(start_body(), "SeiParams", {"LayoutVolume": {"AppData": "x" * 4096}}),
        put(start_body(), "SeiParams", {"LayoutVolume": {"AppData": "x" * 4095}}),
        ("SeiParams.LayoutVolume.AppData", "R48", "InvalidParameter.OutOfRange"),
    ),
    (
        "R49 pass-through payload type",
        put(start_body(), "SeiParams", {"PassThrough": {"PayloadContent": "x", "PayloadType": 99}}),
        put(
            start_body(),
            "SeiParams",
            {"PassThrough": {"PayloadContent": "x", "PayloadType": 5, "PayloadUuid": "0" * 32}},
        ),
        ("SeiParams.PassThrough.PayloadType", "R49", "InvalidParameter"),
    ),
    (
        "R49 type 5 needs a UUID",
        put(start_body(), "SeiParams", {"PassThrough": {"PayloadContent": "x", "PayloadType": 5}}),
        put(
            start_body(), "SeiParams", {"PassThrough": {"PayloadContent": "x", "PayloadType": 100}}
        ),
        ("SeiParams.PassThrough.PayloadUuid", "R49", "InvalidParameter"),
    ),
    (
        "R49 payload required",
        put(start_body(), "SeiParams", {"PassThrough": {"PayloadType": 100}}),
        put(start_body(), "SeiParams", {"PassThrough": {"PayloadContent": "", "PayloadType": 100}}),
        ("SeiParams.PassThrough.PayloadContent", "R49", "MissingParameter"),
    ),
]


@pytest.mark.parametrize(
    "broken, fixed, expected",
    [case[1:] for case in START_CASES],
    ids=[case[0] for case in START_CASES],
)
def test_start_rule_trips_and_its_fix_passes(broken, fixed, expected):
    assert expected in errors(check_start(broken))
    assert errors(check_start(fixed)) == []


# ---------------------------------------------------------------------------
# Which payload types each SEI takes.


def sei_errors(sei: dict) -> list[tuple[str, str, str]]:
    return errors(check_start(put(start_body(), "SeiParams", sei)))


@pytest.mark.parametrize(
    ("payload_type", "allowed"),
    [(5, True), (100, True), (254, True), (244, False), (255, False), (6, False)],
)
def test_a_pass_through_takes_5_or_100_to_254_except_244(payload_type, allowed):
    uuid = {"PayloadUuid": "aB" * 16} if payload_type == 5 else {}
    found = sei_errors(
        {"PassThrough": {"PayloadContent": "x", "PayloadType": payload_type, **uuid}}
    )
    assert (found == []) is allowed


def test_the_volume_layout_sei_never_takes_5_and_says_what_it_takes():
    assert sei_errors({"LayoutVolume": {"PayloadType": 5}}) == [
        ("SeiParams.LayoutVolume.PayloadType", "R48", "InvalidParameter.OutOfRange")
    ]
    (problem,) = [
        p
        for p in check_start(put(start_body(), "SeiParams", {"LayoutVolume": {"PayloadType": 244}}))
        if p.rule == "R48"
    ]
    assert problem.message == "PayloadType must be 100 to 254 (except 244), not 244."


def test_a_uuid_of_the_wrong_length_or_alphabet_is_refused_for_type_5():
    for uuid in ("0" * 31, "g" * 32, 32):
        found = sei_errors(
            {"PassThrough": {"PayloadContent": "x", "PayloadType": 5, "PayloadUuid": uuid}}
        )
        assert ("SeiParams.PassThrough.PayloadUuid", "R49", "InvalidParameter") in found
