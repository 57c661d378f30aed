"""What the cloud's answers, and what it says of its own accord, change on a task."""

from __future__ import annotations

import datetime

import pytest

from studio.cloud.signals import task_ended_by_cloud
from studio.control.models import MixTask

pytestmark = pytest.mark.django_db

ENDED_AT = datetime.datetime(2026, 5, 4, 3, 2, 1, tzinfo=datetime.UTC)


def ended_by_cloud(task: MixTask) -> MixTask:
    task_ended_by_cloud.send(
        sender=None, sdk_app_id=task.app_profile.sdk_app_id, task_id=task.task_id, at=ENDED_AT
    )
    return MixTask.objects.get(pk=task.pk)


def test_a_task_the_cloud_ended_by_itself_is_stopped_at_that_moment(running):
    task = ended_by_cloud(running)

    assert (task.status, task.stopped_at) == ("stopped", ENDED_AT)


def test_the_cloud_ending_a_task_leaves_one_that_is_not_running_as_it_is(running):
    MixTask.objects.filter(pk=running.pk).update(status=MixTask.Status.STOPPING)

    task = ended_by_cloud(running)

    assert (task.status, task.stopped_at) == ("stopping", None)


def test_the_cloud_ending_a_task_of_another_app_changes_nothing(running):
    task_ended_by_cloud.send(sender=None, sdk_app_id=1, task_id=running.task_id, at=ENDED_AT)

    assert MixTask.objects.get(pk=running.pk).status == "running"
