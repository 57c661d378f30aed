"""How often a task call commits, and that its audit log stays complete."""

from __future__ import annotations

import pytest
from django.db import connection

from studio.cloud.client import CallRecord
from studio.control.models import TaskEvent
from studio.control.services import calls, launch, stop, take
from tests.bench.commits import counting_commits

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
        task = launch.start_task(app=app, request=start_request(1), user=producer)
        take.update_task(task.pk, request=NEW_COLOUR, user=producer)
        stop.stop_task(task.pk, user=producer)
    assert count.commits == 3 * COMMITS_PER_CALL


def test_every_call_of_the_cycle_is_in_the_audit_log(app, producer, start_request):
    task = launch.start_task(app=app, request=start_request(1), user=producer)
    take.update_task(task.pk, request=NEW_COLOUR, user=producer)
    stop.stop_task(task.pk, user=producer)
    calls = TaskEvent.objects.filter(task=task, kind="call")  # the room's events are beside them
    events = list(calls.order_by("created_at", "id"))
    assert [e.action for e in events] == [
        "StartPublishCdnStream",
        "UpdatePublishCdnStream",
        "StopPublishCdnStream",
    ]
    assert all(e.request_id and e.user == producer for e in events)
    assert events[1].sequence_number == 1


def test_a_retried_attempt_is_written_when_the_next_one_is_recorded(running, producer):
    log = calls.CallLog(running, producer)
    before = TaskEvent.objects.count()
    log.record(CallRecord("UpdatePublishCdnStream", b'{"SequenceNumber": 7}', error_code="E"))
    assert TaskEvent.objects.count() == before  # pending, for the task change to come
    log.record(CallRecord("UpdatePublishCdnStream", b'{"SequenceNumber": 8}'))
    assert TaskEvent.objects.count() == before + 1
    with log:
        pass  # leaving the block writes what is pending
    first, second = TaskEvent.objects.order_by("-id")[:2][::-1]
    assert [(e.sequence_number, e.error_code) for e in (first, second)] == [(7, "E"), (8, "")]
    assert first.created_at <= second.created_at
    assert first.user == producer
