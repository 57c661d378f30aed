"""Relay callbacks from Tencent (section G): verify, record once, track each CDN URL.

A callback is trusted only for the app that signed it: the `SdkAppId` header
names the app, the Sign must verify with that app's own callback key (the
MIX_CALLBACK_KEY fallback only for an app that holds none), and the TaskId
is looked up among that app's tasks alone. A callback is applied at most
once (its content and event time are hashed), an event older than the last
one seen for its URL never overwrites it (G.1), and what is stored is text
that can always be shown again. A callback naming the room and robot of one
of our tasks whose TaskId was lost gives that task its TaskId back.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import math
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from layouts.core.contract.relay import (
    CONNECTING,
    FAILURE,
    RECOVERING,
    RUNNING,
    STATUS_NAMES,
)
from layouts.core.contract.room_events import (
    MEDIA_GROUP,
    ROOM_GROUP,
    CallbackUnreadable,
    read_room_callback,
)
from layouts.core.storable import storable_copy
from layouts.errors import MixStudioError
from studio import redaction
from studio.cloud.callback import is_valid_callback_sign
from studio.control import signals
from studio.control.models import UNCONFIRMED_STATUSES, AppProfile, MixTask, TaskEvent
from studio.control.services import room as room_service
from studio.control.services import stop_call

# G.2 bodies nest three levels; anything far deeper is not a relay event.
MAX_DEPTH = 8
MAX_TEXT = 2048  # characters kept of any one string of a callback
# A push that exists (G.3): only these can tell the TaskId of a Start whose answer was lost.
SEAT_CLAIMING_STATUSES = frozenset({CONNECTING, RUNNING, RECOVERING, FAILURE})
# How far the cloud's clock may be behind ours when an event is dated against our task.
CLOCK_TOLERANCE_MS = 2000


class CallbackRefused(MixStudioError):
    status_code = 401
    code = "bad-signature"


class CallbackInvalid(MixStudioError):
    status_code = 400
    code = "callback-invalid"


@dataclass(frozen=True)
class RelayEvent:
    """The parts of a G.2 body the app acts on, checked."""

    task_id: str
    room_id: str
    robot_user_id: str
    url: str
    status: int
    event_ms: int
    error_code: Any
    error_message: Any
    event_type: Any
    body: dict[str, Any]


@dataclass(frozen=True)
class Received:
    event: TaskEvent | None
    duplicate: bool = False
    attached: bool = False


def app_for_callback(sdk_app_id: str | None) -> AppProfile:
    """The app the SdkAppId header names; a callback for no app of ours is refused."""
    app = None
    if sdk_app_id and sdk_app_id.isascii() and sdk_app_id.isdigit() and len(sdk_app_id) < 19:
        app = AppProfile.objects.filter(sdk_app_id=int(sdk_app_id)).first()
    if app is None:
        raise CallbackRefused(
            _("The SdkAppId header names no application of Mix Studio."), field="SdkAppId"
        )
    return app


def callback_key_for(app: AppProfile) -> str:
    """The app's own key; the fallback key only for an app that holds none."""
    if app.callback_key_encrypted:
        return app.callback_key
    return settings.MIX_CALLBACK_KEY


def receive_relay_callback(raw_body: bytes, sign: str | None, sdk_app_id: str | None) -> Received:
    """Verify the Sign over the raw bytes, then record the event on its task, once."""
    app = app_for_callback(sdk_app_id)
    key = callback_key_for(app)
    if not key or not is_valid_callback_sign(key, raw_body, sign):
        raise CallbackRefused(_("The callback signature does not verify."), field="Sign")
    event = parse_relay_event(raw_body)
    fingerprint = dedupe_key(app.sdk_app_id, event.body)
    with transaction.atomic():
        task = (
            MixTask.objects.select_for_update()
            .filter(app_profile=app, task_id=event.task_id)
            .first()
        )
        attached = False
        if task is None:
            task = _task_by_seat(app, event)
            attached = task is not None
        if task is None:
            return Received(None)
        if TaskEvent.objects.filter(dedupe_key=fingerprint).exists():
            return Received(None, duplicate=True)
        try:
            with transaction.atomic():
                recorded = TaskEvent.objects.create(
                    task=task,
                    kind=TaskEvent.Kind.CALLBACK,
                    action=f"Callback {event.event_type}"[:64],
                    request=redaction.strip_credentials(event.body),
                    error_code="",
                    dedupe_key=fingerprint,
                )
        except IntegrityError:  # the same event, recorded by a concurrent delivery
            return Received(None, duplicate=True)
        fields = ["updated_at"]
        if attached:
            task.task_id = event.task_id
            task.status = MixTask.Status.RUNNING
            task.last_error = {}
            fields += ["task_id", "status", "last_error"]
        known = task.cdn_status.get(event.url, {})
        if event.url and event.event_ms > int(known.get("event_ms", -1)):  # G.1: never older
            task.cdn_status = {
                **task.cdn_status,
                event.url: {
                    "status": event.status,
                    "name": STATUS_NAMES.get(event.status, str(event.status)),
                    "event_ms": event.event_ms,
                    "error_code": event.error_code,
                    "error_message": event.error_message,
                },
            }
            fields.append("cdn_status")
            signals.output_health_changed.send(
                sender=MixTask,
                task_pk=task.pk,
                url=event.url,
                previous=known,
                current=task.cdn_status[event.url],
            )
        task.save(update_fields=fields)
    if attached and task.stop_wanted:
        stop_call.stop_in_background(task.pk)
    return Received(recorded, attached=attached)


def parse_relay_event(raw_body: bytes) -> RelayEvent:
    """The checked event, or CallbackInvalid naming the field (nothing is stored then)."""
    try:
        body = json.loads(raw_body.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise CallbackInvalid(_("The callback body is not JSON."), field="body") from None
    problem = _shape_problem(body)
    if problem is not None:
        raise CallbackInvalid(problem[1], field=problem[0])
    body = storable_copy(_cut_strings(body))
    if not isinstance(body, dict):
        raise CallbackInvalid(_("The callback body must be a JSON object."), field="body")
    info = _object(body, "EventInfo", "EventInfo")
    payload = _object(info, "Payload", "EventInfo.Payload")
    task_id = info.get("TaskId")
    if isinstance(task_id, int) and not isinstance(task_id, bool):
        task_id = str(task_id)  # G.2 [conflict]: the field table says Number
    if not isinstance(task_id, str) or not task_id:
        raise _invalid("EventInfo.TaskId", _("a non-empty string"))
    url = payload.get("Url", "")
    if not isinstance(url, str):
        raise _invalid("EventInfo.Payload.Url", _("a string"))
    status = payload.get("Status")
    if not _is_int(status):
        raise _invalid("EventInfo.Payload.Status", _("an integer"))
    # [conflict] the sample body spells it EventTsMs; accept both.
    event_ms = info.get("EventMsTs", info.get("EventTsMs"))
    if not _is_int(event_ms) or event_ms < 0:
        raise _invalid("EventInfo.EventMsTs", _("a whole number of milliseconds"))
    room_id = info.get("RoomId")
    if not (isinstance(room_id, str) or _is_int(room_id)):
        raise _invalid("EventInfo.RoomId", _("a string or an integer"))
    robot = info.get("UserId", "")
    if not isinstance(robot, str):
        raise _invalid("EventInfo.UserId", _("a string"))
    return RelayEvent(
        task_id=task_id,
        room_id=str(room_id),
        robot_user_id=robot,
        url=url,
        status=status,
        event_ms=event_ms,
        error_code=payload.get("ErrorCode"),
        error_message=payload.get("ErrorMsg"),
        event_type=body.get("EventType"),
        body=body,
    )


def dedupe_key(sdk_app_id: int, body: dict[str, Any]) -> str:
    """One hash per event: its app, type and EventInfo (event time included).

    CallbackTs is left out: Tencent's retries of one event may carry a new one.
    """
    content = {
        "SdkAppId": sdk_app_id,
        "EventGroupId": body.get("EventGroupId"),
        "EventType": body.get("EventType"),
        "EventInfo": body.get("EventInfo"),
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def _task_by_seat(app: AppProfile, event: RelayEvent) -> MixTask | None:
    """Our task whose Start answer was lost and whose room and robot the event names.

    Only a push that starts or runs, dated after the task was made, can be its Start's:
    an earlier task of the same seat may still be heard from (a retried callback arrives
    up to a minute late, G.1), and taking its TaskId would aim the new task's Stop at
    the old one.
    """
    if not event.robot_user_id or event.status not in SEAT_CLAIMING_STATUSES:
        return None
    made_after = datetime.datetime.fromtimestamp(
        (event.event_ms + CLOCK_TOLERANCE_MS) / 1000, tz=datetime.UTC
    )
    return (
        MixTask.objects.select_for_update()
        .filter(
            app_profile=app,
            task_id="",
            status__in=UNCONFIRMED_STATUSES,
            room_id=event.room_id,
            robot_user_id=event.robot_user_id,
            created_at__lte=made_after,
        )
        .order_by("-id")
        .first()
    )


def _shape_problem(value: Any) -> tuple[str, str] | None:
    """(path, message) of the first number JSON cannot carry or of too deep a nesting."""
    stack: list[tuple[Any, str, int]] = [(value, "body", 1)]
    while stack:
        item, path, depth = stack.pop()
        if isinstance(item, dict | list) and depth > MAX_DEPTH:
            return path, _("The callback nests deeper than %(max)d levels.") % {"max": MAX_DEPTH}
        if isinstance(item, dict):
            stack.extend((child, f"{path}.{key}", depth + 1) for key, child in item.items())
        elif isinstance(item, list):
            stack.extend((child, f"{path}[{i}]", depth + 1) for i, child in enumerate(item))
        elif isinstance(item, float) and not math.isfinite(item):
            return path, _("%(path)s is a number JSON cannot carry.") % {"path": path}
    return None


def _cut_strings(value: Any) -> Any:
    if isinstance(value, dict):
        return {_cut_key(key): _cut_strings(child) for key, child in value.items()}
    if isinstance(value, list):
        return [_cut_strings(child) for child in value]
    if isinstance(value, str):
        return redaction.cut(value, MAX_TEXT)
    return value


def _cut_key(key: str) -> str:
    return redaction.cut(key, 200)


def _object(parent: dict[str, Any], key: str, path: str) -> dict[str, Any]:
    value = parent.get(key)
    if not isinstance(value, dict):
        raise _invalid(path, _("a JSON object"))
    return value


def _invalid(path: str, expected: str) -> CallbackInvalid:
    return CallbackInvalid(
        _("%(path)s must be %(expected)s in a relay event (G.2).")
        % {"path": path, "expected": expected},
        field=path,
    )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


@dataclass(frozen=True)
class RoomReceived:
    tasks: int  # tasks of this app in the event's room that are starting or running
    changed: int  # room events that changed one of their rooms


def receive_room_callback(
    raw_body: bytes, sign: str | None, sdk_app_id: str | None
) -> RoomReceived:
    """A room or media callback (I): verified like a relay callback, then applied to the
    room of every task of that app in that room that is starting or running.

    Nothing is stored from a callback that does not verify or does not read.
    """
    app = app_for_callback(sdk_app_id)
    key = callback_key_for(app)
    if not key or not is_valid_callback_sign(key, raw_body, sign):
        raise CallbackRefused(_("The callback signature does not verify."), field="Sign")
    try:
        events = read_room_callback(raw_body)
    except CallbackUnreadable as error:
        raise CallbackInvalid(error.phrase.render(_), field=error.path) from None
    tasks = changed = 0
    for event in events:
        in_room = MixTask.objects.filter(
            app_profile=app,
            status__in=(MixTask.Status.STARTING, MixTask.Status.RUNNING),
            room_id=event.room_id,
            room_id_type=event.room_id_type,
        ).values_list("pk", flat=True)
        for task_pk in in_room:
            tasks += 1
            changed += len(
                room_service.apply_room_events(task_pk, [event], source=room_service.CALLBACK)
            )
    return RoomReceived(tasks, changed)


def is_room_callback(raw_body: bytes) -> bool:
    """Whether a body says it is a room or media callback (I.2's EventGroupId 1 or 2), for
    routing only: whichever way it goes, its Sign is verified before it is believed."""
    try:
        body = json.loads(raw_body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False
    group = body.get("EventGroupId") if isinstance(body, dict) else None
    return _is_int(group) and group in (ROOM_GROUP, MEDIA_GROUP)


def room_callback_sent(*, raw_body: bytes, sign: str, sdk_app_id: str, **signal: Any) -> int:
    """The emulator's room callback handed over in-process (`signals.room_callback`):
    the same bytes and headers as over HTTP, verified and applied the same way."""
    return receive_room_callback(raw_body, sign, sdk_app_id).changed
