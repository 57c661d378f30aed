"""POST /api/presets/import/: request bodies and bare VideoParams become presets."""

from __future__ import annotations

import json

import pytest

from layouts.models import Preset
from tests.factories import document, seed_examples

pytestmark = pytest.mark.django_db

SEED = seed_examples()


def post_json(api, body, query=""):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return api.generic("POST", f"/api/presets/import/{query}", raw, content_type="application/json")


def test_the_seed_file_has_five_examples():
    assert len(SEED) == 5
    assert ["VideoParams" in body for body in SEED] == [True, True, False, True, True]


@pytest.mark.parametrize("number", [1, 2, 4, 5])
def test_seed_example_imports_with_exactly_its_video_params(api, number):
    body = SEED[number - 1]
    response = post_json(api, body, f"?name=Example%20{number}")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["name"] == f"Example {number}"
    assert created["document"] == body["VideoParams"]
    stored = Preset.objects.get(pk=created["id"]).document
    assert stored == body["VideoParams"]
    assert sorted(stored) == sorted(body["VideoParams"])


def test_seed_example_4_warns_that_zero_size_means_the_whole_canvas(api):
    created = post_json(api, SEED[3]).json()
    zero = [w for w in created["warnings"] if w["rule"] == "zero-size"]
    assert [w["path"] for w in zero] == [
        "LayoutParams.MixLayoutList[0].ImageWidth",
        "LayoutParams.MixLayoutList[0].ImageHeight",
    ]


def test_audio_only_example_3_is_refused_with_a_clear_message(api):
    response = post_json(api, SEED[2])
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "VideoParams"
    assert "audio only" in body["message"]
    assert Preset.objects.count() == 0


def test_a_bare_video_params_object_imports(api):
    response = post_json(api, document(), "?name=Bare")
    assert response.status_code == 201
    assert response.json()["document"] == document()


def test_an_update_body_imports_its_video_params(api):
    body = {
        "SdkAppId": 1400188366,
        "TaskId": "abc",
        "SequenceNumber": 3,
        "WithTranscoding": 1,
        "VideoParams": document(slots=4),
    }
    created = post_json(api, body).json()
    assert created["document"] == document(slots=4)
    assert created["name"] == "Imported UpdatePublishCdnStream"


def test_an_unknown_action_is_refused(api):
    response = post_json(api, {"Action": "DescribeRoomInfo", "VideoParams": document()})
    assert response.status_code == 400
    assert response.json()["field"] == "Action"


def test_relay_body_with_a_layout_is_refused_by_r13(api):
    body = dict(SEED[1])
    body["VideoParams"] = {**body["VideoParams"], "LayoutParams": {"MixLayoutMode": 3}}
    response = post_json(api, body)
    assert response.status_code == 400
    assert [p["rule"] for p in response.json()["problems"] if p["severity"] == "error"] == ["R13"]


@pytest.mark.parametrize(
    "raw", [b"[]", b'"text"', b"42", b"null", b"{}", b'{"VideoParams": 5, "RoomId": "1"}']
)
def test_non_documents_are_refused_with_400(api, raw):
    response = post_json(api, raw)
    assert response.status_code == 400
    assert response.json()["message"]
    assert Preset.objects.count() == 0


def test_an_invalid_imported_document_saves_nothing(api):
    body = dict(SEED[0])
    body["VideoParams"] = {**body["VideoParams"], "BackGroundColor": "#FF0000"}
    response = post_json(api, body)
    assert response.status_code == 400
    assert response.json()["problems"][0]["path"] == "BackGroundColor"
    assert Preset.objects.count() == 0


def test_extract_reads_a_pasted_body_without_saving(api):
    response = api.post("/api/layouts/extract/", SEED[0], format="json")
    assert response.status_code == 200
    assert response.json() == {
        "document": SEED[0]["VideoParams"],
        "source": "StartPublishCdnStream",
    }
    refused = api.post("/api/layouts/extract/", SEED[2], format="json")
    assert refused.status_code == 400
    assert "audio only" in refused.json()["message"]
    assert Preset.objects.count() == 0
