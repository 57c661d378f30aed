"""studio.control.services.launch.check_launch against the in-process emulator, called directly."""

from __future__ import annotations

import pytest

from layouts import services as layout_services
from layouts.errors import MixStudioError
from studio.cloud.emulator.models import SandboxTask
from studio.control.models import MixTask, TaskEvent
from studio.control.services import launch
from tests.factories import document

pytestmark = pytest.mark.django_db


def nothing_sent() -> bool:
    return not (
        MixTask.objects.exists() or TaskEvent.objects.exists() or SandboxTask.objects.exists()
    )


def test_a_valid_request_is_valid_and_nothing_is_sent(app, start_request):
    result = launch.check_launch(app=app, request=start_request(1))
    assert (result["valid"], [p for p in result["problems"] if p["severity"] == "error"]) == (
        True,
        [],
    )
    assert nothing_sent()


def test_the_answer_shows_the_request_as_it_would_be_sent_with_secrets_hidden(app, start_request):
    request = launch.check_launch(app=app, request=start_request(1))["request"]
    assert request["SdkAppId"] == app.sdk_app_id
    assert request["AgentParams"]["UserId"] == "mixstudio_robot_195044"
    assert request["AgentParams"]["UserSig"] == "***"
    assert request["WithTranscoding"] == 1


def test_a_bad_cdn_url_is_an_error_at_its_path(app, start_request):
    body = start_request(1)
    body["PublishCdnParams"] = [{"PublishCdnUrl": "http://not-rtmp/x"}]
    result = launch.check_launch(app=app, request=body)
    errors = [(p["path"], p["rule"]) for p in result["problems"] if p["severity"] == "error"]
    assert result["valid"] is False
    assert errors == [("PublishCdnParams[0].PublishCdnUrl", "R18")]
    assert nothing_sent()


def test_mixing_to_tencents_cdn_costs_transcoding_and_free_audio(app, start_request):
    body = start_request(1)
    body["PublishCdnParams"] = [{"PublishCdnUrl": "rtmp://push.example.com/live/show"}]
    costs = launch.check_launch(app=app, request=body)["costs"]
    assert [cost["kind"] for cost in costs] == ["transcoding", "audio"]


def test_a_third_party_cdn_adds_a_relay_fee(app, start_request):
    body = start_request(1)
    body["PublishCdnParams"] = [{"PublishCdnUrl": "rtmp://other.cdn/live/x", "IsTencentCdn": 0}]
    costs = launch.check_launch(app=app, request=body)["costs"]
    assert [cost["kind"] for cost in costs] == ["transcoding", "relay-fee", "audio"]


def test_a_single_stream_relay_costs_no_transcoding(app, start_request):
    costs = launch.check_launch(app=app, request=start_request(2))["costs"]
    assert [cost["kind"] for cost in costs][0] == "relay"


def test_a_preset_supplies_the_video_params(app, start_request):
    preset = layout_services.create_preset(name="2 up", document=document(), user=None).preset
    body = start_request(2)
    body.pop("VideoParams")
    body.pop("SingleSubscribeParams")
    body["WithTranscoding"] = 1
    result = launch.check_launch(app=app, request=body, preset=preset)
    assert result["request"]["VideoParams"] == document()


def test_a_request_that_is_not_an_object_is_refused(app):
    with pytest.raises(MixStudioError) as refused:
        launch.check_launch(app=app, request=None)
    assert refused.value.field == "request"
