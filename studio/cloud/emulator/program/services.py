"""Changing an emulator task's program from outside the API: its room, its idle end.

The simulated room changes by room events only, whatever asks (a whole room set,
the room panel, a scenario): each change is recorded for the program and told to
the app as the cloud's room and media callbacks (room_callbacks.py).
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from django.db import transaction

from layouts.core import room as rooms
from layouts.core.contract.room_events import RoomEvent
from layouts.core.contract.rooms import UserKey
from layouts.core.geometry import Participant
from studio.cloud.emulator import core, room_callbacks
from studio.cloud.emulator.callbacks import RelayTask, build_callbacks, deliver, status_changes
from studio.cloud.emulator.models import SandboxTask
from studio.cloud.emulator.program import room, selectors
from studio.cloud.emulator.program.models import ProgramChange, ProgramState
from studio.cloud.emulator.program.selectors import grid_of, timeline_of
from studio.cloud.signals import task_ended_by_cloud


class RoomClosed(Exception):
    """The task has ended; its room can no longer change."""


def set_room(
    task: SandboxTask, participants: Sequence[Participant], *, now: float | None = None
) -> list[RoomEvent]:
    """From now on, exactly these people are in the task's simulated room.

    Said as the room events that make it so (who is not wanted leaves, who is new
    enters, cameras, microphones and screen shares follow), changed and announced
    as any room event is (`change_room`). An empty list means everyone has left:
    R29's idle clock starts, and the task ends MaxIdleTime later unless someone
    comes back.
    """
    now = time.time() if now is None else now
    current, _shapes = selectors.simulated_room(task)
    at_ms = round(now * 1000)
    wanted = [room.person_of(person, at_ms) for person in participants]
    shapes = {person.key: person for person in participants}
    return change_room(task, rooms.events_to(current, wanted, at_ms), now=now, shapes=shapes)


def change_room(
    task: SandboxTask,
    events: Sequence[RoomEvent],
    *,
    now: float | None = None,
    shapes: Mapping[UserKey, Participant] | None = None,
) -> list[RoomEvent]:
    """Apply room events to the task's simulated room; the events that changed it.

    The program shows the new room from the start of the next part (effective_at);
    the app hears of each event as the cloud would tell it (room_callbacks.announce),
    dated no earlier than the room's last event, so none arrives older than one the
    app has already applied. Raises RoomClosed once the task has ended.
    """
    now = time.time() if now is None else now
    expire_if_idle(task, now=now)
    with transaction.atomic():
        locked = SandboxTask.objects.select_for_update().get(pk=task.pk)
        if not locked.is_running:
            raise RoomClosed(task.task_id)
        current, known = selectors.simulated_room(locked)
        floor = selectors.last_event_ms(locked) + 1
        dated = [replace(event, at_ms=max(event.at_ms, floor)) for event in events]
        # The emulator is the room's source: what it is told happens, in time order.
        after, changed = rooms.apply_all(rooms.Room(current.people), dated)
        if not changed:
            return []
        ProgramChange.objects.create(
            task=locked,
            kind=ProgramChange.Kind.ROOM,
            at=effective_at(locked, now),
            participants=room.participants_json(after, {**known, **(shapes or {})}),
            event_ms=max(event.at_ms for event in changed),
        )
        announce(locked, changed, now=now)
    return changed


def announce(task: SandboxTask, events: Sequence[RoomEvent], *, now: float) -> None:
    """The room and media callbacks of these events, sent as the emulator sends callbacks."""
    config = core.emulator_settings()
    room_callbacks.announce(
        events,
        sdk_app_id=task.sdk_app_id,
        url=config.callback_url,
        key=config.callback_key,
        now_ms=round(now * 1000),
    )


def announce_named(task: SandboxTask, before: rooms.Room, at: float, *, now: float) -> None:
    """While nobody has told the room, a Start or a Take that names people brings them
    in (room.py): the events of that, dated when the program first shows them."""
    if task.program_changes.filter(kind=ProgramChange.Kind.ROOM).exists():
        return
    after, _shapes = selectors.simulated_room(task)
    announce(task, rooms.events_to(before, after.people, round(at * 1000)), now=now)


def effective_at(task: SandboxTask, now: float) -> float:
    """When a change made at `now` takes effect on the program: the start of the next part.

    Or later, if the engine has already begun the part after that (it draws a
    part from its start): never inside a part it has begun, so every part, and
    every segment, stays a function of the timeline alone. Call it inside the
    transaction that records the change; it locks the engine's state, which the
    engine moves in the same kind of transaction (engine._claim).
    """
    state = ProgramState.objects.select_for_update().filter(task=task).first()
    grid = grid_of(timeline_of(task))
    number = max(grid.next_part(now), state.next_part if state else 0)
    return grid.part_start(number)


def idle_end(task: SandboxTask) -> float | None:
    """When the task ends for lack of anyone in the room (R29), if it is empty now."""
    timeline = timeline_of(task)
    if not timeline.rooms or timeline.rooms[-1].participants:
        return None
    empty_since = timeline.rooms[-1].at
    for told in reversed(timeline.rooms):
        if told.participants:
            break
        empty_since = told.at
    # On a part's start, as every change of the program is (effective_at).
    grid = grid_of(timeline)
    return grid.part_start(grid.part_from(empty_since + timeline.max_idle_seconds()))


def expire_if_idle(task: SandboxTask, *, now: float | None = None) -> bool:
    """Stop the task if its room has been empty for longer than MaxIdleTime (R29).

    Checked whenever the emulator runs (a call, its room changed, and its engine
    before each part it draws) rather than by a timer of its own: nothing can see
    the task between its expiry and the next of those, so the result is the same,
    and the stop is recorded at the moment it happened. The app hears of it
    through `task_ended_by_cloud`.
    """
    if not task.is_running:
        return False
    ends = idle_end(task)
    now = time.time() if now is None else now
    if ends is None or now < ends:
        return False
    with transaction.atomic():
        locked = SandboxTask.objects.select_for_update().get(pk=task.pk)
        if not locked.is_running:
            return False
        ProgramChange.objects.create(task=locked, kind=ProgramChange.Kind.STOP, at=ends)
        locked.status = SandboxTask.Status.STOPPED
        locked.save(update_fields=["status", "updated_at"])
    task.status = locked.status
    _announce_stop(locked, ends)
    task_ended_by_cloud.send(
        sender=SandboxTask,
        sdk_app_id=locked.sdk_app_id,
        task_id=locked.task_id,
        at=datetime.datetime.fromtimestamp(ends, tz=datetime.UTC),
    )
    return True


def expire_idle_tasks(*, now: float | None = None, **signal: Any) -> None:
    """Stop every running task whose room has been empty for MaxIdleTime (R29).

    Connected to `core.call_received`: the tasks to look at are those whose room
    was ever emptied, which are few.
    """
    emptied = SandboxTask.objects.filter(
        status=SandboxTask.Status.RUNNING,
        program_changes__kind=ProgramChange.Kind.ROOM,
        program_changes__participants=[],
    ).distinct()
    for task in emptied:
        expire_if_idle(task, now=now)


def _announce_stop(task: SandboxTask, at: float) -> None:
    """The relay callbacks the cloud sends when pushes end (G), as a Stop sends them."""
    config = core.emulator_settings()
    if not config.callback_url:
        return
    relay = RelayTask(
        task.sdk_app_id, task.room_id, task.room_id_type, task.robot_user_id, task.task_id
    )
    events = status_changes(list(task.cdn_urls), [])
    deliver(
        build_callbacks(relay, events, url=config.callback_url, key=config.callback_key, now=at)
    )
