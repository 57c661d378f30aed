"""Scenarios rehearsed in an emulator task's simulated room, in real time, by the job runner.

A scenario (layouts/core/scenario.py) being played is a row (ScenarioPlay) and
a chain of jobs, as the program is (engine.py): `play_scenario(task, generation)`
is due at the moment of the next event; it plays every event due by then (the
first one also brings the room to the scenario's opening: who is in at 0 s,
and nobody else), through the one path every room change takes
(services.change_room: the program shows it from its next part, the app hears
of it as room callbacks), and enqueues itself for the next event. Each event is
dated at its own moment, so a job that runs late still tells the room's story
as written.

Pausing, resuming, restarting and stepping change the row and move its
generation on: a job scheduled before does nothing when it comes due, and the
action enqueues the job it needs. No timer or thread of its own.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from layouts.core import room as rooms
from layouts.core.contract.room_events import SPEAKING, RoomEvent
from layouts.core.scenario import Scenario, room_events
from studio.cloud.emulator.models import SandboxTask
from studio.cloud.emulator.program import selectors, services
from studio.cloud.emulator.program.models import ScenarioPlay
from studio.cloud.emulator.program.timeline import EPSILON

# The emulator's own queue, which the program engine uses too (settings.TASKS lists
# the queues; every worker `make run` starts takes every queue).
QUEUE = "program"
PLAYED, PAUSED, STALE, FINISHED, ENDED = "played", "paused", "stale", "finished", "ended"
PAUSE, RESUME, RESTART, STEP = "pause", "resume", "restart", "step"
ACTIONS = (PAUSE, RESUME, RESTART, STEP)
KEEP_FINISHED_JOBS = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class PlayState:
    """Where a rehearsal is, for the task page: seconds into the scenario, and so on."""

    position: float
    duration: float
    paused: bool
    finished: bool
    played: int  # events played
    events: int
    next_at: float | None  # seconds into the scenario of the next event

    def to_dict(self) -> dict[str, Any]:
        return {
            "position": round(self.position, 3),
            "duration": self.duration,
            "paused": self.paused,
            "finished": self.finished,
            "played": self.played,
            "events": self.events,
            "next_at": self.next_at,
        }


@task(queue_name=QUEUE)
def play_scenario(task_pk: int, generation: int) -> str:
    """The job: play the task's scenario events that are due, then wait for the next."""
    return run_scenario(task_pk, generation)


def start(sandbox: SandboxTask, scenario: Scenario, *, origin: float) -> PlayState:
    """Rehearse `scenario` in the task's room from `origin` (Unix seconds: its 0 s)."""
    events = [{"at": at, **event.to_dict()} for at, event in room_events(scenario, 0)]
    with transaction.atomic():
        play, created = ScenarioPlay.objects.select_for_update().get_or_create(
            task=sandbox,
            defaults={"duration": scenario.duration, "events": events, "origin": origin},
        )
        if not created:
            play.duration, play.events, play.origin = scenario.duration, events, origin
            play.cursor, play.paused_at = 0, None
            play.generation += 1
            play.save()
        _schedule(play)
    return state_of(play, origin)


def run_scenario(task_pk: int, generation: int, *, now: float | None = None) -> str:
    """Play what is due: PLAYED, PAUSED, STALE (scheduled before the last action),
    FINISHED or ENDED (the task has ended). `now` is when the job runs: tests pass theirs."""
    now = time.time() if now is None else now
    with transaction.atomic():
        play = ScenarioPlay.objects.select_for_update().filter(task_id=task_pk).first()
        if play is None or play.generation != generation:
            return STALE
        if play.paused_at is not None:
            return PAUSED
        if play.cursor >= len(play.events):
            return FINISHED
        due = _due_by(play, now - play.origin)
        try:
            _play(play, play.cursor, due, now=now, at_ms=None)
        except services.RoomClosed:
            return ENDED
        play.cursor = due
        play.save(update_fields=["cursor", "updated_at"])
        _schedule(play)
    _prune_finished_jobs()
    return PLAYED if play.cursor < len(play.events) else FINISHED


def act(sandbox: SandboxTask, action: str, *, now: float | None = None) -> PlayState | None:
    """Pause, resume, restart or step the task's rehearsal; its state after (None: none).

    Step plays the next moment's events now and pauses there; restart plays the
    scenario again from its opening, the room brought back to it.
    """
    now = time.time() if now is None else now
    with transaction.atomic():
        play = ScenarioPlay.objects.select_for_update().filter(task=sandbox).first()
        if play is None:
            return None
        position = _position(play, now)
        play.generation += 1
        if action == PAUSE and play.paused_at is None:
            play.paused_at = position
        elif action == RESUME and play.paused_at is not None:
            play.origin, play.paused_at = now - play.paused_at, None
        elif action == RESTART:
            play.origin, play.cursor, play.paused_at = now, 0, None
        elif action == STEP and play.cursor < len(play.events):
            moment = play.events[play.cursor]["at"]
            due = _due_by(play, moment)
            _play(play, play.cursor, due, now=now, at_ms=round(now * 1000))
            play.cursor, play.paused_at, play.origin = due, moment, now - moment
        play.save()
        _schedule(play)
    return state_of(play, now)


def state(sandbox: SandboxTask, *, now: float | None = None) -> PlayState | None:
    play = ScenarioPlay.objects.filter(task=sandbox).first()
    return None if play is None else state_of(play, time.time() if now is None else now)


def state_of(play: ScenarioPlay, now: float) -> PlayState:
    upcoming = play.events[play.cursor]["at"] if play.cursor < len(play.events) else None
    return PlayState(
        position=_position(play, now),
        duration=play.duration,
        paused=play.paused_at is not None,
        finished=play.cursor >= len(play.events),
        played=play.cursor,
        events=len(play.events),
        next_at=upcoming,
    )


def _position(play: ScenarioPlay, now: float) -> float:
    if play.paused_at is not None:
        return play.paused_at
    return min(max(now - play.origin, 0.0), play.duration)


def _due_by(play: ScenarioPlay, seconds: float, *, start: int | None = None) -> int:
    """The index after the last event due `seconds` into the scenario, counting from
    `start` (the cursor by default), which is due whatever its time."""
    index = (play.cursor if start is None else start) + 1
    while index < len(play.events) and play.events[index]["at"] <= seconds + EPSILON:
        index += 1
    return index


def _play(play: ScenarioPlay, first: int, end: int, *, now: float, at_ms: int | None) -> None:
    """Events `first` to `end` in the task's room, each at its own moment (or `at_ms`).

    The first moment of the scenario opens it: the room becomes who the scenario
    has in at that moment, publishing what it says, and nobody else.
    """
    sandbox = SandboxTask.objects.get(pk=play.task_id)

    def moment(at: float) -> int:
        return at_ms if at_ms is not None else round((play.origin + at) * 1000)

    events = [_event(item, moment(item["at"])) for item in play.events[first:end]]
    if first == 0:
        opening_end = _due_by(play, play.events[0]["at"], start=0)
        opening_events, events = events[:opening_end], events[opening_end:]
        current, _shapes = selectors.simulated_room(sandbox)
        opening, _ = rooms.apply_all(rooms.Room(), opening_events)
        at = opening_events[0].at_ms
        reset = rooms.events_to(current, opening.people, at)
        speaking = [event for event in opening_events if event.kind == SPEAKING]
        events = reset + speaking + events
    services.change_room(sandbox, events, now=now)


def _event(item: dict[str, Any], at_ms: int) -> RoomEvent:
    return RoomEvent(
        item["type"],
        item["UserId"],
        item["RoomId"],
        item["RoomIdType"],
        at_ms,
        on=item.get("on"),
        level=item.get("level"),
    )


def _schedule(play: ScenarioPlay) -> None:
    """Enqueue the job of the next event, in the play's generation (a row of the same
    transaction: it exists exactly when the play's change does)."""
    if play.paused_at is not None or play.cursor >= len(play.events):
        return
    due = datetime.datetime.fromtimestamp(
        play.origin + play.events[play.cursor]["at"], tz=datetime.UTC
    )
    play_scenario.using(run_after=due).enqueue(play.task_id, play.generation)


def _prune_finished_jobs() -> None:
    DBTaskResult.objects.filter(
        task_path=play_scenario.module_path,
        status=TaskResultStatus.SUCCESSFUL,
        finished_at__lt=datetime.datetime.now(tz=datetime.UTC) - KEEP_FINISHED_JOBS,
    ).delete()
