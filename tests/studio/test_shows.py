"""A show of two legs (16:9 and its 9:16 variant) launched, taken, slated and stopped
together against the emulator; a leg the cloud refuses leaves the other as it was."""

from __future__ import annotations

import copy

import pytest

from layouts import services
from layouts.core import reflow
from studio.cloud.emulator.models import SandboxTask
from studio.control.models import MixTask, TaskEvent
from tests.studio.program_helpers import start_request

pytestmark = pytest.mark.django_db

VERTICAL_URL = "rtmp://push.example.com/live/vertical"


def show_preset(**variant):
    body = start_request()
    main = body.pop("VideoParams")
    main["BackgroundColor"] = "0x000000"
    vertical = {
        "name": "vertical",
        "VideoParams": reflow.reflow(main, 180, 320),
        "PublishCdnParams": [{"PublishCdnUrl": VERTICAL_URL}],
        **variant,
    }
    body["MixStudio"] = {"Variants": [vertical]}
    return services.create_preset(name="Talk show", document=main, request=body, user=None).preset


def launch(api, preset):
    return api.post("/api/shows/", {"request": {}, "preset": preset.pk}, format="json")


def legs(answer):
    return {leg["leg"]: leg for leg in answer.json()["legs"]}


def test_a_show_launches_one_task_per_leg_each_with_its_picture_outputs_and_robot(api):
    answer = launch(api, show_preset())

    assert answer.status_code == 201, answer.json()
    assert answer["Location"] == f"/api/shows/{answer.json()['show']}/"
    main, vertical = legs(answer)["main"], legs(answer)["vertical"]
    assert main["status"] == vertical["status"] == "running"
    assert main["show_key"] == vertical["show_key"] == answer.json()["show"]
    assert vertical["params"]["VideoParams"]["VideoEncode"]["Width"] == 180
    assert [o["PublishCdnUrl"] for o in vertical["params"]["PublishCdnParams"]] == [VERTICAL_URL]
    assert main["robot_user_id"] != vertical["robot_user_id"]
    assert vertical["robot_user_id"].endswith("_vertical")


def test_one_url_in_two_legs_is_refused_before_anything_is_sent(api):
    shared = start_request()["PublishCdnParams"]
    answer = launch(api, show_preset(PublishCdnParams=shared))

    assert answer.status_code == 400
    assert answer.json()["field"] == (
        "MixStudio.Variants[vertical].PublishCdnParams[0].PublishCdnUrl"
    )
    assert not MixTask.objects.exists()


def test_one_take_sends_each_legs_update_back_to_back(api):
    started = legs(launch(api, show_preset()))
    staged = {}
    for leg, task in started.items():
        document = copy.deepcopy(task["params"]["VideoParams"])
        document["BackgroundColor"] = "0x336699"
        staged[leg] = {"document": document}

    answer = api.post(
        f"/api/shows/{started['main']['show_key']}/take/", {"legs": staged}, format="json"
    )

    assert answer.status_code == 200, answer.json()
    assert [
        (leg["leg"], leg["result"], leg["sequence_number"]) for leg in answer.json()["legs"]
    ] == [
        ("main", "taken", 1),
        ("vertical", "taken", 1),
    ]
    for task in MixTask.objects.all():
        assert task.params["VideoParams"]["BackgroundColor"] == "0x336699"
        assert TaskEvent.objects.filter(task=task, action="UpdatePublishCdnStream").count() == 1


def test_a_leg_the_cloud_refuses_leaves_the_other_as_it_was_on_air_and_says_so(api):
    started = legs(launch(api, show_preset()))
    before = copy.deepcopy(started["main"]["params"]["VideoParams"])
    # The cloud ended the vertical leg on its own: its Update will be refused.
    SandboxTask.objects.filter(task_id=started["vertical"]["task_id"]).update(status="stopped")
    staged = {}
    for leg, task in started.items():
        document = copy.deepcopy(task["params"]["VideoParams"])
        document["BackgroundColor"] = "0x993366"
        staged[leg] = {"document": document}

    answer = api.post(
        f"/api/shows/{started['main']['show_key']}/take/", {"legs": staged}, format="json"
    )

    assert answer.status_code >= 400
    assert answer.json()["leg"] == "vertical"
    assert answer.json()["rolled_back"] == [{"leg": "main", "result": "rolled-back"}]
    assert "Leg vertical was refused" in answer.json()["message"]
    main = MixTask.objects.get(pk=started["main"]["id"])
    assert main.params["VideoParams"] == before  # taken back to what was on air
    assert main.sequence_number == 2  # the Take, then the Take back


def test_the_slate_covers_every_leg_and_stop_ends_the_show(api):
    started = legs(launch(api, show_preset()))
    key = started["main"]["show_key"]

    slated = api.post(f"/api/shows/{key}/slate/", {"on": True}, format="json")
    assert slated.status_code == 200
    for task in MixTask.objects.all():
        assert task.params["VideoParams"]["LayoutParams"].get("MixLayoutList", []) == []

    one = api.post(f"/api/shows/{key}/stop/", {"leg": "vertical"}, format="json")
    assert legs(one)["vertical"]["status"] == "stopped"
    assert MixTask.objects.get(pk=started["main"]["id"]).status == "running"
    rest = api.post(f"/api/shows/{key}/stop/", {}, format="json")
    assert {leg["status"] for leg in rest.json()["legs"]} == {"stopped"}


def test_an_unknown_show_is_404(api):
    assert api.get("/api/shows/00000000-0000-4000-8000-000000000000/").status_code == 404


def test_a_rule_taking_a_preset_takes_its_variant_on_each_leg(api):
    from layouts.director import library_of

    taken = show_preset()
    rules = [
        {
            "name": "to-the-talk",
            "trigger": {"on": "enter"},
            "action": {"do": "take-preset", "preset": taken.pk},
        }
    ]
    vertical = taken.request["MixStudio"]["Variants"][0]["VideoParams"]

    assert library_of(rules)[taken.pk].document == taken.document
    assert library_of(rules, leg="vertical")[taken.pk].document == vertical
    square = library_of(rules, leg="square", canvas=(240, 240))[taken.pk].document
    assert (square["VideoEncode"]["Width"], square["VideoEncode"]["Height"]) == (240, 240)
