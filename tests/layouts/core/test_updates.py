"""The Update computation: what is in force + what is staged -> the one Update to send.

Pure tests: run with `pytest tests/layouts/core/test_updates.py -p no:django`.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layouts.core.contract import bodies
from layouts.core.updates import (
    START_ONLY_KEYS,
    merge_update,
    normalised,
    start_only_changes,
    update_for,
)
from tests.layouts.core.rules.requests import start_body, update_body
from tests.strategies import documents, user_stream

VIDEO = bodies.UPDATE_REQUEST.by_name["VideoParams"]


def strict_cloud(in_force: Any, update: Any) -> Any:
    """The strictest reading of R53, written independently of layouts.core.updates."""
    if isinstance(in_force, dict) and isinstance(update, dict):
        merged = dict(in_force)
        for key, value in update.items():
            merged[key] = strict_cloud(in_force.get(key), value)
        return merged
    return update


def replacing_cloud(in_force: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    """The loosest reading: each top-level part an Update carries replaces the old one."""
    return {**in_force, **update}


def task(document: dict[str, Any]) -> dict[str, Any]:
    return {
        "RoomId": "8888",
        "RoomIdType": 1,
        "WithTranscoding": 1,
        "AudioParams": {"AudioEncode": {"SampleRate": 48000, "Channel": 2, "BitRate": 64}},
        "VideoParams": document,
        "PublishCdnParams": [
            {"PublishCdnUrl": "rtmp://push.example.com/live/a", "IsTencentCdn": 1}
        ],
    }


def staged_with(params: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    return {**params, "VideoParams": document}


def on_air(params: dict[str, Any], update: dict[str, Any]) -> str:
    return normalised(strict_cloud(params, update).get("VideoParams"), VIDEO)


def base_document() -> dict[str, Any]:
    return {
        "VideoEncode": {"Width": 1280, "Height": 720, "Fps": 25, "BitRate": 1800, "Gop": 2},
        "LayoutParams": {"MixLayoutMode": 1},
    }


# -- the named cases ---------------------------------------------------------------------


def test_removing_every_watermark_sends_an_empty_list():
    before = base_document()
    before["WaterMarkList"] = [
        {
            "WaterMarkType": 1,
            "WaterMarkText": {
                "Text": "LIVE",
                "FontSize": 30,
                "LocationX": 0,
                "LocationY": 0,
                "WaterMarkWidth": 100,
                "WaterMarkHeight": 40,
            },
        }
    ]
    after = copy.deepcopy(before)
    del after["WaterMarkList"]
    plan = update_for(task(before), staged_with(task(before), after))
    assert plan.problems == ()
    assert plan.body["VideoParams"]["WaterMarkList"] == []
    assert on_air(task(before), plan.body) == normalised(after, VIDEO)


def test_setting_the_big_picture_user_sends_the_whole_layout():
    before = base_document()
    after = copy.deepcopy(before)
    after["LayoutParams"]["MaxVideoUser"] = {"UserMediaStream": user_stream("anchor")}
    plan = update_for(task(before), staged_with(task(before), after))
    assert plan.body["VideoParams"]["LayoutParams"] == after["LayoutParams"]
    # Every part of VideoParams goes, so a cloud that replaces objects ends up the same.
    assert plan.body["VideoParams"]["VideoEncode"] == before["VideoEncode"]


def test_removing_the_big_picture_user_in_floating_mode_is_refused_naming_the_field():
    before = base_document()
    before["LayoutParams"]["MaxVideoUser"] = {"UserMediaStream": user_stream("anchor")}
    after = base_document()
    plan = update_for(task(before), staged_with(task(before), after))
    assert plan.body.get("VideoParams") is not None  # what it would send, were it possible
    assert [(p.path, p.rule) for p in plan.problems] == [
        ("VideoParams.LayoutParams.MaxVideoUser", "R53")
    ]
    assert "another value" in plan.problems[0].message


def test_the_big_picture_user_may_stay_in_force_where_it_has_no_effect():
    before = base_document()
    before["LayoutParams"]["MaxVideoUser"] = {"UserMediaStream": user_stream("anchor")}
    after = base_document()
    after["LayoutParams"] = {"MixLayoutMode": 3}
    plan = update_for(task(before), staged_with(task(before), after))
    assert plan.problems == ()
    assert plan.body["VideoParams"]["LayoutParams"] == {
        "MixLayoutMode": 3,
    }
    assert on_air(task(before), plan.body) == normalised(after, VIDEO)


def test_a_mode_switch_to_custom_clears_the_template_settings_it_can():
    before = base_document()
    before["LayoutParams"].update({"RenderMode": 2, "PureAudioHoldPlaceMode": 1})
    after = base_document()
    after["LayoutParams"] = {
        "MixLayoutMode": 4,
        "MixLayoutList": [{"ImageWidth": 640, "ImageHeight": 360, "LocationX": 0, "LocationY": 0}],
    }
    plan = update_for(task(before), staged_with(task(before), after))
    layout = plan.body["VideoParams"]["LayoutParams"]
    assert layout["RenderMode"] == 0 and layout["PureAudioHoldPlaceMode"] == 0
    assert on_air(task(before), plan.body) == normalised(after, VIDEO)


def test_removed_slots_and_a_removed_background_are_said_explicitly():
    before = base_document()
    before["LayoutParams"] = {
        "MixLayoutMode": 4,
        "MixLayoutList": [
            {"ImageWidth": 640, "ImageHeight": 360, "LocationX": 0, "LocationY": 0},
            {"ImageWidth": 640, "ImageHeight": 360, "LocationX": 640, "LocationY": 0},
        ],
    }
    before["BackgroundImageUrl"] = "https://img.example.com/bg.png"
    before["BackGroundColor"] = "0x112233"
    after = copy.deepcopy(before)
    after["LayoutParams"]["MixLayoutList"].pop()
    del after["BackgroundImageUrl"], after["BackGroundColor"]
    plan = update_for(task(before), staged_with(task(before), after))
    video = plan.body["VideoParams"]
    assert len(video["LayoutParams"]["MixLayoutList"]) == 1
    assert video["BackgroundImageUrl"] == "" and video["BackGroundColor"] == "0x000000"


def test_an_encode_change_sends_the_whole_encode():
    before = base_document()
    after = copy.deepcopy(before)
    after["VideoEncode"]["BitRate"] = 2500
    plan = update_for(task(before), staged_with(task(before), after))
    assert plan.body == {"VideoParams": after}


def test_nothing_staged_means_nothing_to_send():
    document = base_document()
    staged = copy.deepcopy(document)
    staged["LayoutParams"]["RenderMode"] = 0  # the default: the same picture
    plan = update_for(task(document), staged_with(task(document), staged))
    assert not plan.changes_anything and plan.problems == ()


def test_a_new_cdn_list_replaces_the_old_one_and_nothing_else_goes():
    params = task(base_document())
    staged = {
        **params,
        "PublishCdnParams": [{"PublishCdnUrl": "rtmp://b.example.com/x", "IsTencentCdn": 1}],
    }
    plan = update_for(params, staged)
    assert plan.body == {"PublishCdnParams": staged["PublishCdnParams"]}


# -- the other parts R54 lets an Update change ---------------------------------------------

GUEST = {"UserInfo": {"UserId": "guest", "RoomId": "8888", "RoomIdType": 1}}


def with_audio_lists(params: dict[str, Any], **lists: Any) -> dict[str, Any]:
    return {**params, "AudioParams": {**params["AudioParams"], **lists}}


def test_muting_a_guest_sends_both_lists_and_leaves_the_encode_out():
    params = with_audio_lists(task(base_document()), SubscribeAudioList=[GUEST])
    staged = {
        **params,
        "AudioParams": {"SubscribeAudioList": [GUEST], "UnSubscribeAudioList": [GUEST]},
    }
    plan = update_for(params, staged)
    assert plan.problems == ()
    assert plan.body == {
        "AudioParams": {"SubscribeAudioList": [GUEST], "UnSubscribeAudioList": [GUEST]}
    }
    on_air_audio = strict_cloud(params, plan.body)["AudioParams"]
    assert on_air_audio["AudioEncode"] == params["AudioParams"]["AudioEncode"]


def test_a_staged_audio_params_with_the_same_encode_still_leaves_it_out():
    params = task(base_document())
    staged = with_audio_lists(params, SubscribeAudioList=[{**GUEST, "SoundLevel": 40}])
    plan = update_for(params, staged)
    assert "AudioEncode" not in plan.body["AudioParams"]
    assert plan.body["AudioParams"]["UnSubscribeAudioList"] == []


def test_unmuting_the_last_guest_says_the_blacklist_is_empty():
    params = with_audio_lists(task(base_document()), UnSubscribeAudioList=[GUEST])
    staged = with_audio_lists(task(base_document()))
    plan = update_for(params, staged)
    assert plan.body == {"AudioParams": {"SubscribeAudioList": [], "UnSubscribeAudioList": []}}
    assert replacing_cloud(params, plan.body)["AudioParams"].get("UnSubscribeAudioList") == []


def test_a_changed_audio_encoding_is_refused_naming_r55():
    params = task(base_document())
    staged = copy.deepcopy(params)
    staged["AudioParams"]["AudioEncode"]["BitRate"] = 128
    plan = update_for(params, staged)
    assert [(p.path, p.rule) for p in plan.problems] == [("AudioParams.AudioEncode", "R55")]


def test_an_sei_change_sends_the_whole_sei_and_turning_it_off_is_refused():
    params = {**task(base_document()), "SeiParams": {"LayoutVolume": {"AppData": "a"}}}
    changed = {**params, "SeiParams": {"LayoutVolume": {"AppData": "b", "FollowIdr": 1}}}
    assert update_for(params, changed).body == {"SeiParams": changed["SeiParams"]}
    off = update_for(params, {**params, "SeiParams": {}})
    assert [(p.path, p.rule) for p in off.problems] == [("SeiParams.LayoutVolume", "R53")]


def test_push_back_rooms_and_the_relayed_user_are_replaced_whole():
    relay = {"UserMediaStream": {"UserInfo": {"UserId": "a"}, "StreamType": 0}}
    params = {**task(base_document()), "SingleSubscribeParams": relay, "FeedBackRoomParams": []}
    rooms = [{"RoomId": "7", "RoomIdType": 0, "UserId": "fb_7", "UserSig": "sig"}]
    other = {"UserMediaStream": {"UserInfo": {"UserId": "b"}, "StreamType": 1}}
    plan = update_for(
        params, {**params, "SingleSubscribeParams": other, "FeedBackRoomParams": rooms}
    )
    assert plan.body == {"SingleSubscribeParams": other, "FeedBackRoomParams": rooms}


@settings(max_examples=100, deadline=None)
@given(
    before=st.lists(st.sampled_from(["a", "b", "c", "d"]), unique=True, max_size=3),
    after=st.lists(st.sampled_from(["a", "b", "c", "d"]), unique=True, max_size=3),
    muted=st.lists(st.sampled_from(["a", "b", "c", "d"]), unique=True, max_size=2),
)
def test_any_audio_list_change_ends_up_on_air_exactly_and_never_sends_the_encode(
    before, after, muted
):
    def entries(users: list[str]) -> list[dict[str, Any]]:
        return [{"UserInfo": {"UserId": user}} for user in users]

    params = with_audio_lists(task(base_document()), SubscribeAudioList=entries(before))
    staged = {**params, "AudioParams": {"SubscribeAudioList": entries(after)}}
    if muted:
        staged["AudioParams"]["UnSubscribeAudioList"] = entries(muted)
    plan = update_for(params, staged)
    assert plan.problems == ()
    audio = bodies.UPDATE_REQUEST.by_name["AudioParams"]
    full_staged = {**staged["AudioParams"], "AudioEncode": params["AudioParams"]["AudioEncode"]}
    for cloud in (strict_cloud, replacing_cloud):
        if not plan.body:
            continue
        assert "AudioEncode" not in plan.body["AudioParams"]
        assert set(plan.body["AudioParams"]) == {"SubscribeAudioList", "UnSubscribeAudioList"}
        held = cloud(params, plan.body)["AudioParams"]
        held = {**held, "AudioEncode": params["AudioParams"]["AudioEncode"]}
        assert normalised(held, audio) == normalised(full_staged, audio)


def test_merge_update_merges_objects_at_every_level():
    in_force = {"VideoParams": {"LayoutParams": {"MixLayoutMode": 1, "RenderMode": 2}}}
    merged = merge_update(in_force, {"VideoParams": {"LayoutParams": {"MixLayoutMode": 3}}})
    assert merged["VideoParams"]["LayoutParams"] == {"MixLayoutMode": 3, "RenderMode": 2}
    assert in_force["VideoParams"]["LayoutParams"]["MixLayoutMode"] == 1  # not touched


# -- generated pairs ---------------------------------------------------------------------


def _legitimate_refusal(problem_path: str, before: dict[str, Any], after: dict[str, Any]) -> bool:
    """A refusal is right only for an object in force that the staged document dropped."""
    keys = problem_path.split(".")[1:]  # below VideoParams
    old, new = before, after
    for key in keys:
        old = old.get(key) if isinstance(old, dict) else None
        new = new.get(key) if isinstance(new, dict) else None
    return isinstance(old, dict) and new is None


@settings(max_examples=300, deadline=None)
@given(before=documents(), after=documents())
def test_a_take_leaves_exactly_the_staged_document_on_air(before, after):
    params = task(before)
    plan = update_for(params, staged_with(params, after))
    if plan.problems:
        assert all(p.rule == "R53" for p in plan.problems)
        assert all(_legitimate_refusal(p.path, before, after) for p in plan.problems)
        return
    expected = normalised(after, VIDEO)
    assert on_air(params, plan.body) == expected
    # A cloud that replaces whole parts (instead of merging) ends up the same.
    assert normalised(replacing_cloud(params, plan.body)["VideoParams"], VIDEO) == expected
    # Only what changed goes: the other parts of the task are not in the body.
    assert set(plan.body) <= {"VideoParams"}


@settings(max_examples=100, deadline=None)
@given(before=documents(), middle=documents(), after=documents(), data=st.data())
def test_takes_in_a_row_keep_the_program_and_the_parameters_in_force_equal(
    before, middle, after, data
):
    params = task(before)
    for staged in (middle, after):
        plan = update_for(params, staged_with(params, staged))
        if plan.problems:
            return
        cloud = strict_cloud(params, plan.body)
        params = merge_update(params, plan.body)
        assert normalised(cloud["VideoParams"], VIDEO) == normalised(params["VideoParams"], VIDEO)
        assert normalised(params["VideoParams"], VIDEO) == normalised(staged, VIDEO)


def test_merge_update_keeps_what_the_update_leaves_out():
    started = start_body()
    update = update_body(
        SequenceNumber=9,
        VideoParams={"VideoEncode": {"BitRate": 900}, "LayoutParams": {"MixLayoutMode": 3}},
        PublishCdnParams=[{"PublishCdnUrl": "rtmp://push.example.com/b"}],
    )
    merged = merge_update(started, update)
    assert merged["VideoParams"]["VideoEncode"] == {
        **started["VideoParams"]["VideoEncode"],
        "BitRate": 900,
    }
    assert merged["VideoParams"]["LayoutParams"]["MixLayoutMode"] == 3
    assert (
        merged["VideoParams"]["LayoutParams"]["MixLayoutList"]
        == (started["VideoParams"]["LayoutParams"]["MixLayoutList"])
    )
    assert merged["PublishCdnParams"] == [{"PublishCdnUrl": "rtmp://push.example.com/b"}]
    assert merged["AgentParams"] == started["AgentParams"]
    assert "SequenceNumber" not in merged and "TaskId" not in merged
    assert started == start_body()  # not changed in place


# ---------------------------------------------------------------------------
# What only a Start sets (R55): a staged change to it is refused naming the field.

START_ONLY_CASES = [
    # (id, change to the staged parameters, the path refused)
    ("the robot's idle time", ("AgentParams", "MaxIdleTime", 120), "AgentParams.MaxIdleTime"),
    ("the robot", ("AgentParams", "UserId", "other_robot"), "AgentParams.UserId"),
    ("the room", (None, "RoomId", "9999"), "RoomId"),
    ("the room type", (None, "RoomIdType", 1), "RoomIdType"),
    ("transcoding", (None, "WithTranscoding", 0), "WithTranscoding"),
    ("recording", (None, "RecordParams", {"UniRecord": 2}), "RecordParams"),
]


def start_changed(change: tuple[Any, str, Any]) -> dict[str, Any]:
    part, key, value = change
    staged = start_body()
    (staged[part] if part else staged)[key] = value
    return staged


def test_every_key_only_a_start_sets_is_compared():
    assert set(START_ONLY_KEYS) == {
        "RoomId",
        "RoomIdType",
        "AgentParams",
        "WithTranscoding",
        "RecordParams",
    }


@pytest.mark.parametrize(
    "change, path", [c[1:] for c in START_ONLY_CASES], ids=[c[0] for c in START_ONLY_CASES]
)
def test_a_staged_change_to_what_only_a_start_sets_is_refused_naming_the_field(change, path):
    plan = update_for(start_body(), start_changed(change))

    assert [(p.path, p.rule) for p in plan.problems] == [(path, "R55")]
    field = path.rsplit(".", 1)[-1]
    assert plan.problems[0].message.startswith(
        f"{field} cannot change on a running task: it is set at Start"
    )


def test_secrets_and_defaults_of_what_only_a_start_sets_are_no_change():
    in_force = start_body()
    del in_force["AgentParams"]["UserSig"], in_force["AgentParams"]["MaxIdleTime"]
    in_force["RecordParams"] = {
        "UniRecord": 3,
        "McuStorageParams": {"CloudStorage": {"Bucket": "b"}},
    }
    staged = copy.deepcopy(in_force)
    staged["AgentParams"].update({"UserSig": "***", "MaxIdleTime": 30})  # the default (B.1)
    staged["RecordParams"]["McuStorageParams"]["CloudStorage"]["SecretKey"] = "***"

    assert start_only_changes(in_force, staged) == []
    assert update_for(in_force, staged).problems == ()
