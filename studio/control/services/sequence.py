"""SequenceNumbers (R51): one reserved for each update, accepted ones applied in order."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from layouts.core.contract.bodies import UPDATE
from layouts.core.updates import merge_update
from studio.control.models import UNCONFIRMED_STATUSES, MixTask, TaskEvent
from studio.control.services.build import stored
from studio.control.services.calls import CallLog


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
        if task.status in UNCONFIRMED_STATUSES and task.task_id:
            task.status = MixTask.Status.RUNNING  # an accepted update proves it runs
        task.last_error = {}
        task.save(update_fields=["params", "sequence_number", "status", "last_error", "updated_at"])


def accepted_updates(task: MixTask, *, above: int) -> list[TaskEvent]:
    """Updates the cloud accepted with a number above `above`, one per number, in order."""
    events = task.events.filter(
        action=UPDATE,
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
