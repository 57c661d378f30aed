"""Every list of the API is paginated the same way, and the schema as served says so.

Presets, tasks, assets, a task's events and a preset's revisions: `?page=` and
`?page_size=` (at most 200), answered as {"count", "next", "previous", "results"};
each list's own filters keep working beside them.
"""

from __future__ import annotations

import pytest

from layouts import services as layout_services
from layouts.models import Asset
from studio.control.models import AppProfile, MixTask, TaskEvent
from tests.factories import document

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists(db, api):
    """Five of everything each list shows: its URL by name."""
    from tests.factories import make_user

    producer = make_user("someone")
    preset = layout_services.create_preset(name="v1", document=document(), user=producer).preset
    for version in range(1, 5):
        preset = layout_services.update_preset(
            preset.pk, expected_version=version, changes={"name": f"v{version + 1}"}, user=producer
        ).preset
    for n in range(4):
        layout_services.create_preset(name=f"p{n}", document=document(), user=None)
    app = AppProfile.objects.create(name="App", sdk_app_id=1400000009)
    tasks = [
        MixTask.objects.create(
            app_profile=app, room_id=str(8000 + n), status="stopped" if n % 2 else "running"
        )
        for n in range(5)
    ]
    for n in range(5):
        TaskEvent.objects.create(task=tasks[0], kind="call", action=f"Call{n}")
        Asset.objects.create(
            name=f"{n}.png", original_name=f"{n}.png", content_type="image/png", width=8,
            height=8, size=1,
        )  # fmt: skip
    return {
        "presets": "/api/presets/",
        "tasks": "/api/tasks/",
        "assets": "/api/assets/",
        "events": f"/api/tasks/{tasks[0].pk}/events/",
        "revisions": f"/api/presets/{preset.pk}/revisions/",
    }


NAMES = ["presets", "tasks", "assets", "events", "revisions"]


@pytest.mark.parametrize("name", NAMES)
def test_every_list_pages_through_with_the_same_parameters(api, lists, name):
    url = lists[name]
    pages = [api.get(url, {"page_size": 2, "page": n}).json() for n in (1, 2, 3)]
    assert [page["count"] for page in pages] == [5, 5, 5]
    assert [len(page["results"]) for page in pages] == [2, 2, 1]
    assert pages[0]["previous"] is None and pages[2]["next"] is None
    assert "page=2" in pages[0]["next"] and "page_size=2" in pages[0]["next"]
    everything = api.get(url).json()["results"]
    assert [item for page in pages for item in page["results"]] == everything


@pytest.mark.parametrize("name", NAMES)
def test_a_page_past_the_end_is_a_404_problem(api, lists, name):
    response = api.get(lists[name], {"page_size": 2, "page": 4})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("name", NAMES)
def test_page_size_is_capped_at_200(api, lists, name):
    response = api.get(lists[name], {"page_size": 100000})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 5


def test_lists_go_past_the_200_they_used_to_stop_at(api, db):
    app = AppProfile.objects.create(name="App", sdk_app_id=1400000009)
    MixTask.objects.bulk_create(
        MixTask(app_profile=app, room_id=str(n), status="stopped") for n in range(205)
    )
    first = api.get("/api/tasks/", {"page_size": 200}).json()
    assert (first["count"], len(first["results"])) == (205, 200)
    assert len(api.get(first["next"]).json()["results"]) == 5


def test_the_task_lists_own_filters_keep_working(api, lists):
    stopped = api.get("/api/tasks/", {"status": "stopped", "page_size": 1}).json()
    assert stopped["count"] == 2
    assert stopped["results"][0]["status"] == "stopped"
    assert "status=stopped" in stopped["next"]
    full = api.get("/api/tasks/", {"fields": "params"}).json()["results"]
    assert all("params" in task for task in full)


def test_events_after_keeps_working(api, lists):
    events = api.get(lists["events"]).json()["results"]
    newest_first = [event["id"] for event in events]
    assert newest_first == sorted(newest_first, reverse=True)
    newer = api.get(lists["events"], {"after": newest_first[2]}).json()
    assert newer["count"] == 2
    assert [event["id"] for event in newer["results"]] == newest_first[:2]


# ---------------------------------------------------------------------------
# The schema as served documents the pagination of every list.


LIST_OPERATIONS = {
    "presets": "/api/presets/",
    "tasks": "/api/tasks/",
    "assets": "/api/assets/",
    "events": "/api/tasks/{id}/events/",
    "revisions": "/api/presets/{id}/revisions/",
}


@pytest.fixture(scope="module")
def served_schema(django_db_setup, django_db_blocker):
    from rest_framework.test import APIClient

    from tests.factories import make_user

    with django_db_blocker.unblock():
        client = APIClient()
        user = make_user("schema-reader", role="viewer")
        client.force_login(user)
        response = client.get("/api/schema/", {"format": "json"})
        user.delete()
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("name", NAMES)
def test_the_served_schema_documents_each_lists_pagination(served_schema, name):
    operation = served_schema["paths"][LIST_OPERATIONS[name]]["get"]
    parameters = {parameter["name"] for parameter in operation["parameters"]}
    assert {"page", "page_size"} <= parameters
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    page = served_schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert {"count", "next", "previous", "results"} <= page["properties"].keys()
    assert page["properties"]["results"]["type"] == "array"


def test_the_served_schema_documents_the_idempotency_key(served_schema):
    operation = served_schema["paths"]["/api/tasks/"]["post"]
    headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
    assert "Idempotency-Key" in headers
    assert {"200", "201"} <= operation["responses"].keys()
