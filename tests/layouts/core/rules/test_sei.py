"""layouts.core.rules.sei: R48 (volume-layout SEI) and R49 (pass-through SEI)."""

from __future__ import annotations

import pytest

from layouts.core.rules.request import check_show, check_start, check_update
from tests.layouts.core.rules.requests import (
    STARTED_AV,
    errors,
    put,
    start_body,
    start_cases_test,
    update_body,
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
        "R48 volume SEI interval",
        put(start_body(), "SeiParams", {"LayoutVolume": {"Interval": -5}}),
        put(start_body(), "SeiParams", {"LayoutVolume": {"Interval": 1}}),
        ("SeiParams.LayoutVolume.Interval", "R48", "InvalidParameter.OutOfRange"),
    ),
    (
        "R49 pass-through interval",
        put(
            start_body(),
            "SeiParams",
            {"PassThrough": {"PayloadContent": "x", "PayloadType": 100, "Interval": 0}},
        ),
        put(
            start_body(),
            "SeiParams",
            {"PassThrough": {"PayloadContent": "x", "PayloadType": 100, "Interval": 500}},
        ),
        ("SeiParams.PassThrough.Interval", "R49", "InvalidParameter"),
    ),
    (
        "R49 payload required",
        put(start_body(), "SeiParams", {"PassThrough": {"PayloadType": 100}}),
        put(start_body(), "SeiParams", {"PassThrough": {"PayloadContent": "", "PayloadType": 100}}),
        ("SeiParams.PassThrough.PayloadContent", "R49", "MissingParameter"),
    ),
]


test_start_rule_trips_and_its_fix_passes = start_cases_test(START_CASES)


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


# ---------------------------------------------------------------------------
# The pass-through never takes the volume-layout SEI's PayloadType (our own rule).

SHARED = ("SeiParams.PassThrough.PayloadType", "shared-payload-type", "InvalidParameter")


def passthrough(payload_type: int) -> dict:
    uuid = {"PayloadUuid": "ab" * 16} if payload_type == 5 else {}
    return {"PayloadContent": "cue", "PayloadType": payload_type, **uuid}


SHARED_CASES = [
    # (id, SeiParams, shared?)
    (
        "the same type given twice",
        {"LayoutVolume": {"PayloadType": 120}, "PassThrough": passthrough(120)},
        True,
    ),
    (
        "the volume layout's default 100",
        {"LayoutVolume": {}, "PassThrough": passthrough(100)},
        True,
    ),
    (
        "two different types",
        {"LayoutVolume": {"PayloadType": 120}, "PassThrough": passthrough(121)},
        False,
    ),
    (
        "100 beside a volume layout of 101",
        {"LayoutVolume": {"PayloadType": 101}, "PassThrough": passthrough(100)},
        False,
    ),
    ("type 5 beside the default", {"LayoutVolume": {}, "PassThrough": passthrough(5)}, False),
    ("no volume-layout SEI at all", {"PassThrough": passthrough(100)}, False),
    (
        "a volume layout's type of the wrong type",
        {"LayoutVolume": {"PayloadType": "100"}, "PassThrough": passthrough(100)},
        False,
    ),
]


@pytest.mark.parametrize(
    "sei, shared", [case[1:] for case in SHARED_CASES], ids=[case[0] for case in SHARED_CASES]
)
def test_a_pass_through_may_not_share_the_volume_layouts_payload_type(sei, shared):
    assert (SHARED in sei_errors(sei)) is shared


def test_the_shared_type_problem_names_both_fields():
    (problem,) = [
        p
        for p in check_start(
            put(start_body(), "SeiParams", {"LayoutVolume": {}, "PassThrough": passthrough(100)})
        )
        if p.rule == "shared-payload-type"
    ]
    assert problem.path == "SeiParams.PassThrough.PayloadType"
    assert "SeiParams.LayoutVolume.PayloadType" in problem.message
    assert "PayloadType 100 is also the volume-layout SEI's" in problem.message


def test_an_update_is_judged_against_the_sei_in_force():
    started = put(STARTED_AV, "SeiParams", {"LayoutVolume": {"PayloadType": 130}})
    clash = update_body(SeiParams={"PassThrough": passthrough(130)})
    apart = update_body(SeiParams={"PassThrough": passthrough(131)})

    assert SHARED in errors(check_update(clash, started=started))
    assert SHARED not in errors(check_update(apart, started=started))


def test_a_preset_that_shares_the_type_is_refused_too():
    body = put(start_body(), "SeiParams", {"LayoutVolume": {}, "PassThrough": passthrough(100)})
    assert SHARED in errors(check_show(body))
