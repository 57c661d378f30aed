"""Relay callbacks: bound to their app, applied once, never older over newer, always showable."""

from __future__ import annotations

import copy
import json

import pytest
from django.test import Client

from studio.cloud.callback import callback_sign
from studio.control.models import AppProfile, MixTask, TaskEvent
from studio.control.services import launch, profiles
from tests.factories import make_user, seed_examples

pytestmark = pytest.mark.django_db

KEY = "MixStudioCb2023Key"
OTHER_KEY = "AnotherAppsCallbackKey"
FALLBACK = "TheFallbackCallbackKey"
URL = "rtmp://3891.livepush.myqcloud.com/live/trtc_publishcdn_test1"


@pytest.fixture
def app(settings):
    """The emulator's app with a callback key of its own, and a fallback key set."""
    settings.MIX_CALLBACK_KEY = FALLBACK
    app = profiles.emulator_app()
    app.callback_key = KEY
    app.save()
    return app


@pytest.fixture
def task(app):
    body = copy.deepcopy(seed_examples()[0])
    body.pop("SdkAppId")
    body["AgentParams"].pop("UserSig")
    return launch.start_task(app=app, request=body, user=make_user("producer"))


@pytest.fixture
def other_app():
    app = AppProfile(name="Other", sdk_app_id=1400188366)
    app.callback_key = OTHER_KEY
    app.save()
    return app


def event(task_id: str, *, status: int = 2, ms: int = 1_700_000_005_000, **info) -> dict:
    return {
        "EventGroupId": 4,
        "EventType": 401,
        "CallbackTs": ms + 5,
        "EventInfo": {
            "RoomId": "295066",
            "RoomType": 0,
            "EventMsTs": ms,
            "UserId": "robot",
            "TaskId": task_id,
            "Payload": {"Url": URL, "Status": status},
            **info,
        },
    }


def raw_of(body) -> bytes:
    return json.dumps(body, ensure_ascii=False, indent="\t").encode()


def post(raw: bytes, key: str, app_id: str = "1400000001"):
    return Client().generic(
        "POST",
        "/api/callbacks/relay/",
        raw,
        content_type="application/json",
        HTTP_SIGN=callback_sign(key, raw),
        HTTP_SDKAPPID=app_id,
    )


def callbacks_of(task: MixTask) -> int:
    return task.events.filter(kind="callback").count()


# -- bound to the app --------------------------------------------------------------


def test_the_tasks_own_app_key_is_accepted(task):
    response = post(raw_of(event(task.task_id)), KEY)
    assert response.status_code == 200
    assert response.json()["recorded"] is True
    assert MixTask.objects.get().cdn_status[URL]["name"] == "running"


def test_another_apps_key_cannot_speak_for_this_task(task, other_app):
    raw = raw_of(event(task.task_id))
    # Signed by the other app, naming the other app: that app has no such task.
    answer = post(raw, OTHER_KEY, app_id=str(other_app.sdk_app_id))
    assert answer.status_code == 200
    assert answer.json()["recorded"] is False
    # Signed by the other app, naming this task's app: the signature does not verify.
    assert post(raw, OTHER_KEY).status_code == 401
    assert callbacks_of(task) == 0
    assert MixTask.objects.get(pk=task.pk).cdn_status == {}


def test_the_fallback_key_is_only_for_apps_without_one(task, other_app):
    raw = raw_of(event(task.task_id))
    assert post(raw, FALLBACK).status_code == 401  # this app holds its own key
    assert post(raw, FALLBACK, app_id="abc").status_code == 401
    assert post(raw, FALLBACK, app_id="").status_code == 401
    assert post(raw, KEY, app_id="1" * 40).status_code == 401
    assert callbacks_of(task) == 0
    app = task.app_profile
    app.callback_key_encrypted = ""
    app.save()
    assert post(raw, FALLBACK).json()["recorded"] is True


# -- applied once, newest wins -------------------------------------------------------


def test_the_same_signed_callback_twenty_times_is_applied_once(task):
    raw = raw_of(event(task.task_id))
    answers = [post(raw, KEY) for _ in range(20)]
    assert {a.status_code for a in answers} == {200}  # Tencent stops retrying on 200
    assert [a.json()["recorded"] for a in answers].count(True) == 1
    assert all(a.json()["duplicate"] for a in answers[1:])
    assert callbacks_of(task) == 1


def test_a_retry_with_a_new_callback_time_is_the_same_event(task):
    first = event(task.task_id)
    retry = copy.deepcopy(first)
    retry["CallbackTs"] += 10_000  # G.1: retried ten seconds later
    post(raw_of(first), KEY)
    assert post(raw_of(retry), KEY).json()["duplicate"] is True
    assert callbacks_of(task) == 1


def test_an_older_event_never_overwrites_a_newer_one(task):
    post(raw_of(event(task.task_id, status=2, ms=2_000)), KEY)
    post(raw_of(event(task.task_id, status=1, ms=1_000)), KEY)
    post(raw_of(event(task.task_id, status=4, ms=2_000)), KEY)  # same time: not newer
    assert MixTask.objects.get().cdn_status[URL]["status"] == 2
    post(raw_of(event(task.task_id, status=3, ms=3_000)), KEY)
    assert MixTask.objects.get().cdn_status[URL]["status"] == 3


# -- what is stored can be shown again ---------------------------------------------------


def test_a_lone_surrogate_is_replaced_and_the_event_log_still_renders(task, client):
    raw = raw_of(event(task.task_id)).replace(b'"robot"', b'"robot\\ud800"')
    assert post(raw, KEY).status_code == 200
    stored = TaskEvent.objects.get(kind="callback")
    assert stored.request["EventInfo"]["UserId"] == "robot\ufffd"
    client.force_login(make_user("viewer", "viewer"))
    assert client.get(f"/api/tasks/{task.pk}/events/").status_code == 200
    admin = Client()
    admin.force_login(make_user("boss", "admin"))
    assert admin.get(f"/admin/studio/taskevent/{stored.pk}/change/").status_code == 200
    assert admin.get(f"/admin/studio/mixtask/{task.pk}/change/").status_code == 200


def test_rows_stored_before_the_fix_are_repaired_and_shown(task, client):
    event_row = TaskEvent.objects.get()
    # As an older version stored it: straight to the database, bypassing save().
    TaskEvent.objects.filter(pk=event_row.pk).update(request={"bad\ud800": "x\udfff"})
    client.force_login(make_user("viewer", "viewer"))
    assert client.get(f"/api/tasks/{task.pk}/events/").status_code == 200
    from importlib import import_module

    from django.apps import apps

    migration = import_module("studio.control.migrations.0005_reconcile_and_callbacks")
    migration.keep_robots_and_fix_text(apps, None)
    assert TaskEvent.objects.get(pk=event_row.pk).request == {"bad\ufffd": "x\ufffd"}


# -- hostile bodies: 4xx, nothing stored ------------------------------------------------------


def nested(depth: int) -> dict:
    value: dict = {"Url": URL, "Status": 2}
    for _ in range(depth):
        value = {"deeper": value}
    return value


@pytest.mark.parametrize(
    "make",
    [
        lambda tid: raw_of({**event(tid), "EventInfo": "not an object"}),
        lambda tid: raw_of({**event(tid), "EventInfo": [1, 2]}),
        lambda tid: raw_of(event(tid, Payload="x")),
        lambda tid: raw_of(event(tid, Payload=None)),
        lambda tid: raw_of(event(tid, Payload=nested(40))),
        lambda tid: raw_of(event(tid)).replace(b'"Status": 2', b'"Status": 1e309'),
        lambda tid: raw_of(event(tid)).replace(b'"Status": 2', b'"Status": Infinity'),
        lambda tid: raw_of(event(tid)).replace(b'"Status": 2', b'"Status": NaN'),
        lambda tid: raw_of(event(tid)).replace(b'"Status": 2', b'"Status": true'),
        lambda tid: raw_of(event(tid)).replace(b'"Status": 2', b'"Status": 2, "x": -1e999'),
        lambda tid: raw_of(event(tid, EventMsTs="soon")),
        lambda tid: b"[" * 100_000 + b"]" * 100_000,
        lambda tid: b"\xff\xfe not utf-8",
        lambda tid: b"",
        lambda tid: b'"just a string"',
    ],
    ids=[
        "EventInfo string",
        "EventInfo list",
        "Payload string",
        "Payload null",
        "Payload deep",
        "1e309",
        "Infinity",
        "NaN",
        "bool status",
        "-1e999 elsewhere",
        "EventMsTs text",
        "deep list",
        "not UTF-8",
        "empty",
        "scalar",
    ],
)
def test_hostile_signed_bodies_answer_4xx_and_store_nothing(task, make):
    raw = make(task.task_id)
    response = post(raw, KEY)
    assert 400 <= response.status_code < 500, response.content[:200]
    assert response.json()["field"]
    assert callbacks_of(task) == 0
    assert MixTask.objects.get(pk=task.pk).cdn_status == {}


# -- a Start whose answer was lost learns its TaskId from the push, never an older one --------


@pytest.fixture
def unanswered(app):
    """A task whose Start was sent and never answered: no TaskId yet."""
    return MixTask.objects.create(
        app_profile=app,
        room_id="295066",
        robot_user_id="robot",
        status=MixTask.Status.STARTING,
        params={},
    )


def ms_of(moment) -> int:
    return int(moment.timestamp() * 1000)


def test_a_push_after_the_start_names_the_tasks_task_id(unanswered):
    raw = raw_of(event("new-task", ms=ms_of(unanswered.created_at) + 300))
    assert post(raw, KEY).json()["recorded"] is True
    task = MixTask.objects.get(pk=unanswered.pk)
    assert (task.task_id, task.status) == ("new-task", "running")


def test_a_late_retry_of_an_earlier_tasks_callback_names_nothing(unanswered):
    # G.1 retries for up to a minute: the seat's previous task may still be heard from.
    raw = raw_of(event("old-task", ms=ms_of(unanswered.created_at) - 10_000))
    assert post(raw, KEY).json()["recorded"] is False
    task = MixTask.objects.get(pk=unanswered.pk)
    assert (task.task_id, task.status) == ("", "starting")


@pytest.mark.parametrize("status", [0, 5])  # idle, disconnecting: a push that ends
def test_a_push_that_ends_names_no_starting_task(unanswered, status):
    raw = raw_of(event("ending-task", status=status, ms=ms_of(unanswered.created_at) + 300))
    assert post(raw, KEY).json()["recorded"] is False
    assert MixTask.objects.get(pk=unanswered.pk).task_id == ""
