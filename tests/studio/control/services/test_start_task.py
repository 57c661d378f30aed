"""studio.control.services.launch.start_task against the in-process emulator, called directly."""

from __future__ import annotations

import pytest

from layouts import services as layout_services
from layouts.errors import MixStudioError
from studio.cloud.emulator.models import SandboxTask
from studio.control.models import MixTask, TaskEvent
from studio.control.services import launch
from studio.control.services.errors import RequestInvalid, RobotSeated
from tests.factories import document

pytestmark = pytest.mark.django_db


def test_the_task_runs_with_the_clouds_task_id(app, producer, start_request):
    task = launch.start_task(app=app, request=start_request(1), user=producer)
    cloud = SandboxTask.objects.get()
    assert (task.status, task.task_id, task.backend) == ("running", cloud.task_id, "sandbox")
    assert cloud.is_running


def test_the_cloud_runs_exactly_the_video_params_sent(app, producer, start_request):
    body = start_request(1)
    launch.start_task(app=app, request=body, user=producer)
    assert SandboxTask.objects.get().params["VideoParams"] == body["VideoParams"]


def test_the_robot_gets_the_reserved_user_id_and_a_user_sig_the_cloud_accepts(
    app, producer, start_request
):
    task = launch.start_task(app=app, request=start_request(1), user=producer)
    # The emulator checks the UserSig against the app's SDK key: a running task proves it.
    assert SandboxTask.objects.get().robot_user_id == "mixstudio_robot_195044"
    assert task.params["AgentParams"]["UserId"] == "mixstudio_robot_195044"


def test_the_stored_parameters_hide_the_user_sig(app, producer, start_request):
    task = launch.start_task(app=app, request=start_request(1), user=producer)
    assert MixTask.objects.get(pk=task.pk).params["AgentParams"]["UserSig"] == "***"


def test_the_call_is_recorded_with_its_request_id_and_author(app, producer, start_request):
    task = launch.start_task(app=app, request=start_request(1), user=producer)
    event = TaskEvent.objects.get(task=task, kind="call")  # the room's events are beside it
    assert (event.action, event.error_code, event.user) == ("StartPublishCdnStream", "", producer)
    assert event.request_id


def test_a_preset_supplies_the_video_params_when_the_request_has_none(app, producer, start_request):
    preset = layout_services.create_preset(name="2 up", document=document(), user=None).preset
    body = start_request(2)
    body.pop("VideoParams")
    body.pop("SingleSubscribeParams")
    body["WithTranscoding"] = 1
    task = launch.start_task(app=app, request=body, user=producer, preset=preset)
    assert (task.preset, task.params["VideoParams"]) == (preset, document())


def test_an_invalid_request_is_refused_naming_the_field_and_nothing_is_sent(
    app, producer, start_request
):
    body = start_request(1)
    body["VideoParams"]["VideoEncode"]["Fps"] = 500
    with pytest.raises(RequestInvalid) as refused:
        launch.start_task(app=app, request=body, user=producer)
    assert refused.value.field == "VideoParams.VideoEncode.Fps"
    assert (MixTask.objects.count(), TaskEvent.objects.count(), SandboxTask.objects.count()) == (
        0,
        0,
        0,
    )


def test_a_request_that_is_not_an_object_is_refused(app, producer):
    with pytest.raises(MixStudioError) as refused:
        launch.start_task(app=app, request=[], user=producer)
    assert refused.value.field == "request"
    assert not MixTask.objects.exists()


def test_a_cloud_refusal_marks_the_task_failed_with_the_clouds_code(app, producer, start_request):
    launch.start_task(app=app, request=start_request(1), user=producer)
    MixTask.objects.all().delete()  # the cloud's task is one the app does not know
    # The same room gives the same robot UserId: the cloud refuses a second one (R9).
    with pytest.raises(RobotSeated) as refused:
        launch.start_task(app=app, request=start_request(1), user=producer)
    assert refused.value.cloud.cloud_code == "InvalidParameter.UserId"
    assert refused.value.holder is None
    failed = MixTask.objects.get()
    assert (failed.status, failed.task_id) == ("failed", "")
    assert failed.last_error["code"] == "InvalidParameter.UserId"
    assert SandboxTask.objects.count() == 1


def test_a_start_whose_robot_one_of_our_tasks_holds_is_refused_before_sending(
    app, producer, start_request
):
    first = launch.start_task(app=app, request=start_request(1), user=producer)
    with pytest.raises(RobotSeated) as refused:
        launch.start_task(app=app, request=start_request(1), user=producer)
    assert refused.value.holder == first
    assert refused.value.status_code == 409
    calls = TaskEvent.objects.filter(kind="call")
    assert (MixTask.objects.count(), calls.count()) == (1, 1)
