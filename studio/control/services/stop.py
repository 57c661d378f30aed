"""The producer's Stop, from any live state: `starting` and `unknown` included.

Stopping is idempotent: a task already stopped (or failed) is answered as it is
and nothing is sent, so a client that lost the answer to its Stop can ask again.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from studio.control.models import FINAL_STATUSES, MixTask
from studio.control.selectors import get_task
from studio.control.services import reconcile, stop_call


def stop_task(task_pk: int, *, user: AbstractBaseUser | None, record_key: Any = None) -> MixTask:
    """Stop it, from any live state.

    Without a TaskId there is nothing to send a Stop for: the task is
    reconciled first, and if its TaskId is still unknown it is marked
    `stop_wanted` (with its RecordKey) and stopped when the TaskId is learnt. A task in a
    final state is returned as it is.
    """
    task = get_task(task_pk)
    if task.status in FINAL_STATUSES:
        return task
    if not task.task_id:
        stop_call.check_record_key(record_key)
        MixTask.objects.filter(pk=task.pk).update(stop_wanted=True, stop_record_key=record_key)
        report = reconcile.reconcile_task(task.pk, user=user, purpose=reconcile.FOR_STOP)
        task = get_task(task_pk)
        if task.status in FINAL_STATUSES:
            return task
        if not task.task_id:
            raise reconcile.TaskIdUnknown(report)
    return stop_call.send_stop(task, user, record_key=record_key)
