"""The VideoParams tables and finding the VideoParams in a request body.

The tables are checked against reference B.5-B.14; the seed request bodies of
`shared/seed/StartPublishCdnStream.txt` are read as a producer would paste
them. Pure tests: run with `pytest tests/layouts/test_video.py -p no:django`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from layouts.core.contract import video
from layouts.core.contract.bodies import NotAVideoDocument, extract_video_params
from layouts.core.contract.editor import describe_shapes as describe
from layouts.core.contract.fields import (
    INT,
    LIST,
    OBJ,
    STR,
    canonical_json,
    effective,
    has_type,
    json_type_name,
)
from layouts.core.rules.document import ERROR, WARNING, validate

SEED_FILE = Path(__file__).resolve().parents[3] / "shared" / "seed" / "StartPublishCdnStream.txt"
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
# The tables against reference B.5-B.14.

FIELDS_BY_SHAPE = {
    "MixUserInfo": ["UserId", "RoomId", "RoomIdType"],
    "McuVideoParams": [
        "VideoEncode",
        "LayoutParams",
        "BackGroundColor",
        "BackgroundImageUrl",
        "WaterMarkList",
        "BackgroundRenderMode",
    ],
    "VideoEncode": ["Width", "Height", "Fps", "BitRate", "Gop"],
    "McuLayoutParams": [
        "MixLayoutMode",
        "PureAudioHoldPlaceMode",
        "MixLayoutList",
        "MaxVideoUser",
        "RenderMode",
        "EnableStreamSEI",
    ],
    "McuLayout": [
        "UserMediaStream",
        "ImageWidth",
        "ImageHeight",
        "LocationX",
        "LocationY",
        "ZOrder",
        "RenderMode",
        "BackGroundColor",
        "BackgroundImageUrl",
        "CustomCrop",
        "BackgroundRenderMode",
        "TransparentUrl",
        "BackgroundCustomRender",
        "BackGroundColorMode",
        "EnableStreamSEI",
    ],
    "UserMediaStream": ["UserInfo", "StreamType"],
    "McuCustomCrop": ["LocationX", "LocationY", "Width", "Height"],
    "McuBackgroundCustomRender": ["Width", "Height", "Radius"],
    "MaxVideoUser": ["UserMediaStream"],
    "McuWaterMarkParams": ["WaterMarkType", "WaterMarkImage", "WaterMarkText"],
    "McuWaterMarkImage": [
        "WaterMarkUrl",
        "WaterMarkWidth",
        "WaterMarkHeight",
        "LocationX",
        "LocationY",
        "ZOrder",
        "DynamicPosType",
    ],
    "McuWaterMarkText": [
        "Text",
        "WaterMarkWidth",
        "WaterMarkHeight",
        "LocationX",
        "LocationY",
        "FontSize",
        "FontColor",
        "BackGroundColor",
        "DynamicPosType",
        "ZOrder",
        "Font",
    ],
}

# Y in the reference's Req column, and C fields needed for audio+video output.
REQUIRED_BY_SHAPE = {
    "MixUserInfo": {"UserId"},
    "McuVideoParams": {"VideoEncode"},
    "VideoEncode": {"Width", "Height", "Fps", "BitRate", "Gop"},
    "McuLayoutParams": set(),
    "McuLayout": set(),
    "UserMediaStream": set(),
    "McuCustomCrop": {"LocationX", "LocationY", "Width", "Height"},
    "McuBackgroundCustomRender": {"Width", "Height"},
    "MaxVideoUser": {"UserMediaStream"},
    "McuWaterMarkParams": set(),
    "McuWaterMarkImage": {
        "WaterMarkUrl",
        "WaterMarkWidth",
        "WaterMarkHeight",
        "LocationX",
        "LocationY",
    },
    "McuWaterMarkText": {
        "Text",
        "WaterMarkWidth",
        "WaterMarkHeight",
        "LocationX",
        "LocationY",
        "FontSize",
    },
}


def test_tables_hold_exactly_the_object_types_of_the_reference():
    assert set(video.SHAPES) == set(FIELDS_BY_SHAPE)


@pytest.mark.parametrize("shape_name", sorted(FIELDS_BY_SHAPE))
def test_each_object_type_lists_every_field_of_the_reference(shape_name):
    assert [f.name for f in video.SHAPES[shape_name].fields] == FIELDS_BY_SHAPE[shape_name]


@pytest.mark.parametrize("shape_name", sorted(REQUIRED_BY_SHAPE))
def test_required_fields_follow_the_reference(shape_name):
    shape = video.SHAPES[shape_name]

    assert {f.name for f in shape.fields if f.required} == REQUIRED_BY_SHAPE[shape_name]


@pytest.mark.parametrize(
    ("shape_name", "field_name", "minimum", "maximum"),
    [
        ("VideoEncode", "Width", 0, 1920),
        ("VideoEncode", "Height", 0, 1920),
        ("VideoEncode", "Fps", 1, 60),
        ("VideoEncode", "BitRate", 1, 10000),
        ("VideoEncode", "Gop", 1, 5),
        ("McuCustomCrop", "LocationX", 0, None),  # the 10000 limit is on X + Width (R43),
        ("McuCustomCrop", "Width", 1, None),
        ("McuBackgroundCustomRender", "Width", 1, None),
        ("McuBackgroundCustomRender", "Radius", 0, None),
        ("McuLayout", "ImageWidth", 0, None),
        ("McuLayout", "LocationY", 0, None),
        ("McuWaterMarkText", "FontSize", 1, None),
    ],
)
def test_ranges_follow_the_reference(shape_name, field_name, minimum, maximum):
    spec = video.SHAPES[shape_name].by_name[field_name]

    assert (spec.type, spec.minimum, spec.maximum) == (INT, minimum, maximum)


@pytest.mark.parametrize(
    ("shape_name", "field_name", "choices", "default"),
    [
        ("McuVideoParams", "BackgroundRenderMode", (0, 1, 2), 2),
        ("McuLayoutParams", "MixLayoutMode", (1, 2, 3, 4), 1),
        ("McuLayoutParams", "PureAudioHoldPlaceMode", (0, 1), 0),
        ("McuLayoutParams", "RenderMode", (0, 1, 2), 0),
        ("McuLayoutParams", "EnableStreamSEI", (0, 1), 1),
        ("McuLayout", "RenderMode", (0, 1, 2), 0),
        ("McuLayout", "BackgroundRenderMode", (0, 1, 2, 3, 4), 3),
        ("McuLayout", "BackGroundColorMode", (0, 1, 2, 3), 0),
        ("McuLayout", "EnableStreamSEI", (0, 1), 1),
        ("UserMediaStream", "StreamType", (0, 1), 0),
        ("MixUserInfo", "RoomIdType", (0, 1), None),
        ("McuWaterMarkParams", "WaterMarkType", (0, 1), 0),
        ("McuWaterMarkImage", "DynamicPosType", (0, 1, 2), 0),
        ("McuWaterMarkText", "DynamicPosType", (0, 1, 2), 0),
        ("McuWaterMarkText", "Font", ("Tencent", "SourceHanSans"), "Tencent"),
    ],
)
def test_choices_and_defaults_follow_the_reference(shape_name, field_name, choices, default):
    spec = video.SHAPES[shape_name].by_name[field_name]

    assert (spec.choices, spec.default) == (choices, default)


@pytest.mark.parametrize(
    ("shape_name", "field_name", "formats"),
    [
        ("McuVideoParams", "BackgroundImageUrl", ("png", "jpg", "jpeg")),
        ("McuWaterMarkImage", "WaterMarkUrl", ("png", "jpg", "jpeg")),
        ("McuLayout", "BackgroundImageUrl", ("png", "jpg", "jpeg", "bmp", "gif", "webm")),
        ("McuLayout", "TransparentUrl", ("png",)),
    ],
)
def test_image_urls_accept_the_formats_of_r45(shape_name, field_name, formats):
    spec = video.SHAPES[shape_name].by_name[field_name]

    assert (spec.type, spec.kind, spec.rule, spec.image_formats) == (
        STR,
        "image-url",
        "R45",
        formats,
    )


def test_every_colour_field_is_a_string_checked_by_r46():
    colours = [
        (shape.name, f.name)
        for shape in video.SHAPES.values()
        for f in shape.fields
        if f.kind == "colour"
    ]

    assert colours == [
        ("McuLayout", "BackGroundColor"),
        ("McuWaterMarkText", "FontColor"),
        ("McuWaterMarkText", "BackGroundColor"),
        ("McuVideoParams", "BackGroundColor"),
    ]
    for shape_name, field_name in colours:
        spec = video.SHAPES[shape_name].by_name[field_name]
        assert (spec.type, spec.rule) == (STR, "R46")


def test_every_constrained_field_cites_a_reference_rule():
    uncited = [
        f"{shape.name}.{f.name}"
        for shape in video.SHAPES.values()
        for f in shape.fields
        if (f.minimum is not None or f.maximum is not None or f.choices) and not f.rule
    ]

    assert uncited == []


def test_every_object_and_list_field_names_a_known_object_type():
    dangling = [
        f"{shape.name}.{f.name}"
        for shape in video.SHAPES.values()
        for f in shape.fields
        if f.type in (OBJ, LIST) and f.shape not in video.SHAPES
    ]

    assert dangling == []


@pytest.mark.parametrize(
    ("field_name", "modes"),
    [
        ("PureAudioHoldPlaceMode", (1, 2, 3)),
        ("MixLayoutList", (4,)),
        ("MaxVideoUser", (1, 2)),
        ("RenderMode", (1, 2, 3)),
        ("EnableStreamSEI", (1, 2, 3)),
        ("MixLayoutMode", None),
    ],
)
def test_layout_fields_act_only_in_the_modes_of_r38_to_r40(field_name, modes):
    assert video.LAYOUT_PARAMS.by_name[field_name].effective_in == modes


def test_slot_list_holds_at_most_16_entries():
    assert video.LAYOUT_PARAMS.by_name["MixLayoutList"].max_items == 16


def test_describe_gives_every_field_as_json():
    described = json.loads(json.dumps(describe()))

    assert {name: [f["name"] for f in fields] for name, fields in described.items()} == (
        FIELDS_BY_SHAPE
    )
    height = next(f for f in described["VideoEncode"] if f["name"] == "Height")
    assert height == {
        "name": "Height",
        "type": "integer",
        "required": True,
        "minimum": 0,
        "maximum": 1920,
        "rule": "R35",
        "help": "Output height (px)",
    }


# ---------------------------------------------------------------------------
# Types and reading values.


@pytest.mark.parametrize(
    ("value", "json_type", "expected"),
    [
        (720, INT, True),
        (0, INT, True),
        (-3, INT, True),
        (True, INT, False),
        (False, INT, False),
        (720.0, INT, False),
        ("720", INT, False),
        (None, INT, False),
        ("", STR, True),
        (0, STR, False),
        ({}, OBJ, True),
        ([], OBJ, False),
        ([], LIST, True),
        ({}, LIST, False),
    ],
)
def test_has_type_matches_the_api_types(value, json_type, expected):
    assert has_type(value, json_type) is expected


def test_has_type_refuses_a_type_it_does_not_know():
    with pytest.raises(ValueError):
        has_type(1, "number")


def test_effective_reads_a_value_of_the_right_type():
    assert effective({"BackgroundRenderMode": 4}, "BackgroundRenderMode", video.MCU_LAYOUT) == 4


@pytest.mark.parametrize(
    "slot", [{}, {"BackgroundRenderMode": "4"}, {"BackgroundRenderMode": True}]
)
def test_effective_falls_back_to_the_default_for_absent_or_mistyped_values(slot):
    assert effective(slot, "BackgroundRenderMode", video.MCU_LAYOUT) == 3


def test_effective_reads_a_non_object_as_empty():
    assert effective(["not", "a", "slot"], "ImageWidth", video.MCU_LAYOUT) == 0


@pytest.mark.parametrize(
    ("value", "name"),
    [
        (None, "null"),
        (True, "a boolean"),
        (3, "an integer"),
        (3.5, "a number with a fraction"),
        ("x", "a string"),
        ([], "an array"),
        ({}, "an object"),
    ],
)
def test_json_type_name_speaks_json(value, name):
    assert json_type_name(value) == name


def test_canonical_json_ignores_key_order_and_keeps_non_ascii_text():
    first = {"b": 1, "a": {"y": "房间", "x": [1, 2]}}
    second = {"a": {"x": [1, 2], "y": "房间"}, "b": 1}

    assert canonical_json(first) == canonical_json(second) == '{"a":{"x":[1,2],"y":"房间"},"b":1}'


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
