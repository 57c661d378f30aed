"""The control room's signals (studio/control/signals.py) turned into webhook events.

The control room sends its signals inside its own transactions and knows
nothing of webhooks. Each receiver only notes the moment and reads the task
once that transaction has committed, so an event goes out exactly when the
change it tells of is stored, with the task as it was stored; and a fault here
is logged (`robust`), never undoing or failing the control room's work.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from studio.control.models import MixTask
from studio.webhooks import deliveries, events


def on_task_started(sender: Any, *, task_pk: int, **signal: Any) -> None:
    _after_commit(events.TASK_STARTED, task_pk)


def on_taken(sender: Any, *, task: MixTask, automatic: bool, **signal: Any) -> None:
    _after_commit(events.TASK_UPDATED, task.pk, automatic=automatic)


def on_task_stopped(sender: Any, *, task_pk: int | None, **signal: Any) -> None:
    if task_pk is not None:
        _after_commit(events.TASK_STOPPED, task_pk)


def on_task_failed(sender: Any, *, task_pk: int, **signal: Any) -> None:
    _after_commit(events.TASK_FAILED, task_pk)


def on_output_health(
    sender: Any,
    *,
    task_pk: int,
    url: str,
    previous: dict[str, Any],
    current: dict[str, Any],
    **signal: Any,
) -> None:
    """Every newer relay event of an output is recorded; only a new state is an event."""
    if previous and previous.get("status") == current.get("status"):
        return
    _after_commit(
        events.OUTPUT_HEALTH,
        task_pk,
        output={"url": url, **current},
        previous={"url": url, **previous} if previous else None,
    )


def _after_commit(event: str, task_pk: int, **extra: Any) -> None:
    at = timezone.now()
    transaction.on_commit(
        lambda: deliveries.record_task_event(event, task_pk, at=at, **extra), robust=True
    )
