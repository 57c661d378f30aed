"""Events of a task's life reach a registered receiver over real HTTP, signed, once each,
and a receiver that fails gets the delivery again later."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from studio.cloud.callback import callback_sign
from studio.cloud.signals import task_ended_by_cloud
from studio.control.models import MixTask
from studio.control.services import answers, profiles
from studio.webhooks import deliveries
from studio.webhooks.models import Delivery, Webhook
from tests.studio.program_helpers import small_document, start, start_request
from tests.studio.webhooks.conftest import delivery_jobs, in_future, run_delivery_jobs

pytestmark = pytest.mark.django_db


def register(api, url: str, **fields) -> dict:
    response = api.post("/api/webhooks/", {"url": url, **fields}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def documented_signature(secret: str, timestamp: str, body: bytes) -> str:
    """The README's algorithm: HMAC-SHA256 over "<timestamp>.<body>", hex, after "sha256="."""
    signed = timestamp.encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def start_update_stop(api, captured) -> dict:
    with captured(execute=True):
        task = start(api)
    with captured(execute=True):
        updated = api.post(
            f"/api/tasks/{task['id']}/update/",
            {"request": {"VideoParams": small_document(BitRate=600)}},
            format="json",
        )
    assert updated.status_code == 200, updated.json()
    with captured(execute=True):
        stopped = api.post(f"/api/tasks/{task['id']}/stop/", format="json")
    assert stopped.json()["status"] == "stopped"
    return task


def test_start_update_and_stop_reach_the_receiver_signed(
    api, receiver, django_capture_on_commit_callbacks
):
    hook = register(api, receiver.url)
    task = start_update_stop(api, django_capture_on_commit_callbacks)

    assert run_delivery_jobs(django_capture_on_commit_callbacks) == ["delivered"] * 3
    assert receiver.events() == ["task.started", "task.updated", "task.stopped"]
    for item in receiver.received:
        timestamp = item.headers["X-MixStudio-Timestamp"]
        assert abs(time.time() - int(timestamp)) < 60
        assert item.headers["X-MixStudio-Signature"] == documented_signature(
            hook["secret"], timestamp, item.body
        )
        assert item.headers["Content-Type"] == "application/json"
        assert item.event["type"] == item.headers["X-MixStudio-Event"]
        assert item.event["task"]["id"] == task["id"]
        assert item.event["task"]["room_id"] == task["room_id"]
    started, updated, stopped = (item.event for item in receiver.received)
    assert (started["task"]["status"], started["task"]["sequence_number"]) == ("running", 0)
    assert (updated["task"]["sequence_number"], updated["automatic"]) == (1, False)
    assert stopped["task"]["status"] == "stopped"
    assert len({item.headers["X-MixStudio-Delivery"] for item in receiver.received}) == 3


def test_a_wrong_secret_does_not_verify(api, receiver, django_capture_on_commit_callbacks):
    hook = register(api, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        start(api)
    run_delivery_jobs(django_capture_on_commit_callbacks)
    (item,) = receiver.received
    timestamp = item.headers["X-MixStudio-Timestamp"]
    signature = item.headers["X-MixStudio-Signature"]
    assert signature == documented_signature(hook["secret"], timestamp, item.body)
    assert signature != documented_signature(hook["secret"] + "x", timestamp, item.body)
    assert signature != documented_signature(hook["secret"], str(int(timestamp) + 1), item.body)


def test_the_event_is_what_the_task_list_shows_without_secrets(
    api, receiver, django_capture_on_commit_callbacks
):
    register(api, receiver.url, events=["task.started"])
    with django_capture_on_commit_callbacks(execute=True):
        task = start(api)
    run_delivery_jobs(django_capture_on_commit_callbacks)
    shown = receiver.received[0].event["task"]
    assert "params" not in shown
    assert shown["outputs"] == [{"PublishCdnUrl": "rtmp://push.example.com/live/show_a"}]
    assert "UserSig" not in receiver.received[0].body.decode()
    assert shown["task_id"] == task["task_id"]


def test_a_receiver_answering_500_gets_the_delivery_again_later(
    api, receiver, settings, django_capture_on_commit_callbacks
):
    settings.MIX_WEBHOOK_RETRY_SECONDS = 10
    register(api, receiver.url, events=["task.started"])
    receiver.answers = [500]
    with django_capture_on_commit_callbacks(execute=True):
        start(api)

    assert run_delivery_jobs(django_capture_on_commit_callbacks) == ["retrying"]
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    (retry,) = delivery_jobs()
    assert retry.args == [delivery.pk, 2]
    assert in_future(5) < retry.task.run_after < in_future(15)
    assert delivery.next_attempt_at == retry.task.run_after
    assert run_delivery_jobs(django_capture_on_commit_callbacks) == []  # not due yet

    assert run_delivery_jobs(django_capture_on_commit_callbacks, ignore_run_after=True) == [
        "delivered"
    ]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 2, 204)
    first, second = receiver.received
    assert first.body == second.body
    assert first.headers["X-MixStudio-Delivery"] == second.headers["X-MixStudio-Delivery"]


def test_the_retries_back_off(settings):
    settings.MIX_WEBHOOK_RETRY_SECONDS = 10
    waits = [deliveries.retry_delay(attempt).total_seconds() for attempt in range(1, 8)]
    assert waits == [10, 30, 120, 600, 3600, 3600, 3600]


def test_a_delivery_fails_after_the_last_attempt(
    api, receiver, settings, django_capture_on_commit_callbacks
):
    settings.MIX_WEBHOOK_MAX_ATTEMPTS = 3
    settings.MIX_WEBHOOK_RETRY_SECONDS = 0
    register(api, receiver.url, events=["task.started"])
    receiver.answers = [500, 503, 502, 200]
    with django_capture_on_commit_callbacks(execute=True):
        start(api)
    outcomes = []
    for _ in range(4):
        outcomes += run_delivery_jobs(django_capture_on_commit_callbacks)
    assert outcomes == ["retrying", "retrying", "failed"]
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("failed", 3, 502)
    assert "502" in delivery.last_error
    assert len(receiver.received) == 3


def test_a_job_enqueued_twice_sends_once(api, receiver, django_capture_on_commit_callbacks):
    register(api, receiver.url, events=["task.started"])
    with django_capture_on_commit_callbacks(execute=True):
        start(api)
    (job,) = delivery_jobs()
    assert deliveries.attempt_delivery(*job.args) == "delivered"
    assert deliveries.attempt_delivery(*job.args) == "stale"
    assert len(receiver.received) == 1


def test_the_guard_is_asked_again_at_delivery(
    api, receiver, settings, django_capture_on_commit_callbacks
):
    register(api, receiver.url, events=["task.started"])
    settings.MIX_IMAGE_ALLOWED_HOSTS = []  # the loopback receiver is no longer allowed
    settings.MIX_WEBHOOK_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks(execute=True):
        start(api)
    assert run_delivery_jobs(django_capture_on_commit_callbacks) == ["failed"]
    delivery = Delivery.objects.get()
    assert delivery.last_status_code is None
    assert "127.0.0.1" in delivery.last_error and "private or local" in delivery.last_error
    assert receiver.received == []


def test_a_start_seen_twice_is_told_once(api, receiver, django_capture_on_commit_callbacks):
    register(api, receiver.url, events=["task.started", "task.stopped"])
    with django_capture_on_commit_callbacks(execute=True):
        task = start(api)
        # The answer lost, then found again by a reconcile: the task runs once more.
        MixTask.objects.filter(pk=task["id"]).update(status="unknown")
        answers.record_started(task["id"], task["task_id"])
    assert MixTask.objects.get(pk=task["id"]).status == "running"
    assert Delivery.objects.filter(event="task.started").count() == 1


def test_a_failed_start_is_an_event(api, receiver, settings, django_capture_on_commit_callbacks):
    settings.MIX_EMULATOR_CLIENT_MIX_ROOMS = ["8001"]  # the emulator refuses Starts there
    register(api, receiver.url, events=["task.failed"])
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/tasks/", {"request": start_request()}, format="json")
    assert response.status_code == 409, response.json()
    run_delivery_jobs(django_capture_on_commit_callbacks)
    (item,) = receiver.received
    assert item.event["type"] == "task.failed"
    assert item.event["task"]["status"] == "failed"
    assert item.event["task"]["last_error"]["code"] == "FailedOperation.RequestRejection"


def test_a_new_output_health_is_an_event_and_a_repeat_is_not(
    api, receiver, settings, django_capture_on_commit_callbacks
):
    app = profiles.emulator_app()
    app.callback_key = "WebhookTestCallbackKey"
    app.save()
    register(api, receiver.url, events=["output.health"])
    with django_capture_on_commit_callbacks(execute=True):
        task = start(api)
    url = "rtmp://push.example.com/live/show_a?txSecret=abc123&txTime=65A0B0C0"
    for status, ms in ((2, 1_700_000_001_000), (2, 1_700_000_002_000), (4, 1_700_000_003_000)):
        raw = relay_event(task, url, status, ms)
        with django_capture_on_commit_callbacks(execute=True):
            answer = Client().generic(
                "POST",
                "/api/callbacks/relay/",
                raw,
                content_type="application/json",
                HTTP_SIGN=callback_sign("WebhookTestCallbackKey", raw),
                HTTP_SDKAPPID=str(app.sdk_app_id),
            )
        assert answer.status_code == 200, answer.content
    run_delivery_jobs(django_capture_on_commit_callbacks)
    health = [item.event for item in receiver.received]
    assert [(e["output"]["status"], e["output"]["name"]) for e in health] == [
        (2, "running"),
        (4, "failure"),
    ]
    assert health[0]["previous"] is None
    assert health[1]["previous"]["name"] == "running"
    assert "abc123" not in receiver.received[1].body.decode()
    assert health[1]["output"]["url"].startswith("rtmp://push.example.com/live/show_a?")


def relay_event(task: dict, url: str, status: int, ms: int) -> bytes:
    return json.dumps(
        {
            "EventGroupId": 4,
            "EventType": 401,
            "CallbackTs": ms + 5,
            "EventInfo": {
                "RoomId": task["room_id"],
                "RoomType": 0,
                "EventMsTs": ms,
                "UserId": task["robot_user_id"],
                "TaskId": task["task_id"],
                "Payload": {"Url": url, "Status": status},
            },
        }
    ).encode()


def test_a_turned_off_webhook_gets_nothing_more(api, receiver, django_capture_on_commit_callbacks):
    hook = register(api, receiver.url, events=["task.started", "task.stopped"])
    with django_capture_on_commit_callbacks(execute=True):
        task = start(api)
    Webhook.objects.filter(pk=hook["id"]).update(active=False)
    assert run_delivery_jobs(django_capture_on_commit_callbacks) == ["failed"]
    with django_capture_on_commit_callbacks(execute=True):
        api.post(f"/api/tasks/{task['id']}/stop/", format="json")
    assert delivery_jobs() == []
    assert receiver.received == []


def readme_is_genuine():
    """The README's receiver check, as an integrator would copy it."""
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    section = readme.split("## Webhooks", 1)[1].split("\n## ", 1)[0]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - our own README
    return namespace["is_genuine"]


def test_the_readme_receiver_accepts_a_delivery_and_refuses_a_forgery(
    api, receiver, django_capture_on_commit_callbacks
):
    is_genuine = readme_is_genuine()
    hook = register(api, receiver.url, events=["task.started"])
    with django_capture_on_commit_callbacks(execute=True):
        start(api)
    run_delivery_jobs(django_capture_on_commit_callbacks)
    (item,) = receiver.received
    assert is_genuine(hook["secret"], item.headers, item.body)
    assert not is_genuine("whsec_guessed", item.headers, item.body)
    assert not is_genuine(hook["secret"], item.headers, item.body.replace(b"running", b"stopped"))
    replayed = {**item.headers, "X-MixStudio-Timestamp": str(int(time.time()) - 3600)}
    assert not is_genuine(hook["secret"], replayed, item.body)


def test_a_task_the_cloud_ended_is_told_stopped_once(
    api, receiver, django_capture_on_commit_callbacks
):
    register(api, receiver.url, events=["task.stopped"])
    with django_capture_on_commit_callbacks(execute=True):
        task = start(api)
    for _ in range(2):  # MaxIdleTime (R29), then the same news again
        with django_capture_on_commit_callbacks(execute=True):
            task_ended_by_cloud.send(
                sender=None,
                sdk_app_id=task["sdk_app_id"],
                task_id=task["task_id"],
                at=timezone.now(),
            )
    assert run_delivery_jobs(django_capture_on_commit_callbacks) == ["delivered"]
    (item,) = receiver.received
    assert (item.event["type"], item.event["task"]["status"]) == ("task.stopped", "stopped")
