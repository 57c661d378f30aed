"""Relay-to-CDN status callbacks the emulator sends (reference section G).

Building a callback is pure; `deliver` posts them from a daemon thread with
Tencent's retry schedule (G.1) and never raises into its caller.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests

from layouts.core.contract.relay import (
    CONNECTING,
    DISCONNECTING,
    EVENT_GROUP_CLOUD_PUBLISH,
    EVENT_TYPE_CDN_STATUS,
    IDLE,
    RUNNING,
)
from studio.cloud.callback import callback_sign

logger = logging.getLogger("studio.cloud.emulator")

STARTED_SEQUENCE = (CONNECTING, RUNNING)  # start, or URL added
STOPPED_SEQUENCE = (DISCONNECTING, IDLE)  # stop, or URL removed

# G.1: one immediate retry, then every 10 s until a minute after the first attempt.
RETRY_OFFSETS = (0.0, 0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0)
RESPONSE_TIMEOUT = 5.0  # G.1: the receiver must answer 200 within 5 s


@dataclass(frozen=True)
class Callback:
    url: str
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class RelayTask:
    """What every event of one task says about the task."""

    sdk_app_id: int
    room_id: str
    room_id_type: int
    robot_user_id: str
    task_id: str


def status_changes(before: Sequence[str], after: Sequence[str]) -> list[tuple[str, int]]:
    """(URL, Status) events when a task's CDN URLs go from `before` to `after`.

    Removed URLs disconnect first (5 then 0), then added URLs connect (1 then 2).
    """
    events = [(url, status) for url in before if url not in after for status in STOPPED_SEQUENCE]
    events += [(url, status) for url in after if url not in before for status in STARTED_SEQUENCE]
    return events


def event_body(task: RelayTask, url: str, status: int, *, event_ms: int, callback_ms: int) -> bytes:
    """The G.2 body, laid out as Tencent's sample (tabs), so that a receiver which
    re-serialises the JSON before checking Sign fails here as it would in production."""
    room_id: Any = int(task.room_id) if task.room_id_type == 0 else task.room_id
    body = {
        "EventGroupId": EVENT_GROUP_CLOUD_PUBLISH,
        "EventType": EVENT_TYPE_CDN_STATUS,
        "CallbackTs": callback_ms,
        "EventInfo": {
            "RoomId": room_id,
            "RoomType": task.room_id_type,
            "EventMsTs": event_ms,
            "UserId": task.robot_user_id,
            "TaskId": task.task_id,
            "Payload": {"Url": url, "Status": status},
        },
    }
    return json.dumps(body, indent="\t", separators=(",", ":\t")).encode("utf-8")


def build_callbacks(
    task: RelayTask,
    events: Sequence[tuple[str, int]],
    *,
    url: str,
    key: str,
    now: float,
) -> list[Callback]:
    """One signed callback per event; EventMsTs increases by 1 ms from `now`."""
    start_ms = int(now * 1000)
    callbacks = []
    for offset, (cdn_url, status) in enumerate(events):
        event_ms = start_ms + offset
        body = event_body(task, cdn_url, status, event_ms=event_ms, callback_ms=event_ms)
        headers = {
            "Content-Type": "application/json",
            "Sign": callback_sign(key, body),
            "SdkAppId": str(task.sdk_app_id),
        }
        callbacks.append(Callback(url, headers, body))
    return callbacks


def post_callback(callback: Callback) -> bool:
    """One attempt; True when the receiver answered 200 (G.1)."""
    response = requests.post(
        callback.url,
        data=callback.body,
        headers=callback.headers,
        timeout=RESPONSE_TIMEOUT,
        allow_redirects=False,
    )
    return response.status_code == 200


def deliver_now(
    callbacks: Sequence[Callback],
    *,
    post: Callable[[Callback], bool] = post_callback,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> list[bool]:
    """Deliver in order, each with the G.1 retries; whether each one arrived."""
    return [_deliver_one(callback, post, sleep, clock) for callback in callbacks]


def deliver(
    callbacks: Sequence[Callback],
    *,
    post: Callable[[Callback], bool] = post_callback,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> threading.Thread | None:
    """Deliver from a daemon thread so the API answer is not held up; never raises."""
    if not callbacks:
        return None
    thread = threading.Thread(
        target=deliver_now,
        args=(list(callbacks),),
        kwargs={"post": post, "sleep": sleep, "clock": clock},
        name="emulator-callbacks",
        daemon=True,
    )
    try:
        thread.start()
    except RuntimeError:  # e.g. the interpreter is shutting down
        logger.warning("Could not start the callback thread; %d callbacks dropped", len(callbacks))
        return None
    return thread


def _deliver_one(
    callback: Callback,
    post: Callable[[Callback], bool],
    sleep: Callable[[float], None],
    clock: Callable[[], float],
) -> bool:
    first = clock()
    for attempt, offset in enumerate(RETRY_OFFSETS, start=1):
        wait = first + offset - clock()
        if wait > 0:
            sleep(wait)
        try:
            if post(callback):
                return True
            problem = "no 200 answer"
        except Exception as error:  # noqa: BLE001 - a receiver must never break the emulator
            problem = type(error).__name__
        logger.info("Callback to %s, attempt %d: %s", _host(callback.url), attempt, problem)
    logger.warning(
        "Callback to %s given up after %d attempts", _host(callback.url), len(RETRY_OFFSETS)
    )
    return False


def _host(url: str) -> str:
    # Only the host goes to the log: a callback URL may carry a token in its query.
    try:
        return urlsplit(url).netloc or "?"
    except ValueError:
        return "?"
