"""Reconcile after a crash between the cloud's acceptance and the app's write: the event log
and the emulator, called directly."""

from __future__ import annotations

import copy

import pytest

from studio.cloud.emulator.models import SandboxTask
from studio.control.models import MixTask
from studio.control.services import answers, launch, profiles, reconcile, sequence, stop, take
from tests.factories import make_user, seed_examples

pytestmark = pytest.mark.django_db


@pytest.fixture
def task():
    body = copy.deepcopy(seed_examples()[0])
    body.pop("SdkAppId")
    body["AgentParams"].pop("UserSig")
    return launch.start_task(app=profiles.emulator_app(), request=body, user=make_user())


def test_a_crash_between_acceptance_and_write_is_reconciled_from_the_event_log(task, monkeypatch):
    def crash(*args):
        raise RuntimeError("the app died here")

    monkeypatch.setattr(sequence, "apply_accepted_update", crash)
    change = {"VideoParams": {"BackGroundColor": "0x555555"}}
    with pytest.raises(RuntimeError):
        take.update_task(task.pk, request=change, user=None)
    monkeypatch.undo()
    assert MixTask.objects.get(pk=task.pk).sequence_number == 0
    assert SandboxTask.objects.get().params["VideoParams"]["BackGroundColor"] == "0x555555"

    report = reconcile.reconcile_task(task.pk, user=None)
    codes = [finding.code for finding in report.findings]
    assert codes == ["update-recorded", "running"]
    stored = MixTask.objects.get(pk=task.pk)
    assert stored.params["VideoParams"] == SandboxTask.objects.get().params["VideoParams"]
    assert stored.sequence_number == SandboxTask.objects.get().last_sequence_number


def test_a_crash_before_the_answer_was_read_leaves_a_record_reconcile_settles(task, monkeypatch):
    from studio.cloud import backends
    from studio.cloud.emulator import core

    class DiesWithTheAnswer(backends.InProcessEmulator):
        def send(self, url, headers, body, timeout):  # noqa: ANN001, ANN201
            core.handle(headers, body)  # the cloud accepts...
            raise KeyboardInterrupt  # ...and the app is killed before it reads the answer

    monkeypatch.setattr(backends, "InProcessEmulator", DiesWithTheAnswer)
    with pytest.raises(KeyboardInterrupt):
        take.update_task(
            task.pk, request={"VideoParams": {"BackGroundColor": "0x666666"}}, user=None
        )
    monkeypatch.undo()
    pending = MixTask.objects.get(pk=task.pk).events.get(action="UpdatePublishCdnStream")
    assert pending.awaiting_answer is True  # written before it left

    report = reconcile.reconcile_task(task.pk, user=None)
    assert [finding.code for finding in report.findings] == ["update-settled"]
    stored = MixTask.objects.get(pk=task.pk)
    cloud = SandboxTask.objects.get()
    assert stored.params["VideoParams"]["BackGroundColor"] == "0x666666"
    assert stored.params["VideoParams"] == cloud.params["VideoParams"]
    assert stored.sequence_number == cloud.last_sequence_number


def test_a_start_whose_answer_was_read_but_not_written_keeps_its_taskid(task, monkeypatch):
    # The recorder writes the TaskId with the answer, before start_task's own write.
    body = copy.deepcopy(seed_examples()[3])
    body.pop("SdkAppId")
    body["AgentParams"].pop("UserSig")

    def crash(*args):
        raise RuntimeError("the app died here")

    monkeypatch.setattr(answers, "record_started", crash)
    with pytest.raises(RuntimeError):
        launch.start_task(app=profiles.emulator_app(), request=body, user=None)
    monkeypatch.undo()
    lost = MixTask.objects.order_by("-id").first()
    running = SandboxTask.objects.get(room_id=lost.room_id)
    assert lost.task_id == running.task_id
    assert lost.status == "starting"
    report = reconcile.reconcile_task(lost.pk, user=None)
    assert report.status == "running"
    assert stop.stop_task(lost.pk, user=None).status == "stopped"
