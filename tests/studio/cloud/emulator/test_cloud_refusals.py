"""The emulator refuses as the cloud does, with the SDK's own codes (reference F).

An ended task (FailedOperation.TaskFinished), the task and concurrency limits
set by configuration (UnsupportedOperation.TaskLimit,
FailedOperation.RestrictedConcurrency), cloud storage without its keys
(MissingParameter.*), an API mix in a room a client mixes with the SDK
(FailedOperation.RequestRejection); and a Stop's RecordKey, which ends the
keyed recording at once (B.22).
"""

from __future__ import annotations

import copy

import pytest

from studio.cloud.emulator import core, recordings
from tests.studio.cloud.emulator.test_core import (
    APP,
    NOW,
    OTHER_APP,
    START,
    STOP,
    UPDATE,
    Sandbox,
    code_of,
    start_body,
    stop_body,
    update_body,
    usersig,
)
from tests.studio.conftest import use_test_sandbox

pytestmark = pytest.mark.django_db

STORAGE = {
    "Vendor": 0,
    "Region": "ap-guangzhou",
    "Bucket": "show-1250000000",
    "AccessKey": "AKIDstorage",
    "SecretKey": "storage-secret",
}


@pytest.fixture(autouse=True)
def emulator_settings(settings):
    use_test_sandbox(settings)
    yield settings
    core.RATE_LIMITER.clear()


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox()


def other_start(room: str, app: int = APP) -> dict:
    robot = f"mix_robot_{room}"
    body = start_body(robot=robot, room=room)
    body["SdkAppId"] = app
    body["AgentParams"]["UserSig"] = usersig(robot, app=app)
    return body


# ---------------------------------------------------------------------------
# A task that has ended.


def test_a_stop_or_update_of_an_ended_task_says_it_has_finished(sandbox):
    task_id = sandbox.start(start_body())
    sandbox.call(STOP, stop_body(task_id))

    assert code_of(sandbox.call(STOP, stop_body(task_id))) == "FailedOperation.TaskFinished"
    assert code_of(sandbox.call(UPDATE, update_body(task_id, 1))) == "FailedOperation.TaskFinished"
    assert (
        code_of(sandbox.call(STOP, stop_body("never-issued.."))) == "FailedOperation.TaskNotExist"
    )


# ---------------------------------------------------------------------------
# Limits set by configuration.


def test_an_app_runs_at_most_its_task_limit(sandbox, emulator_settings):
    emulator_settings.MIX_EMULATOR_TASK_LIMIT = 1
    first = sandbox.start(other_start("8888"))

    refused = sandbox.call(START, other_start("8889"))

    assert code_of(refused) == "UnsupportedOperation.TaskLimit"
    assert "Error" not in sandbox.call(START, other_start("8889", app=OTHER_APP))
    sandbox.call(STOP, stop_body(first))
    assert "Error" not in sandbox.call(START, other_start("8889"))


def test_the_account_runs_at_most_its_concurrency(sandbox, emulator_settings):
    emulator_settings.MIX_EMULATOR_CONCURRENCY = 2
    sandbox.start(other_start("8888"))
    sandbox.start(other_start("8888", app=OTHER_APP))

    refused = sandbox.call(START, other_start("8889", app=OTHER_APP))

    assert code_of(refused) == "FailedOperation.RestrictedConcurrency"


def test_no_limit_is_set_by_default(sandbox):
    for room in ("8801", "8802", "8803"):
        assert "Error" not in sandbox.call(START, other_start(room))


def test_an_api_mix_in_a_room_a_client_mixes_is_rejected(sandbox, emulator_settings):
    emulator_settings.MIX_EMULATOR_CLIENT_MIX_ROOMS = ["8888"]

    refused = sandbox.call(START, other_start("8888"))

    assert code_of(refused) == "FailedOperation.RequestRejection"
    assert "RoomId" in refused["Error"]["Message"]
    assert "Error" not in sandbox.call(START, other_start("8889"))


# ---------------------------------------------------------------------------
# Cloud storage without what the cloud needs.


@pytest.mark.parametrize("name", ["AccessKey", "SecretKey", "Bucket", "Region", "Vendor"])
def test_cloud_storage_without_a_field_is_refused_with_its_missing_parameter_code(sandbox, name):
    storage = {key: value for key, value in STORAGE.items() if key != name}
    record = {"UniRecord": 3, "McuStorageParams": {"CloudStorage": storage}}

    refused = sandbox.call(START, start_body(RecordParams=record))

    assert code_of(refused) == f"MissingParameter.{name}"
    assert refused["Error"]["Message"].startswith(
        f"RecordParams.McuStorageParams.CloudStorage.{name}: "
    )


# ---------------------------------------------------------------------------
# A Stop's RecordKey (B.22).


def keyed_start(room: str, wait: int = 600) -> dict:
    record = {
        "UniRecord": 3,
        "RecordKey": "night_show",
        "RecordWaitTime": wait,
        "McuStorageParams": {"CloudStorage": copy.deepcopy(STORAGE)},
    }
    return {**other_start(room), "RecordParams": record}


def state(now: float) -> dict | None:
    return recordings.recording_state(APP, "night_show", now)


def test_without_its_record_key_a_stop_leaves_the_recording_waiting_for_a_new_task(sandbox):
    first = sandbox.start(keyed_start("8888"))
    recording = state(sandbox.now)
    assert recording["status"] == "recording"

    sandbox.call(STOP, stop_body(first))
    stopped_at = sandbox.now

    assert state(stopped_at + 1) == {
        "id": recording["id"],
        "status": "waiting",
        "until": stopped_at + 600,
    }
    assert state(stopped_at + 601)["status"] == "ended"
    # A task with the same key within the wait continues the same recording.
    sandbox.start(keyed_start("8889"))
    assert state(sandbox.now) == {"id": recording["id"], "status": "recording", "until": None}


def test_a_stop_that_carries_the_record_key_ends_the_recording_at_once(sandbox):
    task_id = sandbox.start(keyed_start("8888"))
    recording = state(sandbox.now)

    answer = sandbox.call(STOP, {**stop_body(task_id), "RecordKey": "night_show"})

    assert answer["TaskId"] == task_id
    assert state(sandbox.now + 1) == {"id": recording["id"], "status": "ended", "until": None}
    sandbox.start(keyed_start("8889"))
    assert state(sandbox.now)["id"] != recording["id"]  # a new recording, not a continued one


def test_a_record_key_that_is_not_the_tasks_leaves_its_recording_waiting(sandbox):
    task_id = sandbox.start(keyed_start("8888"))

    sandbox.call(STOP, {**stop_body(task_id), "RecordKey": "other_show"})

    assert state(sandbox.now + 1)["status"] == "waiting"


def test_a_record_key_the_sdk_forbids_is_refused(sandbox):
    task_id = sandbox.start(keyed_start("8888"))
    refused = sandbox.call(STOP, {**stop_body(task_id), "RecordKey": "night show"})
    assert code_of(refused) == "InvalidParameter"
    assert state(NOW + 10)["status"] == "recording"


# ---------------------------------------------------------------------------
# The app meets these refusals offline as it would meet the cloud's.


def test_the_app_reports_a_task_limit_as_a_conflict_with_the_clouds_code(api, emulator_settings):
    from studio.control.models import MixTask
    from tests.factories import seed_examples

    emulator_settings.MIX_EMULATOR_TASK_LIMIT = 1
    emulator_settings.MIX_BACKEND = "emulator"
    bodies = []
    for room in ("195044", "195045"):
        body = copy.deepcopy(seed_examples()[0])
        del body["SdkAppId"], body["AgentParams"]["UserSig"], body["AgentParams"]["UserId"]
        body["RoomId"] = room
        bodies.append(body)

    assert api.post("/api/tasks/", {"request": bodies[0]}, format="json").status_code == 201
    refused = api.post("/api/tasks/", {"request": bodies[1]}, format="json")

    assert refused.status_code == 409
    assert refused.json()["cloud_code"] == "UnsupportedOperation.TaskLimit"
    assert MixTask.objects.order_by("-pk").first().status == "failed"
