"""The auto-director of a running task: its rules cut the program as the room changes.

The decision is layouts/core/director.py `decide`, the same function the dry
run calls; here it meets the task's own room (TaskRoom), what is on air and
the clock, and its Cuts go through the one take path (take.take_task) as a
producer's Take does. Three things call it:

- room events, as they are applied to the task's room (room.apply_room_events):
  the decision is made at once, under the lock of the director's row; a program
  cut is sent by a job (`cut_job`), so a cloud callback is never held by a call
  to the cloud;
- a scheduled evaluation coming due (sensitivity, hold, cooldown): a job
  (`tick_job`) enqueued for `state.next_due_ms`; one that finds the state moved
  on does nothing;
- a producer's Take (`after_manual_take`): it wins, and holds automation off
  for the hold time.

Paused automation (or the slate on air) still watches the room, so that it
resumes from the room as it is then, not from a backlog; it cuts nothing. Every
cut, refused or not, is written to the task's event log (kind "director") with
the rule, the happening and the event that fired it and what was requested
beside what the cloud applied. Timers are jobs of the job runner; nothing here
sleeps or keeps a thread.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task as job

from layouts import director as show_director
from layouts.core import director_rules, roles, show
from layouts.core import room as rooms
from layouts.core.contract.room_events import RoomEvent
from layouts.core.director import (
    Cut,
    Director,
    Input,
    ManualTake,
    Tick,
    decide,
    state_from_json,
    state_to_json,
)
from layouts.core.director_shots import OnAir, Shot, slate_shot
from layouts.errors import MixStudioError
from layouts.models import Preset
from studio.control import selectors
from studio.control.models import MixTask, TaskDirector, TaskEvent
from studio.control.selectors import get_task
from studio.control.services import take
from studio.control.services.build import redact

QUEUE = "default"
LIVE = (MixTask.Status.STARTING, MixTask.Status.RUNNING)
MANUAL = "manual"  # the shot name of what a producer took by hand
# Director event log actions (TaskEvent.action).
CUT, CUT_REFUSED, STAGED = "Auto cut", "Auto cut refused", "Staged by a rule"
PAUSED, RESUMED = "Automation paused", "Automation resumed"
SLATE_ON, SLATE_OFF = "Slate on air", "Slate released"
SLATE_TEXT_MAX = 60


class DirectorRefused(MixStudioError):
    status_code = 409
    code = "director-refused"


def now_ms() -> int:
    return int(time.time() * 1000)


# ---------------------------------------------------------------------------
# Setting up and configuring.


def _show_parts(whole_show: Any) -> tuple[Any, Any, Any]:
    """(VideoParams, rules, roles) of a launch's whole show."""
    if not isinstance(whole_show, dict):
        return None, None, None
    part = whole_show.get(show.APP_KEY)
    part = part if isinstance(part, dict) else {}
    return whole_show.get("VideoParams"), part.get(show.RULES), part.get(show.ROLES)


def check_launch_show(whole_show: Any) -> None:
    """Refuse a launch whose rules or roles are wrong (naming the rule and the field),
    before anything is sent."""
    document, rules_json, roles_json = _show_parts(whole_show)
    if (rules_json or roles_json is not None) and isinstance(document, dict):
        show_director.director_for(
            document,
            rules_json=rules_json or [],
            roles_json=roles_json,
            rules_path=f"{show.APP_KEY}.{show.RULES}",
            roles_path=f"{show.APP_KEY}.{show.ROLES}",
        )


def set_up_for_launch(task: MixTask, whole_show: Any) -> TaskDirector | None:
    """A task launched with rules (the whole show's `MixStudio.Rules`) or roles gets its
    director, already watching; None when the show has neither."""
    _document, rules_json, roles_json = _show_parts(whole_show)
    if not rules_json and roles_json is None:
        return None
    return configure(
        task.pk,
        rules=rules_json or [],
        roles=roles_json,
        rules_path=f"{show.APP_KEY}.{show.RULES}",
        roles_path=f"{show.APP_KEY}.{show.ROLES}",
    )


_KEEP = object()


def configure(
    task_pk: int,
    *,
    rules: Any = _KEEP,
    roles: Any = _KEEP,
    paused: bool | None = None,
    slate_preset: Preset | None | object = _KEEP,
    user: AbstractBaseUser | None = None,
    rules_path: str = "rules",
    roles_path: str = "roles",
) -> TaskDirector:
    """Change a task's rules, roles, pause or slate preset; each checked before anything is
    kept (a bad rule is refused naming the rule and the field)."""
    with transaction.atomic():
        task = MixTask.objects.select_for_update().get(pk=task_pk)
        row, _created = TaskDirector.objects.select_for_update().get_or_create(
            task=task, defaults=_new_row(task)
        )
        new_rules = row.rules if rules is _KEEP else rules
        new_roles = row.roles if roles is _KEEP else roles
        _build(
            task, row, rules_json=new_rules, roles_json=new_roles, paths=(rules_path, roles_path)
        )
        row.rules, row.roles = new_rules, new_roles
        if slate_preset is not _KEEP:
            if isinstance(slate_preset, Preset) and not isinstance(slate_preset.document, dict):
                raise MixStudioError(
                    _("The slate must be a preset with a picture, not an audio-only one."),
                    field="slate_preset",
                )
            row.slate_preset = slate_preset if isinstance(slate_preset, Preset) else None
        if paused is not None and paused != row.paused:
            row.paused = paused
            # Pausing forgets what was scheduled; resuming starts from the room as it is.
            row.state = {**row.state, "machine": _forget_pending(row)}
            _log(task, PAUSED if paused else RESUMED, {}, {}, user=user)
        row.save()
        # A change of rules or roles is read by the next decision: nothing is re-cut now.
    return row


def _new_row(task: MixTask) -> dict[str, Any]:
    """A director starts with the show's own picture on air: the VideoParams in force,
    kept as the show's shot whatever is taken later."""
    document = task.params.get("VideoParams") if isinstance(task.params, dict) else None
    return {
        "on_air": {"shot": director_rules.SHOW, "document": document or {}},
        "state": {"show": document or {}},
    }


def _forget_pending(row: TaskDirector) -> dict[str, Any]:
    state = state_from_json(row.state.get("machine"))
    return state_to_json(replace(state, pending=()))


def _build(
    task: MixTask,
    row: TaskDirector,
    *,
    rules_json: Any = None,
    roles_json: Any = None,
    paths: tuple[str, str] = ("rules", "roles"),
) -> Director:
    """The task's Director: its rules and roles over the show's own picture, the task's
    robots out of every picture."""
    document = row.state.get("show") or task.params.get("VideoParams") or {}
    director, _warnings = show_director.director_for(
        document,
        rules_json=row.rules if rules_json is None else rules_json,
        roles_json=row.roles if roles_json is None else roles_json,
        main_room=(task.room_id, task.room_id_type),
        rules_path=paths[0],
        roles_path=paths[1],
        also_excluded=selectors.robot_user_ids(task),
        leg=task.leg or None,
    )
    return director


# ---------------------------------------------------------------------------
# Deciding.


def react(task_pk: int, room_before: rooms.Room, events: Sequence[RoomEvent]) -> None:
    """Room events were applied to the task's room (inside that transaction): decide on
    each, with the room as it was after it. Cuts and timers go to the job runner once
    the room change is committed."""
    row = TaskDirector.objects.select_for_update().filter(task_id=task_pk).first()
    if row is None or not events:
        return
    task = row.task
    if task.status not in LIVE:
        return
    director = _build(task, row)
    room = room_before
    cuts: list[tuple[Cut, RoomEvent]] = []
    for event in events:
        room, _changed = rooms.apply(room, event)
        cut = _decide(row, director, room, event)
        if cut is not None:
            cuts.append((cut, event))
    _schedule_tick(row)
    row.save()
    for cut, event in cuts:
        _act_later(task_pk, cut, event)


def tick(task_pk: int, due_ms: int) -> str:
    """A scheduled evaluation came due: decide, and cut now if the director does."""
    with transaction.atomic():
        row = TaskDirector.objects.select_for_update().filter(task_id=task_pk).first()
        if row is None or row.task.status not in LIVE:
            return "gone"
        state = state_from_json(row.state.get("machine"))
        if state.next_due_ms is None or state.next_due_ms > now_ms():
            return "stale"  # the state moved on: the tick it needs is scheduled
        director = _build(row.task, row)
        cut = _decide(row, director, _room_of(row.task), Tick())
        _schedule_tick(row)
        row.save()
    if cut is not None:
        return _act(task_pk, cut, None)
    return "nothing"


def _decide(row: TaskDirector, director: Director, room: rooms.Room, event: Input) -> Cut | None:
    """One decision on `row` (changed in place); the Cut to make, if any."""
    state = state_from_json(row.state.get("machine"))
    on_air = _on_air(row, director)
    if row.paused or row.slate_return is not None:
        # Watching only: the room is seen, nothing is armed or cut.
        _cut, state = decide(replace(director, rules=()), room, event, on_air, now_ms(), state)
        row.state = {**row.state, "machine": state_to_json(replace(state, pending=()))}
        return None
    cut, state = decide(director, room, event, on_air, now_ms(), state)
    row.state = {**row.state, "machine": state_to_json(state)}
    if cut is not None and cut.target == director_rules.PREVIEW:
        row.staged = _cut_json(cut)
        _log(row.task, STAGED, _cut_json(cut), {}, user=None)
        return None
    return cut


def _on_air(row: TaskDirector, director: Director) -> OnAir:
    name = row.on_air.get("shot", director_rules.SHOW)
    document = row.on_air.get("document") or director.show.document
    if name == director_rules.SHOW:
        shot = director.show
    elif isinstance(name, int) and name in director.library:
        shot = director.library[name]
    else:
        shot = Shot(name, document, director.show.roles)
    return OnAir(shot, document)


def _room_of(task: MixTask) -> rooms.Room:
    return selectors.task_room(task) or rooms.Room()


def _schedule_tick(row: TaskDirector) -> None:
    """Enqueue (once the transaction commits) the tick the state needs, once per moment:
    `tick_ms` remembers it on the row, which the caller saves."""
    due = state_from_json(row.state.get("machine")).next_due_ms
    if due is None or row.state.get("tick_ms") == due:
        return
    row.state = {**row.state, "tick_ms": due}
    at = datetime.datetime.fromtimestamp(due / 1000, tz=datetime.UTC)
    transaction.on_commit(lambda: tick_job.using(run_after=at).enqueue(row.task_id, due))


# ---------------------------------------------------------------------------
# Cutting: the one take path, logged.


def _act_later(task_pk: int, cut: Cut, event: RoomEvent | None) -> None:
    payload = {"cut": _cut_json(cut), "event": event.to_dict() if event is not None else None}
    transaction.on_commit(lambda: cut_job.enqueue(task_pk, payload))


def _act(task_pk: int, cut: Cut | dict[str, Any], event: RoomEvent | dict[str, Any] | None) -> str:
    """Send a program cut through take_task and log it; what happened, in a word."""
    decided = _cut_json(cut) if isinstance(cut, Cut) else cut
    if isinstance(event, RoomEvent):
        event = event.to_dict()
    task = get_task(task_pk)
    requested = {**decided, "event": event or decided.get("event")}
    try:
        row = TaskDirector.objects.filter(task_id=task_pk).first()
        if row is not None and (row.paused or row.slate_return is not None):
            # Paused (or the slate put on air) between the decision and now.
            _log(task, CUT_REFUSED, requested, {"code": "paused"}, user=None)
            return "paused"
        task = take.take_task(
            task_pk, document=decided["document"], user=None, automatic=True, fill_roles=False
        )
    except MixStudioError as refused:
        _log(task, CUT_REFUSED, requested, _refusal(refused), user=None)
        return "refused"
    with transaction.atomic():
        row = TaskDirector.objects.select_for_update().filter(task_id=task_pk).first()
        if row is not None:
            row.on_air = {"shot": decided["shot"], "document": decided["document"]}
            row.save(update_fields=["on_air", "updated_at"])
    applied = {
        "SequenceNumber": task.sequence_number,
        "VideoParams": redact(task.params.get("VideoParams")),
    }
    _log(task, CUT, requested, applied, user=None)
    return "cut"


def _refusal(error: MixStudioError) -> dict[str, Any]:
    answer: dict[str, Any] = {"code": getattr(error, "code", ""), "message": str(error.message)}
    field = getattr(error, "field", "")
    if field:
        answer["field"] = field
    return answer


def _cut_json(cut: Cut) -> dict[str, Any]:
    happening = cut.happening
    return {
        "rule": cut.rule,
        "target": cut.target,
        "shot": cut.on_air.shot.name,
        "document": cut.document,
        "trigger": {
            "on": happening.kind,
            **({"UserId": happening.person[0]} if happening.person else {}),
        },
        "event": happening.event.to_dict() if happening.event is not None else None,
        "armed_at_ms": cut.armed_ms,
        "at_ms": cut.at_ms,
    }


def _log(
    task: MixTask,
    action: str,
    request: dict[str, Any],
    response: dict[str, Any],
    *,
    user: AbstractBaseUser | None,
) -> None:
    TaskEvent.objects.create(
        task=task,
        kind=TaskEvent.Kind.DIRECTOR,
        action=action,
        request=redact(request),
        response=redact(response),
        sequence_number=task.sequence_number,
        user=user if user is not None and user.is_authenticated else None,
    )


# ---------------------------------------------------------------------------
# The producer's hand: a manual Take, and the slate.


def on_taken(sender: Any, *, task: MixTask, automatic: bool, **signal: Any) -> None:
    """signals.taken: a Take by hand (or the slate) wins over the rules."""
    if not automatic:
        after_manual_take(task)


def after_manual_take(task: MixTask) -> None:
    """A producer's Take went on air: it wins over every scheduled cut and holds
    automation off for the hold; the director knows what is on air now."""
    if not TaskDirector.objects.filter(task_id=task.pk).exists():
        return  # a task without a director: nothing to hold off (and no transaction)
    with transaction.atomic():
        row = TaskDirector.objects.select_for_update().filter(task_id=task.pk).first()
        if row is None:
            return
        document = task.params.get("VideoParams") or {}
        row.on_air = {"shot": MANUAL, "document": document}
        row.staged = {}
        director = _build(task, row)
        state = state_from_json(row.state.get("machine"))
        on_air = _on_air(row, director)
        _cut, state = decide(director, _room_of(task), ManualTake(), on_air, now_ms(), state)
        row.state = {**row.state, "machine": state_to_json(state)}
        row.save()


def slate(
    task_pk: int,
    *,
    on: bool,
    user: AbstractBaseUser | None,
    text: str | None = None,
    seconds: float | None = None,
) -> TaskDirector:
    """Put the slate on air at once (the task's slate preset, else the show's canvas,
    background and logos with `text`), or take back what was on air before it.
    `seconds`: release it by itself after that long (a job)."""
    task = get_task(task_pk)
    if task.status not in LIVE:
        raise DirectorRefused(_("The task has ended: there is no program to put a slate on."))
    row, _created = TaskDirector.objects.get_or_create(task=task, defaults=_new_row(task))
    if on:
        return _slate_on(task, row, user, text, seconds)
    return _slate_off(task, row, user)


def _slate_on(
    task: MixTask,
    row: TaskDirector,
    user: AbstractBaseUser | None,
    text: str | None,
    seconds: float | None,
) -> TaskDirector:
    if row.slate_return is not None:
        raise DirectorRefused(_("The slate is on air already."), field="on")
    director = _build(task, row)
    if row.slate_preset is not None and isinstance(row.slate_preset.document, dict):
        shot = Shot(
            row.slate_preset.pk,
            row.slate_preset.document,
            roles.read_roles(roles.roles_of(row.slate_preset.request)),
        )
    else:
        shot = slate_shot(director.show, text=text or _("We will be right back"))
    document = roles.resolve(
        shot.document, shot.roles, _room_of(task), main_room=(task.room_id, task.room_id_type)
    )
    in_force = task.params.get("VideoParams") or {}
    before = {"shot": row.on_air.get("shot", director_rules.SHOW), "document": in_force}
    task = take.take_task(task.pk, document=document, user=user, fill_roles=False)
    with transaction.atomic():
        row = TaskDirector.objects.select_for_update().get(pk=row.pk)
        generation = now_ms()
        row.slate_return = before
        row.on_air = {"shot": director_rules.SLATE, "document": document}
        row.state = {**row.state, "machine": _forget_pending(row), "slate_generation": generation}
        row.save()
        if seconds:
            at = timezone.now() + datetime.timedelta(seconds=seconds)
            transaction.on_commit(
                lambda: release_slate_job.using(run_after=at).enqueue(task.pk, generation)
            )
    _log(
        task,
        SLATE_ON,
        {"shot": shot.name, "seconds": seconds},
        {"SequenceNumber": task.sequence_number},
        user=user,
    )
    return row


def _slate_off(task: MixTask, row: TaskDirector, user: AbstractBaseUser | None) -> TaskDirector:
    if row.slate_return is None:
        raise DirectorRefused(_("The slate is not on air."), field="on")
    back = row.slate_return
    try:
        task = take.take_task(task.pk, document=back["document"], user=user, fill_roles=False)
    except take.NothingToTake:
        pass  # what the slate replaced is on air already (someone took it by hand)
    with transaction.atomic():
        row = TaskDirector.objects.select_for_update().get(pk=row.pk)
        row.slate_return = None
        row.on_air = back
        row.state = {**row.state, "machine": _forget_pending(row), "slate_generation": None}
        row.save()
    _log(
        task,
        SLATE_OFF,
        {"shot": back.get("shot")},
        {"SequenceNumber": task.sequence_number},
        user=user,
    )
    return row


# ---------------------------------------------------------------------------
# Jobs.


@job(queue_name=QUEUE)
def tick_job(task_pk: int, due_ms: int) -> str:
    return tick(task_pk, due_ms)


@job(queue_name=QUEUE)
def cut_job(task_pk: int, payload: dict[str, Any]) -> str:
    return _act(task_pk, payload["cut"], payload.get("event"))


@job(queue_name=QUEUE)
def release_slate_job(task_pk: int, generation: int) -> str:
    row = TaskDirector.objects.filter(task_id=task_pk).first()
    if row is None or row.state.get("slate_generation") != generation or row.slate_return is None:
        return "stale"
    try:
        _slate_off(row.task, row, None)
    except MixStudioError:
        return "refused"
    return "released"
