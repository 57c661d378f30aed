"""A preset never points at a deleted picture, and no name holds text a database refuses."""

from __future__ import annotations

import json

import pytest

from layouts import services
from layouts.models import Preset
from tests.factories import document
from tests.layouts.test_assets_api import media, preset_showing, upload  # noqa: F401

pytestmark = pytest.mark.django_db


def watermarked(url):
    doc = document(1280, 720, slots=1)
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
    return doc


def post_json(api, path, body):
    return api.generic("POST", path, json.dumps(body).encode(), content_type="application/json")


def test_saving_a_preset_that_shows_a_deleted_asset_is_refused_naming_the_field(api):
    logo = upload(api)
    assert api.delete(f"/api/assets/{logo['id']}/").status_code == 204

    answer = post_json(api, "/api/presets/", {"name": "show", "document": watermarked(logo["url"])})

    assert answer.status_code == 400
    assert answer.json()["error"] == "missing-asset"
    assert answer.json()["field"] == "WaterMarkList[0].WaterMarkImage.WaterMarkUrl"
    assert not Preset.objects.exists()


def test_importing_a_body_that_shows_a_deleted_asset_is_refused(api):
    logo = upload(api)
    api.delete(f"/api/assets/{logo['id']}/")

    answer = post_json(api, "/api/presets/import/", watermarked(logo["url"]))

    assert answer.status_code == 400
    assert answer.json()["error"] == "missing-asset"
    assert not Preset.objects.exists()


def test_an_existing_asset_saves_and_then_cannot_be_deleted(api):
    logo = upload(api)
    saved = post_json(api, "/api/presets/", {"name": "show", "document": watermarked(logo["url"])})
    assert saved.status_code == 201, saved.json()

    assert api.delete(f"/api/assets/{logo['id']}/").status_code == 409


def test_an_image_from_elsewhere_is_not_judged_by_the_asset_library(api):
    saved = post_json(
        api,
        "/api/presets/",
        {"name": "show", "document": watermarked("https://cdn.example.com/a.png")},
    )

    assert saved.status_code == 201, saved.json()


def test_restoring_a_version_whose_asset_is_gone_is_refused(api):
    logo = upload(api)
    preset = preset_showing(logo["url"], "show")
    services.update_preset(
        preset.pk, expected_version=1, changes={"document": document(1280, 720, slots=1)}, user=None
    )
    assert api.delete(f"/api/assets/{logo['id']}/").status_code == 204

    answer = api.post(f"/api/presets/{preset.pk}/revisions/1/restore/", {}, format="json")

    assert answer.status_code == 400
    assert answer.json()["error"] == "missing-asset"
    assert Preset.objects.get(pk=preset.pk).version == 2


def test_an_imported_name_with_nul_is_refused(api):
    answer = post_json(api, "/api/presets/import/?name=a%00b", document())

    assert answer.status_code == 400
    assert answer.json()["field"] == "name"
    assert not Preset.objects.exists()


def test_an_imported_name_never_stores_a_lone_surrogate(api):
    answer = post_json(api, "/api/presets/import/?name=a%ED%A0%80b", document())

    stored = Preset.objects.get().name
    assert answer.status_code == 201
    stored.encode("utf-8")  # a lone surrogate would raise here
    assert stored.startswith("a") and stored.endswith("b")


@pytest.mark.parametrize("field", ["name", "description"])
def test_a_saved_name_or_description_with_nul_is_refused(api, field):
    body = {"name": "show", "document": document(), field: "a\u0000b"}

    answer = post_json(api, "/api/presets/", body)

    assert answer.status_code == 400
    assert answer.json()["field"] == field
