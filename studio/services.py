"""start_task / update_task / stop_task: the only way the app changes a live mix.

Each builds the request body, checks it with the same rules the emulator
enforces before anything is sent, calls the cloud through the client (which
records every attempt in the task's event log), and stores what the cloud
accepted — never more.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from layouts import request_rules
from layouts.contract.problems import ERROR, Problem
from layouts.errors import (
    MixStudioError,
    NotFound,
    ProblemsRefused,
    first_error,
    problems_payload,
)
from layouts.models import Preset
from layouts.rules import ImageHosts
from layouts.services import acting_user
from layouts.updates import UpdatePlan, merge_update, update_for
from studio import backends
from studio.models import AppProfile, MixTask, TaskEvent
from studio.onair import lifecycle
from studio.trtc import usersig
from studio.trtc.client import CallRecord
from studio.trtc.errors import CloudError, CloudUnreachable

ROBOT_PREFIX = "mixstudio_robot_"  # R9: a reserved prefix keeps robots apart from people
SECRET_KEYS = frozenset(
    {
        "UserSig",
        "SecretKey",
        "SecretId",
        "Sign",
        "Authorization",
        "SdkSecretKey",
        "CallbackKey",
        "Token",
    }
)
FORBIDDEN_UPDATE_RULES = frozenset({"R23", "R54", "R55"})  # what Update may never change
REDACTED = "***"


class RequestInvalid(ProblemsRefused):
    """The request breaks the API's rules; nothing was sent."""

    code = "request-invalid"

    def __init__(self, problems: list[Problem]) -> None:
        first = first_error(problems)
        super().__init__(
            f"{first.path}: {first.render(_)} ({first.rule})", problems, field=first.path
        )


class UpdateForbidden(RequestInvalid):
    """The update changes what a running task can never change (R23, R55)."""

    status_code = 409
    code = "update-forbidden"


class TaskNotLive(MixStudioError):
    status_code = 409
    code = "task-not-live"


class NothingToTake(MixStudioError):
    """The staged state is what is on air already; nothing was sent."""

    status_code = 409
    code = "nothing-to-take"


# -- building the request bodies ---------------------------------------------


def image_hosts_for(backend: str) -> ImageHosts:
    """How to judge images the cloud cannot reach: refused for the real cloud only.

    The emulator runs beside the app and may fetch its own assets, so it is not
    held to what Tencent's servers can reach.
    """
    if backend != backends.TENCENT:
        return ImageHosts(severity=None)
    return ImageHosts(severity=ERROR, allowed=frozenset(settings.MIX_IMAGE_ALLOWED_HOSTS))


def robot_user_id(room_id: str) -> str:
    """The default robot UserId: reserved prefix + room, cut to the 32-byte limit (R10)."""
    safe_room = "".join(c if c.isalnum() or c in "_-" else "_" for c in room_id)
    return (ROBOT_PREFIX + safe_room)[:32]


def build_start_body(
    app: AppProfile, request: dict[str, Any], preset: Preset | None
) -> dict[str, Any]:
    body = copy.deepcopy(request)
    body["SdkAppId"] = app.sdk_app_id
    body.setdefault("WithTranscoding", 1)
    if preset is not None and "VideoParams" not in body:
        body["VideoParams"] = copy.deepcopy(preset.document)
    agent = body.setdefault("AgentParams", {})
    if isinstance(agent, dict) and isinstance(body.get("RoomId"), str):
        agent.setdefault("UserId", robot_user_id(body["RoomId"]))
    _explicit_cdn_flags(body)
    _sign_robots(app, body)
    return body


def _explicit_cdn_flags(body: dict[str, Any]) -> None:
    # R19: the default is 1, but the fee depends on it; always send it.
    for target in body.get("PublishCdnParams") or []:
        if isinstance(target, dict):
            target.setdefault("IsTencentCdn", 1)


def _sign_robots(app: AppProfile, body: dict[str, Any]) -> None:
    """Fill missing UserSigs of the robot and push-back robots when the app holds the key."""
    robots = [body.get("AgentParams")] + list(body.get("FeedBackRoomParams") or [])
    for robot in robots:
        if not isinstance(robot, dict) or robot.get("UserSig"):
            continue
        user_id = robot.get("UserId")
        if isinstance(user_id, str) and app.has_sdk_secret_key:
            robot["UserSig"] = usersig.gen_usersig(app.sdk_app_id, user_id, app.sdk_secret_key)


def redact(value: Any) -> Any:
    """A copy with every secret replaced, for logs, events and answers."""
    if isinstance(value, dict):
        return {k: (REDACTED if k in SECRET_KEYS and v else redact(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(item) for item in value]
    return value


def costs_of(body: dict[str, Any]) -> list[dict[str, str]]:
    """What a Start request will be billed for, in words (R13, R19)."""
    costs = []
    if body.get("WithTranscoding") == 1:
        costs.append(
            {
                "kind": "transcoding",
                "message": _(
                    "Mixing transcodes the video: Tencent bills transcoding for as long as "
                    "the task runs."
                ),
            }
        )
    else:
        costs.append(
            {
                "kind": "relay",
                "message": _(
                    "Single-stream relay: no transcoding fee; the upstream is relayed unchanged."
                ),
            }
        )
    third_party = [
        t.get("PublishCdnUrl", "")
        for t in body.get("PublishCdnParams") or []
        if isinstance(t, dict) and t.get("IsTencentCdn") == 0
    ]
    if third_party:
        costs.append(
            {
                "kind": "relay-fee",
                "message": _(
                    "%(count)d output(s) go to a non-Tencent CDN (IsTencentCdn 0): relay fees "
                    "apply, and on the Chinese mainland site Tencent support must enable it "
                    "(R19)."
                )
                % {"count": len(third_party)},
            }
        )
    costs.append({"kind": "audio", "message": _("Audio is always transcoded, free of charge.")})
    return costs


def check_launch(*, app: AppProfile, request: Any, preset: Preset | None = None) -> dict[str, Any]:
    """What start_task would send, its problems and its costs, without sending it."""
    if not isinstance(request, dict):
        raise MixStudioError(_("request must be a JSON object."), field="request")
    body = build_start_body(app, request, preset)
    problems = request_rules.check_start(body, image_hosts=image_hosts_for(backends.backend_name()))
    return {
        "valid": not any(p.severity == ERROR for p in problems),
        "problems": problems_payload(problems),
        "request": redact(body),
        "costs": costs_of(body),
    }


# -- the three actions ------------------------------------------------------


def start_task(
    *, app: AppProfile, request: Any, user: AbstractBaseUser | None, preset: Preset | None = None
) -> MixTask:
    if not isinstance(request, dict):
        raise MixStudioError(_("request must be a JSON object."), field="request")
    backend = backends.ensure_configured()
    body = build_start_body(app, request, preset)
    _refuse_errors(request_rules.check_start(body, image_hosts=image_hosts_for(backend)))
    task = MixTask.objects.create(
        app_profile=app,
        room_id=body["RoomId"],
        room_id_type=body["RoomIdType"],
        backend=backend,
        status=MixTask.Status.STARTING,
        params=redact(body),
        preset=preset,
        started_by=acting_user(user),
    )
    with CallLog(task, user) as log:
        client = backends.client_for(app, on_attempt=log.record)
        try:
            result = client.start(body)
        except CloudError as error:
            _fail(task, MixTask.Status.FAILED, error, log)
            raise
        except CloudUnreachable as error:
            # It may be running without us knowing its TaskId: say so, don't guess.
            status = MixTask.Status.UNKNOWN if error.maybe_delivered else MixTask.Status.FAILED
            _fail(task, status, error, log)
            raise
        task.task_id = result.task_id
        task.status = MixTask.Status.RUNNING
        task.last_error = {}
        with transaction.atomic():
            log.write()
            task.save(update_fields=["task_id", "status", "last_error", "updated_at"])
    return task


def update_task(task_pk: int, *, request: Any, user: AbstractBaseUser | None) -> MixTask:
    if not isinstance(request, dict):
        raise MixStudioError(_("request must be a JSON object."), field="request")
    task = get_task(task_pk)
    if task.status != MixTask.Status.RUNNING:
        raise TaskNotLive(
            _("Only a running task can be updated; this one is %(status)s.")
            % {"status": task.get_status_display()}
        )
    body = copy.deepcopy(request)
    body.update({"SdkAppId": task.app_profile.sdk_app_id, "TaskId": task.task_id})
    body.setdefault("WithTranscoding", task.params.get("WithTranscoding", 1))
    _explicit_cdn_flags(body)
    _sign_robots(task.app_profile, body)
    problems = request_rules.check_update(
        {**body, "SequenceNumber": task.sequence_number + 1},
        started=task.params,
        image_hosts=image_hosts_for(task.backend),
    )
    if any(p.rule in FORBIDDEN_UPDATE_RULES and p.severity == ERROR for p in problems):
        raise UpdateForbidden(
            [p for p in problems if p.rule in FORBIDDEN_UPDATE_RULES]
            + [p for p in problems if p.rule not in FORBIDDEN_UPDATE_RULES]
        )
    _refuse_errors(problems)
    with CallLog(task, user) as log:
        client = backends.client_for(task.app_profile, on_attempt=log.record)
        try:
            result = client.update(body, next_sequence=lambda: reserve_sequence_number(task.pk))
        except (CloudError, CloudUnreachable) as error:
            _note_error(task.pk, error, log)
            raise
        accepted = json.loads(result.request_body)
        _apply_accepted_update(task.pk, accepted["SequenceNumber"], accepted, log)
    return get_task(task.pk)


def plan_take(task: MixTask, *, document: Any = None, request: Any = None) -> UpdatePlan:
    """The Update that puts `document` (and the request parts given) on air exactly.

    The staged state is what is in force with VideoParams replaced by `document`
    (None keeps it) and each top-level part of `request` replaced by the one given;
    the plan says every removal explicitly, or refuses what no Update can say (R53).
    """
    if document is not None and not isinstance(document, dict):
        raise MixStudioError(_("document must be a JSON object."), field="document")
    if request is not None and not isinstance(request, dict):
        raise MixStudioError(_("request must be a JSON object."), field="request")
    staged = {**copy.deepcopy(task.params), **copy.deepcopy(request or {})}
    if document is not None:
        staged["VideoParams"] = copy.deepcopy(document)
    return update_for(task.params, staged)


def take_task(
    task_pk: int, *, document: Any = None, request: Any = None, user: AbstractBaseUser | None
) -> MixTask:
    """Put the staged document on air: the one path of the editor's Take and quick actions."""
    task = get_task(task_pk)
    plan = plan_take(task, document=document, request=request)
    if plan.problems:
        raise UpdateForbidden(list(plan.problems))
    if not plan.changes_anything:
        raise NothingToTake(_("The staged layout is already on air; nothing was sent."))
    return update_task(task_pk, request=plan.body, user=user)


def preview_take(task_pk: int, *, document: Any = None, request: Any = None) -> dict[str, Any]:
    """What take_task would send (secrets hidden) and its problems, without sending it."""
    task = get_task(task_pk)
    plan = plan_take(task, document=document, request=request)
    problems = list(plan.problems)
    body = {}
    if plan.changes_anything and not problems:
        body = {
            **plan.body,
            "SdkAppId": task.app_profile.sdk_app_id,
            "TaskId": task.task_id,
            "SequenceNumber": task.sequence_number + 1,
        }
        body.setdefault("WithTranscoding", task.params.get("WithTranscoding", 1))
        problems = request_rules.check_update(
            body, started=task.params, image_hosts=image_hosts_for(task.backend)
        )
    return {
        "changes": plan.changes_anything,
        "valid": not any(p.severity == ERROR for p in problems),
        "problems": problems_payload(problems),
        "request": redact(body),
    }


def stop_task(task_pk: int, *, user: AbstractBaseUser | None) -> MixTask:
    task = get_task(task_pk)
    if task.status in (MixTask.Status.STOPPED, MixTask.Status.FAILED) or not task.task_id:
        raise TaskNotLive(
            _("This task is already %(status)s.") % {"status": task.get_status_display()}
        )
    previous = task.status
    MixTask.objects.filter(pk=task.pk).update(status=MixTask.Status.STOPPING)
    with CallLog(task, user) as log:
        client = backends.client_for(task.app_profile, on_attempt=log.record)
        try:
            client.stop({"SdkAppId": task.app_profile.sdk_app_id, "TaskId": task.task_id})
        except CloudError as error:
            _fail(task, previous, error, log)
            raise
        except CloudUnreachable as error:
            _fail(task, MixTask.Status.UNKNOWN, error, log)
            raise
        with transaction.atomic():
            log.write()
            MixTask.objects.filter(pk=task.pk).update(
                status=MixTask.Status.STOPPED, stopped_at=timezone.now(), last_error={}
            )
    return get_task(task.pk)


# -- sequence numbers ---------------------------------------------------------


def reserve_sequence_number(task_pk: int) -> int:
    """A number no other update of this task has been or will be given (R51).

    Taken under a row lock (SQLite: the immediate transaction's write lock),
    so concurrent updates never send the same number. Reserving does not
    advance `sequence_number`, which moves only when the cloud accepts.
    """
    with transaction.atomic():
        task = (
            MixTask.objects.select_for_update()
            .only("sequence_reserved", "sequence_number")
            .get(pk=task_pk)
        )
        number = max(task.sequence_reserved, task.sequence_number) + 1
        MixTask.objects.filter(pk=task_pk).update(sequence_reserved=number)
    return number


def _apply_accepted_update(task_pk: int, number: int, body: dict[str, Any], log: CallLog) -> None:
    with transaction.atomic():
        log.write()
        task = MixTask.objects.select_for_update().get(pk=task_pk)
        task.params = merge_update(task.params, redact(body))
        task.sequence_number = max(task.sequence_number, number)
        task.last_error = {}
        task.save(update_fields=["params", "sequence_number", "last_error", "updated_at"])


# -- helpers --------------------------------------------------------------------


def get_task(task_pk: int) -> MixTask:
    try:
        task = MixTask.objects.select_related("app_profile").get(pk=task_pk)
    except MixTask.DoesNotExist:
        raise NotFound(_("There is no task %(id)s.") % {"id": task_pk}) from None
    # An emulator task may have ended on its own (MaxIdleTime, R29) since it was last read.
    return lifecycle.follow_sandbox(task)


def app_for(sdk_app_id: Any) -> AppProfile:
    """The app profile a request names, or the emulator's own when it names none."""
    if sdk_app_id is None and backends.backend_name() == backends.SANDBOX:
        return backends.sandbox_app()
    if not isinstance(sdk_app_id, int) or isinstance(sdk_app_id, bool):
        raise MixStudioError(
            _("SdkAppId must be the integer ID of a configured app profile."),
            field="request.SdkAppId",
        )
    try:
        return AppProfile.objects.get(sdk_app_id=sdk_app_id)
    except AppProfile.DoesNotExist:
        if (
            backends.backend_name() == backends.SANDBOX
            and sdk_app_id == settings.MIX_SANDBOX_SDK_APP_ID
        ):
            return backends.sandbox_app()
        raise MixStudioError(
            _("No app profile has SdkAppId %(id)d; add it in the admin.") % {"id": sdk_app_id},
            field="request.SdkAppId",
        ) from None


def _refuse_errors(problems: list[Problem]) -> None:
    if any(p.severity == ERROR for p in problems):
        raise RequestInvalid(problems)


class CallLog:
    """The audit log of one action: a TaskEvent for every attempt, stamped when it ended.

    The last attempt's event is written in the same transaction as the task
    change it leads to, one commit where there were two; an attempt that was
    retried is written as soon as the next one is recorded, and leaving the
    `with` block writes whatever is still pending, whatever went wrong.
    """

    def __init__(self, task: MixTask, user: AbstractBaseUser | None) -> None:
        self.task = task
        self.user = acting_user(user)
        self.pending: TaskEvent | None = None

    def __enter__(self) -> CallLog:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.write()

    def record(self, attempt: CallRecord) -> None:
        self.write()
        try:
            sent = json.loads(attempt.body)
        except ValueError:
            sent = {}
        self.pending = TaskEvent(
            task=self.task,
            kind=TaskEvent.Kind.CALL,
            action=attempt.action,
            request=redact(sent),
            response=redact(attempt.response),
            request_id=attempt.request_id,
            error_code=attempt.error_code,
            sequence_number=sent.get("SequenceNumber") if isinstance(sent, dict) else None,
            latency_ms=attempt.latency_ms,
            user=self.user,
            created_at=timezone.now(),
        )

    def write(self) -> None:
        if self.pending is not None:
            event, self.pending = self.pending, None
            event.save()


def _error_summary(error: Exception) -> dict[str, Any]:
    if isinstance(error, CloudError):
        return {
            "code": error.cloud_code,
            "message": error.cloud_message,
            "request_id": error.request_id,
        }
    return {
        "code": "NetworkError",
        "message": str(error),
        "maybe_delivered": getattr(error, "maybe_delivered", True),
    }


def _fail(task: MixTask, status: str, error: Exception, log: CallLog) -> None:
    with transaction.atomic():
        log.write()
        MixTask.objects.filter(pk=task.pk).update(
            status=status, last_error=_error_summary(error), updated_at=timezone.now()
        )


def _note_error(task_pk: int, error: Exception, log: CallLog) -> None:
    with transaction.atomic():
        log.write()
        MixTask.objects.filter(pk=task_pk).update(
            last_error=_error_summary(error), updated_at=timezone.now()
        )
