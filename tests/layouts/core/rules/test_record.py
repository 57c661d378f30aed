"""layouts.core.rules.record: the recording parameters of B.19."""

from __future__ import annotations

import pytest

from layouts.core.contract.problems import WARNING
from layouts.core.rules.record import check_record_name
from layouts.core.rules.request import check_show, check_start
from tests.layouts.core.rules.requests import (
    errors,
    put,
    start_body,
    start_cases_test,
)

STORAGE = {
    "Vendor": 0,
    "Region": "ap-guangzhou",
    "Bucket": "show-1250000000",
    "AccessKey": "AKIDexample",
    "SecretKey": "secret-example",
}

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
    (
        "B.19 cloud storage needs its AccessKey",
        put(
            start_body(),
            "RecordParams",
            {"UniRecord": 3, "McuStorageParams": {"CloudStorage": {**STORAGE, "AccessKey": 1}}},
        ),
        put(
            start_body(),
            "RecordParams",
            {"UniRecord": 3, "McuStorageParams": {"CloudStorage": STORAGE}},
        ),
        ("RecordParams.McuStorageParams.CloudStorage.AccessKey", "type", "InvalidParameter"),
    ),
    (
        "B.19 FileNamePrefix folder names",
        put(
            start_body(),
            "RecordParams",
            {
                "UniRecord": 3,
                "McuStorageParams": {"CloudStorage": {**STORAGE, "FileNamePrefix": ["a/b"]}},
            },
        ),
        put(
            start_body(),
            "RecordParams",
            {
                "UniRecord": 3,
                "McuStorageParams": {"CloudStorage": {**STORAGE, "FileNamePrefix": ["a", "b-1_c"]}},
            },
        ),
        (
            "RecordParams.McuStorageParams.CloudStorage.FileNamePrefix[0]",
            "B.19",
            "InvalidParameter",
        ),
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
        ({"CloudStorage": STORAGE}, False),
        ({"McuCloudVod": {}}, False),
        ({}, True),
        ({"CloudStorage": STORAGE, "McuCloudVod": {}}, True),
    ],
)
def test_a_recording_is_stored_in_exactly_one_place(storage, refused):
    found = record_errors({"McuStorageParams": storage})
    assert (found == [("RecordParams.McuStorageParams", "B.19", "InvalidParameter")]) is refused
    assert refused or found == []


# ---------------------------------------------------------------------------
# Cloud storage: what the cloud refuses a Start for, with its own code.

PATH = "RecordParams.McuStorageParams.CloudStorage"


@pytest.mark.parametrize("name", ["Vendor", "Region", "Bucket", "AccessKey", "SecretKey"])
def test_cloud_storage_without_a_field_is_refused_with_the_clouds_own_code(name):
    storage = {key: value for key, value in STORAGE.items() if key != name}
    assert record_errors({"UniRecord": 3, "McuStorageParams": {"CloudStorage": storage}}) == [
        (f"{PATH}.{name}", "B.19", f"MissingParameter.{name}")
    ]


def test_the_refusal_of_a_missing_key_names_the_clouds_code_and_where_to_give_it():
    storage = {key: value for key, value in STORAGE.items() if key != "SecretKey"}
    body = put(
        start_body(),
        "RecordParams",
        {"UniRecord": 3, "McuStorageParams": {"CloudStorage": storage}},
    )
    (problem,) = [p for p in check_start(body) if p.path == f"{PATH}.SecretKey"]
    assert problem.message == (
        "SecretKey is required to record to cloud storage: without it the cloud refuses the "
        "Start with MissingParameter.SecretKey. A preset never keeps it; give it when launching."
    )


def test_a_preset_keeps_its_storage_without_keys_but_not_without_its_bucket():
    kept = {key: value for key, value in STORAGE.items() if key not in ("AccessKey", "SecretKey")}
    show = put(
        start_body(), "RecordParams", {"UniRecord": 3, "McuStorageParams": {"CloudStorage": kept}}
    )
    assert errors(check_show(show)) == []
    del kept["Bucket"]
    assert errors(check_show(show)) == [(f"{PATH}.Bucket", "B.19", "MissingParameter.Bucket")]


@pytest.mark.parametrize("prefix", ["", "a b", "a/b", "日本", "x\ud800"])
def test_each_file_name_prefix_is_one_folder_of_letters_digits_underscores_and_hyphens(prefix):
    storage = {**STORAGE, "FileNamePrefix": ["ok", prefix]}
    assert record_errors({"UniRecord": 3, "McuStorageParams": {"CloudStorage": storage}}) == [
        (f"{PATH}.FileNamePrefix[1]", "B.19", "InvalidParameter")
    ]


# ---------------------------------------------------------------------------
# Fields with no effect outside their mode (warnings: the cloud accepts and ignores them).


def record_warnings(record: dict) -> list[str]:
    body = put(start_body(), "RecordParams", record)
    return [p.path for p in check_start(body) if p.severity == WARNING and p.rule == "B.19"]


NO_EFFECT_CASES = [
    # (id, RecordParams, the fields said to have no effect)
    ("mode 3 reads them all", {"UniRecord": 3, "RecordWaitTime": 60, "RecordFormat": ["mp4"]}, []),
    (
        "mode 2 records with the console's template",
        {"UniRecord": 2, "RecordWaitTime": 60, "StreamType": 1, "RecordKey": "k"},
        ["RecordParams.RecordWaitTime", "RecordParams.StreamType"],
    ),
    (
        "mode 1 records nothing",
        {"UniRecord": 1, "RecordKey": "k", "RecordFormat": ["hls"]},
        ["RecordParams.RecordKey", "RecordParams.RecordFormat"],
    ),
    (
        "a file prefix names VOD files only",
        {
            "UniRecord": 3,
            "UserDefineRecordPrefix": "show",
            "McuStorageParams": {"CloudStorage": STORAGE},
        },
        ["RecordParams.UserDefineRecordPrefix"],
    ),
    (
        "a file prefix with VOD storage",
        {"UniRecord": 3, "UserDefineRecordPrefix": "show", "McuStorageParams": {"McuCloudVod": {}}},
        [],
    ),
    (
        "hls files are not split",
        {"UniRecord": 3, "RecordFormat": ["hls"], "MaxMediaFileDuration": 60},
        ["RecordParams.MaxMediaFileDuration"],
    ),
    ("mp4 by default is split", {"UniRecord": 3, "MaxMediaFileDuration": 60}, []),
]


@pytest.mark.parametrize(
    "record, ignored",
    [case[1:] for case in NO_EFFECT_CASES],
    ids=[case[0] for case in NO_EFFECT_CASES],
)
def test_a_recording_field_outside_its_mode_is_said_to_have_no_effect(record, ignored):
    assert record_warnings(record) == ignored
    assert record_errors(record) == []
