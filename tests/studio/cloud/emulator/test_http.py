"""The emulator over HTTP, driven by the official Tencent Cloud SDK on loopback."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest
import requests
from django.core.management import CommandError, call_command
from tencentcloud.common import abstract_client
from tencentcloud.common.credential import Credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import (
    TencentCloudSDKException,
)
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.trtc.v20190722 import models, trtc_client

from studio.cloud.callback import is_valid_callback_sign
from studio.cloud.emulator import http
from studio.cloud.emulator.management.commands.trtc_emulator import parse_address
from studio.cloud.emulator.models import SandboxTask
from studio.cloud.signing import sign_request
from studio.cloud.usersig import gen_usersig
from tests import factories
from tests.processes import free_port
from tests.processes import stop as stop_process
from tests.studio.conftest import (
    CALLBACK_KEY,
    SDK_KEY,
    SECRET_ID,
    TEST_KEY,
    WRONG_KEY,
    emulator_environment,
    serve,
    use_test_sandbox,
)


def sdk_client(endpoint: str, secret_key: str = TEST_KEY) -> trtc_client.TrtcClient:
    profile = ClientProfile(
        httpProfile=HttpProfile(protocol="http", endpoint=endpoint, reqTimeout=10)
    )
    return trtc_client.TrtcClient(Credential(SECRET_ID, secret_key), "ap-guangzhou", profile)


def request(model: type, body: dict) -> object:
    instance = model()
    instance.from_json_string(json.dumps(body))
    return instance


def seed_start() -> dict:
    """Seed example 1 with a robot UserSig the sandbox accepts."""
    body = factories.seed_examples()[0]
    agent = body["AgentParams"]
    agent["UserSig"] = gen_usersig(body["SdkAppId"], agent["UserId"], SDK_KEY)
    return body


def update(task_id: str, sequence: int, **fields) -> object:
    body = {"SdkAppId": 1400188366, "TaskId": task_id, "SequenceNumber": sequence}
    return request(models.UpdatePublishCdnStreamRequest, {"WithTranscoding": 1, **body, **fields})


def stop(task_id: str) -> object:
    return request(models.StopPublishCdnStreamRequest, {"SdkAppId": 1400188366, "TaskId": task_id})


def sdk_error(call, *args) -> TencentCloudSDKException:
    with pytest.raises(TencentCloudSDKException) as caught:
        call(*args)
    return caught.value


def test_the_official_sdk_runs_a_task_from_start_to_stop(sandbox_url):
    client = sdk_client(sandbox_url)
    started = client.StartPublishCdnStream(
        request(models.StartPublishCdnStreamRequest, seed_start())
    )
    task_id = started.TaskId
    assert task_id.endswith("..") and started.RequestId
    assert SandboxTask.objects.get(task_id=task_id).status == SandboxTask.Status.RUNNING

    grid = {"LayoutParams": {"MixLayoutMode": 3, "PureAudioHoldPlaceMode": 0, "RenderMode": 0}}
    assert client.UpdatePublishCdnStream(update(task_id, 1, VideoParams=grid)).TaskId == task_id
    stale = sdk_error(client.UpdatePublishCdnStream, update(task_id, 1))
    assert stale.get_code() == "FailedOperation.RequestOutdated"
    assert stale.get_request_id()
    task = SandboxTask.objects.get(task_id=task_id)
    assert task.last_sequence_number == 1
    assert task.params["VideoParams"]["LayoutParams"]["MixLayoutMode"] == 3

    assert client.StopPublishCdnStream(stop(task_id)).TaskId == task_id
    again = sdk_error(client.StopPublishCdnStream, stop(task_id))
    assert again.get_code() == "FailedOperation.TaskFinished"


def test_the_sdk_sees_rule_errors_with_their_codes(sandbox_url):
    body = seed_start()
    body["VideoParams"]["VideoEncode"]["Width"] = 4000
    error = sdk_error(
        sdk_client(sandbox_url).StartPublishCdnStream,
        request(models.StartPublishCdnStreamRequest, body),
    )
    assert error.get_code() == "InvalidParameter.VideoResolution"
    assert "VideoParams.VideoEncode.Width" in error.get_message()


def test_a_wrong_secret_key_is_refused(sandbox_url):
    client = sdk_client(sandbox_url, secret_key=WRONG_KEY)
    error = sdk_error(client.StopPublishCdnStream, stop("any-task.."))
    assert error.get_code() == "AuthFailure.SignatureFailure"


def test_a_request_signed_six_minutes_ago_is_refused(sandbox_url):
    six_minutes_ago = SimpleNamespace(time=lambda: time.time() - 360)
    with mock.patch.object(abstract_client, "time", six_minutes_ago):
        error = sdk_error(sdk_client(sandbox_url).StopPublishCdnStream, stop("any-task.."))
    assert error.get_code() == "AuthFailure.SignatureExpire"


def test_answers_are_exactly_application_json_with_status_200(sandbox_url):
    body = b'{"SdkAppId": 1400188366, "TaskId": "x.."}'
    headers = sign_request(
        secret_id=SECRET_ID,
        secret_key=TEST_KEY,
        host=sandbox_url,
        action="StopPublishCdnStream",
        body=body,
        timestamp=int(time.time()),
        region="ap-guangzhou",
    )
    response = requests.post(f"http://{sandbox_url}/", data=body, headers=headers, timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["Response"]["Error"]["Code"] == "FailedOperation.TaskNotExist"
    wrong_method = requests.get(f"http://{sandbox_url}/", timeout=10)
    assert wrong_method.status_code == 200
    assert wrong_method.json()["Response"]["Error"]["Code"] == "UnsupportedProtocol"


def test_each_request_is_logged_on_one_line_without_secrets(sandbox_url, caplog):
    body = seed_start()
    with caplog.at_level("INFO", logger="studio.cloud.emulator"):
        sdk_client(sandbox_url).StartPublishCdnStream(
            request(models.StartPublishCdnStreamRequest, body)
        )
        sdk_error(sdk_client(sandbox_url, "WrongKey").StopPublishCdnStream, stop("x.."))
    lines = [r.getMessage() for r in caplog.records if r.name == "studio.cloud.emulator"]
    assert len(lines) == 2
    assert lines[0].startswith("StartPublishCdnStream OK ") and lines[0].endswith(" ms")
    assert lines[1].startswith("StopPublishCdnStream AuthFailure.SignatureFailure ")
    assert body["AgentParams"]["UserSig"] not in caplog.text
    assert "Signature=" not in caplog.text


class Receiver(BaseHTTPRequestHandler):
    received: list[tuple[dict, bytes]] = []

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.received.append((dict(self.headers.items()), raw))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def test_callbacks_reach_the_configured_url_signed_and_in_order(sandbox_url, settings):
    Receiver.received = []
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = serve(receiver)
    settings.MIX_SANDBOX_CALLBACK_URL = f"http://127.0.0.1:{receiver.server_address[1]}/cb"
    try:
        client = sdk_client(sandbox_url)
        task_id = client.StartPublishCdnStream(
            request(models.StartPublishCdnStreamRequest, seed_start())
        ).TaskId

        # The room's callbacks (its imagined people entering) go to the same URL.
        def relayed():
            return [
                (h, raw) for h, raw in Receiver.received if json.loads(raw)["EventGroupId"] == 4
            ]

        deadline = time.monotonic() + 5
        while len(relayed()) < 4 and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        receiver.shutdown()
        receiver.server_close()
        thread.join(timeout=5)
    statuses = []
    for headers, raw in relayed():
        assert is_valid_callback_sign(CALLBACK_KEY, raw, headers["Sign"])
        assert headers["SdkAppId"] == "1400188366"
        info = json.loads(raw)["EventInfo"]
        assert info["TaskId"] == task_id
        statuses.append((info["Payload"]["Url"][-5:], info["Payload"]["Status"]))
    assert statuses == [("test1", 1), ("test1", 2), ("test2", 1), ("test2", 2)]


# ---------------------------------------------------------------------------
# The management command.


@pytest.mark.parametrize("name", ["trtc_emulator", "trtc_sandbox"])
def test_the_command_serves_until_interrupted(name):
    out = StringIO()
    with mock.patch.object(ThreadingHTTPServer, "serve_forever", side_effect=KeyboardInterrupt):
        call_command(name, "127.0.0.1:0", stdout=out)
    text = out.getvalue()
    assert "TRTC emulator listening on http://127.0.0.1:" in text
    assert "stopped" in text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("127.0.0.1:8001", ("127.0.0.1", 8001)),
        ("9000", ("127.0.0.1", 9000)),
        ("0.0.0.0:80", ("0.0.0.0", 80)),
    ],
)
def test_the_command_reads_addr_port(text, expected):
    assert parse_address(text) == expected


@pytest.mark.parametrize("text", ["localhost:http", "127.0.0.1:70000", ""])
def test_the_command_refuses_a_bad_address(text):
    with pytest.raises(CommandError):
        parse_address(text)


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
def test_the_sdk_starts_and_stops_every_seed_example(sandbox_url, number):
    body = factories.seed_examples()[number - 1]
    agent = body["AgentParams"]
    agent["UserSig"] = gen_usersig(body["SdkAppId"], agent["UserId"], SDK_KEY)
    client = sdk_client(sandbox_url)
    task_id = client.StartPublishCdnStream(
        request(models.StartPublishCdnStreamRequest, body)
    ).TaskId
    task = SandboxTask.objects.get(task_id=task_id)
    assert task.media_kind == ("audio" if number == 3 else "audio+video")
    assert task.with_transcoding == body["WithTranscoding"]
    assert client.StopPublishCdnStream(stop(task_id)).TaskId == task_id


# ---------------------------------------------------------------------------
# How answers leave: one write, no Nagle delay, a real backlog, R3 under a burst.


def signed_stop(host: str, task_id: str = "no-such-task..") -> tuple[bytes, dict[str, str]]:
    body = json.dumps({"SdkAppId": 1400188366, "TaskId": task_id}).encode()
    headers = sign_request(
        secret_id=SECRET_ID,
        secret_key=TEST_KEY,
        host=host,
        action="StopPublishCdnStream",
        body=body,
        timestamp=int(time.time()),
        region="ap-guangzhou",
    )
    return body, headers


def raw_request(host: str) -> bytes:
    body, headers = signed_stop(host)
    head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    return (
        f"POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: {len(body)}\r\n{head}"
        "Connection: close\r\n\r\n"
    ).encode() + body


class CountingSocket:
    """A socket that counts the writes made on it."""

    def __init__(self, wrapped: socket.socket) -> None:
        self.wrapped = wrapped
        self.writes: list[bytes] = []

    def sendall(self, data: bytes) -> None:
        self.writes.append(bytes(data))
        self.wrapped.sendall(data)

    def __getattr__(self, name: str):
        return getattr(self.wrapped, name)


@pytest.mark.django_db
def test_an_answer_leaves_in_one_write_with_its_headers(settings):
    use_test_sandbox(settings)
    server_end, client_end = socket.socketpair()
    counting = CountingSocket(server_end)
    client_end.sendall(raw_request("127.0.0.1:8001"))
    # Keep the test's own connection (and its transaction) open.
    with (
        mock.patch.object(http.connections, "close_all"),
        mock.patch.object(http, "close_old_connections"),
    ):
        http.EmulatorRequestHandler(counting, ("127.0.0.1", 1), SimpleNamespace())
    server_end.close()
    answer = b"".join(iter(lambda: client_end.recv(65536), b""))
    client_end.close()
    assert len(counting.writes) == 1
    assert counting.writes[0] == answer
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"\r\nContent-Type: application/json\r\n" in head + b"\r\n"
    assert f"Content-Length: {len(body)}".encode() in head
    assert b"Connection: close" in head
    assert json.loads(body)["Response"]["Error"]["Code"] == "FailedOperation.TaskNotExist"


def test_accepted_connections_have_nagle_off():
    server = http.make_server("127.0.0.1", 0)
    try:
        client = socket.create_connection(server.server_address[:2], timeout=5)
        accepted, _address = server.get_request()
        assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
        accepted.close()
        client.close()
    finally:
        server.server_close()


def test_the_listen_backlog_queues_a_burst_before_the_server_accepts():
    server = http.make_server("127.0.0.1", 0)
    clients = []
    try:
        # Nothing accepts yet: with a backlog of 5, the 7th connection would hang
        # in SYN retries (a second or more) instead of being queued.
        for _ in range(60):
            clients.append(socket.create_connection(server.server_address[:2], timeout=0.5))
        assert server.request_queue_size == 128
    finally:
        for client in clients:
            client.close()
        server.server_close()


def burst(hosts: list[str], calls: int) -> list[str]:
    """`calls` signed Stops sent at once, spread over the servers; their error codes."""
    gate = threading.Barrier(calls)
    codes: list[str] = []
    lock = threading.Lock()

    def one(index: int) -> None:
        host = hosts[index % len(hosts)]
        body, headers = signed_stop(host)
        gate.wait(timeout=10)
        answer = requests.post(f"http://{host}/", data=body, headers=headers, timeout=20)
        with lock:
            codes.append(answer.json()["Response"]["Error"]["Code"])

    threads = [threading.Thread(target=one, args=(n,)) for n in range(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return codes


def test_a_burst_of_30_calls_of_one_action_gets_exactly_10_refusals(sandbox_url):
    codes = burst([sandbox_url], 30)
    assert len(codes) == 30
    assert codes.count("RequestLimitExceeded") == 10
    assert codes.count("FailedOperation.TaskNotExist") == 20


def test_the_window_holds_across_emulator_processes(sandbox_url, settings):
    """A second `trtc_sandbox` process on the same database shares the 20 a second."""

    port = free_port()
    environment = emulator_environment(MIX_SANDBOX_CALLBACK_URL="", NO_PROXY="127.0.0.1,localhost")
    other = subprocess.Popen(
        [sys.executable, "manage.py", "trtc_sandbox", f"127.0.0.1:{port}"],
        cwd=Path(__file__).resolve().parents[4],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        other_host = f"127.0.0.1:{port}"
        wait_until_listening(other_host, other)
        codes = burst([sandbox_url, other_host], 30)
    finally:
        stop_process(other)
    assert len(codes) == 30
    assert codes.count("RequestLimitExceeded") == 10


def wait_until_listening(host: str, process: subprocess.Popen) -> None:
    address, port = host.split(":")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(process.stdout.read().decode(errors="replace"))
        try:
            socket.create_connection((address, int(port)), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"trtc_sandbox did not listen on {host} within 30 s")
