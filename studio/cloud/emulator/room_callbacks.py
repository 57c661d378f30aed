"""Room and media callbacks the emulator sends when its simulated room changes (reference I).

The simulated room reaches the app exactly as the real cloud's does: each
change is a section I body (I.2), signed with the emulator's callback key as
Tencent signs (G.4), posted to the callback URL with G.1's retries when one is
set, or else handed to the app in-process (`studio.cloud.signals.room_callback`)
as the same bytes and headers, which the app verifies just the same.

Speaking levels are no callback (I.3: Tencent's carry no volume; the real
cloud's are only in the mix's SEI): the emulator tells them through
`studio.cloud.signals.room_levels`.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.dispatch import Signal

from layouts.core.contract.room_events import (
    AUDIO,
    CAMERA,
    ENTER,
    ENTER_ROOM,
    EXIT,
    EXIT_ROOM,
    MEDIA_GROUP,
    ROOM_GROUP,
    SCREEN,
    SPEAKING,
    START_AUDIO,
    START_SCREEN,
    START_VIDEO,
    STOP_AUDIO,
    STOP_SCREEN,
    STOP_VIDEO,
    RoomEvent,
)
from layouts.core.contract.rooms import ROOM_INTEGER
from studio.cloud.callback import callback_sign
from studio.cloud.emulator.callbacks import Callback, deliver
from studio.cloud.signals import room_callback, room_levels

logger = logging.getLogger("studio.cloud.emulator.room")

# (kind, on) -> (EventGroupId, EventType) of I.3
EVENT_TYPES: dict[tuple[str, bool | None], tuple[int, int]] = {
    (ENTER, None): (ROOM_GROUP, ENTER_ROOM),
    (EXIT, None): (ROOM_GROUP, EXIT_ROOM),
    (CAMERA, True): (MEDIA_GROUP, START_VIDEO),
    (CAMERA, False): (MEDIA_GROUP, STOP_VIDEO),
    (AUDIO, True): (MEDIA_GROUP, START_AUDIO),
    (AUDIO, False): (MEDIA_GROUP, STOP_AUDIO),
    (SCREEN, True): (MEDIA_GROUP, START_SCREEN),
    (SCREEN, False): (MEDIA_GROUP, STOP_SCREEN),
}
ANCHOR = 20  # I.2 Role on entry, as the published example: an anchor
NORMAL = 1  # I.2 Reason on entry: a normal entry


def event_body(event: RoomEvent, *, callback_ms: int) -> bytes:
    """The I.2 body of one room event, laid out as Tencent's sample (tabs), so that a
    receiver which re-serialises the JSON before checking Sign fails here as it would
    in production. Numeric rooms are numbers, string rooms strings (I.2)."""
    group, event_type = EVENT_TYPES[(event.kind, event.on)]
    room_id: Any = int(event.room_id) if event.room_id_type == ROOM_INTEGER else event.room_id
    info: dict[str, Any] = {
        "RoomId": room_id,
        "EventTs": event.at_ms // 1000,
        "EventMsTs": event.at_ms,
        "UserId": event.user_id,
    }
    if event.kind == ENTER:
        info.update(Role=ANCHOR, Reason=NORMAL)
    body = {"EventGroupId": group, "EventType": event_type, "CallbackTs": callback_ms}
    body["EventInfo"] = info
    return json.dumps(body, indent="\t", separators=(",", ":\t")).encode("utf-8")


def build_room_callbacks(
    events: Sequence[RoomEvent], *, sdk_app_id: int, url: str, key: str, now_ms: int
) -> list[Callback]:
    """One signed callback per event that has one (speaking has none), in time order."""
    callbacks = []
    for event in sorted(events, key=lambda item: item.at_ms):
        if event.kind == SPEAKING:
            continue
        body = event_body(event, callback_ms=max(now_ms, event.at_ms))
        headers = {
            "Content-Type": "application/json",
            "Sign": callback_sign(key, body),
            "SdkAppId": str(sdk_app_id),
        }
        callbacks.append(Callback(url, headers, body))
    return callbacks


def announce(
    events: Sequence[RoomEvent], *, sdk_app_id: int, url: str, key: str, now_ms: int
) -> None:
    """Tell the app what changed in a simulated room; never raises into the emulator.

    Over HTTP once the change is committed (from a thread, with G.1's retries), as
    relay callbacks go; in-process at once, in the transaction that made the change,
    so the app's room and the emulator's change together or not at all. Without a
    callback key there is nothing to sign with, and the app takes no unsigned
    callback: in-process, nothing is sent.
    """
    if not url and not key:
        _say_no_key()
        return
    callbacks = build_room_callbacks(events, sdk_app_id=sdk_app_id, url=url, key=key, now_ms=now_ms)
    if url:
        transaction.on_commit(lambda: deliver(callbacks), robust=True)
    else:
        for callback in callbacks:
            _send(
                room_callback,
                raw_body=callback.body,
                sign=callback.headers["Sign"],
                sdk_app_id=callback.headers["SdkAppId"],
            )
    speaking = [event for event in events if event.kind == SPEAKING]
    if speaking:
        _send(room_levels, sdk_app_id=sdk_app_id, events=speaking)


@functools.cache
def _say_no_key() -> None:
    """Once per process: every room change would say it again."""
    logger.warning(
        "The emulator has no callback key (MIX_SANDBOX_CALLBACK_KEY): its simulated rooms "
        "are not told to the app."
    )


def _send(signal: Signal, **arguments: Any) -> None:
    try:
        signal.send(sender=Callback, **arguments)
    except Exception as error:  # noqa: BLE001 - a receiver must never break the emulator
        # Say, the app holds another key: the cloud does not care what its receiver answers.
        logger.warning("A room callback was not taken: %s", error)
