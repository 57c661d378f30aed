"""layouts.core.rules.record: the recording parameters of B.19."""

from __future__ import annotations

import pytest

from layouts.core.rules.record import check_record_name
from layouts.core.rules.request import check_start
from tests.layouts.core.rules.requests import (
    errors,
    put,
    start_body,
    start_cases_test,
)

# ---------------------------------------------------------------------------
# In a request: each rule trips on one body and passes on the nearest valid one.

START_CASES = [
    # (id, broken body, fixed body, (path, rule, code))
    (
        "B.19 recording formats",
        put(start_body(), "RecordParams", {"UniRecord": 3, "RecordFormat": ["mp4", "aac"]}),
        put(start_body(), "RecordParams", {"UniRecord": 3, "RecordFormat": ["mp4", "hls"]}),
        ("RecordParams.RecordFormat", "B.19", "InvalidParameter"),
    ),
]


test_start_rule_trips_and_its_fix_passes = start_cases_test(START_CASES)


# ---------------------------------------------------------------------------
# The names of a recording, and where it is stored.


def record_errors(record: dict) -> list[tuple[str, str, str]]:
    return errors(check_start(put(start_body(), "RecordParams", record)))


@pytest.mark.parametrize(("name", "longest"), [("RecordKey", 128), ("UserDefineRecordPrefix", 64)])
def test_a_recording_name_is_short_and_of_letters_digits_underscores_and_hyphens(name, longest):
    assert record_errors({name: "a-b_C" + "x" * (longest - 5)}) == []
    path = f"RecordParams.{name}"
    assert record_errors({name: "x" * (longest + 1)}) == [(path, "B.19", "InvalidParameter")]
    assert record_errors({name: "show 1"}) == [(path, "B.19", "InvalidParameter")]
    assert record_errors({name: "x\ud800"}) == [(path, "B.19", "InvalidParameter")]


def test_the_message_says_the_field_and_its_limit():
    (problem,) = list(check_record_name("é", "RecordParams.RecordKey", 128))
    assert problem.message == "RecordKey must be at most 128 letters, digits, _ or -."


def test_each_format_is_known():
    assert record_errors({"RecordFormat": ["hls", "flv", 3]}) == [
        ("RecordParams.RecordFormat[2]", "type", "InvalidParameter"),
        ("RecordParams.RecordFormat[1]", "B.19", "InvalidParameter"),
    ]


@pytest.mark.parametrize(
    ("storage", "refused"),
    [
        ({"CloudStorage": {"Vendor": 0}}, False),
        ({"McuCloudVod": {}}, False),
        ({}, True),
        ({"CloudStorage": {"Vendor": 0}, "McuCloudVod": {}}, True),
    ],
)
def test_a_recording_is_stored_in_exactly_one_place(storage, refused):
    found = record_errors({"McuStorageParams": storage})
    assert (found == [("RecordParams.McuStorageParams", "B.19", "InvalidParameter")]) is refused
    assert refused or found == []
