"""layouts.core.rules.outputs: R15 (somewhere to push), R16-R19 (CDN URLs and push-back rooms)."""

from __future__ import annotations

from tests.layouts.core.rules.requests import (
    STARTED_AV,
    drop,
    feedback_room,
    put,
    start_body,
    start_cases_test,
    update_body,
    update_cases_test,
)

# ---------------------------------------------------------------------------
# In a request: each rule trips on one body and passes on the nearest valid one.

START_CASES = [
    # (id, broken body, fixed body, (path, rule, code))
    (
        "R15 somewhere to push",
        drop(start_body(), "PublishCdnParams"),
        put(drop(start_body(), "PublishCdnParams"), "FeedBackRoomParams", [feedback_room()]),
        ("PublishCdnParams", "R15", "MissingParameter.PublishCdnParams"),
    ),
    (
        "R15 an empty list is nowhere",
        put(start_body(), "PublishCdnParams", []),
        start_body(),
        ("PublishCdnParams", "R15", "MissingParameter.PublishCdnParams"),
    ),
    (
        "R16 at most 10 CDN URLs",
        put(
            start_body(),
            "PublishCdnParams",
            [{"PublishCdnUrl": f"rtmp://push.example.com/live/{i}"} for i in range(11)],
        ),
        put(
            start_body(),
            "PublishCdnParams",
            [{"PublishCdnUrl": f"rtmp://push.example.com/live/{i}"} for i in range(10)],
        ),
        ("PublishCdnParams", "R16", "InvalidParameter.PublishCdnUrls"),
    ),
    (
        "R17 at most 10 push-back rooms",
        put(
            start_body(),
            "FeedBackRoomParams",
            [feedback_room(f"back_{i}", str(9000 + i)) for i in range(11)],
        ),
        put(
            start_body(),
            "FeedBackRoomParams",
            [feedback_room(f"back_{i}", str(9000 + i)) for i in range(10)],
        ),
        ("FeedBackRoomParams", "R17", "InvalidParameter"),
    ),
    (
        "R18 rtmp only",
        put(start_body(), "PublishCdnParams[0].PublishCdnUrl", "https://push.example.com/a"),
        put(start_body(), "PublishCdnParams[0].PublishCdnUrl", "rtmp://push.example.com/a"),
        ("PublishCdnParams[0].PublishCdnUrl", "R18", "InvalidParameter.PublishCdnUrls"),
    ),
    (
        "R18 no duplicate URL",
        put(
            start_body(),
            "PublishCdnParams",
            [{"PublishCdnUrl": "rtmp://push.example.com/a"}] * 2,
        ),
        put(
            start_body(),
            "PublishCdnParams",
            [
                {"PublishCdnUrl": "rtmp://push.example.com/a"},
                {"PublishCdnUrl": "rtmp://x.example/b"},
            ],
        ),
        ("PublishCdnParams[1].PublishCdnUrl", "R18", "InvalidParameter.PublishCdnUrls"),
    ),
    (
        "R18 URL required",
        put(start_body(), "PublishCdnParams", [{"IsTencentCdn": 1}]),
        start_body(),
        ("PublishCdnParams[0].PublishCdnUrl", "required", "MissingParameter.PublishCdnUrls"),
    ),
    (
        "R19 IsTencentCdn values",
        put(start_body(), "PublishCdnParams[0].IsTencentCdn", 2),
        put(start_body(), "PublishCdnParams[0].IsTencentCdn", 0),
        ("PublishCdnParams[0].IsTencentCdn", "R19", "InvalidParameter"),
    ),
]


test_start_rule_trips_and_its_fix_passes = start_cases_test(START_CASES)


# ---------------------------------------------------------------------------
# In an Update: each rule trips on one body and passes on the nearest valid one.

UPDATE_CASES = [
    # (id, broken, fixed, started, (path, rule, code))
    (
        "R15 the task keeps somewhere to push",
        update_body(PublishCdnParams=[]),
        update_body(PublishCdnParams=[], FeedBackRoomParams=[feedback_room()]),
        STARTED_AV,
        ("PublishCdnParams", "R15", "MissingParameter.PublishCdnParams"),
    ),
    (
        "R18 new URLs are rtmp",
        update_body(PublishCdnParams=[{"PublishCdnUrl": "srt://push.example.com/a"}]),
        update_body(PublishCdnParams=[{"PublishCdnUrl": "rtmp://push.example.com/b"}]),
        STARTED_AV,
        ("PublishCdnParams[0].PublishCdnUrl", "R18", "InvalidParameter.PublishCdnUrls"),
    ),
]


test_update_rule_trips_and_its_fix_passes = update_cases_test(UPDATE_CASES)
