"""layouts.core.rules.slots: R37 (at most 16), R41 (inside the canvas), R42-R44 (how a slot is
drawn), hidden, overlapping and duplicate slots.
"""

from __future__ import annotations

import pytest

from layouts.core.contract.problems import ERROR, WARNING
from layouts.core.rules.document import validate
from tests.layouts.core.rules.documents import (
    MAIN_ROOM,
    H,
    W,
    base_document,
    slot,
    slots,
    summary,
    the_problem,
    user_stream,
    with_rule,
)

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
