"""Shared fixtures of the control-room tests: the emulator on a real socket."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer

import pytest

from studio.sandbox import core
from studio.sandbox.http import make_server

SECRET_ID = "AKIDMixStudioSandboxTest000000000000"
SECRET_KEY = "MixStudioSandboxTestSecretKey000"
SDK_KEY = "mixstudio-sandbox-test-sdk-key"
CALLBACK_KEY = "MixStudioCb2023Key"


def serve(server: ThreadingHTTPServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    return thread


@pytest.fixture
def sandbox_url(settings, transactional_db, monkeypatch):
    """A running sandbox on 127.0.0.1 and a free port; the server thread sees the test DB."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    settings.MIX_SANDBOX_SECRET_ID = SECRET_ID
    settings.MIX_SANDBOX_SECRET_KEY = SECRET_KEY
    settings.MIX_SANDBOX_SDK_SECRET_KEY = SDK_KEY
    settings.MIX_SANDBOX_CALLBACK_URL = ""
    settings.MIX_SANDBOX_CALLBACK_KEY = CALLBACK_KEY
    core.RATE_LIMITER.clear()
    server = make_server("127.0.0.1", 0)
    thread = serve(server)
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
    core.RATE_LIMITER.clear()
