"""Reads of the control room: the task list and a task's event log."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.db.models.fields.json import KeyTransform

from studio.control.models import MixTask, TaskEvent

TASK_LIST_LIMIT = 200
EVENT_LIMIT = 500
# What a list row shows of a task's relations.
RELATED = ("app_profile__sdk_app_id", "preset__name", "started_by__username")


@dataclass(frozen=True)
class TaskFilters:
    status: str = ""  # one of MixTask.Status, or "" for every task


def task_list(filters: TaskFilters, *, params: bool = False) -> QuerySet[MixTask]:
    """The newest tasks first; without the parameters in force unless asked.

    A list shows each task's outputs, read from the parameters inside the
    database, so the parameters themselves (often many KB a task) stay there.
    """
    tasks = MixTask.objects.select_related("app_profile", "preset", "started_by")
    if filters.status:
        tasks = tasks.filter(status=filters.status)
    own = [
        field.name for field in MixTask._meta.concrete_fields if params or field.name != "params"
    ]
    tasks = tasks.only(*own, *RELATED)
    if not params:
        tasks = tasks.annotate(outputs=KeyTransform("PublishCdnParams", "params"))
    return tasks[:TASK_LIST_LIMIT]


def task_events(task: MixTask, *, after: int = 0) -> QuerySet[TaskEvent]:
    """The task's calls and callbacks newer than event `after`, newest first."""
    events = TaskEvent.objects.filter(task=task).select_related("user")
    if after:
        events = events.filter(pk__gt=after)
    return events[:EVENT_LIMIT]
