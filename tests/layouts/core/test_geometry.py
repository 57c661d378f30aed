"""Geometry: where each picture lands, for custom slots and the dynamic templates.

Pure tests: run with `pytest tests/layouts/core/test_geometry.py -p no:django`.
"""

from __future__ import annotations

import itertools
import json
import math
import timeit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layouts.core.geometry import (
    TEMPLATE_GEOMETRY,
    Layout,
    Participant,
    default_participants,
    regions,
    volume_sei,
)

MAIN = ("8888", 0)
W, H = 1280, 720


def person(user_id: str, room: tuple[str, int] = MAIN, **flags) -> Participant:
    return Participant(user_id, room[0], room[1], **flags)


def people(count: int, **flags) -> list[Participant]:
    return [person(f"u{number}", **flags) for number in range(1, count + 1)]


def user_stream(user_id, stream_type=0, room=None):
    info = {"UserId": user_id}
    if room is not None:
        info["RoomId"], info["RoomIdType"] = room
    return {"UserInfo": info, "StreamType": stream_type}


def slot(x=0, y=0, w=320, h=180, *, user=None, stream_type=0, room=None, **fields):
    entry = {"LocationX": x, "LocationY": y, "ImageWidth": w, "ImageHeight": h, **fields}
    if user is not None:
        entry["UserMediaStream"] = user_stream(user, stream_type, room)
    return entry


def custom(*slots, width=W, height=H):
    return {
        "VideoEncode": {"Width": width, "Height": height, "Fps": 15, "BitRate": 1500, "Gop": 2},
        "LayoutParams": {"MixLayoutMode": 4, "MixLayoutList": list(slots)},
    }


def dynamic(mode, width=W, height=H, **layout_params):
    return {
        "VideoEncode": {"Width": width, "Height": height, "Fps": 15, "BitRate": 1500, "Gop": 2},
        "LayoutParams": {"MixLayoutMode": mode, **layout_params},
    }


def max_video_user(user_id, stream_type=0):
    return {"UserMediaStream": user_stream(user_id, stream_type)}


def rect(region) -> tuple[int, int, int, int]:
    return (region.x, region.y, region.w, region.h)


def shown(layout: Layout) -> list[str | None]:
    return [region.user_id for region in layout.regions if region.kind == "video"]


def by_slot(layout: Layout) -> dict[int, object]:
    return {region.slot_index: region for region in layout.regions}


def overlap(a, b) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah


# --- Participant --------------------------------------------------------------------


def test_participant_reads_the_json_form():
    data = {
        "UserId": "alice",
        "RoomId": "8888",
        "RoomIdType": 0,
        "camera": False,
        "audio": True,
        "screen": True,
        "width": 720,
        "height": 1280,
    }

    participant = Participant.from_dict(data)

    assert participant == Participant("alice", "8888", 0, False, True, True, 720, 1280)
    assert participant.to_dict() == data


def test_participant_optional_fields_take_their_defaults():
    participant = Participant.from_dict({"UserId": "a", "RoomId": "r", "RoomIdType": 1})

    assert (participant.camera, participant.audio, participant.screen) == (True, True, False)
    assert (participant.width, participant.height) == (1280, 720)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("UserId", 5),
        ("UserId", ""),
        ("UserId", None),
        ("RoomId", 8888),
        ("RoomIdType", "0"),
        ("RoomIdType", True),
        ("RoomIdType", 2),
        ("camera", "yes"),
        ("audio", 1),
        ("screen", None),
        ("width", 0),
        ("width", 1280.0),
        ("height", "720"),
        ("height", False),
    ],
)
def test_participant_rejects_bad_types_naming_the_field(field, value):
    data = {"UserId": "a", "RoomId": "r", "RoomIdType": 1, field: value}

    with pytest.raises(ValueError, match=field):
        Participant.from_dict(data)


def test_participant_must_be_an_object():
    with pytest.raises(ValueError, match="participant"):
        Participant.from_dict(["a", "r", 1])


# --- custom layouts (mode 4) --------------------------------------------------------


@pytest.mark.parametrize(
    "join_order",
    [["a", "b", "c"], ["c", "a", "b"], ["b", "c", "a"]],
)
def test_unbound_slots_fill_in_join_order(join_order):
    document = custom(slot(0, 0), slot(320, 0), slot(640, 0))

    layout = regions(document, [person(user_id) for user_id in join_order])

    assert [(r.slot_index, r.user_id, r.reason) for r in layout.regions] == [
        (index, user_id, "auto-fill") for index, user_id in enumerate(join_order)
    ]
    assert layout.approximate is False
    assert layout.mode == 4


def test_bound_slot_shows_its_user_and_auto_fill_skips_bound_users():
    document = custom(slot(0, 0), slot(320, 0, user="c"), slot(640, 0))

    layout = regions(document, [person("c"), person("a"), person("b")])

    assert [(r.slot_index, r.user_id, r.reason) for r in layout.regions] == [
        (0, "a", "auto-fill"),
        (1, "c", "bound"),
        (2, "b", "auto-fill"),
    ]


def test_user_bound_only_to_a_screen_slot_is_not_auto_filled_with_the_camera():
    document = custom(slot(0, 0), slot(320, 0, user="a", stream_type=1))

    layout = regions(document, [person("a"), person("b")])

    assert by_slot(layout)[0].user_id == "b"
    assert by_slot(layout)[1].kind == "empty"


def test_users_beyond_the_free_slots_are_not_shown():
    document = custom(slot(0, 0), slot(320, 0, user="a"), slot(640, 0))

    layout = regions(document, people(5) + [person("a")])

    assert shown(layout) == ["u1", "a", "u2"]
    assert layout.not_shown == ("u3", "u4", "u5")


@pytest.mark.parametrize(
    ("present", "camera", "image", "kind", "reason"),
    [
        (True, True, None, "video", "bound"),
        (True, True, "https://x.test/p.png", "video", "bound"),
        (False, True, "https://x.test/p.png", "placeholder", "absent-placeholder"),
        (False, True, None, "empty", "absent-empty"),
        (True, False, "https://x.test/p.png", "placeholder", "no-camera-placeholder"),
        (True, False, None, "empty", "no-camera-empty"),
    ],
)
def test_bound_slot_shows_the_user_or_the_placeholder(present, camera, image, kind, reason):
    extra = {"BackgroundImageUrl": image} if image else {}
    document = custom(slot(10, 20, 300, 200, user="alice", **extra))
    room = [person("alice", camera=camera)] if present else [person("bob")]

    (region,) = regions(document, room, main_room=MAIN).regions

    assert (region.kind, region.reason) == (kind, reason)
    assert region.user_id == "alice"
    assert (region.room_id, region.room_id_type) == MAIN
    assert region.placeholder_url == image
    assert rect(region) == (10, 20, 300, 200)
    expected_source = (1280, 720) if kind == "video" else (None, None)
    assert (region.source_width, region.source_height) == expected_source


@pytest.mark.parametrize(
    ("screen", "kind", "reason"),
    [(True, "video", "bound"), (False, "placeholder", "no-screen-placeholder")],
)
def test_screen_share_slot_shows_the_screen_only_while_sharing(screen, kind, reason):
    document = custom(slot(user="alice", stream_type=1, BackgroundImageUrl="https://x.test/p.png"))

    (region,) = regions(document, [person("alice", screen=screen)]).regions

    assert (region.kind, region.reason, region.stream_type) == (kind, reason, 1)
    if kind == "video":
        assert (region.source_width, region.source_height) == (1920, 1080)


def test_camera_off_users_do_not_auto_fill():
    document = custom(slot(0, 0), slot(320, 0))

    layout = regions(document, [person("a", camera=False), person("b"), person("c")])

    assert shown(layout) == ["b", "c"]
    assert layout.not_shown == ("a",)


@pytest.mark.parametrize(
    ("image", "kind"),
    [("https://x.test/wait.png", "placeholder"), (None, "empty"), ("", "empty")],
)
def test_unbound_slot_with_nobody_left(image, kind):
    extra = {"BackgroundImageUrl": image} if image is not None else {}
    document = custom(slot(0, 0, **extra))

    (region,) = regions(document, []).regions

    assert (region.kind, region.reason, region.user_id) == (kind, "empty-slot", None)


@pytest.mark.parametrize(
    ("width", "height", "expected"),
    [
        (0, 0, (0, 0, W, H)),
        (0, 180, (0, 0, W, 180)),
        (320, 0, (0, 0, 320, H)),
        (320, 180, (0, 0, 320, 180)),
    ],
)
def test_zero_width_or_height_means_the_whole_canvas(width, height, expected):
    document = custom(slot(0, 0, width, height))

    (region,) = regions(document, [person("a")]).regions

    assert rect(region) == expected


@pytest.mark.parametrize(
    ("zorders", "draw_order"),
    [
        ([0, 0, 0], [0, 1, 2]),
        ([2, 0, 1], [1, 2, 0]),
        ([1, 0, 1, 0], [1, 3, 0, 2]),
        ([None, 5, "7"], [0, 2, 1]),
    ],
)
def test_draw_order_is_zorder_then_list_order(zorders, draw_order):
    document = custom(*(slot(ZOrder=z) for z in zorders))

    layout = regions(document, people(len(zorders)))

    assert [region.slot_index for region in layout.regions] == draw_order


def test_slot_settings_are_carried_to_the_region():
    crop = {"LocationX": 0, "LocationY": 90, "Width": 1280, "Height": 540}
    custom_render = {"Width": 100, "Height": 100, "Radius": 50}
    document = custom(
        slot(
            user="a",
            RenderMode=2,
            CustomCrop=crop,
            BackgroundImageUrl="https://x.test/p.png",
            BackgroundRenderMode=4,
            BackgroundCustomRender=custom_render,
            TransparentUrl="https://x.test/mask.png",
        )
    )

    (region,) = regions(document, [person("a")]).regions

    assert region.render_mode == 2
    assert region.crop == crop
    assert region.placeholder_render_mode == 4
    assert region.custom_render == custom_render
    assert region.transparent_url == "https://x.test/mask.png"


def test_missing_slot_settings_take_the_reference_defaults():
    document = custom({})

    (region,) = regions(document, [person("a")]).regions

    assert rect(region) == (0, 0, W, H)
    assert (region.zorder, region.render_mode, region.placeholder_render_mode) == (0, 0, 3)
    assert (region.crop, region.placeholder_url, region.transparent_url) == (None, None, None)


@pytest.mark.parametrize("bad", ["10", 10.5, None, True, [1]])
def test_values_that_are_not_integers_take_their_default(bad):
    document = custom(
        {"LocationX": bad, "LocationY": bad, "ImageWidth": bad, "ZOrder": bad, "RenderMode": bad}
    )

    (region,) = regions(document, [person("a")]).regions

    assert (region.x, region.y, region.w, region.zorder, region.render_mode) == (0, 0, W, 0, 0)


def test_entries_that_are_not_objects_are_skipped_keeping_slot_indexes():
    document = custom(slot(0, 0), "oops", None, slot(320, 0))

    layout = regions(document, people(2))

    assert [(r.slot_index, r.user_id) for r in layout.regions] == [(0, "u1"), (3, "u2")]


@pytest.mark.parametrize(
    "document",
    [
        {},
        {"VideoEncode": None, "LayoutParams": None},
        {"VideoEncode": {"Width": "1280"}, "LayoutParams": {"MixLayoutMode": 4}},
        {"LayoutParams": {"MixLayoutMode": 4, "MixLayoutList": {"not": "a list"}}},
        {"LayoutParams": {"MixLayoutMode": 4, "MixLayoutList": [{"UserMediaStream": 5}]}},
        {"LayoutParams": {"MixLayoutList": [{"UserMediaStream": {"UserInfo": {}}}]}},
        {"LayoutParams": {"MaxVideoUser": {"UserMediaStream": {"UserInfo": {"UserId": 3}}}}},
        {"LayoutParams": {"MixLayoutMode": 2, "PureAudioHoldPlaceMode": "1", "RenderMode": []}},
    ],
)
def test_partial_documents_do_not_crash(document):
    layout = regions(document, people(3) + [person("x", camera=False)])

    assert all(region.w >= 0 and region.h >= 0 for region in layout.regions)


@pytest.mark.parametrize(("mode", "effective"), [(None, 1), ("4", 1), (0, 1), (9, 1), (3, 3)])
def test_layout_mode_defaults_to_floating(mode, effective):
    assert regions({"LayoutParams": {"MixLayoutMode": mode}}, people(2)).mode == effective


def test_binding_without_room_means_the_main_room():
    document = custom(slot(user="a"))

    main_first = regions(document, [person("a"), person("a", room=("other", 1))])
    other_first = regions(document, [person("a", room=("other", 1)), person("a")])
    explicit_main = regions(document, [person("a", room=("other", 1)), person("a")], main_room=MAIN)

    assert by_slot(main_first)[0].room_id == "8888"
    assert by_slot(other_first)[0].room_id == "other"
    assert by_slot(explicit_main)[0].room_id == "8888"


def test_cross_room_binding_matches_room_and_type():
    document = custom(slot(0, 0, user="pk", room=("9999", 0)), slot(320, 0, user="pk"))

    layout = regions(document, [person("host"), person("pk", room=("9999", 0))])

    assert by_slot(layout)[0].kind == "video"
    assert by_slot(layout)[1].reason == "absent-empty"


def test_auto_fill_takes_users_of_the_main_room_only():
    document = custom(slot(0, 0), slot(320, 0))

    layout = regions(document, [person("host"), person("guest", room=("9999", 0))])

    assert shown(layout) == ["host"]
    assert layout.not_shown == ("guest",)


# --- dynamic templates (modes 1, 2, 3): the D.4 placeholder rules ------------------


def test_dynamic_templates_are_marked_approximate():
    for mode in (1, 2, 3):
        assert regions(dynamic(mode), people(2)).approximate is True


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, [(0, 0, 1280, 720)]),
        (2, [(0, 0, 640, 720), (640, 0, 640, 720)]),
        (3, [(0, 0, 640, 360), (640, 0, 640, 360), (0, 360, 640, 360)]),
        # 5: 3 columns x 2 rows, cell floor(1280 / 3) = 426 by 360
        (
            5,
            [
                (0, 0, 426, 360),
                (426, 0, 426, 360),
                (852, 0, 426, 360),
                (0, 360, 426, 360),
                (426, 360, 426, 360),
            ],
        ),  # fmt: skip
        # 10: 4 columns x 3 rows, cell 320 by 240
        (10, [(x, y, 320, 240) for y in (0, 240, 480) for x in (0, 320, 640, 960)][:10]),
    ],
)
def test_grid_cells_by_hand(count, expected):
    layout = regions(dynamic(3), people(count))

    assert [rect(region) for region in layout.regions] == expected
    assert shown(layout) == [f"u{number}" for number in range(1, count + 1)]
    assert {region.reason for region in layout.regions} == {"template-grid"}


@pytest.mark.parametrize(
    ("count", "columns", "rows"),
    [
        (1, 1, 1),
        (2, 2, 1),
        (3, 2, 2),
        (4, 2, 2),
        (5, 3, 2),
        (6, 3, 2),
        (7, 3, 3),
        (8, 3, 3),
        (9, 3, 3),
        (10, 4, 3),
        (11, 4, 3),
        (12, 4, 3),
        (13, 4, 4),
        (14, 4, 4),
        (15, 4, 4),
        (16, 4, 4),
    ],  # fmt: skip
)
def test_grid_shape_follows_the_d4_table(count, columns, rows):
    layout = regions(dynamic(3, 1920, 1080), people(count))

    cell_w, cell_h = 1920 // columns, 1080 // rows
    assert {(region.w, region.h) for region in layout.regions} == {(cell_w, cell_h)}
    assert len({region.x for region in layout.regions}) == min(count, columns)
    assert len({region.y for region in layout.regions}) == rows


def test_floating_by_hand_on_1280x720():
    # cell 320 x 180, inset round(720 / 100) = 7 px, row 0 at the bottom
    layout = regions(dynamic(1), people(6))

    assert [(rect(r), r.zorder, r.reason) for r in layout.regions] == [
        ((0, 0, 1280, 720), 0, "template-big"),
        ((7, 547, 306, 166), 1, "template-small"),
        ((327, 547, 306, 166), 1, "template-small"),
        ((647, 547, 306, 166), 1, "template-small"),
        ((967, 547, 306, 166), 1, "template-small"),
        ((7, 367, 306, 166), 1, "template-small"),
    ]


def test_floating_inset_rounds_min_side_over_100():
    # 1080 x 1920 portrait: cell 270 x 480, inset round(10.8) = 11
    layout = regions(dynamic(1, 1080, 1920), people(2))

    assert rect(layout.regions[1]) == (11, 1440 + 11, 270 - 22, 480 - 22)


def test_screen_share_by_hand_with_one_column():
    # tile 160 x 90; up to 8 small users use one column, the right-most
    layout = regions(dynamic(2), people(3))

    assert [(rect(r), r.reason) for r in layout.regions] == [
        ((0, 0, 1120, 720), "template-big"),
        ((1120, 0, 160, 90), "template-small"),
        ((1120, 90, 160, 90), "template-small"),
    ]


def test_screen_share_by_hand_with_two_columns():
    layout = regions(dynamic(2), people(11))
    big, *small = layout.regions

    assert rect(big) == (0, 0, 1280 - 2 * 160, 720)
    assert [rect(tile) for tile in small] == [(1120, row * 90, 160, 90) for row in range(8)] + [
        (960, 0, 160, 90),
        (960, 90, 160, 90),
    ]


def test_screen_share_alone_still_reserves_the_tile_column():
    (big,) = regions(dynamic(2), people(1)).regions

    assert rect(big) == (0, 0, 1120, 720)


CANVASES = [(1280, 720), (1920, 1080), (720, 1280), (1080, 960), (1, 1), (0, 0)]


@pytest.mark.parametrize(
    ("mode", "count", "canvas"),
    list(itertools.product((1, 2, 3), range(1, 17), CANVASES)),
)
def test_every_user_gets_a_picture_inside_the_canvas(mode, count, canvas):
    layout = regions(dynamic(mode, *canvas), people(count))

    assert len(layout.regions) == count
    assert layout.not_shown == ()
    for region in layout.regions:
        assert 0 <= region.x and region.x + region.w <= canvas[0]
        assert 0 <= region.y and region.y + region.h <= canvas[1]


@pytest.mark.parametrize("count", range(2, 17))
@pytest.mark.parametrize("canvas", [(1280, 720), (1080, 1920), (1000, 999)])
def test_grid_cells_do_not_overlap(count, canvas):
    cells = [rect(region) for region in regions(dynamic(3, *canvas), people(count)).regions]

    assert not any(overlap(a, b) for a, b in itertools.combinations(cells, 2))


@pytest.mark.parametrize("mode", [1, 2])
@pytest.mark.parametrize("count", range(3, 17))
def test_small_tiles_do_not_overlap_each_other(mode, count):
    small = [rect(region) for region in regions(dynamic(mode), people(count)).regions[1:]]

    assert not any(overlap(a, b) for a, b in itertools.combinations(small, 2))


@pytest.mark.parametrize("count", range(2, 17))
def test_screen_share_big_area_leaves_the_tiles_free(count):
    big, *small = regions(dynamic(2), people(count)).regions

    assert not any(overlap(rect(big), rect(tile)) for tile in small)


@pytest.mark.parametrize("mode", [1, 2, 3])
def test_seventeen_users_are_capped_at_sixteen(mode):
    layout = regions(dynamic(mode), people(17))

    assert len(layout.regions) == TEMPLATE_GEOMETRY["max_inputs"] == 16
    assert layout.not_shown == ("u17",)


def test_max_video_user_who_joined_seventeenth_pushes_out_the_sixteenth():
    document = dynamic(1, MaxVideoUser=max_video_user("u17"))

    layout = regions(document, people(17))

    assert layout.regions[0].user_id == "u17"
    assert layout.not_shown == ("u16",)


def test_audio_only_users_count_toward_the_sixteen_inputs_without_a_slot():
    room = [person("quiet", camera=False)] + people(16)

    layout = regions(dynamic(3), room)

    assert len(layout.regions) == 15
    assert layout.not_shown == ("quiet", "u16")


@pytest.mark.parametrize("mode", [1, 2, 3])
@pytest.mark.parametrize(
    ("hold", "expected"),
    [
        (0, [("a", "video"), ("c", "video")]),
        (1, [("a", "video"), ("b", "placeholder"), ("c", "video")]),
        (None, [("a", "video"), ("c", "video")]),
    ],
)
def test_audio_only_users_take_a_slot_only_with_pure_audio_hold_place(mode, hold, expected):
    room = [person("a"), person("b", camera=False), person("c")]
    document = dynamic(mode, PureAudioHoldPlaceMode=hold)

    layout = regions(document, room)

    assert [(region.user_id, region.kind) for region in layout.regions] == expected
    assert layout.not_shown == ("b",)
    audio_tiles = [region for region in layout.regions if region.kind == "placeholder"]
    assert all(tile.placeholder_url is None for tile in audio_tiles)
    assert all(tile.source_width is None for tile in audio_tiles)


def test_users_publishing_nothing_take_no_slot_even_when_audio_holds_place():
    room = [person("a"), person("silent", camera=False, audio=False)]

    layout = regions(dynamic(3, PureAudioHoldPlaceMode=1), room)

    assert [region.user_id for region in layout.regions] == ["a"]


@pytest.mark.parametrize("mode", [1, 2, 3])
def test_dynamic_modes_ignore_users_of_other_rooms(mode):
    room = [person("a"), person("pk", room=("9999", 0)), person("b")]
    document = dynamic(mode, MaxVideoUser=max_video_user("pk"))

    layout = regions(document, room)

    assert shown(layout) == ["a", "b"]
    assert layout.not_shown == ("pk",)


@pytest.mark.parametrize(
    ("mode", "max_video", "room", "big", "stream_type"),
    [
        (1, None, [person("a"), person("b")], "a", 0),
        (1, max_video_user("b"), [person("a"), person("b")], "b", 0),
        (1, max_video_user("gone"), [person("a"), person("b")], "a", 0),
        (1, max_video_user("b"), [person("a"), person("b", camera=False)], "a", 0),
        (1, max_video_user("b", 1), [person("a"), person("b", screen=True)], "b", 1),
        (1, None, [person("a", camera=False), person("b")], "b", 0),
        (2, max_video_user("b"), [person("a", screen=True), person("b")], "b", 0),
        (2, None, [person("a"), person("b", screen=True)], "b", 1),
        (2, None, [person("a"), person("b")], "a", 0),
        (2, max_video_user("b", 1), [person("a"), person("b", screen=True)], "b", 1),
    ],
)
def test_big_picture_choice(mode, max_video, room, big, stream_type):
    extra = {"MaxVideoUser": max_video} if max_video else {}

    layout = regions(dynamic(mode, **extra), room)

    first = layout.regions[0]
    assert (first.user_id, first.stream_type, first.reason) == (big, stream_type, "template-big")
    assert [region.user_id for region in layout.regions].count(big) == 1


def test_grid_ignores_max_video_user():
    document = dynamic(3, MaxVideoUser=max_video_user("b"))

    assert shown(regions(document, [person("a"), person("b")])) == ["a", "b"]


def test_screen_share_big_picture_is_fitted_and_small_tiles_follow_render_mode():
    room = [person("a"), person("b", screen=True), person("c")]

    layout = regions(dynamic(2, RenderMode=2), room)

    assert [(r.user_id, r.render_mode) for r in layout.regions] == [("b", 1), ("a", 2), ("c", 2)]
    assert (layout.regions[0].source_width, layout.regions[0].source_height) == (1920, 1080)


@pytest.mark.parametrize(("render_mode", "expected"), [(None, 0), (1, 1), (2, 2)])
def test_floating_and_grid_pictures_use_the_layout_render_mode(render_mode, expected):
    for mode in (1, 3):
        layout = regions(dynamic(mode, RenderMode=render_mode), people(3))
        assert {region.render_mode for region in layout.regions} == {expected}


@settings(max_examples=200, deadline=None)
@given(
    mode=st.sampled_from([1, 2, 3]),
    width=st.integers(0, 1920),
    height=st.integers(0, 1920),
    flags=st.lists(st.tuples(st.booleans(), st.booleans(), st.booleans()), max_size=20),
    hold=st.sampled_from([0, 1]),
)
def test_dynamic_pictures_stay_inside_any_canvas(mode, width, height, flags, hold):
    room = [
        person(f"u{index}", camera=camera, audio=audio, screen=screen)
        for index, (camera, audio, screen) in enumerate(flags)
    ]

    layout = regions(dynamic(mode, width, height, PureAudioHoldPlaceMode=hold), room)

    assert len(layout.regions) <= 16
    shown_ids = {region.user_id for region in layout.regions if region.kind == "video"}
    assert shown_ids.isdisjoint(layout.not_shown)
    for region in layout.regions:
        assert 0 <= region.x and region.x + region.w <= width
        assert 0 <= region.y and region.y + region.h <= height


def test_sixteen_users_lay_out_well_under_a_millisecond():
    room = people(16)
    documents = [dynamic(1), dynamic(2), dynamic(3), custom(*(slot() for _ in range(16)))]

    for document in documents:
        best = min(timeit.repeat(lambda d=document: regions(d, room), number=50, repeat=5)) / 50
        assert best < 0.001


# --- volume-layout SEI (section C) ---------------------------------------------------


def test_sei_has_the_exact_shape_and_lists_only_video_regions():
    document = custom(
        slot(0, 0, 640, 360, user="alice", ZOrder=2),
        slot(640, 0, 640, 360, user="gone", BackgroundImageUrl="https://x.test/p.png"),
        slot(0, 360, 640, 360),
        slot(640, 360, 640, 360, ZOrder=1),
    )
    layout = regions(document, [person("alice"), person("bob")])

    sei = volume_sei(layout, app_data="show-42", volumes={"alice": 45}, ts=1648544726)

    assert sei == {
        "app_data": "show-42",
        "canvas": {"w": 1280, "h": 720},
        "regions": [
            {"uid": "bob", "zorder": 0, "volume": 0, "x": 0, "y": 360, "w": 640, "h": 360},
            {"uid": "alice", "zorder": 2, "volume": 45, "x": 0, "y": 0, "w": 640, "h": 360},
        ],
        "ver": "1.0",
        "ts": 1648544726,
    }
    assert list(sei) == ["app_data", "canvas", "regions", "ver", "ts"]
    assert list(sei["regions"][0]) == ["uid", "zorder", "volume", "x", "y", "w", "h"]
    assert json.loads(json.dumps(sei)) == sei


def test_sei_defaults_and_value_types():
    layout = regions(dynamic(3, PureAudioHoldPlaceMode=1), [person("a"), person("b", camera=False)])

    sei = volume_sei(layout, volumes={"a": 250}, ts=7)

    assert sei["app_data"] == ""
    assert [entry["uid"] for entry in sei["regions"]] == ["a"]
    assert sei["regions"][0]["volume"] == 100
    entry_types = {key: type(value) for key, value in sei["regions"][0].items()}
    assert entry_types == {"uid": str, **{key: int for key in "zorder volume x y w h".split()}}


# --- default participants -------------------------------------------------------------


def test_default_participants_are_the_bound_users_then_guests_for_free_slots():
    document = custom(
        slot(user="alice"),
        slot(),
        slot(user="bob", stream_type=1),
        slot(user="pk", room=("9999", 0)),
        slot(),
    )

    room = default_participants(document)

    assert [(p.user_id, p.room_id, p.room_id_type, p.camera, p.screen) for p in room] == [
        ("alice", "main", 1, True, False),
        ("bob", "main", 1, True, True),
        ("pk", "9999", 0, True, False),
        ("guest-1", "main", 1, True, False),
        ("guest-2", "main", 1, True, False),
    ]


def test_default_main_room_is_the_first_bound_users_room_when_written():
    document = custom(slot(user="pk", room=("9999", 0)), slot(user="alice"), slot())

    room = default_participants(document)
    layout = regions(document, room)

    assert [(p.user_id, p.room_id) for p in room] == [
        ("pk", "9999"),
        ("alice", "9999"),
        ("guest-1", "9999"),
    ]
    assert [region.kind for region in layout.regions] == ["video"] * 3


def test_default_participants_in_the_given_main_room():
    document = custom(slot(user="alice"), slot(user="pk", room=("9999", 0)), slot())

    room = default_participants(document, main_room=MAIN)

    assert [(p.user_id, p.room_id) for p in room] == [
        ("alice", "8888"),
        ("pk", "9999"),
        ("guest-1", "8888"),
    ]


def test_default_participants_fill_every_custom_slot():
    document = custom(
        slot(0, 0, user="alice"),
        slot(320, 0, user="alice", stream_type=1),
        slot(640, 0),
        slot(960, 0),
    )

    layout = regions(document, None)

    assert [region.kind for region in layout.regions] == ["video"] * 4
    assert layout.not_shown == ()


def test_guest_names_skip_bound_user_ids():
    document = custom(slot(user="guest-1"), slot(), slot())

    assert [p.user_id for p in default_participants(document)] == [
        "guest-1",
        "guest-2",
        "guest-3",
    ]


@pytest.mark.parametrize("mode", [1, 2, 3])
def test_default_participants_for_dynamic_modes_show_four_pictures(mode):
    document = dynamic(mode, MaxVideoUser=max_video_user("host"))

    room = default_participants(document)

    assert [p.user_id for p in room] == ["host", "guest-1", "guest-2", "guest-3"]
    assert len(regions(document, None).regions) == 4


def test_custom_default_participants_leave_out_max_video_user():
    document = custom(slot())
    document["LayoutParams"]["MaxVideoUser"] = max_video_user("host")

    assert [p.user_id for p in default_participants(document)] == ["guest-1"]


# --- serialisation ---------------------------------------------------------------------


def test_layout_serialises_to_plain_json():
    layout = regions(custom(slot(user="a", CustomCrop={"Width": 10, "Height": 10})), [person("a")])

    data = json.loads(json.dumps(layout.to_dict()))

    assert data["canvas_w"] == 1280 and data["approximate"] is False
    assert data["regions"][0]["crop"] == {"Width": 10, "Height": 10}
    assert data["regions"][0]["kind"] == "video"
    assert math.isclose(data["regions"][0]["source_width"] / data["regions"][0]["source_height"],
                        16 / 9)  # fmt: skip
