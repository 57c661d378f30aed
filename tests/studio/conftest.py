"""Shared fixtures of the control-room tests: the emulator on a real socket."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer

import pytest

SECRET_ID = "AKIDMixStudioSandboxTest000000000000"
TEST_KEY = "MixStudioSandboxTestSecretKey000"
WRONG_KEY = "NotTheSandboxKey0000000000000000"  # a key the emulator does not hold
SDK_KEY = "mixstudio-sandbox-test-sdk-key"
CALLBACK_KEY = "MixStudioCb2023Key"


def emulator_environment(**extra: str) -> dict[str, str]:
    """The environment of a `manage.py trtc_emulator` a test starts: this test's database
    and the test keys, with `extra` on top."""
    import os

    from django.db import connection

    from tests.processes import database_url

    return {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict),
        "MIX_SANDBOX_SECRET_ID": SECRET_ID,
        "MIX_SANDBOX_SECRET_KEY": TEST_KEY,
        "MIX_SANDBOX_SDK_SECRET_KEY": SDK_KEY,
        **extra,
    }


def serve(server: ThreadingHTTPServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    return thread


def use_test_sandbox(settings) -> None:
    """Point the emulator at the test keys, with an empty rate window."""
    from studio.cloud.emulator import core

    settings.MIX_SANDBOX_SECRET_ID = SECRET_ID
    settings.MIX_SANDBOX_SECRET_KEY = TEST_KEY
    settings.MIX_SANDBOX_SDK_SECRET_KEY = SDK_KEY
    settings.MIX_SANDBOX_CALLBACK_URL = ""
    settings.MIX_SANDBOX_CALLBACK_KEY = CALLBACK_KEY
    core.RATE_LIMITER.clear()


@pytest.fixture
def sandbox_url(settings, transactional_db, monkeypatch):
    """A running sandbox on 127.0.0.1 and a free port; the server thread sees the test DB."""
    # Imported here so that the pure-module tests in this folder run without Django.
    from studio.cloud.emulator import core
    from studio.cloud.emulator.http import make_server

    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    use_test_sandbox(settings)
    server = make_server("127.0.0.1", 0)
    thread = serve(server)
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
    core.RATE_LIMITER.clear()
