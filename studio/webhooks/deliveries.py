"""Events become deliveries, and deliveries are sent by the job runner, with retries.

An event (events.py) makes one Delivery row per active webhook that subscribes
to it; each row is sent by a job (`deliver_job`, queue "default", run by
`manage.py db_worker`) enqueued once the row is committed. The job claims its
attempt by number, so a job enqueued twice sends once. A 2xx answer delivers;
anything else is tried again after MIX_WEBHOOK_RETRY_SECONDS times 1, 3, 12, 60
and 360 (10 s, 30 s, 2 min, 10 min and 1 h by default), by the same job enqueued
with `run_after`, until MIX_WEBHOOK_MAX_ATTEMPTS attempts have failed.
"""

from __future__ import annotations

import datetime
import json
import time
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks import task as job
from django_tasks_db.models import DBTaskResult

from studio.control.models import MixTask
from studio.webhooks import events, signing, transport
from studio.webhooks.models import Delivery, Webhook

QUEUE = "default"
RETRY_FACTORS = (1, 3, 12, 60, 360)
KEEP_FINISHED_JOBS = datetime.timedelta(minutes=1)  # the Delivery row keeps the history
DELIVERED, RETRYING, FAILED, STALE = "delivered", "retrying", "failed", "stale"


@job(queue_name=QUEUE)
def deliver_job(delivery_pk: int, attempt: int) -> str:
    """The job: attempt number `attempt` of one delivery."""
    outcome = attempt_delivery(delivery_pk, attempt)
    DBTaskResult.objects.filter(
        task_path=deliver_job.module_path,
        status=TaskResultStatus.SUCCESSFUL,
        finished_at__lt=timezone.now() - KEEP_FINISHED_JOBS,
    ).delete()
    return outcome


def record_task_event(
    event: str, task_pk: int, *, at: datetime.datetime, **extra: Any
) -> list[Delivery]:
    """Deliveries of `event` about the task, as it stands now, to every webhook that wants it."""
    hooks = subscribers(event)
    if not hooks:
        return []
    found = (
        MixTask.objects.select_related("app_profile", "preset", "started_by")
        .filter(pk=task_pk)
        .first()
    )
    if found is None:
        return []
    if event in events.ONCE_PER_TASK:
        told = set(
            Delivery.objects.filter(webhook__in=hooks, task=found, event=event).values_list(
                "webhook_id", flat=True
            )
        )
        hooks = [hook for hook in hooks if hook.pk not in told]
    return record(hooks, events.task_event(event, found, at=at, **extra), task=found)


def record_ping(hook: Webhook) -> Delivery:
    """A test event for one webhook, whatever it subscribes to."""
    return record([hook], events.ping_event(at=timezone.now()))[0]


def subscribers(event: str) -> list[Webhook]:
    # Few webhooks, and a JSON list is not searchable alike on every database.
    return [hook for hook in Webhook.objects.filter(active=True) if event in hook.events]


def record(
    hooks: list[Webhook], payload: dict[str, Any], *, task: MixTask | None = None
) -> list[Delivery]:
    with transaction.atomic():
        made = [
            Delivery.objects.create(
                webhook=hook,
                event=payload["type"],
                event_id=uuid.UUID(payload["id"]),
                task=task,
                payload=payload,
            )
            for hook in hooks
        ]
        for delivery in made:
            enqueue(delivery.pk, 1)
    return made


def enqueue(delivery_pk: int, attempt: int, at: datetime.datetime | None = None) -> None:
    """Enqueue attempt `attempt` (due at `at`) once the transaction that wants it commits."""

    def send() -> None:
        chosen = deliver_job if at is None else deliver_job.using(run_after=at)
        chosen.enqueue(delivery_pk, attempt)

    transaction.on_commit(send)


def retry_delay(attempt: int) -> datetime.timedelta:
    """How long after failed attempt `attempt` (from 1) the next one is made."""
    factor = RETRY_FACTORS[min(attempt, len(RETRY_FACTORS)) - 1]
    return datetime.timedelta(seconds=settings.MIX_WEBHOOK_RETRY_SECONDS * factor)


def body_of(delivery: Delivery) -> bytes:
    return json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()


def headers_for(delivery: Delivery, body: bytes, secret: str, timestamp: int) -> dict[str, str]:
    return {
        "X-MixStudio-Event": delivery.event,
        "X-MixStudio-Delivery": str(delivery.delivery_id),
        "X-MixStudio-Timestamp": str(timestamp),
        "X-MixStudio-Signature": signing.signature(secret, timestamp, body),
    }


def attempt_delivery(delivery_pk: int, attempt: int) -> str:
    """Make attempt `attempt`: DELIVERED, RETRYING, FAILED, or STALE (already made, or the
    delivery is settled or gone)."""
    claimed = Delivery.objects.filter(
        pk=delivery_pk, status=Delivery.Status.PENDING, attempts=attempt - 1
    ).update(attempts=attempt, next_attempt_at=None, updated_at=timezone.now())
    if not claimed:
        return STALE
    delivery = Delivery.objects.select_related("webhook").get(pk=delivery_pk)
    hook = delivery.webhook
    if not hook.active:
        _settle(delivery, transport.Attempt(None, _("The webhook was turned off.")), final=True)
        return FAILED
    body = body_of(delivery)
    outcome = transport.post(
        hook.url, body, headers_for(delivery, body, hook.secret, int(time.time()))
    )
    if outcome.delivered:
        _settle(delivery, outcome, final=True)
        return DELIVERED
    if attempt >= settings.MIX_WEBHOOK_MAX_ATTEMPTS:
        _settle(delivery, outcome, final=True)
        return FAILED
    with transaction.atomic():
        due = timezone.now() + retry_delay(attempt)
        _settle(delivery, outcome, final=False, next_at=due)
        enqueue(delivery.pk, attempt + 1, due)
    return RETRYING


def _settle(
    delivery: Delivery,
    outcome: transport.Attempt,
    *,
    final: bool,
    next_at: datetime.datetime | None = None,
) -> None:
    now = timezone.now()
    if outcome.delivered:
        status = Delivery.Status.DELIVERED
    else:
        status = Delivery.Status.FAILED if final else Delivery.Status.PENDING
    Delivery.objects.filter(pk=delivery.pk).update(
        status=status,
        last_status_code=outcome.status_code,
        last_error=outcome.error,
        next_attempt_at=next_at,
        delivered_at=now if outcome.delivered else None,
        updated_at=now,
    )
