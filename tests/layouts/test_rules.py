"""validate(document) -> problems: every rule the validator can cite.

Each rule has a case that trips it (path, rule, severity and the words a
producer needs) next to the same document fixed (the rule is gone). Pure
tests: run with `pytest tests/layouts/test_rules.py -p no:django`.
"""

from __future__ import annotations

import copy
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layouts.core.contract import video
from layouts.core.rules.document import ERROR, WARNING, Problem, has_errors, validate

W, H = 1280, 720
MAIN_ROOM = ("8888", 0)


# ---------------------------------------------------------------------------
# A valid base document and small ways to change copies of it.


def user_stream(user_id: str, stream_type: int = 0, **user_info) -> dict:
    return {"UserInfo": {"UserId": user_id, **user_info}, "StreamType": stream_type}


def slot(x: int, y: int, w: int, h: int, *, user=None, stream_type=0, **fields) -> dict:
    entry = {"LocationX": x, "LocationY": y, "ImageWidth": w, "ImageHeight": h, **fields}
    if user is not None:
        entry["UserMediaStream"] = user_stream(user, stream_type)
    return entry


def image_watermark(x=1140, y=20, w=120, h=40, **fields) -> dict:
    image = {
        "WaterMarkUrl": "https://cdn.example.com/logo.png",
        "WaterMarkWidth": w,
        "WaterMarkHeight": h,
        "LocationX": x,
        "LocationY": y,
        "ZOrder": 10,
        **fields,
    }
    return {"WaterMarkType": 0, "WaterMarkImage": image}


def text_watermark(**fields) -> dict:
    text = {
        "Text": "Live",
        "WaterMarkWidth": 200,
        "WaterMarkHeight": 40,
        "LocationX": 20,
        "LocationY": 660,
        "FontSize": 24,
        "FontColor": "0xFFFFFF",
        "Font": "SourceHanSans",
        **fields,
    }
    return {"WaterMarkType": 1, "WaterMarkText": text}


def base_document() -> dict:
    """1280x720 custom layout: four slots, an image and a text watermark; no problems."""
    return {
        "VideoEncode": {"Width": W, "Height": H, "Fps": 15, "BitRate": 1500, "Gop": 2},
        "LayoutParams": {
            "MixLayoutMode": 4,
            "MixLayoutList": [
                slot(0, 0, 640, 360, user="anchor", ZOrder=0),
                slot(640, 0, 640, 360, user="guest", ZOrder=0),
                slot(0, 360, 640, 360, user="anchor", stream_type=1, ZOrder=1),
                slot(
                    960,
                    540,
                    320,
                    180,
                    ZOrder=2,
                    BackgroundImageUrl="https://cdn.example.com/waiting.gif",
                ),
            ],
        },
        "BackGroundColor": "0x000000",
        "WaterMarkList": [image_watermark(), text_watermark()],
    }


def slots(document: dict) -> list:
    return document["LayoutParams"]["MixLayoutList"]


def dynamic_document(mode: int, **layout_params) -> dict:
    document = base_document()
    document["LayoutParams"] = {"MixLayoutMode": mode, **layout_params}
    return document


def max_video_user(user_id: str = "anchor", **user_info) -> dict:
    return {"UserMediaStream": user_stream(user_id, **user_info)}


def with_rule(problems: list[Problem], rule: str) -> list[Problem]:
    return [p for p in problems if p.rule == rule]


def the_problem(problems: list[Problem], rule: str) -> Problem:
    """The one problem citing `rule`; fails if there is none or several."""
    found = with_rule(problems, rule)
    assert len(found) == 1, [(p.path, p.rule, p.message) for p in problems]
    return found[0]


def summary(problems: list[Problem]) -> list[tuple[str, str, str]]:
    return [(p.path, p.rule, p.severity) for p in problems]


def test_base_document_has_no_problems():
    assert validate(base_document()) == []


# ---------------------------------------------------------------------------
# The document itself and types (checked before any range or cross-field rule).


@pytest.mark.parametrize(
    ("document", "word"),
    [([], "an array"), (None, "null"), ("{}", "a string"), (7, "an integer"), (True, "a boolean")],
)
def test_document_that_is_not_an_object_is_one_type_error(document, word):
    problems = validate(document)

    assert summary(problems) == [("", "type", ERROR)]
    assert word in problems[0].message


def test_height_written_as_a_string_is_one_type_problem_and_nothing_else():
    document = base_document()
    document["VideoEncode"]["Height"] = "720"

    problems = validate(document)

    assert summary(problems) == [("VideoEncode.Height", "type", ERROR)]
    assert problems[0].message == "Height must be an integer, not a string."


@pytest.mark.parametrize(
    ("value", "word"),
    [(True, "a boolean"), (False, "a boolean"), (720.0, "a number with a fraction")],
)
def test_booleans_and_fractions_are_not_integers(value, word):
    document = base_document()
    document["VideoEncode"]["Height"] = value

    problems = validate(document)

    assert summary(problems) == [("VideoEncode.Height", "type", ERROR)]
    assert word in problems[0].message


def test_null_for_a_required_field_is_a_type_error_not_a_missing_field():
    document = base_document()
    document["VideoEncode"]["Fps"] = None

    problems = validate(document)

    assert summary(problems) == [("VideoEncode.Fps", "type", ERROR)]
    assert problems[0].message == "Fps must be an integer, not null."


def test_list_where_an_object_belongs_is_one_type_error():
    document = base_document()
    document["VideoEncode"] = [W, H, 15, 1500, 2]

    problems = validate(document)

    assert summary(problems) == [("VideoEncode", "type", ERROR)]
    assert problems[0].message == "VideoEncode must be an object, not an array."


def test_object_where_a_list_belongs_is_one_type_error():
    document = base_document()
    document["WaterMarkList"] = image_watermark()

    problems = validate(document)

    assert summary(problems) == [("WaterMarkList", "type", ERROR)]
    assert "must be an array, not an object" in problems[0].message


def test_slot_entry_that_is_not_an_object_is_a_type_error_at_its_index():
    document = base_document()
    slots(document)[1] = "guest slot"

    problems = validate(document)

    assert summary(problems) == [("LayoutParams.MixLayoutList[1]", "type", ERROR)]
    assert problems[0].message == "MixLayoutList[1] must be an object, not a string."


def test_slots_after_a_broken_entry_keep_their_own_numbers():
    document = base_document()
    slots(document)[1] = None
    slots(document)[2] = slot(0, 360, 640, 400, user="anchor", stream_type=1)

    problems = validate(document)

    overshoot = the_problem(problems, "R41")
    assert overshoot.path == "LayoutParams.MixLayoutList[2].ImageHeight"
    assert overshoot.message.startswith("Slot 3 ")


def test_slot_field_of_wrong_type_is_reported_once_and_read_as_absent():
    document = base_document()
    slots(document)[1]["LocationX"] = "640"

    problems = validate(document)

    # Read as 0, the slot now overlaps slot 1 on the same ZOrder: a warning, not a crash.
    assert summary(problems) == [
        ("LayoutParams.MixLayoutList[1].LocationX", "type", ERROR),
        ("LayoutParams.MixLayoutList[1].ZOrder", "same-zorder", WARNING),
    ]


# ---------------------------------------------------------------------------
# Unknown fields and purity.


def test_unknown_top_level_field_is_a_warning_that_names_it():
    document = base_document()
    document["Background"] = "0x000000"

    problems = validate(document)

    assert summary(problems) == [("Background", "unknown-field", WARNING)]
    assert "Background" in problems[0].message
    assert "McuVideoParams" in problems[0].message


def test_misspelt_slot_field_is_an_unknown_field_warning_at_its_path():
    document = base_document()
    slots(document)[0]["Zorder"] = 3

    problems = validate(document)

    assert summary(problems) == [("LayoutParams.MixLayoutList[0].Zorder", "unknown-field", WARNING)]
    assert not has_errors(problems)


def test_validate_does_not_change_the_document():
    document = base_document()
    document["Extra"] = {"kept": [1, 2]}
    slots(document)[0]["ImageWidth"] = 0
    slots(document)[1]["LocationX"] = "640"
    slots(document)[3]["BackgroundRenderMode"] = 4
    document["WaterMarkList"].append({"WaterMarkType": 1})
    before = copy.deepcopy(document)

    problems = validate(document, with_transcoding=0, main_room=MAIN_ROOM)

    assert problems
    assert document == before


# ---------------------------------------------------------------------------
# Required fields (R21 and the generic "required").


def test_missing_video_encode_is_an_r21_error():
    document = base_document()
    del document["VideoEncode"]

    problems = validate(document)

    problem = the_problem(problems, "R21")
    assert (problem.path, problem.severity) == ("VideoEncode", ERROR)
    assert problem.message == "VideoEncode is required."


def test_missing_fps_is_an_r21_error_at_its_path():
    document = base_document()
    del document["VideoEncode"]["Fps"]

    problems = validate(document)

    assert summary(problems) == [("VideoEncode.Fps", "R21", ERROR)]
    assert problems[0].message == "Fps is required."


def test_user_info_without_user_id_is_a_required_error():
    document = base_document()
    del slots(document)[1]["UserMediaStream"]["UserInfo"]["UserId"]

    problems = validate(document)

    assert summary(problems) == [
        ("LayoutParams.MixLayoutList[1].UserMediaStream.UserInfo.UserId", "required", ERROR)
    ]
    assert problems[0].message == "UserId is required."


# ---------------------------------------------------------------------------
# R35: VideoEncode ranges.


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("Width", -1, "at least 0"),
        ("Width", 1921, "at most 1920"),
        ("Height", -1, "at least 0"),
        ("Height", 1921, "at most 1920"),
        ("Fps", 0, "at least 1"),
        ("Fps", 61, "at most 60"),
        ("BitRate", 0, "at least 1"),
        ("BitRate", 10001, "at most 10000"),
        ("Gop", 0, "at least 1"),
        ("Gop", 6, "at most 5"),
    ],
)
def test_video_encode_value_out_of_range_is_an_r35_error(name, value, words):
    document = base_document()
    document["VideoEncode"][name] = value

    problems = validate(document)

    assert summary(problems) == [(f"VideoEncode.{name}", "R35", ERROR)]
    assert words in problems[0].message
    assert str(value) in problems[0].message


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("Width", 1920),
        ("Height", 1080),
        ("Fps", 1),
        ("Fps", 60),
        ("BitRate", 1),
        ("BitRate", 10000),
        ("Gop", 1),
        ("Gop", 5),
    ],
)
def test_video_encode_value_at_its_limit_is_fine(name, value):
    document = base_document()
    document["VideoEncode"][name] = value

    assert with_rule(validate(document), "R35") == []


def test_height_1920_is_a_conflict_warning_not_an_error():
    document = base_document()
    document["VideoEncode"].update(Width=1080, Height=1920)
    document["LayoutParams"]["MixLayoutList"] = [slot(0, 0, 1080, 1920, user="anchor")]
    document["WaterMarkList"] = []

    problems = validate(document)

    assert summary(problems) == [("VideoEncode.Height", "R35", WARNING)]
    assert "1920" in problems[0].message
    assert "1080" in problems[0].message


def test_zero_canvas_width_is_a_warning():
    document = base_document()
    document["VideoEncode"]["Width"] = 0
    document["LayoutParams"]["MixLayoutList"] = []
    document["WaterMarkList"] = []

    problems = validate(document)

    problem = the_problem(problems, "zero-canvas")
    assert (problem.path, problem.severity) == ("VideoEncode.Width", WARNING)
    assert problem.message == "The output width is 0 px, so there is no picture to lay out."
    assert not has_errors(problems)


def test_canvas_one_pixel_wide_is_not_a_zero_canvas():
    document = base_document()
    document["VideoEncode"]["Width"] = 1
    document["LayoutParams"]["MixLayoutList"] = [slot(0, 0, 1, 720, user="anchor")]
    document["WaterMarkList"] = []

    assert validate(document) == []


# ---------------------------------------------------------------------------
# R13: picture changes need transcoding.


def test_layout_without_transcoding_is_an_r13_error_for_each_picture_field():
    problems = validate(base_document(), with_transcoding=0)

    assert summary(with_rule(problems, "R13")) == [
        ("LayoutParams", "R13", ERROR),
        ("WaterMarkList", "R13", ERROR),
        ("BackGroundColor", "R13", ERROR),
    ]
    assert "WithTranscoding 1" in problems[0].message


def test_encode_only_document_without_transcoding_is_fine():
    document = {"VideoEncode": base_document()["VideoEncode"]}

    assert validate(document, with_transcoding=0) == []


@pytest.mark.parametrize("with_transcoding", [1, None])
def test_layout_with_transcoding_or_unknown_transcoding_is_fine(with_transcoding):
    assert validate(base_document(), with_transcoding=with_transcoding) == []


# ---------------------------------------------------------------------------
# R36-R40: layout mode and the fields each mode uses.


def test_missing_layout_mode_is_an_r36_warning():
    document = base_document()
    del document["LayoutParams"]["MixLayoutMode"]

    problems = validate(document)

    assert summary(problems) == [("LayoutParams.MixLayoutMode", "R36", WARNING)]
    assert "Send it explicitly" in problems[0].message


def test_missing_layout_params_is_an_r36_warning():
    document = base_document()
    del document["LayoutParams"]

    assert summary(validate(document)) == [("LayoutParams", "R36", WARNING)]


@pytest.mark.parametrize("mode", [0, 5])
def test_unknown_layout_mode_is_an_r36_error(mode):
    document = base_document()
    document["LayoutParams"]["MixLayoutMode"] = mode

    problems = validate(document)

    problem = the_problem(problems, "R36")
    assert (problem.path, problem.severity) == ("LayoutParams.MixLayoutMode", ERROR)
    assert problem.message == f"MixLayoutMode must be one of 1, 2, 3, 4, not {mode}."


def test_custom_layout_without_slots_is_an_r38_warning():
    document = base_document()
    document["LayoutParams"]["MixLayoutList"] = []

    assert summary(validate(document)) == [("LayoutParams.MixLayoutList", "R38", WARNING)]


def test_slot_list_in_a_grid_layout_is_an_r38_no_effect_warning():
    document = dynamic_document(3, MixLayoutList=[slot(0, 0, 640, 360, user="anchor")])

    problems = validate(document)

    assert summary(problems) == [("LayoutParams.MixLayoutList", "R38", WARNING)]
    assert problems[0].message == (
        "MixLayoutList has no effect in the grid layout; the cloud ignores it."
    )


@pytest.mark.parametrize("mode", [3, 4])
def test_max_video_user_outside_floating_and_screen_share_is_an_r39_warning(mode):
    document = base_document()
    document["LayoutParams"]["MixLayoutMode"] = mode
    document["LayoutParams"]["MaxVideoUser"] = max_video_user()

    problems = validate(document)

    problem = the_problem(problems, "R39")
    assert (problem.path, problem.severity) == ("LayoutParams.MaxVideoUser", WARNING)
    assert video.MODE_NAMES[mode] in problem.message


@pytest.mark.parametrize("mode", [1, 2])
def test_max_video_user_in_floating_and_screen_share_is_fine(mode):
    document = dynamic_document(mode, MaxVideoUser=max_video_user())

    assert validate(document) == []


def test_screen_share_without_max_video_user_is_an_r39_warning():
    problems = validate(dynamic_document(2))

    assert summary(problems) == [("LayoutParams.MaxVideoUser", "R39", WARNING)]
    assert "big picture" in problems[0].message


def test_max_video_user_without_a_stream_is_an_r39_error():
    problems = validate(dynamic_document(1, MaxVideoUser={}))

    assert summary(problems) == [("LayoutParams.MaxVideoUser.UserMediaStream", "R39", ERROR)]


@pytest.mark.parametrize(
    ("name", "value"),
    [("PureAudioHoldPlaceMode", 1), ("RenderMode", 1), ("EnableStreamSEI", 0)],
)
def test_dynamic_only_field_in_a_custom_layout_is_an_r40_warning(name, value):
    document = base_document()
    document["LayoutParams"][name] = value

    problems = validate(document)

    assert summary(problems) == [(f"LayoutParams.{name}", "R40", WARNING)]
    assert problems[0].message == (
        f"{name} has no effect in the custom layout; the cloud ignores it."
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [("PureAudioHoldPlaceMode", 1), ("RenderMode", 1), ("EnableStreamSEI", 0)],
)
def test_dynamic_only_field_in_a_grid_layout_is_fine(name, value):
    assert validate(dynamic_document(3, **{name: value})) == []


@pytest.mark.parametrize(
    ("name", "value"),
    [("PureAudioHoldPlaceMode", 2), ("RenderMode", 3), ("EnableStreamSEI", 2)],
)
def test_dynamic_field_with_a_value_outside_its_choices_is_an_r40_error(name, value):
    problems = validate(dynamic_document(3, **{name: value}))

    assert summary(problems) == [(f"LayoutParams.{name}", "R40", ERROR)]


# ---------------------------------------------------------------------------
# R37: at most 16 slots.


def grid_slots(count: int) -> list[dict]:
    return [slot(80 * (n % 16), 80 * (n // 16), 80, 80, user=f"u{n}") for n in range(count)]


def test_seventeen_slots_is_an_r37_error():
    document = base_document()
    document["LayoutParams"]["MixLayoutList"] = grid_slots(17)

    problems = validate(document)

    assert summary(problems) == [("LayoutParams.MixLayoutList", "R37", ERROR)]
    assert problems[0].message == "MixLayoutList holds 17 entries; at most 16 are allowed."


def test_sixteen_slots_is_fine():
    document = base_document()
    document["LayoutParams"]["MixLayoutList"] = grid_slots(16)

    assert validate(document) == []


# ---------------------------------------------------------------------------
# R41 and zero sizes: slots inside the canvas.


def test_slot_past_right_edge_names_the_overshoot():
    document = base_document()
    slots(document)[1]["LocationX"] = 700

    problems = validate(document)

    problem = the_problem(problems, "R41")
    assert (problem.path, problem.severity) == ("LayoutParams.MixLayoutList[1].ImageWidth", ERROR)
    assert problem.message == "Slot 2 extends 60 px past the right edge of the 1280 px canvas."


def test_slot_starting_past_the_right_edge_is_blamed_on_its_position():
    document = base_document()
    slots(document)[1]["LocationX"] = 5000

    problem = the_problem(validate(document), "R41")

    assert problem.path == "LayoutParams.MixLayoutList[1].LocationX"
    assert problem.message == "Slot 2 extends 4360 px past the right edge of the 1280 px canvas."


def test_slot_starting_past_the_bottom_edge_is_blamed_on_its_position():
    document = base_document()
    slots(document)[2]["LocationY"] = 720

    problem = the_problem(validate(document), "R41")

    assert problem.path == "LayoutParams.MixLayoutList[2].LocationY"


def test_slot_past_bottom_edge_names_the_overshoot():
    document = base_document()
    slots(document)[2]["LocationY"] = 400

    problems = validate(document)

    problem = the_problem(problems, "R41")
    assert (problem.path, problem.severity) == ("LayoutParams.MixLayoutList[2].ImageHeight", ERROR)
    assert problem.message == "Slot 3 extends 40 px past the bottom edge of the 720 px canvas."


def test_slot_touching_right_and_bottom_edges_is_fine():
    document = base_document()
    slots(document)[3].update(LocationX=W - 320, LocationY=H - 180)

    assert with_rule(validate(document), "R41") == []


def test_slot_past_both_edges_gets_one_error_per_edge():
    document = base_document()
    slots(document)[3].update(LocationX=1000, LocationY=600)

    problems = with_rule(validate(document), "R41")

    assert [(p.path, p.message) for p in problems] == [
        (
            "LayoutParams.MixLayoutList[3].ImageWidth",
            "Slot 4 extends 40 px past the right edge of the 1280 px canvas.",
        ),
        (
            "LayoutParams.MixLayoutList[3].ImageHeight",
            "Slot 4 extends 60 px past the bottom edge of the 720 px canvas.",
        ),
    ]


def test_negative_slot_position_is_an_r41_range_error():
    document = base_document()
    slots(document)[0]["LocationY"] = -5

    problems = validate(document)

    assert summary(problems) == [("LayoutParams.MixLayoutList[0].LocationY", "R41", ERROR)]
    assert "at least 0" in problems[0].message


def test_zero_slot_size_is_taken_as_the_full_canvas_with_a_warning():
    document = base_document()
    document["LayoutParams"]["MixLayoutList"] = [slot(0, 0, 0, 0, user="anchor")]

    problems = validate(document)

    assert summary(problems) == [
        ("LayoutParams.MixLayoutList[0].ImageWidth", "zero-size", WARNING),
        ("LayoutParams.MixLayoutList[0].ImageHeight", "zero-size", WARNING),
    ]
    assert problems[0].message == ("Slot 1 has ImageWidth 0; it is taken as the full canvas width.")


def test_zero_width_slot_moved_right_overshoots_by_its_position():
    document = base_document()
    document["LayoutParams"]["MixLayoutList"] = [slot(10, 0, 0, 360, user="anchor")]

    problems = validate(document)

    assert the_problem(problems, "zero-size").path == "LayoutParams.MixLayoutList[0].ImageWidth"
    overshoot = the_problem(problems, "R41")
    assert overshoot.path == "LayoutParams.MixLayoutList[0].ImageWidth"
    assert overshoot.message == "Slot 1 extends 10 px past the right edge of the 1280 px canvas."


def test_slot_with_a_real_size_has_no_zero_size_warning():
    document = base_document()
    document["LayoutParams"]["MixLayoutList"] = [slot(0, 0, W, H, user="anchor")]

    assert validate(document) == []


# ---------------------------------------------------------------------------
# Hidden slots and duplicate bindings.


def test_slot_entirely_under_a_higher_zorder_slot_is_a_hidden_warning():
    document = base_document()
    slots(document)[0]["ZOrder"] = 1
    slots(document)[3].update(LocationX=100, LocationY=100, ZOrder=0)

    problems = validate(document)

    assert summary(problems) == [("LayoutParams.MixLayoutList[3]", "hidden-slot", WARNING)]
    assert problems[0].message == (
        "Slot 4 is entirely hidden under slot 1, which has a higher ZOrder."
    )


def test_slot_under_a_slot_of_the_same_zorder_is_not_reported():
    document = base_document()
    slots(document)[3].update(LocationX=100, LocationY=100, ZOrder=0)

    assert with_rule(validate(document), "hidden-slot") == []


def test_overlapping_slots_of_one_zorder_are_a_same_zorder_warning_on_the_later_one():
    document = base_document()
    slots(document)[3].update(LocationX=600, LocationY=300, ZOrder=0)

    problems = with_rule(validate(document), "same-zorder")

    assert summary(problems) == [("LayoutParams.MixLayoutList[3].ZOrder", "same-zorder", WARNING)]
    assert problems[0].message == (
        "Slot 4 overlaps slot 1 and both have ZOrder 0, so which one the cloud draws on top "
        "is not defined. Give the one in front a higher ZOrder."
    )


def test_overlapping_slots_of_different_zorders_have_no_same_zorder_warning():
    document = base_document()
    slots(document)[3].update(LocationX=600, LocationY=300, ZOrder=5)

    assert with_rule(validate(document), "same-zorder") == []


def test_slots_that_only_touch_edges_do_not_overlap():
    document = base_document()
    slots(document)[1].update(LocationX=640, LocationY=0, ZOrder=0)
    slots(document)[0].update(LocationX=0, LocationY=0, ImageWidth=640, ZOrder=0)

    assert with_rule(validate(document), "same-zorder") == []


def test_same_zorder_is_not_judged_outside_the_custom_layout():
    document = base_document()
    slots(document)[3].update(LocationX=600, LocationY=300, ZOrder=0)
    document["LayoutParams"]["MixLayoutMode"] = 3

    assert with_rule(validate(document), "same-zorder") == []


def test_picture_in_picture_above_the_big_slot_is_fine():
    document = base_document()
    slots(document)[3].update(LocationX=100, LocationY=100, ZOrder=5)

    assert validate(document) == []


def test_same_user_and_stream_in_two_slots_is_a_duplicate_binding_error():
    document = base_document()
    slots(document)[1]["UserMediaStream"] = user_stream("anchor")

    problems = validate(document)

    problem = the_problem(problems, "duplicate-binding")
    assert (problem.path, problem.severity) == (
        "LayoutParams.MixLayoutList[1].UserMediaStream",
        ERROR,
    )
    assert problem.message == (
        "Slot 2 shows the same user and stream (anchor) as slot 1; a stream can fill only one slot."
    )


def test_same_user_camera_and_screen_share_in_two_slots_is_fine():
    document = base_document()
    streams = [s["UserMediaStream"] for s in slots(document) if "UserMediaStream" in s]

    assert [(m["UserInfo"]["UserId"], m["StreamType"]) for m in streams].count(("anchor", 0)) == 1
    assert with_rule(validate(document), "duplicate-binding") == []


def test_same_user_named_with_and_without_the_main_room_is_a_duplicate():
    document = base_document()
    slots(document)[1]["UserMediaStream"] = user_stream("anchor", RoomId="8888", RoomIdType=0)

    problems = validate(document, main_room=MAIN_ROOM)

    assert the_problem(problems, "duplicate-binding").path == (
        "LayoutParams.MixLayoutList[1].UserMediaStream"
    )


def test_same_user_id_in_another_room_is_not_a_duplicate():
    document = base_document()
    slots(document)[1]["UserMediaStream"] = user_stream("anchor", RoomId="9999", RoomIdType=0)

    assert validate(document, main_room=MAIN_ROOM) == []


# ---------------------------------------------------------------------------
# R42-R44: how a slot is drawn.


def test_custom_background_mode_without_custom_render_is_an_r42_error():
    document = base_document()
    slots(document)[3]["BackgroundRenderMode"] = 4

    problems = validate(document)

    problem = the_problem(problems, "R42")
    assert (problem.path, problem.severity) == (
        "LayoutParams.MixLayoutList[3].BackgroundCustomRender",
        ERROR,
    )
    assert "Slot 4" in problem.message
    assert "BackgroundRenderMode 4" in problem.message


def test_custom_background_mode_with_custom_render_is_fine():
    document = base_document()
    slots(document)[3]["BackgroundRenderMode"] = 4
    slots(document)[3]["BackgroundCustomRender"] = {"Width": 320, "Height": 180, "Radius": 90}

    assert validate(document) == []


def test_custom_render_without_custom_background_mode_is_an_r42_warning():
    document = base_document()
    slots(document)[3]["BackgroundCustomRender"] = {"Width": 320, "Height": 180}

    problems = validate(document)

    assert summary(problems) == [
        ("LayoutParams.MixLayoutList[3].BackgroundCustomRender", "R42", WARNING)
    ]


@pytest.mark.parametrize(("name", "value"), [("RenderMode", 3), ("BackGroundColorMode", 4)])
def test_slot_mode_outside_its_choices_is_an_r42_error(name, value):
    document = base_document()
    slots(document)[0][name] = value

    problems = validate(document)

    assert summary(problems) == [(f"LayoutParams.MixLayoutList[0].{name}", "R42", ERROR)]


def test_transparent_mask_with_a_fit_render_mode_is_an_r42_warning():
    document = base_document()
    slots(document)[0].update(TransparentUrl="https://cdn.example.com/round.png", RenderMode=1)

    problems = validate(document)

    assert summary(problems) == [("LayoutParams.MixLayoutList[0].TransparentUrl", "R42", WARNING)]
    assert "Slot 1" in problems[0].message
    assert "RenderMode 1" in problems[0].message


def test_transparent_mask_with_crop_render_mode_is_fine():
    document = base_document()
    slots(document)[0].update(TransparentUrl="https://cdn.example.com/round.png", RenderMode=0)

    assert validate(document) == []


def test_slot_background_colour_is_an_r42_no_effect_warning():
    document = base_document()
    slots(document)[0]["BackGroundColor"] = "0x202020"

    problems = validate(document)

    assert summary(problems) == [("LayoutParams.MixLayoutList[0].BackGroundColor", "R42", WARNING)]
    assert "no effect" in problems[0].message


def custom_render_slot(**render) -> dict:
    document = base_document()
    slots(document)[3]["BackgroundRenderMode"] = 4
    slots(document)[3]["BackgroundCustomRender"] = {"Width": 320, "Height": 180, **render}
    return document


def test_custom_render_wider_than_the_slot_is_an_r44_error():
    problems = validate(custom_render_slot(Width=400))

    problem = the_problem(problems, "R44")
    assert (problem.path, problem.severity) == (
        "LayoutParams.MixLayoutList[3].BackgroundCustomRender.Width",
        ERROR,
    )
    assert problem.message == "The placeholder width 400 px is wider than slot 4 (320 px)."


def test_custom_render_taller_than_the_slot_is_an_r44_error():
    problems = validate(custom_render_slot(Height=181))

    problem = the_problem(problems, "R44")
    assert problem.path == "LayoutParams.MixLayoutList[3].BackgroundCustomRender.Height"
    assert problem.message == "The placeholder height 181 px is taller than slot 4 (180 px)."


def test_corner_radius_above_half_the_shorter_side_is_an_r44_error():
    problems = validate(custom_render_slot(Radius=91))

    problem = the_problem(problems, "R44")
    assert (problem.path, problem.severity) == (
        "LayoutParams.MixLayoutList[3].BackgroundCustomRender.Radius",
        ERROR,
    )
    assert "91 px" in problem.message
    assert "(90 px)" in problem.message


def test_custom_render_without_a_width_is_an_r44_required_error():
    document = custom_render_slot()
    del slots(document)[3]["BackgroundCustomRender"]["Width"]

    assert summary(validate(document)) == [
        ("LayoutParams.MixLayoutList[3].BackgroundCustomRender.Width", "R44", ERROR)
    ]


def crop_slot(**crop) -> dict:
    document = base_document()
    slots(document)[0]["CustomCrop"] = {
        "LocationX": 0,
        "LocationY": 0,
        "Width": 640,
        "Height": 360,
        **crop,
    }
    return document


def test_crop_reaching_past_10000_is_an_r43_error():
    problems = validate(crop_slot(LocationX=4000, Width=6001))

    problem = the_problem(problems, "R43")
    assert (problem.path, problem.severity) == (
        "LayoutParams.MixLayoutList[0].CustomCrop.Width",
        ERROR,
    )
    assert "slot 1" in problem.message
    assert "10001 px" in problem.message
    assert "at most 10000" in problem.message


def test_crop_reaching_exactly_10000_is_fine():
    assert validate(crop_slot(LocationY=4000, Height=6000)) == []


@pytest.mark.parametrize(
    ("name", "value"), [("LocationX", -1), ("LocationY", -1), ("Width", 0), ("Height", 0)]
)
def test_crop_value_out_of_range_is_an_r43_error(name, value):
    problems = validate(crop_slot(**{name: value}))

    assert summary(problems) == [(f"LayoutParams.MixLayoutList[0].CustomCrop.{name}", "R43", ERROR)]


def test_crop_without_a_height_is_an_r43_required_error():
    document = crop_slot()
    del slots(document)[0]["CustomCrop"]["Height"]

    assert summary(validate(document)) == [
        ("LayoutParams.MixLayoutList[0].CustomCrop.Height", "R43", ERROR)
    ]


# ---------------------------------------------------------------------------
# R45: image URLs.


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://cdn.example.com/my background.png", "' '"),
        ("https://cdn.example.com/背景.png", "'景'"),
    ],
)
def test_url_with_characters_the_cloud_refuses_is_an_r45_error(url, shown):
    document = base_document()
    document["BackgroundImageUrl"] = url

    problems = validate(document)

    assert summary(problems) == [("BackgroundImageUrl", "R45", ERROR)]
    assert shown in problems[0].message
    assert "percent-encode" in problems[0].message


def test_percent_encoded_url_is_fine():
    document = base_document()
    document["BackgroundImageUrl"] = "https://cdn.example.com/%E8%83%8C%E6%99%AF.png"

    assert validate(document) == []


@pytest.mark.parametrize(
    "url",
    ["ftp://cdn.example.com/bg.png", "javascript:alert(1)", "cdn.example.com/bg.png"],
)
def test_url_that_is_not_http_is_an_r45_error(url):
    document = base_document()
    document["BackgroundImageUrl"] = url

    problems = validate(document)

    assert summary(problems) == [("BackgroundImageUrl", "R45", ERROR)]
    assert problems[0].message == "BackgroundImageUrl must be an http:// or https:// URL."


@pytest.mark.parametrize("url", ["http://[", "http://]bad/bg.png", "https://[cdn]/bg.png"])
def test_url_with_a_stray_bracket_in_the_host_is_a_problem_not_a_crash(url):
    document = base_document()
    document["BackgroundImageUrl"] = url

    problems = validate(document)

    assert summary(problems) == [("BackgroundImageUrl", "R45", ERROR)]


def test_gif_canvas_background_is_an_r45_warning():
    document = base_document()
    document["BackgroundImageUrl"] = "https://cdn.example.com/bg.gif"

    problems = validate(document)

    assert summary(problems) == [("BackgroundImageUrl", "R45", WARNING)]
    assert ".gif" in problems[0].message
    assert "png, jpg, jpeg" in problems[0].message


@pytest.mark.parametrize("extension", ["png", "jpg", "JPEG"])
def test_canvas_background_in_an_accepted_format_is_fine(extension):
    document = base_document()
    document["BackgroundImageUrl"] = f"https://cdn.example.com/bg.{extension}?v=2"

    assert validate(document) == []


def test_gif_placeholder_is_fine():
    document = base_document()

    assert slots(document)[3]["BackgroundImageUrl"].endswith(".gif")
    assert validate(document) == []


def test_jpg_transparent_mask_is_an_r45_warning():
    document = base_document()
    slots(document)[0]["TransparentUrl"] = "https://cdn.example.com/round.jpg"

    problems = validate(document)

    assert summary(problems) == [("LayoutParams.MixLayoutList[0].TransparentUrl", "R45", WARNING)]
    assert "only png" in problems[0].message


def test_gif_watermark_is_an_r45_warning():
    document = base_document()
    document["WaterMarkList"][0]["WaterMarkImage"]["WaterMarkUrl"] = "https://x.example/logo.gif"

    assert summary(validate(document)) == [
        ("WaterMarkList[0].WaterMarkImage.WaterMarkUrl", "R45", WARNING)
    ]


def test_dot_in_a_folder_name_is_not_taken_for_the_file_extension():
    document = base_document()
    document["BackgroundImageUrl"] = "https://cdn.example.com/v1.2/background"

    assert validate(document) == []


def test_empty_url_means_no_image():
    document = base_document()
    document["BackgroundImageUrl"] = ""

    assert validate(document) == []


# ---------------------------------------------------------------------------
# R46: colours and the canvas background mode.


@pytest.mark.parametrize("colour", ["red", "#ff0000", "0xFFF", "0XFFFFFF", "0xcc00334", ""])
def test_colour_not_written_0xrrggbb_is_an_r46_error(colour):
    document = base_document()
    document["BackGroundColor"] = colour

    problems = validate(document)

    assert summary(problems) == [("BackGroundColor", "R46", ERROR)]
    assert "0xRRGGBB" in problems[0].message
    assert "0xcc0033" in problems[0].message


@pytest.mark.parametrize("colour", ["0xcc0033", "0xCC0033", "0x000000"])
def test_colour_written_0xrrggbb_is_fine(colour):
    document = base_document()
    document["BackGroundColor"] = colour

    assert validate(document) == []


def test_text_colour_not_written_0xrrggbb_is_an_r46_error_at_its_path():
    document = base_document()
    document["WaterMarkList"][1]["WaterMarkText"]["FontColor"] = "white"

    assert summary(validate(document)) == [
        ("WaterMarkList[1].WaterMarkText.FontColor", "R46", ERROR)
    ]


def test_canvas_background_render_mode_3_is_an_r46_error():
    document = base_document()
    document["BackgroundRenderMode"] = 3

    assert summary(validate(document)) == [("BackgroundRenderMode", "R46", ERROR)]


# ---------------------------------------------------------------------------
# R47 and watermark placement.


def test_text_watermark_without_its_text_object_is_an_r47_error():
    document = base_document()
    del document["WaterMarkList"][1]["WaterMarkText"]

    problems = validate(document)

    assert summary(problems) == [("WaterMarkList[1].WaterMarkText", "R47", ERROR)]
    assert problems[0].message == "Watermark 2 is of type 1, which needs WaterMarkText."


def test_image_watermark_without_its_image_object_is_an_r47_error():
    document = base_document()
    document["WaterMarkList"][0] = {}

    problems = validate(document)

    assert summary(problems) == [("WaterMarkList[0].WaterMarkImage", "R47", ERROR)]
    assert problems[0].message == "Watermark 1 is of type 0, which needs WaterMarkImage."


def test_text_watermark_with_empty_text_is_an_r47_error():
    document = base_document()
    document["WaterMarkList"][1]["WaterMarkText"]["Text"] = ""

    problems = validate(document)

    assert summary(problems) == [("WaterMarkList[1].WaterMarkText.Text", "R47", ERROR)]
    assert problems[0].message == "Watermark 2 has no text."


def test_text_watermark_with_an_unknown_font_is_an_r47_error():
    document = base_document()
    document["WaterMarkList"][1]["WaterMarkText"]["Font"] = "Arial"

    problems = validate(document)

    assert summary(problems) == [("WaterMarkList[1].WaterMarkText.Font", "R47", ERROR)]
    assert problems[0].message == 'Font must be one of Tencent, SourceHanSans, not "Arial".'


@pytest.mark.parametrize("font", ["Tencent", "SourceHanSans"])
def test_text_watermark_with_a_known_font_is_fine(font):
    document = base_document()
    document["WaterMarkList"][1]["WaterMarkText"]["Font"] = font

    assert validate(document) == []


def test_text_watermark_without_a_font_size_is_an_r47_required_error():
    document = base_document()
    del document["WaterMarkList"][1]["WaterMarkText"]["FontSize"]

    assert summary(validate(document)) == [
        ("WaterMarkList[1].WaterMarkText.FontSize", "R47", ERROR)
    ]


def test_watermark_type_2_is_an_r47_error():
    document = base_document()
    document["WaterMarkList"][0]["WaterMarkType"] = 2

    assert summary(validate(document)) == [("WaterMarkList[0].WaterMarkType", "R47", ERROR)]


def test_image_watermark_carrying_text_too_is_an_r47_warning():
    document = base_document()
    document["WaterMarkList"][0]["WaterMarkText"] = text_watermark()["WaterMarkText"]

    problems = validate(document)

    assert summary(problems) == [("WaterMarkList[0].WaterMarkText", "R47", WARNING)]
    assert "ignored" in problems[0].message


def test_moving_watermark_type_3_is_an_r47_error():
    document = base_document()
    document["WaterMarkList"][0]["WaterMarkImage"]["DynamicPosType"] = 3

    assert summary(validate(document)) == [
        ("WaterMarkList[0].WaterMarkImage.DynamicPosType", "R47", ERROR)
    ]


def test_watermark_reaching_past_the_canvas_is_a_warning():
    document = base_document()
    document["WaterMarkList"][0]["WaterMarkImage"]["LocationX"] = 1200

    problems = validate(document)

    assert summary(problems) == [("WaterMarkList[0].WaterMarkImage", "watermark-outside", WARNING)]
    assert problems[0].message == (
        "Watermark 1 reaches past the 1280x720 canvas and will be cut off."
    )


def test_watermark_touching_the_canvas_edge_is_fine():
    document = base_document()
    document["WaterMarkList"][0]["WaterMarkImage"].update(LocationX=W - 120, LocationY=H - 40)

    assert validate(document) == []


# ---------------------------------------------------------------------------
# R8, R10, R24: users and rooms.


def with_room(room_id: str, room_type: int | None = 0) -> dict:
    document = base_document()
    info = slots(document)[1]["UserMediaStream"]["UserInfo"]
    info["RoomId"] = room_id
    if room_type is not None:
        info["RoomIdType"] = room_type
    return document


ROOM_PATH = "LayoutParams.MixLayoutList[1].UserMediaStream.UserInfo.RoomId"


@pytest.mark.parametrize("room_id", ["abc", "0", "4294967295", "-5", "12.5", ""])
def test_integer_room_that_is_not_1_to_4294967294_is_an_r8_error(room_id):
    problems = validate(with_room(room_id, 0))

    assert summary(problems) == [(ROOM_PATH, "R8", ERROR)]
    assert f'"{room_id}"' in problems[0].message
    assert "4294967294" in problems[0].message


@pytest.mark.parametrize("room_id", ["1", "195044", "4294967294"])
def test_integer_room_from_1_to_4294967294_is_fine(room_id):
    assert validate(with_room(room_id, 0)) == []


def test_integer_room_in_fullwidth_digits_is_an_r8_error():
    assert summary(validate(with_room("１２３", 0))) == [(ROOM_PATH, "R8", ERROR)]


def test_integer_room_with_thousands_of_digits_is_a_problem_not_a_crash():
    assert summary(validate(with_room("9" * 5000, 0))) == [(ROOM_PATH, "R8", ERROR)]


def test_room_type_is_taken_from_the_main_room_when_only_the_room_id_is_given():
    problems = validate(with_room("0", None), main_room=("0", 0))

    assert summary(problems) == [(ROOM_PATH, "R8", ERROR)]


@pytest.mark.parametrize("room_id", ["room/1", "x" * 65, "房间"])
def test_string_room_with_refused_characters_or_too_long_is_an_r8_error(room_id):
    problems = validate(with_room(room_id, 1))

    assert summary(problems) == [(ROOM_PATH, "R8", ERROR)]
    assert "64" in problems[0].message


@pytest.mark.parametrize("room_id", ["PK room #1", "x" * 64, "a-b_c:d@e"])
def test_string_room_of_allowed_characters_is_fine(room_id):
    assert validate(with_room(room_id, 1)) == []


def test_room_id_type_2_is_an_r8_error():
    problems = validate(with_room("195044", 2))

    assert summary(problems) == [(f"{ROOM_PATH}Type", "R8", ERROR)]


@pytest.mark.parametrize("user_id", ["u" * 33, "an chor", "", "主播"])
def test_bad_user_id_is_an_r10_error(user_id):
    document = base_document()
    slots(document)[1]["UserMediaStream"]["UserInfo"]["UserId"] = user_id

    problems = validate(document)

    assert summary(problems) == [
        ("LayoutParams.MixLayoutList[1].UserMediaStream.UserInfo.UserId", "R10", ERROR)
    ]
    assert "1 to 32" in problems[0].message


@pytest.mark.parametrize("user_id", ["u" * 32, "Trtc_User-0", "57906"])
def test_user_id_of_up_to_32_allowed_characters_is_fine(user_id):
    document = base_document()
    slots(document)[1]["UserMediaStream"]["UserInfo"]["UserId"] = user_id

    assert validate(document) == []


def test_max_video_user_with_a_bad_user_id_is_an_r10_error():
    problems = validate(dynamic_document(1, MaxVideoUser=max_video_user("big star")))

    assert summary(problems) == [
        ("LayoutParams.MaxVideoUser.UserMediaStream.UserInfo.UserId", "R10", ERROR)
    ]


MAX_ROOM_PATH = "LayoutParams.MaxVideoUser.UserMediaStream.UserInfo.RoomId"


def test_max_video_user_from_another_room_in_a_floating_layout_is_an_r24_error():
    document = dynamic_document(1, MaxVideoUser=max_video_user(RoomId="9999", RoomIdType=0))

    problems = validate(document, main_room=MAIN_ROOM)

    assert summary(problems) == [(MAX_ROOM_PATH, "R24", ERROR)]
    assert problems[0].message == (
        'The floating layout mixes a single room; room "9999" is not the task\'s room "8888".'
    )


def test_max_video_user_in_a_string_room_of_the_same_name_is_an_r24_error():
    document = dynamic_document(1, MaxVideoUser=max_video_user(RoomId="8888", RoomIdType=1))

    problems = validate(document, main_room=MAIN_ROOM)

    assert summary(problems) == [(MAX_ROOM_PATH, "R24", ERROR)]


def test_max_video_user_in_the_main_room_is_fine():
    document = dynamic_document(1, MaxVideoUser=max_video_user(RoomId="8888", RoomIdType=0))

    assert validate(document, main_room=MAIN_ROOM) == []


def test_other_room_is_not_checked_without_a_main_room():
    document = dynamic_document(1, MaxVideoUser=max_video_user(RoomId="9999", RoomIdType=0))

    assert validate(document) == []


def test_custom_layout_may_mix_users_from_other_rooms():
    document = with_room("9999", 0)

    assert validate(document, main_room=MAIN_ROOM) == []


# ---------------------------------------------------------------------------
# Properties.

URL_ALPHABET = string.ascii_letters + string.digits + "-._~:/?#[]@!&()*+,%=;|"
COLOUR = st.text("0123456789abcdefABCDEF", min_size=6, max_size=6).map(lambda s: "0x" + s)
PLACEHOLDER_URL = st.sampled_from(
    [
        "https://cdn.example.com/wait.png",
        "https://cdn.example.com/wait.gif",
        "http://img.example.org/a/b.jpeg?v=1",
    ]
)


@st.composite
def valid_slot(draw, canvas_w: int, canvas_h: int, user: str | None, stream_type: int) -> dict:
    x = draw(st.integers(0, canvas_w - 1))
    y = draw(st.integers(0, canvas_h - 1))
    entry = {
        "LocationX": x,
        "LocationY": y,
        "ImageWidth": draw(st.integers(1, canvas_w - x)),
        "ImageHeight": draw(st.integers(1, canvas_h - y)),
        "ZOrder": draw(st.integers(0, 15)),
        "RenderMode": draw(st.sampled_from([0, 1, 2])),
        "BackgroundRenderMode": draw(st.sampled_from([0, 1, 2, 3, 4])),
    }
    if user is not None:
        info = {"UserId": user}
        if draw(st.booleans()):
            info.update(RoomId=str(draw(st.integers(1, 4294967294))), RoomIdType=0)
        entry["UserMediaStream"] = {"UserInfo": info, "StreamType": stream_type}
    if draw(st.booleans()):
        entry["BackgroundImageUrl"] = draw(PLACEHOLDER_URL)
    if entry["BackgroundRenderMode"] == 4:
        width = draw(st.integers(1, entry["ImageWidth"]))
        height = draw(st.integers(1, entry["ImageHeight"]))
        entry["BackgroundCustomRender"] = {
            "Width": width,
            "Height": height,
            "Radius": draw(st.integers(0, min(width, height) // 2)),
        }
    if draw(st.booleans()):
        cx, cy = draw(st.integers(0, 9999)), draw(st.integers(0, 9999))
        entry["CustomCrop"] = {
            "LocationX": cx,
            "LocationY": cy,
            "Width": draw(st.integers(1, 10000 - cx)),
            "Height": draw(st.integers(1, 10000 - cy)),
        }
    return entry


@st.composite
def valid_watermark(draw, canvas_w: int, canvas_h: int) -> dict:
    x, y = draw(st.integers(0, canvas_w)), draw(st.integers(0, canvas_h))
    box = {
        "LocationX": x,
        "LocationY": y,
        "WaterMarkWidth": draw(st.integers(0, canvas_w - x)),
        "WaterMarkHeight": draw(st.integers(0, canvas_h - y)),
        "DynamicPosType": draw(st.sampled_from([0, 1, 2])),
    }
    if draw(st.booleans()):
        box["WaterMarkUrl"] = "https://cdn.example.com/logo.png"
        return {"WaterMarkType": 0, "WaterMarkImage": box}
    box.update(
        Text=draw(st.text(min_size=1, max_size=20)),
        FontSize=draw(st.integers(1, 200)),
        FontColor=draw(COLOUR),
        BackGroundColor=draw(COLOUR),
        Font=draw(st.sampled_from(["Tencent", "SourceHanSans"])),
    )
    return {"WaterMarkType": 1, "WaterMarkText": box}


@st.composite
def valid_documents(draw) -> dict:
    width, height = draw(st.integers(1, 1920)), draw(st.integers(1, 1920))
    count = draw(st.integers(0, 16))
    bindings = draw(
        st.lists(
            st.tuples(st.sampled_from([f"user{n}" for n in range(12)]), st.integers(0, 1)),
            min_size=count,
            max_size=count,
            unique=True,
        )
    )
    layout = []
    for user, stream_type in bindings:
        bound = draw(st.booleans())
        layout.append(draw(valid_slot(width, height, user if bound else None, stream_type)))
    document = {
        "VideoEncode": {
            "Width": width,
            "Height": height,
            "Fps": draw(st.integers(1, 60)),
            "BitRate": draw(st.integers(1, 10000)),
            "Gop": draw(st.integers(1, 5)),
        },
        "LayoutParams": {"MixLayoutMode": 4, "MixLayoutList": layout},
        "BackGroundColor": draw(COLOUR),
        "WaterMarkList": draw(st.lists(valid_watermark(width, height), max_size=3)),
    }
    if draw(st.booleans()):
        document["BackgroundImageUrl"] = "https://cdn.example.com/bg.jpg"
        document["BackgroundRenderMode"] = draw(st.sampled_from([0, 1, 2]))
    return document


@settings(max_examples=150, deadline=None, database=None, derandomize=True)
@given(valid_documents())
def test_generated_valid_custom_layouts_have_no_errors(document):
    problems = validate(document, with_transcoding=1, main_room=MAIN_ROOM)

    assert [p for p in problems if p.severity == ERROR] == []
    assert {p.rule for p in problems} <= {"hidden-slot", "same-zorder", "R38", "R35"}


FIELD_NAMES = sorted({f.name for shape in video.SHAPES.values() for f in shape.fields})
URLISH = st.text(URL_ALPHABET, max_size=12).map(lambda s: "http://" + s)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | URLISH
    | st.sampled_from(["0xcc0033", "195044", "4294967295", "anchor", "https://x.example/a.png"])
)
KEYS = st.sampled_from(FIELD_NAMES) | st.text(max_size=8)
ANY_JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=6),
    max_leaves=30,
)


def assert_well_formed(problems: list[Problem]) -> None:
    for problem in problems:
        assert isinstance(problem.path, str)
        assert isinstance(problem.rule, str) and problem.rule
        assert problem.severity in (ERROR, WARNING)
        assert isinstance(problem.message, str) and problem.message


@settings(max_examples=200, deadline=None, database=None, derandomize=True)
@given(ANY_JSON, st.sampled_from([None, 0, 1]))
def test_any_json_gives_well_formed_problems_and_never_raises(document, with_transcoding):
    before = copy.deepcopy(document)

    problems = validate(document, with_transcoding=with_transcoding, main_room=MAIN_ROOM)

    assert_well_formed(problems)
    assert repr(document) == repr(before)


def paths_of(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths_of(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths_of(item, (*prefix, index))


BASE_PATHS = list(paths_of(base_document()))[1:]


@settings(max_examples=200, deadline=None, database=None, derandomize=True)
@given(st.sampled_from(BASE_PATHS), ANY_JSON)
def test_any_value_anywhere_in_a_valid_document_never_raises(path, value):
    document = base_document()
    target = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value

    assert_well_formed(validate(document, with_transcoding=1, main_room=MAIN_ROOM))
