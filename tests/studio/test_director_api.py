"""The auto-director of a task over HTTP: status, rules, pause and the slate."""

from __future__ import annotations

import copy

import pytest
from rest_framework.test import APIClient

from layouts.core.director_starters import starter
from studio.control.models import TaskDirector
from tests.factories import make_user
from tests.studio.program_helpers import start

pytestmark = pytest.mark.django_db

SHARE_RULES = starter("screen-share-takes-over")["rules"]


@pytest.fixture
def viewer():
    client = APIClient()
    client.force_login(make_user("viewer", role="viewer"))
    return client


def test_a_task_without_rules_answers_an_idle_director(api, viewer):
    task = start(api)

    answer = viewer.get(f"/api/tasks/{task['id']}/director/")

    assert answer.status_code == 200
    assert answer.json()["rules"] == [] and answer.json()["slate"] == {"on": False, "preset": None}


def test_rules_are_set_and_paused_and_read_back(api):
    task = start(api)
    url = f"/api/tasks/{task['id']}/director/"

    set_rules = api.patch(url, {"rules": SHARE_RULES}, format="json")
    paused = api.patch(url, {"paused": True}, format="json")

    assert set_rules.status_code == 200, set_rules.json()
    assert [rule["name"] for rule in set_rules.json()["rules"]] == [
        rule["name"] for rule in SHARE_RULES
    ]
    assert paused.json()["paused"] is True
    assert api.get(url).json()["paused"] is True


def test_a_bad_rule_is_refused_naming_the_rule_and_the_field_and_nothing_is_kept(api):
    task = start(api)
    url = f"/api/tasks/{task['id']}/director/"
    api.patch(url, {"rules": SHARE_RULES}, format="json")
    bad = copy.deepcopy(SHARE_RULES)
    bad[2]["timing"]["hold"] = "long"

    answer = api.patch(url, {"rules": bad}, format="json")

    assert answer.status_code == 400
    assert answer.json()["field"] == "rules[2].timing.hold"
    assert TaskDirector.objects.get(task_id=task["id"]).rules == SHARE_RULES


def test_viewers_read_but_change_nothing(api, viewer):
    task = start(api)

    assert (
        viewer.patch(
            f"/api/tasks/{task['id']}/director/", {"paused": True}, format="json"
        ).status_code
        == 403
    )
    assert viewer.post(f"/api/tasks/{task['id']}/slate/", {}, format="json").status_code == 403


def test_the_slate_key_puts_the_slate_on_air_and_releases_it(api):
    task = start(api)
    url = f"/api/tasks/{task['id']}/slate/"

    on = api.post(url, {}, format="json")
    again = api.post(url, {}, format="json")
    off = api.post(url, {"on": False}, format="json")

    assert on.status_code == 200 and on.json()["slate"]["on"] is True
    assert again.status_code == 409
    assert off.status_code == 200 and off.json()["slate"]["on"] is False
    assert api.get(f"/api/tasks/{task['id']}/").json()["sequence_number"] == 2


def test_a_slate_preset_must_have_a_picture(api):
    from layouts import services

    task = start(api)
    audio_only = services.create_preset(
        name="Radio", document=None, request={"RoomId": "1", "RoomIdType": 0}, user=None
    ).preset

    answer = api.patch(
        f"/api/tasks/{task['id']}/director/", {"slate_preset": audio_only.pk}, format="json"
    )

    assert answer.status_code == 400 and answer.json()["field"] == "slate_preset"
