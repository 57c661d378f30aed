"""Reflow: a layout laid out again at another output size, every starter and any document."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layouts import starters
from layouts.core.contract import video
from layouts.core.contract.document import read_document
from layouts.core.reflow import (
    ASPECT_TOLERANCE,
    BIG,
    CELL,
    END,
    FREE,
    INSET,
    REFLOW_TOUCH,
    SOLO,
    STRIP,
    manual_touches,
    min_picture_side,
    reflow,
    safe_area,
    slot_roles,
)
from layouts.core.rules.document import ERROR, validate
from tests.strategies import documents

STARTERS = {starter.key: starter.document for starter in starters.STARTERS}
PORTRAIT = (1080, 1920)
SQUARE = (1080, 1080)
FOUR_BY_FIVE = (1080, 1350)
OUTPUTS = ((1920, 1080), (1280, 720), (1080, 1920), (720, 1280), SQUARE, FOUR_BY_FIVE)

# Slots, and slots wanting a manual touch after 16:9 -> 9:16 and on the way back
# (9:16 -> 16:9 for the portrait starter): the figure of the reflow's closing note.
MANUAL_TOUCHES = {
    "pip": (2, 0, 0),
    "side-by-side": (2, 0, 0),
    "grid-2x2": (4, 0, 0),
    "grid-3x3": (9, 0, 0),
    "grid-4x4": (16, 0, 0),
    "big-plus-4-right": (5, 0, 0),
    "portrait-stack": (2, 0, 0),
    "screen-share-4": (5, 0, 0),
    "news": (2, 0, 0),
    "template-floating": (0, 0, 0),
    "template-grid": (0, 0, 0),
    "template-screen-share": (0, 0, 0),
    "bottom-strip-3": (4, 0, 0),
}


def rects(document):
    doc = read_document(document)
    return [slot.rect(*doc.canvas_size()) for slot in doc.slots]


def canvas(document):
    return read_document(document).canvas_size()


def mark_boxes(document):
    return [
        tuple(
            mark.body[name]
            for name in ("LocationX", "LocationY", "WaterMarkWidth", "WaterMarkHeight")
        )
        for mark in read_document(document).watermarks
    ]


def overlap(a, b):
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def other_way(document):
    width, height = canvas(document)
    return PORTRAIT if width > height else (1920, 1080)


def keeps_aspect(size, old_size):
    """Within ASPECT_TOLERANCE; or, for a picture under about 50 px a side, where whole
    pixels cannot be that close, within a pixel."""
    (w, h), aspect = size, old_size[0] / old_size[1]
    if abs((w / h) / aspect - 1) <= ASPECT_TOLERANCE:
        return True
    return min(w, h) < 1 / (2 * ASPECT_TOLERANCE) and (
        abs(w - h * aspect) <= 1 or abs(h - w / aspect) <= 1
    )


def assert_sound(before, after):
    """What every reflow promises, whatever the layout."""
    width, height = canvas(after)
    assert [p for p in validate(after) if p.severity == ERROR] == []
    old_doc, new_doc = read_document(before), read_document(after)
    if new_doc.custom:
        old, new = rects(before), rects(after)
        zorders = [slot.zorder for slot in new_doc.slots]
        for (x, y, w, h), (_x, _y, old_w, old_h) in zip(new, old, strict=True):
            assert 0 <= x and 0 <= y and x + w <= width and y + h <= height
            assert keeps_aspect((w, h), (old_w, old_h))
        for i in range(len(new)):
            for j in range(i + 1, len(new)):
                if zorders[i] == zorders[j] and overlap(new[i], new[j]):
                    assert overlap(old[i], old[j]), f"slots {i + 1} and {j + 1} overlap anew"
    safe_x, safe_y, safe_w, safe_h = safe_area(width, height)
    for x, y, w, h in mark_boxes(after):
        assert safe_x <= x and safe_y <= y and x + w <= safe_x + safe_w and y + h <= safe_y + safe_h
    assert len(old_doc.watermarks) == len(new_doc.watermarks)


# --- every starter ----------------------------------------------------------------------


@pytest.mark.parametrize("size", [PORTRAIT, SQUARE, FOUR_BY_FIVE])
@pytest.mark.parametrize("key", STARTERS)
def test_every_starter_reflows_soundly_and_back(key, size):
    original = STARTERS[key]
    there = reflow(original, *size)
    back = reflow(there, *canvas(original))
    assert canvas(there) == size
    assert_sound(original, there)
    assert_sound(there, back)


@pytest.mark.parametrize("key", STARTERS)
def test_manual_touches_per_starter_there_and_back(key):
    original = STARTERS[key]
    there = reflow(original, *other_way(original))
    back = reflow(there, *canvas(original))
    figure = (
        len(rects(original)),
        len(manual_touches(original, there)),
        len(manual_touches(there, back)),
    )
    assert figure == MANUAL_TOUCHES[key]


@pytest.mark.parametrize("key", [key for key in STARTERS if key != "news"])
def test_the_way_back_lands_within_a_pixel_of_the_start(key):
    original = STARTERS[key]
    back = reflow(reflow(original, *other_way(original)), *canvas(original))
    for before, after in zip(rects(original), rects(back), strict=True):
        assert max(abs(a - b) for a, b in zip(before, after, strict=True)) <= 1


@pytest.mark.parametrize("key", STARTERS)
def test_every_slot_keeps_its_role_in_portrait(key):
    original = STARTERS[key]
    assert slot_roles(reflow(original, *other_way(original))) == slot_roles(original)


# --- groups re-stack ---------------------------------------------------------------------


def test_a_side_by_side_pair_becomes_top_and_bottom():
    (left, top, width, height), second = rects(reflow(STARTERS["side-by-side"], *PORTRAIT))
    assert second == (left, top + height, width, height)
    assert (width, height) == (854, 960)  # the 960x1080 halves, as big as two fit


def test_a_2x2_grid_becomes_one_column_of_four_in_portrait():
    cells = rects(reflow(STARTERS["grid-2x2"], *PORTRAIT))
    assert len({x for x, _y, _w, _h in cells}) == 1
    assert [y for _x, y, _w, _h in cells] == [0, 480, 960, 1440]


def test_a_2x2_grid_stays_2x2_on_a_square():
    cells = rects(reflow(STARTERS["grid-2x2"], *SQUARE))
    assert len({x for x, _y, _w, _h in cells}) == 2
    assert len({y for _x, y, _w, _h in cells}) == 2


def test_a_3x3_grid_keeps_its_gaps_and_centres_its_short_last_row():
    cells = rects(reflow(STARTERS["grid-3x3"], *PORTRAIT))
    first, second = cells[0], cells[1]
    assert second[0] - (first[0] + first[2]) == 6  # the 6 px gap, the short side being 1080
    last = cells[-1]
    assert abs((last[0] + last[2] / 2) - PORTRAIT[0] / 2) <= 1


@pytest.mark.parametrize("key", ["big-plus-4-right", "screen-share-4"])
def test_a_1_plus_n_strip_becomes_a_stack_with_the_big_picture_on_top(key):
    big, *tiles = rects(reflow(STARTERS[key], *PORTRAIT))
    big_x, big_y, big_w, big_h = big
    assert big_w == PORTRAIT[0]
    assert all(y == big_y + big_h for _x, y, _w, _h in tiles)  # the strip right below
    assert [x for x, _y, _w, _h in tiles] == sorted(x for x, _y, _w, _h in tiles)
    assert tiles[-1][0] + tiles[-1][2] == big_x + big_w  # and as wide as the big picture


def test_a_strip_below_stays_below_in_portrait():
    big, *tiles = rects(reflow(STARTERS["bottom-strip-3"], *PORTRAIT))
    assert all(y == big[1] + big[3] for _x, y, _w, _h in tiles)


def test_the_composition_is_centred_in_a_taller_canvas():
    big, *tiles = rects(reflow(STARTERS["big-plus-4-right"], *PORTRAIT))
    top, bottom = big[1], tiles[0][1] + tiles[0][3]
    assert abs(top - (PORTRAIT[1] - bottom)) <= 1


def test_a_tile_turned_the_other_way_stays_smaller_than_the_big_picture():
    # A tall tile that spans the side of a wide picture would outgrow it under it.
    document = starters.custom(1336, 561, starters.big_plus_strip(1336, 561, 1, "right"))
    big, tile = rects(reflow(document, *PORTRAIT))
    assert tile[2] * tile[3] * 2 <= big[2] * big[3]
    assert slot_roles(reflow(document, *PORTRAIT)) == slot_roles(document)


# --- picture in picture, screen share ------------------------------------------------------


def test_picture_in_picture_keeps_the_guest_in_the_hosts_bottom_right_corner():
    host, guest = rects(reflow(STARTERS["pip"], *PORTRAIT))
    assert host[2] == PORTRAIT[0]
    scale = host[2] / 1920
    margin = 1920 // 40 * scale
    assert abs(host[0] + host[2] - (guest[0] + guest[2]) - margin) <= 1
    assert abs(host[1] + host[3] - (guest[1] + guest[3]) - margin) <= 1
    assert abs(guest[2] - 480 * scale) <= 1


def test_picture_in_picture_roles_name_the_host_and_the_corner():
    roles = slot_roles(STARTERS["pip"])
    assert roles[0].kind == SOLO
    assert (roles[1].kind, roles[1].host, roles[1].corner) == (INSET, 0, (END, END))


def test_a_cropped_screen_share_is_fitted_and_cameras_stay_cropped():
    document = copy.deepcopy(STARTERS["screen-share-4"])
    document["LayoutParams"]["MixLayoutList"][0]["RenderMode"] = video.RENDER_CROP
    slots = reflow(document, *PORTRAIT)["LayoutParams"]["MixLayoutList"]
    assert slots[0]["RenderMode"] == video.RENDER_FIT
    assert [slot["RenderMode"] for slot in slots[1:]] == [video.RENDER_CROP] * 4


def test_a_screen_share_already_fitted_on_black_stays_so():
    document = copy.deepcopy(STARTERS["screen-share-4"])
    document["LayoutParams"]["MixLayoutList"][0]["RenderMode"] = video.RENDER_FIT_ON_BLACK
    slots = reflow(document, *PORTRAIT)["LayoutParams"]["MixLayoutList"]
    assert slots[0]["RenderMode"] == video.RENDER_FIT_ON_BLACK


# --- templates and the encoder ----------------------------------------------------------------


@pytest.mark.parametrize("key", ["template-floating", "template-grid", "template-screen-share"])
def test_a_template_changes_only_its_output_size_and_bitrate(key):
    original = STARTERS[key]
    there = reflow(original, *PORTRAIT)
    assert {k: v for k, v in there.items() if k != "VideoEncode"} == {
        k: v for k, v in original.items() if k != "VideoEncode"
    }
    encode, before = there["VideoEncode"], original["VideoEncode"]
    assert (encode["Width"], encode["Height"]) == PORTRAIT
    assert (encode["Fps"], encode["Gop"]) == (before["Fps"], before["Gop"])


def test_the_bitrate_follows_the_pixel_count():
    original = STARTERS["grid-2x2"]
    bitrate = original["VideoEncode"]["BitRate"]
    assert reflow(original, *PORTRAIT)["VideoEncode"]["BitRate"] == bitrate  # as many pixels
    assert reflow(original, *SQUARE)["VideoEncode"]["BitRate"] < bitrate
    assert (
        reflow(STARTERS["template-grid"], *PORTRAIT)["VideoEncode"]["BitRate"]
        > (STARTERS["template-grid"]["VideoEncode"]["BitRate"])
    )


def test_the_bitrate_stays_in_its_range():
    document = copy.deepcopy(STARTERS["template-grid"])
    limit = video.VIDEO_ENCODE.by_name["BitRate"].maximum
    document["VideoEncode"]["BitRate"] = limit
    assert reflow(document, 1920, 1920)["VideoEncode"]["BitRate"] == limit


def test_a_canvas_of_one_pixel_keeps_its_bitrate_rather_than_dividing_by_nothing():
    """Found by the API fuzzer: a 1x1 source has a suggested rate of 0 kbps."""
    document = {"VideoEncode": {"Width": 1, "Height": 1, "Fps": 1, "BitRate": 79, "Gop": 1}}
    assert reflow(document, 79, 87)["VideoEncode"] == {
        "Width": 79,
        "Height": 87,
        "Fps": 1,
        "BitRate": 79,
        "Gop": 1,
    }


# --- watermarks ---------------------------------------------------------------------------


def test_a_lower_third_stays_along_the_bottom_inside_the_safe_area_below_the_pictures():
    there = reflow(STARTERS["news"], *PORTRAIT)
    ((x, y, w, h),) = mark_boxes(there)
    safe_x, safe_y, safe_w, safe_h = safe_area(*PORTRAIT)
    assert (x, w) == (safe_x, safe_w)  # still spanning, as wide as the safe area
    assert y + h == safe_y + safe_h
    assert all(top + height <= y for _x, top, _w, height in rects(there))


def test_text_keeps_its_font_size_relative_to_the_short_side():
    font = lambda document: document["WaterMarkList"][0]["WaterMarkText"]["FontSize"]  # noqa: E731
    assert font(reflow(STARTERS["news"], *PORTRAIT)) == 60  # the short side is 1080 both ways
    assert font(reflow(STARTERS["news"], 1280, 720)) == 40


def logo(x, y, w=200, h=100):
    return {
        "WaterMarkType": video.WATERMARK_IMAGE_TYPE,
        "WaterMarkImage": {
            "WaterMarkUrl": "https://img.example.com/logo.png",
            "LocationX": x,
            "LocationY": y,
            "WaterMarkWidth": w,
            "WaterMarkHeight": h,
        },
    }


def test_a_corner_logo_stays_in_its_corner_of_the_safe_area():
    document = copy.deepcopy(STARTERS["template-screen-share"])
    document["WaterMarkList"] = [logo(1920 - 96 - 200 - 20, 54 + 20)]  # 20 px into the safe area
    ((x, y, w, h),) = mark_boxes(reflow(document, *PORTRAIT))
    safe_x, safe_y, safe_w, _h = safe_area(*PORTRAIT)
    assert (w, h) == (200, 100)  # the short side is 1080 both ways
    assert (safe_x + safe_w - (x + w), y - safe_y) == (20, 20)


def test_a_logo_outside_the_safe_area_moves_into_it():
    document = copy.deepcopy(STARTERS["template-screen-share"])
    document["WaterMarkList"] = [logo(0, 1080 - 100)]  # bottom-left, in the very corner
    ((x, y, _w, h),) = mark_boxes(reflow(document, *PORTRAIT))
    safe_x, safe_y, _w, safe_h = safe_area(*PORTRAIT)
    assert (x, y + h) == (safe_x, safe_y + safe_h)


def test_a_logo_on_the_host_of_a_picture_in_picture_stays_on_its_corner():
    document = copy.deepcopy(STARTERS["pip"])
    document["WaterMarkList"] = [logo(1920 - 116 - 200, 74)]
    there = reflow(document, *PORTRAIT)
    host_x, host_y, host_w, _h = rects(there)[0]
    x, y, w, _h = mark_boxes(there)[0]
    scale = host_w / 1920
    assert abs(host_x + host_w - (x + w) - 116 * scale) <= 1
    assert abs(y - host_y - 74 * scale) <= 1
    (back,) = mark_boxes(reflow(there, 1920, 1080))
    assert max(abs(a - b) for a, b in zip(back, mark_boxes(document)[0], strict=True)) <= 1


def test_a_watermark_on_a_picture_follows_that_picture():
    document = copy.deepcopy(STARTERS["grid-2x2"])
    document["WaterMarkList"] = [logo(960 + 600, 540 + 200, 300, 150)]  # on the 4th cell
    there = reflow(document, *PORTRAIT)
    cell_x, cell_y, cell_w, cell_h = rects(there)[3]
    x, y, w, h = mark_boxes(there)[0]
    assert cell_x <= x and x + w <= cell_x + cell_w
    assert cell_y <= y and y + h <= cell_y + cell_h


# --- what else the API asks for -------------------------------------------------------------


def test_a_placeholders_custom_size_stays_within_its_slot():
    document = copy.deepcopy(STARTERS["grid-2x2"])
    document["LayoutParams"]["MixLayoutList"][0].update(
        BackgroundImageUrl="https://img.example.com/frame.jpg",
        BackgroundRenderMode=video.CUSTOM_PLACEHOLDER_MODE,
        BackgroundCustomRender={"Width": 960, "Height": 540, "Radius": 270},
    )
    slot = reflow(document, *PORTRAIT)["LayoutParams"]["MixLayoutList"][0]
    custom = slot["BackgroundCustomRender"]
    assert custom["Width"] <= slot["ImageWidth"] and custom["Height"] <= slot["ImageHeight"]
    assert custom["Radius"] * 2 <= min(custom["Width"], custom["Height"])


def test_the_document_given_is_not_changed():
    original = copy.deepcopy(STARTERS["news"])
    reflow(original, *PORTRAIT)
    assert original == STARTERS["news"]


def test_a_canvas_of_0_px_is_refused():
    with pytest.raises(ValueError):
        reflow(STARTERS["pip"], 0, 1920)


def test_a_document_on_a_0_px_canvas_only_gets_its_new_size():
    document = copy.deepcopy(STARTERS["template-grid"])
    document["VideoEncode"]["Width"] = 0
    there = reflow(document, *PORTRAIT)
    assert (there["VideoEncode"]["Width"], there["VideoEncode"]["Height"]) == PORTRAIT


def test_the_safe_area_is_the_centred_90_percent():
    assert safe_area(1920, 1080) == (96, 54, 1728, 972)


# --- manual touches ------------------------------------------------------------------------


def test_a_slot_that_changed_part_wants_a_touch():
    moved = copy.deepcopy(STARTERS["pip"])
    moved["LayoutParams"]["MixLayoutList"][1].update(LocationX=48, LocationY=48)  # top-left now
    (problem,) = manual_touches(STARTERS["pip"], moved)
    assert (problem.path, problem.rule) == ("LayoutParams.MixLayoutList[1]", REFLOW_TOUCH)


def test_a_slot_shrunk_below_the_smallest_template_picture_wants_a_touch():
    assert min_picture_side(1920, 1080) == 135  # an eighth of the short side, as D.4's tiles
    tiny = copy.deepcopy(STARTERS["pip"])
    tiny["LayoutParams"]["MixLayoutList"][1].update(ImageWidth=96, ImageHeight=54)
    tiny["LayoutParams"]["MixLayoutList"][1].update(
        LocationX=1920 - 96 - 48, LocationY=1080 - 54 - 48
    )
    messages = [p.message for p in manual_touches(STARTERS["pip"], tiny)]
    assert messages == [
        "Slot 2 is only 54 px on its shorter side after the reflow, less than the 135 px of the "
        "smallest template picture on this canvas; make it bigger or leave it out."
    ]


def test_an_arrangement_not_recognised_wants_a_touch_when_the_canvas_changes_shape():
    document = starters.custom(
        1920,
        1080,
        [starters.slot(0, 0, 1000, 700), starters.slot(900, 300, 1000, 700, z=1)],
    )
    assert {role.kind for role in slot_roles(document).values()} == {FREE}
    assert len(manual_touches(document, reflow(document, *PORTRAIT))) == 2
    assert manual_touches(document, reflow(document, 1280, 720)) == []


def test_roles_of_the_starters():
    assert {role.kind for role in slot_roles(STARTERS["grid-3x3"]).values()} == {CELL}
    roles = slot_roles(STARTERS["big-plus-4-right"])
    assert [roles[i].kind for i in range(5)] == [BIG, STRIP, STRIP, STRIP, STRIP]
    assert slot_roles(STARTERS["template-floating"]) == {}


# --- properties -----------------------------------------------------------------------------

SIZES = st.one_of(
    st.sampled_from(OUTPUTS), st.tuples(st.integers(320, 1920), st.integers(320, 1920))
)


@settings(max_examples=200, deadline=None)
@given(documents(), SIZES)
def test_any_valid_document_reflows_soundly(document, size):
    assert [p for p in validate(document) if p.severity == ERROR] == []
    assert_sound(document, reflow(document, *size))


@st.composite
def arrangements(draw):
    """Grids, 1+N and picture in picture as the starters build them, at common sizes."""
    width, height = draw(st.sampled_from(OUTPUTS))
    kind = draw(st.sampled_from(["grid", "strip", "pip"]))
    if kind == "grid":
        rows, columns = draw(st.integers(1, 4)), draw(st.integers(1, 4))
        gap, margin = draw(st.integers(0, 8)), draw(st.integers(0, 8))
        slots = starters.grid_slots(width, height, rows, columns, gap, margin)
    elif kind == "strip":
        side = draw(st.sampled_from(["right", "bottom"]))
        slots = starters.big_plus_strip(width, height, draw(st.integers(1, 5)), side)
    else:
        slots = starters.picture_in_picture(width, height)
    return starters.custom(width, height, slots)


@settings(max_examples=200, deadline=None)
@given(arrangements(), st.sampled_from(OUTPUTS))
def test_recognised_arrangements_keep_every_role_there_and_back(document, size):
    there = reflow(document, *size)
    back = reflow(there, *canvas(document))
    assert_sound(document, there)
    assert_sound(there, back)
    assert slot_roles(there) == slot_roles(document)
    assert slot_roles(back) == slot_roles(document)
