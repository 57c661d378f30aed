"""The program engine: every running task's program drawn at the live edge, a part per job.

The job runner is Django's Tasks API (the `django-tasks` backport) with its
database backend: jobs are rows of the app's database, and `manage.py
db_worker` processes (`make run` starts MIX_PROGRAM_ENGINES of them) run them,
any worker any job. So at most that many programs are drawn at once, and a web
request never draws: it serves what the engine stored (store.py).

A task's program is one chain of short jobs. `draw_part(task, n)` is due at the
start of part n. It claims the part (ProgramState.next_part moves past it, so
any change made from now on takes effect from the next part), draws it with
the timeline as it stands, stores its bytes, adds it to the live window, and
enqueues part n + 1, due at that part's start. A job that starts after its
part has ended (the engine was busy) draws nothing: it skips to the next part
to start, so a late program resumes at the live edge rather than drawing the
past, and the playlist marks the gap. The chain ends with the program: at the
stop, or MaxIdleTime after the room emptied (checked here, part by part).
"""

from __future__ import annotations

import datetime
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from studio.cloud.emulator.models import SandboxTask
from studio.cloud.emulator.program import selectors, services, store
from studio.cloud.emulator.program.encoder import OnAirMemo
from studio.cloud.emulator.program.models import ProgramState
from studio.cloud.emulator.program.timeline import (
    ENCODE_FIELDS,
    EPSILON,
    Grid,
    Part,
    Timeline,
)

logger = logging.getLogger(__name__)

QUEUE = "program"
DRAWN, SKIPPED, ENDED, STALE = "drawn", "skipped", "ended", "stale"
# Finished jobs are pruned after this long, by the job that opens a segment.
KEEP_FINISHED_JOBS = datetime.timedelta(minutes=1)
# A running program whose engine state has not moved for this long has lost its chain.
STALLED_AFTER_SECONDS = 10.0

# What is on air between two changes, drawn once per worker process (encoder.OnAirMemo).
_memo = OnAirMemo()


@dataclass(frozen=True)
class Claimed:
    """A part this job has claimed, with the timeline as it stood when it did."""

    task: SandboxTask
    timeline: Timeline
    grid: Grid
    part: Part


@task(queue_name=QUEUE)
def draw_part(task_pk: int, number: int) -> str:
    """The job: draw part `number` of the task's program (or skip to the live edge)."""
    return run_part(task_pk, number)


def start_program(task: SandboxTask, at: float) -> None:
    """Begin a new task's program: its engine state, and the job of its first part.

    Called by the recorder in the transaction that saves the Start, so the job
    exists exactly when the task does.
    """
    ProgramState.objects.create(task=task)
    _enqueue(task.pk, 0, at)


def run_part(task_pk: int, number: int, *, now: float | None = None) -> str:
    """Draw part `number` of a task's program: DRAWN, SKIPPED, ENDED or STALE (a
    duplicate job, or one for a part already passed).

    `now` is the moment the job starts (the clock by default): tests pass their own.
    """
    now = time.time() if now is None else now
    task = SandboxTask.objects.filter(pk=task_pk).first()
    if task is None:
        return ENDED
    services.expire_if_idle(task, now=now)
    claimed = _claim(task, number, now)
    if not isinstance(claimed, Claimed):
        return claimed
    part = claimed.part
    try:
        program = selectors.program_of(claimed.timeline, memo=_memo)
        store.put_part(task.task_id, part, program.render(part))
        _publish(claimed, program.on_air_at(part.start).encode)
    finally:
        # Even when drawing failed, the program goes on from the next part.
        if claimed.timeline.stopped_at is None or part.end < claimed.timeline.stopped_at:
            _enqueue(task.pk, part.number + 1, claimed.grid.part_start(part.number + 1))
    return DRAWN


def _claim(task: SandboxTask, number: int, now: float) -> Claimed | str:
    """Move the task's next part past `number`, in a locked transaction, and read the
    timeline in that same transaction: a change recorded after this moment reads
    the moved `next_part` and takes effect after this part (recorder.effective_at)."""
    with transaction.atomic():
        state, _created = ProgramState.objects.select_for_update().get_or_create(task=task)
        if number < state.next_part:
            return STALE
        timeline = selectors.timeline_of(task)
        grid = selectors.grid_of(timeline)
        part = grid.part(number, timeline.stopped_at)
        if part is None:
            # The stop came after the last part was drawn: that part closes its segment.
            if state.parts:
                state.parts = [*state.parts[:-1], {**state.parts[-1], "closes": True}]
            state.next_part, state.ended = number, True
            state.save(update_fields=["parts", "next_part", "ended", "updated_at"])
            return ENDED
        if now >= part.end:
            resume = max(grid.next_part(now), number + 1)
            state.skipped += resume - number
            state.next_part = resume
            state.save(update_fields=["skipped", "next_part", "updated_at"])
            _enqueue(task.pk, resume, grid.part_start(resume))
            logger.info(
                "Program %s: parts %d-%d skipped (engine busy)", task.pk, number, resume - 1
            )
            return SKIPPED
        state.next_part = number + 1
        state.save(update_fields=["next_part", "updated_at"])
    return Claimed(task, timeline, grid, part)


def _publish(claimed: Claimed, encode: dict[str, int] | None) -> None:
    """Add the drawn part, encoded with `encode` (a relay's is its stream's size), to the
    live window; forget the parts that leave it."""
    part, grid, timeline = claimed.part, claimed.grid, claimed.timeline
    signature = [encode[name] for name in ENCODE_FIELDS] if encode else None
    with transaction.atomic():
        state = ProgramState.objects.select_for_update().get(task=claimed.task)
        window = list(state.parts)
        last = window[-1] if window else None
        if last is not None and last["n"] >= part.number:
            return  # a later part of a duplicate chain got there first
        # A new segment on the grid, after a gap, or where the encoding changes; a
        # discontinuity after a gap or where the picture size changes (HLS asks for both).
        gap = last is not None and last["n"] != part.number - 1
        changed = last is not None and last["encode"] != signature
        resized = changed and (last["encode"] or [])[:2] != (signature or [])[:2]
        opens = last is None or gap or changed or last["closes"] or grid.opens_segment(part.number)
        disc = gap or resized
        ends = timeline.stopped_at is not None and part.end >= timeline.stopped_at - EPSILON
        window.append(
            {
                "n": part.number,
                "seg": 0 if last is None else last["seg"] + opens,
                "start": part.start,
                "dur": part.duration,
                "disc": disc,
                "dseq": (last["dseq"] if last else 0) + disc,
                "closes": ends or grid.opens_segment(part.number + 1),
                "encode": signature,
                "drawn": round(time.time(), 3),  # when it was published, for the figures
            }
        )
        kept_from = window[-1]["seg"] - settings.MIX_PROGRAM_WINDOW + 1
        gone = [entry["n"] for entry in window if entry["seg"] < kept_from]
        state.parts = [entry for entry in window if entry["seg"] >= kept_from]
        state.ended = ends
        state.save(update_fields=["parts", "ended", "updated_at"])
        if opens:
            DBTaskResult.objects.filter(
                task_path=draw_part.module_path,
                status=TaskResultStatus.SUCCESSFUL,
                finished_at__lt=datetime.datetime.now(tz=datetime.UTC) - KEEP_FINISHED_JOBS,
            ).delete()
    store.forget_parts(claimed.task.task_id, gone)


def _enqueue(task_pk: int, number: int, at: float) -> None:
    run_after = datetime.datetime.fromtimestamp(at, tz=datetime.UTC)
    draw_part.using(run_after=run_after).enqueue(task_pk, number)


def revive_stalled(*, now: float | None = None, **signal: object) -> None:
    """Start a new chain for every running program whose engine has not moved for a while.

    A chain breaks only if a worker dies in the middle of a job (a graceful stop
    finishes the job, which enqueues the next). Connected to `core.call_received`,
    like the idle end: any call to the emulator mends its programs. Should the old
    chain still be alive, the two meet at the next claim and one goes on.
    """
    now = time.time() if now is None else now
    quiet_since = datetime.datetime.fromtimestamp(now - STALLED_AFTER_SECONDS, tz=datetime.UTC)
    stalled = SandboxTask.objects.filter(status=SandboxTask.Status.RUNNING).exclude(
        program_state__updated_at__gte=quiet_since
    )
    for stalled_task in stalled:
        grid = selectors.grid_of(selectors.timeline_of(stalled_task))
        number = grid.next_part(now)
        ProgramState.objects.update_or_create(task=stalled_task)  # touched: revived once
        _enqueue(stalled_task.pk, number, grid.part_start(number))
