"""Accepted updates take effect in SequenceNumber order, whatever order their answers come in."""

from __future__ import annotations

import copy

import pytest

from studio.cloud.emulator.models import SandboxTask
from studio.control.models import MixTask
from studio.control.services import launch, profiles, sequence, take
from tests.factories import make_user, seed_examples

pytestmark = pytest.mark.django_db


@pytest.fixture
def task():
    body = copy.deepcopy(seed_examples()[0])
    body.pop("SdkAppId")
    body["AgentParams"].pop("UserSig")
    return launch.start_task(app=profiles.emulator_app(), request=body, user=make_user())


def colour_and_layout(task: MixTask) -> tuple[str, int]:
    video = MixTask.objects.get(pk=task.pk).params["VideoParams"]
    return video["BackGroundColor"], len(video["LayoutParams"]["MixLayoutList"])


def test_an_update_whose_answer_comes_after_a_later_one_does_not_overwrite_it(task, monkeypatch):
    layout = copy.deepcopy(task.params["VideoParams"]["LayoutParams"])
    layout["MixLayoutList"] = layout["MixLayoutList"][:1]
    first = {"VideoParams": {"BackGroundColor": "0x111111", "LayoutParams": layout}}
    second = {"VideoParams": {"BackGroundColor": "0x222222"}}

    held = []
    real_apply = sequence.apply_accepted_update
    # The answer to the first update is held back until the second is applied.
    monkeypatch.setattr(sequence, "apply_accepted_update", lambda *args: held.append(args))
    take.update_task(task.pk, request=first, user=None)
    monkeypatch.setattr(sequence, "apply_accepted_update", real_apply)
    take.update_task(task.pk, request=second, user=None)
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
    take.update_task(task.pk, request={"VideoParams": {"BackGroundColor": "0x333333"}}, user=None)
    take.update_task(task.pk, request={"VideoParams": {"BackGroundColor": "0x444444"}}, user=None)
    before = MixTask.objects.get(pk=task.pk).params
    sequence.apply_accepted_update(task.pk, 1, {"VideoParams": {"BackGroundColor": "0x333333"}})
    assert MixTask.objects.get(pk=task.pk).params == before
