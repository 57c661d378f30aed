"""The asset library's API: where each image is used, and no deleting one in use."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from rest_framework.test import APIClient

from layouts import services
from layouts.models import Asset
from tests.factories import document, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def upload(api, colour=(0, 128, 255), name="logo.png", size=(40, 20)) -> dict:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    out.seek(0)
    out.name = name
    response = api.post("/api/assets/", {"file": out}, format="multipart")
    assert response.status_code == 201, response.json()
    return response.json()


def preset_showing(url: str, name: str, *, where: str = "watermark"):
    doc = document(1280, 720, slots=1)
    if where == "watermark":
        doc["WaterMarkList"] = [
            {
                "WaterMarkType": 0,
                "WaterMarkImage": {
                    "WaterMarkUrl": url,
                    "WaterMarkWidth": 40,
                    "WaterMarkHeight": 20,
                    "LocationX": 10,
                    "LocationY": 10,
                    "ZOrder": 3,
                },
            }
        ]
    else:
        doc["LayoutParams"]["MixLayoutList"][0]["BackgroundImageUrl"] = url
    return services.create_preset(name=name, document=doc, user=None).preset


def test_the_list_says_which_presets_use_each_image_and_where(api):
    logo = upload(api, name="logo.png")
    spare = upload(api, colour=(255, 0, 0), name="spare.png")
    preset_showing(logo["url"], "Evening news")
    # Another host in front of the same file is the same asset: the path decides.
    moved = logo["url"].replace("http://testserver", "https://mix.example.com")
    preset_showing(moved, "Morning show", where="placeholder")

    listed = {item["original_name"]: item for item in api.get("/api/assets/").json()["results"]}

    assert [use["name"] for use in listed["logo.png"]["used_by"]] == [
        "Evening news",
        "Morning show",
    ]
    assert listed["logo.png"]["used_by"][0]["paths"] == [
        "WaterMarkList[0].WaterMarkImage.WaterMarkUrl"
    ]
    assert listed["logo.png"]["used_by"][1]["paths"] == [
        "LayoutParams.MixLayoutList[0].BackgroundImageUrl"
    ]
    assert listed["spare.png"]["used_by"] == []
    assert (listed["spare.png"]["width"], listed["spare.png"]["height"]) == (40, 20)
    assert api.get(f"/api/assets/{spare['id']}/").json()["used_by"] == []


def test_deleting_an_image_in_use_is_refused_and_names_the_presets(api, media):
    logo = upload(api)
    preset = preset_showing(logo["url"], "Evening news")

    response = api.delete(f"/api/assets/{logo['id']}/")

    assert response.status_code == 409
    body = response.json()
    assert body["error"] == "asset-in-use"
    assert "“Evening news”" in body["message"]
    assert body["presets"] == [
        {
            "id": preset.pk,
            "name": "Evening news",
            "paths": ["WaterMarkList[0].WaterMarkImage.WaterMarkUrl"],
        }
    ]
    assert Asset.objects.filter(pk=logo["id"]).exists()
    assert (Path(media) / "assets" / logo["name"]).is_file()


def test_an_unused_image_is_deleted_with_its_file(api, media, django_capture_on_commit_callbacks):
    spare = upload(api)

    with django_capture_on_commit_callbacks(execute=True):
        assert api.delete(f"/api/assets/{spare['id']}/").status_code == 204

    assert not Asset.objects.filter(pk=spare["id"]).exists()
    assert not (Path(media) / "assets" / spare["name"]).exists()
    assert api.get(f"/api/assets/{spare['id']}/").status_code == 404
    assert api.delete(f"/api/assets/{spare['id']}/").status_code == 404


def test_an_image_is_free_again_once_the_preset_stops_using_it(api):
    logo = upload(api)
    preset = preset_showing(logo["url"], "Evening news")
    services.update_preset(
        preset.pk, expected_version=1, changes={"document": document(1280, 720, 1)}, user=None
    )

    assert api.delete(f"/api/assets/{logo['id']}/").status_code == 204


def test_viewers_cannot_delete_images(api):
    logo = upload(api)
    viewer = APIClient()
    viewer.force_login(make_user("watcher", role="viewer"))

    assert viewer.get("/api/assets/").status_code == 200
    assert viewer.delete(f"/api/assets/{logo['id']}/").status_code == 403
    assert Asset.objects.filter(pk=logo["id"]).exists()
