"""App profiles: the one a request names, and the emulator's own, made when needed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from layouts.errors import MixStudioError
from studio.cloud import backends
from studio.control.models import AppProfile


def app_for(sdk_app_id: Any) -> AppProfile:
    """The app profile a request names, or the emulator's own when it names none."""
    if sdk_app_id is None and backends.backend_name() == backends.EMULATOR:
        return emulator_app()
    if not isinstance(sdk_app_id, int) or isinstance(sdk_app_id, bool):
        raise MixStudioError(
            _("SdkAppId must be the integer ID of a configured app profile."),
            field="request.SdkAppId",
        )
    try:
        return AppProfile.objects.get(sdk_app_id=sdk_app_id)
    except (AppProfile.DoesNotExist, OverflowError):
        if (
            backends.backend_name() == backends.EMULATOR
            and sdk_app_id == settings.MIX_SANDBOX_SDK_APP_ID
        ):
            return emulator_app()
        raise MixStudioError(
            _("No app profile has SdkAppId %(id)d; add it in the admin.") % {"id": sdk_app_id},
            field="request.SdkAppId",
        ) from None


def emulator_app() -> AppProfile:
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
