"""Launching a task: its check without sending (problems, request, costs), and its Start.

The Start body is built (build.py), checked with the same rules the emulator
enforces before anything is sent, and sent through the client, which records
every attempt in the task's event log (calls.py); the task keeps what the
cloud accepted, never more. The task states and what moves a task between
them are described on `studio.control.models.MixTask`.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from layouts.core import show
from layouts.core.contract import bodies
from layouts.core.contract.bodies import START
from layouts.core.contract.problems import ERROR, Problem
from layouts.core.rules import request as request_rules
from layouts.errors import MixStudioError, problems_payload
from layouts.models import Preset
from layouts.services import acting_user
from studio import deadline
from studio.cloud import backends
from studio.cloud.errors import SEAT_TAKEN_CODE, CloudError, CloudUnreachable
from studio.control.models import AppProfile, MixTask
from studio.control.selectors import get_task, seat_holder
from studio.control.services import answers, stop_call
from studio.control.services.build import (
    build_start_body,
    image_hosts_for,
    launch_show,
    listed,
    redact,
    refuse_errors,
    stored,
)
from studio.control.services.calls import CallLog, call_cloud, cloud_client
from studio.control.services.errors import AwaitingAnswer, RobotSeated


def costs_of(body: dict[str, Any]) -> list[dict[str, str]]:
    """What a Start request will be billed for, in words (R13, R19)."""
    costs = []
    if body.get("WithTranscoding") == 1:
        costs.append(
            {
                "kind": "transcoding",
                "message": _(
                    "Mixing transcodes the video: Tencent bills transcoding for as long as "
                    "the task runs."
                ),
            }
        )
    else:
        costs.append(
            {
                "kind": "relay",
                "message": _(
                    "Single-stream relay: no transcoding fee; the upstream is relayed unchanged."
                ),
            }
        )
    third_party = [
        t.get("PublishCdnUrl", "")
        for t in listed(body, "PublishCdnParams")
        if isinstance(t, dict) and t.get("IsTencentCdn") == 0
    ]
    if third_party:
        costs.append(
            {
                "kind": "relay-fee",
                "message": _(
                    "%(count)d output(s) go to a non-Tencent CDN (IsTencentCdn 0): relay fees "
                    "apply, and on the Chinese mainland site Tencent support must enable it "
                    "(R19)."
                )
                % {"count": len(third_party)},
            }
        )
    costs.append({"kind": "audio", "message": _("Audio is always transcoded, free of charge.")})
    return costs


def launch_problems(request: dict[str, Any], body: dict[str, Any], backend: str) -> list[Problem]:
    """Every problem of a launch: the Start body's, UserSigs read now (R11), our own part's."""
    problems = request_rules.check_start(
        body, image_hosts=image_hosts_for(backend), now=time.time()
    )
    if show.APP_KEY in request:
        problems.extend(request_rules.check_app_part(request[show.APP_KEY]))
    return problems


def launch_outputs_off(
    request: dict[str, Any], preset: Preset | None, body: dict[str, Any], *, fill_from_preset: bool
) -> list[Any]:
    """The outputs the task starts with turned off: not sent, kept to be turned on live."""
    wanted = show.outputs_off(launch_show(request, preset, fill_from_preset=fill_from_preset))
    on = set(bodies.cdn_urls(body))
    return [
        output
        for output in wanted
        if not (isinstance(output, dict) and output.get("PublishCdnUrl") in on)
    ]


def check_launch(
    *, app: AppProfile, request: Any, preset: Preset | None = None, fill_from_preset: bool = True
) -> dict[str, Any]:
    """What start_task would send, its problems and its costs, without sending it."""
    if not isinstance(request, dict):
        raise MixStudioError(_("request must be a JSON object."), field="request")
    body = build_start_body(app, request, preset, fill_from_preset=fill_from_preset)
    problems = launch_problems(request, body, backends.backend_name())
    off = launch_outputs_off(request, preset, body, fill_from_preset=fill_from_preset)
    return {
        "valid": not any(p.severity == ERROR for p in problems),
        "problems": problems_payload(problems),
        "request": redact(body),
        "outputs_off": redact(off),
        "costs": costs_of(body),
    }


def start_task(
    *,
    app: AppProfile,
    request: Any,
    user: AbstractBaseUser | None,
    preset: Preset | None = None,
    fill_from_preset: bool = True,
) -> MixTask:
    if not isinstance(request, dict):
        raise MixStudioError(_("request must be a JSON object."), field="request")
    backend = backends.ensure_configured()
    body = build_start_body(app, request, preset, fill_from_preset=fill_from_preset)
    refuse_errors(launch_problems(request, body, backend))
    off = launch_outputs_off(request, preset, body, fill_from_preset=fill_from_preset)
    # Refused here rather than sent: the cloud may take a second robot with the
    # same UserId by kicking the first out, which ends that task (R9).
    seat, holder = seat_holder(app, body)
    if holder is not None:
        raise RobotSeated(seat, holder)
    agent = body.get("AgentParams")
    with transaction.atomic():
        task = MixTask.objects.create(
            app_profile=app,
            room_id=body["RoomId"],
            room_id_type=body["RoomIdType"],
            robot_user_id=agent.get("UserId", "")[:64] if isinstance(agent, dict) else "",
            backend=backend,
            status=MixTask.Status.STARTING,
            params=stored(body),
            outputs_off=stored(off),
            preset=preset,
            started_by=acting_user(user),
        )
        calls = CallLog(task.pk, user)
        calls.prepare(START, body)
    client = cloud_client(task, calls)
    with calls:
        try:
            result = call_cloud(
                client, lambda: client.start(body), on_late=late_start(task.pk, calls)
            )
        except deadline.AnswerPending as pending:
            raise AwaitingAnswer(task.pk, pending.waited) from None
        except (CloudError, CloudUnreachable) as error:
            answers.start_failed(task.pk, error, calls)
            refusal = as_seat_clash(app, body, error) or error
            refusal.task_pk = task.pk  # the task this Start made (an Idempotency-Key keeps it)
            raise refusal from None
        answers.record_started(task.pk, result.task_id, calls)
    return get_task(task.pk)


def late_start(task_pk: int, calls: CallLog) -> deadline.Late:
    def record(result: Any, error: BaseException | None) -> None:
        if error is None:
            answers.record_started(task_pk, result.task_id, calls)
            task = get_task(task_pk)
            if task.stop_wanted and task.status == MixTask.Status.RUNNING:
                stop_call.send_wanted_stop(task, None)  # asked for while the answer was on its way
        elif isinstance(error, (CloudError, CloudUnreachable)):
            answers.start_failed(task_pk, error, calls)

    return record


def as_seat_clash(app: AppProfile, body: dict[str, Any], error: Exception) -> RobotSeated | None:
    """The cloud's R9 refusal as RobotSeated, naming our task that holds the seat.

    Our own checks of the UserId (R10) passed before sending, so the cloud's
    InvalidParameter.UserId is the seat being taken.
    """
    if not isinstance(error, CloudError) or error.cloud_code != SEAT_TAKEN_CODE:
        return None
    seat, holder = seat_holder(app, body)
    return RobotSeated(seat, holder, cloud=error)
