"""Which cloud a task talks to: Tencent Cloud, or the built-in emulator.

MIX_BACKEND=sandbox (the default) calls the emulator's core in-process with
the same signed bytes a real request carries, or, when MIX_SANDBOX_URL is
set, over HTTP to `manage.py trtc_sandbox`. MIX_BACKEND=tencent calls the
real endpoint with the credentials from the environment.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils.translation import gettext as _

from layouts.errors import MixStudioError
from studio.cloud.client import CallRecord, Credentials, Endpoint, HttpTransport, TrtcClient
from studio.control import ratelimit
from studio.control.models import AppProfile

SANDBOX = "sandbox"
TENCENT = "tencent"
SANDBOX_INTERNAL_URL = "http://sandbox.mixstudio.internal/"


class InProcessSandbox:
    """A transport that hands the signed request to the emulator's core directly."""

    def send(
        self, url: str, headers: dict[str, str], body: bytes, timeout: float
    ) -> tuple[int, bytes]:
        from studio.cloud.emulator import core

        status, answer, callbacks = core.handle(headers, body)
        core.deliver(callbacks)
        return status, answer


def backend_name() -> str:
    name = settings.MIX_BACKEND
    if name not in (SANDBOX, TENCENT):
        raise MixStudioError(_("MIX_BACKEND must be sandbox or tencent."), field="MIX_BACKEND")
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
    app: AppProfile,
    *,
    on_attempt: Callable[[CallRecord], None] | None = None,
    on_send: Callable[[CallRecord], None] | None = None,
) -> TrtcClient:
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
            endpoint = Endpoint(SANDBOX_INTERNAL_URL, region=app.region)
            transport = InProcessSandbox()
    return TrtcClient(
        credentials,
        endpoint,
        transport,
        rate_limit=ratelimit.wait_for_turn,
        on_attempt=on_attempt,
        on_send=on_send,
    )


def app_profiles() -> list[AppProfile]:
    """The app profiles tasks can run in, the emulator's own first under the emulator.

    A read only: the emulator's profile is made by `manage.py ensure_sandbox_app`
    (`make run`) or by a start that names it, never by listing.
    """
    apps = list(AppProfile.objects.all())
    if backend_name() == SANDBOX:
        # Stable sort: the others keep their order by name.
        apps.sort(key=lambda app: app.sdk_app_id != settings.MIX_SANDBOX_SDK_APP_ID)
    return apps


def answers_may_be_late(client: TrtcClient) -> bool:
    """Whether the client's answers cross a network (the in-process emulator's never do)."""
    return not isinstance(client.transport, InProcessSandbox)


def sandbox_app() -> AppProfile:
    """The application the emulator knows, created or given its keys if needed.

    Writes: called by `manage.py ensure_sandbox_app` and by a start without an
    SdkAppId, never by a read.
    """
    app, created = AppProfile.objects.get_or_create(
        sdk_app_id=settings.MIX_SANDBOX_SDK_APP_ID,
        defaults={"name": "Sandbox", "region": "ap-guangzhou"},
    )
    changed = False
    if created or not app.has_sdk_secret_key:
        app.sdk_secret_key = settings.MIX_SANDBOX_SDK_SECRET_KEY
        changed = True
    if settings.MIX_SANDBOX_CALLBACK_KEY and not app.callback_key_encrypted:
        # The emulator signs its callbacks with this key; verify them with it too.
        app.callback_key = settings.MIX_SANDBOX_CALLBACK_KEY
        changed = True
    if changed:
        app.save()
    return app
