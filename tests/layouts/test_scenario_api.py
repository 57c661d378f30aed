"""Scenarios through the API: the starters, the room at a moment, and a preset's scenario
(request.MixStudio.Scenario) judged on save and import, exported with the whole show."""

from __future__ import annotations

import copy
import json

import pytest
from rest_framework.test import APIClient

from layouts import services
from layouts.core.scenario_starters import STARTERS, starter
from layouts.models import Preset
from tests.factories import document, make_user, seed_examples

pytestmark = pytest.mark.django_db

TALK = starter("talk-show-late-guest")["scenario"]


def post(client, url, body, **headers):
    return client.generic(
        "POST", url, json.dumps(body).encode(), content_type="application/json", **headers
    )


@pytest.fixture
def viewer():
    client = APIClient()
    client.force_login(make_user("viewer", role="viewer"))
    return client


def broken_talk():
    """The talk show with its guest entering after the end (event 5 of the list)."""
    scenario = copy.deepcopy(TALK)
    scenario["events"][5]["at"] = 75
    return scenario


# ---- GET /api/scenarios/starters/ ----------------------------------------------------


def test_the_starters_are_listed_with_their_scenarios(api):
    answer = api.get("/api/scenarios/starters/")

    assert answer.status_code == 200
    listed = answer.json()
    assert [item["name"] for item in listed] == [item["name"] for item in STARTERS]
    assert set(listed[0]) == {"name", "title", "description", "scenario"}
    assert listed[0]["title"] == "Talk show with a late guest"
    assert listed[0]["scenario"] == TALK


def test_the_starters_are_titled_in_the_requests_language(api):
    answer = api.get("/api/scenarios/starters/", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert answer.json()[0]["title"] == "嘉宾迟到的访谈节目"
    assert answer.json()[0]["name"] == "talk-show-late-guest"


def test_viewers_may_read_the_starters_and_strangers_may_not(viewer):
    assert viewer.get("/api/scenarios/starters/").status_code == 200
    assert APIClient().get("/api/scenarios/starters/").status_code in (401, 403)


# ---- POST /api/scenarios/room/ ---------------------------------------------------------


def room_at(client, seconds, **subject):
    body = {"scenario": TALK, "seconds": seconds, **subject}
    return post(client, "/api/scenarios/room/", body)


def test_the_room_at_a_moment_is_everyone_in_by_then_in_join_order(api):
    before = room_at(api, 19.9, document=document())
    after = room_at(api, 20, document=document())

    assert before.status_code == 200, before.json()
    assert [p["UserId"] for p in before.json()["participants"]] == ["host", "cohost"]
    assert [p["UserId"] for p in after.json()["participants"]] == ["host", "cohost", "guest"]
    guest = after.json()["participants"][2]
    assert guest == {
        "UserId": "guest",
        "RoomId": "main",
        "RoomIdType": 1,
        "camera": True,
        "audio": True,
        "screen": False,
        "since_ms": 20_000,
        "level": None,
    }


def test_a_speaking_level_and_a_screen_share_are_in_the_room(api):
    lecture = starter("lecture-screen-share")["scenario"]
    answer = post(
        api, "/api/scenarios/room/", {"scenario": lecture, "seconds": 35, "document": document()}
    )

    teacher = answer.json()["participants"][0]
    assert (teacher["UserId"], teacher["screen"], teacher["level"]) == ("teacher", True, 75)


def test_a_presets_people_are_in_its_own_room(api):
    preset = services.create_preset(
        name="Show in 8001",
        document=document(),
        request={"WithTranscoding": 1, "RoomId": "8001", "RoomIdType": 0},
        user=None,
    ).preset

    answer = room_at(api, 0, preset=preset.pk)

    assert {(p["RoomId"], p["RoomIdType"]) for p in answer.json()["participants"]} == {("8001", 0)}


def test_a_bad_scenario_is_refused_naming_the_event(api):
    answer = post(
        api,
        "/api/scenarios/room/",
        {"scenario": broken_talk(), "seconds": 10, "document": document()},
    )

    assert answer.status_code == 400
    assert answer.json()["error"] == "scenario-invalid"
    assert answer.json()["field"] == "scenario.events[5].at"
    assert answer.json()["problems"][0]["path"] == "scenario.events[5].at"
    assert "75" in answer.json()["message"]


def test_a_moment_past_any_scenario_is_refused(api):
    answer = room_at(api, 99_999, document=document())

    assert answer.status_code == 400
    assert answer.json()["field"] == "seconds"


def test_an_audio_only_show_is_rehearsed_in_its_own_room(api):
    preset = services.create_preset(
        name="Radio", document=None, request={"RoomId": "8001", "RoomIdType": 0}, user=None
    ).preset

    answer = room_at(api, 0, preset=preset.pk)

    assert answer.status_code == 200, answer.json()
    assert answer.json()["participants"][0]["RoomId"] == "8001"


def test_viewers_may_ask_for_the_room(viewer):
    assert room_at(viewer, 5, document=document()).status_code == 200


# ---- a preset's scenario, saved ------------------------------------------------------


def with_scenario(scenario, **request):
    return {"WithTranscoding": 1, **request, "MixStudio": {"Scenario": scenario}}


def test_a_preset_keeps_its_scenario_in_its_own_part(api):
    answer = post(
        api,
        "/api/presets/",
        {"name": "Talk", "document": document(), "request": with_scenario(TALK)},
    )

    assert answer.status_code == 201, answer.json()
    assert Preset.objects.get().request["MixStudio"]["Scenario"] == TALK
    assert answer.json()["request"]["MixStudio"]["Scenario"] == TALK


def test_a_scenario_alone_in_the_request_still_gives_a_picture_its_transcoded_mix(api):
    answer = post(
        api,
        "/api/presets/",
        {"name": "Talk", "document": document(), "request": {"MixStudio": {"Scenario": TALK}}},
    )

    assert answer.status_code == 201, answer.json()
    assert Preset.objects.get().request == {"WithTranscoding": 1, "MixStudio": {"Scenario": TALK}}


def test_a_new_preset_with_a_bad_scenario_is_refused_naming_the_event(api):
    answer = post(
        api,
        "/api/presets/",
        {"name": "Talk", "document": document(), "request": with_scenario(broken_talk())},
    )

    assert answer.status_code == 400
    assert answer.json()["error"] == "request-invalid"
    assert answer.json()["field"] == "request.MixStudio.Scenario.events[5].at"
    assert [p["path"] for p in answer.json()["problems"]] == ["MixStudio.Scenario.events[5].at"]
    assert "MixStudio.Scenario.events[5].at" in answer.json()["message"]
    assert not Preset.objects.exists()


def test_a_change_with_a_bad_scenario_is_refused_and_changes_nothing(api):
    preset = services.create_preset(
        name="Talk", document=document(), request=with_scenario(TALK), user=None
    ).preset
    story = copy.deepcopy(TALK)
    story["events"].insert(0, {"at": 0, "type": "camera", "UserId": "ghost", "on": True})

    answer = api.patch(
        f"/api/presets/{preset.pk}/",
        {"request": with_scenario(story), "version": 1},
        format="json",
    )

    assert answer.status_code == 400
    assert answer.json()["field"] == "request.MixStudio.Scenario.events[0]"
    assert "ghost" in answer.json()["message"]
    preset.refresh_from_db()
    assert (preset.version, preset.request["MixStudio"]["Scenario"]) == (1, TALK)


def test_a_scenario_is_judged_in_the_shows_own_room(api):
    pk_event = {"at": 0, "type": "enter", "UserId": "away", "RoomId": "pk-room"}
    scenario = {"duration": 10, "events": [pk_event]}

    in_numbers = post(
        api,
        "/api/presets/",
        {
            "name": "Numbered room",
            "document": document(),
            "request": with_scenario(scenario, RoomId="8001", RoomIdType=0),
        },
    )
    in_strings = post(
        api,
        "/api/presets/",
        {
            "name": "Named room",
            "document": document(),
            "request": with_scenario(scenario, RoomId="studio", RoomIdType=1),
        },
    )

    assert in_numbers.status_code == 400
    assert in_numbers.json()["field"] == "request.MixStudio.Scenario.events[0].RoomId"
    assert in_strings.status_code == 201, in_strings.json()


# ---- import and export ---------------------------------------------------------------


def rehearsed_seed():
    body = copy.deepcopy(seed_examples()[0])
    body["AgentParams"].pop("UserSig")
    body["MixStudio"] = {"Scenario": copy.deepcopy(TALK)}
    return body


def test_an_imported_show_comes_back_with_its_scenario_key_for_key(api):
    body = rehearsed_seed()

    created = post(api, "/api/presets/import/?name=Rehearsed", body)
    assert created.status_code == 201, created.json()
    exported = api.get(f"/api/presets/{created.json()['id']}/request/?with_app_part=true")

    assert exported.status_code == 200
    assert exported.json() == body
    assert list(exported.json()) == list(body)
    again = post(api, "/api/presets/import/?name=Again", exported.json())
    assert again.json()["request"] == created.json()["request"]


def test_the_plain_export_is_the_body_the_cloud_takes(api):
    created = post(api, "/api/presets/import/", rehearsed_seed()).json()

    exported = api.get(f"/api/presets/{created['id']}/request/").json()

    assert "MixStudio" not in exported
    assert Preset.objects.get().request["MixStudio"] == {"Scenario": TALK}


def test_an_import_with_a_bad_scenario_names_the_event_in_the_body(api):
    body = rehearsed_seed()
    body["MixStudio"]["Scenario"]["events"][2]["type"] = "dance"

    answer = post(api, "/api/presets/import/", body)

    assert answer.status_code == 400
    assert answer.json()["field"] == "MixStudio.Scenario.events[2].type"
    assert not Preset.objects.exists()
