"""The emulator over HTTP: a threading server whose every request goes to `core.answer`.

Any client, the official Tencent Cloud SDK included, can use it at `http://host:port/`.
Each answer leaves in one write on a TCP_NODELAY socket: headers and body in
separate small writes would wait on the client's delayed ACK (about 40 ms a call).
Each request is logged on one line (action, error code, latency); headers and
bodies are never logged, so neither signatures nor UserSigs reach the log.
"""

from __future__ import annotations

import logging
import socket
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.db import close_old_connections, connections

from studio.cloud.emulator import core

logger = logging.getLogger("studio.cloud.emulator")


class EmulatorRequestHandler(BaseHTTPRequestHandler):
    server_version = "MixStudioSandbox/1.0"
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        self._serve()

    # Other methods reach the core too, which answers UnsupportedProtocol (R1).
    do_GET = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_POST

    def handle(self) -> None:
        """Every request of one keep-alive connection, in this thread.

        The thread's database connection serves them all (within
        DATABASE_CONN_MAX_AGE) instead of one connection a request, and is
        closed when the client hangs up.
        """
        try:
            super().handle()
        finally:
            connections.close_all()

    def _serve(self) -> None:
        started = time.monotonic()
        body = self._read_body()
        close_old_connections()
        try:
            result = core.answer(
                dict(self.headers.items()), body, method=self.command, path=self.path
            )
        finally:
            close_old_connections()
        # Logged before the answer leaves, so the line is there when the client has it.
        logger.info(
            "%s %s %.1f ms",
            result.action or "-",
            result.code or "OK",
            (time.monotonic() - started) * 1000,
        )
        try:
            self.wfile.write(self._head(result.status, len(result.body)) + result.body)
        finally:
            # The task exists whether or not its answer reached the client, and so
            # do its callbacks: they are how a client that lost the answer learns
            # the TaskId, as with the cloud.
            core.deliver(result.callbacks)

    def _head(self, status: int, length: int) -> bytes:
        lines = [
            f"{self.protocol_version} {status} {self.responses[status][0]}",
            f"Server: {self.version_string()}",
            f"Date: {self.date_time_string()}",
            f"Content-Type: {core.JSON_CONTENT_TYPE}",
            f"Content-Length: {length}",
        ]
        if self.close_connection:
            lines.append("Connection: close")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def _read_body(self) -> bytes:
        try:
            length = max(int(self.headers.get("Content-Length", "0")), 0)
        except ValueError:
            length = 0
        # One byte past the limit is enough for the core to refuse the size (R6);
        # the rest is not read, so the connection cannot be reused.
        limit = core.MAX_BODY_BYTES + 1
        if length > limit:
            self.close_connection = True
        return self.rfile.read(min(length, limit))

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base signature
        """Silence the default access log: `_serve` logs one line of its own."""


class EmulatorServer(ThreadingHTTPServer):
    # socketserver's default backlog of 5 drops the SYNs of a burst, which then
    # wait a second to retry; the cloud takes a burst and refuses what is over R3.
    request_queue_size = 128
    daemon_threads = True

    def get_request(self) -> tuple[socket.socket, object]:
        connection, address = super().get_request()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection, address


def make_server(host: str = "127.0.0.1", port: int = 8001) -> EmulatorServer:
    """A server bound to host:port (port 0 picks a free one); call serve_forever()."""
    return EmulatorServer((host, port), EmulatorRequestHandler)
