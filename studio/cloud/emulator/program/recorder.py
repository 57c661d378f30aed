"""Records each change of an emulator task into its program timeline, as it is saved.

Listening to the task row (rather than to each action) catches every way the
emulator changes a task, in the same transaction: a Start, an accepted update,
a stop, or an idle expiry; a refused request saves nothing and so records
nothing. A Start also starts the program's engine; an update or a stop is dated
at the start of the next part the engine will draw (services.effective_at), the
moment it shows on air. While nobody has told the simulated room who is in it,
the people a Start or a Take names come in with it, and the app hears of them
as room callbacks (services.announce_named).
"""

from __future__ import annotations

import time
from typing import Any

from django.db.models.signals import post_save

from layouts.core import room as rooms
from studio.cloud.emulator.models import SandboxTask

_CONNECTED = {"done": False}


def connect() -> None:
    if not _CONNECTED["done"]:
        post_save.connect(_task_saved, sender=SandboxTask, dispatch_uid="sandbox-program")
        _CONNECTED["done"] = True


def _task_saved(sender: type, instance: SandboxTask, created: bool, **kwargs: Any) -> None:
    from studio.cloud.emulator.program import engine, selectors, services
    from studio.cloud.emulator.program.models import ProgramChange

    now = time.time()
    if created:
        ProgramChange.objects.create(
            task=instance, kind=ProgramChange.Kind.START, at=now, params=instance.params
        )
        engine.start_program(instance, now)
        services.announce_named(instance, rooms.Room(), now, now=now)
        return
    changes = ProgramChange.objects.filter(task=instance)
    if changes.filter(kind=ProgramChange.Kind.STOP).exists():
        return
    last = (
        changes.filter(kind__in=[ProgramChange.Kind.START, ProgramChange.Kind.UPDATE])
        .order_by("-at", "-id")
        .only("params")
        .first()
    )
    changed = last is not None and last.params != instance.params
    if not changed and instance.is_running:
        return
    # A Take (or a stop) shows from the start of the next part the engine draws.
    at = services.effective_at(instance, now)
    if changed:
        before, _shapes = selectors.simulated_room(instance)
        ProgramChange.objects.create(
            task=instance,
            kind=ProgramChange.Kind.UPDATE,
            at=at,
            sequence_number=instance.last_sequence_number,
            params=instance.params,
        )
        if instance.is_running:
            services.announce_named(instance, before, at, now=now)
    if not instance.is_running:
        ProgramChange.objects.create(task=instance, kind=ProgramChange.Kind.STOP, at=at)
