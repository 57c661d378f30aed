"""A whole show launched from its preset, and every part R54 lets a live Update change.

Against the in-process emulator: each take goes through POST /api/tasks/{id}/take/
with the staged `request` parts, and what the emulator holds in force is checked.
"""

from __future__ import annotations

import copy
import json

import pytest

from layouts.core.contract import bodies
from layouts.core.show import APP_KEY, OUTPUTS_OFF
from studio.cloud.emulator.models import SandboxTask
from studio.control.models import MixTask, TaskEvent
from tests.factories import document, seed_examples

pytestmark = pytest.mark.django_db

SEED = seed_examples()
GUEST = {"UserInfo": {"UserId": "guest_1", "RoomId": "8888", "RoomIdType": 1}}
PK_GUEST = {"UserInfo": {"UserId": "pk_anchor", "RoomId": "9999", "RoomIdType": 1}}
CDN_A = {"PublishCdnUrl": "rtmp://push.example.com/live/a", "IsTencentCdn": 1}
CDN_B = {"PublishCdnUrl": "rtmp://push.example.com/live/b?txSecret=s3cr3t", "IsTencentCdn": 1}


def import_seed(api, number: int) -> int:
    raw = json.dumps(SEED[number - 1])
    response = api.generic("POST", "/api/presets/import/", raw, content_type="application/json")
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def in_force(task: dict) -> dict:
    return SandboxTask.objects.get(task_id=task["task_id"]).params


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
def test_each_seed_example_launches_from_its_preset_alone(api, number):
    preset = import_seed(api, number)
    response = api.post("/api/tasks/", {"preset": preset, "request": {}}, format="json")
    assert response.status_code == 201, response.json()
    task = response.json()
    assert task["status"] == "running" and task["preset"] == preset
    sent = TaskEvent.objects.get(action="StartPublishCdnStream").request
    expected = copy.deepcopy(SEED[number - 1])
    del expected["SdkAppId"]
    expected["AgentParams"] = {**expected["AgentParams"], "UserSig": "***"}
    assert {key: value for key, value in sent.items() if key != "SdkAppId"} == expected
    assert bodies.media_kind(in_force(task)) == bodies.media_kind(SEED[number - 1])


def test_launching_without_filling_from_the_preset_only_records_it(api):
    preset = import_seed(api, 1)
    body = copy.deepcopy(SEED[2])  # the audio-only relay, launched as it is
    del body["SdkAppId"], body["AgentParams"]["UserSig"]
    response = api.post(
        "/api/tasks/",
        {"preset": preset, "request": body, "fill_from_preset": False},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["preset"] == preset
    assert "VideoParams" not in in_force(response.json())


def test_a_usersig_of_another_app_is_refused_before_sending(api):
    preset = import_seed(api, 1)
    body = {"AgentParams": copy.deepcopy(SEED[0]["AgentParams"])}  # issued for 1400188366
    response = api.post("/api/tasks/check/", {"preset": preset, "request": body}, format="json")
    problems = [(p["path"], p["rule"]) for p in response.json()["problems"]]
    assert ("AgentParams.UserSig", "R11") in problems
    assert response.json()["valid"] is False
    started = api.post("/api/tasks/", {"preset": preset, "request": body}, format="json")
    assert started.status_code == 400
    assert not TaskEvent.objects.exists()


def launch(api, **extra) -> dict:
    request = {
        "RoomId": "8888",
        "RoomIdType": 1,
        "AgentParams": {},
        "WithTranscoding": 1,
        "AudioParams": {
            "AudioEncode": {"SampleRate": 48000, "Channel": 2, "BitRate": 64},
            "SubscribeAudioList": [GUEST],
        },
        "VideoParams": document(),
        "PublishCdnParams": [CDN_A],
        "SeiParams": {"LayoutVolume": {"AppData": "show-1"}},
    }
    request.update(extra)
    response = api.post("/api/tasks/", {"request": request}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def take(api, task: dict, request: dict, **extra):
    return api.post(f"/api/tasks/{task['id']}/take/", {"request": request, **extra}, format="json")


def last_update() -> dict:
    return TaskEvent.objects.filter(action="UpdatePublishCdnStream").order_by("-id").first()


def test_muting_a_guest_sends_both_audio_lists_and_no_encode(api):
    task = launch(api)
    audio = {
        "SubscribeAudioList": [GUEST],
        "UnSubscribeAudioList": [{"UserInfo": GUEST["UserInfo"]}],
    }
    response = take(api, task, {"AudioParams": audio})
    assert response.status_code == 200, response.json()
    event = last_update()
    assert event.sequence_number == 1 and event.error_code == ""
    assert event.request["AudioParams"] == audio  # R55: AudioEncode stays out
    held = in_force(task)["AudioParams"]
    assert held["UnSubscribeAudioList"] == audio["UnSubscribeAudioList"]
    assert held["AudioEncode"]["SampleRate"] == 48000


def test_adding_a_guest_of_another_room_with_a_sound_level(api):
    task = launch(api)
    added = {**PK_GUEST, "SoundLevel": 60}
    response = take(api, task, {"AudioParams": {"SubscribeAudioList": [GUEST, added]}})
    assert response.status_code == 200, response.json()
    assert in_force(task)["AudioParams"]["SubscribeAudioList"] == [GUEST, added]
    assert last_update().request["AudioParams"]["UnSubscribeAudioList"] == []


def test_changing_the_audio_encoding_is_refused_before_sending_naming_r55(api):
    task = launch(api)
    audio = {"AudioEncode": {"SampleRate": 44100, "Channel": 2, "BitRate": 64}}
    response = take(api, task, {"AudioParams": audio})
    assert response.status_code == 409
    assert [p["rule"] for p in response.json()["problems"]] == ["R55"]
    assert last_update() is None


def test_changing_the_sei_app_data_and_pass_through(api):
    task = launch(api)
    sei = {
        "LayoutVolume": {"AppData": "show-2", "Interval": 500, "FollowIdr": 1},
        "PassThrough": {"PayloadContent": "cue", "PayloadType": 101, "Interval": 2000},
    }
    response = take(api, task, {"SeiParams": sei})
    assert response.status_code == 200, response.json()
    assert in_force(task)["SeiParams"]["LayoutVolume"]["AppData"] == "show-2"
    assert in_force(task)["SeiParams"]["PassThrough"]["PayloadContent"] == "cue"


def test_turning_the_volume_sei_off_is_refused_naming_r53(api):
    task = launch(api)
    response = take(api, task, {"SeiParams": {}})
    assert response.status_code == 409
    assert [(p["path"], p["rule"]) for p in response.json()["problems"]] == [
        ("SeiParams.LayoutVolume", "R53")
    ]


def test_adding_a_push_back_room_signs_its_robot(api):
    task = launch(api)
    room = {"RoomId": "7777", "RoomIdType": 1, "UserId": "mixstudio_fb_7777"}
    response = take(api, task, {"FeedBackRoomParams": [room]})
    assert response.status_code == 200, response.json()
    assert in_force(task)["FeedBackRoomParams"][0]["UserId"] == "mixstudio_fb_7777"
    assert last_update().request["FeedBackRoomParams"][0]["UserSig"] == "***"  # sent, masked


def test_the_relayed_user_of_a_single_stream_relay_changes(api):
    preset = import_seed(api, 3)
    task = api.post("/api/tasks/", {"preset": preset, "request": {}}, format="json").json()
    stream = {
        "UserMediaStream": {
            "UserInfo": {"UserId": "Trtc_User_1", "RoomId": "195044", "RoomIdType": 0},
            "StreamType": 0,
        }
    }
    response = take(api, task, {"SingleSubscribeParams": stream})
    assert response.status_code == 200, response.json()
    assert in_force(task)["SingleSubscribeParams"] == stream


def test_an_output_turned_off_is_kept_and_turned_on_again_as_it_was(api):
    task = launch(api, PublishCdnParams=[CDN_A, CDN_B])
    shown = api.get(f"/api/tasks/{task['id']}/").json()["params"]["PublishCdnParams"]
    masked_b = shown[1]
    assert "s3cr3t" not in json.dumps(masked_b)

    off = take(api, task, {"PublishCdnParams": [shown[0]], APP_KEY: {OUTPUTS_OFF: [masked_b]}})
    assert off.status_code == 200, off.json()
    assert bodies.cdn_urls(in_force(task)) == [CDN_A["PublishCdnUrl"]]
    stored = MixTask.objects.get(pk=task["id"])
    assert stored.outputs_off == [CDN_B]  # the real URL, kept
    assert "s3cr3t" not in json.dumps(off.json())

    on = take(api, task, {"PublishCdnParams": [shown[0], masked_b], APP_KEY: {OUTPUTS_OFF: []}})
    assert on.status_code == 200, on.json()
    assert bodies.cdn_urls(in_force(task)) == [CDN_A["PublishCdnUrl"], CDN_B["PublishCdnUrl"]]
    assert MixTask.objects.get(pk=task["id"]).outputs_off == []
    numbers = list(
        TaskEvent.objects.filter(action="UpdatePublishCdnStream").values_list(
            "sequence_number", flat=True
        )
    )
    assert sorted(numbers) == [1, 2]


def test_forgetting_an_output_that_is_off_sends_nothing(api):
    task = launch(api, PublishCdnParams=[CDN_A, CDN_B])
    take(api, task, {"PublishCdnParams": [CDN_A], APP_KEY: {OUTPUTS_OFF: [CDN_B]}})
    response = take(api, task, {APP_KEY: {OUTPUTS_OFF: []}})
    assert response.status_code == 200, response.json()
    assert response.json()["outputs_off"] == []
    assert TaskEvent.objects.filter(action="UpdatePublishCdnStream").count() == 1


def test_a_preset_s_outputs_off_start_off_and_are_never_sent(api):
    created = api.post(
        "/api/presets/",
        {
            "name": "two outputs",
            "document": document(),
            "request": {
                "WithTranscoding": 1,
                "RoomId": "8888",
                "RoomIdType": 1,
                "AudioParams": {"AudioEncode": {"SampleRate": 48000, "Channel": 2, "BitRate": 64}},
                "PublishCdnParams": [CDN_A],
                APP_KEY: {OUTPUTS_OFF: [CDN_B]},
            },
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    exported = api.get(f"/api/presets/{created.json()['id']}/request/").json()
    assert APP_KEY not in exported
    task = api.post("/api/tasks/", {"preset": created.json()["id"], "request": {}}, format="json")
    assert task.status_code == 201, task.json()
    assert bodies.cdn_urls(in_force(task.json())) == [CDN_A["PublishCdnUrl"]]
    assert MixTask.objects.get(pk=task.json()["id"]).outputs_off == [CDN_B]
    assert APP_KEY not in TaskEvent.objects.get(action="StartPublishCdnStream").request


def test_a_dry_run_answers_the_update_and_the_outputs_off(api):
    task = launch(api, PublishCdnParams=[CDN_A, CDN_B])
    plan = take(
        api, task, {"PublishCdnParams": [CDN_A], APP_KEY: {OUTPUTS_OFF: [CDN_B]}}, dry_run=True
    ).json()
    assert plan["changes"] and plan["valid"]
    assert [t["PublishCdnUrl"] for t in plan["request"]["PublishCdnParams"]] == [
        CDN_A["PublishCdnUrl"]
    ]
    assert len(plan["outputs_off"]) == 1
    assert MixTask.objects.get(pk=task["id"]).outputs_off == []
