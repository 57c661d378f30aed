"""A webhook receiver on a real socket, and the job runner driven by the test."""

from __future__ import annotations

import datetime
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.utils import timezone
from django_tasks import default_task_backend

DUMMY_TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "QUEUES": ["default", "program"],
    }
}


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def event(self) -> dict[str, Any]:
        return json.loads(self.body)


@dataclass
class Receiver:
    """What it was sent, and the statuses it answers with (then 204 for ever)."""

    url: str
    answers: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def events(self) -> list[str]:
        return [item.headers["X-MixStudio-Event"] for item in self.received]


@pytest.fixture(autouse=True)
def _jobs_run_by_the_test(settings):
    """Jobs are kept by django-tasks' DummyBackend, for the test to run (a test with a
    real worker puts the database backend back)."""
    settings.TASKS = DUMMY_TASKS


@pytest.fixture
def receiver(settings):
    """An HTTP server on 127.0.0.1 that records every POST; the guard lets only it through."""
    state: dict[str, Receiver] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            hook = state["receiver"]
            with hook.lock:
                hook.received.append(Received(dict(self.headers.items()), body))
                status = hook.answers.pop(0) if hook.answers else 204
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    port = server.server_address[1]
    settings.MIX_IMAGE_ALLOWED_HOSTS = [f"127.0.0.1:{port}"]
    state["receiver"] = Receiver(f"http://127.0.0.1:{port}/hooks/mix")
    yield state["receiver"]
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def delivery_jobs() -> list[Any]:
    return [r for r in default_task_backend.results if r.task.name == "deliver_job"]


def run_delivery_jobs(captured, *, ignore_run_after: bool = False) -> list[str]:
    """Run every delivery job that is due (or every one), as the worker would; the outcomes.

    Jobs that enqueue others (a retry) leave them for the next call.
    """
    from studio.webhooks.deliveries import deliver_job

    outcomes = []
    now = timezone.now()
    for result in delivery_jobs():
        due = result.task.run_after
        if not ignore_run_after and due is not None and due > now:
            continue
        default_task_backend.results.remove(result)
        with captured(execute=True):
            outcomes.append(deliver_job.call(*result.args))
    return outcomes


def in_future(seconds: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=seconds)
