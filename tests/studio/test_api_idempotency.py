"""`Idempotency-Key` on POST /api/tasks/: a Start sent again with its key starts nothing twice.

Against the in-process emulator, as the other task API tests; the keys are rows of
the real database.
"""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest
from django.utils import timezone

from studio.cloud.errors import CloudUnreachable
from studio.control.models import IdempotencyKey, MixTask, TaskEvent
from studio.control.services import idempotency
from tests.factories import make_user, seed_examples

pytestmark = pytest.mark.django_db

KEY = "9b2f4c1e-5d7a-4e3b-8f60-2c1d0e9a7b45"


def start_request(example: int = 1, room: str | None = None) -> dict:
    body = copy.deepcopy(seed_examples()[example - 1])
    body.pop("SdkAppId")
    body["AgentParams"].pop("UserSig")
    body["AgentParams"].pop("UserId")
    if room is not None:
        body["RoomId"] = room
    return body


def post(client, body: dict, key: str | None = KEY):
    headers = {} if key is None else {"HTTP_IDEMPOTENCY_KEY": key}
    return client.post("/api/tasks/", body, format="json", **headers)


def starts_sent() -> int:
    return TaskEvent.objects.filter(action="StartPublishCdnStream").count()


def test_the_same_key_and_body_answer_the_same_task_and_send_nothing_again(api):
    body = {"request": start_request()}
    first = post(api, body)
    again = post(api, body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert again["Location"] == first["Location"] == f"/api/tasks/{first.json()['id']}/"
    assert (MixTask.objects.count(), starts_sent()) == (1, 1)


def test_the_same_body_in_another_key_order_is_the_same_body(api):
    request = start_request()
    first = post(api, {"request": request, "fill_from_preset": True})
    reordered = dict(reversed(list(request.items())))
    again = post(api, {"fill_from_preset": True, "request": reordered})
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]


def test_another_body_with_the_key_is_a_422_problem_naming_the_header(api):
    assert post(api, {"request": start_request()}).status_code == 201
    other = post(api, {"request": start_request(room="9999")})
    assert other.status_code == 422
    assert other["Content-Type"] == "application/problem+json"
    body = other.json()
    assert (body["code"], body["field"], body["status"]) == (
        "idempotency-key-reused",
        "Idempotency-Key",
        422,
    )
    assert "Idempotency-Key" in body["detail"]
    assert (MixTask.objects.count(), starts_sent()) == (1, 1)


def test_keys_are_per_user(api, db):
    from rest_framework.test import APIClient

    assert post(api, {"request": start_request()}).status_code == 201
    colleague = APIClient()
    colleague.force_login(make_user("colleague"))
    theirs = post(colleague, {"request": start_request(room="9999")})
    assert theirs.status_code == 201
    assert MixTask.objects.count() == 2


def test_a_key_older_than_a_day_is_forgotten(api):
    body = {"request": start_request()}
    first = post(api, body).json()
    api.post(f"/api/tasks/{first['id']}/stop/")  # so that its robot may be seated again
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=24, minutes=1))
    again = post(api, body)
    assert again.status_code == 201
    assert again.json()["id"] != first["id"]
    assert IdempotencyKey.objects.get().task_id == again.json()["id"]


def test_a_start_refused_before_sending_keeps_no_key(api):
    bad = start_request()
    bad["VideoParams"]["VideoEncode"]["Fps"] = 500
    assert post(api, {"request": bad}).status_code == 400
    assert not IdempotencyKey.objects.exists()
    corrected = post(api, {"request": start_request()})
    assert corrected.status_code == 201


def test_a_start_still_on_its_way_answers_409_with_retry_after(api):
    body = {"request": start_request()}
    from django.contrib.auth import get_user_model

    producer = get_user_model().objects.get(username="producer")
    IdempotencyKey.objects.create(user=producer, key=KEY, body_hash=idempotency.body_hash(body))
    response = post(api, body)
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency-key-in-flight"
    assert response["Retry-After"] == "1"
    assert starts_sent() == 0


@pytest.mark.parametrize("key", ["", "x" * 256, "caf\u00e9"])
def test_a_malformed_key_is_a_400_naming_the_header(api, key):
    response = post(api, {"request": start_request()}, key=key)
    assert response.status_code == 400
    assert response.json()["field"] == "Idempotency-Key"
    assert not MixTask.objects.exists()


def test_without_a_key_each_start_is_a_start(api):
    assert post(api, {"request": start_request()}, key=None).status_code == 201
    assert post(api, {"request": start_request(room="9999")}, key=None).status_code == 201
    assert not IdempotencyKey.objects.exists()


def test_a_start_whose_answer_was_lost_keeps_its_task_for_the_key(api, monkeypatch):
    """The case keys are for: the Start left, its answer did not come back."""
    from studio.cloud import client as cloud_client

    def lost(self, body):  # noqa: ANN001, ANN202
        raise CloudUnreachable("The answer was lost.", maybe_delivered=True)

    monkeypatch.setattr(cloud_client.TrtcClient, "start", lost)
    body = {"request": start_request()}
    first = post(api, body)
    assert first.status_code == 504
    task = MixTask.objects.get()
    monkeypatch.undo()
    again = post(api, body)
    assert again.status_code == 200
    assert again.json()["id"] == task.pk
    assert again.json()["status"] == task.status
    assert MixTask.objects.count() == 1
