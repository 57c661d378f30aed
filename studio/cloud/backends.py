"""Which cloud a task talks to: Tencent Cloud, or the built-in emulator.

MIX_BACKEND=emulator (the default; "sandbox", its former name, still works)
calls the emulator in-process with the same signed bytes a real request
carries, or, when MIX_SANDBOX_URL is set, over HTTP to `manage.py
trtc_emulator`. MIX_BACKEND=tencent calls the real endpoint with the
credentials from the environment.

The emulator is an app of its own that registers itself here when it starts
(`register_emulator`, from its AppConfig.ready). Whatever the control room asks
of it, it asks through `emulator()`, the `Emulator` interface below: it never
imports the emulator.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from layouts.core.contract.room_events import RoomEvent
from layouts.core.geometry import Participant
from layouts.core.scenario import Scenario
from layouts.errors import MixStudioError
from studio.cloud.client import CallRecord, Credentials, Endpoint, HttpTransport, TrtcClient

# A task's backend as its row and the API say it. The emulator's is "sandbox",
# the name it had when the first tasks were stored: rows and pages keep it.
EMULATOR = "sandbox"
TENCENT = "tencent"
# MIX_BACKEND's values, the emulator's former name among them.
SETTING_VALUES = {"emulator": EMULATOR, "sandbox": EMULATOR, "tencent": TENCENT}
EMULATOR_INTERNAL_URL = "http://sandbox.mixstudio.internal/"


class Emulator(Protocol):
    """What the app may ask of the built-in emulator; tasks are named by their TaskId."""

    def answer(self, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
        """A signed call answered in this thread (HTTP status, body); its callbacks sent."""

    def program(self, task_id: str) -> dict[str, Any] | None:
        """Where the task's program plays (HLS playlist, SEI, live names), or None."""

    def room(self, task_id: str) -> list[Participant] | None:
        """Who is in the task's simulated room now (join order), or None."""

    def set_room(self, task_id: str, participants: Sequence[Participant]) -> bool:
        """From now on exactly these people are in the room; False if the task has ended.

        Said as room events: the app hears of them as room and media callbacks."""

    def room_events(self, task_id: str, events: Sequence[RoomEvent]) -> bool:
        """These happen in the task's simulated room now (its room panel's actions), told
        to the app as room and media callbacks; False if the task has ended."""

    def play_scenario(self, task_id: str, scenario: Scenario) -> dict[str, Any] | None:
        """Rehearse the scenario in the task's simulated room, in real time from the
        task's start; where the rehearsal is, or None if the task has ended."""

    def scenario(self, task_id: str, action: str | None = None) -> dict[str, Any] | None:
        """Where the task's rehearsal is, after `action` ("pause", "resume", "restart",
        "step") if one is given; None if no scenario is rehearsed in the task."""


class HasRegion(Protocol):
    region: str


_registered: dict[str, Emulator] = {}


def register_emulator(emulator: Emulator) -> None:
    _registered["emulator"] = emulator


def emulator() -> Emulator:
    """The built-in emulator, as it registered itself."""
    try:
        return _registered["emulator"]
    except KeyError:
        raise ImproperlyConfigured(
            "MIX_BACKEND is emulator but the emulator app (studio.cloud.emulator) is not "
            "in INSTALLED_APPS."
        ) from None


class InProcessEmulator:
    """A transport that hands the signed request to the emulator directly."""

    def send(
        self, url: str, headers: dict[str, str], body: bytes, timeout: float
    ) -> tuple[int, bytes]:
        return emulator().answer(headers, body)


def backend_name() -> str:
    """EMULATOR or TENCENT, as MIX_BACKEND says."""
    name = SETTING_VALUES.get(settings.MIX_BACKEND)
    if name is None:
        raise MixStudioError(
            _("MIX_BACKEND must be emulator (or its former name sandbox) or tencent."),
            field="MIX_BACKEND",
        )
    return name


def ensure_configured() -> str:
    """The backend's name, or an error saying what configuration is missing."""
    name = backend_name()
    if name == TENCENT and not (
        settings.TENCENTCLOUD_SECRET_ID and settings.TENCENTCLOUD_SECRET_KEY
    ):
        raise MixStudioError(
            _(
                "MIX_BACKEND is tencent but TENCENTCLOUD_SECRET_ID or "
                "TENCENTCLOUD_SECRET_KEY is not set."
            ),
            field="MIX_BACKEND",
        )
    return name


def client_for(
    app: HasRegion,
    *,
    rate_limit: Callable[[str], None] | None = None,
    on_attempt: Callable[[CallRecord], None] | None = None,
    on_send: Callable[[CallRecord], None] | None = None,
) -> TrtcClient:
    """A client for an app profile; `rate_limit(action)` waits for the action's turn (R3)."""
    name = ensure_configured()
    # Over a network an answer is read for up to MIX_CLOUD_ANSWER_TIMEOUT seconds,
    # in the background once the producer's request stops waiting (studio/deadline.py).
    timeout = settings.MIX_CLOUD_ANSWER_TIMEOUT
    if name == TENCENT:
        credentials = Credentials(settings.TENCENTCLOUD_SECRET_ID, settings.TENCENTCLOUD_SECRET_KEY)
        endpoint = Endpoint(
            settings.TRTC_ENDPOINT, region=app.region or settings.TRTC_REGION, timeout=timeout
        )
        transport = HttpTransport()
    else:
        credentials = Credentials(settings.MIX_SANDBOX_SECRET_ID, settings.MIX_SANDBOX_SECRET_KEY)
        if settings.MIX_SANDBOX_URL:
            endpoint = Endpoint(settings.MIX_SANDBOX_URL, region=app.region, timeout=timeout)
            transport = HttpTransport()
        else:
            endpoint = Endpoint(EMULATOR_INTERNAL_URL, region=app.region)
            transport = InProcessEmulator()
    return TrtcClient(
        credentials,
        endpoint,
        transport,
        rate_limit=rate_limit,
        on_attempt=on_attempt,
        on_send=on_send,
    )


def answers_may_be_late(client: TrtcClient) -> bool:
    """Whether the client's answers cross a network (the in-process emulator's never do)."""
    return not isinstance(client.transport, InProcessEmulator)
