"""The emulator over HTTP: an official-SDK call beside a POST refused at once, and a burst."""

from __future__ import annotations

import json
import threading
import time
from urllib.parse import urlsplit

import requests
from django.conf import settings

from studio.cloud.signing import sign_request
from studio.cloud.usersig import gen_usersig
from tests.bench.table import Row, median

SECTION = "Emulator"
ROUNDS = 25  # Start, Update and Stop each; under 20 a second, so R3 never refuses one
BURST = 30


def start_body(room: str) -> dict:
    app = settings.MIX_SANDBOX_SDK_APP_ID
    robot = f"mixstudio_robot_{room}"
    return {
        "SdkAppId": app,
        "RoomId": room,
        "RoomIdType": 1,
        "WithTranscoding": 1,
        "AgentParams": {
            "UserId": robot,
            "UserSig": gen_usersig(app, robot, settings.MIX_SANDBOX_SDK_SECRET_KEY),
            "MaxIdleTime": 30,
        },
        "AudioParams": {"AudioEncode": {"SampleRate": 48000, "Channel": 2, "BitRate": 64}},
        "VideoParams": {
            "VideoEncode": {"Width": 1280, "Height": 720, "Fps": 25, "BitRate": 1500, "Gop": 2},
            "LayoutParams": {"MixLayoutMode": 3},
        },
        "PublishCdnParams": [{"PublishCdnUrl": f"rtmp://cdn.example.com/live/{room}"}],
    }


def sdk_client(url: str):  # noqa: ANN201 - the SDK's own type
    from tencentcloud.common.credential import Credential
    from tencentcloud.common.profile.client_profile import ClientProfile
    from tencentcloud.common.profile.http_profile import HttpProfile
    from tencentcloud.trtc.v20190722 import trtc_client

    profile = ClientProfile(
        httpProfile=HttpProfile(protocol="http", endpoint=urlsplit(url).netloc, reqTimeout=10)
    )
    credential = Credential(settings.MIX_SANDBOX_SECRET_ID, settings.MIX_SANDBOX_SECRET_KEY)
    return trtc_client.TrtcClient(credential, "ap-guangzhou", profile)


def sdk_request(model_name: str, body: dict):  # noqa: ANN201
    from tencentcloud.trtc.v20190722 import models

    request = getattr(models, model_name)()
    request.from_json_string(json.dumps(body))
    return request


def sdk_calls_and_refusals(url: str) -> tuple[list[float], list[float]]:
    """ms of each official-SDK Start, Update and Stop, a task at a time, and of a POST
    the emulator refuses before anything else (no Content-Type, R1) sent after
    each, so that both see the machine as it is at that moment."""
    client = sdk_client(url)
    session = requests.Session()
    app = settings.MIX_SANDBOX_SDK_APP_ID
    calls: list[float] = []
    refusals: list[float] = []

    def timed(samples: list[float], call, *args) -> object:  # noqa: ANN001
        started = time.perf_counter()
        answer = call(*args)
        samples.append((time.perf_counter() - started) * 1000)
        return answer

    def refused() -> None:
        timed(refusals, session.post, f"{url}/", b"{}").raise_for_status()

    for index in range(ROUNDS + 1):
        start = sdk_request("StartPublishCdnStreamRequest", start_body(f"bench{index}"))
        task_id = timed(calls, client.StartPublishCdnStream, start).TaskId
        refused()
        update = {
            "SdkAppId": app,
            "TaskId": task_id,
            "SequenceNumber": 1,
            "WithTranscoding": 1,
            "VideoParams": {"LayoutParams": {"MixLayoutMode": 2}},
        }
        timed(
            calls,
            client.UpdatePublishCdnStream,
            sdk_request("UpdatePublishCdnStreamRequest", update),
        )
        refused()
        stop = {"SdkAppId": app, "TaskId": task_id}
        timed(calls, client.StopPublishCdnStream, sdk_request("StopPublishCdnStreamRequest", stop))
        refused()
        time.sleep(0.1)
    # The first round warms connections and caches.
    return calls[3:], refusals[3:]


def burst_refusals(url: str) -> int:
    """How many of BURST simultaneous signed Stops are refused for R3."""
    host = urlsplit(url).netloc
    body = json.dumps({"SdkAppId": settings.MIX_SANDBOX_SDK_APP_ID, "TaskId": "none.."}).encode()
    gate = threading.Barrier(BURST)
    codes: list[str] = []
    lock = threading.Lock()

    def one() -> None:
        headers = sign_request(
            secret_id=settings.MIX_SANDBOX_SECRET_ID,
            secret_key=settings.MIX_SANDBOX_SECRET_KEY,
            host=host,
            action="StopPublishCdnStream",
            body=body,
            timestamp=int(time.time()),
            region="ap-guangzhou",
        )
        gate.wait(timeout=10)
        answer = requests.post(f"{url}/", data=body, headers=headers, timeout=20)
        with lock:
            codes.append(answer.json()["Response"].get("Error", {}).get("Code", ""))

    time.sleep(1.1)  # an empty window
    threads = [threading.Thread(target=one) for _ in range(BURST)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return codes.count("RequestLimitExceeded")


def rows(url: str) -> list[Row]:
    calls, refusals = sdk_calls_and_refusals(url)
    sdk, refused = median(calls), median(refusals)
    refusals = burst_refusals(url)
    return [
        Row(
            SECTION,
            "official-SDK Start/Update/Stop (p50)",
            sdk,
            "rejected POST",
            refused,
            at_most=5,
        ),
        Row(
            SECTION,
            f"refusals in a burst of {BURST} Stops",
            refusals,
            "calls over 20 a second",
            BURST - 20,
            unit="",
            exactly=1,
        ),
    ]
