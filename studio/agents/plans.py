"""Take plans: the dry run an agent reviews, then the one Take it may send.

An agent plans a Take (`make_plan`), reads the exact Update and the difference
in words, and takes it with the plan's id (`take_plan`). A plan keeps what it
was made from: the task's SequenceNumber and a fingerprint of its state (the
parameters in force, the outputs turned off, the status), the staged document
with its roles filled for the room as it was, the Update that document made and
the user who made it. A take is refused unless the plan exists, is at most
PLAN_SECONDS old, is the caller's own and the task is still in the state it was
planned on; then exactly the planned document goes through the take path, which
computes the same Update from the same state. So nothing is sent that the agent
has not seen. A plan is taken once.

Plans are kept in the cache, not the database: every web worker (and a stdio
server on the same cache) sees them, and one lost only means planning again.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from dataclasses import asdict, dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.utils.translation import gettext as _

from layouts.core import differences
from layouts.core.contract.fields import canonical_json
from layouts.errors import MixStudioError
from studio.control import selectors
from studio.control.models import MixTask
from studio.control.services import take
from studio.control.services.errors import TaskNotLive

PLAN_SECONDS = 60
# Kept past its minute, so that a late take is told the plan is too old, not unknown.
KEEP_SECONDS = 10 * 60
KEY_PREFIX = "agents.take-plan:"
PLAN_ID = re.compile(r"plan-[A-Za-z0-9_-]{16}")
clock = time.time  # the tests move it


class PlanRefused(MixStudioError):
    """A take whose plan is unknown, too old, someone else's, or made on another state."""

    status_code = 409
    code = "plan-refused"

    def __init__(self, message: str) -> None:
        super().__init__(message, field="plan_id")


@dataclass(frozen=True)
class Plan:
    plan_id: str
    task: int
    user: int
    made_at: float
    sequence_number: int
    state: str  # fingerprint of the task's state (state_of)
    document: dict[str, Any]  # exactly what the take sends, roles filled
    update: str  # fingerprint of the Update the document made on that state


def make_plan(task_pk: Any, document: Any, user: AbstractBaseUser) -> dict[str, Any]:
    """A dry run of a Take of `document`, kept as a plan when it can be taken.

    The answer has the exact Update (secrets hidden) and its problems, as the
    REST API's dry run has them, the difference in words, and `plan_id` (None
    when there is nothing to take or the Update would be refused).
    """
    task = selectors.get_task(task_pk)
    refuse_unless_running(task)
    staged = selectors.with_roles_filled(task, document)
    planned = take.plan_take(task, document=staged)
    dry_run = take.preview_take(task.pk, document=staged)
    found = [
        change.to_dict(_)
        for change in differences.differences(task.params.get("VideoParams"), staged)
    ]
    answer: dict[str, Any] = {
        "plan_id": None,
        "expires_in_seconds": None,
        "task": {"id": task.pk, "status": task.status, "sequence_number": task.sequence_number},
        "changes": dry_run["changes"],
        "valid": dry_run["valid"],
        "problems": dry_run["problems"],
        "update": dry_run["request"],
        "differences": found,
        "summary": _summary(found),
    }
    if not dry_run["changes"]:
        answer["next"] = _("Nothing to take: the document is on air already. No plan was kept.")
        return answer
    if not dry_run["valid"]:
        answer["next"] = _(
            "This Update would be refused (see problems): change the document and plan again. "
            "No plan was kept."
        )
        return answer
    plan = Plan(
        plan_id=f"plan-{secrets.token_urlsafe(12)}",
        task=task.pk,
        user=user.pk,
        made_at=clock(),
        sequence_number=task.sequence_number,
        state=state_of(task),
        document=staged,
        update=fingerprint(planned.body),
    )
    cache.set(KEY_PREFIX + plan.plan_id, asdict(plan), KEEP_SECONDS)
    answer["plan_id"] = plan.plan_id
    answer["expires_in_seconds"] = PLAN_SECONDS
    answer["next"] = _(
        "Review the update and the differences; to send exactly this update, call `take` with "
        "this `plan_id` within %(seconds)d seconds."
    ) % {"seconds": PLAN_SECONDS}
    return answer


def take_plan(task_pk: Any, plan_id: str, user: AbstractBaseUser) -> MixTask:
    """Send the planned document through the take path, if the plan still holds."""
    plan = _kept_plan(plan_id)
    task = selectors.get_task(task_pk)
    if plan.task != task.pk:
        raise PlanRefused(
            _("Plan %(plan)s was made for task %(planned)d, not task %(task)d.")
            % {"plan": plan.plan_id, "planned": plan.task, "task": task.pk}
        )
    if plan.user != user.pk:
        raise PlanRefused(
            _("Plan %(plan)s was made by another user: make your own with `plan_take`.")
            % {"plan": plan.plan_id}
        )
    age = clock() - plan.made_at
    if not 0 <= age <= PLAN_SECONDS:
        raise PlanRefused(
            _(
                "Plan %(plan)s is %(age)d seconds old; a plan may be taken within %(limit)d "
                "seconds of being made. Nothing was sent: plan again and review it."
            )
            % {"plan": plan.plan_id, "age": int(age), "limit": PLAN_SECONDS}
        )
    refuse_unless_running(task)
    if (
        task.sequence_number != plan.sequence_number
        or state_of(task) != plan.state
        or fingerprint(take.plan_take(task, document=plan.document).body) != plan.update
    ):
        raise PlanRefused(
            _(
                "Task %(task)d has changed since plan %(plan)s was made (SequenceNumber "
                "%(planned)d then, %(now)d now). Nothing was sent: plan again and review it."
            )
            % {
                "task": task.pk,
                "plan": plan.plan_id,
                "planned": plan.sequence_number,
                "now": task.sequence_number,
            }
        )
    # Claimed before sending: of two takes of one plan, one sends.
    if not cache.delete(KEY_PREFIX + plan.plan_id):
        raise PlanRefused(_("Plan %(plan)s was taken already.") % {"plan": plan.plan_id})
    return take.take_task(task.pk, document=plan.document, user=user, fill_roles=False)


def _kept_plan(plan_id: Any) -> Plan:
    well_formed = isinstance(plan_id, str) and PLAN_ID.fullmatch(plan_id)
    raw = cache.get(KEY_PREFIX + plan_id) if well_formed else None
    if raw is None:
        raise PlanRefused(
            _(
                "There is no plan %(plan)s (or it was taken already). Make one with `plan_take`, "
                "review it, then take it within %(limit)d seconds."
            )
            % {"plan": str(plan_id)[:40], "limit": PLAN_SECONDS}
        )
    return Plan(**raw)


def refuse_unless_running(task: MixTask) -> None:
    if task.status != MixTask.Status.RUNNING:
        raise TaskNotLive(
            _("Only a running task can be updated; this one is %(status)s.")
            % {"status": task.get_status_display()}
        )


def state_of(task: MixTask) -> str:
    """A fingerprint of everything a Take is computed from."""
    return fingerprint([task.status, task.sequence_number, task.params, task.outputs_off])


def fingerprint(value: Any) -> str:
    return hashlib.sha256(canonical_json(value).encode()).hexdigest()


def _summary(found: list[dict[str, Any]]) -> str:
    if not found:
        return _("Nothing differs: the document is the one on air.")
    return " ".join(change["sentence"] for change in found)
