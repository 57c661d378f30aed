"""Relay callbacks from Tencent (section G): verify, record, track each CDN URL."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import transaction

from layouts.contract.relay import STATUS_NAMES
from layouts.errors import MixStudioError
from studio.models import AppProfile, MixTask, TaskEvent
from studio.trtc.callback import is_valid_callback_sign


class CallbackRefused(MixStudioError):
    status_code = 401
    code = "bad-signature"


def callback_key_for(sdk_app_id: str | None) -> str:
    if sdk_app_id and sdk_app_id.isdigit():
        app = AppProfile.objects.filter(sdk_app_id=int(sdk_app_id)).first()
        if app is not None and app.callback_key_encrypted:
            return app.callback_key
    return settings.MIX_CALLBACK_KEY


def receive_relay_callback(
    raw_body: bytes, sign: str | None, sdk_app_id: str | None
) -> TaskEvent | None:
    """Verify the Sign over the raw bytes, then record the event on its task."""
    key = callback_key_for(sdk_app_id)
    if not key or not is_valid_callback_sign(key, raw_body, sign):
        raise CallbackRefused("The callback signature does not verify.", field="Sign")
    try:
        event = json.loads(raw_body)
        info = event["EventInfo"]
        task_id = str(info["TaskId"])
        payload = info.get("Payload") or {}
        url = str(payload.get("Url", ""))
        status = int(payload.get("Status"))
        # [conflict] the sample body spells it EventTsMs; accept both.
        event_ms = int(info.get("EventMsTs", info.get("EventTsMs", 0)))
    except (ValueError, KeyError, TypeError):
        raise MixStudioError("The callback body is not a relay event.", field="EventInfo") from None
    with transaction.atomic():
        task = MixTask.objects.select_for_update().filter(task_id=task_id).first()
        if task is None:
            return None
        recorded = TaskEvent.objects.create(
            task=task,
            kind=TaskEvent.Kind.CALLBACK,
            action=f"Callback {event.get('EventType')}",
            request=_safe(event),
            error_code="",
        )
        known = task.cdn_status.get(url, {})
        if url and event_ms >= int(known.get("event_ms", 0)):  # G.1: drop older events
            task.cdn_status = {
                **task.cdn_status,
                url: {
                    "status": status,
                    "name": STATUS_NAMES.get(status, str(status)),
                    "event_ms": event_ms,
                    "error_code": payload.get("ErrorCode"),
                    "error_message": payload.get("ErrorMsg"),
                },
            }
            task.save(update_fields=["cdn_status", "updated_at"])
    return recorded


def _safe(event: Any) -> Any:
    return event if isinstance(event, dict) else {}
