"""Accepted updates take effect in SequenceNumber order, whatever order their answers come in,
and the parameters in force are reconciled after a crash between the cloud's acceptance
and the app's write."""

from __future__ import annotations

import copy

import pytest

from studio.cloud.backends import sandbox_app
from studio.cloud.emulator.models import SandboxTask
from studio.control import reconcile, services
from studio.control.models import MixTask
from tests.factories import make_user, seed_examples

pytestmark = pytest.mark.django_db


@pytest.fixture
def task():
    body = copy.deepcopy(seed_examples()[0])
    body.pop("SdkAppId")
    body["AgentParams"].pop("UserSig")
    return services.start_task(app=sandbox_app(), request=body, user=make_user())


def colour_and_layout(task: MixTask) -> tuple[str, int]:
    video = MixTask.objects.get(pk=task.pk).params["VideoParams"]
    return video["BackGroundColor"], len(video["LayoutParams"]["MixLayoutList"])


def test_an_update_whose_answer_comes_after_a_later_one_does_not_overwrite_it(task, monkeypatch):
    layout = copy.deepcopy(task.params["VideoParams"]["LayoutParams"])
    layout["MixLayoutList"] = layout["MixLayoutList"][:1]
    first = {"VideoParams": {"BackGroundColor": "0x111111", "LayoutParams": layout}}
    second = {"VideoParams": {"BackGroundColor": "0x222222"}}

    held = []
    real_apply = services.apply_accepted_update
    # The answer to the first update is held back until the second is applied.
    monkeypatch.setattr(services, "apply_accepted_update", lambda *args: held.append(args))
    services.update_task(task.pk, request=first, user=None)
    monkeypatch.setattr(services, "apply_accepted_update", real_apply)
    services.update_task(task.pk, request=second, user=None)
    assert colour_and_layout(task) == (
        "0x222222",
        len(task.params["VideoParams"]["LayoutParams"]["MixLayoutList"]),
    )

    real_apply(*held[0])  # number 1 arrives after number 2
    stored = MixTask.objects.get(pk=task.pk)
    assert stored.sequence_number == 2
    # Number 2's colour stays; number 1's layout, which 2 left alone, takes effect.
    assert colour_and_layout(task) == ("0x222222", 1)
    cloud = SandboxTask.objects.get().params["VideoParams"]
    assert stored.params["VideoParams"] == cloud


def test_the_same_answer_twice_changes_nothing(task):
    services.update_task(
        task.pk, request={"VideoParams": {"BackGroundColor": "0x333333"}}, user=None
    )
    services.update_task(
        task.pk, request={"VideoParams": {"BackGroundColor": "0x444444"}}, user=None
    )
    before = MixTask.objects.get(pk=task.pk).params
    services.apply_accepted_update(task.pk, 1, {"VideoParams": {"BackGroundColor": "0x333333"}})
    assert MixTask.objects.get(pk=task.pk).params == before


def test_a_crash_between_acceptance_and_write_is_reconciled_from_the_event_log(task, monkeypatch):
    def crash(*args):
        raise RuntimeError("the app died here")

    monkeypatch.setattr(services, "apply_accepted_update", crash)
    change = {"VideoParams": {"BackGroundColor": "0x555555"}}
    with pytest.raises(RuntimeError):
        services.update_task(task.pk, request=change, user=None)
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

    class DiesWithTheAnswer(backends.InProcessSandbox):
        def send(self, url, headers, body, timeout):  # noqa: ANN001, ANN201
            core.handle(headers, body)  # the cloud accepts...
            raise KeyboardInterrupt  # ...and the app is killed before it reads the answer

    monkeypatch.setattr(backends, "InProcessSandbox", DiesWithTheAnswer)
    with pytest.raises(KeyboardInterrupt):
        services.update_task(
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

    monkeypatch.setattr(services, "record_started", crash)
    with pytest.raises(RuntimeError):
        services.start_task(app=sandbox_app(), request=body, user=None)
    monkeypatch.undo()
    lost = MixTask.objects.order_by("-id").first()
    running = SandboxTask.objects.get(room_id=lost.room_id)
    assert lost.task_id == running.task_id
    assert lost.status == "starting"
    report = reconcile.reconcile_task(lost.pk, user=None)
    assert report.status == "running"
    assert services.stop_task(lost.pk, user=None).status == "stopped"
