"""layouts.core.contract.bodies: request bodies as data, and finding the VideoParams in one.

The seed request bodies of `shared/seed/StartPublishCdnStream.txt` are read as
a producer would paste them.
"""

from __future__ import annotations

import json

import pytest

from layouts.core.contract import bodies
from layouts.core.contract.bodies import NotAVideoDocument, extract_video_params
from layouts.core.rules.document import ERROR, WARNING, validate
from tests.factories import SEED_FILE
from tests.layouts.core.rules.requests import AUDIO_ONLY, drop, start_body

BODY_MARK = "<Common request parameters>"


def seed_bodies() -> dict[int, dict]:
    """Example number -> request body; each body is the first JSON object after the mark."""
    text = SEED_FILE.read_text(encoding="utf-8")
    bodies = {}
    for number, chunk in enumerate(text.split(BODY_MARK)[1:], start=1):
        body, _end = json.JSONDecoder().raw_decode(chunk, chunk.index("{"))
        bodies[number] = body
    return bodies


SEEDS = seed_bodies()
VIDEO_SEEDS = [1, 2, 4, 5]


def encode() -> dict:
    return {"Width": 1280, "Height": 720, "Fps": 15, "BitRate": 1500, "Gop": 2}


def summary(problems) -> list[tuple[str, str, str]]:
    return [(p.path, p.rule, p.severity) for p in problems]


# ---------------------------------------------------------------------------
# The seed request bodies.


def test_seed_file_holds_five_request_bodies():
    assert sorted(SEEDS) == [1, 2, 3, 4, 5]
    assert all(body["SdkAppId"] for body in SEEDS.values())


@pytest.mark.parametrize("number", VIDEO_SEEDS)
def test_seed_video_params_are_extracted_unchanged(number):
    body = SEEDS[number]

    extracted = extract_video_params(body)

    assert extracted.document is body["VideoParams"]
    assert extracted.document == seed_bodies()[number]["VideoParams"]
    assert extracted.source == "StartPublishCdnStream"
    assert extracted.with_transcoding == body["WithTranscoding"]
    assert extracted.room == (body["RoomId"], body["RoomIdType"])


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, [("LayoutParams.PureAudioHoldPlaceMode", "R40", WARNING)]),
        (2, []),
        (
            4,
            [
                ("LayoutParams.MixLayoutList[0].ImageWidth", "zero-size", WARNING),
                ("LayoutParams.MixLayoutList[0].ImageHeight", "zero-size", WARNING),
            ],
        ),
        (5, []),
    ],
)
def test_seed_video_params_validate_without_errors(number, expected):
    extracted = extract_video_params(SEEDS[number])

    problems = validate(
        extracted.document,
        with_transcoding=extracted.with_transcoding,
        main_room=extracted.room,
    )

    assert summary(problems) == expected
    assert all(p.severity != ERROR for p in problems)


def test_audio_only_seed_is_not_a_video_document():
    with pytest.raises(NotAVideoDocument) as raised:
        extract_video_params(SEEDS[3])

    assert raised.value.path == "VideoParams"
    assert "VideoParams" in str(raised.value)
    assert "audio only" in str(raised.value)


# ---------------------------------------------------------------------------
# extract_video_params on other inputs.


def test_bare_video_params_is_taken_as_the_document_itself():
    document = {"VideoEncode": encode(), "LayoutParams": {"MixLayoutMode": 3}}

    extracted = extract_video_params(document)

    assert extracted.document is document
    assert (extracted.source, extracted.with_transcoding, extracted.room) == (
        "VideoParams",
        None,
        None,
    )


def test_bare_video_params_with_only_unknown_fields_is_still_a_document():
    document = {"Canvas": {"Width": 1280}}

    assert extract_video_params(document).document is document


def test_body_with_an_action_that_carries_no_layout_is_refused():
    body = {"Action": "StopPublishCdnStream", "SdkAppId": 1400000000, "TaskId": "t-1"}

    with pytest.raises(NotAVideoDocument) as raised:
        extract_video_params(body)

    assert raised.value.path == "Action"
    assert '"StopPublishCdnStream"' in str(raised.value)
    assert "StartPublishCdnStream, UpdatePublishCdnStream" in str(raised.value)


def test_body_with_a_known_action_names_it_as_the_source():
    body = {"Action": "UpdatePublishCdnStream", "VideoParams": {"VideoEncode": encode()}}

    assert extract_video_params(body).source == "UpdatePublishCdnStream"


def test_body_with_a_task_id_and_no_action_is_an_update():
    body = {"TaskId": "t-1", "SequenceNumber": 2, "VideoParams": {"VideoEncode": encode()}}

    extracted = extract_video_params(body)

    assert extracted.source == "UpdatePublishCdnStream"
    assert extracted.document is body["VideoParams"]


@pytest.mark.parametrize(
    ("value", "word"),
    [([{"VideoEncode": {}}], "an array"), ("{}", "a string"), (None, "null"), (12, "an integer")],
)
def test_json_that_is_not_an_object_is_refused(value, word):
    with pytest.raises(NotAVideoDocument) as raised:
        extract_video_params(value)

    assert str(raised.value) == f"The JSON must be an object, not {word}."


def test_empty_object_is_refused():
    with pytest.raises(NotAVideoDocument) as raised:
        extract_video_params({})

    assert str(raised.value) == "The JSON object is empty."


def test_api_response_is_refused():
    with pytest.raises(NotAVideoDocument) as raised:
        extract_video_params({"Response": {"TaskId": "t-1", "RequestId": "r-1"}})

    assert raised.value.path == "Response"


def test_video_params_that_is_not_an_object_is_refused():
    with pytest.raises(NotAVideoDocument) as raised:
        extract_video_params({"RoomId": "8888", "VideoParams": [encode()]})

    assert raised.value.path == "VideoParams"
    assert "not an array" in str(raised.value)


@pytest.mark.parametrize(("with_transcoding", "room_type"), [(2, 5), ("1", "0"), (None, None)])
def test_out_of_range_transcoding_and_room_type_are_read_as_unknown(with_transcoding, room_type):
    body = {
        "RoomId": "8888",
        "RoomIdType": room_type,
        "WithTranscoding": with_transcoding,
        "VideoParams": {"VideoEncode": encode()},
    }

    extracted = extract_video_params(body)

    assert (extracted.with_transcoding, extracted.room) == (None, None)


@pytest.mark.parametrize(("with_transcoding", "room_type"), [(False, True), (1.0, 0.0)])
def test_booleans_and_fractions_are_not_read_as_transcoding_or_room_type(
    with_transcoding, room_type
):
    body = {
        "RoomId": "8888",
        "RoomIdType": room_type,
        "WithTranscoding": with_transcoding,
        "VideoParams": {"VideoEncode": encode()},
    }

    extracted = extract_video_params(body)

    assert (extracted.with_transcoding, extracted.room) == (None, None)


def test_media_kind_of_a_task():
    assert bodies.media_kind(start_body()) == "audio+video"
    assert bodies.media_kind(AUDIO_ONLY) == "audio"
    assert bodies.media_kind(drop(start_body(), "AudioParams")) == "video"


# ---------------------------------------------------------------------------
# Facts read off a task's parameters, and the named constants.


def test_cdn_urls_are_listed_once_in_order_skipping_what_is_no_url():
    params = {
        "PublishCdnParams": [
            {"PublishCdnUrl": "rtmp://b/1"},
            {"PublishCdnUrl": "rtmp://a/2"},
            {"PublishCdnUrl": "rtmp://b/1"},
            {"PublishCdnUrl": 5},
            "junk",
        ]
    }
    assert bodies.cdn_urls(params) == ["rtmp://b/1", "rtmp://a/2"]
    assert bodies.cdn_urls(None) == []


@pytest.mark.parametrize(
    ("params", "room"),
    [
        ({"RoomId": "8888", "RoomIdType": 0}, ("8888", 0)),
        ({"RoomId": "8888", "RoomIdType": 2}, None),
        ({"RoomId": 8888, "RoomIdType": 0}, None),
        ({"RoomId": "8888"}, None),
        ([], None),
    ],
)
def test_the_main_room_needs_both_its_id_and_a_valid_type(params, room):
    assert bodies.main_room(params) == room


def test_robot_seats_are_the_robot_in_the_main_room_then_each_push_back_robot():
    params = {
        "RoomId": "8888",
        "RoomIdType": 1,
        "AgentParams": {"UserId": "robot"},
        "FeedBackRoomParams": [
            {"RoomId": "9", "RoomIdType": 0, "UserId": "back"},
            {"RoomId": "10", "UserId": 7},
            {"RoomId": "11", "UserId": "typeless"},
        ],
    }
    assert bodies.robot_seats(params) == [
        ("AgentParams.UserId", "8888", 1, "robot"),
        ("FeedBackRoomParams[0].UserId", "9", 0, "back"),
        ("FeedBackRoomParams[2].UserId", "11", None, "typeless"),
    ]
    assert bodies.robot_seats({"AgentParams": {"UserId": "robot"}}) == []


def test_the_named_constants_are_the_tables_own_values():
    encode = bodies.AUDIO_ENCODE.by_name
    assert encode["Channel"].choices == bodies.CHANNELS == (bodies.MONO, bodies.STEREO)
    assert encode["Codec"].choices == bodies.CODECS
    assert encode["SampleRate"].choices == bodies.SAMPLE_RATES
    assert bodies.HE_AAC_REFUSED_SAMPLE_RATE in bodies.SAMPLE_RATES
    assert bodies.START_REQUEST.by_name["WithTranscoding"].choices == bodies.TRANSCODING_VALUES
    volume = bodies.LAYOUT_VOLUME.by_name["PayloadType"]
    assert (volume.minimum, volume.maximum) == (
        bodies.SEI_MIN_PAYLOAD_TYPE,
        bodies.SEI_MAX_PAYLOAD_TYPE,
    )
    assert bodies.SEI_MIN_PAYLOAD_TYPE < bodies.SEI_RESERVED_TYPE < bodies.SEI_MAX_PAYLOAD_TYPE
    assert bodies.AUDIO_LISTS == tuple(bodies.AUDIO_PARAMS.by_name)[1:]
    assert set(bodies.EXCLUSIVE_RECORD_FORMATS) <= set(bodies.RECORD_FORMATS)


def test_robots_are_the_agent_and_each_push_back_robot_with_their_paths():
    body = {
        "AgentParams": {"UserId": "robot", "UserSig": "s"},
        "FeedBackRoomParams": [{"RoomId": "9", "UserId": "back"}, "not an object"],
    }

    assert bodies.robots(body) == [
        ("AgentParams", {"UserId": "robot", "UserSig": "s"}),
        ("FeedBackRoomParams[0]", {"RoomId": "9", "UserId": "back"}),
    ]


def test_a_body_without_robots_has_none():
    assert bodies.robots({"AgentParams": "robot", "FeedBackRoomParams": {}}) == []
