"""Changing a running task: the Update as given, and the Take of a staged state.

A Take computes the Update that puts the staged state on air exactly (every
removal said explicitly, R53) and sends it; the outputs turned off travel
with it and are kept once the cloud accepts.
"""

from __future__ import annotations

import copy
import json
import time
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext as _

from layouts.core import show
from layouts.core.contract import bodies
from layouts.core.contract.problems import ERROR
from layouts.core.rules import request as request_rules
from layouts.core.updates import UpdatePlan, update_for
from layouts.errors import MixStudioError, problems_payload
from studio import deadline, redaction
from studio.cloud.errors import CloudError, CloudUnreachable
from studio.control import selectors, signals
from studio.control.models import MixTask
from studio.control.selectors import get_task
from studio.control.services import answers, sequence
from studio.control.services.build import (
    explicit_cdn_flags,
    image_hosts_for,
    redact,
    refuse_errors,
    sign_robots,
    stored,
)
from studio.control.services.calls import CallLog, call_cloud, cloud_client
from studio.control.services.errors import (
    AwaitingAnswer,
    NothingToTake,
    RequestInvalid,
    TaskNotLive,
    UpdateForbidden,
)

FORBIDDEN_UPDATE_RULES = frozenset({"R23", "R54", "R55"})  # what Update may never change


def update_task(
    task_pk: int, *, request: Any, user: AbstractBaseUser | None, automatic: bool = False
) -> MixTask:
    """Send `request` as an Update; `automatic` when the auto-director sends it."""
    if not isinstance(request, dict):
        raise MixStudioError(_("request must be a JSON object."), field="request")
    task = get_task(task_pk)
    if task.status != MixTask.Status.RUNNING:
        raise TaskNotLive(
            _("Only a running task can be updated; this one is %(status)s.")
            % {"status": task.get_status_display()}
        )
    body = copy.deepcopy(request)
    body.update({"SdkAppId": task.app_profile.sdk_app_id, "TaskId": task.task_id})
    body.setdefault("WithTranscoding", task.params.get("WithTranscoding", 1))
    if "PublishCdnParams" in body:
        # An output sent back as the page shows it (secret masked) keeps its real URL.
        body["PublishCdnParams"] = redaction.restore_masked_urls(
            body["PublishCdnParams"], bodies.cdn_urls(task.params)
        )
    explicit_cdn_flags(body)
    sign_robots(task.app_profile, body)
    problems = request_rules.check_update(
        {**body, "SequenceNumber": task.sequence_number + 1},
        started=task.params,
        image_hosts=image_hosts_for(task.backend),
        now=time.time(),
    )
    if any(p.rule in FORBIDDEN_UPDATE_RULES and p.severity == ERROR for p in problems):
        raise UpdateForbidden(
            [p for p in problems if p.rule in FORBIDDEN_UPDATE_RULES]
            + [p for p in problems if p.rule not in FORBIDDEN_UPDATE_RULES]
        )
    refuse_errors(problems)
    calls = CallLog(task.pk, user)
    client = cloud_client(task, calls)
    with calls:
        try:
            result = call_cloud(
                client,
                lambda: client.update(
                    body,
                    next_sequence=lambda: sequence.reserve_sequence_number(task.pk, calls, body),
                ),
                on_late=late_update(task.pk, calls),
            )
        except deadline.AnswerPending as pending:
            raise AwaitingAnswer(task.pk, pending.waited) from None
        except (CloudError, CloudUnreachable) as error:
            answers.update_failed(task.pk, error, calls)
            raise
        accepted = json.loads(result.request_body)
        sequence.apply_accepted_update(task.pk, accepted["SequenceNumber"], accepted, calls)
    task = get_task(task.pk)
    signals.taken.send(sender=MixTask, task=task, automatic=automatic)
    return task


def late_update(task_pk: int, calls: CallLog) -> deadline.Late:
    def record(result: Any, error: BaseException | None) -> None:
        if error is None:
            accepted = json.loads(result.request_body)
            sequence.apply_accepted_update(task_pk, accepted["SequenceNumber"], accepted, calls)
        elif isinstance(error, (CloudError, CloudUnreachable)):
            answers.update_failed(task_pk, error, calls)

    return record


def plan_take(task: MixTask, *, document: Any = None, request: Any = None) -> UpdatePlan:
    """The Update that puts `document` (and the request parts given) on air exactly.

    The staged state is what is in force with VideoParams replaced by `document`
    (None keeps it) and each top-level part of `request` replaced by the one given;
    the plan says every removal explicitly, or refuses what no Update can say (R53).
    """
    if document is not None and not isinstance(document, dict):
        raise MixStudioError(_("document must be a JSON object."), field="document")
    if request is not None and not isinstance(request, dict):
        raise MixStudioError(_("request must be a JSON object."), field="request")
    given = show.without_app_part(request or {})
    staged = {**copy.deepcopy(task.params), **copy.deepcopy(given)}
    if "PublishCdnParams" in given:
        # Outputs sent back as the page shows them (secret masked) are the ones in force
        # or turned off: each keeps its real URL.
        staged["PublishCdnParams"] = redaction.restore_masked_urls(
            staged["PublishCdnParams"], known_cdn_urls(task)
        )
    if document is not None:
        staged["VideoParams"] = copy.deepcopy(document)
    return update_for(task.params, staged)


def known_cdn_urls(task: MixTask) -> list[str]:
    """Every URL the task pushes to or keeps turned off: what a masked URL may stand for."""
    return [*bodies.cdn_urls(task.params), *bodies.cdn_urls({"PublishCdnParams": task.outputs_off})]


def staged_outputs_off(task: MixTask, request: Any) -> list[Any] | None:
    """The outputs to keep turned off after a take, or None when the take leaves them.

    They come in `request` under our own key (`show.APP_KEY`), as the page shows
    them (a masked URL is the one kept); an output that is also on is not off.
    """
    if not isinstance(request, dict) or show.APP_KEY not in request:
        return None
    problems = list(request_rules.check_app_part(request[show.APP_KEY]))
    if any(p.severity == ERROR for p in problems):
        raise RequestInvalid(problems)
    known = known_cdn_urls(task)
    off = redaction.restore_masked_urls(show.outputs_off(request), known)
    targets = request.get("PublishCdnParams", task.params.get("PublishCdnParams"))
    on = set(bodies.cdn_urls({"PublishCdnParams": redaction.restore_masked_urls(targets, known)}))
    return [o for o in off if not (isinstance(o, dict) and o.get("PublishCdnUrl") in on)]


def take_task(
    task_pk: int,
    *,
    document: Any = None,
    request: Any = None,
    user: AbstractBaseUser | None,
    automatic: bool = False,
    fill_roles: bool = True,
) -> MixTask:
    """Put the staged state on air: the one path of the editor's Take, quick actions and
    the auto-director's cuts (`automatic`).

    A slot or watermark bound to one of the task's roles is filled for the task's room
    as it is now (selectors.with_roles_filled), unless the caller filled it already
    (`fill_roles` False: the auto-director's shots carry roles of their own). The
    outputs turned off (`request`'s own part) are kept once the Update is accepted; a
    take that only changes them sends nothing.
    """
    task = get_task(task_pk)
    if fill_roles:
        document = selectors.with_roles_filled(task, document)
    plan = plan_take(task, document=document, request=request)
    off = staged_outputs_off(task, request)
    if plan.problems:
        raise UpdateForbidden(list(plan.problems))
    if not plan.changes_anything:
        if off is not None and off != task.outputs_off:
            return keep_outputs_off(task.pk, off)
        raise NothingToTake(_("The staged layout is already on air; nothing was sent."))
    task = update_task(task_pk, request=plan.body, user=user, automatic=automatic)
    return keep_outputs_off(task.pk, off) if off is not None else task


def keep_outputs_off(task_pk: int, outputs: list[Any]) -> MixTask:
    MixTask.objects.filter(pk=task_pk).update(
        outputs_off=stored(outputs), updated_at=timezone.now()
    )
    return get_task(task_pk)


def preview_take(task_pk: int, *, document: Any = None, request: Any = None) -> dict[str, Any]:
    """What take_task would send (secrets hidden) and its problems, without sending it."""
    task = get_task(task_pk)
    plan = plan_take(task, document=document, request=request)
    off = staged_outputs_off(task, request)
    problems = list(plan.problems)
    body = {}
    if plan.changes_anything and not problems:
        body = {
            **plan.body,
            "SdkAppId": task.app_profile.sdk_app_id,
            "TaskId": task.task_id,
            "SequenceNumber": task.sequence_number + 1,
        }
        body.setdefault("WithTranscoding", task.params.get("WithTranscoding", 1))
        problems = request_rules.check_update(
            body, started=task.params, image_hosts=image_hosts_for(task.backend)
        )
    return {
        "changes": plan.changes_anything,
        "valid": not any(p.severity == ERROR for p in problems),
        "problems": problems_payload(problems),
        "request": redact(body),
        "outputs_off": redact(task.outputs_off if off is None else off),
    }
