"""studio.control.services.take.update_task against the in-process emulator, called directly."""

from __future__ import annotations

import pytest

from layouts.errors import MixStudioError, NotFound
from studio.cloud.emulator.models import SandboxTask
from studio.cloud.errors import CloudError
from studio.control.models import MixTask, TaskEvent
from studio.control.services import launch, stop, take
from studio.control.services.errors import RequestInvalid, TaskNotLive, UpdateForbidden
from tests.factories import document

pytestmark = pytest.mark.django_db

NEW_COLOUR = {"VideoParams": {"BackGroundColor": "0x112233"}}


def update_events(task: MixTask) -> list[int | None]:
    events = TaskEvent.objects.filter(task=task, action="UpdatePublishCdnStream").order_by("id")
    return list(events.values_list("sequence_number", flat=True))


def test_an_accepted_update_is_in_force_in_the_cloud_and_in_the_task(running, producer):
    updated = take.update_task(running.pk, request=NEW_COLOUR, user=producer)
    assert updated.params["VideoParams"]["BackGroundColor"] == "0x112233"
    assert SandboxTask.objects.get().params["VideoParams"]["BackGroundColor"] == "0x112233"


def test_keys_the_update_does_not_name_keep_their_values(running, producer):
    width = running.params["VideoParams"]["VideoEncode"]["Width"]
    updated = take.update_task(running.pk, request=NEW_COLOUR, user=producer)
    assert updated.params["VideoParams"]["VideoEncode"]["Width"] == width


def test_each_update_sends_the_next_sequence_number(running, producer):
    take.update_task(running.pk, request=NEW_COLOUR, user=producer)
    second = take.update_task(
        running.pk, request={"VideoParams": {"BackGroundColor": "0x445566"}}, user=producer
    )
    assert second.sequence_number == 2
    assert update_events(running) == [1, 2]
    assert SandboxTask.objects.get().last_sequence_number == 2


def test_an_invalid_update_is_refused_and_nothing_is_sent(running, producer):
    bad = {"VideoParams": {"VideoEncode": {**document()["VideoEncode"], "Fps": 500}}}
    with pytest.raises(RequestInvalid) as refused:
        take.update_task(running.pk, request=bad, user=producer)
    assert refused.value.field == "VideoParams.VideoEncode.Fps"
    assert update_events(running) == []
    assert MixTask.objects.get(pk=running.pk).sequence_number == 0


def test_adding_video_to_an_audio_only_task_is_forbidden_and_nothing_is_sent(
    app, producer, start_request
):
    task = launch.start_task(app=app, request=start_request(3), user=producer)
    with pytest.raises(UpdateForbidden) as refused:
        take.update_task(task.pk, request={"VideoParams": document()}, user=producer)
    assert refused.value.status_code == 409
    assert refused.value.problems[0].rule in {"R23", "R55"}
    assert update_events(task) == []


def test_a_stopped_task_cannot_be_updated(running, producer):
    stop.stop_task(running.pk, user=producer)
    with pytest.raises(TaskNotLive):
        take.update_task(running.pk, request=NEW_COLOUR, user=producer)
    assert update_events(running) == []


def test_a_request_that_is_not_an_object_is_refused(running, producer):
    with pytest.raises(MixStudioError) as refused:
        take.update_task(running.pk, request="x", user=producer)
    assert refused.value.field == "request"


def test_a_cloud_refusal_is_noted_and_changes_nothing_in_force(running, producer):
    # The cloud holds the task under another application: it refuses the update (R57).
    SandboxTask.objects.update(sdk_app_id=1400000999)
    with pytest.raises(CloudError) as refused:
        take.update_task(running.pk, request=NEW_COLOUR, user=producer)
    assert refused.value.cloud_code == "ResourceNotFound"
    task = MixTask.objects.get(pk=running.pk)
    assert task.last_error["code"] == "ResourceNotFound"
    assert (task.status, task.sequence_number, task.params) == ("running", 0, running.params)


def test_a_task_that_ended_on_the_clouds_side_is_marked_stopped_without_an_error(running, producer):
    SandboxTask.objects.all().delete()  # the cloud no longer knows it (ended, R52)
    with pytest.raises(CloudError) as refused:
        take.update_task(running.pk, request=NEW_COLOUR, user=producer)
    assert refused.value.cloud_code == "FailedOperation.TaskNotExist"
    assert refused.value.status_code == 409
    task = MixTask.objects.get(pk=running.pk)
    assert (task.status, task.last_error) == ("stopped", {})
    assert (task.sequence_number, task.params) == (0, running.params)


def test_a_missing_task_is_not_found(emulator, producer):
    with pytest.raises(NotFound):
        take.update_task(999, request=NEW_COLOUR, user=producer)
