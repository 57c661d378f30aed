"""The answers the tasks pages poll: light list items, and 304 while nothing changes."""

from __future__ import annotations

import pytest

from studio.control.services import stop
from tests.studio.test_tasks_api import start

pytestmark = pytest.mark.django_db

POLLED = ["/api/tasks/", "/api/tasks/{id}/", "/api/tasks/{id}/events/"]


@pytest.fixture
def running(api):
    return start(api)


@pytest.mark.parametrize("path", POLLED)
def test_an_unchanged_answer_is_304_without_a_body(api, running, path):
    url = path.format(id=running["id"])
    first = api.get(url)
    assert first.status_code == 200
    assert first["ETag"].startswith('"') and "no-cache" in first["Cache-Control"]
    again = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


@pytest.mark.parametrize("path", POLLED)
def test_a_changed_answer_comes_whole_with_a_new_etag(api, running, path):
    url = path.format(id=running["id"])
    before = api.get(url)["ETag"]
    stop.stop_task(running["id"], user=None)
    after = api.get(url, HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200
    assert after["ETag"] != before


def test_list_items_carry_outputs_not_parameters(api, running):
    [item] = api.get("/api/tasks/").json()["results"]
    assert "params" not in item
    assert [o["PublishCdnUrl"] for o in item["outputs"]] == [
        t["PublishCdnUrl"] for t in running["params"]["PublishCdnParams"]
    ]
    assert item["cdn_status"] == running["cdn_status"]


def test_fields_params_lists_every_parameter(api, running):
    [item] = api.get("/api/tasks/?fields=params").json()["results"]
    assert item["params"] == running["params"]


@pytest.mark.parametrize(
    "path, field",
    [
        ("/api/tasks/?status=sleeping", "status"),
        ("/api/tasks/?fields=everything", "fields"),
        ("/api/tasks/{id}/events/?after=-1", "after"),
        ("/api/tasks/{id}/events/?after=soon", "after"),
    ],
)
def test_a_bad_query_is_a_400_naming_the_field(api, running, path, field):
    response = api.get(path.format(id=running["id"]))
    assert response.status_code == 400
    assert response.json()["field"] == field
