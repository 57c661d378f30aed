"""A preset's scenario (request.MixStudio.Scenario) goes with its show to a launch, and the
cloud never sees it: not in the Start body sent, not in what the task keeps in force."""

from __future__ import annotations

import pytest

from layouts.core.scenario_starters import starter
from studio.cloud.emulator.models import SandboxTask
from studio.control.models import MixTask, TaskEvent
from tests.factories import document

pytestmark = pytest.mark.django_db

TALK = starter("talk-show-late-guest")["scenario"]


def test_a_rehearsed_preset_launches_without_its_scenario(api):
    created = api.post(
        "/api/presets/",
        {
            "name": "Rehearsed",
            "document": document(),
            "request": {
                "WithTranscoding": 1,
                "RoomId": "8888",
                "RoomIdType": 1,
                "AudioParams": {"AudioEncode": {"SampleRate": 48000, "Channel": 2, "BitRate": 64}},
                "PublishCdnParams": [{"PublishCdnUrl": "rtmp://push.example.com/live/a"}],
                "MixStudio": {"Scenario": TALK},
            },
        },
        format="json",
    )
    assert created.status_code == 201, created.json()

    task = api.post("/api/tasks/", {"preset": created.json()["id"], "request": {}}, format="json")

    assert task.status_code == 201, task.json()
    sent = TaskEvent.objects.get(action="StartPublishCdnStream").request
    assert "MixStudio" not in sent
    assert "Scenario" not in str(sent)
    assert "MixStudio" not in MixTask.objects.get().params
    assert "MixStudio" not in SandboxTask.objects.get().params
