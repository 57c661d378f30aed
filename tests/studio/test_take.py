"""POST /api/tasks/{id}/take/: the server computes every Update, and the air ends up as staged."""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from rest_framework.test import APIClient

from layouts.core.contract import bodies
from layouts.core.updates import normalised
from studio.cloud.emulator.models import SandboxTask
from studio.control.models import MixTask, TaskEvent
from studio.control.services import launch, profiles, stop
from studio.control.services.take import plan_take, take_task
from tests.factories import make_user
from tests.strategies import documents, user_stream

pytestmark = pytest.mark.django_db

VIDEO = bodies.UPDATE_REQUEST.by_name["VideoParams"]


def launch_body(document: dict, room: str = "8888") -> dict:
    return {
        "RoomId": room,
        "RoomIdType": 1,
        "AgentParams": {},
        "WithTranscoding": 1,
        "AudioParams": {"AudioEncode": {"SampleRate": 48000, "Channel": 2, "BitRate": 64}},
        "VideoParams": document,
        "PublishCdnParams": [{"PublishCdnUrl": f"rtmp://push.example.com/live/{room}"}],
    }


def with_watermark() -> dict:
    return {
        "VideoEncode": {"Width": 1280, "Height": 720, "Fps": 25, "BitRate": 1800, "Gop": 2},
        "LayoutParams": {
            "MixLayoutMode": 1,
            "MaxVideoUser": {"UserMediaStream": user_stream("anchor")},
        },
        "WaterMarkList": [
            {
                "WaterMarkType": 0,
                "WaterMarkImage": {
                    "WaterMarkUrl": "https://img.example.com/logo.png",
                    "LocationX": 20,
                    "LocationY": 20,
                    "WaterMarkWidth": 120,
                    "WaterMarkHeight": 60,
                },
            }
        ],
    }


def start(api, document: dict, room: str = "8888") -> dict:
    response = api.post("/api/tasks/", {"request": launch_body(document, room)}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def take(api, task_id: int, document: dict, **extra):
    return api.post(f"/api/tasks/{task_id}/take/", {"document": document, **extra}, format="json")


def on_air_in_emulator(task: dict) -> str:
    """What the emulator holds in force for the task, normalised."""
    return normalised(SandboxTask.objects.get(task_id=task["task_id"]).params["VideoParams"], VIDEO)


def test_taking_a_layout_without_watermarks_takes_them_off_the_air(api):
    task = start(api, with_watermark())
    staged = copy.deepcopy(with_watermark())
    del staged["WaterMarkList"]
    response = take(api, task["id"], staged)
    assert response.status_code == 200, response.json()
    assert response.json()["sequence_number"] == 1
    update = TaskEvent.objects.filter(action="UpdatePublishCdnStream").get()
    assert update.request["VideoParams"]["WaterMarkList"] == []
    assert on_air_in_emulator(task) == normalised(staged, VIDEO)
    assert normalised(response.json()["params"]["VideoParams"], VIDEO) == normalised(staged, VIDEO)


def test_removing_the_big_picture_user_is_refused_before_sending(api):
    task = start(api, with_watermark())
    staged = copy.deepcopy(with_watermark())
    del staged["LayoutParams"]["MaxVideoUser"]
    response = take(api, task["id"], staged)
    assert response.status_code == 409
    body = response.json()
    assert body["error"] == "update-forbidden"
    assert body["field"] == "VideoParams.LayoutParams.MaxVideoUser"
    assert body["problems"][0]["rule"] == "R53"
    assert not TaskEvent.objects.filter(action="UpdatePublishCdnStream").exists()


def test_a_dry_run_answers_the_update_and_sends_nothing(api):
    task = start(api, with_watermark())
    staged = copy.deepcopy(with_watermark())
    staged["VideoEncode"]["BitRate"] = 2500
    response = take(api, task["id"], staged, dry_run=True)
    assert response.status_code == 200
    answer = response.json()
    assert answer["valid"] and answer["changes"]
    assert answer["request"]["SequenceNumber"] == 1
    assert answer["request"]["VideoParams"]["VideoEncode"]["BitRate"] == 2500
    assert answer["request"]["TaskId"] == task["task_id"]
    assert not TaskEvent.objects.filter(action="UpdatePublishCdnStream").exists()


def test_taking_what_is_on_air_sends_nothing(api):
    task = start(api, with_watermark())
    response = take(api, task["id"], with_watermark())
    assert response.status_code == 409
    assert response.json()["error"] == "nothing-to-take"
    assert MixTask.objects.get().sequence_number == 0


def test_a_take_can_change_the_cdn_list_in_the_same_update(api):
    task = start(api, with_watermark())
    outputs = [{"PublishCdnUrl": "rtmp://push.example.com/live/other", "IsTencentCdn": 1}]
    response = take(api, task["id"], with_watermark(), request={"PublishCdnParams": outputs})
    assert response.status_code == 200, response.json()
    assert SandboxTask.objects.get(task_id=task["task_id"]).cdn_urls == [
        "rtmp://push.example.com/live/other"
    ]


def test_a_take_with_a_document_that_is_not_an_object_is_a_400_naming_it(api):
    task = start(api, with_watermark())
    response = take(api, task["id"], ["not", "a", "document"])
    assert response.status_code == 400
    assert response.json()["field"] == "document"


def test_a_viewer_cannot_take():
    client = APIClient()
    client.force_login(make_user("viewer", role="viewer"))
    producer = APIClient()
    producer.force_login(make_user("producer"))
    task = start(producer, with_watermark())
    assert take(client, task["id"], with_watermark()).status_code == 403


# -- generated pairs against the emulator ---------------------------------------------------


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(before=documents(), after=documents())
def test_after_a_take_the_emulator_holds_exactly_the_staged_document(api, before, after):
    task = launch.start_task(
        app=profiles.app_for(None), request=launch_body(before, room="7777"), user=None
    )
    try:
        plan = plan_take(task, document=after)
        if plan.problems:
            return  # refused before sending; test_updates checks that a refusal is right
        if not plan.changes_anything:
            assert normalised(before, VIDEO) == normalised(after, VIDEO)
            return
        taken = take_task(task.pk, document=after, user=None)
        emulator = SandboxTask.objects.get(task_id=task.task_id)
        assert normalised(emulator.params["VideoParams"], VIDEO) == normalised(after, VIDEO)
        assert normalised(taken.params["VideoParams"], VIDEO) == normalised(after, VIDEO)
    finally:
        stop.stop_task(task.pk, user=None)
