"""The app's own client against the emulator over a real socket, and what a
lost or refused connection leaves behind."""

from __future__ import annotations

import copy
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from rest_framework.test import APIClient

from studio.cloud.emulator.models import SandboxTask
from studio.control.models import MixTask, TaskEvent
from tests.factories import make_user, seed_examples
from tests.processes import free_port
from tests.studio.conftest import SDK_KEY, TEST_KEY


@pytest.fixture
def api(transactional_db):
    # The emulator's server thread must see this test's rows: no wrapping transaction.
    client = APIClient()
    client.force_login(make_user("producer"))
    return client


def start_request() -> dict:
    body = copy.deepcopy(seed_examples()[0])
    body.pop("SdkAppId")
    body["AgentParams"].pop("UserSig")
    return body


def test_a_task_runs_start_to_stop_through_the_http_emulator(api, sandbox_url, settings, caplog):
    settings.MIX_SANDBOX_URL = f"http://{sandbox_url}/"
    caplog.set_level(logging.DEBUG)
    started = api.post("/api/tasks/", {"request": start_request()}, format="json")
    assert started.status_code == 201, started.json()
    task = started.json()
    assert SandboxTask.objects.get(task_id=task["task_id"]).status == "running"

    updated = api.post(
        f"/api/tasks/{task['id']}/update/",
        {"request": {"VideoParams": {"BackGroundColor": "0x00FF00"}}},
        format="json",
    )
    assert updated.status_code == 200, updated.json()
    assert updated.json()["sequence_number"] == 1
    sandbox = SandboxTask.objects.get(task_id=task["task_id"])
    assert sandbox.last_sequence_number == 1
    assert sandbox.params["VideoParams"]["BackGroundColor"] == "0x00FF00"

    stopped = api.post(f"/api/tasks/{task['id']}/stop/")
    assert stopped.json()["status"] == "stopped"
    assert SandboxTask.objects.get(task_id=task["task_id"]).status == "stopped"
    calls = TaskEvent.objects.filter(kind="call")  # the room's events are beside them
    assert [e.action for e in calls.order_by("id")] == [
        "StartPublishCdnStream",
        "UpdatePublishCdnStream",
        "StopPublishCdnStream",
    ]

    # Nothing secret reached the logs on either side of the socket.
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "StartPublishCdnStream" in logged
    for secret in (TEST_KEY, SDK_KEY, "eJ"):
        assert secret not in logged


def test_a_refused_connection_fails_the_task_and_says_nothing_was_sent(api, settings):
    settings.MIX_SANDBOX_URL = f"http://127.0.0.1:{free_port()}/"
    response = api.post("/api/tasks/", {"request": start_request()}, format="json")
    assert response.status_code == 504
    assert response.json()["error"] == "cloud-unreachable"
    task = MixTask.objects.get()
    assert task.status == "failed"
    assert task.last_error["maybe_delivered"] is False
    # Start may be retried only because it certainly never arrived.
    assert TaskEvent.objects.filter(error_code="NetworkError").count() == 3


class _BadGateway(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(502)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_an_answer_lost_after_sending_leaves_the_task_unknown_not_guessed(api, settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _BadGateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings.MIX_SANDBOX_URL = f"http://127.0.0.1:{server.server_address[1]}/"
        response = api.post("/api/tasks/", {"request": start_request()}, format="json")
    finally:
        server.shutdown()
        server.server_close()
    assert response.status_code == 504
    task = MixTask.objects.get()
    assert task.status == "unknown"
    assert task.get_status_display() == "unknown: check"
    assert task.last_error["maybe_delivered"] is True
    assert TaskEvent.objects.count() == 1  # a Start that may have run is never repeated
