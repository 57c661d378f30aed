"""The Stop call of a task whose TaskId is known, its late answer, and a wanted stop sent
once a callback names the task. The producer's Stop, from any state, is stop.py.

A Stop may carry the RecordKey of the task's recording (B.22): the recording then
ends at once instead of waiting RecordWaitTime for another task to continue it.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction

from layouts.core.contract.bodies import STOP
from layouts.core.rules import request as request_rules
from layouts.errors import MixStudioError
from studio import deadline
from studio.cloud.errors import CloudError, CloudUnreachable
from studio.control.models import LIVE_STATUSES, MixTask
from studio.control.selectors import get_task
from studio.control.services import answers
from studio.control.services.build import refuse_errors
from studio.control.services.calls import CallLog, call_cloud, cloud_client
from studio.control.services.errors import AwaitingAnswer

log = logging.getLogger(__name__)


def stop_body(task: MixTask, record_key: Any = None) -> dict[str, Any]:
    """The StopPublishCdnStream body, checked (R56, B.19); None leaves RecordKey out."""
    body = {"SdkAppId": task.app_profile.sdk_app_id, "TaskId": task.task_id}
    if record_key is not None:
        body["RecordKey"] = record_key
    refuse_errors(request_rules.check_stop(body))
    return body


def check_record_key(record_key: Any) -> None:
    """Refuse a RecordKey the Stop could not carry (B.22), before any TaskId is known."""
    if record_key is not None:
        problems = request_rules.check_stop({"RecordKey": record_key})
        refuse_errors([p for p in problems if p.path.startswith("RecordKey")])


def send_wanted_stop(task: MixTask, user: AbstractBaseUser | None) -> MixTask:
    """The Stop asked for while the TaskId was unknown, with the RecordKey it was asked with."""
    return send_stop(task, user, record_key=task.stop_record_key)


def send_stop(task: MixTask, user: AbstractBaseUser | None, *, record_key: Any = None) -> MixTask:
    """Send the Stop (with `record_key`, the recording it ends at once) and record its answer."""
    previous = task.status
    body = stop_body(task, record_key)
    calls = CallLog(task.pk, user)
    with transaction.atomic():
        MixTask.objects.filter(pk=task.pk).update(status=MixTask.Status.STOPPING, stop_wanted=True)
        calls.prepare(STOP, body)
    client = cloud_client(task, calls)
    with calls:
        try:
            call_cloud(
                client, lambda: client.stop(body), on_late=late_stop(task.pk, previous, calls)
            )
        except deadline.AnswerPending as pending:
            raise AwaitingAnswer(task.pk, pending.waited) from None
        except CloudError as error:
            answers.stop_refused(task.pk, previous, error, calls)
            raise
        except CloudUnreachable as error:
            answers.mark_status(task.pk, MixTask.Status.UNKNOWN, error, calls)
            raise
        answers.mark_stopped(task.pk, calls)
    return get_task(task.pk)


def late_stop(task_pk: int, previous: str, calls: CallLog) -> deadline.Late:
    def record(result: Any, error: BaseException | None) -> None:
        if error is None:
            answers.mark_stopped(task_pk, calls)
        elif isinstance(error, CloudError):
            answers.stop_refused(task_pk, previous, error, calls)
        elif isinstance(error, CloudUnreachable):
            answers.mark_status(task_pk, MixTask.Status.UNKNOWN, error, calls)

    return record


def stop_in_background(task_pk: int) -> None:
    """Send the Stop asked for while the TaskId was unknown, now that a callback named it.

    From a thread: the callback that taught us the TaskId must be answered
    within 5 s (G.1), and the Stop may take longer.
    """

    def run() -> None:
        try:
            task = get_task(task_pk)
            if task.task_id and task.stop_wanted and task.status in LIVE_STATUSES:
                send_wanted_stop(task, None)
        except MixStudioError as error:
            log.warning("The wanted stop of task %s failed: %s", task_pk, error.message)
        finally:
            connection.close()

    threading.Thread(target=run, name="wanted-stop", daemon=True).start()
