"""The one path every room event takes into a task's room state, whatever its source.

Room and media callbacks of the real cloud, the emulator's simulated room and a
scenario being rehearsed all arrive here as `RoomEvent`s; the state is reduced
by layouts/core/room.py under a lock on the task's room row, and each event
that changed someone is written to the task's event log (kind "room") with
where it came from. A replayed or older event changes nothing and is not logged.

The emulator's room reaches this path as the cloud's does, through its
callbacks (studio/control/callbacks.py); what the room panel and a launch ask
of a simulated room (`send_room_event`, `rehearse`, `act_on_scenario`) goes to
the emulator, which changes its room and tells the app as the cloud would.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from layouts.core import room as rooms
from layouts.core import scenario, show
from layouts.core.contract import bodies
from layouts.core.contract.problems import ERROR, Problem
from layouts.core.contract.room_events import AUDIO, CAMERA, ENTER, MEDIA, SPEAKING, RoomEvent
from layouts.core.contract.rooms import room_of
from layouts.errors import MixStudioError, ProblemsRefused
from layouts.models import Preset
from studio.cloud import backends
from studio.control.models import AppProfile, MixTask, TaskEvent, TaskRoom
from studio.control.services import director, playback
from studio.control.services.build import launch_show

CALLBACK = "callback"  # sources of room events, as the event log names them
SIMULATED = "simulated"
SCENARIO = "scenario"
LIVE = (MixTask.Status.STARTING, MixTask.Status.RUNNING)
SCENARIO_ACTIONS = ("pause", "resume", "restart", "step")
EVENT_PATH = "events[0]."  # where a scenario's checks put the one event's fields


class NotSimulated(MixStudioError):
    """Only the emulator's rooms can be simulated: a real room holds real people."""

    status_code = 409
    code = "not-simulated"


class RoomClosed(MixStudioError):
    status_code = 409
    code = "room-closed"


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
        # The auto-director decides on each event now; its cuts wait for the commit.
        director.react(task.pk, before, changed)
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


def apply_heard_levels(*, sdk_app_id: int, events: Sequence[RoomEvent], **signal: Any) -> int:
    """How loud people speak in the emulator's room (`signals.room_levels`), applied to the
    room of every starting or running task of that app in that room; changes made."""
    changed = 0
    for event in events:
        in_room = MixTask.objects.filter(
            app_profile__sdk_app_id=sdk_app_id,
            status__in=LIVE,
            room_id=event.room_id,
            room_id_type=event.room_id_type,
        ).values_list("pk", flat=True)
        for task_pk in in_room:
            changed += len(apply_room_events(task_pk, [event], source=SIMULATED))
    return changed


def read_room_event(data: Any, task: MixTask) -> RoomEvent:
    """One event of the room panel, read as a scenario's event is (the same fields and
    rules), happening now; ProblemsRefused naming the field otherwise."""
    if not isinstance(data, dict):
        raise MixStudioError(_("A room event must be a JSON object."), field="body")
    main_room = (task.room_id, task.room_id_type)
    wrapped = {"duration": scenario.MAX_DURATION, "events": [{**data, "at": 0}]}
    # Only the event's own fields: whether the person is in the room is the room's
    # business now, not a written story's.
    problems = [
        Problem(
            problem.path.removeprefix(EVENT_PATH),
            problem.rule,
            problem.severity,
            problem.template,
            problem.params,
        )
        for problem in scenario.check_scenario(wrapped, main_room)
        if problem.severity == ERROR and problem.path.startswith(EVENT_PATH)
    ]
    if problems:
        raise ProblemsRefused(problems[0].render(_), problems, field=problems[0].path)
    kind = data["type"]
    room_id, room_type = room_of(data.get("RoomId"), data.get("RoomIdType"), main_room)
    return RoomEvent(
        kind,
        data["UserId"],
        room_id,
        room_type,
        round(time.time() * 1000),
        on=data["on"] if kind in MEDIA else None,
        level=data["level"] if kind == SPEAKING else None,
    )


def send_room_event(task: MixTask, data: Any) -> RoomEvent:
    """Make one thing happen in an emulator task's simulated room (the room panel):
    the emulator changes its room and tells the app as the cloud would.

    Someone who enters has camera and microphone on, as in a scenario
    (layouts/core/scenario.py): the panel turns them off if wanted.
    """
    event = read_room_event(data, _simulated(task))
    events = [event]
    if event.kind == ENTER:
        events += [replace(event, kind=media, on=True) for media in (CAMERA, AUDIO)]
    if not backends.emulator().room_events(task.task_id, events):
        raise _closed()
    return event


def scenario_for_launch(
    request: Any, preset: Preset | None, given: Any, *, fill_from_preset: bool = True
) -> Any:
    """The scenario a launch rehearses: the one given at launch, else the show's own
    (`MixStudio.Scenario` of the request, or of its preset); None for none.

    One given at launch is checked here against the show's room, before anything is
    sent, every problem under `scenario`; the show's own was checked with the show.
    """
    if not isinstance(request, dict):
        return None  # the launch itself says what is wrong with it
    whole = launch_show(request, preset, fill_from_preset=fill_from_preset)
    if given is None:
        return show.scenario_of(whole)
    main_room = bodies.main_room(whole)
    if main_room is None:
        return given  # the launch's own checks name the room
    problems = [p.under("scenario") for p in scenario.check_scenario(given, main_room)]
    errors = [p for p in problems if p.severity == ERROR]
    if errors:
        raise ProblemsRefused(errors[0].render(_), problems, field=errors[0].path)
    return given


def start_rehearsed(
    *,
    app: AppProfile,
    request: Any,
    user: AbstractBaseUser | None,
    preset: Preset | None = None,
    fill_from_preset: bool = True,
    scenario: Any = None,
) -> MixTask:
    """Start a task (playback.start_task) with the show's auto-director (its rules and
    roles, checked before anything is sent) and, on the emulator, rehearse the launch's
    scenario in its simulated room: `scenario`, or the show's own."""
    wanted = scenario_for_launch(request, preset, scenario, fill_from_preset=fill_from_preset)
    whole = (
        launch_show(request, preset, fill_from_preset=fill_from_preset)
        if isinstance(request, dict)
        else None
    )
    director.check_launch_show(whole)
    task = playback.start_task(
        app=app, request=request, user=user, preset=preset, fill_from_preset=fill_from_preset
    )
    director.set_up_for_launch(task, whole)
    rehearse(task, wanted)
    return task


def rehearse(task: MixTask, data: Any) -> dict[str, Any] | None:
    """Rehearse a scenario in an emulator task's simulated room, in real time from its
    start; None for a task of the real cloud (whose room is real) or without a scenario."""
    if data is None or not _is_simulated(task):
        return None
    try:
        read = scenario.read_scenario(data, (task.room_id, task.room_id_type))
    except scenario.ScenarioInvalid:
        return None  # a show's scenario was checked with the show; a broken one is not played
    return backends.emulator().play_scenario(task.task_id, read)


def act_on_scenario(task: MixTask, action: str) -> dict[str, Any]:
    """Pause, resume, restart or step the scenario rehearsed in the task's room."""
    answer = backends.emulator().scenario(_simulated(task).task_id, action)
    if answer is None:
        raise NoScenario(_("No scenario is rehearsed in this task's room."), field="action")
    return answer


def scenario_state(task: MixTask) -> dict[str, Any] | None:
    """Where the scenario rehearsed in the task's room is, if one is."""
    return backends.emulator().scenario(task.task_id) if _is_simulated(task) else None


class NoScenario(MixStudioError):
    status_code = 409
    code = "no-scenario"


def _is_simulated(task: MixTask) -> bool:
    return task.backend == backends.EMULATOR and bool(task.task_id)


def _simulated(task: MixTask) -> MixTask:
    if not _is_simulated(task):
        raise NotSimulated(
            _(
                "Only the built-in emulator's rooms can be simulated: a real-cloud task's "
                "room holds real people, told by the cloud's callbacks."
            )
        )
    if task.status not in LIVE:
        raise _closed()
    return task


def _closed() -> RoomClosed:
    return RoomClosed(_("The task has ended; its room can no longer change."))
