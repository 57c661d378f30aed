"""layouts.core.contract.document: one typed view of any JSON as a VideoParams document.

A value of the wrong type reads as absent (its default), entries that are not
objects are skipped but keep their index, and an empty RoomId means the main
room: every reader of a document (rules, geometry, renderer) relies on this.
"""

from __future__ import annotations

import pytest

from layouts.core.contract import video
from layouts.core.contract.document import read_audio_list, read_binding, read_document
from tests.factories import document

MAIN = ("8888", 0)


def user(user_id="anchor", stream_type=None, **info) -> dict:
    stream = {"UserInfo": {"UserId": user_id, **info}}
    if stream_type is not None:
        stream["StreamType"] = stream_type
    return stream


@pytest.mark.parametrize("value", [None, [], "VideoParams", 7])
def test_anything_that_is_not_an_object_reads_as_an_empty_document(value):
    doc = read_document(value)
    assert (doc.raw, doc.width, doc.height, doc.layout) == ({}, None, None, None)
    assert (doc.mode, doc.mode_given, doc.slots, doc.watermarks) == (
        video.DEFAULT_MODE,
        False,
        (),
        (),
    )
    assert doc.canvas_size() == (0, 0)


def test_the_canvas_reads_integers_only_and_draws_a_negative_side_as_zero():
    doc = read_document({"VideoEncode": {"Width": "1280", "Height": -5}})
    assert (doc.width, doc.height) == (None, -5)
    assert doc.canvas_size() == (0, 0)
    assert read_document(document(width=640, height=360)).canvas_size() == (640, 360)


@pytest.mark.parametrize(
    ("written", "mode", "given"),
    [(4, 4, True), (3, 3, True), (5, None, False), ("4", None, False), (True, None, False)],
)
def test_the_mode_in_force_is_the_written_one_or_the_default(written, mode, given):
    doc = read_document({"LayoutParams": {"MixLayoutMode": written}})
    assert (doc.mode, doc.mode_given) == (mode or video.DEFAULT_MODE, given)
    assert doc.custom is (doc.mode == video.MODE_CUSTOM)


def test_slots_that_are_not_objects_are_skipped_but_keep_their_index():
    layout = {
        "MixLayoutMode": 4,
        "MixLayoutList": ["junk", {"LocationX": 10, "ImageWidth": "wide", "ZOrder": 2}],
    }
    (slot,) = read_document({"LayoutParams": layout}).slots
    assert (slot.index, slot.label, slot.path) == (1, 2, "LayoutParams.MixLayoutList[1]")
    assert (slot.x, slot.width, slot.zorder) == (10, 0, 2)
    assert slot.rect(1280, 720) == (10, 0, 1280, 720)  # a size of 0 is the canvas's


def test_slot_choices_out_of_range_read_as_their_defaults():
    raw = {"RenderMode": 9, "BackgroundRenderMode": video.CUSTOM_PLACEHOLDER_MODE}
    (slot,) = read_document({"LayoutParams": {"MixLayoutList": [raw]}}).slots
    assert slot.render_mode == video.MCU_LAYOUT.by_name["RenderMode"].default
    assert slot.placeholder_render_mode == video.CUSTOM_PLACEHOLDER_MODE
    assert slot.binding is None and slot.placeholder_url is None


def test_bindings_are_the_slots_in_order_then_the_big_picture_user():
    layout = {
        "MixLayoutMode": 1,
        "MixLayoutList": [{"UserMediaStream": user("a")}, {}, {"UserMediaStream": user("b", 1)}],
        "MaxVideoUser": {"UserMediaStream": user("big")},
    }
    doc = read_document({"LayoutParams": layout})
    assert [(b.user_id, b.stream_type, b.path) for b in doc.bindings()] == [
        ("a", video.STREAM_CAMERA, "LayoutParams.MixLayoutList[0].UserMediaStream.UserInfo"),
        ("b", video.STREAM_SCREEN, "LayoutParams.MixLayoutList[2].UserMediaStream.UserInfo"),
        ("big", video.STREAM_CAMERA, "LayoutParams.MaxVideoUser.UserMediaStream.UserInfo"),
    ]


@pytest.mark.parametrize(
    ("info", "key"),
    [
        ({}, ("u", "8888", 0)),
        ({"RoomId": ""}, ("u", "8888", 0)),  # an empty RoomId is the main room too
        ({"RoomId": "8888", "RoomIdType": 1}, ("u", "8888", 1)),
        ({"RoomId": "9999"}, ("u", "9999", 0)),  # the main room's type, presumably
    ],
)
def test_a_binding_key_takes_the_main_room_for_what_is_left_out(info, key):
    binding = read_binding(user("u", **info), "P")
    assert binding is not None and binding.key(MAIN) == key


def test_without_a_main_room_what_is_left_out_stays_unknown():
    binding = read_binding(user("u"), "P")
    assert binding is not None and binding.key(None) == ("u", None, None)


def test_a_binding_names_a_user_only_with_a_user_id():
    assert read_binding({"UserInfo": {"UserId": ""}}, "P").names_user is False
    assert read_binding({"UserInfo": {}}, "P").user_id is None
    assert read_binding({"UserInfo": "x"}, "P") is None
    assert read_binding(None, "P") is None


def test_watermarks_read_their_type_and_the_part_it_needs():
    marks = [
        {"WaterMarkImage": {"ZOrder": 3}},
        "junk",
        {"WaterMarkType": video.WATERMARK_TEXT_TYPE, "WaterMarkText": {"ZOrder": 7}},
        {"WaterMarkType": 9},
    ]
    doc = read_document({"WaterMarkList": marks})
    assert [(m.index, m.kind, m.body_name, m.zorder) for m in doc.watermarks] == [
        (0, video.WATERMARK_IMAGE_TYPE, "WaterMarkImage", 3),
        (2, video.WATERMARK_TEXT_TYPE, "WaterMarkText", 7),
        (3, None, "WaterMarkImage", 0),
    ]
    assert doc.watermarks[1].path == "WaterMarkList[2]"


def test_an_audio_list_reads_its_users_with_their_index_and_sound_level():
    audio = {
        "SubscribeAudioList": [
            {"UserInfo": {"UserId": "a"}, "SoundLevel": 40},
            {"SoundLevel": 10},
            "junk",
            {"UserInfo": {"UserId": "b", "RoomId": "9999"}, "SoundLevel": "loud"},
        ]
    }
    entries = read_audio_list(audio, "SubscribeAudioList")
    assert [(e.index, e.user.user_id, e.sound_level, e.user.path) for e in entries] == [
        (0, "a", 40, "AudioParams.SubscribeAudioList[0].UserInfo"),
        (3, "b", None, "AudioParams.SubscribeAudioList[3].UserInfo"),
    ]
    assert read_audio_list(audio, "UnSubscribeAudioList") == []
    assert read_audio_list("junk", "SubscribeAudioList") == []
