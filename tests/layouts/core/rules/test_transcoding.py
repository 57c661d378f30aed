"""layouts.core.rules.transcoding: R14 (relaying one stream) and R54 (a relay's video is fixed)."""

from __future__ import annotations

from layouts.core.rules.request import check_update
from tests.layouts.core.rules.requests import (
    RELAY_ONE,
    STARTED_AV,
    STARTED_RELAY,
    drop,
    errors,
    put,
    start_cases_test,
    update_body,
    update_cases_test,
)


def test_single_stream_updates_are_judged_on_the_tasks_own_with_transcoding():
    single = STARTED_RELAY["SingleSubscribeParams"]
    claims_relay = update_body(WithTranscoding=0, SingleSubscribeParams=single)
    assert errors(check_update(claims_relay, started=STARTED_AV)) == [
        ("WithTranscoding", "R55", "UnsupportedOperation"),
        ("SingleSubscribeParams", "R14", "InvalidParameter"),
    ]
    assert errors(check_update(claims_relay, started=STARTED_RELAY)) == []


# ---------------------------------------------------------------------------
# In a request: each rule trips on one body and passes on the nearest valid one.

START_CASES = [
    # (id, broken body, fixed body, (path, rule, code))
    (
        "R14 single stream needs WithTranscoding 0",
        put(RELAY_ONE, "WithTranscoding", 1),
        RELAY_ONE,
        ("SingleSubscribeParams", "R14", "InvalidParameter"),
    ),
    (
        "R14 relaying video needs the stream named",
        drop(RELAY_ONE, "SingleSubscribeParams"),
        RELAY_ONE,
        ("SingleSubscribeParams", "R14", "InvalidParameter"),
    ),
]


test_start_rule_trips_and_its_fix_passes = start_cases_test(START_CASES)


# ---------------------------------------------------------------------------
# In an Update: each rule trips on one body and passes on the nearest valid one.

UPDATE_CASES = [
    # (id, broken, fixed, started, (path, rule, code))
    (
        "R14 SingleSubscribeParams only without transcoding",
        update_body(SingleSubscribeParams=STARTED_RELAY["SingleSubscribeParams"]),
        update_body(
            SingleSubscribeParams=STARTED_RELAY["SingleSubscribeParams"], WithTranscoding=0
        ),
        None,
        ("SingleSubscribeParams", "R14", "InvalidParameter"),
    ),
    (
        "R54 no video update without transcoding",
        update_body(WithTranscoding=0, VideoParams={"VideoEncode": {"BitRate": 800}}),
        update_body(
            WithTranscoding=0, SingleSubscribeParams=STARTED_RELAY["SingleSubscribeParams"]
        ),
        STARTED_RELAY,
        ("VideoParams", "R54", "UnsupportedOperation"),
    ),
]


test_update_rule_trips_and_its_fix_passes = update_cases_test(UPDATE_CASES)
