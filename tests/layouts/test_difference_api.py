"""POST /api/layouts/difference/: two documents in, one sentence per element change out."""

from __future__ import annotations

import copy

import pytest
from rest_framework.test import APIClient

from tests.factories import make_user, seed_examples

pytestmark = pytest.mark.django_db

URL = "/api/layouts/difference/"


def on_air():
    """The API page's first example: a custom layout with one image watermark, the logo."""
    return copy.deepcopy(seed_examples()[0]["VideoParams"])


def with_more_watermarks():
    document = on_air()
    for index, words in enumerate(["LIVE", "Guest: Ada", "Talk of the town"]):
        document["WaterMarkList"].append(
            {
                "WaterMarkType": 1,
                "WaterMarkText": {
                    "Text": words,
                    "LocationX": 40,
                    "LocationY": 400 + 60 * index,
                    "WaterMarkWidth": 400,
                    "WaterMarkHeight": 50,
                    "FontSize": 30,
                },
            }
        )
    return document


def test_removing_the_logo_of_four_watermarks_is_one_sentence(api):
    before = with_more_watermarks()
    after = copy.deepcopy(before)
    del after["WaterMarkList"][0]
    response = api.post(URL, {"before": before, "after": after}, format="json")
    assert response.status_code == 200
    (change,) = response.json()["changes"]
    file_name = before["WaterMarkList"][0]["WaterMarkImage"]["WaterMarkUrl"].rsplit("/", 1)[1]
    assert change == {
        "sentence": f"Image watermark 1 ({file_name}) removed",
        "element": f"Image watermark 1 ({file_name})",
        "kind": "removed",
        "path": "WaterMarkList[0]",
    }


def test_each_element_change_is_its_own_change(api):
    before = on_air()
    after = copy.deepcopy(before)
    after["VideoEncode"]["BitRate"] = before["VideoEncode"]["BitRate"] * 2
    after["LayoutParams"]["MixLayoutList"][0]["LocationX"] += 20
    after["BackGroundColor"] = "0x123456"
    body = api.post(URL, {"before": before, "after": after}, format="json").json()
    assert [(c["kind"], c["element"]) for c in body["changes"]] == [
        ("changed", "Bitrate"),
        ("moved", after_slot_name(after, 0)),
        ("changed", "Background colour"),
    ]
    assert body["changes"][0]["sentence"] == (
        f"Bitrate {before['VideoEncode']['BitRate']} → {after['VideoEncode']['BitRate']} kbps"
    )


def after_slot_name(document, index):
    user = document["LayoutParams"]["MixLayoutList"][index]["UserMediaStream"]["UserInfo"]["UserId"]
    return f"Slot {index + 1} ({user})"


def test_the_same_document_differs_in_nothing(api):
    body = api.post(URL, {"before": on_air(), "after": on_air()}, format="json").json()
    assert body == {"changes": []}


def test_a_viewer_may_ask():
    viewer = APIClient()
    viewer.force_login(make_user("viewer", role="viewer"))
    after = on_air()
    after["VideoEncode"]["Fps"] = 30
    response = viewer.post(URL, {"before": on_air(), "after": after}, format="json")
    assert response.status_code == 200
    assert response.json()["changes"][0]["sentence"].startswith("Frame rate ")


def test_nobody_logged_out_may_ask():
    response = APIClient().post(URL, {"before": on_air(), "after": on_air()}, format="json")
    assert response.status_code in (401, 403)


def test_the_words_are_in_the_page_language(api):
    before = on_air()
    after = copy.deepcopy(before)
    after["LayoutParams"]["MixLayoutMode"] = 3
    response = api.post(
        URL, {"before": before, "after": after}, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    (change,) = response.json()["changes"]
    # The modes are words the catalogue already has.
    assert "自定义" in change["sentence"] and "宫格" in change["sentence"]
    assert "custom" not in change["sentence"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"after": {}}, "before"),
        ({"before": {}}, "after"),
        ({"before": [], "after": {}}, "before"),
        ({"before": {}, "after": "wide"}, "after"),
        ({"before": {}, "after": None}, "after"),
    ],
)
def test_a_missing_or_wrong_document_is_refused_naming_it(api, body, field):
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    answer = response.json()
    assert answer["field"] == field
    assert [problem["path"] for problem in answer["problems"]] == [field]


def test_a_body_that_is_not_an_object_is_refused(api):
    response = api.post(URL, [1, 2], format="json")
    assert response.status_code == 400
