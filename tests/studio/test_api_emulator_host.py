"""The emulator takes a TC3 signature computed over the Host with or without its port.

The official Node.js SDK signs the endpoint's host name alone and its HTTP library
sends `Host: name:port`; the cloud, on port 443, never sees the difference. Driven
over real HTTP against the emulator on a loopback port, as tests/studio/cloud/
emulator/test_http.py drives it with the Python SDK.
"""

from __future__ import annotations

import json
import time

import pytest
import requests

from studio.cloud.emulator.models import SandboxTask
from studio.cloud.signing import host_variants, sign_request
from studio.cloud.usersig import gen_usersig
from tests import factories
from tests.studio.conftest import SDK_KEY, SECRET_ID, TEST_KEY, WRONG_KEY


def seed_start() -> bytes:
    body = factories.seed_examples()[0]
    agent = body["AgentParams"]
    agent["UserSig"] = gen_usersig(body["SdkAppId"], agent["UserId"], SDK_KEY)
    return json.dumps(body).encode()


def call(sandbox_url: str, body: bytes, *, signed_host: str, key: str = TEST_KEY) -> dict:
    """POST `body` with `Host: sandbox_url` (name and port), signed over `signed_host`."""
    headers = sign_request(
        secret_id=SECRET_ID,
        secret_key=key,
        host=signed_host,
        action="StartPublishCdnStream",
        body=body,
        timestamp=int(time.time()),
        region="ap-guangzhou",
    )
    headers["Host"] = sandbox_url  # what goes on the wire: the port too
    response = requests.post(f"http://{sandbox_url}/", data=body, headers=headers, timeout=10)
    assert response.status_code == 200
    return response.json()["Response"]


def test_a_signature_over_the_host_without_its_port_is_accepted(sandbox_url):
    name = sandbox_url.rsplit(":", 1)[0]
    answer = call(sandbox_url, seed_start(), signed_host=name)
    assert "Error" not in answer, answer
    assert SandboxTask.objects.get(task_id=answer["TaskId"]).status == SandboxTask.Status.RUNNING


def test_a_signature_over_the_host_with_its_port_is_still_accepted(sandbox_url):
    answer = call(sandbox_url, seed_start(), signed_host=sandbox_url)
    assert "Error" not in answer, answer


@pytest.mark.parametrize("signed_host", ["localhost", "127.0.0.2", "127.0.0.1:1"])
def test_a_signature_over_another_host_is_refused(sandbox_url, signed_host):
    answer = call(sandbox_url, seed_start(), signed_host=signed_host)
    assert answer["Error"]["Code"] == "AuthFailure.SignatureFailure"
    assert not SandboxTask.objects.exists()


def test_a_wrong_key_over_the_portless_host_is_still_refused(sandbox_url):
    name = sandbox_url.rsplit(":", 1)[0]
    answer = call(sandbox_url, seed_start(), signed_host=name, key=WRONG_KEY)
    assert answer["Error"]["Code"] == "AuthFailure.SignatureFailure"


@pytest.mark.parametrize(
    "host, variants",
    [
        ("127.0.0.1:8001", ("127.0.0.1:8001", "127.0.0.1")),
        ("trtc.tencentcloudapi.com", ("trtc.tencentcloudapi.com",)),
        ("[::1]:8001", ("[::1]:8001", "[::1]")),
        ("[::1]", ("[::1]",)),
        ("host:", ("host:",)),
    ],
)
def test_host_variants(host, variants):
    assert host_variants(host) == variants
