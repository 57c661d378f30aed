"""Answers lost mid-start and mid-update: the task is reconciled, stoppable, the room free.

The emulator runs on a loopback port, either in a thread behind a proxy that
loses answers on demand, or as its own process that is paused with SIGSTOP
(as when the cloud answers after the client's timeout). The app talks to it
with its real HTTP client; relay callbacks reach the app over a live server.
"""

from __future__ import annotations

import copy
import signal
import socket
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from rest_framework.test import APIClient

from studio import deadline
from studio.cloud.callback import callback_sign
from studio.cloud.emulator.models import SandboxTask
from studio.control.models import MixTask, TaskEvent
from tests.factories import cloud_storage, make_user, seed_examples
from tests.processes import free_port
from tests.studio.conftest import (
    CALLBACK_KEY,
    emulator_environment,
    serve,
)

BASE_DIR = Path(__file__).resolve().parents[2]
START, UPDATE, STOP = "StartPublishCdnStream", "UpdatePublishCdnStream", "StopPublishCdnStream"


@pytest.fixture
def api(transactional_db):
    client = APIClient()
    client.force_login(make_user("producer"))
    return client


def start_request() -> dict:
    body = copy.deepcopy(seed_examples()[0])
    body.pop("SdkAppId")
    body["AgentParams"].pop("UserSig")
    return body


def wait_until(condition, timeout: float = 15.0) -> bool:
    deadline_at = time.monotonic() + timeout
    while time.monotonic() < deadline_at:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def task_row(pk: int) -> MixTask:
    return MixTask.objects.get(pk=pk)


# -- a proxy that loses answers ------------------------------------------------------------


class LossyProxy:
    """Forwards to the emulator; for the actions named in `lose`, the answer never returns.

    `lose[action]` is "answer" (the emulator acts, its answer is dropped) or
    "request" (nothing reaches the emulator); the connection is closed either way.
    """

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.lose: dict[str, str] = {}
        self.lost: list[str] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                action = self.headers.get("X-TC-Action", "")
                how = proxy.lose.get(action)
                if how == "request":
                    proxy.lost.append(action)
                    self.close_connection = True
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() != "content-length"}
                answer = requests.post(proxy.upstream, data=body, headers=headers, timeout=30)
                if how == "answer":
                    proxy.lost.append(action)
                    self.close_connection = True
                    return
                self.send_response(answer.status_code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = serve(self.server)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def proxy(sandbox_url, settings):
    lossy = LossyProxy(f"http://{sandbox_url}/")
    settings.MIX_SANDBOX_URL = lossy.url
    yield lossy
    lossy.close()
    deadline.wait_for_late_answers(10)


@pytest.fixture
def callbacks_to_app(settings, live_server):
    """The emulator sends its relay callbacks to the app, as the console is set up to."""
    settings.MIX_SANDBOX_CALLBACK_URL = f"{live_server.url}/api/callbacks/relay/"


def start_is_refused_then_free(api) -> None:
    """The room's robot seat is free: the same Start runs again."""
    again = api.post("/api/tasks/", {"request": start_request()}, format="json")
    assert again.status_code == 201, again.json()
    assert SandboxTask.objects.filter(status="running").count() == 1


# -- lost Start answers ----------------------------------------------------------------


def test_a_lost_start_answer_is_recovered_from_the_relay_callback(api, proxy, callbacks_to_app):
    proxy.lose[START] = "answer"
    response = api.post("/api/tasks/", {"request": start_request()}, format="json")
    assert response.status_code == 504
    assert proxy.lost == [START]
    task = MixTask.objects.get()
    running = SandboxTask.objects.get(status="running")  # the cloud runs it all the same
    assert task.robot_user_id == running.robot_user_id
    # The emulator's callbacks name the TaskId with the room and robot we kept.
    assert wait_until(lambda: task_row(task.pk).task_id == running.task_id)
    assert task_row(task.pk).status == "running"

    report = api.post(f"/api/tasks/{task.pk}/reconcile/").json()
    assert report["status"] == "running"
    assert [f["code"] for f in report["findings"]] == ["running"]

    proxy.lose.clear()
    stopped = api.post(f"/api/tasks/{task.pk}/stop/")
    assert stopped.status_code == 200, stopped.json()
    assert stopped.json()["status"] == "stopped"
    assert SandboxTask.objects.get(task_id=running.task_id).status == "stopped"
    start_is_refused_then_free(api)


def test_a_start_that_never_arrived_is_sent_again_by_reconcile(api, proxy):
    proxy.lose[START] = "request"
    response = api.post("/api/tasks/", {"request": start_request()}, format="json")
    assert response.status_code == 504
    task = MixTask.objects.get()
    assert task.status == "unknown"  # connected, then nothing: it may have arrived
    assert not SandboxTask.objects.exists()

    proxy.lose.clear()
    report = api.post(f"/api/tasks/{task.pk}/reconcile/").json()
    assert [f["code"] for f in report["findings"]][:1] == ["started-again"]
    assert report["status"] == "running"
    running = SandboxTask.objects.get(status="running")
    assert task_row(task.pk).task_id == running.task_id
    assert api.post(f"/api/tasks/{task.pk}/stop/").json()["status"] == "stopped"
    start_is_refused_then_free(api)


def test_stop_of_an_unknown_task_without_callbacks_waits_for_its_taskid(api, proxy, settings):
    proxy.lose[START] = "answer"
    assert api.post("/api/tasks/", {"request": start_request()}, format="json").status_code == 504
    task = MixTask.objects.get()
    running = SandboxTask.objects.get(status="running")
    proxy.lose.clear()

    # Stop cannot name a TaskId: the seated robot shows the first Start runs.
    refused = api.post(f"/api/tasks/{task.pk}/stop/")
    assert refused.status_code == 409
    body = refused.json()
    assert body["error"] == "task-id-unknown"
    assert "robot-seated" in [f["code"] for f in body["findings"]]
    assert task_row(task.pk).status == "unknown"
    assert task_row(task.pk).stop_wanted is True

    # A new start in that room is told which of our tasks holds the robot.
    clash = api.post("/api/tasks/", {"request": start_request()}, format="json")
    assert clash.status_code == 409
    assert clash.json()["error"] == "robot-seated"
    assert clash.json()["holder"]["id"] == task.pk
    assert clash.json()["holder"]["stop"] == f"/api/tasks/{task.pk}/stop/"

    # The next relay callback of that task (a CDN blip) names it: the wanted stop is sent.
    raw = relay_event(running.task_id, running.room_id, running.robot_user_id)
    answer = APIClient().generic(
        "POST",
        "/api/callbacks/relay/",
        raw,
        content_type="application/json",
        HTTP_SIGN=callback_sign(CALLBACK_KEY, raw),
        HTTP_SDKAPPID=str(running.sdk_app_id),
    )
    assert answer.json()["recorded"] is True
    assert wait_until(lambda: task_row(task.pk).status == "stopped")
    assert SandboxTask.objects.get(task_id=running.task_id).status == "stopped"
    start_is_refused_then_free(api)


def relay_event(task_id: str, room_id: str, robot: str) -> bytes:
    import json

    return json.dumps(
        {
            "EventGroupId": 4,
            "EventType": 401,
            "CallbackTs": int(time.time() * 1000),
            "EventInfo": {
                "RoomId": room_id,
                "RoomType": 0,
                "EventMsTs": int(time.time() * 1000),
                "UserId": robot,
                "TaskId": task_id,
                "Payload": {"Url": "rtmp://3891.livepush.myqcloud.com/live/x", "Status": 3},
            },
        }
    ).encode()


# -- lost Update answers ---------------------------------------------------------------


def test_a_lost_update_answer_is_settled_and_the_parameters_match_the_cloud(api, proxy):
    task = api.post("/api/tasks/", {"request": start_request()}, format="json").json()
    proxy.lose[UPDATE] = "answer"
    change = {"VideoParams": {"BackGroundColor": "0x00FF00"}}
    response = api.post(f"/api/tasks/{task['id']}/update/", {"request": change}, format="json")
    assert response.status_code == 504
    cloud = SandboxTask.objects.get()
    assert cloud.params["VideoParams"]["BackGroundColor"] == "0x00FF00"  # accepted there
    assert task_row(task["id"]).params["VideoParams"]["BackGroundColor"] != "0x00FF00"

    proxy.lose.clear()
    report = api.post(f"/api/tasks/{task['id']}/reconcile/").json()
    assert [f["code"] for f in report["findings"]] == ["update-settled"]
    cloud.refresh_from_db()
    mine = task_row(task["id"])
    assert mine.params["VideoParams"] == cloud.params["VideoParams"]
    assert mine.sequence_number == cloud.last_sequence_number
    assert api.post(f"/api/tasks/{task['id']}/stop/").json()["status"] == "stopped"
    start_is_refused_then_free(api)


def test_a_lost_stop_answer_is_found_stopped_by_reconcile(api, proxy):
    task = api.post("/api/tasks/", {"request": start_request()}, format="json").json()
    proxy.lose[STOP] = "answer"
    assert api.post(f"/api/tasks/{task['id']}/stop/").status_code == 504
    assert task_row(task["id"]).status == "unknown"
    proxy.lose.clear()
    report = api.post(f"/api/tasks/{task['id']}/reconcile/").json()
    assert report["status"] == "stopped"
    assert [f["code"] for f in report["findings"]] == ["ended"]
    assert task_row(task["id"]).last_error == {}
    start_is_refused_then_free(api)


# -- the emulator paused (kill -STOP), as a cloud that answers after the timeout -----------


@pytest.fixture
def paused_emulator(transactional_db, settings, tmp_path, monkeypatch):
    """`manage.py trtc_sandbox` in its own process, on this test's database."""
    from tests.studio.conftest import use_test_sandbox

    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    use_test_sandbox(settings)
    port = free_port()
    env = emulator_environment(
        DJANGO_SECRET_KEY="emulator-process-secret-key-for-this-test-only-0123456789",
        MIX_ENCRYPTION_KEY="emulator-process-encryption-key-for-this-test-only-012345",
        MIX_DATA_DIR=str(tmp_path),
    )
    process = subprocess.Popen(
        [sys.executable, "manage.py", "trtc_sandbox", f"127.0.0.1:{port}"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_until(lambda: _accepts(port), timeout=30), "the emulator did not start"
        settings.MIX_SANDBOX_URL = f"http://127.0.0.1:{port}/"
        settings.MIX_CLOUD_WAIT_SECONDS = 0.5
        yield process
    finally:
        process.send_signal(signal.SIGCONT)
        deadline.wait_for_late_answers(20)
        process.kill()
        process.wait(timeout=10)


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def test_a_start_answered_after_the_wait_is_recorded_when_it_comes(api, paused_emulator):
    paused_emulator.send_signal(signal.SIGSTOP)
    response = api.post("/api/tasks/", {"request": start_request()}, format="json")
    assert response.status_code == 202
    assert response.json()["awaiting_answer"] is True
    task_pk = response.json()["id"]
    assert task_row(task_pk).status == "starting"

    paused_emulator.send_signal(signal.SIGCONT)
    assert deadline.wait_for_late_answers(20)
    running = SandboxTask.objects.get(status="running")
    assert task_row(task_pk).task_id == running.task_id
    assert task_row(task_pk).status == "running"
    assert api.post(f"/api/tasks/{task_pk}/stop/").json()["status"] == "stopped"
    start_is_refused_then_free(api)


def test_stop_asked_while_the_start_answer_is_late_is_carried_out(api, paused_emulator):
    paused_emulator.send_signal(signal.SIGSTOP)
    task_pk = api.post("/api/tasks/", {"request": start_request()}, format="json").json()["id"]
    waiting = api.post(f"/api/tasks/{task_pk}/stop/")
    assert waiting.status_code == 409
    assert [f["code"] for f in waiting.json()["findings"]] == ["answer-awaited"]

    paused_emulator.send_signal(signal.SIGCONT)
    assert wait_until(lambda: task_row(task_pk).status == "stopped", timeout=20)
    assert not SandboxTask.objects.filter(status="running").exists()
    start_is_refused_then_free(api)


def recording_start_request() -> dict:
    body = start_request()
    body["RecordParams"] = {
        "UniRecord": 3,
        "RecordKey": "night_show",
        "RecordWaitTime": 600,
        "McuStorageParams": {"CloudStorage": cloud_storage()},
    }
    return body


def test_a_stop_asked_with_a_record_key_before_the_task_id_is_known_sends_it(api, paused_emulator):
    paused_emulator.send_signal(signal.SIGSTOP)
    task_pk = api.post("/api/tasks/", {"request": recording_start_request()}, format="json")
    task_pk = task_pk.json()["id"]
    refused = api.post(f"/api/tasks/{task_pk}/stop/", {"RecordKey": "night show"}, format="json")
    assert (refused.status_code, refused.json()["field"]) == (400, "RecordKey")
    assert task_row(task_pk).stop_wanted is False  # a refused Stop is not kept
    waiting = api.post(f"/api/tasks/{task_pk}/stop/", {"RecordKey": "night_show"}, format="json")
    assert waiting.status_code == 409

    paused_emulator.send_signal(signal.SIGCONT)
    assert wait_until(lambda: task_row(task_pk).status == "stopped", timeout=20)
    stops = TaskEvent.objects.filter(task_id=task_pk, action=STOP)
    assert [event.request.get("RecordKey") for event in stops] == ["night_show"]


def test_an_update_answered_after_the_wait_is_applied_when_it_comes(api, paused_emulator):
    task = api.post("/api/tasks/", {"request": start_request()}, format="json").json()
    paused_emulator.send_signal(signal.SIGSTOP)
    change = {"VideoParams": {"BackGroundColor": "0x0000FF"}}
    response = api.post(f"/api/tasks/{task['id']}/update/", {"request": change}, format="json")
    assert response.status_code == 202
    assert task_row(task["id"]).sequence_number == 0

    paused_emulator.send_signal(signal.SIGCONT)
    assert deadline.wait_for_late_answers(20)
    mine = task_row(task["id"])
    cloud = SandboxTask.objects.get()
    assert mine.sequence_number == cloud.last_sequence_number == 1
    assert mine.params["VideoParams"] == cloud.params["VideoParams"]
    assert TaskEvent.objects.filter(awaiting_answer=True).count() == 0
