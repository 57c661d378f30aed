"""Reads of the control room: a task, the task list, a task's event log, robot seats.

Reads never write: a task the cloud ended by itself was marked stopped when
the cloud said so (a relay callback, or the emulator's `task_ended_by_cloud`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.db.models.fields.json import KeyTransform
from django.utils.translation import gettext as _

from layouts.core import roles as roles_
from layouts.core import room as rooms
from layouts.core.contract import bodies
from layouts.core.director import state_from_json
from layouts.errors import NotFound
from studio.cloud import backends
from studio.control.models import (
    LIVE_STATUSES,
    AppProfile,
    MixTask,
    TaskDirector,
    TaskEvent,
    TaskRoom,
)

MAX_ID = 2**63 - 1  # the largest key any database here stores
# What a list row shows of a task's relations.
RELATED = ("app_profile__sdk_app_id", "preset__name", "started_by__username")


def get_task(task_pk: Any) -> MixTask:
    """The task with this id, with its app profile, or NotFound."""
    try:
        if not 0 < int(task_pk) <= MAX_ID:
            raise MixTask.DoesNotExist
        return MixTask.objects.select_related("app_profile").get(pk=task_pk)
    except (MixTask.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("There is no task %(id)s.") % {"id": str(task_pk)[:40]}) from None


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
    return tasks


def task_events(task: MixTask, *, after: int = 0) -> QuerySet[TaskEvent]:
    """The task's calls and callbacks newer than event `after`, newest first."""
    events = TaskEvent.objects.filter(task=task).select_related("user")
    if after:
        events = events.filter(pk__gt=after)
    return events


def seat_holder(
    app: AppProfile, body: dict[str, Any], *, exclude: int | None = None
) -> tuple[tuple[str, str, int | None, str], MixTask | None]:
    """The first robot seat of `body` and our live task that holds it (R9), if any."""
    seats = bodies.robot_seats(body)
    if not seats:
        return ("AgentParams.UserId", "", None, ""), None
    wanted = {(seat[1], seat[2], seat[3]): seat for seat in seats}
    live = MixTask.objects.filter(app_profile=app, status__in=LIVE_STATUSES).order_by("-id")
    if exclude is not None:
        live = live.exclude(pk=exclude)
    for task in live.only("params", "status", "task_id", "room_id", "room_id_type"):
        for _path, room, room_type, user in bodies.robot_seats(task.params):
            if (room, room_type, user) in wanted:
                return wanted[(room, room_type, user)], task
    return seats[0], None


def app_profiles() -> list[AppProfile]:
    """The app profiles tasks can run in, the emulator's own first under the emulator.

    A read only: the emulator's profile is made by `manage.py ensure_sandbox_app`
    (`make run`) or by a start that names it, never by listing.
    """
    apps = list(AppProfile.objects.all())
    if backends.backend_name() == backends.EMULATOR:
        # Stable sort: the others keep their order by name.
        apps.sort(key=lambda app: app.sdk_app_id != settings.MIX_SANDBOX_SDK_APP_ID)
    return apps


def task_room(task: MixTask) -> rooms.Room | None:
    """Who is in the task's room as its room events told (None: no event yet)."""
    row = TaskRoom.objects.filter(task=task).only("state").first()
    return None if row is None else rooms.from_json(row.state)


def task_director(task: MixTask) -> TaskDirector | None:
    """The task's auto-director (rules, roles, pause, slate), if it has one."""
    return TaskDirector.objects.filter(task=task).select_related("slate_preset").first()


def task_roles(task: MixTask, row: TaskDirector | None = None) -> roles_.Roles | None:
    """The roles the task's pictures are filled by, its robots excluded; None for none."""
    row = row if row is not None else task_director(task)
    if row is None or row.roles is None:
        return None
    read = roles_.read_roles(row.roles)
    robots = tuple(roles_.Exclusion(user_id=user) for user in robot_user_ids(task))
    return replace(read, exclude=(*read.exclude, *robots))


def robot_user_ids(task: MixTask) -> list[str]:
    """The UserIds of the robots the task seats (its own and its push-back rooms'): never
    a person of the show."""
    return [seat[3] for seat in bodies.robot_seats(task.params) if seat[3]]


def with_roles_filled(task: MixTask, document: Any) -> Any:
    """`document` with every role slot and watermark filled for the task's room as it is:
    what a Take sends (layouts/core/roles.py `resolve`). Unchanged without roles."""
    row = task_director(task) if isinstance(document, dict) else None
    task_roles_ = task_roles(task, row) if row is not None else None
    if row is None or task_roles_ is None:
        return document
    recent = state_from_json(row.state.get("machine")).seen.recent
    return roles_.resolve(
        document,
        task_roles_,
        task_room(task) or rooms.Room(),
        main_room=(task.room_id, task.room_id_type),
        recent=recent,
    )
