"""The emulator's simulated room reaches the app exactly as the real cloud's does.

Whenever the emulator's room changes (the room it imagines at the start, a whole
room set, the room panel's events) it sends signed room and media callbacks
(reference I): in-process when no callback URL is set, over HTTP when one is.
GET room/ answers the room those callbacks built, for every task, and each
change is in the event log as kind "room". The emulator's own room, which its
program draws, follows the same events.
"""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from studio.cloud import backends
from studio.cloud.callback import callback_sign, is_valid_callback_sign
from studio.cloud.emulator.program.models import ProgramChange
from studio.cloud.signals import room_callback
from studio.control.callbacks import CallbackRefused
from studio.control.models import AppProfile, MixTask, TaskEvent, TaskRoom
from tests.factories import make_user
from tests.studio.conftest import CALLBACK_KEY, serve
from tests.studio.program_helpers import ROOM, sandbox_of, start
from tests.studio.program_helpers import wait_until as wait_for


@pytest.fixture(autouse=True)
def _emulator_callbacks(settings):
    settings.MIX_SANDBOX_CALLBACK_KEY = CALLBACK_KEY
    settings.MIX_SANDBOX_CALLBACK_URL = ""
    settings.MIX_PROGRAM_SEGMENT_SECONDS = 1.0
    settings.MIX_PROGRAM_PARTS = 3


def room_of(api, task) -> dict:
    answer = api.get(f"/api/tasks/{task['id']}/room/")
    assert answer.status_code == 200, answer.json()
    return answer.json()


def people(api, task) -> list[tuple]:
    return [
        (p["UserId"], p["camera"], p["audio"], p["screen"])
        for p in room_of(api, task)["participants"]
    ]


def room_log(task) -> list[tuple[str, str]]:
    events = TaskEvent.objects.filter(task_id=task["id"], kind="room").order_by("id")
    return [(e.request["UserId"], e.action) for e in events]


def emulator_side(task) -> list[tuple]:
    """Who the emulator's program draws from now on."""
    found = backends.emulator().room(task["task_id"])
    return [(p.user_id, p.camera, p.audio, p.screen) for p in found]


def post_event(api, task, **body):
    return api.post(f"/api/tasks/{task['id']}/room/events/", body, format="json")


@pytest.mark.django_db
def test_the_room_the_emulator_imagines_at_the_start_reaches_the_app_as_callbacks(api):
    task = start(api)
    room = room_of(api, task)

    assert room["source"] == "callbacks" and room["simulated"] is True
    assert people(api, task) == [("anchor-1", True, True, False), ("anchor-2", True, True, False)]
    assert all(isinstance(p["since_ms"], int) for p in room["participants"])
    assert room_log(task) == [
        (user, f"Room {kind}")
        for user in ("anchor-1", "anchor-2")
        for kind in ("enter", "camera", "audio")
    ]
    logged = TaskEvent.objects.filter(task_id=task["id"], kind="room").first()
    assert logged.request["source"] == "callback"  # the same path as the real cloud's


@pytest.mark.django_db
def test_each_participant_says_which_slot_shows_them(api):
    task = start(api)
    room = room_of(api, task)

    shown = {p["UserId"]: p["on_air"] for p in room["participants"]}
    assert shown["anchor-1"] == [{"slot": 1, "tile": 1, "stream": "camera", "picture": True}]
    assert shown["anchor-2"][0]["slot"] == 2


@pytest.mark.django_db
def test_setting_the_whole_room_emits_the_events_that_make_it_so(api):
    task = start(api)
    before = len(room_log(task))
    wanted = [
        {"UserId": "anchor-1", "RoomId": ROOM, "RoomIdType": 0, "camera": False},
        {"UserId": "guest_9", "RoomId": ROOM, "RoomIdType": 0, "screen": True},
    ]
    answer = api.post(f"/api/tasks/{task['id']}/room/", {"participants": wanted}, format="json")

    assert answer.status_code == 200, answer.json()
    expected = [("anchor-1", False, True, False), ("guest_9", True, True, True)]
    assert people(api, task) == expected
    assert emulator_side(task) == expected
    assert sorted(room_log(task)[before:]) == [
        ("anchor-1", "Room camera"),
        ("anchor-2", "Room exit"),
        ("guest_9", "Room audio"),
        ("guest_9", "Room camera"),
        ("guest_9", "Room enter"),
        ("guest_9", "Room screen"),
    ]


@pytest.mark.django_db
def test_a_room_panel_event_changes_the_emulators_room_and_the_apps_alike(api):
    task = start(api)
    answer = post_event(api, task, type="enter", UserId="late_guest")

    assert answer.status_code == 200, answer.json()
    assert [p["UserId"] for p in answer.json()["participants"]][-1] == "late_guest"
    # Someone who enters has camera and microphone on, as in a scenario.
    assert emulator_side(task)[-1] == ("late_guest", True, True, False)
    assert room_log(task)[-3:] == [
        ("late_guest", "Room enter"),
        ("late_guest", "Room camera"),
        ("late_guest", "Room audio"),
    ]
    told = ProgramChange.objects.filter(task=sandbox_of(task), kind="room").last()
    assert [p["UserId"] for p in told.participants][-1] == "late_guest"

    post_event(api, task, type="camera", UserId="late_guest", on=False)
    post_event(api, task, type="screen", UserId="late_guest", on=True)
    post_event(api, task, type="exit", UserId="anchor-2")

    assert people(api, task) == [("anchor-1", True, True, False), ("late_guest", False, True, True)]
    assert emulator_side(task) == people(api, task)


@pytest.mark.django_db
def test_someone_made_to_speak_has_their_level_in_the_room(api):
    task = start(api)
    answer = post_event(api, task, type="speaking", UserId="anchor-1", level=70)

    assert answer.status_code == 200, answer.json()
    levels = {p["UserId"]: p["level"] for p in answer.json()["participants"]}
    assert levels == {"anchor-1": 70, "anchor-2": None}
    speaking = TaskEvent.objects.filter(task_id=task["id"], action="Room speaking").get()
    assert speaking.request["level"] == 70
    assert speaking.request["source"] == "simulated"  # Tencent's callbacks carry no volume (I.3)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"type": "dance", "UserId": "a"}, "type"),
        ({"type": "enter", "UserId": "no spaces"}, "UserId"),
        ({"type": "enter"}, "UserId"),
        ({"type": "camera", "UserId": "a"}, "on"),
        ({"type": "camera", "UserId": "a", "on": "yes"}, "on"),
        ({"type": "speaking", "UserId": "a", "level": 101}, "level"),
        ({"type": "enter", "UserId": "a", "RoomIdType": 5}, "RoomIdType"),
        ({"type": "enter", "UserId": "a", "RoomId": "0x12", "RoomIdType": 0}, "RoomId"),
        ({"type": "enter", "UserId": "a", "RoomId": 12}, "RoomId"),
    ],
)
def test_a_bad_room_event_is_refused_naming_the_field(api, body, field):
    task = start(api)
    before = room_log(task)
    answer = post_event(api, task, **body)

    assert answer.status_code == 400, answer.json()
    assert answer.json()["field"] == field
    assert room_log(task) == before


@pytest.mark.django_db
def test_a_room_event_that_is_not_an_object_is_refused(api):
    task = start(api)
    answer = api.post(f"/api/tasks/{task['id']}/room/events/", [1, 2], format="json")

    assert answer.status_code == 400
    assert answer.json()["field"] == "body"


@pytest.mark.django_db
def test_a_real_cloud_tasks_room_cannot_be_simulated(api):
    app = AppProfile.objects.create(name="Real", sdk_app_id=1400000099)
    real = MixTask.objects.create(
        app_profile=app,
        room_id="8001",
        room_id_type=0,
        backend="tencent",
        status=MixTask.Status.RUNNING,
        task_id="real-task",
        params={"RoomId": "8001", "RoomIdType": 0},
    )
    answer = api.post(
        f"/api/tasks/{real.pk}/room/events/", {"type": "enter", "UserId": "a"}, format="json"
    )

    assert answer.status_code == 409
    assert answer.json()["error"] == "not-simulated"
    scenario = api.post(f"/api/tasks/{real.pk}/scenario/", {"action": "pause"}, format="json")
    assert scenario.status_code == 409


@pytest.mark.django_db
def test_an_ended_tasks_room_no_longer_changes(api):
    task = start(api)
    api.post(f"/api/tasks/{task['id']}/stop/")
    answer = post_event(api, task, type="enter", UserId="late_guest")

    assert answer.status_code == 409
    assert "late_guest" not in [p[0] for p in people(api, task)]


@pytest.mark.django_db
def test_only_producers_simulate_the_room(api):
    from rest_framework.test import APIClient

    task = start(api)
    viewer = APIClient()
    viewer.force_login(make_user("viewer", role="viewer"))

    assert post_event(viewer, task, type="enter", UserId="x").status_code == 403
    assert viewer.get(f"/api/tasks/{task['id']}/room/").status_code == 200


@pytest.mark.django_db
def test_a_forged_in_process_callback_is_refused_like_one_over_http(api):
    task = start(api)
    before = TaskRoom.objects.get(task_id=task["id"]).state
    raw = (
        b'{"EventGroupId": 1, "EventType": 103, "EventInfo": '
        b'{"RoomId": 8001, "EventMsTs": 9000000000000, "UserId": "intruder"}}'
    )

    with pytest.raises(CallbackRefused):
        room_callback.send(
            sender=None,
            raw_body=raw,
            sign=callback_sign("not-the-key", raw),
            sdk_app_id="1400000001",
        )
    assert TaskRoom.objects.get(task_id=task["id"]).state == before


@pytest.mark.django_db
def test_without_a_callback_key_the_app_takes_nothing_and_asks_the_emulator(api, settings):
    settings.MIX_SANDBOX_CALLBACK_KEY = ""
    task = start(api)
    post_event(api, task, type="enter", UserId="late_guest")

    room = room_of(api, task)
    assert room["source"] == "emulator"
    assert [p["UserId"] for p in room["participants"]] == ["anchor-1", "anchor-2", "late_guest"]
    assert room_log(task) == []
    assert not TaskRoom.objects.exists()


class Recorder(BaseHTTPRequestHandler):
    received: list[tuple[dict[str, str], bytes]] = []

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers["Content-Length"]))
        Recorder.received.append((dict(self.headers), raw))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"code": 0}')

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def recorder(settings, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    Recorder.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = serve(server)
    settings.MIX_SANDBOX_CALLBACK_URL = f"http://127.0.0.1:{server.server_address[1]}/room"
    yield Recorder.received
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.mark.django_db
def test_with_a_callback_url_the_room_callbacks_go_over_http_signed(
    api, recorder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        task = start(api)
    with django_capture_on_commit_callbacks(execute=True):
        post_event(api, task, type="enter", UserId="late_guest")

    def room_callbacks():
        return [(h, raw) for h, raw in recorder if json.loads(raw)["EventGroupId"] in (1, 2)]

    # anchor-1 and anchor-2 at the start, then the guest: each enters, camera, microphone
    wait_for(lambda: len(room_callbacks()) >= 9, seconds=10, what="nine room callbacks")
    for headers, raw in room_callbacks():
        assert is_valid_callback_sign(CALLBACK_KEY, raw, headers["Sign"])
        assert headers["SdkAppId"] == str(sandbox_of(task).sdk_app_id)
    guest = [json.loads(raw) for _h, raw in room_callbacks() if b"late_guest" in raw]
    assert [(b["EventGroupId"], b["EventType"]) for b in guest] == [(1, 103), (2, 201), (2, 203)]
    assert room_log(task) == []  # nothing went in-process: the app is at the URL


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("endpoint", ["room", "relay"])  # one URL may take every callback
def test_over_http_the_room_reaches_the_app_as_the_real_clouds_does(
    api, settings, live_server, endpoint
):
    settings.MIX_SANDBOX_CALLBACK_URL = f"{live_server.url}/api/callbacks/{endpoint}/"
    task = start(api)
    wait_for(lambda: room_of(api, task)["source"] == "callbacks", seconds=10, what="the start")
    post_event(api, task, type="enter", UserId="late_guest")

    wait_for(
        lambda: "late_guest" in [p[0] for p in people(api, task)], seconds=10, what="the guest"
    )
    assert ("late_guest", "Room enter") in room_log(task)


@pytest.mark.parametrize(
    ("person", "field"),
    [
        ({"UserId": "<b>guest</b>", "RoomId": "8001", "RoomIdType": 0}, "participants[0].UserId"),
        ({"UserId": "guest", "RoomId": "not a number", "RoomIdType": 0}, "participants[0].RoomId"),
    ],
)
def test_a_whole_room_the_cloud_could_never_name_is_refused(api, person, field):
    from tests.studio.test_tasks_api import start

    task = start(api)
    before = api.get(f"/api/tasks/{task['id']}/room/").json()["participants"]

    answer = api.post(f"/api/tasks/{task['id']}/room/", {"participants": [person]}, format="json")

    assert answer.status_code == 400 and answer.json()["field"] == field
    assert api.get(f"/api/tasks/{task['id']}/room/").json()["participants"] == before
