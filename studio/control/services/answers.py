"""What the cloud's answers change on a task: started, stopped, failed, refused.

Each is written in one transaction with the call log's record of the answer
that brought it (`calls`), so the task and its event log never disagree.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from layouts.core.storable import storable_copy
from studio.cloud.errors import ALREADY_STOPPED_CODES, CloudError, CloudUnreachable
from studio.control import signals
from studio.control.models import UNCONFIRMED_STATUSES, MixTask
from studio.control.services.build import redact
from studio.control.services.calls import CallLog


def record_started(task_pk: int, task_id: str, calls: CallLog | None = None) -> None:
    """The TaskId is known: the task runs. Written with the answer that brought it."""
    with transaction.atomic():
        if calls is not None:
            calls.write()
        task = MixTask.objects.select_for_update().get(pk=task_pk)
        if task.task_id and task.task_id != task_id:
            return  # a resent Start whose first one is known; never lose the first TaskId
        task.task_id = task_id
        if task.status in UNCONFIRMED_STATUSES:
            task.status = MixTask.Status.RUNNING
            task.last_error = {}
            signals.task_started.send(sender=MixTask, task_pk=task.pk)
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
        signals.task_stopped.send(sender=MixTask, task_pk=task_pk)


def record_ended_by_cloud(
    sender: object, *, sdk_app_id: int, task_id: str, at: datetime.datetime, **signal: Any
) -> None:
    """The cloud ended a running task by itself (MaxIdleTime, R29): it stopped at `at`.

    Connected to `studio.cloud.signals.task_ended_by_cloud` (apps.py).
    """
    MixTask.objects.filter(
        app_profile__sdk_app_id=sdk_app_id, task_id=task_id, status=MixTask.Status.RUNNING
    ).update(status=MixTask.Status.STOPPED, stopped_at=at)
    signals.task_stopped.send(
        sender=MixTask,
        task_pk=MixTask.objects.filter(app_profile__sdk_app_id=sdk_app_id, task_id=task_id)
        .values_list("pk", flat=True)
        .first(),
    )


def start_failed(task_pk: int, error: Exception, calls: CallLog) -> None:
    # It may be running without us knowing its TaskId: say so, don't guess.
    unknown = isinstance(error, CloudUnreachable) and error.maybe_delivered
    status = MixTask.Status.UNKNOWN if unknown else MixTask.Status.FAILED
    with transaction.atomic():
        calls.write()
        MixTask.objects.filter(pk=task_pk, task_id="").update(
            status=status, last_error=error_summary(error), updated_at=timezone.now()
        )
        if status == MixTask.Status.FAILED:
            signals.task_failed.send(sender=MixTask, task_pk=task_pk)


def stop_refused(task_pk: int, previous: str, error: CloudError, calls: CallLog) -> None:
    # Refused, not lost: the producer sees why and decides; nothing is left wanted.
    with transaction.atomic():
        calls.write()
        MixTask.objects.filter(pk=task_pk).update(
            status=previous,
            stop_wanted=False,
            last_error=error_summary(error),
            updated_at=timezone.now(),
        )


def update_failed(task_pk: int, error: Exception, calls: CallLog | None = None) -> None:
    if isinstance(error, CloudError) and error.cloud_code in ALREADY_STOPPED_CODES:
        # R52: the cloud no longer runs it (ended by MaxIdleTime, or stopped elsewhere).
        mark_stopped(task_pk, calls)
        return
    note_error(task_pk, error, calls)


def mark_status(task_pk: int, status: str, error: Exception, calls: CallLog | None = None) -> None:
    """The task is now `status` because of `error`, which is kept as its last error."""
    with transaction.atomic():
        if calls is not None:
            calls.write()
        MixTask.objects.filter(pk=task_pk).update(
            status=status, last_error=error_summary(error), updated_at=timezone.now()
        )


def note_error(task_pk: int, error: Exception, calls: CallLog | None = None) -> None:
    with transaction.atomic():
        if calls is not None:
            calls.write()
        MixTask.objects.filter(pk=task_pk).update(
            last_error=error_summary(error), updated_at=timezone.now()
        )


def error_summary(error: Exception) -> dict[str, Any]:
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
