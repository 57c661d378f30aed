"""The servers a benchmark talks to, each a process of its own on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from tests.processes import free_port, stop

ROOT = Path(settings.BASE_DIR)


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[:3]} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listened on 127.0.0.1:{port} within {seconds} s")


@contextmanager
def process_on_port(arguments: list[str], port: int) -> Iterator[str]:
    """Runs `arguments` (which listen on `port`) until the block ends; yields the base URL.

    Its output goes to a log in the data folder, away from the table."""
    log = (Path(settings.DATA_DIR) / f"{Path(arguments[0]).name}-{port}.log").open("wb")
    process = subprocess.Popen(
        arguments, cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT
    )
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)
        log.close()


@contextmanager
def app_server(workers: int = 2, threads: int = 4) -> Iterator[str]:
    """The app under gunicorn, as `make run` serves it."""
    port = free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    arguments = [gunicorn, "studio.wsgi", "--bind", f"127.0.0.1:{port}"]
    arguments += ["--workers", str(workers), "--threads", str(threads), "--log-level", "warning"]
    arguments += ["--limit-request-line", "8190"]  # as `make run`
    with process_on_port(arguments, port) as url:
        yield url


@contextmanager
def emulator_server() -> Iterator[str]:
    """`manage.py trtc_emulator` on its own port."""
    port = free_port()
    arguments = [sys.executable, "manage.py", "trtc_emulator", f"127.0.0.1:{port}"]
    with process_on_port(arguments, port) as url:
        yield url
