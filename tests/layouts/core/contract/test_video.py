"""layouts.core.contract.video: the VideoParams tables against reference B.5-B.14."""

from __future__ import annotations

import pytest

from layouts.core.contract import video
from layouts.core.contract.fields import (
    INT,
    LIST,
    OBJ,
    STR,
)

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


# ---------------------------------------------------------------------------
# The named constants are the tables' own values: the rules read them by name.


@pytest.mark.parametrize(
    ("shape_name", "field_name", "named"),
    [
        ("McuLayout", "RenderMode", video.RENDER_MODES),
        ("McuLayoutParams", "RenderMode", video.RENDER_MODES),
        ("McuLayout", "BackgroundRenderMode", video.PLACEHOLDER_RENDER_MODES),
        ("McuLayout", "BackGroundColorMode", video.COLOUR_MODES),
        ("McuVideoParams", "BackgroundRenderMode", video.CANVAS_RENDER_MODES),
        ("McuLayoutParams", "MixLayoutMode", video.LAYOUT_MODES),
        ("UserMediaStream", "StreamType", video.STREAM_TYPES),
        ("McuWaterMarkParams", "WaterMarkType", video.WATERMARK_TYPES),
        ("McuWaterMarkImage", "DynamicPosType", video.MOTIONS),
        ("McuWaterMarkText", "Font", video.FONTS),
    ],
)
def test_named_choices_are_the_choices_of_their_field(shape_name, field_name, named):
    assert video.SHAPES[shape_name].by_name[field_name].choices == named


def test_the_constants_the_rules_read_mean_what_the_reference_says():
    assert video.MASK_RENDER_MODE == video.RENDER_CROP == 0  # R42: mask with RenderMode 0
    assert video.CUSTOM_PLACEHOLDER_MODE == 4  # R42: needs BackgroundCustomRender
    assert video.COLOUR_AROUND_PLACEHOLDER | video.COLOUR_AROUND_STREAM == max(video.COLOUR_MODES)
    assert video.DYNAMIC_MODES == (
        video.MODE_FLOATING,
        video.MODE_SCREEN_SHARE,
        video.MODE_GRID,
    )
    assert video.MODE_CUSTOM not in video.DYNAMIC_MODES
    assert video.WATERMARK_BODIES == {0: "WaterMarkImage", 1: "WaterMarkText"}
    encode = video.VIDEO_ENCODE.by_name
    assert (video.MIN_CANVAS_SIDE, video.MAX_CANVAS_SIDE) == (
        encode["Width"].minimum,
        encode["Width"].maximum,
    )
    assert video.DT_MAX_CANVAS_HEIGHT < video.MAX_CANVAS_SIDE


def test_every_mode_has_a_name_for_messages_and_a_label_for_the_editor():
    assert set(video.MODE_NAMES) == set(video.MODE_LABELS) == set(video.LAYOUT_MODES)
    assert str(video.MODE_NAMES[video.MODE_SCREEN_SHARE]) == "screen share"
