"""Preview endpoints: regions, rendered pictures, thumbnails and uploaded assets."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from layouts import services
from layouts.models import Asset
from tests.factories import document, seed_examples

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MIX_PUBLIC_BASE_URL = "http://studio.example.com"


def png_bytes(size=(64, 32), colour=(255, 0, 0, 255)) -> bytes:
    data = io.BytesIO()
    Image.new("RGBA", size, colour).save(data, "PNG")
    return data.getvalue()


def decode(response) -> Image.Image:
    return Image.open(io.BytesIO(response.content))


def test_regions_answer_canvas_regions_and_sei(api):
    people = [
        {"UserId": "alice", "RoomId": "1001", "RoomIdType": 0},
        {"UserId": "bob", "RoomId": "1001", "RoomIdType": 0},
    ]
    body = api.post(
        "/api/layouts/regions/", {"document": document(), "participants": people}, format="json"
    ).json()
    assert body["canvas"] == {"w": 1280, "h": 720}
    assert body["approximate"] is False
    assert [(r["user_id"], r["x"], r["w"]) for r in body["regions"]] == [
        ("alice", 0, 640),
        ("bob", 640, 640),
    ]
    assert [r["uid"] for r in body["sei"]["regions"]] == ["alice", "bob"]
    assert body["sei"]["canvas"] == {"w": 1280, "h": 720}
    assert body["sei"]["ver"] == "1.0"


def test_dynamic_templates_are_labelled_approximate(api):
    grid = document()
    grid["LayoutParams"] = {"MixLayoutMode": 3}
    body = api.post("/api/layouts/regions/", {"document": grid}, format="json").json()
    assert body["approximate"] is True
    assert len(body["regions"]) == 4


def test_bad_participants_name_the_field(api):
    response = api.post(
        "/api/layouts/regions/",
        {"document": document(), "participants": [{"RoomId": "1"}]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "participants[0]"


def test_a_canvas_that_cannot_exist_is_refused_not_drawn(api):
    huge = document()
    huge["VideoEncode"]["Width"] = 100000
    response = api.post("/api/layouts/preview/", {"document": huge}, format="json")
    assert response.status_code == 400
    assert response.json()["problems"][0]["path"] == "VideoEncode.Width"


@pytest.mark.parametrize(
    ("fmt", "pil_format"), [("png", "PNG"), ("jpeg", "JPEG"), ("webp", "WEBP")]
)
def test_preview_renders_in_each_format_at_the_requested_scale(api, fmt, pil_format):
    response = api.post(
        "/api/layouts/preview/",
        {"document": document(), "format": fmt, "scale": 0.5},
        format="json",
    )
    assert response.status_code == 200
    image = decode(response)
    assert (image.format, image.size) == (pil_format, (640, 360))
    assert response["Content-Type"] == f"image/{fmt}"


def test_preview_of_a_slot_past_the_edge_still_draws(api):
    wide = document()
    wide["LayoutParams"]["MixLayoutList"][1]["ImageWidth"] = 700
    response = api.post("/api/layouts/preview/", {"document": wide}, format="json")
    assert response.status_code == 200


def test_unavailable_images_become_warnings_not_errors(api):
    doc = document()
    doc["BackgroundImageUrl"] = "http://127.0.0.1/secret.png"
    response = api.post("/api/layouts/preview/", {"document": doc}, format="json")
    assert response.status_code == 200
    warnings = json.loads(response["X-Mix-Warnings"])
    assert [w["path"] for w in warnings] == ["BackgroundImageUrl"]


def test_the_same_preview_twice_is_served_from_the_cache(api, monkeypatch):
    from layouts.core import render

    calls = []
    original = render.render
    monkeypatch.setattr(render, "render", lambda *a, **k: calls.append(1) or original(*a, **k))
    body = {"document": document(), "scale": 0.25}
    first = api.post("/api/layouts/preview/", body, format="json")
    second = api.post("/api/layouts/preview/", body, format="json")
    assert first.content == second.content
    assert len(calls) == 1


@pytest.mark.parametrize("number", [1, 2, 4, 5])
def test_every_seed_example_with_video_params_renders(api, number):
    video = seed_examples()[number - 1]["VideoParams"]
    response = api.post("/api/layouts/preview/", {"document": video, "scale": 0.25}, format="json")
    assert response.status_code == 200
    assert decode(response).size == (320, 180)


def test_seed_example_1_shows_its_red_canvas_behind_four_people(api):
    video = seed_examples()[0]["VideoParams"]
    people = [
        {"UserId": f"Trtc_User_{i}", "RoomId": "195044", "RoomIdType": 0} for i in range(3)
    ]  # user 3 is absent: the canvas shows in that quarter
    response = api.post(
        "/api/layouts/preview/", {"document": video, "participants": people}, format="json"
    )
    image = decode(response).convert("RGB")
    assert image.getpixel((960, 540)) == (255, 0, 0)
    assert image.getpixel((320, 180)) != (255, 0, 0)


def test_preset_thumbnail_is_cached_and_follows_the_preset(api):
    preset = services.create_preset(name="x", document=document(), user=None).preset
    url = f"/api/presets/{preset.pk}/preview.png?width=320"
    first = api.get(url)
    assert first.status_code == 200
    assert decode(first).size == (320, 180)
    changed = document()
    changed["BackGroundColor"] = "0x00FF00"
    changed["LayoutParams"]["MixLayoutList"] = changed["LayoutParams"]["MixLayoutList"][:1]
    services.update_preset(preset.pk, expected_version=1, changes={"document": changed}, user=None)
    second = api.get(url)
    assert decode(second).convert("RGB").getpixel((300, 90)) == (0, 255, 0)
    assert first.content != second.content


def test_thumbnail_width_is_checked(api):
    preset = services.create_preset(name="x", document=document(), user=None).preset
    assert api.get(f"/api/presets/{preset.pk}/preview.png?width=0").status_code == 400
    assert api.get(f"/api/presets/{preset.pk}/preview.png?width=abc").status_code == 400
    assert api.get("/api/presets/999/preview.png").status_code == 404


class TestAssets:
    def test_upload_returns_a_public_url_that_serves_the_image(self, api, client):
        file = io.BytesIO(png_bytes())
        file.name = "logo.png"
        response = api.post("/api/assets/", {"file": file}, format="multipart")
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["url"].startswith("http://studio.example.com/media/assets/")
        assert (body["width"], body["height"], body["content_type"]) == (64, 32, "image/png")
        served = client.get(body["url"].replace("http://studio.example.com", ""))
        assert served.status_code == 200  # public: the cloud fetches it without a login
        assert b"".join(served.streaming_content) == png_bytes()

    def test_the_same_file_twice_is_one_asset(self, api):
        for _ in range(2):
            file = io.BytesIO(png_bytes())
            file.name = "same.png"
            api.post("/api/assets/", {"file": file}, format="multipart")
        assert Asset.objects.count() == 1

    def test_a_document_using_an_asset_renders_it_without_the_network(self, api):
        file = io.BytesIO(png_bytes(colour=(0, 0, 255, 255)))
        file.name = "blue.png"
        url = api.post("/api/assets/", {"file": file}, format="multipart").json()["url"]
        doc = document()
        doc["BackgroundImageUrl"] = url
        doc["LayoutParams"]["MixLayoutList"] = []
        response = api.post("/api/layouts/preview/", {"document": doc}, format="json")
        assert json.loads(response["X-Mix-Warnings"]) == []
        assert decode(response).convert("RGB").getpixel((640, 360)) == (0, 0, 255)

    def test_non_images_and_missing_files_are_refused(self, api):
        file = io.BytesIO(b"<html>not an image</html>")
        file.name = "fake.png"
        response = api.post("/api/assets/", {"file": file}, format="multipart")
        assert response.status_code == 400
        assert response.json()["field"] == "file"
        assert api.post("/api/assets/", {}, format="multipart").status_code == 400
        assert Asset.objects.count() == 0

    def test_images_over_2k_are_refused(self, api):
        file = io.BytesIO(png_bytes(size=(3000, 100)))
        file.name = "wide.png"
        response = api.post("/api/assets/", {"file": file}, format="multipart")
        assert response.status_code == 400
        assert "R45" in response.json()["message"]

    def test_unknown_asset_names_are_404(self, client):
        assert client.get("/media/assets/nothing.png").status_code == 404
        assert client.get("/media/assets/..%2Fsecret_key").status_code == 404


def test_a_participant_can_bring_an_uploaded_stand_in_picture(api):
    file = io.BytesIO(png_bytes(size=(160, 90), colour=(255, 255, 0, 255)))
    file.name = "face.png"
    url = api.post("/api/assets/", {"file": file}, format="multipart").json()["url"]
    people = [
        {"UserId": "alice", "RoomId": "1001", "RoomIdType": 0, "image": url},
        {"UserId": "bob", "RoomId": "1001", "RoomIdType": 0},
    ]
    response = api.post(
        "/api/layouts/preview/", {"document": document(), "participants": people}, format="json"
    )
    image = decode(response).convert("RGB")
    assert image.getpixel((320, 360)) == (255, 255, 0)  # alice's slot shows her picture
    assert image.getpixel((960, 360)) != (255, 255, 0)  # bob keeps his test card
    assert json.loads(response["X-Mix-Warnings"]) == []


def test_a_stand_in_that_is_not_a_url_is_refused(api):
    people = [{"UserId": "alice", "RoomId": "1001", "RoomIdType": 0, "image": "file:///etc/x"}]
    response = api.post(
        "/api/layouts/preview/", {"document": document(), "participants": people}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "participants[0].image"


def noisy_png(side: int) -> bytes:
    """A PNG that does not compress: about 3 bytes per pixel."""
    import os

    data = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(data, "PNG")
    return data.getvalue()


def test_an_image_of_several_megabytes_uploads(api):
    payload = noisy_png(1100)
    assert 3_000_000 < len(payload) < 5 * 1024 * 1024
    file = io.BytesIO(payload)
    file.name = "big.png"
    response = api.post("/api/assets/", {"file": file}, format="multipart")
    assert response.status_code == 201, response.json()
    assert response.json()["size"] == len(payload)


def test_an_upload_over_the_limit_is_refused_before_it_is_read(api):
    file = io.BytesIO(b"\0" * (7 * 1024 * 1024))
    file.name = "huge.png"
    response = api.post("/api/assets/", {"file": file}, format="multipart")
    assert response.status_code == 413
    assert Asset.objects.count() == 0


def test_the_main_room_decides_who_fills_auto_slots(api):
    # A guest of another room joined first; a task's own room is the one whose people
    # fill auto-fill slots, as the cloud fills them.
    people = [
        {"UserId": "rival", "RoomId": "777", "RoomIdType": 0},
        {"UserId": "anchor", "RoomId": "8888", "RoomIdType": 1},
    ]
    body = {"document": document(), "participants": people}

    def shown(extra):
        answer = api.post("/api/layouts/regions/", {**body, **extra}, format="json")
        return [region["uid"] for region in answer.json()["sei"]["regions"]]

    assert shown({}) == ["rival"]  # the first participant's room, when none is named
    assert shown({"main_room": {"RoomId": "8888", "RoomIdType": 1}}) == ["anchor"]
    picture = api.post(
        "/api/layouts/preview/",
        {**body, "main_room": {"RoomId": "8888", "RoomIdType": 1}},
        format="json",
    )
    assert picture.status_code == 200


@pytest.mark.parametrize(
    "main_room",
    [
        "8888",
        {"RoomId": 8888, "RoomIdType": 0},
        {"RoomId": "8888", "RoomIdType": 2},
        {"RoomId": "not a number", "RoomIdType": 0},
        {"RoomIdType": 1},
    ],
)
def test_a_bad_main_room_is_named(api, main_room):
    for url in ("/api/layouts/regions/", "/api/layouts/preview/"):
        response = api.post(url, {"document": document(), "main_room": main_room}, format="json")
        assert response.status_code == 400, response.content
        assert response.json()["field"] == "main_room"
