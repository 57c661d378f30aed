"""Fixtures of the task service tests: the in-process emulator and its app profile."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from tests.factories import make_user, seed_examples
from tests.studio.conftest import use_test_sandbox


@pytest.fixture
def emulator(settings):
    """MIX_BACKEND=emulator, called in-process, with the test keys and an empty rate window."""
    from studio.cloud.emulator import core

    settings.MIX_BACKEND = "emulator"
    settings.MIX_SANDBOX_URL = ""
    use_test_sandbox(settings)
    yield
    core.RATE_LIMITER.clear()


@pytest.fixture
def app(emulator, sandbox_profile):
    """The emulator's app profile, holding the SDK key the emulator checks UserSigs with."""
    return sandbox_profile


@pytest.fixture
def producer(db):
    return make_user("producer")


@pytest.fixture
def start_request() -> Callable[..., dict[str, Any]]:
    """A seed example as a producer sends it: no SdkAppId, no robot UserId or UserSig."""

    def build(example: int = 1) -> dict[str, Any]:
        body = copy.deepcopy(seed_examples()[example - 1])
        body.pop("SdkAppId")
        body["AgentParams"].pop("UserSig")
        body["AgentParams"].pop("UserId")
        return body

    return build


@pytest.fixture
def running(app, producer, start_request):
    """A task of seed example 1, running in the emulator."""
    from studio.control.services import launch

    return launch.start_task(app=app, request=start_request(1), user=producer)
