"""Mix tasks end to end through the REST API and the built-in emulator."""

from __future__ import annotations

import copy
import json
import re
import threading

import pytest
from django.db import connection
from django.test import override_settings

from layouts import services as layout_services
from studio.cloud.callback import callback_sign
from studio.cloud.errors import CloudError
from studio.control.models import AppProfile, MixTask, TaskEvent
from studio.control.services import launch, profiles, take
from studio.control.services.errors import RobotSeated
from studio.redaction import looks_like_usersig
from tests.factories import document, make_user, seed_examples

pytestmark = pytest.mark.django_db


def start_request(example: int = 1) -> dict:
    """A seed example as a producer would send it: no SdkAppId, no UserSig."""
    body = copy.deepcopy(seed_examples()[example - 1])
    body.pop("SdkAppId")
    body["AgentParams"].pop("UserSig")
    body["AgentParams"].pop("UserId")
    return body


def start(api, example=1, **extra) -> dict:
    response = api.post("/api/tasks/", {"request": start_request(example), **extra}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_start_runs_a_task_in_the_emulator(api):
    task = start(api)
    assert task["status"] == "running"
    assert task["backend"] == "sandbox"
    assert len(task["task_id"]) > 40
    assert task["sequence_number"] == 0
    robot = task["params"]["AgentParams"]["UserId"]
    assert robot == "mixstudio_robot_195044"
    assert task["params"]["AgentParams"]["UserSig"] == "***"
    event = TaskEvent.objects.get(kind="call")
    assert (event.action, event.error_code, event.request_id != "") == (
        "StartPublishCdnStream",
        "",
        True,
    )


def test_start_from_a_preset_takes_its_video_params(api):
    preset = layout_services.create_preset(name="2 up", document=document(), user=None).preset
    body = start_request(2)
    body.pop("VideoParams")
    body.pop("SingleSubscribeParams")
    body["WithTranscoding"] = 1
    response = api.post("/api/tasks/", {"request": body, "preset": preset.pk}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["params"]["VideoParams"] == document()
    assert MixTask.objects.get().preset == preset


def test_every_cdn_target_is_kept_key_for_key(api):
    body = start_request(4)
    task = api.post("/api/tasks/", {"request": body}, format="json").json()
    assert task["params"]["PublishCdnParams"] == body["PublishCdnParams"]


def test_an_invalid_request_is_refused_before_anything_is_sent(api):
    body = start_request()
    body["VideoParams"]["VideoEncode"]["Fps"] = 500
    response = api.post("/api/tasks/", {"request": body}, format="json")
    assert response.status_code == 400
    assert response.json()["error"] == "request-invalid"
    assert response.json()["field"] == "VideoParams.VideoEncode.Fps"
    assert MixTask.objects.count() == 0
    assert TaskEvent.objects.count() == 0


def test_update_advances_the_sequence_number_and_merges_params(api):
    task = start(api)
    layout = copy.deepcopy(task["params"]["VideoParams"]["LayoutParams"])
    layout["MixLayoutList"] = layout["MixLayoutList"][:2]
    for number in (1, 2):
        response = api.post(
            f"/api/tasks/{task['id']}/update/",
            {"request": {"VideoParams": {"LayoutParams": layout}}},
            format="json",
        )
        assert response.status_code == 200, response.json()
        assert response.json()["sequence_number"] == number
    updated = response.json()
    assert len(updated["params"]["VideoParams"]["LayoutParams"]["MixLayoutList"]) == 2
    assert updated["params"]["VideoParams"]["VideoEncode"]["Width"] == 1280  # unchanged
    numbers = list(
        TaskEvent.objects.filter(action="UpdatePublishCdnStream")
        .order_by("id")
        .values_list("sequence_number", flat=True)
    )
    assert numbers == [1, 2]


def test_adding_video_to_an_audio_only_task_is_refused_and_nothing_sent(api):
    task = start(api, example=3)
    sent_before = TaskEvent.objects.count()
    response = api.post(
        f"/api/tasks/{task['id']}/update/", {"request": {"VideoParams": document()}}, format="json"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["error"] == "update-forbidden"
    assert body["problems"][0]["rule"] in {"R23", "R55"}
    assert TaskEvent.objects.count() == sent_before
    assert MixTask.objects.get().sequence_number == 0


def test_changing_the_audio_codec_is_refused(api):
    task = start(api)
    audio = {"AudioEncode": {"SampleRate": 44100, "Codec": 0, "BitRate": 64, "Channel": 2}}
    response = api.post(
        f"/api/tasks/{task['id']}/update/", {"request": {"AudioParams": audio}}, format="json"
    )
    assert response.status_code == 409
    assert "R55" in {p["rule"] for p in response.json()["problems"]}


def test_stop_then_stop_again(api):
    task = start(api)
    stopped = api.post(f"/api/tasks/{task['id']}/stop/").json()
    assert stopped["status"] == "stopped"
    assert stopped["stopped_at"]
    again = api.post(f"/api/tasks/{task['id']}/stop/")
    assert again.status_code == 200  # stopping is idempotent: nothing is sent again
    assert again.json()["status"] == "stopped"
    assert TaskEvent.objects.filter(action="StopPublishCdnStream").count() == 1
    update = api.post(f"/api/tasks/{task['id']}/update/", {"request": {}}, format="json")
    assert update.status_code == 409


def test_a_task_stopped_behind_our_back_still_stops_cleanly(api):
    task = start(api)
    from studio.cloud.emulator.models import SandboxTask

    SandboxTask.objects.update(status="stopped")  # e.g. ended by MaxIdleTime
    stopped = api.post(f"/api/tasks/{task['id']}/stop/").json()
    assert stopped["status"] == "stopped"


def test_cloud_errors_reach_the_producer_with_code_and_request_id(api):
    task = start(api)
    from studio.cloud.emulator.models import SandboxTask

    SandboxTask.objects.all().delete()  # the cloud no longer knows it (ended, R52)
    response = api.post(
        f"/api/tasks/{task['id']}/update/",
        {"request": {"VideoParams": {"BackGroundColor": "0x112233"}}},
        format="json",
    )
    # The cloud answered: a refusal is a conflict with its state, not a bad gateway.
    assert response.status_code == 409
    body = response.json()
    assert body["cloud_code"] == "FailedOperation.TaskNotExist"
    assert body["request_id"]
    # The task has ended (R52): it shows stopped, and "already ended" is not an error of it.
    stored = MixTask.objects.get()
    assert stored.status == "stopped"
    assert stored.last_error == {}


def test_events_list_calls_newest_first(api):
    task = start(api)
    api.post(f"/api/tasks/{task['id']}/stop/")
    events = api.get(f"/api/tasks/{task['id']}/events/").json()["results"]
    calls = [e for e in events if e["kind"] == "call"]
    assert [e["action"] for e in calls] == ["StopPublishCdnStream", "StartPublishCdnStream"]
    assert [e["id"] for e in events] == sorted((e["id"] for e in events), reverse=True)
    assert calls[0]["user"] == "producer"


def test_task_list_filters_by_status(api):
    first = start(api)
    start(api, example=4)
    api.post(f"/api/tasks/{first['id']}/stop/")
    stopped = api.get("/api/tasks/", {"status": "stopped"}).json()["results"]
    assert [t["id"] for t in stopped] == [first["id"]]
    assert api.get("/api/tasks/").json()["count"] == 2


def test_unknown_app_profile_is_named(api):
    body = start_request()
    body["SdkAppId"] = 1234567
    response = api.post("/api/tasks/", {"request": body}, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "request.SdkAppId"


def test_anonymous_callers_cannot_touch_tasks(client):
    for method, url in [
        ("get", "/api/tasks/"),
        ("post", "/api/tasks/"),
        ("post", "/api/tasks/1/stop/"),
        ("get", "/api/tasks/1/events/"),
    ]:
        assert getattr(client, method)(url).status_code in (401, 403)


@pytest.mark.django_db(transaction=True)
def test_concurrent_updates_never_share_or_lose_a_sequence_number():
    user = make_user("producer")
    app = profiles.emulator_app()
    task = launch.start_task(app=app, request=start_request(), user=user)
    results, errors = [], []

    def update(index: int) -> None:
        try:
            colour = f"0x{index:02d}{index:02d}{index:02d}"
            take.update_task(
                task.pk, request={"VideoParams": {"BackGroundColor": colour}}, user=user
            )
            results.append(index)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=update, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    sent = list(
        TaskEvent.objects.filter(
            task=task, action="UpdatePublishCdnStream", error_code=""
        ).values_list("sequence_number", flat=True)
    )
    assert len(sent) == 8
    assert len(set(sent)) == 8  # no number accepted twice
    task.refresh_from_db()
    assert task.sequence_number == max(sent)
    assert task.sequence_reserved >= task.sequence_number


class TestCallbacks:
    KEY = "MixStudioCb2023Key"

    def body(self, task_id, url, status, ms):
        return json.dumps(
            {
                "EventGroupId": 4,
                "EventType": 401,
                "CallbackTs": ms + 5,
                "EventInfo": {
                    "RoomId": "195044",
                    "RoomType": 0,
                    "EventMsTs": ms,
                    "UserId": "robot",
                    "TaskId": task_id,
                    "Payload": {"Url": url, "Status": status},
                },
            },
            ensure_ascii=False,
            indent="\t",
        ).encode()

    def post(self, client, raw, sign, app_id="1400000001"):
        return client.generic(
            "POST",
            "/api/callbacks/relay/",
            raw,
            content_type="application/json",
            HTTP_SIGN=sign,
            HTTP_SDKAPPID=app_id,
        )

    @pytest.fixture
    def running(self, api):
        task = start(api)
        app = AppProfile.objects.get()
        app.callback_key = self.KEY
        app.save()
        return task

    def test_a_signed_callback_updates_the_url_status(self, client, running):
        url = "rtmp://3891.livepush.myqcloud.com/live/trtc_publishcdn_test1"
        raw = self.body(running["task_id"], url, 2, 1_700_000_005_000)
        response = self.post(client, raw, callback_sign(self.KEY, raw))
        assert response.status_code == 200
        assert response.json()["recorded"] is True
        task = MixTask.objects.get()
        assert task.cdn_status[url]["name"] == "running"
        assert task.events.filter(kind="callback").count() == 1

    def test_a_forged_callback_is_refused_with_401(self, client, running):
        raw = self.body(running["task_id"], "rtmp://x/live/y", 4, 1)
        response = self.post(client, raw, callback_sign("wrong key", raw))
        assert response.status_code == 401
        assert self.post(client, raw, "").status_code == 401
        assert MixTask.objects.get().events.filter(kind="callback").count() == 0

    def test_an_older_event_for_the_same_url_is_ignored(self, client, running):
        url = "rtmp://x/live/y"
        newer = self.body(running["task_id"], url, 2, 2_000)
        older = self.body(running["task_id"], url, 1, 1_000)
        self.post(client, newer, callback_sign(self.KEY, newer))
        self.post(client, older, callback_sign(self.KEY, older))
        assert MixTask.objects.get().cdn_status[url]["status"] == 2


def test_secrets_never_appear_in_events_or_answers(api, settings):
    app = profiles.emulator_app()
    app.callback_key = "callback-key-that-must-not-leak"
    app.save()
    body = start_request()
    body["PublishCdnParams"][0]["PublishCdnUrl"] += "?txSecret=push-secret-0001&txTime=6A0B"
    body["RecordParams"] = {
        "UniRecord": 3,
        "RecordFormat": ["hls"],
        "McuStorageParams": {
            "CloudStorage": {
                "Vendor": 0,
                "Region": "ap-guangzhou",
                "Bucket": "b-1250000000",
                "AccessKey": "storage-access-key-0001",
                "SecretKey": "storage-secret-key-0001",
            }
        },
    }
    created = api.post("/api/tasks/", {"request": body}, format="json")
    assert created.status_code == 201, created.json()
    task = created.json()
    answers = [json.dumps(task)]
    answers.append(
        json.dumps(
            api.post(
                f"/api/tasks/{task['id']}/update/",
                {"request": {"VideoParams": {"BackGroundColor": "0x010203"}}},
                format="json",
            ).json()
        )
    )
    answers.append(json.dumps(api.get(f"/api/tasks/{task['id']}/events/").json()))
    answers.append(json.dumps(api.post(f"/api/tasks/{task['id']}/stop/").json()))
    secrets = [
        settings.MIX_SANDBOX_SECRET_KEY,
        settings.MIX_SANDBOX_SDK_SECRET_KEY,
        "callback-key-that-must-not-leak",
    ]
    from studio.cloud.usersig import gen_usersig

    answers.append(api.get(f"/tasks/{task['id']}/").content.decode())
    stored = [json.dumps([e.request, e.response]) for e in TaskEvent.objects.all()]
    stored.append(json.dumps(MixTask.objects.get().params))
    for text in answers + stored:
        for secret in [*secrets, "storage-access-key-0001", "storage-secret-key-0001"]:
            assert secret not in text
        # No UserSig: they start with zlib's header, eJ (a random TaskId may hold "eJ" too).
        assert not [t for t in re.findall(r"eJ[A-Za-z0-9*_-]{24,}", text) if looks_like_usersig(t)]
    # Push URLs are kept whole to be sent again, and shown with their secret masked.
    assert "push-secret-0001" in stored[-1]
    for text in answers:
        assert "push-secret-0001" not in text
    assert "txSecret=***&txTime=6A0B" in answers[0]
    assert gen_usersig(app.sdk_app_id, "x", app.sdk_secret_key).startswith("eJ")


@override_settings(MIX_BACKEND="tencent", TENCENTCLOUD_SECRET_ID="", TENCENTCLOUD_SECRET_KEY="")
def test_tencent_backend_without_credentials_says_what_is_missing(api):
    AppProfile.objects.create(name="Prod", sdk_app_id=1400188366)
    body = start_request()
    body["SdkAppId"] = 1400188366
    response = api.post("/api/tasks/", {"request": body}, format="json")
    assert response.status_code == 400
    assert "TENCENTCLOUD_SECRET_ID" in response.json()["message"]


def test_check_names_costs_and_problems_without_sending(api):
    body = start_request()
    body["PublishCdnParams"] = [{"PublishCdnUrl": "rtmp://other.cdn/live/x", "IsTencentCdn": 0}]
    result = api.post("/api/tasks/check/", {"request": body}, format="json").json()
    assert result["valid"] is True
    kinds = [cost["kind"] for cost in result["costs"]]
    assert kinds == ["transcoding", "relay-fee", "audio"]
    assert "R19" in result["costs"][1]["message"]
    assert result["request"]["AgentParams"]["UserSig"] == "***"
    body["PublishCdnParams"][0]["PublishCdnUrl"] = "http://not-rtmp/x"
    refused = api.post("/api/tasks/check/", {"request": body}, format="json").json()
    assert refused["valid"] is False
    errors = [p for p in refused["problems"] if p["severity"] == "error"]
    bad_url = ("PublishCdnParams[0].PublishCdnUrl", "R18")
    assert [(p["path"], p["rule"]) for p in errors] == [bad_url]
    assert MixTask.objects.count() == 0
    assert TaskEvent.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_starts_with_one_robot_seat_only_one(settings):
    user = make_user("producer")
    app = profiles.emulator_app()
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def start() -> None:
        try:
            barrier.wait(timeout=10)
            launch.start_task(app=app, request=start_request(4), user=user)
            outcomes.append("started")
        except RobotSeated:
            # Refused by our own record of the seat, or by the cloud (R9).
            outcomes.append("seated")
        except CloudError as error:
            outcomes.append(error.cloud_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # The same robot UserId in the same room would kick the other out (R9).
    assert sorted(outcomes) == ["seated"] * 3 + ["started"]
    from studio.cloud.emulator.models import SandboxTask

    assert SandboxTask.objects.filter(status="running").count() == 1


def test_a_start_whose_robot_is_seated_names_the_task_holding_it(api):
    first = start(api)
    response = api.post("/api/tasks/", {"request": start_request()}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["error"] == "robot-seated"
    assert body["field"] == "request.AgentParams.UserId"
    assert body["holder"]["id"] == first["id"]
    assert body["holder"]["stop"] == f"/api/tasks/{first['id']}/stop/"
    assert f"#{first['id']}" in body["message"]
    assert MixTask.objects.count() == 1  # refused before anything was sent


def test_a_seat_taken_outside_mix_studio_is_a_409_from_the_cloud(api):
    first = start(api)
    MixTask.objects.filter(pk=first["id"]).delete()  # the app no longer knows that task
    response = api.post("/api/tasks/", {"request": start_request()}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert (body["error"], body["cloud_code"], body["holder"]) == (
        "robot-seated",
        "InvalidParameter.UserId",
        None,
    )
    assert MixTask.objects.get().status == "failed"
