"""Webhooks with the job runner as `make run` runs it: a real `manage.py db_worker` sends
the deliveries of an emulator task's start, update and stop, and retries one the receiver
refused."""

from __future__ import annotations

import copy
import hashlib
import hmac

import pytest
from django.conf import settings as project_settings

from studio.webhooks.models import Delivery
from tests.studio.program_helpers import (
    engine_worker,
    file_cache,
    small_document,
    start,
    wait_until,
)

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_JOBS = copy.deepcopy(project_settings.TASKS)


@pytest.fixture(autouse=True)
def _database_jobs(settings, tmp_path, monkeypatch, receiver):
    settings.TASKS = DATABASE_JOBS
    file_cache(settings, tmp_path)
    # The worker reads its settings from the environment, as in production.
    monkeypatch.setenv("MIX_IMAGE_ALLOWED_HOSTS", ",".join(settings.MIX_IMAGE_ALLOWED_HOSTS))
    monkeypatch.setenv("MIX_WEBHOOK_RETRY_SECONDS", "0.3")


def test_a_real_worker_delivers_start_update_and_stop_and_retries(api, receiver, tmp_path):
    secret = api.post("/api/webhooks/", {"url": receiver.url}, format="json").json()["secret"]
    receiver.answers = [500]
    task = start(api)
    api.post(
        f"/api/tasks/{task['id']}/update/",
        {"request": {"VideoParams": small_document(BitRate=600)}},
        format="json",
    )
    api.post(f"/api/tasks/{task['id']}/stop/", format="json")
    with engine_worker(tmp_path):
        wait_until(
            lambda: Delivery.objects.filter(status="delivered").count() == 3,
            seconds=60,
            what="three deliveries delivered",
        )
    assert sorted(receiver.events()) == sorted(
        ["task.started", "task.started", "task.updated", "task.stopped"]
    )
    for item in receiver.received:
        signed = item.headers["X-MixStudio-Timestamp"].encode() + b"." + item.body
        expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
        assert item.headers["X-MixStudio-Signature"] == f"sha256={expected}"
    retried = Delivery.objects.get(event="task.started")
    assert (retried.attempts, retried.last_status_code) == (2, 204)
