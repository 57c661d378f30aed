"""Images the cloud can never fetch: judged by the URL, warned in the editor, refused at launch."""

from __future__ import annotations

import copy
import io

import pytest
from PIL import Image

from layouts.core.addresses import local_host_kind, unreachable_host
from layouts.core.rules import document as rules
from studio.cloud.usersig import gen_usersig
from tests.factories import document

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("host", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("[::1]", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.7", "private"),
        ("169.254.10.10", "link-local"),
        ("169.254.169.254", "metadata"),
        ("metadata.tencentyun.com", "metadata"),
        ("localhost", "local-name"),
        ("studio.local", "local-name"),
        ("intranet", "local-name"),
        ("img.example.com", None),
        ("100.64.0.1", "reserved"),  # shared carrier-grade NAT space, never on the internet
        ("8.8.8.8", None),
    ],
)
def test_a_host_is_judged_from_its_name_alone(host, kind):
    assert local_host_kind(host) == kind


def test_an_allowed_host_is_let_through_with_or_without_its_port():
    assert unreachable_host("http://10.0.0.5:8080/a.png", ["10.0.0.5:8080"]) is None
    assert unreachable_host("http://10.0.0.5:8080/a.png", ["10.0.0.5"]) is None
    assert unreachable_host("http://10.0.0.5:8080/a.png", ["10.0.0.6"]) == ("10.0.0.5", "private")


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


def test_the_rule_names_the_field_and_can_be_an_error_or_a_warning_or_nothing():
    doc = with_watermark_at("http://127.0.0.1:1/x.png")
    for severity in (rules.ERROR, rules.WARNING):
        found = [
            p
            for p in rules.validate(doc, image_hosts=rules.ImageHosts(severity=severity))
            if p.rule == "unreachable-image"
        ]
        assert [(p.path, p.severity) for p in found] == [
            ("WaterMarkList[0].WaterMarkImage.WaterMarkUrl", severity)
        ]
        assert "127.0.0.1" in found[0].message and "loopback" in found[0].message
    quiet = rules.validate(doc, image_hosts=rules.ImageHosts(severity=None))
    assert not [p for p in quiet if p.rule == "unreachable-image"]


def test_every_image_of_a_document_is_judged():
    doc = document(slots=1)
    doc["BackgroundImageUrl"] = "http://192.168.1.2/bg.png"
    doc["LayoutParams"]["MixLayoutList"][0]["BackgroundImageUrl"] = "http://localhost/p.png"
    doc["LayoutParams"]["MixLayoutList"][0]["TransparentUrl"] = "http://10.0.0.1/m.png"
    paths = {
        p.path
        for p in rules.validate(doc, image_hosts=rules.ImageHosts(severity=rules.ERROR))
        if p.rule == "unreachable-image"
    }
    assert paths == {
        "BackgroundImageUrl",
        "LayoutParams.MixLayoutList[0].BackgroundImageUrl",
        "LayoutParams.MixLayoutList[0].TransparentUrl",
    }


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
