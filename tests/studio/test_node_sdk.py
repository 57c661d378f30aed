"""The official Node.js SDK against a real `manage.py trtc_emulator`, case for case
with the official Python SDK.

The emulator runs as its own process on a free loopback port, on the test database.
The same cases (tests/js/sdk/trtc_cases.js reads them on stdin) go through
tencentcloud-sdk-nodejs, pinned in package.json, and through tencentcloud-sdk-python,
pinned in requirements-test.txt: a task started, updated and stopped, and every refusal
with the code the emulator gives it. The Node.js SDK signs the host without its port,
so every one of its calls also exercises that path of the signature check.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest
from tencentcloud.common import abstract_client
from tencentcloud.common.credential import Credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import (
    TencentCloudSDKException,
)
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.trtc.v20190722 import models, trtc_client

from studio.cloud.emulator.models import SandboxTask
from tests.processes import stop
from tests.studio.cloud.emulator.test_http import request, seed_start
from tests.studio.conftest import (
    CALLBACK_KEY,
    SECRET_ID,
    TEST_KEY,
    WRONG_KEY,
    emulator_environment,
)

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "js" / "sdk" / "trtc_cases.js"
NODE_SDK = ROOT / "node_modules" / "tencentcloud-sdk-nodejs"
REGION = "ap-guangzhou"
SDK_APP_ID = 1400188366
TASK_ID = "$TaskId"  # the TaskId of the last Start that succeeded, in either runner
PROXY_VARIABLES = {"http_proxy", "https_proxy", "all_proxy"}
LISTENING = re.compile(r"TRTC emulator listening on http://(127\.0\.0\.1:\d+)/")


def cases() -> list[dict]:
    """Start, Update, Stop, then each refusal: what both SDKs send, in order."""
    too_wide = seed_start()
    too_wide["VideoParams"]["VideoEncode"]["Width"] = 4000
    wrong_type = seed_start()
    wrong_type["VideoParams"]["VideoEncode"]["Fps"] = "fast"
    no_room = seed_start()
    del no_room["RoomId"]
    grid = {"LayoutParams": {"MixLayoutMode": 3, "PureAudioHoldPlaceMode": 0, "RenderMode": 0}}
    task = {"SdkAppId": SDK_APP_ID, "TaskId": TASK_ID}
    update = {**task, "SequenceNumber": 1, "WithTranscoding": 1}
    return [
        {"name": "start", "action": "StartPublishCdnStream", "body": seed_start()},
        {
            "name": "update",
            "action": "UpdatePublishCdnStream",
            "body": {**update, "VideoParams": grid},
        },
        {"name": "update_outdated", "action": "UpdatePublishCdnStream", "body": update},
        {"name": "stop", "action": "StopPublishCdnStream", "body": task},
        {"name": "stop_again", "action": "StopPublishCdnStream", "body": task},
        {
            "name": "stop_unknown_task",
            "action": "StopPublishCdnStream",
            "body": {"SdkAppId": SDK_APP_ID, "TaskId": "no-such-task.."},
        },
        {
            "name": "stop_without_task_id",
            "action": "StopPublishCdnStream",
            "body": {"SdkAppId": SDK_APP_ID},
        },
        {"name": "start_without_room", "action": "StartPublishCdnStream", "body": no_room},
        {"name": "start_too_wide", "action": "StartPublishCdnStream", "body": too_wide},
        {"name": "start_wrong_type", "action": "StartPublishCdnStream", "body": wrong_type},
        {
            "name": "wrong_secret_key",
            "action": "StopPublishCdnStream",
            "body": task,
            "secretKey": WRONG_KEY,
        },
        {
            "name": "signed_six_minutes_ago",
            "action": "StopPublishCdnStream",
            "body": task,
            "secondsAgo": 360,
        },
        {
            "name": "unsupported_region",
            "action": "StopPublishCdnStream",
            "body": task,
            "region": "ap-nowhere",
        },
    ]


# What the emulator answers each refusal (README, "The emulator"; error_codes.py).
EXPECTED_CODES = {
    "update_outdated": "FailedOperation.RequestOutdated",
    "stop_again": "FailedOperation.TaskFinished",
    "stop_unknown_task": "FailedOperation.TaskNotExist",
    "stop_without_task_id": "MissingParameter.TaskId",
    "start_without_room": "MissingParameter.RoomId",
    "start_too_wide": "InvalidParameter.VideoResolution",
    "start_wrong_type": "InvalidParameter",
    "wrong_secret_key": "AuthFailure.SignatureFailure",
    "signed_six_minutes_ago": "AuthFailure.SignatureExpire",
    "unsupported_region": "UnsupportedRegion",
}


@pytest.fixture
def emulator(transactional_db, tmp_path, monkeypatch):
    """`manage.py trtc_emulator 127.0.0.1:0` on the test database; its host:port."""

    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    environment = emulator_environment(
        MIX_SANDBOX_CALLBACK_URL="", MIX_SANDBOX_CALLBACK_KEY=CALLBACK_KEY, PYTHONUNBUFFERED="1"
    )
    log = tmp_path / "emulator.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "trtc_emulator", "127.0.0.1:0"],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield wait_for_address(process, log)
    finally:
        stop(process)


def wait_for_address(process: subprocess.Popen, log: Path) -> str:
    """The host:port the command says it listens on, once it says so."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = LISTENING.search(log.read_text(errors="replace"))
        if found:
            return found.group(1)
        if process.poll() is not None:
            raise AssertionError(f"trtc_emulator exited:\n{log.read_text(errors='replace')}")
        time.sleep(0.05)
    raise AssertionError(f"trtc_emulator did not listen within 60 s:\n{log.read_text()}")


def python_call(host: str, step: dict, task_id: str | None) -> dict:
    """One case through tencentcloud-sdk-python: its answer, as a plain dict."""
    profile = ClientProfile(httpProfile=HttpProfile(protocol="http", endpoint=host, reqTimeout=10))
    credential = Credential(SECRET_ID, step.get("secretKey", TEST_KEY))
    client = trtc_client.TrtcClient(credential, step.get("region", REGION), profile)
    body = json.dumps(step["body"]).replace(json.dumps(TASK_ID), json.dumps(task_id))
    model = getattr(models, f"{step['action']}Request")
    seconds_ago = step.get("secondsAgo", 0)
    clock = SimpleNamespace(time=lambda: time.time() - seconds_ago)
    with mock.patch.object(abstract_client, "time", clock):
        answer = getattr(client, step["action"])(request(model, json.loads(body)))
    return json.loads(answer.to_json_string())


def run_python(host: str, steps: list[dict]) -> list[dict]:
    """The cases through tencentcloud-sdk-python, in the Node.js runner's result shape."""
    results = []
    task_id = None
    for step in steps:
        try:
            response = python_call(host, step, task_id)
        except TencentCloudSDKException as error:
            refusal = {
                "code": error.get_code(),
                "message": error.get_message(),
                "requestId": error.get_request_id(),
            }
            results.append({"name": step["name"], "error": refusal})
            continue
        if step["action"] == "StartPublishCdnStream":
            task_id = response["TaskId"]
        results.append({"name": step["name"], "response": response})
    return results


def run_node(host: str, steps: list[dict]) -> list[dict]:
    """The cases through tencentcloud-sdk-nodejs (tests/js/sdk/trtc_cases.js)."""
    if shutil.which("node") is None:
        pytest.fail("Node.js is not installed; `make test` installs it with apt-get.")
    if not NODE_SDK.is_dir():
        pytest.fail("tencentcloud-sdk-nodejs is not installed; `make test` runs `npm ci` for it.")
    # The Node.js SDK sends through http_proxy if set and knows no NO_PROXY: loopback only.
    environment = {
        name: value for name, value in os.environ.items() if name.lower() not in PROXY_VARIABLES
    }
    # The SDK takes the signature's service from the endpoint's first label: trtc.localhost,
    # which the script reaches on 127.0.0.1, where the emulator listens.
    port = host.rsplit(":", 1)[1]
    environment.update(
        TRTC_ENDPOINT=f"trtc.localhost:{port}", TRTC_SECRET_ID=SECRET_ID, TRTC_SECRET_KEY=TEST_KEY
    )
    result = subprocess.run(
        ["node", str(SCRIPT)],
        cwd=ROOT,
        input=json.dumps(steps),
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def by_name(results: list[dict]) -> dict[str, dict]:
    return {result["name"]: result for result in results}


def test_the_node_sdk_gets_what_the_python_sdk_gets_from_the_emulator(emulator):
    steps = cases()
    python = by_name(run_python(emulator, steps))
    node = by_name(run_node(emulator, steps))
    assert list(node) == list(python) == [step["name"] for step in steps]

    for answers in (python, node):
        assert "error" not in answers["start"], answers["start"]
        started = answers["start"]["response"]
        assert started["TaskId"].endswith("..") and started["RequestId"]
        assert answers["update"]["response"]["TaskId"] == started["TaskId"]
        assert answers["stop"]["response"]["TaskId"] == started["TaskId"]

    task_ids = {python["start"]["response"]["TaskId"], node["start"]["response"]["TaskId"]}
    assert len(task_ids) == 2
    for task in SandboxTask.objects.filter(task_id__in=task_ids):
        assert task.status == SandboxTask.Status.STOPPED
        assert task.last_sequence_number == 1
        assert task.params["VideoParams"]["LayoutParams"]["MixLayoutMode"] == 3
    assert SandboxTask.objects.count() == 2  # no refusal started a task

    for name, code in EXPECTED_CODES.items():
        assert python[name]["error"]["code"] == code, python[name]
        refusal = node[name]["error"]
        assert refusal["code"] == code, node[name]
        assert refusal["type"] == "TencentCloudSDKHttpException" and refusal["isSdkException"]
        assert refusal["requestId"], node[name]
        if name != "signed_six_minutes_ago":  # its message gives the seconds it is off by
            assert refusal["message"] == python[name]["error"]["message"]
    assert "VideoParams.VideoEncode.Width" in python["start_too_wide"]["error"]["message"]
    assert "VideoParams.VideoEncode.Width" in node["start_too_wide"]["error"]["message"]
