"""A show of several legs: one task per variant of a preset, launched, taken, slated and
stopped together.

The legs of a launch are layouts/core/variants.py `leg_bodies` (the main picture,
then each variant with its own picture, outputs and robot). Every leg is
checked before anything is sent (a CDN URL in two legs is refused naming both),
then each is started through the one launch path (room.start_rehearsed); a leg
that fails to start stops the legs started before it, so no half a show is left
on air. The legs share a `show_key`.

A Take of the show plans every leg's Update through the take path first (a leg
with problems refuses the whole Take, nothing sent), then sends them back to
back; if the cloud refuses one, the legs already taken are taken back to what
was on air before, and the refusal names the leg and says what was rolled back.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from layouts.core import variants
from layouts.core.contract.problems import ERROR, Problem
from layouts.errors import MixStudioError, NotFound, ProblemsRefused
from layouts.models import Preset
from studio.cloud import backends
from studio.control.models import AppProfile, MixTask
from studio.control.selectors import get_task
from studio.control.services import director, launch, room, stop, take
from studio.control.services.build import build_start_body, launch_show, robot_user_id

TAKEN, UNCHANGED = "taken", "unchanged"


class ShowTakeRefused(MixStudioError):
    """A leg's Update was refused: the legs taken before it were taken back."""

    def __init__(self, leg: str, error: MixStudioError, rolled_back: list[dict[str, Any]]) -> None:
        back = ", ".join(item["leg"] for item in rolled_back if item["result"] == "rolled-back")
        failed = ", ".join(item["leg"] for item in rolled_back if item["result"] != "rolled-back")
        message = _("Leg %(leg)s was refused: %(reason)s") % {"leg": leg, "reason": error.message}
        if back:
            message += " " + _("Taken back to what was on air: %(legs)s.") % {"legs": back}
        if failed:
            message += " " + _("Could not be taken back: %(legs)s.") % {"legs": failed}
        if not rolled_back:
            message += " " + _("No other leg was changed.")
        super().__init__(message, field=f"legs.{leg}")
        self.status_code = getattr(error, "status_code", 409)
        self.code = "show-take-refused"
        self.leg = leg
        self.rolled_back = rolled_back

    def payload(self) -> dict[str, Any]:
        body = super().payload()
        body["leg"] = self.leg
        body["rolled_back"] = self.rolled_back
        return body


@dataclass(frozen=True)
class LegResult:
    leg: str
    task: MixTask
    result: str


def legs_of(show_key: str) -> list[MixTask]:
    """The tasks of a show, the main leg first, then the variants in launch order."""
    tasks = list(
        MixTask.objects.filter(show_key=show_key)
        .select_related("app_profile", "preset")
        .order_by("pk")
    )
    if not show_key or not tasks:
        raise NotFound(_("There is no show %(key)s.") % {"key": show_key[:40]})
    return tasks


def start_show(
    *,
    app: AppProfile,
    request: Any,
    user: AbstractBaseUser | None,
    preset: Preset | None = None,
    fill_from_preset: bool = True,
    scenario: Any = None,
) -> list[MixTask]:
    """Start one task per leg of the show; all checked before any is sent."""
    if not isinstance(request, dict):
        raise MixStudioError(_("request must be a JSON object."), field="request")
    whole = launch_show(request, preset, fill_from_preset=fill_from_preset)
    legs = [(leg, _with_own_robot(leg, body)) for leg, body in variants.leg_bodies(whole)]
    shared = variants.shared_outputs(legs)
    if shared:
        raise ProblemsRefused(shared[0].render(_), shared, field=shared[0].path)
    problems: list[Problem] = []
    for leg, body in legs:
        built = build_start_body(app, body, None, fill_from_preset=False)
        for problem in launch.launch_problems(body, built, backends.backend_name()):
            problems.append(problem if leg == variants.MAIN else problem.under(f"legs.{leg}"))
    errors = [p for p in problems if p.severity == ERROR]
    if errors:
        raise ProblemsRefused(errors[0].render(_), problems, field=errors[0].path)
    key = str(uuid.uuid4())
    started: list[MixTask] = []
    for leg, body in legs:
        try:
            task = room.start_rehearsed(
                app=app,
                request=body,
                user=user,
                preset=preset,
                fill_from_preset=False,
                scenario=scenario,
            )
        except MixStudioError:
            for earlier in started:
                _stop_quietly(earlier, user)
            raise
        MixTask.objects.filter(pk=task.pk).update(show_key=key, leg=leg)
        started.append(get_task(task.pk))
    return started


def take_show(
    show_key: str, documents: dict[str, Any], *, user: AbstractBaseUser | None
) -> list[LegResult]:
    """Put each leg's staged document on air, all or none (see the module docstring)."""
    tasks = {task.leg: task for task in legs_of(show_key) if task.status == task.Status.RUNNING}
    unknown = [leg for leg in documents if leg not in tasks]
    if unknown:
        raise MixStudioError(
            _("The show has no running leg called %(leg)s.") % {"leg": unknown[0][:40]},
            field=f"legs.{unknown[0][:40]}",
        )
    plans = {}
    problems: list[Problem] = []
    for leg, document in documents.items():
        plan = take.plan_take(tasks[leg], document=document)
        problems += [p.under(f"legs.{leg}") for p in plan.problems]
        plans[leg] = plan
    errors = [p for p in problems if p.severity == ERROR]
    if errors:
        raise ProblemsRefused(errors[0].render(_), problems, field=errors[0].path)
    if not any(plan.changes_anything for plan in plans.values()):
        raise take.NothingToTake(
            _("Every leg's staged layout is already on air; nothing was sent.")
        )
    results: list[LegResult] = []
    sent: list[tuple[str, MixTask, Any]] = []
    for leg, task in tasks.items():
        if leg not in plans or not plans[leg].changes_anything:
            results.append(LegResult(leg, task, UNCHANGED))
            continue
        before = task.params.get("VideoParams")
        try:
            taken = take.take_task(task.pk, document=documents[leg], user=user)
        except MixStudioError as error:
            raise ShowTakeRefused(leg, error, _roll_back(sent, user)) from None
        sent.append((leg, taken, before))
        results.append(LegResult(leg, taken, TAKEN))
    return results


def _roll_back(
    sent: list[tuple[str, MixTask, Any]], user: AbstractBaseUser | None
) -> list[dict[str, Any]]:
    """Take each leg already taken back to what it had on air, newest first."""
    outcome = []
    for leg, task, before in reversed(sent):
        try:
            take.take_task(task.pk, document=before, user=user, fill_roles=False)
        except MixStudioError as error:
            outcome.append({"leg": leg, "result": "failed", "message": error.message})
        else:
            outcome.append({"leg": leg, "result": "rolled-back"})
    return outcome


def stop_show(
    show_key: str, *, user: AbstractBaseUser | None, leg: str | None = None
) -> list[MixTask]:
    """Stop every leg of the show still live (or the one leg named)."""
    tasks = legs_of(show_key)
    if leg is not None:
        tasks = [task for task in tasks if task.leg == leg]
        if not tasks:
            raise MixStudioError(
                _("The show has no leg called %(leg)s.") % {"leg": leg[:40]}, field="leg"
            )
    stopped = []
    for task in tasks:
        if task.status in (task.Status.STARTING, task.Status.RUNNING):
            stopped.append(stop.stop_task(task.pk, user=user))
        else:
            stopped.append(task)
    return stopped


def slate_show(show_key: str, *, on: bool, user: AbstractBaseUser | None) -> list[MixTask]:
    """The slate on (or off) every running leg: each leg's own slate, at its own size."""
    tasks = [task for task in legs_of(show_key) if task.status == task.Status.RUNNING]
    for task in tasks:
        try:
            director.slate(task.pk, on=on, user=user)
        except director.DirectorRefused:
            continue  # this leg's slate is on (or off) already
    return [get_task(task.pk) for task in tasks]


def _with_own_robot(leg: str, body: dict[str, Any]) -> dict[str, Any]:
    """A variant's leg whose show names no robot gets the default robot marked with the
    leg, not the main leg's (R9: one robot UserId per room)."""
    agent = body.get("AgentParams")
    if leg == variants.MAIN or not isinstance(body.get("RoomId"), str):
        return body
    if agent is None:
        agent = body["AgentParams"] = {}
    if isinstance(agent, dict) and not agent.get("UserId"):
        agent["UserId"] = variants.leg_robot(robot_user_id(body["RoomId"]), leg)
    return body


def _stop_quietly(task: MixTask, user: AbstractBaseUser | None) -> None:
    try:
        stop.stop_task(task.pk, user=user)
    except MixStudioError:
        pass  # its own event log says why; the refusal of the leg that failed is what is told
