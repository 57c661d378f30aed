"""The one path every room event takes into a task's room state, whatever its source.

Room and media callbacks of the real cloud, the emulator's simulated room and a
scenario being rehearsed all arrive here as `RoomEvent`s; the state is reduced
by layouts/core/room.py under a lock on the task's room row, and each event
that changed someone is written to the task's event log (kind "room") with
where it came from. A replayed or older event changes nothing and is not logged.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from layouts.core import room as rooms
from layouts.core.contract.room_events import RoomEvent
from studio.control.models import MixTask, TaskEvent, TaskRoom

CALLBACK = "callback"  # sources of room events, as the event log names them
SIMULATED = "simulated"
SCENARIO = "scenario"


def apply_room_events(task_pk: int, events: Sequence[RoomEvent], *, source: str) -> list[RoomEvent]:
    """Apply the events to the task's room; the events that changed it, in time order."""
    with transaction.atomic():
        task = MixTask.objects.select_for_update().get(pk=task_pk)
        row, _ = TaskRoom.objects.select_for_update().get_or_create(task=task)
        before = rooms.from_json(row.state)
        after, changed = rooms.apply_all(before, events)
        if after == before:
            return []
        row.state = rooms.to_json(after)
        row.save(update_fields=["state", "updated_at"])
        now = timezone.now()
        TaskEvent.objects.bulk_create(
            TaskEvent(
                task=task,
                kind=TaskEvent.Kind.ROOM,
                action=f"Room {event.kind}"[:64],
                request={**event.to_dict(), "source": source},
                created_at=now,
            )
            for event in changed
        )
    return changed
