"""A user listed twice on one audio list is refused before anything is sent, naming the entry.

Against the in-process emulator, through POST /api/tasks/ (a launch) and
POST /api/tasks/{id}/take/ (a live change). An entry without a RoomId means the
task's own room, so it repeats an entry that names that room: the rule
(`duplicate-audio-user`, layouts.core.rules.audio) compares users once rooms are
defaulted. The answer is a 4xx naming the field and the rule, never a 5xx.
"""

from __future__ import annotations

import pytest

from studio.control.models import MixTask, TaskEvent
from tests.factories import document

pytestmark = pytest.mark.django_db

RULE = "duplicate-audio-user"
GUEST = {"UserInfo": {"UserId": "guest_1", "RoomId": "8888", "RoomIdType": 1}}
GUEST_IN_THE_TASKS_ROOM = {"UserInfo": {"UserId": "guest_1"}, "SoundLevel": 40}
OTHER_GUEST = {"UserInfo": {"UserId": "guest_2"}}


def launch_request(**audio_lists: list) -> dict:
    return {
        "RoomId": "8888",
        "RoomIdType": 1,
        "AgentParams": {},
        "WithTranscoding": 1,
        "AudioParams": {
            "AudioEncode": {"SampleRate": 48000, "Channel": 2, "BitRate": 64},
            **audio_lists,
        },
        "VideoParams": document(),
        "PublishCdnParams": [{"PublishCdnUrl": "rtmp://push.example.com/live/a"}],
    }


def assert_refused_naming(response, field: str) -> None:
    assert 400 <= response.status_code < 500, response.content
    answer = response.json()
    assert answer["field"] == field
    refused = [p for p in answer["problems"] if p["severity"] == "error"]
    assert (refused[0]["path"], refused[0]["rule"]) == (field, RULE)
    assert "guest_1" in refused[0]["message"]


def test_a_launch_listing_a_guest_twice_is_refused_and_nothing_is_sent(api):
    request = launch_request(SubscribeAudioList=[GUEST, GUEST_IN_THE_TASKS_ROOM])
    response = api.post("/api/tasks/", {"request": request}, format="json")
    assert_refused_naming(response, "AudioParams.SubscribeAudioList[1].UserInfo.UserId")
    assert response.json()["error"] == "request-invalid"
    assert MixTask.objects.count() == 0
    assert TaskEvent.objects.count() == 0


def test_a_launch_muting_a_guest_twice_is_refused(api):
    request = launch_request(UnSubscribeAudioList=[GUEST_IN_THE_TASKS_ROOM, GUEST])
    response = api.post("/api/tasks/", {"request": request}, format="json")
    assert_refused_naming(response, "AudioParams.UnSubscribeAudioList[1].UserInfo.UserId")


def test_a_take_listing_a_guest_twice_is_refused_and_nothing_is_sent(api):
    response = api.post(
        "/api/tasks/", {"request": launch_request(SubscribeAudioList=[GUEST])}, format="json"
    )
    assert response.status_code == 201, response.json()
    task = response.json()
    staged = {"AudioParams": {"SubscribeAudioList": [GUEST, OTHER_GUEST, GUEST_IN_THE_TASKS_ROOM]}}
    response = api.post(f"/api/tasks/{task['id']}/take/", {"request": staged}, format="json")
    assert_refused_naming(response, "AudioParams.SubscribeAudioList[2].UserInfo.UserId")
    assert not TaskEvent.objects.filter(action="UpdatePublishCdnStream").exists()
    listed = [GUEST, OTHER_GUEST]
    response = api.post(
        f"/api/tasks/{task['id']}/take/",
        {"request": {"AudioParams": {"SubscribeAudioList": listed}}},
        format="json",
    )
    assert response.status_code == 200, response.json()
