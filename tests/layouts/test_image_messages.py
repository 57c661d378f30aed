"""A refused image's message reads in the reader's language, even from a cached failure."""

from __future__ import annotations

import json

import pytest

from layouts import images
from tests.factories import document

pytestmark = pytest.mark.django_db

PRIVATE = "http://10.1.2.3/logo.png"  # refused before any traffic: a private address


def preview_warnings(api, language: str) -> list[dict]:
    doc = document(320, 180, slots=1)
    doc["WaterMarkList"] = [
        {
            "WaterMarkType": 0,
            "WaterMarkImage": {
                "WaterMarkUrl": PRIVATE,
                "LocationX": 0,
                "LocationY": 0,
                "WaterMarkWidth": 40,
                "WaterMarkHeight": 20,
            },
        }
    ]
    answer = api.post(
        "/api/layouts/preview/", {"document": doc}, format="json", HTTP_ACCEPT_LANGUAGE=language
    )
    assert answer.status_code == 200
    return json.loads(answer["X-Mix-Warnings"])


def test_the_same_refusal_is_said_in_each_readers_language(api):
    chinese = preview_warnings(api, "zh-hans")[0]["message"]
    english = preview_warnings(api, "en")[0]["message"]  # the failure is cached meanwhile

    assert "私有" in chinese and "private" not in chinese
    assert "private or local network address" in english


def test_a_message_outside_a_preview_is_said_in_the_active_language():
    from django.utils import translation

    with pytest.raises(images.ImageUnavailable) as refused:
        images.fetch_image(PRIVATE)
    with translation.override("zh-hans"):
        assert "私有" in images.in_language(refused.value.message)
    with translation.override("en"):
        assert "private" in images.in_language(refused.value.message)
