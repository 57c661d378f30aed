"""The shots the auto-director builds from the show's canvas: valid layouts whose slots
take roles, keeping the show's background and watermarks."""

from __future__ import annotations

import pytest

from layouts.core.contract import video
from layouts.core.director_shots import (
    Shot,
    grid_shot,
    loudest_big_shot,
    pip_shot,
    sharer_big_shot,
    slate_shot,
)
from layouts.core.roles import Exclusion, Roles, RoleSpec, SlotRole, WatermarkRole
from layouts.core.rules import document as document_rules
from tests.factories import document

LOGO = {
    "WaterMarkType": 0,
    "WaterMarkImage": {
        "WaterMarkUrl": "https://img.example.com/logo.png",
        "WaterMarkWidth": 100,
        "WaterMarkHeight": 50,
        "LocationX": 10,
        "LocationY": 10,
    },
}


def show(width=1280, height=720):
    doc = document(width, height, slots=2)
    doc["LayoutParams"]["MixLayoutMode"] = video.MODE_FLOATING
    doc["BackGroundColor"] = "0x112233"
    doc["WaterMarkList"] = [LOGO]
    roles = Roles(
        slots=(SlotRole(0, RoleSpec("host")),),
        watermarks=(WatermarkRole(0, RoleSpec("host")),),
        exclude=(Exclusion("robot"),),
        assign={"anna": "host"},
    )
    return Shot("show", doc, roles)


def rects(shot):
    return [
        (s["LocationX"], s["LocationY"], s["ImageWidth"], s["ImageHeight"])
        for s in shot.document["LayoutParams"]["MixLayoutList"]
    ]


def valid(shot):
    return not document_rules.has_errors(document_rules.validate(shot.document))


@pytest.mark.parametrize("canvas", [(1280, 720), (1920, 1080), (720, 1280), (640, 640)])
def test_every_built_shot_is_a_valid_custom_layout(canvas):
    base = show(*canvas)
    for shot in (
        sharer_big_shot(base),
        sharer_big_shot(base, "none"),
        loudest_big_shot(base),
        loudest_big_shot(base, 8),
        loudest_big_shot(base, 0),
        grid_shot(base, 1),
        grid_shot(base, 7),
        grid_shot(base, 40),
        slate_shot(base, "Back in a moment", "https://img.example.com/slate.png"),
    ):
        assert shot.document["LayoutParams"]["MixLayoutMode"] == video.MODE_CUSTOM
        assert valid(shot), shot.name


def test_sharer_big_fits_the_screen_share_beside_a_column_for_the_speaker():
    shot = sharer_big_shot(show())

    assert shot.name == "sharer-big"
    assert rects(shot) == [(0, 0, 960, 720), (960, 0, 320, 180)]
    slots = shot.document["LayoutParams"]["MixLayoutList"]
    assert slots[0]["RenderMode"] == video.RENDER_FIT
    assert shot.roles.slots == (
        SlotRole(0, RoleSpec("sharer")),
        SlotRole(1, RoleSpec("loudest")),
    )


def test_sharer_big_without_the_small_picture():
    shot = sharer_big_shot(show(), "none")

    assert rects(shot) == [(0, 0, 960, 720)]
    assert shot.roles.slots == (SlotRole(0, RoleSpec("sharer")),)


def test_loudest_big_fills_the_canvas_with_a_strip_of_auto_fill_tiles_on_top():
    shot = loudest_big_shot(show(), 4)

    assert rects(shot)[0] == (0, 0, 1280, 720)
    tiles = shot.document["LayoutParams"]["MixLayoutList"][1:]
    assert len(tiles) == 4
    assert all("UserMediaStream" not in tile and tile["ZOrder"] == 1 for tile in tiles)
    assert [tile["LocationX"] for tile in tiles] == [7, 325, 643, 961]
    assert {(tile["ImageWidth"], tile["ImageHeight"]) for tile in tiles} == {(311, 174)}
    assert shot.roles.slots == (SlotRole(0, RoleSpec("loudest")),)


@pytest.mark.parametrize(
    ("count", "cells"),
    [(0, 1), (1, 1), (2, 2), (4, 4), (5, 5), (16, 16), (40, 16)],
)
def test_a_grid_has_a_cell_per_person_up_to_sixteen(count, cells):
    shot = grid_shot(show(), count)

    assert len(rects(shot)) == cells
    assert shot.roles.slots == ()


def test_a_grid_of_five_is_three_by_two():
    assert rects(grid_shot(show(), 5)) == [
        (0, 0, 426, 360),
        (426, 0, 426, 360),
        (852, 0, 426, 360),
        (0, 360, 426, 360),
        (426, 360, 426, 360),
    ]


def test_built_shots_keep_the_shows_canvas_background_watermarks_and_lists():
    base = show()
    shot = grid_shot(base, 3)

    assert shot.document["VideoEncode"] == base.document["VideoEncode"]
    assert shot.document["BackGroundColor"] == "0x112233"
    assert shot.document["WaterMarkList"] == [LOGO]
    assert shot.roles.watermarks == base.roles.watermarks
    assert shot.roles.exclude == base.roles.exclude
    assert dict(shot.roles.assign) == {"anna": "host"}


def test_a_slate_has_no_pictures_only_the_logo_and_its_text_over_its_image():
    shot = slate_shot(show(), "Back in a moment", "https://img.example.com/slate.png")

    assert shot.name == "slate"
    assert shot.document["LayoutParams"]["MixLayoutList"] == []
    assert shot.document["BackgroundImageUrl"] == "https://img.example.com/slate.png"
    logo, mark = shot.document["WaterMarkList"]
    assert logo == LOGO  # the show's logo stays on the slate
    assert mark["WaterMarkText"]["Text"] == "Back in a moment"
    assert mark["WaterMarkText"]["FontSize"] == 60
    assert shot.roles.slots == () and shot.roles.watermarks == ()


def test_a_slate_without_text_shows_the_canvas_and_the_logo():
    assert slate_shot(show()).document["WaterMarkList"] == [LOGO]


def test_a_text_watermark_of_the_show_is_not_on_its_slate():
    base = show()
    base.document["WaterMarkList"].append(
        {"WaterMarkType": 1, "WaterMarkText": {"Text": "LIVE", "FontSize": 20}}
    )

    assert slate_shot(base).document["WaterMarkList"] == [LOGO]


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920)])
@pytest.mark.parametrize("count", [1, 2, 5, 9, 12])
def test_picture_in_picture_keeps_the_small_ones_inside_a_corner(width, height, count):
    base = show()
    base.document["VideoEncode"].update(Width=width, Height=height)

    slots = pip_shot(base, count).document["LayoutParams"]["MixLayoutList"]

    big, *small = slots
    assert (big["ImageWidth"], big["ImageHeight"]) == (width, height)
    assert len(small) == min(count - 1, 8)
    for tile in small:
        assert 0 <= tile["LocationX"] and tile["LocationX"] + tile["ImageWidth"] <= width
        assert 0 <= tile["LocationY"] and tile["LocationY"] + tile["ImageHeight"] <= height
        assert tile["ZOrder"] > big["ZOrder"]
    boxes = {(t["LocationX"], t["LocationY"]) for t in small}
    assert len(boxes) == len(small)  # no two small pictures on one another


def test_building_a_shot_never_changes_the_show():
    base = show()
    before = repr(base)

    sharer_big_shot(base)
    slate_shot(base, "x")

    assert repr(base) == before


@pytest.mark.parametrize("text", ["We will be right back", "马上回来，请稍候"])
def test_a_slate_text_fits_a_portrait_canvas_on_one_line(text):
    base = show()
    base.document["VideoEncode"].update(Width=270, Height=480)

    mark = slate_shot(base, text).document["WaterMarkList"][-1]["WaterMarkText"]

    ems = sum(1.0 if ord(char) >= 0x2E80 else 0.6 for char in text)
    assert mark["FontSize"] * ems <= mark["WaterMarkWidth"]
    assert mark["FontSize"] < 480 // 12  # smaller than on a canvas wide enough
