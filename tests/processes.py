"""Processes a test starts beside itself (an emulator, a worker, a server): a free
loopback port to give one, the test database's URL to hand it, and stopping it."""

from __future__ import annotations

import socket
import subprocess
from urllib.parse import quote


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(database: dict) -> str:
    """The DATABASE_URL of the test database, for a process started by a test."""
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    user = quote(database["USER"] or "", safe="")
    password = quote(database["PASSWORD"] or "", safe="")
    host = database["HOST"] or "localhost"
    return f"postgres://{user}:{password}@{host}:{database['PORT'] or 5432}/{database['NAME']}"


def stop(*processes: subprocess.Popen, grace: float = 10.0) -> None:
    """Ask every one to end, then wait for each; one still running after `grace` s is killed."""
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
