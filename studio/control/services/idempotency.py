"""`Idempotency-Key` on a task Start: a Start retried with its key starts nothing twice.

A client that lost the answer to a Start (a timeout, a dropped connection) sends
it again with the same key; within KEPT_FOR it gets the task the first one made,
as it stands now, instead of a second task. Keys are per user.

- The same key and the same body (as JSON, in any key order) answers that task.
- Another body with the key is refused (422): a key names one Start.
- While the first Start with a key is still being sent, the same key is answered
  409 with Retry-After, and nothing is sent twice.
- A Start refused before anything was sent (a problem in the body, a robot
  already seated) keeps no key: the client may correct the body and send it
  again with the same key. Once a Start was sent the key keeps its task,
  whatever the cloud answered (the task's `status` says).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from layouts.errors import MixStudioError
from studio.control.models import IdempotencyKey, MixTask
from studio.control.selectors import get_task

HEADER = "Idempotency-Key"
KEPT_FOR = timedelta(hours=24)
RETRY_AFTER_SECONDS = 1
_KEY = re.compile(r"[\x20-\x7e]{1,255}")  # printable ASCII, as a UUID or any token is


class KeyInvalid(MixStudioError):
    code = "idempotency-key-invalid"

    def __init__(self) -> None:
        super().__init__(
            _("The Idempotency-Key header must be 1 to 255 printable ASCII characters."),
            field=HEADER,
        )


class KeyReused(MixStudioError):
    """The key was sent before with another body."""

    status_code = 422
    code = "idempotency-key-reused"

    def __init__(self) -> None:
        super().__init__(
            _(
                "This Idempotency-Key was sent with another body in the last 24 hours; "
                "nothing was started. Send a new key for a new Start."
            ),
            field=HEADER,
        )


class KeyInFlight(MixStudioError):
    """The first Start with this key is still being sent."""

    status_code = 409
    code = "idempotency-key-in-flight"
    retry_after = RETRY_AFTER_SECONDS

    def __init__(self) -> None:
        super().__init__(
            _("A Start with this Idempotency-Key is still on its way; ask again in a moment."),
            field=HEADER,
        )


@dataclass(frozen=True)
class Started:
    task: MixTask
    replayed: bool  # True: the key's earlier Start answered, nothing was sent now


def start_once(
    *,
    user: AbstractBaseUser,
    key: str | None,
    body: Any,
    start: Callable[[], MixTask],
) -> Started:
    """`start()` once per (user, key, body) within KEPT_FOR; without a key, every time.

    An exception `start()` raises after its task exists carries `task_pk`
    (AwaitingAnswer, and a Start the cloud refused or whose answer was lost):
    the key keeps that task. Any other leaves the key free again.
    """
    if key is None:
        return Started(start(), replayed=False)
    key = key.strip()
    if not _KEY.fullmatch(key):
        raise KeyInvalid()
    held = _claim(user, key, body_hash(body))
    if held.task_id is not None:
        return Started(get_task(held.task_id), replayed=True)
    try:
        task = start()
    except BaseException as error:
        _settle(held, getattr(error, "task_pk", None))
        raise
    _settle(held, task.pk)
    return Started(task, replayed=False)


def body_hash(body: Any) -> str:
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _claim(user: AbstractBaseUser, key: str, digest: str) -> IdempotencyKey:
    """The key's row: a new one for this Start, or the one an earlier Start left."""
    now = timezone.now()
    with transaction.atomic():
        IdempotencyKey.objects.filter(user=user, created_at__lt=now - KEPT_FOR).delete()
    for _attempt in range(2):  # a key released between our insert and our read is claimed again
        try:
            with transaction.atomic():
                return IdempotencyKey.objects.create(
                    user=user, key=key, body_hash=digest, created_at=now
                )
        except IntegrityError:
            held = IdempotencyKey.objects.filter(user=user, key=key).first()
        if held is None:
            continue
        if held.body_hash != digest:
            raise KeyReused()
        if held.task_id is None:
            raise KeyInFlight()
        return held
    raise KeyInFlight()


def _settle(held: IdempotencyKey, task_pk: int | None) -> None:
    with transaction.atomic():
        if task_pk is None:
            IdempotencyKey.objects.filter(pk=held.pk).delete()
        else:
            IdempotencyKey.objects.filter(pk=held.pk).update(task_id=task_pk)
