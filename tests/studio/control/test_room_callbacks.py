"""Room and media callbacks (reference I) move a task's room state, and nothing else does.

A signed callback for a room where the app has a starting or running task
changes that task's room; forged, cross-app, replayed or older events, and
events for a room where the app has no task, change nothing; junk is a 4xx
naming the field, never a 5xx, and stores nothing.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from studio.cloud.callback import callback_sign
from studio.control.models import AppProfile, MixTask, TaskEvent, TaskRoom
from tests.factories import SHARED, make_user

pytestmark = pytest.mark.django_db

KEY = "MixStudioRoomKey"
OTHER_KEY = "AnotherAppsRoomKey"
VECTORS = json.loads((SHARED / "reference" / "callback-usersig-vectors.json").read_text())
OFFICIAL = next(v for v in VECTORS["callback_vectors"] if v["id"] == "CB-OFFICIAL")


def app(sdk_app_id=1400000001, key=KEY):
    profile = AppProfile(name=f"App {sdk_app_id}", sdk_app_id=sdk_app_id)
    profile.callback_key = key
    profile.save()
    return profile


def task(profile, *, room="8001", status=MixTask.Status.RUNNING, backend="tencent"):
    return MixTask.objects.create(
        app_profile=profile,
        room_id=room,
        room_id_type=0,
        backend=backend,
        status=status,
        task_id=f"t-{MixTask.objects.count()}",
        params={"RoomId": room, "RoomIdType": 0},
    )


def body(event_type, user="guest_1", ms=1_700_000_000_000, room=8001):
    group = 1 if event_type < 200 else 2
    info = {"RoomId": room, "EventTs": ms // 1000, "EventMsTs": ms, "UserId": user}
    return json.dumps(
        {"EventGroupId": group, "EventType": event_type, "CallbackTs": ms + 9, "EventInfo": info}
    )


def post(raw, *, key=KEY, sdk_app_id=1400000001, sign=None):
    raw = raw.encode() if isinstance(raw, str) else raw
    headers = {
        "HTTP_SIGN": sign if sign is not None else callback_sign(key, raw),
        "HTTP_SDKAPPID": str(sdk_app_id),
    }
    return Client().generic(
        "POST", "/api/callbacks/room/", raw, content_type="application/json", **headers
    )


def people(producer_api, running):
    answer = producer_api.get(f"/api/tasks/{running.pk}/room/")
    assert answer.status_code == 200
    return [
        (p["UserId"], p["camera"], p["audio"], p["screen"]) for p in answer.json()["participants"]
    ]


@pytest.fixture
def producer_api():
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_login(make_user("producer"))
    return client


def test_signed_callbacks_move_the_room_state(producer_api):
    running = task(app())
    for event_type, ms in ((103, 1), (201, 2), (203, 3), (205, 4)):
        answer = post(body(event_type, ms=1_700_000_000_000 + ms))
        assert answer.status_code == 200 and answer.json() == {"code": 0, "tasks": 1}

    assert people(producer_api, running) == [("guest_1", True, True, True)]
    kinds = list(
        TaskEvent.objects.filter(task=running, kind="room").values_list("action", flat=True)
    )
    assert sorted(kinds) == ["Room audio", "Room camera", "Room enter", "Room screen"]


def test_leaving_turns_camera_audio_and_screen_off_with_it(producer_api):
    running = task(app())
    for event_type, ms in ((103, 1), (201, 2), (205, 3), (104, 4)):
        post(body(event_type, ms=1_700_000_000_000 + ms))
    post(body(201, ms=1_700_000_000_003))  # late: older than the exit

    assert people(producer_api, running) == []


def test_the_official_vector_verifies_and_applies():
    profile = app(key=OFFICIAL["key"])
    running = task(profile, room="8489")
    post(body(103, user="user_85034614", ms=1664209748000, room=8489), key=OFFICIAL["key"])
    post(body(203, user="user_85034614", ms=1664209748100, room=8489), key=OFFICIAL["key"])

    answer = post(OFFICIAL["body"], sign=OFFICIAL["expected_sign"], key=OFFICIAL["key"])

    assert answer.status_code == 200 and answer.json()["tasks"] == 1
    state = TaskRoom.objects.get(task=running).state
    assert [(p["UserId"], p["audio"]) for p in state["people"]] == [("user_85034614", False)]


def test_a_forged_signature_changes_nothing_and_is_refused():
    running = task(app())

    answer = post(body(103), sign="AAAA")

    assert answer.status_code == 401 and answer.json()["field"] == "Sign"
    assert not TaskRoom.objects.filter(task=running).exists()
    assert not TaskEvent.objects.filter(task=running).exists()


def test_a_callback_signed_with_another_apps_key_changes_nothing():
    running = task(app())
    app(sdk_app_id=1400000002, key=OTHER_KEY)

    answer = post(body(103), key=OTHER_KEY, sdk_app_id=1400000001)

    assert answer.status_code == 401
    assert not TaskRoom.objects.filter(task=running).exists()


def test_a_callback_of_another_app_never_reaches_this_apps_task():
    running = task(app())
    app(sdk_app_id=1400000002, key=OTHER_KEY)

    answer = post(body(103), key=OTHER_KEY, sdk_app_id=1400000002)

    assert answer.status_code == 200 and answer.json()["tasks"] == 0
    assert not TaskRoom.objects.filter(task=running).exists()


def test_a_replayed_callback_changes_nothing_and_still_answers_200():
    running = task(app())
    raw = body(103)
    post(raw)

    again = post(raw)

    assert again.status_code == 200 and again.json() == {"code": 0, "tasks": 1}
    assert TaskEvent.objects.filter(task=running, kind="room").count() == 1


def test_an_event_for_a_room_without_a_task_changes_nothing():
    running = task(app())

    answer = post(body(103, room=9999))

    assert answer.status_code == 200 and answer.json()["tasks"] == 0
    assert not TaskRoom.objects.filter(task=running).exists()


def test_a_stopped_task_keeps_its_room_as_it_was():
    stopped = task(app(), status=MixTask.Status.STOPPED)

    assert post(body(103)).json()["tasks"] == 0
    assert not TaskRoom.objects.filter(task=stopped).exists()


def test_the_answer_is_small():
    task(app())

    answer = post(body(103))

    headers = "".join(f"{k}: {v}\r\n" for k, v in answer.items())
    assert len(answer.content) + len(headers) < 2000


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (b"not json", "body"),
        (b'{"EventGroupId": 9, "EventType": 1, "EventInfo": {}}', "EventGroupId"),
        (body(103, user="<script>"), "EventInfo.UserId"),
        (
            json.dumps(
                {
                    "EventGroupId": 1,
                    "EventType": 103,
                    "EventInfo": {"RoomId": 1, "UserId": "u", "EventMsTs": float("inf")},
                },
                allow_nan=True,
            ).encode(),
            "body",
        ),
        (b"[" * 3000 + b"]" * 3000, "body"),
    ],
)
def test_junk_is_a_4xx_naming_the_field_and_stores_nothing(raw, field):
    running = task(app())

    answer = post(raw)

    assert answer.status_code == 400, answer.content
    assert answer.json()["field"].startswith(field)
    assert not TaskRoom.objects.filter(task=running).exists()


def test_an_unknown_sdk_app_id_is_refused():
    task(app())

    assert post(body(103), sdk_app_id=1499999999).status_code == 401
