"""A pass-through SEI never takes the volume-layout SEI's PayloadType: launch and take say so.

A reader knows the volume-layout SEI by its type alone, so a producer's own
pass-through payload of that type would be read as the layout by the live
page's overlay and by Verify. The rule (`shared-payload-type`,
layouts.core.rules.sei) refuses it with a 400 naming both fields, before
anything is sent.
"""

from __future__ import annotations

import pytest

from studio.control.models import MixTask, TaskEvent
from tests.factories import document

pytestmark = pytest.mark.django_db

RULE = "shared-payload-type"
FIELD = "SeiParams.PassThrough.PayloadType"


def launch_request(sei: dict) -> dict:
    return {
        "RoomId": "8888",
        "RoomIdType": 1,
        "AgentParams": {},
        "WithTranscoding": 1,
        "AudioParams": {"AudioEncode": {"SampleRate": 48000, "Channel": 2, "BitRate": 64}},
        "VideoParams": document(),
        "PublishCdnParams": [{"PublishCdnUrl": "rtmp://push.example.com/live/a"}],
        "SeiParams": sei,
    }


def cue(payload_type: int) -> dict:
    return {"PayloadContent": "cue", "PayloadType": payload_type}


def assert_refused_naming_both(response) -> None:
    assert response.status_code == 400, response.content
    answer = response.json()
    assert answer["field"] == FIELD
    (problem,) = [p for p in answer["problems"] if p["rule"] == RULE]
    assert (problem["path"], problem["severity"]) == (FIELD, "error")
    assert "SeiParams.LayoutVolume.PayloadType" in problem["message"]


def test_a_launch_whose_pass_through_takes_the_default_layout_type_is_refused(api):
    request = launch_request({"LayoutVolume": {}, "PassThrough": cue(100)})
    response = api.post("/api/tasks/", {"request": request}, format="json")

    assert_refused_naming_both(response)
    assert MixTask.objects.count() == 0
    assert TaskEvent.objects.count() == 0


def test_a_launch_with_two_types_runs(api):
    request = launch_request({"LayoutVolume": {"PayloadType": 120}, "PassThrough": cue(121)})
    response = api.post("/api/tasks/", {"request": request}, format="json")

    assert response.status_code == 201, response.json()


def test_a_take_that_gives_the_pass_through_the_layout_type_is_refused(api):
    request = launch_request({"LayoutVolume": {"PayloadType": 120}, "PassThrough": cue(121)})
    task = api.post("/api/tasks/", {"request": request}, format="json").json()

    staged = {"SeiParams": {"LayoutVolume": {"PayloadType": 120}, "PassThrough": cue(120)}}
    response = api.post(f"/api/tasks/{task['id']}/take/", {"request": staged}, format="json")

    assert_refused_naming_both(response)
    assert not TaskEvent.objects.filter(action="UpdatePublishCdnStream").exists()


def test_a_take_that_moves_the_layout_onto_the_pass_through_type_is_refused(api):
    request = launch_request({"LayoutVolume": {"PayloadType": 120}, "PassThrough": cue(121)})
    task = api.post("/api/tasks/", {"request": request}, format="json").json()

    staged = {"SeiParams": {"LayoutVolume": {"PayloadType": 121}, "PassThrough": cue(121)}}
    response = api.post(f"/api/tasks/{task['id']}/take/", {"request": staged}, format="json")

    assert_refused_naming_both(response)


def test_a_preset_whose_show_shares_the_type_is_not_saved(api):
    request = launch_request({"LayoutVolume": {}, "PassThrough": cue(100)})
    request.pop("VideoParams")
    response = api.post(
        "/api/presets/",
        {"name": "cue", "document": document(), "request": request},
        format="json",
    )

    assert response.status_code == 400, response.content
    assert [p["rule"] for p in response.json()["problems"] if p["severity"] == "error"] == [RULE]
