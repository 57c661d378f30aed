"""Images the cloud can never fetch, through the API: warned in the editor, refused at launch.

The URL judge (layouts.core.addresses) and the rule (layouts.core.rules.images) are
tested in tests/layouts/core.
"""

from __future__ import annotations

import copy
import io

import pytest
from PIL import Image

from studio.cloud.usersig import gen_usersig
from tests.factories import document

pytestmark = pytest.mark.django_db


def with_watermark_at(url: str) -> dict:
    doc = document()
    doc["WaterMarkList"] = [
        {
            "WaterMarkType": 0,
            "WaterMarkImage": {
                "WaterMarkUrl": url,
                "LocationX": 0,
                "LocationY": 0,
                "WaterMarkWidth": 100,
                "WaterMarkHeight": 50,
            },
        }
    ]
    return doc


def test_the_editor_warns_where_it_used_to_say_no_problems(api):
    response = api.post(
        "/api/layouts/validate/",
        {"document": with_watermark_at("http://127.0.0.1:1/x.png")},
        format="json",
    )
    assert response.status_code == 200
    answer = response.json()
    assert answer["valid"] is True  # a warning: the emulator can still use it
    assert [p["rule"] for p in answer["problems"]] == ["unreachable-image"]


def test_an_allowed_host_is_not_warned_about(api, settings):
    settings.MIX_IMAGE_ALLOWED_HOSTS = ["127.0.0.1:1"]
    response = api.post(
        "/api/layouts/validate/",
        {"document": with_watermark_at("http://127.0.0.1:1/x.png")},
        format="json",
    )
    assert response.json()["problems"] == []


def launch(doc: dict) -> dict:
    return {
        "request": {
            "RoomId": "8888",
            "RoomIdType": 1,
            "AgentParams": {},
            "WithTranscoding": 1,
            "AudioParams": {"AudioEncode": {"SampleRate": 48000, "Channel": 2, "BitRate": 64}},
            "VideoParams": doc,
            "PublishCdnParams": [{"PublishCdnUrl": "rtmp://push.example.com/live/a"}],
        }
    }


def test_launching_against_the_real_cloud_refuses_an_image_it_cannot_fetch(api, settings):
    from studio.control.models import AppProfile

    settings.MIX_BACKEND = "tencent"
    AppProfile.objects.create(name="Show", sdk_app_id=1400123456)
    body = launch(with_watermark_at("http://127.0.0.1:1/x.png"))
    body["request"]["SdkAppId"] = 1400123456
    usersig = gen_usersig(1400123456, "robot_1", "a-test-sdk-key")
    body["request"]["AgentParams"] = {"UserId": "robot_1", "UserSig": usersig}
    response = api.post("/api/tasks/check/", body, format="json")
    assert response.status_code == 200, response.json()
    answer = response.json()
    assert answer["valid"] is False
    errors = [p for p in answer["problems"] if p["severity"] == "error"]
    assert [(p["path"], p["rule"]) for p in errors] == [
        ("VideoParams.WaterMarkList[0].WaterMarkImage.WaterMarkUrl", "unreachable-image")
    ]


def test_the_emulator_may_use_the_apps_own_images(api):
    response = api.post(
        "/api/tasks/check/", launch(with_watermark_at("http://127.0.0.1:1/x.png")), format="json"
    )
    assert response.json()["valid"] is True


def test_a_take_against_the_real_cloud_is_refused_for_such_an_image(api):
    started = api.post("/api/tasks/", launch(document()), format="json").json()
    from studio.control.models import MixTask

    MixTask.objects.filter(pk=started["id"]).update(backend="tencent")
    staged = with_watermark_at("http://10.0.0.1/x.png")
    response = api.post(
        f"/api/tasks/{started['id']}/take/", {"document": staged, "dry_run": True}, format="json"
    )
    answer = response.json()
    assert answer["valid"] is False
    assert {p["rule"] for p in answer["problems"] if p["severity"] == "error"} == {
        "unreachable-image"
    }


# -- where uploaded images live -----------------------------------------------------------


def png() -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 128, 255)).save(out, "PNG")
    out.seek(0)
    out.name = "dot.png"
    return out


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_an_asset_gets_a_url_under_the_address_the_app_is_served_on(api, settings, media):
    settings.MIX_PUBLIC_BASE_URL = ""
    settings.ALLOWED_HOSTS = ["*"]
    response = api.post(
        "/api/assets/", {"file": png()}, format="multipart", HTTP_HOST="studio.example.com:8123"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["url"].startswith("http://studio.example.com:8123/media/assets/")


def test_the_configured_public_address_wins(api, settings, media):
    settings.MIX_PUBLIC_BASE_URL = "https://mix.example.com/"
    response = api.post("/api/assets/", {"file": png()}, format="multipart")
    assert response.json()["url"].startswith("https://mix.example.com/media/assets/")


def test_a_local_asset_renders_from_disk_at_whatever_port_the_app_serves(api, settings, media):
    settings.MIX_PUBLIC_BASE_URL = ""
    url = api.post("/api/assets/", {"file": png()}, format="multipart").json()["url"]
    moved = url.replace("testserver", "127.0.0.1:8765")
    doc = copy.deepcopy(with_watermark_at(moved))
    response = api.post("/api/layouts/preview/", {"document": doc}, format="json")
    assert response.status_code == 200
    assert "X-Mix-Warnings" not in response or "unavailable" not in response["X-Mix-Warnings"]


def test_the_launch_page_says_when_the_cloud_cannot_reach_the_uploads(client, settings):
    from tests.factories import make_user

    client.force_login(make_user("producer"))
    settings.MIX_PUBLIC_BASE_URL = ""
    settings.MIX_BACKEND = "tencent"
    page = client.get("/tasks/launch").content.decode()
    assert 'id="asset-host-note"' in page and "testserver" in page
    settings.MIX_PUBLIC_BASE_URL = "https://mix.example.com"
    assert 'id="asset-host-note"' not in client.get("/tasks/launch").content.decode()
