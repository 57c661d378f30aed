"""studio.control.services.stop.stop_task against the in-process emulator, called directly."""

from __future__ import annotations

import pytest

from studio.cloud.emulator.models import SandboxTask
from studio.cloud.errors import CloudError
from studio.control.models import MixTask, TaskEvent
from studio.control.services import stop

pytestmark = pytest.mark.django_db


def stop_calls(task: MixTask) -> int:
    return TaskEvent.objects.filter(task=task, action="StopPublishCdnStream").count()


def test_a_running_task_stops_in_the_cloud_and_in_the_app(running, producer):
    stopped = stop.stop_task(running.pk, user=producer)
    assert (stopped.status, stopped.stopped_at is not None) == ("stopped", True)
    assert SandboxTask.objects.get().status == "stopped"


def test_the_stop_is_recorded_with_its_author(running, producer):
    stop.stop_task(running.pk, user=producer)
    event = TaskEvent.objects.get(task=running, action="StopPublishCdnStream")
    assert (event.user, event.error_code) == (producer, "")


def test_a_stopped_task_stopped_again_is_answered_as_it_is_and_nothing_is_sent(running, producer):
    first = stop.stop_task(running.pk, user=producer)
    again = stop.stop_task(running.pk, user=producer)
    assert (again.pk, again.status, again.stopped_at) == (first.pk, "stopped", first.stopped_at)
    assert stop_calls(running) == 1


def test_a_failed_task_is_answered_as_it_is_and_nothing_is_sent(running, producer):
    MixTask.objects.filter(pk=running.pk).update(status="failed")
    assert stop.stop_task(running.pk, user=producer).status == "failed"
    assert stop_calls(running) == 0


def test_a_task_whose_task_id_is_unknown_is_reconciled_and_its_stop_kept(running, producer):
    from studio.control.services.reconcile import TaskIdUnknown

    MixTask.objects.filter(pk=running.pk).update(task_id="", status="unknown")
    TaskEvent.objects.filter(task=running).delete()  # nothing in the event log names it
    # The Start sent again meets the seated robot: the task runs, its TaskId unknown.
    with pytest.raises(TaskIdUnknown) as refused:
        stop.stop_task(running.pk, user=producer)
    assert "robot-seated" in [finding["code"] for finding in refused.value.payload()["findings"]]
    task = MixTask.objects.get(pk=running.pk)
    assert (task.status, task.stop_wanted) == ("unknown", True)
    assert stop_calls(running) == 0


def test_a_task_whose_task_id_is_in_the_event_log_is_stopped(running, producer):
    MixTask.objects.filter(pk=running.pk).update(task_id="", status="unknown")
    assert stop.stop_task(running.pk, user=producer).status == "stopped"
    assert SandboxTask.objects.get().status == "stopped"


def test_a_task_that_ended_on_the_clouds_side_still_stops_cleanly(running, producer):
    SandboxTask.objects.update(status="stopped")
    assert stop.stop_task(running.pk, user=producer).status == "stopped"


def test_a_task_the_cloud_no_longer_knows_counts_as_stopped(running, producer):
    SandboxTask.objects.all().delete()  # TaskNotExist: stopping it again is not an error (R56)
    assert stop.stop_task(running.pk, user=producer).status == "stopped"


def test_a_cloud_refusal_puts_the_task_back_as_it_was_with_the_error(running, producer):
    # The cloud holds the task under another application: it refuses the stop (R57).
    SandboxTask.objects.update(sdk_app_id=1400000999)
    with pytest.raises(CloudError) as refused:
        stop.stop_task(running.pk, user=producer)
    assert refused.value.cloud_code == "ResourceNotFound"
    task = MixTask.objects.get(pk=running.pk)
    assert (task.status, task.last_error["code"]) == ("running", "ResourceNotFound")
    assert SandboxTask.objects.get().is_running
