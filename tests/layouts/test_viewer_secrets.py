"""A preset's push keys are the producer's: viewers see them masked everywhere.

An imported show keeps its push URLs key for key (a producer exports and
launches it again), but a viewer reads the preset, its Start body, its
revisions and its editor page with every secret masked, as tasks show them.
"""

from __future__ import annotations

import copy
import json

import pytest
from rest_framework.test import APIClient

from tests.factories import make_user, seed_examples

pytestmark = pytest.mark.django_db

PUSH_KEY = "d41d8cd98f00b204e9800998ecf8427e"


@pytest.fixture
def imported(api):
    body = copy.deepcopy(seed_examples()[0])
    body["PublishCdnParams"][0]["PublishCdnUrl"] += f"?txSecret={PUSH_KEY}&txTime=6A0B1C2D"
    answer = api.generic(
        "POST", "/api/presets/import/", json.dumps(body).encode(), content_type="application/json"
    )
    assert answer.status_code == 201, answer.json()
    return answer.json()["id"]


@pytest.fixture
def viewer():
    client = APIClient()
    client.force_login(make_user("watcher", role="viewer"))
    return client


def push_url(body):
    return body["PublishCdnParams"][0]["PublishCdnUrl"]


def test_a_producer_reads_the_push_key_whole(api, imported):
    preset = api.get(f"/api/presets/{imported}/").json()
    start = api.get(f"/api/presets/{imported}/request/").json()

    assert f"txSecret={PUSH_KEY}" in push_url(preset["request"])
    assert f"txSecret={PUSH_KEY}" in push_url(start)


@pytest.mark.parametrize("path", ["/", "/request/", "/revisions/"])
def test_a_viewer_never_reads_the_push_key(viewer, imported, path):
    answer = viewer.get(f"/api/presets/{imported}{path}")

    assert answer.status_code == 200
    assert PUSH_KEY not in answer.content.decode()
    assert "txSecret=***" in answer.content.decode()


def test_the_viewers_editor_page_carries_no_push_key(viewer, imported):
    page = viewer.get(f"/presets/{imported}/edit")

    assert page.status_code == 200
    assert PUSH_KEY not in page.content.decode()


def test_the_producers_editor_page_keeps_the_show_whole(api, imported):
    page = api.get(f"/presets/{imported}/edit")

    assert PUSH_KEY in page.content.decode()
