"""The emulator's core: signed requests in, Tencent's envelope and task state out."""

from __future__ import annotations

import base64
import copy
import json
import re
import uuid
import zlib
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studio.cloud.callback import callback_sign, is_valid_callback_sign
from studio.cloud.emulator import callbacks as relay
from studio.cloud.emulator import core
from studio.cloud.emulator.models import SandboxTask
from studio.cloud.signing import API_VERSION, sign_request
from studio.cloud.usersig import gen_usersig
from tests import factories
from tests.factories import SHARED
from tests.studio.conftest import (
    CALLBACK_KEY,
    SDK_KEY,
    SECRET_ID,
    TEST_KEY,
    WRONG_KEY,
    use_test_sandbox,
)

pytestmark = pytest.mark.django_db

CALLBACK_URL = "http://127.0.0.1:9/relay-callbacks"
HOST = "127.0.0.1:8001"
REGION = "ap-guangzhou"
NOW = 1_700_000_000.0
APP = 1400188366
OTHER_APP = 1400000002
START, UPDATE, STOP = core.START, core.UPDATE, "StopPublishCdnStream"
REFERENCE = SHARED / "reference"


@pytest.fixture(autouse=True)
def sandbox_settings(settings):
    use_test_sandbox(settings)
    yield settings
    core.RATE_LIMITER.clear()


class Sandbox:
    """Signs requests like a client and hands them to the core, on a fake clock.

    The clock moves 60 ms a call, so a test never reaches 20 calls a second by accident.
    """

    def __init__(self) -> None:
        self.now = NOW
        self.callbacks: list[relay.Callback] = []

    def raw(
        self,
        action: str,
        body: bytes,
        *,
        now: float | None = None,
        timestamp: int | None = None,
        secret_id: str = SECRET_ID,
        secret_key: str = TEST_KEY,
        region: str = REGION,
        version: str = API_VERSION,
        method: str = "POST",
    ) -> dict[str, Any]:
        if now is None:
            self.now += 0.06
            now = self.now
        headers = sign_request(
            secret_id=secret_id,
            secret_key=secret_key,
            host=HOST,
            action=action,
            body=body,
            timestamp=int(now) if timestamp is None else timestamp,
            region=region,
            version=version,
        )
        status, answer, callbacks = core.handle(headers, body, method=method, now=now)
        assert status == 200
        self.callbacks = callbacks
        return json.loads(answer)["Response"]

    def call(self, action: str, body: dict[str, Any], **options: Any) -> dict[str, Any]:
        return self.raw(action, json.dumps(body).encode("utf-8"), **options)

    def start(self, body: dict[str, Any], **options: Any) -> str:
        response = self.call(START, body, **options)
        assert "Error" not in response, response
        return response["TaskId"]


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox()


def code_of(response: dict[str, Any]) -> str | None:
    return response.get("Error", {}).get("Code")


def usersig(user_id: str, app: int = APP, key: str = SDK_KEY, **options: Any) -> str:
    return gen_usersig(app, user_id, key, now=int(NOW) - 60, **options)


def seed(number: int) -> dict[str, Any]:
    """Seed example `number` with a UserSig the sandbox accepts."""
    body = factories.seed_examples()[number - 1]
    body["AgentParams"]["UserSig"] = usersig(body["AgentParams"]["UserId"])
    return body


def start_body(robot: str = "mix_robot_8888", room: str = "8888", **fields: Any) -> dict:
    return {
        "SdkAppId": APP,
        "RoomId": room,
        "RoomIdType": 0,
        "AgentParams": {"UserId": robot, "UserSig": usersig(robot), "MaxIdleTime": 30},
        "WithTranscoding": 1,
        "AudioParams": {
            "AudioEncode": {"SampleRate": 48000, "Channel": 2, "BitRate": 64, "Codec": 0}
        },
        "VideoParams": factories.document(),
        "PublishCdnParams": [
            {"PublishCdnUrl": "rtmp://push.example.com/live/a", "IsTencentCdn": 1},
            {"PublishCdnUrl": "rtmp://push.example.com/live/b", "IsTencentCdn": 1},
        ],
        **fields,
    }


def update_body(task_id: str, sequence: int, **fields: Any) -> dict[str, Any]:
    return {
        "SdkAppId": APP,
        "TaskId": task_id,
        "SequenceNumber": sequence,
        "WithTranscoding": 1,
        **fields,
    }


def stop_body(task_id: str, app: int = APP) -> dict[str, Any]:
    return {"SdkAppId": app, "TaskId": task_id}


# ---------------------------------------------------------------------------
# Start.


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
def test_each_seed_example_starts_a_task(sandbox, number):
    body = seed(number)
    task_id = sandbox.start(body)
    assert re.fullmatch(r"[A-Za-z0-9_-]{68,72}\.\.", task_id)
    task = SandboxTask.objects.get(task_id=task_id)
    assert (task.sdk_app_id, task.room_id, task.room_id_type) == (APP, body["RoomId"], 0)
    assert task.robot_user_id == "trtc_partner_test_1"
    assert task.status == SandboxTask.Status.RUNNING
    assert task.with_transcoding == body["WithTranscoding"]
    assert task.media_kind == ("audio" if number == 3 else "audio+video")
    assert task.cdn_urls == [target["PublishCdnUrl"] for target in body["PublishCdnParams"]]
    assert task.last_sequence_number is None


def test_the_task_keeps_its_parameters_but_no_usersig(sandbox):
    body = start_body(FeedBackRoomParams=[])
    body["FeedBackRoomParams"] = [
        {"RoomId": "9999", "RoomIdType": 0, "UserId": "mix_back", "UserSig": usersig("mix_back")}
    ]
    task = SandboxTask.objects.get(task_id=sandbox.start(body))
    expected = copy.deepcopy(body)
    del expected["AgentParams"]["UserSig"]
    del expected["FeedBackRoomParams"][0]["UserSig"]
    assert task.params == expected
    assert "UserSig" not in json.dumps(task.params)


def test_answers_are_tencents_envelope_with_a_fresh_request_id(sandbox):
    first = sandbox.call(START, start_body())
    second = sandbox.call(STOP, stop_body(first["TaskId"]))
    assert set(first) == {"TaskId", "RequestId"}
    assert set(second) == {"TaskId", "RequestId"} and second["TaskId"] == first["TaskId"]
    assert uuid.UUID(first["RequestId"]).version == 4
    assert first["RequestId"] != second["RequestId"]
    error = sandbox.call(STOP, stop_body(first["TaskId"]))
    assert set(error) == {"Error", "RequestId"} and set(error["Error"]) == {"Code", "Message"}


def test_task_ids_are_unique(sandbox):
    ids = {core.new_task_id() for _ in range(200)}
    assert len(ids) == 200


# ---------------------------------------------------------------------------
# Update.


def test_updates_with_increasing_sequence_numbers_are_accepted(sandbox):
    task_id = sandbox.start(start_body())
    layout = {"LayoutParams": {"MixLayoutMode": 3, "PureAudioHoldPlaceMode": 0, "RenderMode": 0}}
    assert "Error" not in sandbox.call(UPDATE, update_body(task_id, 1, VideoParams=layout))
    bitrate = {"VideoEncode": {"BitRate": 900}}
    response = sandbox.call(UPDATE, update_body(task_id, 5, VideoParams=bitrate))
    assert response["TaskId"] == task_id
    task = SandboxTask.objects.get(task_id=task_id)
    assert task.last_sequence_number == 5
    video = task.params["VideoParams"]
    assert video["LayoutParams"]["MixLayoutMode"] == 3
    assert video["VideoEncode"] == {
        "Width": 1280,
        "Height": 720,
        "Fps": 25,
        "BitRate": 900,
        "Gop": 2,
    }


def test_a_sequence_number_not_above_the_last_accepted_is_outdated(sandbox):
    task_id = sandbox.start(start_body())
    assert "Error" not in sandbox.call(UPDATE, update_body(task_id, 5))
    for stale in (5, 4, 0):
        response = sandbox.call(
            UPDATE, update_body(task_id, stale, VideoParams={"VideoEncode": {"Fps": 30}})
        )
        assert code_of(response) == "FailedOperation.RequestOutdated"
        assert "R51" in response["Error"]["Message"]
    task = SandboxTask.objects.get(task_id=task_id)
    assert task.last_sequence_number == 5
    assert task.params["VideoParams"]["VideoEncode"]["Fps"] == 25


def test_forbidden_changes_are_refused_and_use_no_sequence_number(sandbox):
    task_id = sandbox.start(start_body())
    louder = {"AudioEncode": {"SampleRate": 48000, "Channel": 2, "BitRate": 128, "Codec": 0}}
    response = sandbox.call(UPDATE, update_body(task_id, 1, AudioParams=louder))
    assert code_of(response) == "UnsupportedOperation"
    assert "AudioParams.AudioEncode.BitRate" in response["Error"]["Message"]
    assert "R55" in response["Error"]["Message"]
    response = sandbox.call(UPDATE, update_body(task_id, 2, WithTranscoding=0))
    assert code_of(response) == "UnsupportedOperation"
    assert SandboxTask.objects.get(task_id=task_id).last_sequence_number is None
    assert "Error" not in sandbox.call(UPDATE, update_body(task_id, 1))


def test_an_audio_only_task_cannot_get_video(sandbox):
    body = start_body()
    video = body.pop("VideoParams")
    task_id = sandbox.start(body)
    assert SandboxTask.objects.get(task_id=task_id).media_kind == "audio"
    response = sandbox.call(UPDATE, update_body(task_id, 1, VideoParams=video))
    assert code_of(response) == "UnsupportedOperation"
    assert response["Error"]["Message"].startswith("VideoParams: ")
    assert response["Error"]["Message"].endswith("(R23)")


def test_a_single_stream_audio_relay_cannot_get_video(sandbox):
    task_id = sandbox.start(seed(3))
    video = {"VideoEncode": {"Width": 1280, "Height": 720, "Fps": 15, "BitRate": 512, "Gop": 2}}
    response = sandbox.call(UPDATE, update_body(task_id, 1, WithTranscoding=0, VideoParams=video))
    assert code_of(response) == "UnsupportedOperation"


def test_an_invalid_update_is_refused_with_the_field_and_rule(sandbox):
    task_id = sandbox.start(start_body())
    response = sandbox.call(
        UPDATE, update_body(task_id, 1, VideoParams={"VideoEncode": {"Width": 600}})
    )
    assert code_of(response) == "InvalidParameter.PresetLayoutConfig"
    assert response["Error"]["Message"].startswith(
        "VideoParams.LayoutParams.MixLayoutList[0].ImageWidth: "
    )
    assert response["Error"]["Message"].endswith("(R41)")


# ---------------------------------------------------------------------------
# Stop, and tasks that do not exist (R52, R56, R57).


def test_stop_ends_the_task_and_a_second_stop_finds_it_finished(sandbox):
    task_id = sandbox.start(start_body())
    assert sandbox.call(STOP, stop_body(task_id))["TaskId"] == task_id
    assert SandboxTask.objects.get(task_id=task_id).status == SandboxTask.Status.STOPPED
    assert code_of(sandbox.call(STOP, stop_body(task_id))) == "FailedOperation.TaskFinished"
    update = sandbox.call(UPDATE, update_body(task_id, 1))
    assert code_of(update) == "FailedOperation.TaskFinished"
    assert "R52" in update["Error"]["Message"]


def test_an_unknown_task_does_not_exist(sandbox):
    assert (
        code_of(sandbox.call(STOP, stop_body("no-such-task.."))) == "FailedOperation.TaskNotExist"
    )
    response = sandbox.call(UPDATE, update_body("no-such-task..", 1))
    assert code_of(response) == "FailedOperation.TaskNotExist"


def test_a_task_of_another_sdk_app_id_is_not_found(sandbox):
    task_id = sandbox.start(start_body())
    assert code_of(sandbox.call(STOP, stop_body(task_id, app=OTHER_APP))) == "ResourceNotFound"
    update = update_body(task_id, 1)
    update["SdkAppId"] = OTHER_APP
    assert code_of(sandbox.call(UPDATE, update)) == "ResourceNotFound"
    assert SandboxTask.objects.get(task_id=task_id).status == SandboxTask.Status.RUNNING


# ---------------------------------------------------------------------------
# Signature, protocol, region, body (R1, R2, R4, R5, R6).


def test_a_signature_made_with_another_key_fails(sandbox):
    response = sandbox.call(START, start_body(), secret_key=WRONG_KEY)
    assert code_of(response) == "AuthFailure.SignatureFailure"
    assert not SandboxTask.objects.exists()


def test_an_unknown_secret_id_is_not_found(sandbox):
    response = sandbox.call(START, start_body(), secret_id="AKIDSomebodyElse")
    assert code_of(response) == "AuthFailure.SecretIdNotFound"


def test_a_timestamp_six_minutes_old_has_expired(sandbox):
    response = sandbox.call(START, start_body(), timestamp=int(NOW) - 360, now=NOW)
    assert code_of(response) == "AuthFailure.SignatureExpire"
    response = sandbox.call(START, start_body(), timestamp=int(NOW) - 240, now=NOW)
    assert "Error" not in response


def test_a_body_changed_after_signing_fails(sandbox):
    raw = json.dumps(start_body()).encode()
    headers = sign_request(
        secret_id=SECRET_ID,
        secret_key=TEST_KEY,
        host=HOST,
        action=START,
        body=raw,
        timestamp=int(NOW),
        region=REGION,
    )
    _, answer, _ = core.handle(headers, raw.replace(b"8888", b"8889"), now=NOW)
    assert json.loads(answer)["Response"]["Error"]["Code"] == "AuthFailure.SignatureFailure"


@pytest.mark.parametrize(
    "options, code",
    [
        ({"action": "DescribeRoomInfo"}, "InvalidAction"),
        ({"action": "startPublishCdnStream"}, "InvalidAction"),
        ({"version": "2020-01-01"}, "NoSuchVersion"),
        ({"method": "GET"}, "UnsupportedProtocol"),
        ({"region": "ap-mumbai"}, "UnsupportedRegion"),
    ],
    ids=["unknown action", "action case", "version", "method", "region"],
)
def test_protocol_and_region_are_checked_first(sandbox, options, code):
    action = options.pop("action", START)
    response = sandbox.raw(action, b"not even json", **options)
    assert code_of(response) == code


def test_apps_200_and_400_use_singapore(sandbox):
    body = start_body()
    body["SdkAppId"] = 2000000001
    body["AgentParams"]["UserSig"] = usersig("mix_robot_8888", app=2000000001)
    assert code_of(sandbox.call(START, body)) == "UnsupportedRegion"
    assert "Error" not in sandbox.call(START, body, region="ap-singapore")


@pytest.mark.parametrize(
    "raw, code",
    [
        (b"{", "InvalidParameter.BodyParamsError"),
        (b"[]", "InvalidParameter.BodyParamsError"),
        (b'{"SdkAppId": NaN}', "InvalidParameter.BodyParamsError"),
        ('{"RoomId": "\u623f"}'.encode("utf-16"), "InvalidParameter.BodyParamsError"),
        (b"[" * 100 + b"]" * 100, "InvalidParameter.BodyParamsError"),
        (b'{"a":' * 70 + b"1" + b"}" * 70, "InvalidParameter.BodyParamsError"),
        (b" " * (10 * 1024 * 1024 + 1), "RequestSizeLimitExceeded"),
        (b'{"RoomId": "1\\u0000"}', "InvalidParameter.BodyParamsError"),
        (b'{"RoomId": "\\ud800"}', "InvalidParameter.BodyParamsError"),
    ],
    ids=[
        "truncated",
        "array",
        "NaN",
        "utf-16",
        "deep array",
        "deep object",
        "over 10 MB",
        "NUL",
        "lone surrogate",
    ],
)
def test_the_body_must_be_a_json_object_of_at_most_10_mb(sandbox, raw, code):
    assert code_of(sandbox.raw(START, raw)) == code


def test_the_first_broken_rule_gives_the_code_and_names_field_and_rule(sandbox):
    body = start_body()
    body["AgentParams"]["MaxIdleTime"] = 4
    response = sandbox.call(START, body)
    assert response["Error"] == {
        "Code": "InvalidParameter.OutOfRange",
        "Message": "AgentParams.MaxIdleTime: MaxIdleTime must be at least 5, not 4. (R12)",
    }
    body["Nickname"] = "bot"
    assert code_of(sandbox.call(START, body)) == "UnknownParameter"


# ---------------------------------------------------------------------------
# Rate limit (R3).


def test_the_21st_request_in_one_second_is_refused(sandbox):
    codes = [
        code_of(sandbox.call(STOP, stop_body(f"task-{n}"), now=NOW + n * 0.04)) for n in range(21)
    ]
    assert codes[:20] == ["FailedOperation.TaskNotExist"] * 20
    assert codes[20] == "RequestLimitExceeded"
    # Each action has its own limit, and the window slides.
    assert "Error" not in sandbox.call(START, start_body(), now=NOW + 0.85)
    later = sandbox.call(STOP, stop_body("task-x"), now=NOW + 1.01)
    assert code_of(later) == "FailedOperation.TaskNotExist"


def test_the_limiter_counts_per_key_in_a_sliding_window():
    limiter = core.SharedWindowLimiter(limit=2)
    assert [limiter.allow("a", t) for t in (0.0, 0.5, 0.9)] == [True, True, False]
    assert limiter.allow("b", 0.9)
    assert limiter.allow("a", 1.01)  # the hit at 0.0 has left the window
    assert not limiter.allow("a", 1.2)


def test_a_request_the_rules_refuse_still_uses_its_turn(sandbox):
    broken = start_body()
    broken["AgentParams"]["MaxIdleTime"] = 4
    codes = [code_of(sandbox.call(START, broken, now=NOW + n * 0.04)) for n in range(20)]
    assert codes == ["InvalidParameter.OutOfRange"] * 20
    assert code_of(sandbox.call(START, start_body(), now=NOW + 0.9)) == "RequestLimitExceeded"


def test_the_window_is_kept_in_the_database_for_every_limiter():
    first, second = core.SharedWindowLimiter(limit=2), core.SharedWindowLimiter(limit=2)
    assert first.allow("a", 0.0) and second.allow("a", 0.1)
    assert not first.allow("a", 0.2)
    assert not second.allow("a", 0.2)


# ---------------------------------------------------------------------------
# UserSigs (R11) and robots (R9).


@pytest.mark.parametrize(
    "bad_usersig",
    [
        usersig("mix_robot_8888", key="another-apps-key"),
        usersig("somebody_else"),
        usersig("mix_robot_8888", app=OTHER_APP),
        usersig("mix_robot_8888", expire=30),
        "not-a-usersig",
        base64.b64encode(
            zlib.compress(
                json.dumps(
                    {
                        "TLS.ver": "2.0",
                        "TLS.identifier": "mix_robot_8888",
                        "TLS.sdkappid": APP,
                        "TLS.expire": 86400,
                        "TLS.time": int(NOW),
                        "TLS.sig": "\ud800",
                    }
                ).encode()
            )
        )
        .decode()
        .translate(str.maketrans("+/=", "*-_")),
    ],
    ids=["wrong key", "wrong user", "wrong app", "expired", "garbage", "surrogate signature"],
)
def test_a_robot_usersig_that_does_not_verify_is_refused(sandbox, bad_usersig):
    body = start_body()
    body["AgentParams"]["UserSig"] = bad_usersig
    response = sandbox.call(START, body)
    assert code_of(response) == "InvalidParameter.UserSig"
    assert response["Error"]["Message"].startswith("AgentParams.UserSig: ")
    assert bad_usersig not in response["Error"]["Message"]


def test_every_push_back_robot_needs_a_valid_usersig(sandbox):
    room = {"RoomId": "9999", "RoomIdType": 0, "UserId": "mix_back", "UserSig": usersig("x")}
    response = sandbox.call(START, start_body(FeedBackRoomParams=[room]))
    assert code_of(response) == "InvalidParameter.UserSig"
    assert "FeedBackRoomParams[0].UserSig" in response["Error"]["Message"]
    task_id = sandbox.start(start_body())
    response = sandbox.call(UPDATE, update_body(task_id, 1, FeedBackRoomParams=[room]))
    assert code_of(response) == "InvalidParameter.UserSig"


def test_a_robot_already_in_the_room_for_another_task_is_refused(sandbox):
    first = sandbox.start(seed(1))
    response = sandbox.call(START, seed(2))  # same robot, same room
    assert code_of(response) == "InvalidParameter.UserId"
    assert "R9" in response["Error"]["Message"]
    assert "Error" not in sandbox.call(START, seed(4))  # same robot, another room
    sandbox.call(STOP, stop_body(first))
    assert "Error" not in sandbox.call(START, seed(2))


def test_a_push_back_robot_cannot_take_another_tasks_robot_seat(sandbox):
    sandbox.start(start_body(robot="mix_robot_9999", room="9999"))
    task_id = sandbox.start(start_body())
    room = {
        "RoomId": "9999",
        "RoomIdType": 0,
        "UserId": "mix_robot_9999",
        "UserSig": usersig("mix_robot_9999"),
    }
    response = sandbox.call(UPDATE, update_body(task_id, 1, FeedBackRoomParams=[room]))
    assert code_of(response) == "InvalidParameter.UserId"


# ---------------------------------------------------------------------------
# Callbacks (section G).


def events(callbacks: list[relay.Callback]) -> list[tuple[str, int]]:
    bodies = [json.loads(c.body) for c in callbacks]
    return [(b["EventInfo"]["Payload"]["Url"], b["EventInfo"]["Payload"]["Status"]) for b in bodies]


A, B, C = (f"rtmp://push.example.com/live/{name}" for name in "abc")


def test_start_update_and_stop_send_signed_status_callbacks_in_order(sandbox, settings):
    settings.MIX_SANDBOX_CALLBACK_URL = CALLBACK_URL
    task_id = sandbox.start(start_body())
    assert events(sandbox.callbacks) == [(A, 1), (A, 2), (B, 1), (B, 2)]
    started = sandbox.callbacks

    targets = [{"PublishCdnUrl": A, "IsTencentCdn": 1}, {"PublishCdnUrl": C, "IsTencentCdn": 1}]
    sandbox.call(UPDATE, update_body(task_id, 1, PublishCdnParams=targets))
    assert events(sandbox.callbacks) == [(B, 5), (B, 0), (C, 1), (C, 2)]
    sandbox.call(UPDATE, update_body(task_id, 2, VideoParams={"VideoEncode": {"Fps": 30}}))
    assert sandbox.callbacks == []
    sandbox.call(STOP, stop_body(task_id))
    assert events(sandbox.callbacks) == [(A, 5), (A, 0), (C, 5), (C, 0)]

    for callback in started + sandbox.callbacks:
        assert callback.url == CALLBACK_URL
        assert callback.headers["Content-Type"] == "application/json"
        assert callback.headers["SdkAppId"] == str(APP)
        assert is_valid_callback_sign(CALLBACK_KEY, callback.body, callback.headers["Sign"])
    body = json.loads(started[0].body)
    assert body["EventGroupId"] == 4 and body["EventType"] == 401
    info = body["EventInfo"]
    assert info["RoomId"] == 8888 and info["RoomType"] == 0  # a number for integer rooms
    assert info["UserId"] == "mix_robot_8888" and info["TaskId"] == task_id
    stamps = [json.loads(c.body)["EventInfo"]["EventMsTs"] for c in started]
    assert stamps == sorted(set(stamps)) and stamps[0] >= int(NOW * 1000)


def test_no_callbacks_without_a_callback_url(sandbox):
    sandbox.start(start_body())
    assert sandbox.callbacks == []


def test_a_string_room_is_a_string_in_callbacks(sandbox, settings):
    settings.MIX_SANDBOX_CALLBACK_URL = CALLBACK_URL
    body = start_body(room="studio-A")
    body["RoomIdType"] = 1
    sandbox.start(body)
    info = json.loads(sandbox.callbacks[0].body)["EventInfo"]
    assert (info["RoomId"], info["RoomType"]) == ("studio-A", 1)


def test_the_callback_body_is_laid_out_like_tencents_sample():
    vectors = json.loads((REFERENCE / "callback-usersig-vectors.json").read_text())
    vector = next(v for v in vectors["callback_vectors"] if v["id"] == "CB-1")
    expected = base64.b64decode(vector["body_base64"])
    task = relay.RelayTask(
        APP,
        "195044",
        1,
        "mix_robot_195044",
        "-m97l2ZU7kOlV5cTRMoU6yoGp2nDYkzbJ13EC4K-4pycoZXVv+XVrNoUXQ8++8Z2PwUlAQ..",
    )
    body = relay.event_body(
        task,
        "rtmp://3891.livepush.myqcloud.com/live/mixstudio_test",
        2,
        event_ms=1700000005000,
        callback_ms=1700000005123,
    )
    assert body == expected
    assert callback_sign(vector["key"], body) == vector["expected_sign"]


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.attempts: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.now += seconds

    def clock(self) -> float:
        return self.now


def callback(name: str) -> relay.Callback:
    return relay.Callback(f"http://127.0.0.1:9/{name}", {}, name.encode())


def test_delivery_retries_at_once_then_every_10_s_for_a_minute():
    fake = FakeClock()
    answers = iter([False, False, True])

    def post(item: relay.Callback) -> bool:
        fake.attempts.append(fake.now - 100.0)
        return next(answers)

    assert relay.deliver_now([callback("a")], post=post, sleep=fake.sleep, clock=fake.clock) == [
        True
    ]
    assert fake.attempts == [0.0, 0.0, 10.0]

    fake = FakeClock()

    def refuse(item: relay.Callback) -> bool:
        fake.attempts.append(fake.now - 100.0)
        raise ConnectionError("nobody listens")

    assert relay.deliver_now([callback("b")], post=refuse, sleep=fake.sleep, clock=fake.clock) == [
        False
    ]
    assert fake.attempts == [0.0, 0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0]


def test_delivery_runs_in_a_daemon_thread_in_order():
    delivered: list[bytes] = []

    def post(item: relay.Callback) -> bool:
        delivered.append(item.body)
        return True

    thread = relay.deliver([callback("1"), callback("2"), callback("3")], post=post)
    assert thread is not None and thread.daemon
    thread.join(timeout=5)
    assert delivered == [b"1", b"2", b"3"]
    assert relay.deliver([]) is None


# ---------------------------------------------------------------------------
# Nothing breaks the core.


def test_an_unexpected_failure_is_an_internal_error_answer(sandbox):
    with mock.patch.object(SandboxTask.objects, "create", side_effect=RuntimeError("disk full")):
        response = sandbox.call(START, start_body())
    assert response["Error"] == {
        "Code": "InternalError",
        "Message": "The emulator failed; see its log.",
    }


def test_headers_missing_altogether_are_an_error_answer():
    status, answer, callbacks = core.handle({}, b"")
    assert status == 200 and callbacks == []
    assert json.loads(answer)["Response"]["Error"]["Code"] == "UnsupportedProtocol"


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.sampled_from([START, UPDATE, STOP]),
    st.binary(max_size=200)
    | st.recursive(
        st.none() | st.integers() | st.text(max_size=10) | st.sampled_from(["\ud800", "\x00"]),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner),
        max_leaves=10,
    ).map(lambda value: json.dumps(value).encode()),
)
def test_any_signed_body_gets_an_envelope(action, raw):
    core.RATE_LIMITER.clear()
    response = Sandbox().raw(action, raw, now=NOW)
    assert set(response) == {"Error", "RequestId"}
    assert response["Error"]["Code"] != "InternalError"
