"""The program's timeline as the emulator applied it: what changed on a task, and when."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from studio.cloud.emulator.models import SandboxTask


class ProgramChange(models.Model):
    """One moment of a task's program: a Start, an accepted update, a stop or a room change.

    `at` is the emulator's clock when it applied the change, in Unix seconds: a
    program segment is drawn from the changes before its frames and nothing else.
    """

    class Kind(models.TextChoices):
        START = "start", _("start")
        UPDATE = "update", _("update")
        STOP = "stop", _("stop")
        ROOM = "room", _("room")

    task = models.ForeignKey(
        SandboxTask,
        on_delete=models.CASCADE,
        related_name="program_changes",
        verbose_name=_("task"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    at = models.FloatField(_("at (Unix seconds)"))
    sequence_number = models.BigIntegerField(_("SequenceNumber"), null=True, blank=True)
    # Start and update: the parameters in force from `at` (the task row's, secrets removed).
    params = models.JSONField(_("parameters"), null=True, blank=True)
    # Room: who is in the simulated room from `at` (the participant shape of previews,
    # with since_ms and level), and the moment of the room events that made it so (Unix
    # ms, as their callbacks say: the program shows it from `at`, the next part).
    participants = models.JSONField(_("participants"), null=True, blank=True)
    event_ms = models.BigIntegerField(_("event time (Unix ms)"), null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["task", "at"], name="program_change_task_at")]
        verbose_name = _("program change")
        verbose_name_plural = _("program changes")

    def __str__(self) -> str:
        return f"{self.kind} @ {self.at:.3f}"


class ProgramState(models.Model):
    """Where the engine is with a task's program: the first part not yet decided, and the
    parts drawn lately (the live window every playlist is made from).

    `next_part` is the first part whose picture is not decided: a change (a Take, a
    room change, a stop) takes effect from the start of that part at the earliest.
    The engine advances it when it starts drawing a part, in the same kind of
    locked transaction in which the recorder reads it, so a part never misses a
    change dated at its start. Each entry of `parts` is a drawn part: its number,
    start and duration, and the segment (media sequence number) it belongs to.
    """

    task = models.OneToOneField(
        SandboxTask,
        on_delete=models.CASCADE,
        related_name="program_state",
        verbose_name=_("task"),
    )
    next_part = models.BigIntegerField(_("next part"), default=0)
    parts = models.JSONField(_("parts on the playlist"), default=list)
    skipped = models.BigIntegerField(_("parts skipped"), default=0)
    ended = models.BooleanField(_("ended"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("program engine state")
        verbose_name_plural = _("program engine states")

    def __str__(self) -> str:
        return f"{self.task_id}: next part {self.next_part}"


class ScenarioPlay(models.Model):
    """A scenario being rehearsed in a task's simulated room (scenario_jobs.py).

    `events` are the scenario's room events in time order, each with `at` (seconds
    from the scenario's start); `origin` is the Unix time of that start (moved on
    by a pause), `cursor` the first event not yet played. Every pause, resume,
    restart or step moves `generation` on: a job carries the generation it was
    scheduled in, and does nothing in another.
    """

    task = models.OneToOneField(
        SandboxTask,
        on_delete=models.CASCADE,
        related_name="scenario_play",
        verbose_name=_("task"),
    )
    duration = models.FloatField(_("duration (seconds)"))
    events = models.JSONField(_("events"), default=list)
    origin = models.FloatField(_("start (Unix seconds)"))
    cursor = models.PositiveIntegerField(_("next event"), default=0)
    paused_at = models.FloatField(_("paused at (seconds)"), null=True, blank=True)
    generation = models.PositiveIntegerField(_("generation"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("scenario rehearsal")
        verbose_name_plural = _("scenario rehearsals")

    def __str__(self) -> str:
        return f"{self.task_id}: event {self.cursor} of {len(self.events)}"
