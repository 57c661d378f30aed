"""POST /api/layouts/reflow/: a document laid out again at another output size."""

from __future__ import annotations

import copy

import pytest
from rest_framework.test import APIClient

from layouts.core.contract.video import VIDEO_ENCODE
from layouts.starters import STARTERS
from tests.factories import make_user

pytestmark = pytest.mark.django_db

URL = "/api/layouts/reflow/"
STARTER = {starter.key: starter.document for starter in STARTERS}


def post(api, body):
    return api.post(URL, body, format="json")


def rects(document):
    return [
        (s["LocationX"], s["LocationY"], s["ImageWidth"], s["ImageHeight"])
        for s in document["LayoutParams"]["MixLayoutList"]
    ]


def test_a_side_by_side_pair_comes_back_stacked_for_portrait(api):
    response = post(api, {"document": STARTER["side-by-side"], "Width": 1080, "Height": 1920})
    assert response.status_code == 200
    body = response.json()
    encode = body["document"]["VideoEncode"]
    assert (encode["Width"], encode["Height"]) == (1080, 1920)
    assert rects(body["document"]) == [(113, 0, 854, 960), (113, 960, 854, 960)]
    # A 1920 px height is allowed by the SDK but not by one Tencent page (R35): said, not refused.
    assert [(p["path"], p["rule"], p["severity"]) for p in body["problems"]] == [
        ("VideoEncode.Height", "R35", "warning")
    ]


def test_a_slot_that_wants_a_touch_is_named_in_the_problems(api):
    document = copy.deepcopy(STARTER["pip"])
    # Two overlapping pictures, neither inside the other: an arrangement it does not know.
    document["LayoutParams"]["MixLayoutList"][1].update(
        LocationX=900, LocationY=300, ImageWidth=1000, ImageHeight=700
    )
    document["LayoutParams"]["MixLayoutList"][0].update(ImageWidth=1000, ImageHeight=700)
    body = post(api, {"document": document, "Width": 1080, "Height": 1920}).json()
    touches = [p["path"] for p in body["problems"] if p["rule"] == "reflow-touch"]
    assert touches == ["LayoutParams.MixLayoutList[0]", "LayoutParams.MixLayoutList[1]"]


@pytest.mark.parametrize(
    ("width", "height", "field"),
    [(0, 1920, "Width"), (1921, 1080, "Width"), ("wide", 1080, "Width"), (1080, -5, "Height")],
)
def test_a_size_outside_r35_is_refused_naming_the_field(api, width, height, field):
    response = post(api, {"document": STARTER["pip"], "Width": width, "Height": height})
    assert response.status_code == 400
    assert response.json()["field"] == field


def test_a_missing_size_is_refused_naming_the_field(api):
    response = post(api, {"document": STARTER["pip"], "Width": 1080})
    assert response.status_code == 400
    assert response.json()["field"] == "Height"


def test_a_document_with_errors_is_refused_naming_the_path(api):
    document = copy.deepcopy(STARTER["side-by-side"])
    document["LayoutParams"]["MixLayoutList"][1]["ImageWidth"] = 2000
    response = post(api, {"document": document, "Width": 1080, "Height": 1920})
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "layout-invalid"
    assert body["field"] == "document.LayoutParams.MixLayoutList[1].ImageWidth"


def test_a_document_that_is_not_an_object_is_refused(api):
    response = post(api, {"document": "a layout", "Width": 1080, "Height": 1920})
    assert response.status_code == 400
    assert response.json()["field"] == "document"


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b"null", b'{"document": {'])
def test_a_junk_body_is_refused(api, body):
    response = api.generic("POST", URL, body, content_type="application/json")
    assert response.status_code == 400


def test_a_viewer_may_reflow_for_it_saves_nothing(db):
    client = APIClient()
    client.force_login(make_user("viewer", role="viewer"))
    response = post(client, {"document": STARTER["grid-2x2"], "Width": 1080, "Height": 1080})
    assert response.status_code == 200


def test_the_endpoint_is_in_the_api_schema_with_r35s_limits(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    reference = schema["paths"][URL]["post"]["requestBody"]["content"]["application/json"]
    request = schema["components"]["schemas"][reference["schema"]["$ref"].rsplit("/", 1)[-1]]
    assert sorted(request["required"]) == ["Height", "Width", "document"]
    limit = VIDEO_ENCODE.by_name["Width"].maximum
    assert (
        request["properties"]["Width"]["minimum"],
        request["properties"]["Width"]["maximum"],
    ) == (
        1,
        limit,
    )
