"""How often a task call commits, and that its audit log stays complete."""

from __future__ import annotations

import time

import pytest
from django.db import connection

from studio import services
from studio.bench.commits import counting_commits
from studio.models import TaskEvent

pytestmark = pytest.mark.django_db

# Each call: the client's rate-limit turn, the emulator's transaction and the
# task's change with the call's event; start and stop also note their intent
# (starting, stopping) before sending, update reserves its SequenceNumber.
COMMITS_PER_CALL = 4
NEW_COLOUR = {"VideoParams": {"BackGroundColor": "0x112233"}}


@pytest.fixture
def sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("commits are counted through SQLite's trace hook")


@pytest.mark.django_db(transaction=True)  # real BEGIN and COMMIT, not a test's savepoints
def test_a_start_update_stop_cycle_commits_four_times_a_call(sqlite, app, producer, start_request):
    with counting_commits() as count:
        task = services.start_task(app=app, request=start_request(1), user=producer)
        services.update_task(task.pk, request=NEW_COLOUR, user=producer)
        services.stop_task(task.pk, user=producer)
    assert count.commits == 3 * COMMITS_PER_CALL


def test_every_call_of_the_cycle_is_in_the_audit_log(app, producer, start_request):
    task = services.start_task(app=app, request=start_request(1), user=producer)
    services.update_task(task.pk, request=NEW_COLOUR, user=producer)
    services.stop_task(task.pk, user=producer)
    events = list(TaskEvent.objects.filter(task=task).order_by("created_at", "id"))
    assert [e.action for e in events] == [
        "StartPublishCdnStream",
        "UpdatePublishCdnStream",
        "StopPublishCdnStream",
    ]
    assert all(e.request_id and e.user == producer for e in events)
    assert events[1].sequence_number == 1


def test_each_attempt_of_a_retried_call_is_logged_at_its_own_time(running, producer, settings):
    from studio.sandbox import core

    # Fill Update's window in the emulator: the attempts at 0 and 0.5 s are
    # refused (R3), the one after the next back-off goes through.
    for _ in range(core.RATE_LIMIT):
        assert core.RATE_LIMITER.allow(core.UPDATE, time.time())
    services.update_task(running.pk, request=NEW_COLOUR, user=producer)
    updates = list(
        TaskEvent.objects.filter(task=running, action="UpdatePublishCdnStream").order_by("id")
    )
    assert [e.error_code for e in updates] == ["RequestLimitExceeded"] * 2 + [""]
    assert updates[0].created_at < updates[1].created_at < updates[2].created_at
    numbers = [e.sequence_number for e in updates]
    assert numbers == sorted(set(numbers))  # R51: a fresh, higher number each time
