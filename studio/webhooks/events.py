"""The events a webhook can subscribe to, and the JSON each one sends.

Every event is `{"id", "type", "created_at", "task", ...}`: `id` is the
event's own UUID (the same for every webhook it goes to, so a receiver that
sees it twice knows), `task` the task as `GET /api/tasks/` lists it (its
outputs, not every parameter), secrets masked as the API masks them.
`task.updated` adds `automatic` (true when the auto-director cut), and
`output.health` adds `output` (the CDN URL, masked, and its new state) and
`previous` (its state before, `null` the first time).
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.utils.translation import gettext_lazy as _

from layouts.core.storable import storable_copy
from studio import redaction
from studio.control.api import TaskListItemSerializer
from studio.control.models import MixTask

TASK_STARTED = "task.started"
TASK_UPDATED = "task.updated"
TASK_STOPPED = "task.stopped"
TASK_FAILED = "task.failed"
OUTPUT_HEALTH = "output.health"
# Sent on request only (the admin's and the API's "send a test event"), whatever the
# webhook subscribes to.
PING = "ping"

EVENTS = {
    TASK_STARTED: _("a task started: the cloud accepted its Start"),
    TASK_UPDATED: _("a task was updated: an Update is on air"),
    TASK_STOPPED: _("a task stopped"),
    TASK_FAILED: _("a task failed: the cloud refused its Start"),
    OUTPUT_HEALTH: _("the health of a task's CDN output changed"),
}
EVENT_NAMES = tuple(EVENTS)
# A task starts, stops and fails once: a second notice of the same (a late answer
# read after a reconcile found it) is not sent again.
ONCE_PER_TASK = frozenset({TASK_STARTED, TASK_STOPPED, TASK_FAILED})


def task_event(event: str, task: MixTask, *, at: datetime.datetime, **extra: Any) -> dict[str, Any]:
    """The payload of `event` about `task`, as it stands now."""
    return {
        "id": str(uuid.uuid4()),
        "type": event,
        "created_at": at.isoformat(),
        "task": task_shown(task),
        **storable_copy(redaction.redact(extra)),
    }


def ping_event(*, at: datetime.datetime) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "type": PING, "created_at": at.isoformat(), "task": None}


def task_shown(task: MixTask) -> dict[str, Any]:
    """The task as the task list answers it: outputs instead of parameters, secrets masked."""
    outputs = task.params.get("PublishCdnParams") if isinstance(task.params, dict) else None
    task.outputs = outputs or []
    return storable_copy(dict(TaskListItemSerializer(task).data))
