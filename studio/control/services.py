"""start_task / update_task / stop_task: the only way the app changes a live mix.

Each builds the request body, checks it with the same rules the emulator
enforces before anything is sent, calls the cloud through the client (which
records every attempt in the task's event log, before it leaves and when its
answer comes), and stores what the cloud accepted — never more.

A call whose answer is slow is not abandoned: the producer's request answers
202 after MIX_CLOUD_WAIT_SECONDS and the answer is still read, and recorded
when it comes (studio/deadline.py). The task states and what moves a task
between them are described on `studio.control.models.MixTask`; what can be learnt
about a task whose outcome is unknown is in studio/reconcile.py.
"""

from __future__ import annotations

import copy
import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from layouts.core import show
from layouts.core.contract import bodies
from layouts.core.contract.bodies import START, STOP, UPDATE
from layouts.core.contract.problems import ERROR, Problem
from layouts.core.rules import request as request_rules
from layouts.core.rules.document import ImageHosts
from layouts.core.storable import storable_copy
from layouts.core.updates import UpdatePlan, merge_update, update_for
from layouts.errors import (
    MixStudioError,
    NotFound,
    ProblemsRefused,
    first_error,
    problems_payload,
)
from layouts.models import Preset
from layouts.services import acting_user
from studio import deadline, redaction
from studio.cloud import backends, usersig
from studio.cloud.client import CallRecord, TrtcClient
from studio.cloud.emulator import lifecycle
from studio.cloud.errors import ALREADY_STOPPED_CODES, SEAT_TAKEN_CODE, CloudError, CloudUnreachable
from studio.control.models import LIVE_STATUSES, AppProfile, MixTask, TaskEvent

ROBOT_PREFIX = "mixstudio_robot_"  # R9: a reserved prefix keeps robots apart from people
FORBIDDEN_UPDATE_RULES = frozenset({"R23", "R54", "R55"})  # what Update may never change
REDACTED = redaction.MASK
T = TypeVar("T")
log = logging.getLogger(__name__)


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


class RobotSeated(MixStudioError):
    """R9: a robot of this Start already sits in its room, for one of our tasks or another."""

    status_code = 409
    code = "robot-seated"

    def __init__(
        self,
        seat: tuple[str, str, int | None, str],
        holder: MixTask | None,
        cloud: CloudError | None = None,
    ) -> None:
        path, room_id, _room_type, user_id = seat
        if holder is not None:
            message = _(
                'Robot "%(robot)s" is already in room %(room)s for task #%(task)d (%(status)s). '
                "Stop that task first, or give this one another robot UserId (R9)."
            ) % {
                "robot": user_id,
                "room": room_id,
                "task": holder.pk,
                "status": holder.get_status_display(),
            }
        else:
            message = _(
                'Robot "%(robot)s" is already in room %(room)s for a task Mix Studio did not '
                "start. Stop it where it was started, or give this one another robot UserId (R9)."
            ) % {"robot": user_id, "room": room_id}
        super().__init__(message, field=f"request.{path}")
        self.holder = holder
        self.cloud = cloud

    def payload(self) -> dict[str, Any]:
        body = super().payload()
        body["holder"] = (
            {
                "id": self.holder.pk,
                "status": self.holder.status,
                "task_id": self.holder.task_id,
                "room_id": self.holder.room_id,
                "page": f"/tasks/{self.holder.pk}/",
                "stop": f"/api/tasks/{self.holder.pk}/stop/",
            }
            if self.holder is not None
            else None
        )
        if self.cloud is not None:
            body.update({"cloud_code": self.cloud.cloud_code, "request_id": self.cloud.request_id})
        return body


class AwaitingAnswer(MixStudioError):
    """The call left but its answer has not come yet; it is recorded when it does."""

    status_code = 202
    code = "awaiting-answer"

    def __init__(self, task_pk: int, waited: float) -> None:
        super().__init__(
            _(
                "The cloud has not answered within %(seconds)s s. The answer is still awaited "
                "and recorded when it comes; the task page shows it."
            )
            % {"seconds": f"{waited:g}"}
        )
        self.task_pk = task_pk


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


def launch_show(
    request: dict[str, Any], preset: Preset | None, *, fill_from_preset: bool = True
) -> dict[str, Any]:
    """The request to launch: the preset's whole show under the parts the request gives.

    Each top-level part the request gives replaces the preset's whole; with
    `fill_from_preset` off the preset is only recorded as the task's source
    (the launch page sends the whole body it shows). Our own part (the outputs
    turned off, `show.APP_KEY`) is still in it.
    """
    if preset is None or not fill_from_preset:
        return copy.deepcopy(request)
    base = show.start_body(preset.document, preset.request)
    if show.APP_KEY in preset.request and show.APP_KEY not in request:
        base[show.APP_KEY] = copy.deepcopy(preset.request[show.APP_KEY])
    return {**base, **copy.deepcopy(request)}


def build_start_body(
    app: AppProfile,
    request: dict[str, Any],
    preset: Preset | None,
    *,
    fill_from_preset: bool = True,
) -> dict[str, Any]:
    body = show.without_app_part(launch_show(request, preset, fill_from_preset=fill_from_preset))
    body["SdkAppId"] = app.sdk_app_id
    body.setdefault("WithTranscoding", 1)
    agent = body.setdefault("AgentParams", {})
    if isinstance(agent, dict) and isinstance(body.get("RoomId"), str):
        agent.setdefault("UserId", robot_user_id(body["RoomId"]))
    _explicit_cdn_flags(body)
    _sign_robots(app, body)
    return body


def _listed(body: dict[str, Any], key: str) -> list[Any]:
    # The rules name a non-list here; building the body must not trip over it first.
    value = body.get(key)
    return value if isinstance(value, list) else []


def _explicit_cdn_flags(body: dict[str, Any]) -> None:
    # R19: the default is 1, but the fee depends on it; always send it.
    for target in _listed(body, "PublishCdnParams"):
        if isinstance(target, dict):
            target.setdefault("IsTencentCdn", 1)


def _sign_robots(app: AppProfile, body: dict[str, Any]) -> None:
    """Fill missing UserSigs of the robot and push-back robots when the app holds the key.

    A UserSig shown as the mask (a body read back from storage) counts as missing.
    """
    robots = [body.get("AgentParams"), *_listed(body, "FeedBackRoomParams")]
    for robot in robots:
        if not isinstance(robot, dict):
            continue
        if robot.get("UserSig") == REDACTED:
            robot.pop("UserSig")
        if robot.get("UserSig"):
            continue
        user_id = robot.get("UserId")
        if isinstance(user_id, str) and app.has_sdk_secret_key:
            robot["UserSig"] = usersig.gen_usersig(app.sdk_app_id, user_id, app.sdk_secret_key)


def redact(value: Any) -> Any:
    """A copy with every secret masked, by name and by shape, for answers, pages and logs."""
    return redaction.redact(value)


def stored(value: Any) -> Any:
    """A copy fit to keep: no credential, push URLs whole (the app must send them again)."""
    return redaction.strip_credentials(value)


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
        for t in _listed(body, "PublishCdnParams")
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


def launch_problems(request: dict[str, Any], body: dict[str, Any], backend: str) -> list[Problem]:
    """Every problem of a launch: the Start body's, UserSigs read now (R11), our own part's."""
    problems = request_rules.check_start(
        body, image_hosts=image_hosts_for(backend), now=time.time()
    )
    if show.APP_KEY in request:
        problems.extend(request_rules.check_app_part(request[show.APP_KEY]))
    return problems


def launch_outputs_off(
    request: dict[str, Any], preset: Preset | None, body: dict[str, Any], *, fill_from_preset: bool
) -> list[Any]:
    """The outputs the task starts with turned off: not sent, kept to be turned on live."""
    wanted = show.outputs_off(launch_show(request, preset, fill_from_preset=fill_from_preset))
    on = set(bodies.cdn_urls(body))
    return [
        output
        for output in wanted
        if not (isinstance(output, dict) and output.get("PublishCdnUrl") in on)
    ]


def check_launch(
    *, app: AppProfile, request: Any, preset: Preset | None = None, fill_from_preset: bool = True
) -> dict[str, Any]:
    """What start_task would send, its problems and its costs, without sending it."""
    if not isinstance(request, dict):
        raise MixStudioError(_("request must be a JSON object."), field="request")
    body = build_start_body(app, request, preset, fill_from_preset=fill_from_preset)
    problems = launch_problems(request, body, backends.backend_name())
    off = launch_outputs_off(request, preset, body, fill_from_preset=fill_from_preset)
    return {
        "valid": not any(p.severity == ERROR for p in problems),
        "problems": problems_payload(problems),
        "request": redact(body),
        "outputs_off": redact(off),
        "costs": costs_of(body),
    }


# -- the three actions ------------------------------------------------------


def start_task(
    *,
    app: AppProfile,
    request: Any,
    user: AbstractBaseUser | None,
    preset: Preset | None = None,
    fill_from_preset: bool = True,
) -> MixTask:
    if not isinstance(request, dict):
        raise MixStudioError(_("request must be a JSON object."), field="request")
    backend = backends.ensure_configured()
    body = build_start_body(app, request, preset, fill_from_preset=fill_from_preset)
    _refuse_errors(launch_problems(request, body, backend))
    off = launch_outputs_off(request, preset, body, fill_from_preset=fill_from_preset)
    # Refused here rather than sent: the cloud may take a second robot with the
    # same UserId by kicking the first out, which ends that task (R9).
    seat, holder = seat_holder(app, body)
    if holder is not None:
        raise RobotSeated(seat, holder)
    agent = body.get("AgentParams")
    with transaction.atomic():
        task = MixTask.objects.create(
            app_profile=app,
            room_id=body["RoomId"],
            room_id_type=body["RoomIdType"],
            robot_user_id=agent.get("UserId", "")[:64] if isinstance(agent, dict) else "",
            backend=backend,
            status=MixTask.Status.STARTING,
            params=stored(body),
            outputs_off=stored(off),
            preset=preset,
            started_by=acting_user(user),
        )
        calls = CallLog(task.pk, user)
        calls.prepare(START, body)
    client = cloud_client(task, calls)
    with calls:
        try:
            result = call_cloud(
                client, lambda: client.start(body), on_late=_late_start(task.pk, calls)
            )
        except deadline.AnswerPending as pending:
            raise AwaitingAnswer(task.pk, pending.waited) from None
        except (CloudError, CloudUnreachable) as error:
            _start_failed(task.pk, error, calls)
            raise _as_seat_clash(app, body, error) or error from None
        record_started(task.pk, result.task_id, calls)
    return get_task(task.pk)


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
    if "PublishCdnParams" in body:
        # An output sent back as the page shows it (secret masked) keeps its real URL.
        body["PublishCdnParams"] = redaction.restore_masked_urls(
            body["PublishCdnParams"], bodies.cdn_urls(task.params)
        )
    _explicit_cdn_flags(body)
    _sign_robots(task.app_profile, body)
    problems = request_rules.check_update(
        {**body, "SequenceNumber": task.sequence_number + 1},
        started=task.params,
        image_hosts=image_hosts_for(task.backend),
        now=time.time(),
    )
    if any(p.rule in FORBIDDEN_UPDATE_RULES and p.severity == ERROR for p in problems):
        raise UpdateForbidden(
            [p for p in problems if p.rule in FORBIDDEN_UPDATE_RULES]
            + [p for p in problems if p.rule not in FORBIDDEN_UPDATE_RULES]
        )
    _refuse_errors(problems)
    calls = CallLog(task.pk, user)
    client = cloud_client(task, calls)
    with calls:
        try:
            result = call_cloud(
                client,
                lambda: client.update(
                    body, next_sequence=lambda: reserve_sequence_number(task.pk, calls, body)
                ),
                on_late=_late_update(task.pk, calls),
            )
        except deadline.AnswerPending as pending:
            raise AwaitingAnswer(task.pk, pending.waited) from None
        except (CloudError, CloudUnreachable) as error:
            _update_failed(task.pk, error, calls)
            raise
        accepted = json.loads(result.request_body)
        apply_accepted_update(task.pk, accepted["SequenceNumber"], accepted, calls)
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
    given = show.without_app_part(request or {})
    staged = {**copy.deepcopy(task.params), **copy.deepcopy(given)}
    if "PublishCdnParams" in given:
        # Outputs sent back as the page shows them (secret masked) are the ones in force
        # or turned off: each keeps its real URL.
        staged["PublishCdnParams"] = redaction.restore_masked_urls(
            staged["PublishCdnParams"], known_cdn_urls(task)
        )
    if document is not None:
        staged["VideoParams"] = copy.deepcopy(document)
    return update_for(task.params, staged)


def known_cdn_urls(task: MixTask) -> list[str]:
    """Every URL the task pushes to or keeps turned off: what a masked URL may stand for."""
    return [*bodies.cdn_urls(task.params), *bodies.cdn_urls({"PublishCdnParams": task.outputs_off})]


def staged_outputs_off(task: MixTask, request: Any) -> list[Any] | None:
    """The outputs to keep turned off after a take, or None when the take leaves them.

    They come in `request` under our own key (`show.APP_KEY`), as the page shows
    them (a masked URL is the one kept); an output that is also on is not off.
    """
    if not isinstance(request, dict) or show.APP_KEY not in request:
        return None
    problems = list(request_rules.check_app_part(request[show.APP_KEY]))
    if any(p.severity == ERROR for p in problems):
        raise RequestInvalid(problems)
    known = known_cdn_urls(task)
    off = redaction.restore_masked_urls(show.outputs_off(request), known)
    targets = request.get("PublishCdnParams", task.params.get("PublishCdnParams"))
    on = set(bodies.cdn_urls({"PublishCdnParams": redaction.restore_masked_urls(targets, known)}))
    return [o for o in off if not (isinstance(o, dict) and o.get("PublishCdnUrl") in on)]


def take_task(
    task_pk: int, *, document: Any = None, request: Any = None, user: AbstractBaseUser | None
) -> MixTask:
    """Put the staged state on air: the one path of the editor's Take and quick actions.

    The outputs turned off (`request`'s own part) are kept once the Update is
    accepted; a take that only changes them sends nothing.
    """
    task = get_task(task_pk)
    plan = plan_take(task, document=document, request=request)
    off = staged_outputs_off(task, request)
    if plan.problems:
        raise UpdateForbidden(list(plan.problems))
    if not plan.changes_anything:
        if off is not None and off != task.outputs_off:
            return keep_outputs_off(task.pk, off)
        raise NothingToTake(_("The staged layout is already on air; nothing was sent."))
    task = update_task(task_pk, request=plan.body, user=user)
    return keep_outputs_off(task.pk, off) if off is not None else task


def keep_outputs_off(task_pk: int, outputs: list[Any]) -> MixTask:
    MixTask.objects.filter(pk=task_pk).update(
        outputs_off=stored(outputs), updated_at=timezone.now()
    )
    return get_task(task_pk)


def preview_take(task_pk: int, *, document: Any = None, request: Any = None) -> dict[str, Any]:
    """What take_task would send (secrets hidden) and its problems, without sending it."""
    task = get_task(task_pk)
    plan = plan_take(task, document=document, request=request)
    off = staged_outputs_off(task, request)
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
        "outputs_off": redact(task.outputs_off if off is None else off),
    }


def stop_task(task_pk: int, *, user: AbstractBaseUser | None) -> MixTask:
    """Stop it, from any live state: `starting` and `unknown` included.

    Without a TaskId there is nothing to send a Stop for: the task is
    reconciled first, and if its TaskId is still unknown it is marked
    `stop_wanted` and stopped when a relay callback names it.
    """
    task = get_task(task_pk)
    if task.status in (MixTask.Status.STOPPED, MixTask.Status.FAILED):
        raise TaskNotLive(
            _("This task is already %(status)s.") % {"status": task.get_status_display()}
        )
    if not task.task_id:
        from studio.control import reconcile

        MixTask.objects.filter(pk=task.pk).update(stop_wanted=True)
        report = reconcile.reconcile_task(task.pk, user=user, purpose=reconcile.FOR_STOP)
        task = get_task(task_pk)
        if task.status in (MixTask.Status.STOPPED, MixTask.Status.FAILED):
            return task
        if not task.task_id:
            raise reconcile.TaskIdUnknown(report)
    return send_stop(task, user)


def send_stop(task: MixTask, user: AbstractBaseUser | None) -> MixTask:
    previous = task.status
    body = {"SdkAppId": task.app_profile.sdk_app_id, "TaskId": task.task_id}
    calls = CallLog(task.pk, user)
    with transaction.atomic():
        MixTask.objects.filter(pk=task.pk).update(status=MixTask.Status.STOPPING, stop_wanted=True)
        calls.prepare(STOP, body)
    client = cloud_client(task, calls)
    with calls:
        try:
            call_cloud(
                client, lambda: client.stop(body), on_late=_late_stop(task.pk, previous, calls)
            )
        except deadline.AnswerPending as pending:
            raise AwaitingAnswer(task.pk, pending.waited) from None
        except CloudError as error:
            _stop_refused(task.pk, previous, error, calls)
            raise
        except CloudUnreachable as error:
            _fail(task, MixTask.Status.UNKNOWN, error, calls)
            raise
        mark_stopped(task.pk, calls)
    return get_task(task.pk)


def stop_in_background(task_pk: int) -> None:
    """Send the Stop asked for while the TaskId was unknown, now that a callback named it.

    From a thread: the callback that taught us the TaskId must be answered
    within 5 s (G.1), and the Stop may take longer.
    """

    def run() -> None:
        try:
            task = get_task(task_pk)
            if task.task_id and task.stop_wanted and task.status in LIVE_STATUSES:
                send_stop(task, None)
        except MixStudioError as error:
            log.warning("The wanted stop of task %s failed: %s", task_pk, error.message)
        finally:
            connection.close()

    threading.Thread(target=run, name="wanted-stop", daemon=True).start()


# -- calling the cloud ------------------------------------------------------------


def cloud_client(task: MixTask, calls: CallLog) -> TrtcClient:
    """The client for this task's app, recording every attempt in its event log."""
    return backends.client_for(task.app_profile, on_attempt=calls.record, on_send=calls.sent)


def call_cloud(client: TrtcClient, call: Callable[[], T], *, on_late: deadline.Late) -> T:
    """`call()`, waiting at most MIX_CLOUD_WAIT_SECONDS when the answer comes over a network.

    The in-process emulator answers in this thread, before anything could be lost.
    """
    if not backends.answers_may_be_late(client):
        return call()
    return deadline.call_within(call, wait=settings.MIX_CLOUD_WAIT_SECONDS, on_late=on_late)


def _late_start(task_pk: int, calls: CallLog) -> deadline.Late:
    def record(result: Any, error: BaseException | None) -> None:
        if error is None:
            record_started(task_pk, result.task_id, calls)
            task = get_task(task_pk)
            if task.stop_wanted and task.status == MixTask.Status.RUNNING:
                send_stop(task, None)  # asked for while the answer was on its way
        elif isinstance(error, (CloudError, CloudUnreachable)):
            _start_failed(task_pk, error, calls)

    return record


def _late_update(task_pk: int, calls: CallLog) -> deadline.Late:
    def record(result: Any, error: BaseException | None) -> None:
        if error is None:
            accepted = json.loads(result.request_body)
            apply_accepted_update(task_pk, accepted["SequenceNumber"], accepted, calls)
        elif isinstance(error, (CloudError, CloudUnreachable)):
            _update_failed(task_pk, error, calls)

    return record


def _late_stop(task_pk: int, previous: str, calls: CallLog) -> deadline.Late:
    def record(result: Any, error: BaseException | None) -> None:
        if error is None:
            mark_stopped(task_pk, calls)
        elif isinstance(error, CloudError):
            _stop_refused(task_pk, previous, error, calls)
        elif isinstance(error, CloudUnreachable):
            _fail(get_task(task_pk), MixTask.Status.UNKNOWN, error, calls)

    return record


# -- what the answers change ----------------------------------------------------------


def record_started(task_pk: int, task_id: str, calls: CallLog | None = None) -> None:
    """The TaskId is known: the task runs. Written with the answer that brought it."""
    with transaction.atomic():
        if calls is not None:
            calls.write()
        task = MixTask.objects.select_for_update().get(pk=task_pk)
        if task.task_id and task.task_id != task_id:
            return  # a resent Start whose first one is known; never lose the first TaskId
        task.task_id = task_id
        if task.status in (MixTask.Status.STARTING, MixTask.Status.UNKNOWN):
            task.status = MixTask.Status.RUNNING
            task.last_error = {}
        task.save(update_fields=["task_id", "status", "last_error", "updated_at"])


def mark_stopped(task_pk: int, calls: CallLog | None = None) -> None:
    """Stopped: confirmed by the cloud, or it told us the task had already ended.

    The "already ended" answer is how a task stops, not an error of it: it is
    not kept as the task's last error.
    """
    with transaction.atomic():
        if calls is not None:
            calls.write()
        MixTask.objects.filter(pk=task_pk).update(
            status=MixTask.Status.STOPPED,
            stopped_at=timezone.now(),
            last_error={},
            stop_wanted=False,
            updated_at=timezone.now(),
        )


def _start_failed(task_pk: int, error: Exception, calls: CallLog) -> None:
    # It may be running without us knowing its TaskId: say so, don't guess.
    unknown = isinstance(error, CloudUnreachable) and error.maybe_delivered
    status = MixTask.Status.UNKNOWN if unknown else MixTask.Status.FAILED
    with transaction.atomic():
        calls.write()
        MixTask.objects.filter(pk=task_pk, task_id="").update(
            status=status, last_error=_error_summary(error), updated_at=timezone.now()
        )


def _stop_refused(task_pk: int, previous: str, error: CloudError, calls: CallLog) -> None:
    # Refused, not lost: the producer sees why and decides; nothing is left wanted.
    with transaction.atomic():
        calls.write()
        MixTask.objects.filter(pk=task_pk).update(
            status=previous,
            stop_wanted=False,
            last_error=_error_summary(error),
            updated_at=timezone.now(),
        )


def _update_failed(task_pk: int, error: Exception, calls: CallLog | None = None) -> None:
    if isinstance(error, CloudError) and error.cloud_code in ALREADY_STOPPED_CODES:
        # R52: the cloud no longer runs it (ended by MaxIdleTime, or stopped elsewhere).
        mark_stopped(task_pk, calls)
        return
    _note_error(task_pk, error, calls)


def seat_holder(
    app: AppProfile, body: dict[str, Any], *, exclude: int | None = None
) -> tuple[tuple[str, str, int | None, str], MixTask | None]:
    """The first robot seat of `body` and our live task that holds it (R9), if any."""
    seats = bodies.robot_seats(body)
    if not seats:
        return ("AgentParams.UserId", "", None, ""), None
    wanted = {(seat[1], seat[2], seat[3]): seat for seat in seats}
    live = MixTask.objects.filter(app_profile=app, status__in=LIVE_STATUSES).order_by("-id")
    if exclude is not None:
        live = live.exclude(pk=exclude)
    for task in live.only("params", "status", "task_id", "room_id", "room_id_type"):
        for _path, room, room_type, user in bodies.robot_seats(task.params):
            if (room, room_type, user) in wanted:
                return wanted[(room, room_type, user)], task
    return seats[0], None


def _as_seat_clash(app: AppProfile, body: dict[str, Any], error: Exception) -> RobotSeated | None:
    """The cloud's R9 refusal as RobotSeated, naming our task that holds the seat.

    Our own checks of the UserId (R10) passed before sending, so the cloud's
    InvalidParameter.UserId is the seat being taken.
    """
    if not isinstance(error, CloudError) or error.cloud_code != SEAT_TAKEN_CODE:
        return None
    seat, holder = seat_holder(app, body)
    return RobotSeated(seat, holder, cloud=error)


# -- sequence numbers ---------------------------------------------------------


def reserve_sequence_number(
    task_pk: int, calls: CallLog | None = None, body: dict[str, Any] | None = None
) -> int:
    """A number no other update of this task has been or will be given (R51).

    Taken under a row lock (SQLite: the immediate transaction's write lock),
    so concurrent updates never send the same number. Reserving does not
    advance `sequence_number`, which moves only when the cloud accepts. With
    `calls`, the update about to leave with this number is logged in the same
    commit (and the previous attempt's answer with it).
    """
    with transaction.atomic():
        task = (
            MixTask.objects.select_for_update()
            .only("sequence_reserved", "sequence_number")
            .get(pk=task_pk)
        )
        number = max(task.sequence_reserved, task.sequence_number) + 1
        MixTask.objects.filter(pk=task_pk).update(sequence_reserved=number)
        if calls is not None:
            calls.write()
            calls.prepare(UPDATE, {**(body or {}), "SequenceNumber": number})
    return number


def apply_accepted_update(
    task_pk: int, number: int, body: dict[str, Any], calls: CallLog | None = None
) -> None:
    """Make an accepted update part of the parameters in force, in SequenceNumber order.

    The cloud applies updates in increasing SequenceNumber (R51), but their
    answers may reach us in any order. `sequence_number` is the number of the
    parameters in force: an update at or below it arrives late, so what it
    changed is applied under every accepted update above it, which the event
    log holds, and an older value never overwrites a newer one.
    """
    with transaction.atomic():
        if calls is not None:
            calls.write()
        task = MixTask.objects.select_for_update().get(pk=task_pk)
        if number > task.sequence_number:
            task.params = merge_update(task.params, stored(body))
            task.sequence_number = number
        else:
            newer = accepted_updates(task, above=number)
            if any(event.sequence_number == number for event in newer):
                return  # the same update, applied already
            params = merge_update(task.params, stored(body))
            for event in newer:
                params = merge_update(params, event.request)
            task.params = params
        if task.status in (MixTask.Status.UNKNOWN, MixTask.Status.STARTING) and task.task_id:
            task.status = MixTask.Status.RUNNING  # an accepted update proves it runs
        task.last_error = {}
        task.save(update_fields=["params", "sequence_number", "status", "last_error", "updated_at"])


def accepted_updates(task: MixTask, *, above: int) -> list[TaskEvent]:
    """Updates the cloud accepted with a number above `above`, one per number, in order."""
    events = task.events.filter(
        action="UpdatePublishCdnStream",
        kind__in=(TaskEvent.Kind.CALL, TaskEvent.Kind.RECONCILE),
        error_code="",
        awaiting_answer=False,
        sequence_number__gt=above,
        sequence_number__lte=task.sequence_number,
    ).order_by("sequence_number", "id")
    unique: dict[int, TaskEvent] = {}
    for event in events:
        unique.setdefault(event.sequence_number, event)
    return list(unique.values())


# -- helpers --------------------------------------------------------------------


MAX_ID = 2**63 - 1  # the largest key any database here stores


def get_task(task_pk: int) -> MixTask:
    try:
        if not 0 < int(task_pk) <= MAX_ID:
            raise MixTask.DoesNotExist
        task = MixTask.objects.select_related("app_profile").get(pk=task_pk)
    except (MixTask.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("There is no task %(id)s.") % {"id": str(task_pk)[:40]}) from None
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
    except (AppProfile.DoesNotExist, OverflowError):
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
    """The audit log of one action: a TaskEvent for every attempt.

    Each attempt's event is written before it leaves, in the commit that
    notes the intent (the task created as starting, the SequenceNumber
    reserved, the task marked stopping), so that a crash while the answer is
    on its way leaves a record of what was sent (`awaiting_answer`). The
    answer is written in the transaction of the task change it leads to, the
    TaskId of a Start's answer with it; an attempt that was retried is written
    when the next one leaves, and leaving the `with` block writes whatever is
    still pending. With `batched=False` each answer is written at once.
    """

    def __init__(
        self, task: MixTask | int, user: AbstractBaseUser | None, *, batched: bool = True
    ) -> None:
        self.task_pk = task.pk if isinstance(task, MixTask) else task
        self.user = acting_user(user)
        self.batched = batched
        self.prepared: list[int] = []
        self.pending: TaskEvent | None = None
        self.task_id = ""
        # A late answer is recorded from the thread still reading it (studio/deadline.py).
        self.lock = threading.Lock()

    def __enter__(self) -> CallLog:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.write()

    def prepare(self, action: str, sent: dict[str, Any]) -> None:
        """Write the event of the attempt about to leave; call it inside the intent's commit."""
        event = TaskEvent.objects.create(
            task_id=self.task_pk,
            kind=TaskEvent.Kind.CALL,
            action=action,
            request=stored(sent),
            sequence_number=_sequence_of(sent),
            awaiting_answer=True,
            user=self.user,
        )
        self.prepared.append(event.pk)

    def sent(self, attempt: CallRecord) -> None:
        """on_send: the attempt takes its prepared event, or gets one now (a retry)."""
        if not self.prepared:
            with transaction.atomic():
                self.write()
                self.prepare(attempt.action, _parsed(attempt.body))
        attempt.ref = self.prepared.pop(0)

    def record(self, attempt: CallRecord) -> None:
        """on_attempt: the answer (or its absence) of one attempt, written with what follows."""
        sent = _parsed(attempt.body)
        event = TaskEvent.objects.filter(pk=attempt.ref).first() if attempt.ref else None
        if event is None:
            event = TaskEvent(
                task_id=self.task_pk,
                kind=TaskEvent.Kind.CALL,
                action=attempt.action,
                user=self.user,
                created_at=timezone.now(),
            )
        event.request = stored(sent)
        event.sequence_number = _sequence_of(sent)
        event.response = stored(attempt.response)
        event.request_id = attempt.request_id[:64]
        event.error_code = attempt.error_code[:100]
        event.latency_ms = attempt.latency_ms
        # Interrupted before any answer (the app being stopped): the outcome is unknown.
        event.awaiting_answer = not attempt.answered and not attempt.error_code
        task_id = attempt.response.get("TaskId") if not attempt.error_code else None
        self.write()
        with self.lock:
            self.pending = event
            if attempt.action == START and isinstance(task_id, str) and task_id:
                self.task_id = task_id
        if not self.batched:
            self.write()

    def write(self) -> None:
        with self.lock:
            event, self.pending = self.pending, None
            task_id, self.task_id = self.task_id, ""
        if event is None:
            return
        with transaction.atomic():
            event.save()
            if task_id:
                MixTask.objects.filter(pk=self.task_pk, task_id="").update(task_id=task_id)


def _parsed(body: bytes) -> dict[str, Any]:
    try:
        sent = json.loads(body)
    except ValueError:
        return {}
    return sent if isinstance(sent, dict) else {}


def _sequence_of(sent: dict[str, Any]) -> int | None:
    number = sent.get("SequenceNumber")
    return number if isinstance(number, int) and not isinstance(number, bool) else None


def _error_summary(error: Exception) -> dict[str, Any]:
    if isinstance(error, CloudError):
        summary: dict[str, Any] = {
            "code": error.cloud_code,
            "message": error.cloud_message,
            "request_id": error.request_id,
        }
    else:
        summary = {
            "code": "NetworkError",
            "message": str(error),
            "maybe_delivered": getattr(error, "maybe_delivered", True),
        }
    return storable_copy(redact(summary))


def _fail(task: MixTask, status: str, error: Exception, calls: CallLog | None = None) -> None:
    with transaction.atomic():
        if calls is not None:
            calls.write()
        MixTask.objects.filter(pk=task.pk).update(
            status=status, last_error=_error_summary(error), updated_at=timezone.now()
        )


def _note_error(task_pk: int, error: Exception, calls: CallLog | None = None) -> None:
    with transaction.atomic():
        if calls is not None:
            calls.write()
        MixTask.objects.filter(pk=task_pk).update(
            last_error=_error_summary(error), updated_at=timezone.now()
        )
