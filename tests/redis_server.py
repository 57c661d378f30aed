"""A throwaway redis-server on a free loopback port, for the cache tests.

It is a real server, started and stopped by the test run itself; a machine
without redis-server fails these tests instead of skipping them (`make test`
installs it).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.processes import free_port, stop


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """Yields the server's URL (redis://127.0.0.1:PORT/0) while it runs."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is not installed; `make test` installs it with apt-get.")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"]
        + ["--dir", str(folder), "--protected-mode", "yes"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for_ping(port, process)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process)


def _wait_for_ping(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            raise RuntimeError(f"redis-server exited at start:\n{output}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as connection:
                connection.sendall(b"PING\r\n")
                if connection.recv(16).startswith(b"+PONG"):
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"redis-server did not answer on port {port} within 10 s")
