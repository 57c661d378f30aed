"""The emulator's core: (headers, body bytes) -> (HTTP status, answer bytes, callbacks).

It checks a request in the order the real service does (R1 protocol, R2 region,
R6 body, R4/R5 signature, R3 rate, then the request rules, R11 UserSigs and R9
robots), then starts, updates or stops a task kept in the database, one
transaction per request. Every answer is Tencent's envelope (E.4) with HTTP 200,
errors included, and Content-Type exactly `application/json` is up to the HTTP
front. State lives in the ORM, the rate window included, so it holds across
processes. Callbacks are returned, not sent: the caller hands them to `deliver`.
"""

from __future__ import annotations

import copy
import json
import logging
import secrets
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.dispatch import Signal

from layouts.core.contract import bodies
from layouts.core.contract.bodies import ACTIONS, START, UPDATE
from layouts.core.contract.problems import Problem, first_error
from layouts.core.rules import request as request_rules
from layouts.core.storable import TOO_DEEP, storage_problem
from layouts.core.updates import merge_update
from studio.cloud import ratelimit
from studio.cloud.emulator import recordings
from studio.cloud.emulator.callbacks import (
    Callback,
    RelayTask,
    build_callbacks,
    deliver,
    status_changes,
)
from studio.cloud.emulator.error_codes import error_code
from studio.cloud.emulator.models import RateWindow, SandboxApp, SandboxTask
from studio.cloud.signing import API_VERSION, AuthorizationRejected, verify_authorization
from studio.cloud.usersig import UserSigRejected, verify_usersig

__all__ = ["Answer", "Callback", "RATE_LIMITER", "answer", "deliver", "handle", "new_task_id"]

logger = logging.getLogger("studio.cloud.emulator")

JSON_CONTENT_TYPE = "application/json"  # E.4: exactly this, or the SDK misses errors
MAX_BODY_BYTES = bodies.MAX_BODY_BYTES  # R6
# R6: real bodies nest about 8 levels; a cap keeps a hostile body from exhausting
# the stack of anything that walks or stores it.
MAX_JSON_DEPTH = 64
RATE_LIMIT = 20  # R3: requests per second and action
SINGAPORE = "ap-singapore"
SINGAPORE_APP_PREFIXES = ("200", "400")  # R2: apps 200xxxxxxx and 400xxxxxxx


@dataclass(frozen=True)
class EmulatorSettings:
    secret_id: str
    secret_key: str
    sdk_secret_key: str
    callback_url: str
    callback_key: str
    regions: frozenset[str]
    task_limit: int = 0  # running tasks per SdkAppId (0: no limit)
    concurrency: int = 0  # running tasks of the whole account (0: no limit)
    client_mix_rooms: frozenset[str] = frozenset()  # rooms where an SDK mix runs

    def secret_for(self, secret_id: str) -> str | None:
        return self.secret_key if secret_id == self.secret_id else None


def emulator_settings() -> EmulatorSettings:
    """The emulator's configuration; its defaults live in studio/settings.py."""
    return EmulatorSettings(
        secret_id=settings.MIX_SANDBOX_SECRET_ID,
        secret_key=settings.MIX_SANDBOX_SECRET_KEY,
        sdk_secret_key=settings.MIX_SANDBOX_SDK_SECRET_KEY,
        callback_url=settings.MIX_SANDBOX_CALLBACK_URL,
        callback_key=settings.MIX_SANDBOX_CALLBACK_KEY,
        regions=frozenset(settings.MIX_SANDBOX_REGIONS),
        task_limit=settings.MIX_EMULATOR_TASK_LIMIT,
        concurrency=settings.MIX_EMULATOR_CONCURRENCY,
        client_mix_rooms=frozenset(settings.MIX_EMULATOR_CLIENT_MIX_ROOMS),
    )


class SharedWindowLimiter:
    """At most `limit` requests in any second, per action, for every process (R3).

    The window is a row of the emulator's own table (studio/cloud/ratelimit.py),
    so a burst spread over several threads, workers or `trtc_emulator` processes
    sharing one database is counted once, as the cloud counts it.
    """

    def __init__(self, limit: int = RATE_LIMIT) -> None:
        self.limit = limit

    def allow(self, key: str, now: float) -> bool:
        return ratelimit.take_turn(RateWindow, key, limit=self.limit, clock=lambda: now) == 0

    def clear(self) -> None:
        ratelimit.forget(RateWindow)


RATE_LIMITER = SharedWindowLimiter()

# Sent with `now` as each call arrives, before it is served: the program ends
# here the tasks whose room has stayed empty for MaxIdleTime (R29), so the call
# meets the cloud as it stands at that moment.
call_received = Signal()


class ApiError(Exception):
    """An error answer: Tencent's code and a message naming the field and the rule."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    callbacks: list[Callback]
    action: str
    code: str  # "" for success
    request_id: str


def handle(
    headers: Mapping[str, str],
    body: bytes,
    *,
    method: str = "POST",
    path: str = "/",
    now: float | None = None,
) -> tuple[int, bytes, list[Callback]]:
    """Answer one API request as the TRTC service would. Never raises."""
    result = answer(headers, body, method=method, path=path, now=now)
    return result.status, result.body, result.callbacks


def answer(
    headers: Mapping[str, str],
    body: bytes,
    *,
    method: str = "POST",
    path: str = "/",
    now: float | None = None,
) -> Answer:
    """`handle`, with the action and error code the HTTP front logs."""
    request_id = str(uuid.uuid4())
    current = time.time() if now is None else now
    by_name = {str(name).lower(): str(value) for name, value in headers.items()}
    action = by_name.get("x-tc-action", "")[:64]
    try:
        task_id, callbacks = _serve(by_name, body, method, path, current)
    except ApiError as error:
        payload = {"Error": {"Code": error.code, "Message": error.message}}
        return _answer(payload, request_id, action, error.code, [])
    except Exception:
        logger.exception("The emulator failed on %s (RequestId %s)", action, request_id)
        code = "InternalError"
        payload = {"Error": {"Code": code, "Message": "The emulator failed; see its log."}}
        return _answer(payload, request_id, action, code, [])
    return _answer({"TaskId": task_id}, request_id, action, "", callbacks)


def _answer(
    payload: dict[str, Any], request_id: str, action: str, code: str, callbacks: list[Callback]
) -> Answer:
    body = json.dumps({"Response": {**payload, "RequestId": request_id}}).encode("utf-8")
    return Answer(200, body, callbacks, action, code, request_id)


def _serve(
    headers: dict[str, str], body: bytes, method: str, path: str, now: float
) -> tuple[str, list[Callback]]:
    call_received.send(sender=SandboxTask, now=now)
    config = emulator_settings()
    action = _check_protocol(headers, method, path)
    region = _check_region(headers, config)
    request = parse_body(body)
    try:
        verify_authorization(headers, body, config.secret_for, now)
    except AuthorizationRejected as error:
        raise ApiError(error.code, error.message) from None
    refusal = _refusal(action, request, region, config, now)
    # One transaction per request: the turn in the rate window (R3) commits with
    # the task's change, and a refused request still uses up its turn.
    with transaction.atomic():
        if not RATE_LIMITER.allow(action, now):
            raise ApiError(
                "RequestLimitExceeded",
                f"More than {RATE_LIMIT} {action} requests in one second (R3); retry shortly.",
            )
        if refusal is None:
            try:
                with transaction.atomic():
                    return _act(action, request, config, now)
            except ApiError as error:
                refusal = error
    raise refusal


def _refusal(
    action: str, request: dict[str, Any], region: str, config: EmulatorSettings, now: float
) -> ApiError | None:
    """The first broken request rule, app region or UserSig check (no database needed)."""
    try:
        _refuse(request_rules.check_request(action, request))
        _check_app_region(request["SdkAppId"], region)
        _check_usersigs(request, config, now)
    except ApiError as error:
        return error
    return None


def _act(
    action: str, request: dict[str, Any], config: EmulatorSettings, now: float
) -> tuple[str, list[Callback]]:
    if action == START:
        return _start(request, config, now)
    if action == UPDATE:
        return _update(request, config, now)
    return _stop(request, config, now)


# ---------------------------------------------------------------------------
# Before the request rules: protocol, region, body (R1, R2, R6).


def _check_protocol(headers: dict[str, str], method: str, path: str) -> str:
    """R1; returns the action."""
    if method != "POST" or path.split("?", 1)[0] != "/":
        raise ApiError(
            "UnsupportedProtocol",
            f"The API takes POST / with a JSON body, not {method[:10]} {path[:40]} (R1).",
        )
    content_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type != JSON_CONTENT_TYPE:
        raise ApiError(
            "UnsupportedProtocol",
            f"Content-Type must be {JSON_CONTENT_TYPE}, not {content_type[:40]!r} (R1).",
        )
    action = headers.get("x-tc-action", "")
    if action not in ACTIONS:
        raise ApiError(
            "InvalidAction",
            f"X-TC-Action {action[:64]!r} is not one of {', '.join(ACTIONS)} (R1).",
        )
    version = headers.get("x-tc-version", "")
    if version != API_VERSION:
        raise ApiError(
            "NoSuchVersion", f"X-TC-Version must be {API_VERSION}, not {version[:20]!r} (R1)."
        )
    return action


def _check_region(headers: dict[str, str], config: EmulatorSettings) -> str:
    region = headers.get("x-tc-region", "")
    if region not in config.regions:
        raise ApiError(
            "UnsupportedRegion",
            f"X-TC-Region {region[:40]!r} is not one of {', '.join(sorted(config.regions))} (R2).",
        )
    return region


def _check_app_region(sdk_app_id: int, region: str) -> None:
    app = str(sdk_app_id)
    if len(app) == 10 and app.startswith(SINGAPORE_APP_PREFIXES) and region != SINGAPORE:
        raise ApiError(
            "UnsupportedRegion",
            f"SdkAppId {app} is served from {SINGAPORE}, not {region} (R2).",
        )


def parse_body(body: bytes) -> dict[str, Any]:
    """R6: at most 10 MB of UTF-8 JSON holding one object."""
    if len(body) > MAX_BODY_BYTES:
        raise ApiError(
            "RequestSizeLimitExceeded",
            f"The body has {len(body)} bytes; at most {MAX_BODY_BYTES} are accepted (R6).",
        )
    try:
        value = json.loads(body.decode("utf-8"), parse_constant=_refuse_constant)
    except UnicodeDecodeError:
        raise ApiError(
            "InvalidParameter.BodyParamsError", "The body must be UTF-8 encoded JSON (R6)."
        ) from None
    except (ValueError, RecursionError) as error:
        raise ApiError(
            "InvalidParameter.BodyParamsError", f"The body is not valid JSON: {error} (R6)."[:200]
        ) from None
    if not isinstance(value, dict):
        raise ApiError("InvalidParameter.BodyParamsError", "The body must be a JSON object (R6).")
    problem = storage_problem(value, max_depth=MAX_JSON_DEPTH)
    if problem == TOO_DEEP:
        raise ApiError(
            "InvalidParameter.BodyParamsError",
            f"The body nests deeper than {MAX_JSON_DEPTH} levels (R6).",
        )
    if problem is not None:
        raise ApiError(
            "InvalidParameter.BodyParamsError",
            "Text in the body may not hold the NUL character or an unpaired surrogate (R6).",
        )
    return value


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


# ---------------------------------------------------------------------------
# After the request rules: UserSigs (R11), robots (R9), then the actions.


def describe(problem: Problem) -> str:
    where = f"{problem.path}: " if problem.path else ""
    return f"{where}{problem.message} ({problem.rule})"


def _refuse(problems: list[Problem]) -> None:
    first = first_error(problems)
    if first is not None:
        raise ApiError(error_code(first), describe(first))


def _check_usersigs(request: dict[str, Any], config: EmulatorSettings, now: float) -> None:
    # The request rules passed: an Update carries no AgentParams (R6).
    for path, robot in bodies.robots(request):
        try:
            verify_usersig(
                robot["UserSig"],
                request["SdkAppId"],
                robot["UserId"],
                config.sdk_secret_key,
                now=int(now),
            )
        except UserSigRejected as error:
            raise ApiError(
                "InvalidParameter.UserSig", f"{path}.UserSig: {error.message} (R11)"
            ) from None
        except ValueError:  # e.g. a signature that is not even text (lone surrogates)
            raise ApiError(
                "InvalidParameter.UserSig", f"{path}.UserSig: The UserSig is malformed. (R11)"
            ) from None


def _check_robot_clash(
    sdk_app_id: int, params: dict[str, Any], *, own_task_id: str | None = None
) -> None:
    """R9: no robot of this task sits in a room where another running task's robot is."""
    seats = bodies.robot_seats(params)
    if not seats:
        return
    others = SandboxTask.objects.filter(sdk_app_id=sdk_app_id, status=SandboxTask.Status.RUNNING)
    if own_task_id is not None:
        others = others.exclude(task_id=own_task_id)
    taken = {
        (room_id, room_type, user_id)
        for other in others.only("params")
        for _path, room_id, room_type, user_id in bodies.robot_seats(other.params)
    }
    for path, room_id, room_type, user_id in seats:
        if (room_id, room_type, user_id) in taken:
            raise ApiError(
                "InvalidParameter.UserId",
                f'{path}: Robot "{user_id}" is already in room {room_id} for another running '
                "task; two robots with one UserId kick each other out (R9).",
            )


def without_secrets(body: dict[str, Any]) -> dict[str, Any]:
    """A copy of a checked request without UserSigs or storage keys, for the task row."""
    params = copy.deepcopy(body)
    for _path, robot in bodies.robots(params):
        robot.pop("UserSig", None)
    storage = ((params.get("RecordParams") or {}).get("McuStorageParams") or {}).get("CloudStorage")
    if isinstance(storage, dict):
        storage.pop("AccessKey", None)
        storage.pop("SecretKey", None)
    return params


def new_task_id() -> str:
    # Tencent's TaskIds look like "-m97l2ZU7…PwUlAQ..": about 70 URL-safe characters
    # and a ".." suffix. Callers must treat them as opaque text.
    return secrets.token_urlsafe(52) + ".."


def _locked_task(request: dict[str, Any], rule: str) -> SandboxTask:
    task = SandboxTask.objects.select_for_update().filter(task_id=request["TaskId"]).first()
    if task is None:
        raise ApiError("FailedOperation.TaskNotExist", f"TaskId: no task has this TaskId ({rule}).")
    if task.sdk_app_id != request["SdkAppId"]:
        raise ApiError(
            "ResourceNotFound",
            f"TaskId: this task does not exist under SdkAppId {request['SdkAppId']} (R57).",
        )
    if not task.is_running:
        # F.2: TaskNotExist is a TaskId never issued; a task that has ended is TaskFinished.
        raise ApiError(
            "FailedOperation.TaskFinished", f"TaskId: this task has already ended ({rule})."
        )
    return task


def _callbacks(
    task: SandboxTask, before: list[str], after: list[str], config: EmulatorSettings, now: float
) -> list[Callback]:
    if not config.callback_url:
        return []
    relay = RelayTask(
        task.sdk_app_id, task.room_id, task.room_id_type, task.robot_user_id, task.task_id
    )
    events = status_changes(before, after)
    return build_callbacks(relay, events, url=config.callback_url, key=config.callback_key, now=now)


def _check_capacity(request: dict[str, Any], config: EmulatorSettings) -> None:
    """What the cloud refuses a valid Start for: a room mixed by its SDK, and the quotas.

    Each is set by configuration (F.2; none by default): a room where a client
    mixes with the SDK's own mix (`setMixTranscodingConfig`) conflicts with an
    API mix; an app runs at most `task_limit` tasks at once, the whole account
    at most `concurrency`.
    """
    room = request["RoomId"]
    if room in config.client_mix_rooms:
        raise ApiError(
            "FailedOperation.RequestRejection",
            f"RoomId: room {room[:64]} is mixed by a client with the SDK's own mix; an API "
            "mix in the same room conflicts with it.",
        )
    running = SandboxTask.objects.filter(status=SandboxTask.Status.RUNNING)
    if config.task_limit:
        count = running.filter(sdk_app_id=request["SdkAppId"]).count()
        if count >= config.task_limit:
            raise ApiError(
                "UnsupportedOperation.TaskLimit",
                f"SdkAppId {request['SdkAppId']} runs {count} tasks, its limit; stop one "
                "or ask for a higher limit.",
            )
    if config.concurrency and running.count() >= config.concurrency:
        raise ApiError(
            "FailedOperation.RestrictedConcurrency",
            f"The account runs {config.concurrency} tasks at once, its concurrency limit; "
            "stop one or ask for a higher limit.",
        )


def _start(
    request: dict[str, Any], config: EmulatorSettings, now: float
) -> tuple[str, list[Callback]]:
    SandboxApp.objects.select_for_update().get_or_create(sdk_app_id=request["SdkAppId"])
    _check_robot_clash(request["SdkAppId"], request)
    _check_capacity(request, config)
    task = SandboxTask.objects.create(
        sdk_app_id=request["SdkAppId"],
        task_id=new_task_id(),
        room_id=request["RoomId"],
        room_id_type=request["RoomIdType"],
        robot_user_id=request["AgentParams"]["UserId"],
        with_transcoding=request["WithTranscoding"],
        media_kind=bodies.media_kind(request),
        params=without_secrets(request),
        cdn_urls=bodies.cdn_urls(request),
    )
    recordings.started(task, now)
    return task.task_id, _callbacks(task, [], task.cdn_urls, config, now)


def _update(
    request: dict[str, Any], config: EmulatorSettings, now: float
) -> tuple[str, list[Callback]]:
    task = _locked_task(request, "R52")
    sequence = request["SequenceNumber"]
    last = task.last_sequence_number
    if last is not None and sequence <= last:
        raise ApiError(
            "FailedOperation.RequestOutdated",
            f"SequenceNumber: {sequence} is not greater than {last}, the last one this task "
            "accepted (R51).",
        )
    _refuse(request_rules.check_update(request, started=task.params))
    params = merge_update(task.params, without_secrets(request))
    # Seats this task already holds were checked when it took them, and every
    # later Start or Update of another task checks against them.
    if bodies.robot_seats(params) != bodies.robot_seats(task.params):
        _check_robot_clash(task.sdk_app_id, params, own_task_id=task.task_id)
    before = list(task.cdn_urls)
    task.params = params
    task.cdn_urls = bodies.cdn_urls(params)
    task.last_sequence_number = sequence
    task.save(update_fields=["params", "cdn_urls", "last_sequence_number", "updated_at"])
    return task.task_id, _callbacks(task, before, task.cdn_urls, config, now)


def _stop(
    request: dict[str, Any], config: EmulatorSettings, now: float
) -> tuple[str, list[Callback]]:
    task = _locked_task(request, "R56")
    task.status = SandboxTask.Status.STOPPED
    task.save(update_fields=["status", "updated_at"])
    recordings.stopped(task, request.get("RecordKey"), now)
    return task.task_id, _callbacks(task, list(task.cdn_urls), [], config, now)
