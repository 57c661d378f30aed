"""`python manage.py trtc_emulator [addr:port]`: serve the TRTC emulator over HTTP.

`trtc_sandbox`, its former name, runs the same command.
"""

from __future__ import annotations

import logging

from django.core.management.base import BaseCommand, CommandError

from studio.cloud.emulator.http import make_server

DEFAULT_ADDRESS = "127.0.0.1:8001"


def parse_address(text: str) -> tuple[str, int]:
    """'host:port', or a port alone on 127.0.0.1."""
    host, _, port = text.rpartition(":")
    host = host or "127.0.0.1"
    if not port.isdigit() or not 0 <= int(port) <= 65535:
        raise CommandError(f"{text!r} is not addr:port (for example {DEFAULT_ADDRESS}).")
    return host, int(port)


class Command(BaseCommand):
    help = "Serve the built-in TRTC emulator (Start/Update/StopPublishCdnStream) over HTTP."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "address",
            nargs="?",
            default=DEFAULT_ADDRESS,
            help=f"addr:port to listen on (default {DEFAULT_ADDRESS})",
        )

    def handle(self, *args, address: str, **options) -> None:
        host, port = parse_address(address)
        try:
            server = make_server(host, port)
        except OSError as error:
            raise CommandError(f"Cannot listen on {host}:{port}: {error}") from error
        # One line per request is the point of this command, whatever MIX_LOG_LEVEL says.
        logging.getLogger("studio.cloud.emulator").setLevel(logging.INFO)
        bound_host, bound_port = server.server_address[:2]
        self.stdout.write(
            f"TRTC emulator listening on http://{bound_host}:{bound_port}/ "
            "(point an SDK's HttpProfile at it with protocol http); Ctrl-C stops it."
        )
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            self.stdout.write("TRTC emulator stopped.")
        finally:
            server.server_close()
