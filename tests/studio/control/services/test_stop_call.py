"""studio.control.services.stop_call: the Stop body, and the RecordKey it may carry (B.22).

Through POST /api/tasks/{id}/stop/ against the in-process emulator: a Stop that
names the task's RecordKey ends its recording at once; without it the recording
waits RecordWaitTime for another task to continue it.
"""

from __future__ import annotations

import copy
import time

import pytest

from studio.cloud.emulator import recordings
from studio.control.models import MixTask, TaskEvent
from tests.factories import cloud_storage, seed_examples

pytestmark = pytest.mark.django_db

KEY = "night_show"


def start_recording(api) -> dict:
    body = copy.deepcopy(seed_examples()[0])
    del body["SdkAppId"], body["AgentParams"]["UserSig"], body["AgentParams"]["UserId"]
    body["RecordParams"] = {
        "UniRecord": 3,
        "RecordKey": KEY,
        "RecordWaitTime": 600,
        "McuStorageParams": {"CloudStorage": cloud_storage()},
    }
    response = api.post("/api/tasks/", {"request": body}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def recording_status(task: dict) -> str:
    app = MixTask.objects.get(pk=task["id"]).app_profile.sdk_app_id
    return recordings.recording_state(app, KEY, time.time())["status"]


def sent_stops(task: dict) -> list[dict]:
    events = TaskEvent.objects.filter(task_id=task["id"], action="StopPublishCdnStream")
    return [event.request for event in events]


def test_a_stop_with_the_record_key_sends_it_and_the_recording_ends_at_once(api):
    task = start_recording(api)
    assert recording_status(task) == "recording"

    response = api.post(f"/api/tasks/{task['id']}/stop/", {"RecordKey": KEY}, format="json")

    assert (response.status_code, response.json()["status"]) == (200, "stopped")
    assert [body.get("RecordKey") for body in sent_stops(task)] == [KEY]
    assert recording_status(task) == "ended"


def test_a_stop_without_it_sends_none_and_the_recording_waits(api):
    task = start_recording(api)

    response = api.post(f"/api/tasks/{task['id']}/stop/")

    assert response.status_code == 200
    assert ["RecordKey" in body for body in sent_stops(task)] == [False]
    assert recording_status(task) == "waiting"


@pytest.mark.parametrize("record_key", ["night show", "x" * 129, 42])
def test_a_record_key_the_api_refuses_is_a_400_naming_it_and_nothing_is_sent(api, record_key):
    task = start_recording(api)

    response = api.post(f"/api/tasks/{task['id']}/stop/", {"RecordKey": record_key}, format="json")

    assert response.status_code == 400
    assert response.json()["field"] == "RecordKey"
    assert sent_stops(task) == []
    assert MixTask.objects.get(pk=task["id"]).status == "running"
