"""A launch says what the cloud will say (studio.control.services.launch and build).

A preset keeps a recording to cloud storage without its AccessKey and SecretKey
(they are withheld on import); relaunching it is refused with the cloud's own
MissingParameter code until the launch gives them, and the pre-launch check
says so. A storage without its bucket or region is refused the same way. The
body sent is the show key for key: nothing is added that it did not carry.
Against the in-process emulator, through the API.
"""

from __future__ import annotations

import copy
import json

import pytest

from studio.cloud.emulator.models import SandboxTask
from studio.control.models import MixTask, TaskEvent
from tests.factories import seed_examples

pytestmark = pytest.mark.django_db

SEED = seed_examples()
STORAGE_PATH = "RecordParams.McuStorageParams.CloudStorage"
KEYS = {"AccessKey": "AKIDstorage0001", "SecretKey": "storage-secret-0001"}


def recording(**storage: object) -> dict:
    cloud = {"Vendor": 0, "Region": "ap-guangzhou", "Bucket": "show-1250000000", **storage}
    return {"UniRecord": 3, "RecordFormat": ["hls"], "McuStorageParams": {"CloudStorage": cloud}}


def import_preset(api, body: dict) -> dict:
    raw = json.dumps(body)
    response = api.generic("POST", "/api/presets/import/", raw, content_type="application/json")
    assert response.status_code == 201, response.json()
    return response.json()


def recording_preset(api) -> int:
    body = copy.deepcopy(SEED[0])
    body["RecordParams"] = recording(**KEYS)
    created = import_preset(api, body)
    assert f"{STORAGE_PATH}.AccessKey" in created["withheld"]
    return created["id"]


def errors(answer: dict) -> list[tuple[str, str]]:
    return [(p["path"], p["rule"]) for p in answer["problems"] if p["severity"] == "error"]


def test_the_check_of_a_relaunch_without_the_withheld_storage_keys_names_the_clouds_codes(api):
    preset = recording_preset(api)

    answer = api.post("/api/tasks/check/", {"preset": preset, "request": {}}, format="json")

    assert answer.status_code == 200
    checked = answer.json()
    assert checked["valid"] is False
    assert errors(checked) == [
        (f"{STORAGE_PATH}.AccessKey", "B.19"),
        (f"{STORAGE_PATH}.SecretKey", "B.19"),
    ]
    messages = " ".join(p["message"] for p in checked["problems"])
    assert "MissingParameter.AccessKey" in messages and "MissingParameter.SecretKey" in messages


def test_the_relaunch_is_refused_before_anything_is_sent_naming_the_field(api):
    preset = recording_preset(api)

    response = api.post("/api/tasks/", {"preset": preset, "request": {}}, format="json")

    assert response.status_code == 400
    assert response.json()["field"] == f"{STORAGE_PATH}.AccessKey"
    assert "MissingParameter.AccessKey" in response.json()["message"]
    assert not (MixTask.objects.exists() or SandboxTask.objects.exists())


def test_keys_given_at_launch_start_the_recording_and_are_never_kept(api):
    preset = recording_preset(api)
    request = {"RecordParams": recording(**KEYS)}

    response = api.post("/api/tasks/", {"preset": preset, "request": request}, format="json")

    assert response.status_code == 201, response.json()
    kept = json.dumps([MixTask.objects.get().params, SandboxTask.objects.get().params])
    assert KEYS["SecretKey"] not in kept and KEYS["AccessKey"] not in kept


def test_keys_shown_masked_count_as_missing(api):
    preset = recording_preset(api)
    request = {"RecordParams": recording(AccessKey="***", SecretKey=KEYS["SecretKey"])}

    checked = api.post(
        "/api/tasks/check/", {"preset": preset, "request": request}, format="json"
    ).json()

    assert errors(checked) == [(f"{STORAGE_PATH}.AccessKey", "B.19")]


@pytest.mark.parametrize("name", ["Bucket", "Region"])
def test_a_storage_without_its_bucket_or_region_is_refused_naming_it(api, name):
    body = copy.deepcopy(SEED[0])
    del body["SdkAppId"], body["AgentParams"]["UserSig"]
    body["RecordParams"] = recording(**KEYS)
    del body["RecordParams"]["McuStorageParams"]["CloudStorage"][name]

    checked = api.post("/api/tasks/check/", {"request": body}, format="json").json()
    refused = api.post("/api/tasks/", {"request": body}, format="json")

    assert errors(checked) == [(f"{STORAGE_PATH}.{name}", "B.19")]
    (problem,) = [p for p in checked["problems"] if p["severity"] == "error"]
    assert f"MissingParameter.{name}" in problem["message"]
    assert (refused.status_code, refused.json()["field"]) == (400, f"{STORAGE_PATH}.{name}")


def test_an_output_without_is_tencent_cdn_is_sent_without_it(api):
    body = copy.deepcopy(SEED[0])
    del body["SdkAppId"], body["AgentParams"]["UserSig"]
    for target in body["PublishCdnParams"]:
        target.pop("IsTencentCdn", None)

    response = api.post("/api/tasks/", {"request": body}, format="json")

    assert response.status_code == 201, response.json()
    sent = TaskEvent.objects.get(action="StartPublishCdnStream").request
    assert sent["PublishCdnParams"] == body["PublishCdnParams"]
    assert all("IsTencentCdn" not in target for target in sent["PublishCdnParams"])
