"""Reconcile: find out what the cloud did with a task whose outcome is not known.

The API has no call that lists or describes tasks, and a Stop needs the
TaskId, so what can be known is learnt the ways the API allows, in order:

1. The event log: a Start answer recorded with its TaskId (the app may have
   died before writing it on the task), updates the cloud accepted but the
   task does not show yet.
2. The Start sent again, re-signed. If the first one runs, its robot holds
   the seat and the cloud refuses the second (R9) without naming the first:
   the task keeps `unknown`, and a relay callback naming this room and robot
   attaches its TaskId (studio/control/callbacks.py). If nothing holds the seat, the
   first Start left nothing running and the second one now runs, TaskId known.
3. With a TaskId: the update whose answer was lost is sent again with its own
   SequenceNumber (the cloud refuses a number it has seen, R51, and the retry
   carries a fresh one), so that what is in force is known again; or an empty
   update tells whether the task still runs (accepted) or has ended
   (FailedOperation.TaskNotExist).

Every attempt goes through the same client and event log as any call, every
finding is kept as a `reconcile` event, and nothing is ever dropped: a task
whose TaskId cannot be learnt stays `unknown` with its room and robot.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from layouts.core.contract import bodies
from layouts.core.contract.bodies import START, UPDATE
from layouts.core.contract.problems import first_error
from layouts.core.rules import request as request_rules
from layouts.errors import MixStudioError
from layouts.services import acting_user
from studio import deadline
from studio.cloud.errors import ALREADY_STOPPED_CODES, SEAT_TAKEN_CODE, CloudError, CloudUnreachable
from studio.control.models import FINAL_STATUSES, MixTask, TaskEvent
from studio.control.selectors import get_task, seat_holder
from studio.control.services import answers, launch, sequence, stop_call, take
from studio.control.services.build import REDACTED, image_hosts_for, redact, sign_robots
from studio.control.services.calls import (
    CallLog,
    call_cloud,
    cloud_client,
    parsed_body,
    sequence_of,
)

FOR_CHECK = "check"
FOR_STOP = "stop"


@dataclass(frozen=True)
class Finding:
    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True)
class Report:
    task_pk: int
    status: str
    task_id: str
    findings: tuple[Finding, ...]

    def payload(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "task_id_known": bool(self.task_id),
            "findings": [finding.to_dict() for finding in self.findings],
        }


class TaskIdUnknown(MixStudioError):
    """Stop asked for, but the TaskId could not be learnt yet; the stop stays wanted."""

    status_code = 409
    code = "task-id-unknown"

    def __init__(self, report: Report) -> None:
        super().__init__(
            _(
                "The cloud task's TaskId is not known yet, so no Stop can be sent. The stop "
                "is kept: it is sent as soon as a relay callback names this task's room and "
                "robot. Until then the task ends by itself once its room is empty for "
                "MaxIdleTime (R29)."
            )
        )
        self.report = report

    def payload(self) -> dict[str, Any]:
        body = super().payload()
        body.update(self.report.payload())
        body["task"] = self.report.task_pk
        return body


def reconcile_task(
    task_pk: int, *, user: AbstractBaseUser | None, purpose: str = FOR_CHECK
) -> Report:
    """Learn what can be learnt about the task, act on it, and say what was found."""
    task = get_task(task_pk)
    findings: list[Finding] = []
    if task.status in FINAL_STATUSES:
        findings.append(
            Finding(
                "final",
                _("This task is %(status)s: there is nothing left to find out.")
                % {"status": task.get_status_display()},
            )
        )
        return _report(task_pk, findings, user, purpose)
    if not task.task_id:
        _task_id_from_event_log(task, findings)
        task = get_task(task_pk)
    if not task.task_id:
        _start_again(task, user, findings, purpose)
        task = get_task(task_pk)
    if task.task_id and task.status not in FINAL_STATUSES and purpose != FOR_STOP:
        _apply_recorded_updates(task, findings)
        task = get_task(task_pk)
        if not _settle_lost_update(task, user, findings):
            _check_running(get_task(task_pk), user, findings)
        task = get_task(task_pk)
        if task.stop_wanted and task.status == MixTask.Status.RUNNING:
            _stop_as_asked(task, user, findings)
    return _report(task_pk, findings, user, purpose)


# -- 1. the event log ---------------------------------------------------------------


def _task_id_from_event_log(task: MixTask, findings: list[Finding]) -> None:
    answered = task.events.filter(
        kind=TaskEvent.Kind.CALL, action=START, error_code="", awaiting_answer=False
    ).order_by("id")
    for event in answered:
        task_id = event.response.get("TaskId") if isinstance(event.response, dict) else None
        if isinstance(task_id, str) and task_id:
            answers.record_started(task.pk, task_id)
            findings.append(
                Finding(
                    "task-id-recovered",
                    _("The Start's answer is in the event log with TaskId %(task_id)s.")
                    % {"task_id": task_id},
                )
            )
            return


def _apply_recorded_updates(task: MixTask, findings: list[Finding]) -> None:
    """Updates the event log shows accepted that the parameters in force do not hold yet."""
    recorded = task.events.filter(
        kind=TaskEvent.Kind.CALL,
        action=UPDATE,
        error_code="",
        awaiting_answer=False,
        sequence_number__gt=task.sequence_number,
    ).order_by("sequence_number", "id")
    for event in recorded:
        sequence.apply_accepted_update(task.pk, event.sequence_number, event.request)
        findings.append(
            Finding(
                "update-recorded",
                _(
                    "The cloud had accepted the update with SequenceNumber %(number)d; it is "
                    "now part of the parameters in force."
                )
                % {"number": event.sequence_number},
            )
        )


# -- 2. the Start sent again ------------------------------------------------------------


def _start_again(
    task: MixTask, user: AbstractBaseUser | None, findings: list[Finding], purpose: str
) -> None:
    if _start_answer_still_awaited(task):
        findings.append(
            Finding(
                "answer-awaited",
                _(
                    "The Start's answer is still being awaited; its TaskId is recorded when it "
                    "comes. Reconcile again in a minute."
                ),
            )
        )
        return
    body, reason = _resendable_start(task)
    if body is None:
        findings.append(Finding("cannot-resend", reason))
        MixTask.objects.filter(pk=task.pk, status=MixTask.Status.STARTING).update(
            status=MixTask.Status.UNKNOWN
        )
        return
    seat, holder = seat_holder(task.app_profile, body, exclude=task.pk)
    if holder is not None:
        findings.append(
            Finding(
                "seat-held",
                _(
                    'Robot "%(robot)s" is seated for task #%(task)d, so this Start was refused '
                    "or kicked: this task does not run."
                )
                % {"robot": seat[3], "task": holder.pk},
            )
        )
        MixTask.objects.filter(pk=task.pk).update(status=MixTask.Status.FAILED)
        return
    calls = CallLog(task.pk, user, batched=False)
    client = cloud_client(task, calls)
    try:
        result = call_cloud(
            client,
            lambda: client.start(body),
            on_late=launch.late_start(task.pk, calls),
        )
    except deadline.AnswerPending:
        findings.append(_awaited())
        return
    except CloudError as error:
        MixTask.objects.filter(pk=task.pk, status=MixTask.Status.STARTING).update(
            status=MixTask.Status.UNKNOWN
        )
        if error.cloud_code == SEAT_TAKEN_CODE:
            findings.append(
                Finding(
                    "robot-seated",
                    _(
                        'Robot "%(robot)s" is in room %(room)s, so the first Start most likely '
                        "runs. The cloud does not say its TaskId: it is attached when a relay "
                        "callback names this room and robot (the app's callback URL must be "
                        "set in the TRTC console)."
                    )
                    % {"robot": task.robot_user_id, "room": task.room_id},
                )
            )
        else:
            findings.append(
                Finding(
                    "start-refused",
                    _(
                        "Sending the Start again was refused (%(code)s: %(message)s); whether "
                        "the first one runs is still unknown."
                    )
                    % {"code": error.cloud_code, "message": error.cloud_message},
                )
            )
        return
    except CloudUnreachable as error:
        findings.append(_unreachable(error))
        return
    answers.record_started(task.pk, result.task_id)
    message = _(
        "No robot held the seat, so the first Start left nothing running. It was sent again "
        "and runs as TaskId %(task_id)s."
    ) % {"task_id": result.task_id}
    if purpose == FOR_STOP:
        message += " " + _("It is stopped next, as asked.")
    findings.append(Finding("started-again", message))


def _start_answer_still_awaited(task: MixTask) -> bool:
    horizon = timezone.now() - timedelta(seconds=settings.MIX_CLOUD_ANSWER_TIMEOUT + 5)
    return task.events.filter(
        kind=TaskEvent.Kind.CALL, action=START, awaiting_answer=True, created_at__gt=horizon
    ).exists()


def _resendable_start(task: MixTask) -> tuple[dict[str, Any] | None, str]:
    """The Start body as first sent, re-signed; or None and why it cannot be sent again."""
    body = copy.deepcopy(task.params)
    if not isinstance(body, dict) or not body:
        return None, _("The Start body is not kept, so it cannot be sent again.")
    if REDACTED in _storage_credentials(body):
        return None, _(
            "The Start carried recording storage keys, which are never stored: it cannot be "
            "sent again. Check the room in the TRTC console."
        )
    sign_robots(task.app_profile, body)
    if any(not robot.get("UserSig") for _path, robot in bodies.robots(body)):
        return None, _(
            "The robots' UserSigs were given by hand and are never stored, and this app holds "
            "no SDK key to sign them again: the Start cannot be sent again."
        )
    if (
        first_error(request_rules.check_start(body, image_hosts=image_hosts_for(task.backend)))
        is not None
    ):
        return None, _("The Start body no longer passes the API's rules: it is not sent again.")
    return body, ""


def _storage_credentials(body: dict[str, Any]) -> list[Any]:
    record = body.get("RecordParams")
    storage = record.get("McuStorageParams") if isinstance(record, dict) else None
    cloud = storage.get("CloudStorage") if isinstance(storage, dict) else None
    if not isinstance(cloud, dict):
        return []
    return [cloud.get("AccessKey"), cloud.get("SecretKey")]


# -- 3. with a TaskId ---------------------------------------------------------------


def _settle_lost_update(
    task: MixTask, user: AbstractBaseUser | None, findings: list[Finding]
) -> bool:
    """Send the latest update whose answer was lost again; whether there was one."""
    lost = (
        task.events.filter(
            kind=TaskEvent.Kind.CALL, action=UPDATE, sequence_number__gt=task.sequence_number
        )
        .filter(Q(awaiting_answer=True) | Q(error_code="NetworkError"))
        .order_by("-sequence_number", "-id")
        .first()
    )
    if lost is None:
        return False
    body = {
        key: value for key, value in copy.deepcopy(lost.request).items() if key != "SequenceNumber"
    }
    sign_robots(task.app_profile, body)
    numbers = iter([lost.sequence_number])

    def next_number() -> int:
        # Its own number first: a cloud that accepted it refuses it (R51) and the
        # retry takes a fresh one, so either way this body ends up in force.
        return next(numbers, None) or sequence.reserve_sequence_number(task.pk)

    calls = CallLog(task.pk, user, batched=False)
    client = cloud_client(task, calls)
    try:
        result = call_cloud(
            client,
            lambda: client.update(body, next_sequence=next_number),
            on_late=take.late_update(task.pk, calls),
        )
    except deadline.AnswerPending:
        findings.append(_awaited())
        return True
    except CloudError as error:
        findings.append(_refused_update(task, lost.sequence_number, error))
        return True
    except CloudUnreachable as error:
        findings.append(_unreachable(error))
        return True
    number = sequence_of(parsed_body(result.request_body)) or lost.sequence_number
    sequence.apply_accepted_update(task.pk, number, body)
    findings.append(
        Finding(
            "update-settled",
            _(
                "The answer to the update with SequenceNumber %(lost)d was lost. It was sent "
                "again and is in force, as SequenceNumber %(number)d."
            )
            % {"lost": lost.sequence_number, "number": number},
        )
    )
    return True


def _check_running(task: MixTask, user: AbstractBaseUser | None, findings: list[Finding]) -> None:
    """An update that changes nothing: accepted if the task runs, refused if it has ended."""
    body = {
        "SdkAppId": task.app_profile.sdk_app_id,
        "TaskId": task.task_id,
        "WithTranscoding": task.params.get("WithTranscoding", 1),
    }
    calls = CallLog(task.pk, user, batched=False)
    client = cloud_client(task, calls)
    try:
        result = call_cloud(
            client,
            lambda: client.update(
                body, next_sequence=lambda: sequence.reserve_sequence_number(task.pk)
            ),
            on_late=take.late_update(task.pk, calls),
        )
    except deadline.AnswerPending:
        findings.append(_awaited())
        return
    except CloudError as error:
        findings.append(_refused_update(task, None, error))
        return
    except CloudUnreachable as error:
        findings.append(_unreachable(error))
        return
    number = sequence_of(parsed_body(result.request_body)) or 0
    sequence.apply_accepted_update(task.pk, number, body)
    findings.append(
        Finding(
            "running",
            _("The cloud runs this task as TaskId %(task_id)s.") % {"task_id": task.task_id},
        )
    )


def _refused_update(task: MixTask, number: int | None, error: CloudError) -> Finding:
    if error.cloud_code in ALREADY_STOPPED_CODES:
        answers.mark_stopped(task.pk)
        return Finding(
            "ended",
            _("The cloud no longer runs this task (%(code)s): it is now marked stopped.")
            % {"code": error.cloud_code},
        )
    answers.note_error(task.pk, error)
    if number is None:
        return Finding(
            "check-refused",
            _("The cloud refused the check (%(code)s: %(message)s).")
            % {"code": error.cloud_code, "message": error.cloud_message},
        )
    return Finding(
        "update-refused",
        _(
            "The update with SequenceNumber %(number)d is refused (%(code)s: %(message)s): "
            "the parameters in force are those shown."
        )
        % {"number": number, "code": error.cloud_code, "message": error.cloud_message},
    )


def _stop_as_asked(task: MixTask, user: AbstractBaseUser | None, findings: list[Finding]) -> None:
    try:
        stop_call.send_wanted_stop(task, user)
    except MixStudioError as error:
        findings.append(Finding("stop-failed", error.message))
        return
    findings.append(Finding("stopped-as-asked", _("Stop had been asked for: the task is stopped.")))


def _awaited() -> Finding:
    return Finding(
        "answer-awaited",
        _("The cloud has not answered yet; its answer is recorded when it comes."),
    )


def _unreachable(error: CloudUnreachable) -> Finding:
    return Finding(
        "unreachable",
        _("The cloud could not be reached (%(reason)s); nothing changed. Try again.")
        % {"reason": str(error)[:200]},
    )


def _report(
    task_pk: int, findings: list[Finding], user: AbstractBaseUser | None, purpose: str
) -> Report:
    task = get_task(task_pk)
    report = Report(task.pk, task.status, task.task_id, tuple(findings))
    TaskEvent.objects.create(
        task=task,
        kind=TaskEvent.Kind.RECONCILE,
        action="Reconcile",
        request={"purpose": purpose},
        response=redact(report.payload()),
        user=acting_user(user),
    )
    return report
