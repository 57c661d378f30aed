"""The cloud client: envelopes, typed errors and the F.3 retry policy."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from studio.cloud import signing
from studio.cloud.client import Credentials, Endpoint, HttpTransport, RetryPolicy, TrtcClient
from studio.cloud.errors import CloudError, CloudUnreachable

CREDENTIALS = Credentials("AKIDclienttest", "client-test-key")
ENDPOINT = Endpoint("https://trtc.tencentcloudapi.com", region="ap-guangzhou")


class ScriptedCloud:
    """A transport that answers from a script and checks every signature."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.bodies: list[dict] = []

    def send(self, url, headers, body, timeout):
        signing.verify_authorization(
            headers,
            body,
            {CREDENTIALS.secret_id: CREDENTIALS.secret_key}.get,
            now=int(headers["X-TC-Timestamp"]),
        )
        self.bodies.append(json.loads(body))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return 200, json.dumps({"Response": answer}).encode()


def ok(task_id="task-1"):
    return {"TaskId": task_id, "RequestId": "req-ok"}


def err(code, message="nope"):
    return {"Error": {"Code": code, "Message": message}, "RequestId": f"req-{code}"}


def client(transport, attempts=3):
    return TrtcClient(
        CREDENTIALS, ENDPOINT, transport, retry=RetryPolicy(attempts=attempts, sleep=lambda s: None)
    )


def test_success_returns_the_task_id_and_request_id():
    result = client(ScriptedCloud(ok("abc"))).start({"RoomId": "1"})
    assert (result.task_id, result.request_id, result.attempts) == ("abc", "req-ok", 1)


def test_an_error_envelope_becomes_a_cloud_error_with_code_message_and_request_id():
    with pytest.raises(CloudError) as caught:
        client(ScriptedCloud(err("InvalidParameter.RoomId", "bad room"))).start({})
    error = caught.value
    assert (error.cloud_code, error.cloud_message, error.request_id) == (
        "InvalidParameter.RoomId",
        "bad room",
        "req-InvalidParameter.RoomId",
    )
    assert error.is_client_error


def test_start_is_not_repeated_after_a_server_error_that_may_have_run():
    cloud = ScriptedCloud(err("InternalError"), ok())
    with pytest.raises(CloudError):
        client(cloud).start({})
    assert len(cloud.bodies) == 1


def test_start_is_not_repeated_when_the_request_may_have_arrived():
    cloud = ScriptedCloud(CloudUnreachable("reset", maybe_delivered=True), ok())
    with pytest.raises(CloudUnreachable):
        client(cloud).start({})
    assert len(cloud.bodies) == 1


def test_start_is_retried_when_it_certainly_never_left():
    cloud = ScriptedCloud(CloudUnreachable("refused", maybe_delivered=False), ok("second"))
    assert client(cloud).start({}).task_id == "second"


def test_rate_limit_errors_back_off_briefly_and_retry():
    sleeps = []
    cloud = ScriptedCloud(err("RequestLimitExceeded"), err("RequestLimitExceeded"), ok())
    retrying = TrtcClient(
        CREDENTIALS,
        ENDPOINT,
        cloud,
        retry=RetryPolicy(attempts=3, backoff_seconds=0.5, sleep=sleeps.append),
    )
    assert retrying.start({}).attempts == 3
    assert sleeps == [0.05, 0.1]


def test_transient_errors_back_off_longer():
    sleeps = []
    cloud = ScriptedCloud(err("InternalError"), err("InternalError"), ok())
    retrying = TrtcClient(
        CREDENTIALS,
        ENDPOINT,
        cloud,
        retry=RetryPolicy(attempts=3, backoff_seconds=0.5, sleep=sleeps.append),
    )
    assert retrying.stop({}).attempts == 3
    assert sleeps == [0.5, 1.0]


def test_update_retries_with_a_new_higher_sequence_number():
    numbers = iter([7, 8, 9])
    cloud = ScriptedCloud(
        err("InternalError"), CloudUnreachable("reset", maybe_delivered=True), ok()
    )
    result = client(cloud).update({"TaskId": "t"}, next_sequence=lambda: next(numbers))
    assert [body["SequenceNumber"] for body in cloud.bodies] == [7, 8, 9]
    assert json.loads(result.request_body)["SequenceNumber"] == 9


def test_update_does_not_retry_a_client_error():
    cloud = ScriptedCloud(err("InvalidParameter.OutOfRange"), ok())
    with pytest.raises(CloudError):
        client(cloud).update({}, next_sequence=lambda: 1)
    assert len(cloud.bodies) == 1


def test_stop_of_an_already_ended_task_counts_as_stopped():
    result = client(ScriptedCloud(err("FailedOperation.TaskNotExist"))).stop({"TaskId": "t"})
    assert result.response["AlreadyStopped"] is True


def test_stop_retries_transient_failures():
    cloud = ScriptedCloud(CloudUnreachable("timeout", maybe_delivered=True), ok())
    assert client(cloud).stop({"TaskId": "t"}).attempts == 2


def test_every_attempt_is_reported_for_the_audit_log():
    records = []
    cloud = ScriptedCloud(err("InternalError"), ok())
    TrtcClient(
        CREDENTIALS,
        ENDPOINT,
        cloud,
        retry=RetryPolicy(sleep=lambda s: None),
        on_attempt=records.append,
    ).stop({"TaskId": "t"})
    assert [(r.action, r.error_code) for r in records] == [
        ("StopPublishCdnStream", "InternalError"),
        ("StopPublishCdnStream", ""),
    ]


def test_the_secret_key_is_not_in_the_credentials_repr():
    assert "client-test-key" not in repr(CREDENTIALS)


class _Envelope(BaseHTTPRequestHandler):
    status = 200
    body = json.dumps({"Response": ok("over-http")}).encode()

    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    servers = []

    def serve(status=200):
        handler = type("Handler", (_Envelope,), {"status": status})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield serve
    for server in servers:
        server.shutdown()


def test_http_transport_talks_to_a_real_socket(local_server):
    endpoint = Endpoint(local_server(), region="ap-guangzhou", timeout=5)
    result = TrtcClient(CREDENTIALS, endpoint, HttpTransport()).start({})
    assert result.task_id == "over-http"


def test_a_non_200_answer_is_a_network_error_that_may_have_run(local_server):
    endpoint = Endpoint(local_server(status=502), region="ap-guangzhou", timeout=5)
    with pytest.raises(CloudUnreachable) as caught:
        TrtcClient(CREDENTIALS, endpoint, HttpTransport(), retry=RetryPolicy(attempts=1)).start({})
    assert caught.value.maybe_delivered is True


def test_a_refused_connection_certainly_never_arrived():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    endpoint = Endpoint(f"http://127.0.0.1:{port}/", region="ap-guangzhou", timeout=2)
    with pytest.raises(CloudUnreachable) as caught:
        TrtcClient(CREDENTIALS, endpoint, HttpTransport(), retry=RetryPolicy(attempts=1)).start({})
    assert caught.value.maybe_delivered is False
