"""The auto-director over HTTP: the starter rule sets, the dry run (nothing saved, viewers
welcome, every bad part named), and a preset keeping its roles and rules."""

from __future__ import annotations

import copy
import json

import pytest
from rest_framework.test import APIClient

from layouts import services
from layouts.core.director_starters import STARTERS, starter
from layouts.core.scenario_starters import starter as scenario_starter
from layouts.models import Preset
from tests.factories import document, make_user

pytestmark = pytest.mark.django_db

LECTURE = scenario_starter("lecture-screen-share")["scenario"]
SHARE_RULES = starter("screen-share-takes-over")["rules"]


def post(client, url, body):
    return client.generic("POST", url, json.dumps(body).encode(), content_type="application/json")


def dry_run(client, **body):
    return post(client, "/api/layouts/dry-run/", body)


@pytest.fixture
def viewer():
    client = APIClient()
    client.force_login(make_user("viewer", role="viewer"))
    return client


def a_preset(document_=None, **app_part):
    request = {"RoomId": "8001", "RoomIdType": 0, "WithTranscoding": 1}
    if app_part:
        request["MixStudio"] = app_part
    return services.create_preset(
        name="Lecture",
        document=document(slots=3) if document_ is None else document_,
        request=request,
        user=None,
    ).preset


# ---- GET /api/rules/starters/ -------------------------------------------------------


def test_the_starter_rule_sets_are_served_to_viewers(viewer):
    answer = viewer.get("/api/rules/starters/")

    assert answer.status_code == 200
    listed = answer.json()
    assert [item["name"] for item in listed] == [item["name"] for item in STARTERS]
    assert set(listed[0]) == {"name", "title", "rules"}
    assert listed[0]["title"] == "A screen share takes over the picture"
    assert listed[0]["rules"] == SHARE_RULES


def test_the_starters_need_a_login():
    assert APIClient().get("/api/rules/starters/").status_code in (401, 403)


# ---- POST /api/layouts/dry-run/ -----------------------------------------------------


def test_the_lecture_dry_run_takes_the_share_and_comes_back(viewer):
    answer = dry_run(viewer, document=document(slots=3), scenario=LECTURE, rules=SHARE_RULES)

    assert answer.status_code == 200, answer.json()
    takes = answer.json()["takes"]
    assert [(take["at"], take["rule"]) for take in takes] == [
        (31.0, "share-takes-over"),
        (51.0, "back-after-share"),
    ]
    regions = takes[0]["regions"]["regions"]
    big = max(regions, key=lambda region: region["w"] * region["h"])
    assert (big["user_id"], big["stream_type"], big["render_mode"]) == ("teacher", 1, 1)
    assert takes[0]["regions"]["calibration"] is None
    assert answer.json()["warnings"] == []
    assert Preset.objects.count() == 0


def test_a_preset_rehearses_with_its_own_room_roles_rules_and_scenario(viewer):
    roles = {"slots": [{"slot": 0, "role": "host", "user": "teacher"}]}
    preset = a_preset(Roles=roles, Rules=SHARE_RULES, Scenario=LECTURE)
    versions = preset.version

    answer = dry_run(viewer, preset=preset.pk)

    assert answer.status_code == 200, answer.json()
    start, takes = answer.json()["start"], answer.json()["takes"]
    assert [take["at"] for take in takes] == [31.0, 51.0]
    assert takes[0]["event"]["RoomId"] == "8001"  # the preset's own room
    back = takes[1]["document"]["LayoutParams"]["MixLayoutList"][0]
    assert back["UserMediaStream"] == {"UserInfo": {"UserId": "teacher"}, "StreamType": 0}
    opening = start["document"]["LayoutParams"]["MixLayoutList"][0]
    assert opening["UserMediaStream"]["UserInfo"]["UserId"] == "mixstudio-vacant-0"
    assert Preset.objects.get().version == versions


def test_what_the_body_gives_wins_over_what_the_preset_keeps(viewer):
    preset = a_preset(Rules=SHARE_RULES, Scenario=LECTURE)

    answer = dry_run(viewer, preset=preset.pk, rules=[])

    assert answer.status_code == 200
    assert answer.json()["takes"] == []


def test_a_rule_may_take_a_saved_preset(viewer):
    solo = a_preset(document(slots=1))
    rules = [
        {
            "name": "solo-on-share",
            "trigger": {"on": "screen-start"},
            "action": {"do": "take-preset", "preset": solo.pk},
        }
    ]

    answer = dry_run(viewer, document=document(slots=3), scenario=LECTURE, rules=rules)

    assert answer.status_code == 200, answer.json()
    (take,) = answer.json()["takes"]
    assert (take["at"], take["shot"]) == (30.0, solo.pk)
    assert len(take["document"]["LayoutParams"]["MixLayoutList"]) == 1


@pytest.mark.parametrize(
    ("change", "error", "field"),
    [
        (
            {"rules": [{**SHARE_RULES[0], "timing": {"hold": -1}}]},
            "rules-invalid",
            "rules[0].timing.hold",
        ),
        (
            {"rules": [SHARE_RULES[0], {**SHARE_RULES[1], "trigger": {"on": "clap"}}]},
            "rules-invalid",
            "rules[1].trigger.on",
        ),
        ({"rules": {"name": "x"}}, "rules-invalid", "rules"),
        (
            {"roles": {"slots": [{"slot": 3, "role": "sharer"}]}},
            "roles-invalid",
            "roles.slots[0].slot",
        ),
        (
            {"scenario": {**LECTURE, "duration": 0}},
            "scenario-invalid",
            "scenario.duration",
        ),
        (
            {"document": {**document(slots=3), "VideoEncode": {"Width": 1280}}},
            "layout-invalid",
            "document.VideoEncode.Height",
        ),
        ({"rules": None}, "invalid", "rules"),
        ({"document": None}, "invalid", "document"),
        (
            {
                "rules": [
                    {
                        "name": "x",
                        "trigger": {"on": "enter"},
                        "action": {"do": "take-preset", "preset": 987654},
                    }
                ]
            },
            "invalid",
            "rules[0].action.preset",
        ),
    ],
)
def test_a_bad_part_is_refused_naming_the_field(viewer, change, error, field):
    body = {"document": document(slots=3), "scenario": LECTURE, "rules": SHARE_RULES, **change}
    body = {key: value for key, value in body.items() if value is not None}

    answer = dry_run(viewer, **body)

    assert answer.status_code == 400, answer.json()
    assert (answer.json()["error"], answer.json()["field"]) == (error, field)


def test_a_rule_may_not_take_an_audio_only_preset(viewer):
    radio = services.create_preset(
        name="Radio", document=None, request={"RoomId": "8001", "RoomIdType": 0}, user=None
    ).preset
    rules = [
        {
            "name": "radio",
            "trigger": {"on": "enter"},
            "action": {"do": "take-table-entry", "entries": [{"count": 1, "preset": radio.pk}]},
        }
    ]

    answer = dry_run(viewer, document=document(), scenario=LECTURE, rules=rules)

    assert answer.status_code == 400
    assert answer.json()["field"] == "rules[0].action.entries[0].preset"


def test_the_rules_problems_all_come_back_each_with_its_path(viewer):
    rules = [{**SHARE_RULES[0], "timing": {"hold": -1, "cooldown": "soon"}}]

    answer = dry_run(viewer, document=document(), scenario=LECTURE, rules=rules)

    assert [p["path"] for p in answer.json()["problems"]] == [
        "rules[0].timing.hold",
        "rules[0].timing.cooldown",
    ]
    assert "rules[0].timing.hold" in answer.json()["message"]


def test_a_preset_without_rules_needs_them_in_the_body(viewer):
    answer = dry_run(viewer, preset=a_preset(Scenario=LECTURE).pk)

    assert answer.status_code == 400
    assert answer.json()["field"] == "rules"


def test_roles_in_a_template_layout_are_a_warning(viewer):
    floating = document()
    floating["LayoutParams"]["MixLayoutMode"] = 1
    roles = {"slots": [{"slot": 0, "role": "sharer"}]}

    answer = dry_run(viewer, document=floating, scenario=LECTURE, rules=[], roles=roles)

    assert answer.status_code == 200
    warnings = [(w["path"], w["severity"]) for w in answer.json()["warnings"]]
    assert ("roles.slots", "warning") in warnings


# ---- a preset keeps its roles and rules ---------------------------------------------


def test_a_preset_keeps_its_roles_and_rules_in_its_own_part(api):
    part = {"Roles": {"slots": [{"slot": 0, "role": "sharer"}]}, "Rules": SHARE_RULES}

    answer = post(
        api,
        "/api/presets/",
        {"name": "Lecture", "document": document(), "request": {"MixStudio": part}},
    )

    assert answer.status_code == 201, answer.json()
    assert Preset.objects.get().request["MixStudio"] == part


def test_a_preset_with_a_bad_rule_is_refused_naming_it(api):
    rules = copy.deepcopy(SHARE_RULES)
    rules[2]["timing"]["hold"] = -3

    answer = post(
        api,
        "/api/presets/",
        {"name": "Lecture", "document": document(), "request": {"MixStudio": {"Rules": rules}}},
    )

    assert answer.status_code == 400
    assert answer.json()["field"] == "request.MixStudio.Rules[2].timing.hold"
    assert Preset.objects.count() == 0
