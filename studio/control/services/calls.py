"""Calling the cloud: the client of a task's app, and the call log of every attempt.

A call whose answer is slow is not abandoned: the producer's request answers
202 after MIX_CLOUD_WAIT_SECONDS and the answer is still read, and recorded
when it comes (studio/deadline.py); what it changes then is each action's
`late_*` answer (launch.py, take.py, stop_call.py).
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from layouts.core.contract.bodies import START
from layouts.services import acting_user
from studio import deadline
from studio.cloud import backends, ratelimit
from studio.cloud.client import CallRecord, TrtcClient
from studio.control.models import MixTask, RateLimitWindow, TaskEvent
from studio.control.services.build import stored

T = TypeVar("T")

# The app's own side of R3: its calls wait for their turn, counted across workers.
wait_for_turn = functools.partial(ratelimit.wait_for_turn, RateLimitWindow)


class CallLog:
    """The audit log of one action: a TaskEvent for every attempt.

    Each attempt's event is written before it leaves, in the commit that
    notes the intent (the task created as starting, the SequenceNumber
    reserved, the task marked stopping), so that a crash while the answer is
    on its way leaves a record of what was sent (`awaiting_answer`). The
    answer is written in the transaction of the task change it leads to, the
    TaskId of a Start's answer with it; an attempt that was retried is written
    when the next one leaves, and leaving the `with` block writes whatever is
    still pending. With `batched=False` each answer is written at once.
    """

    def __init__(
        self, task: MixTask | int, user: AbstractBaseUser | None, *, batched: bool = True
    ) -> None:
        self.task_pk = task.pk if isinstance(task, MixTask) else task
        self.user = acting_user(user)
        self.batched = batched
        self.prepared: list[int] = []
        self.pending: TaskEvent | None = None
        self.task_id = ""
        # A late answer is recorded from the thread still reading it (studio/deadline.py).
        self.lock = threading.Lock()

    def __enter__(self) -> CallLog:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.write()

    def prepare(self, action: str, sent: dict[str, Any]) -> None:
        """Write the event of the attempt about to leave; call it inside the intent's commit."""
        event = TaskEvent.objects.create(
            task_id=self.task_pk,
            kind=TaskEvent.Kind.CALL,
            action=action,
            request=stored(sent),
            sequence_number=sequence_of(sent),
            awaiting_answer=True,
            user=self.user,
        )
        self.prepared.append(event.pk)

    def sent(self, attempt: CallRecord) -> None:
        """on_send: the attempt takes its prepared event, or gets one now (a retry)."""
        if not self.prepared:
            with transaction.atomic():
                self.write()
                self.prepare(attempt.action, parsed_body(attempt.body))
        attempt.ref = self.prepared.pop(0)

    def record(self, attempt: CallRecord) -> None:
        """on_attempt: the answer (or its absence) of one attempt, written with what follows."""
        sent = parsed_body(attempt.body)
        event = TaskEvent.objects.filter(pk=attempt.ref).first() if attempt.ref else None
        if event is None:
            event = TaskEvent(
                task_id=self.task_pk,
                kind=TaskEvent.Kind.CALL,
                action=attempt.action,
                user=self.user,
                created_at=timezone.now(),
            )
        event.request = stored(sent)
        event.sequence_number = sequence_of(sent)
        event.response = stored(attempt.response)
        event.request_id = attempt.request_id[:64]
        event.error_code = attempt.error_code[:100]
        event.latency_ms = attempt.latency_ms
        # Interrupted before any answer (the app being stopped): the outcome is unknown.
        event.awaiting_answer = not attempt.answered and not attempt.error_code
        task_id = attempt.response.get("TaskId") if not attempt.error_code else None
        self.write()
        with self.lock:
            self.pending = event
            if attempt.action == START and isinstance(task_id, str) and task_id:
                self.task_id = task_id
        if not self.batched:
            self.write()

    def write(self) -> None:
        with self.lock:
            event, self.pending = self.pending, None
            task_id, self.task_id = self.task_id, ""
        if event is None:
            return
        with transaction.atomic():
            event.save()
            if task_id:
                MixTask.objects.filter(pk=self.task_pk, task_id="").update(task_id=task_id)


def parsed_body(body: bytes) -> dict[str, Any]:
    """A request body as sent, read back; {} when it is not a JSON object."""
    try:
        sent = json.loads(body)
    except ValueError:
        return {}
    return sent if isinstance(sent, dict) else {}


def sequence_of(sent: dict[str, Any]) -> int | None:
    number = sent.get("SequenceNumber")
    return number if isinstance(number, int) and not isinstance(number, bool) else None


def cloud_client(task: MixTask, calls: CallLog) -> TrtcClient:
    """The client for this task's app, recording every attempt in its event log."""
    return backends.client_for(
        task.app_profile, rate_limit=wait_for_turn, on_attempt=calls.record, on_send=calls.sent
    )


def call_cloud(client: TrtcClient, call: Callable[[], T], *, on_late: deadline.Late) -> T:
    """`call()`, waiting at most MIX_CLOUD_WAIT_SECONDS when the answer comes over a network.

    The in-process emulator answers in this thread, before anything could be lost.
    """
    if not backends.answers_may_be_late(client):
        return call()
    return deadline.call_within(call, wait=settings.MIX_CLOUD_WAIT_SECONDS, on_late=on_late)
