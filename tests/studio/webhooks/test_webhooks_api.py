"""/api/webhooks/: producers register, read, change and remove webhooks; the secret is
answered once; URLs the SSRF guard refuses are refused; viewers may not."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from studio.webhooks.models import Delivery, Webhook
from tests.factories import make_user
from tests.studio.webhooks.conftest import delivery_jobs, run_delivery_jobs

pytestmark = pytest.mark.django_db


def as_user(role: str) -> APIClient:
    client = APIClient()
    client.force_login(make_user(role, role=role))
    return client


def test_registering_answers_the_secret_once(api, receiver):
    response = api.post("/api/webhooks/", {"url": receiver.url}, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert response["Location"] == f"/api/webhooks/{created['id']}/"
    assert created["secret"].startswith("whsec_")
    assert created["events"] == [
        "task.started",
        "task.updated",
        "task.stopped",
        "task.failed",
        "output.health",
    ]
    assert created["created_by"] == "producer"
    read = api.get(response["Location"]).json()
    listed = api.get("/api/webhooks/").json()
    assert "secret" not in read
    assert listed["count"] == 1 and "secret" not in listed["results"][0]
    hook = Webhook.objects.get()
    assert hook.secret == created["secret"]
    assert created["secret"] not in hook.secret_encrypted


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.5/hook",
        "http://127.0.0.1:9/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://localhost/hook",
    ],
)
def test_a_url_to_a_private_address_is_refused(api, url):
    response = api.post("/api/webhooks/", {"url": url}, format="json")
    assert response.status_code == 400, response.json()
    problem = response.json()
    assert (problem["code"], problem["field"]) == ("webhook-url-refused", "url")
    assert "private or local network address" in problem["detail"]
    assert not Webhook.objects.exists()


@pytest.mark.parametrize(
    "url", ["ftp://example.com/hook", "not a url", "http://user:pw@example.com/", "http://:80/"]
)
def test_a_url_that_is_not_http_is_refused(api, url):
    response = api.post("/api/webhooks/", {"url": url}, format="json")
    assert response.status_code == 400, response.json()
    assert response.json()["field"] == "url"


def test_an_unknown_event_is_refused_naming_the_field(api, receiver):
    response = api.post(
        "/api/webhooks/", {"url": receiver.url, "events": ["task.exploded"]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["field"].startswith("events")


def test_viewers_are_refused(receiver):
    viewer = as_user("viewer")
    assert viewer.get("/api/webhooks/").status_code == 403
    assert viewer.post("/api/webhooks/", {"url": receiver.url}, format="json").status_code == 403
    assert not Webhook.objects.exists()


def test_anonymous_callers_are_refused(receiver):
    assert APIClient().get("/api/webhooks/").status_code == 401


def test_admins_may_register(receiver):
    response = as_user("admin").post("/api/webhooks/", {"url": receiver.url}, format="json")
    assert response.status_code == 201


def test_changing_keeps_the_secret_and_checks_a_new_url(api, receiver):
    created = api.post("/api/webhooks/", {"url": receiver.url}, format="json").json()
    path = f"/api/webhooks/{created['id']}/"
    changed = api.patch(path, {"events": ["task.stopped"], "active": False}, format="json")
    assert changed.status_code == 200
    assert (changed.json()["events"], changed.json()["active"]) == (["task.stopped"], False)
    refused = api.patch(path, {"url": "http://192.168.1.10/hook"}, format="json")
    assert refused.status_code == 400 and refused.json()["field"] == "url"
    hook = Webhook.objects.get()
    assert (hook.url, hook.secret) == (receiver.url, created["secret"])
    replaced = api.put(path, {"url": receiver.url + "/v2"}, format="json").json()
    assert replaced["events"][0] == "task.started" and replaced["active"] is True


def test_deleting_removes_it_and_its_history(api, receiver, django_capture_on_commit_callbacks):
    created = api.post("/api/webhooks/", {"url": receiver.url}, format="json").json()
    with django_capture_on_commit_callbacks(execute=True):
        api.post(f"/api/webhooks/{created['id']}/test/")
    assert api.delete(f"/api/webhooks/{created['id']}/").status_code == 204
    assert not Delivery.objects.exists()
    assert api.get(f"/api/webhooks/{created['id']}/").status_code == 404


def test_a_test_event_is_delivered_and_in_the_history(
    api, receiver, django_capture_on_commit_callbacks
):
    created = api.post(
        "/api/webhooks/", {"url": receiver.url, "events": ["task.stopped"]}, format="json"
    ).json()
    with django_capture_on_commit_callbacks(execute=True):
        queued = api.post(f"/api/webhooks/{created['id']}/test/")
    assert queued.status_code == 202
    assert len(delivery_jobs()) == 1
    assert run_delivery_jobs(django_capture_on_commit_callbacks) == ["delivered"]
    assert receiver.events() == ["ping"]
    history = api.get(f"/api/webhooks/{created['id']}/deliveries/").json()
    (item,) = history["results"]
    assert (item["event"], item["status"], item["attempts"], item["last_status_code"]) == (
        "ping",
        "delivered",
        1,
        204,
    )
    assert item["delivery_id"] == receiver.received[0].headers["X-MixStudio-Delivery"]


def test_viewers_cannot_read_a_webhooks_history(api, receiver):
    created = api.post("/api/webhooks/", {"url": receiver.url}, format="json").json()
    viewer = as_user("viewer")
    assert viewer.get(f"/api/webhooks/{created['id']}/deliveries/").status_code == 403
    assert viewer.post(f"/api/webhooks/{created['id']}/test/").status_code == 403
