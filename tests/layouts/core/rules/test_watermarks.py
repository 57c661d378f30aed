"""layouts.core.rules.watermarks: R47 and watermarks reaching past the canvas."""

from __future__ import annotations

import pytest

from layouts.core.contract.problems import ERROR, WARNING
from layouts.core.rules.document import validate
from tests.layouts.core.rules.documents import (
    H,
    W,
    base_document,
    summary,
    text_watermark,
)

# ---------------------------------------------------------------------------
# R47 and watermark placement.


def test_text_watermark_without_its_text_object_is_an_r47_error():
    document = base_document()
    del document["WaterMarkList"][1]["WaterMarkText"]

    problems = validate(document)

    assert summary(problems) == [("WaterMarkList[1].WaterMarkText", "R47", ERROR)]
    assert problems[0].message == "Watermark 2 is of type 1, which needs WaterMarkText."


def test_image_watermark_without_its_image_object_is_an_r47_error():
    document = base_document()
    document["WaterMarkList"][0] = {}

    problems = validate(document)

    assert summary(problems) == [("WaterMarkList[0].WaterMarkImage", "R47", ERROR)]
    assert problems[0].message == "Watermark 1 is of type 0, which needs WaterMarkImage."


def test_text_watermark_with_empty_text_is_an_r47_error():
    document = base_document()
    document["WaterMarkList"][1]["WaterMarkText"]["Text"] = ""

    problems = validate(document)

    assert summary(problems) == [("WaterMarkList[1].WaterMarkText.Text", "R47", ERROR)]
    assert problems[0].message == "Watermark 2 has no text."


def test_text_watermark_with_an_unknown_font_is_an_r47_error():
    document = base_document()
    document["WaterMarkList"][1]["WaterMarkText"]["Font"] = "Arial"

    problems = validate(document)

    assert summary(problems) == [("WaterMarkList[1].WaterMarkText.Font", "R47", ERROR)]
    assert problems[0].message == 'Font must be one of Tencent, SourceHanSans, not "Arial".'


@pytest.mark.parametrize("font", ["Tencent", "SourceHanSans"])
def test_text_watermark_with_a_known_font_is_fine(font):
    document = base_document()
    document["WaterMarkList"][1]["WaterMarkText"]["Font"] = font

    assert validate(document) == []


def test_text_watermark_without_a_font_size_is_an_r47_required_error():
    document = base_document()
    del document["WaterMarkList"][1]["WaterMarkText"]["FontSize"]

    assert summary(validate(document)) == [
        ("WaterMarkList[1].WaterMarkText.FontSize", "R47", ERROR)
    ]


def test_watermark_type_2_is_an_r47_error():
    document = base_document()
    document["WaterMarkList"][0]["WaterMarkType"] = 2

    assert summary(validate(document)) == [("WaterMarkList[0].WaterMarkType", "R47", ERROR)]


def test_image_watermark_carrying_text_too_is_an_r47_warning():
    document = base_document()
    document["WaterMarkList"][0]["WaterMarkText"] = text_watermark()["WaterMarkText"]

    problems = validate(document)

    assert summary(problems) == [("WaterMarkList[0].WaterMarkText", "R47", WARNING)]
    assert "ignored" in problems[0].message


def test_moving_watermark_type_3_is_an_r47_error():
    document = base_document()
    document["WaterMarkList"][0]["WaterMarkImage"]["DynamicPosType"] = 3

    assert summary(validate(document)) == [
        ("WaterMarkList[0].WaterMarkImage.DynamicPosType", "R47", ERROR)
    ]


def test_watermark_reaching_past_the_canvas_is_a_warning():
    document = base_document()
    document["WaterMarkList"][0]["WaterMarkImage"]["LocationX"] = 1200

    problems = validate(document)

    assert summary(problems) == [("WaterMarkList[0].WaterMarkImage", "watermark-outside", WARNING)]
    assert problems[0].message == (
        "Watermark 1 reaches past the 1280x720 canvas and will be cut off."
    )


def test_watermark_touching_the_canvas_edge_is_fine():
    document = base_document()
    document["WaterMarkList"][0]["WaterMarkImage"].update(LocationX=W - 120, LocationY=H - 40)

    assert validate(document) == []
