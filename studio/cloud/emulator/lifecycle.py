"""The app's view of a sandbox task follows what the emulator did on its own."""

from __future__ import annotations

import datetime

from studio.cloud.emulator.models import SandboxTask
from studio.cloud.emulator.program import services as program_services
from studio.cloud.emulator.program.models import ProgramChange
from studio.control.models import MixTask

SANDBOX = "sandbox"


def sandbox_task_of(task: MixTask) -> SandboxTask | None:
    """The emulator's record of a task, for tasks that ran on the emulator."""
    if task.backend != SANDBOX or not task.task_id:
        return None
    return SandboxTask.objects.filter(task_id=task.task_id).first()


def follow_sandbox(task: MixTask) -> MixTask:
    """Mark the task stopped if the emulator ended it itself (MaxIdleTime with an empty
    room, R29).

    The real cloud would tell the app through relay callbacks; here the app
    looks when it reads the task, which is the first moment anyone could see it.
    """
    if task.status != MixTask.Status.RUNNING:
        return task
    sandbox = sandbox_task_of(task)
    if sandbox is None:
        return task
    program_services.expire_if_idle(sandbox)
    if sandbox.is_running:
        return task
    ends = program_services.idle_end(sandbox)
    stop = sandbox.program_changes.filter(kind=ProgramChange.Kind.STOP).first()
    if ends is None or stop is None or abs(stop.at - ends) > 1e-3:
        return task  # stopped some other way: a Stop from here still ends it cleanly
    MixTask.objects.filter(pk=task.pk, status=MixTask.Status.RUNNING).update(
        status=MixTask.Status.STOPPED,
        stopped_at=datetime.datetime.fromtimestamp(stop.at, tz=datetime.UTC),
    )
    task.refresh_from_db()
    return task
