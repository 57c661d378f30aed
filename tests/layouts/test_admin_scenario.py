"""The preset admin edits a show's scenario in a box of its own, kept as
request.MixStudio.Scenario and judged on save, its problems shown on that box."""

from __future__ import annotations

import copy
import json

import pytest
from django.contrib.auth import get_user_model

from layouts import services
from layouts.core.scenario_starters import starter
from layouts.models import Preset
from tests.factories import document

pytestmark = pytest.mark.django_db

TALK = starter("talk-show-late-guest")["scenario"]
OFF = [{"PublishCdnUrl": "rtmp://push.example.com/live/b"}]


@pytest.fixture
def admin_client(client):
    admin = get_user_model().objects.create_superuser("boss", password="pw-for-tests-only")
    client.force_login(admin)
    return client


@pytest.fixture
def preset():
    request = {"WithTranscoding": 1, "MixStudio": {"OutputsOff": OFF, "Scenario": TALK}}
    return services.create_preset(
        name="Talk", document=document(), request=request, user=None
    ).preset


def change_url(preset) -> str:
    return f"/admin/layouts/preset/{preset.pk}/change/"


def form_data(preset, **changes):
    request = copy.deepcopy(preset.request)
    scenario = request.get("MixStudio", {}).pop("Scenario", None)
    data = {
        "name": preset.name,
        "description": preset.description,
        "tags": json.dumps(preset.tags),
        "document": json.dumps(preset.document),
        "request": json.dumps(request),
        "scenario": "" if scenario is None else json.dumps(scenario),
        "loaded_version": preset.version,
        "revisions-TOTAL_FORMS": "0",
        "revisions-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_the_scenario_has_its_own_box_pretty_printed_and_the_request_box_the_rest(
    admin_client, preset
):
    page = admin_client.get(change_url(preset))
    form = page.context["adminform"].form

    assert json.loads(form["scenario"].value()) == TALK
    assert '\n  "duration": 60' in form["scenario"].value()
    assert json.loads(form["request"].value()) == {
        "WithTranscoding": 1,
        "MixStudio": {"OutputsOff": OFF},
    }
    assert 'name="scenario"' in page.content.decode()


def test_a_scenario_saved_in_its_box_is_kept_in_the_requests_own_part(admin_client, preset):
    story = copy.deepcopy(TALK)
    story["events"].append({"at": 55, "type": "exit", "UserId": "guest"})

    response = admin_client.post(change_url(preset), form_data(preset, scenario=json.dumps(story)))

    assert response.status_code == 302
    preset.refresh_from_db()
    assert preset.version == 2
    assert preset.request == {
        "WithTranscoding": 1,
        "MixStudio": {"OutputsOff": OFF, "Scenario": story},
    }


def test_an_empty_box_removes_the_scenario(admin_client, preset):
    response = admin_client.post(change_url(preset), form_data(preset, scenario=""))

    assert response.status_code == 302
    preset.refresh_from_db()
    assert preset.request == {"WithTranscoding": 1, "MixStudio": {"OutputsOff": OFF}}


def test_a_bad_scenario_is_refused_with_its_problems_on_its_box(admin_client, preset):
    story = copy.deepcopy(TALK)
    story["events"][5]["at"] = 75

    response = admin_client.post(change_url(preset), form_data(preset, scenario=json.dumps(story)))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["scenario"]
    assert errors["scenario"] == [
        "events[5].at: Event at 75 s is past the end of the scenario (60 s). (scenario)"
    ]
    preset.refresh_from_db()
    assert (preset.version, preset.request["MixStudio"]["Scenario"]) == (1, TALK)


def test_the_scenarios_problems_are_said_in_chinese_too(admin_client, preset):
    story = copy.deepcopy(TALK)
    story["events"][5]["at"] = 75

    response = admin_client.post(
        change_url(preset),
        form_data(preset, scenario=json.dumps(story)),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    [message] = response.context["adminform"].form.errors["scenario"]
    assert message.startswith("events[5].at: 位于 75 秒的事件超出了场景结尾（60 秒）。")


def test_a_scenario_can_be_given_to_a_new_preset(admin_client):
    response = admin_client.post(
        "/admin/layouts/preset/add/",
        {
            "name": "Made in admin",
            "description": "",
            "tags": "[]",
            "document": json.dumps(document()),
            "request": json.dumps({"WithTranscoding": 1}),
            "scenario": json.dumps(TALK),
            "revisions-TOTAL_FORMS": "0",
            "revisions-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    assert Preset.objects.get().request == {"WithTranscoding": 1, "MixStudio": {"Scenario": TALK}}
