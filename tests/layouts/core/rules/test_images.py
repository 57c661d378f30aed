"""layouts.core.rules.images: R45 (image URLs) and images on hosts the cloud cannot reach."""

from __future__ import annotations

import pytest

from layouts.core.contract.problems import ERROR, WARNING
from layouts.core.rules import document as rules
from layouts.core.rules.document import validate
from tests.factories import document
from tests.layouts.core.rules.documents import (
    base_document,
    slots,
    summary,
)

# ---------------------------------------------------------------------------
# R45: image URLs.


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://cdn.example.com/my background.png", "' '"),
        ("https://cdn.example.com/背景.png", "'景'"),
    ],
)
def test_url_with_characters_the_cloud_refuses_is_an_r45_error(url, shown):
    document = base_document()
    document["BackgroundImageUrl"] = url

    problems = validate(document)

    assert summary(problems) == [("BackgroundImageUrl", "R45", ERROR)]
    assert shown in problems[0].message
    assert "percent-encode" in problems[0].message


def test_percent_encoded_url_is_fine():
    document = base_document()
    document["BackgroundImageUrl"] = "https://cdn.example.com/%E8%83%8C%E6%99%AF.png"

    assert validate(document) == []


@pytest.mark.parametrize(
    "url",
    ["ftp://cdn.example.com/bg.png", "javascript:alert(1)", "cdn.example.com/bg.png"],
)
def test_url_that_is_not_http_is_an_r45_error(url):
    document = base_document()
    document["BackgroundImageUrl"] = url

    problems = validate(document)

    assert summary(problems) == [("BackgroundImageUrl", "R45", ERROR)]
    assert problems[0].message == "BackgroundImageUrl must be an http:// or https:// URL."


@pytest.mark.parametrize("url", ["http://[", "http://]bad/bg.png", "https://[cdn]/bg.png"])
def test_url_with_a_stray_bracket_in_the_host_is_a_problem_not_a_crash(url):
    document = base_document()
    document["BackgroundImageUrl"] = url

    problems = validate(document)

    assert summary(problems) == [("BackgroundImageUrl", "R45", ERROR)]


def test_gif_canvas_background_is_an_r45_warning():
    document = base_document()
    document["BackgroundImageUrl"] = "https://cdn.example.com/bg.gif"

    problems = validate(document)

    assert summary(problems) == [("BackgroundImageUrl", "R45", WARNING)]
    assert ".gif" in problems[0].message
    assert "png, jpg, jpeg" in problems[0].message


@pytest.mark.parametrize("extension", ["png", "jpg", "JPEG"])
def test_canvas_background_in_an_accepted_format_is_fine(extension):
    document = base_document()
    document["BackgroundImageUrl"] = f"https://cdn.example.com/bg.{extension}?v=2"

    assert validate(document) == []


def test_gif_placeholder_is_fine():
    document = base_document()

    assert slots(document)[3]["BackgroundImageUrl"].endswith(".gif")
    assert validate(document) == []


def test_jpg_transparent_mask_is_an_r45_warning():
    document = base_document()
    slots(document)[0]["TransparentUrl"] = "https://cdn.example.com/round.jpg"

    problems = validate(document)

    assert summary(problems) == [("LayoutParams.MixLayoutList[0].TransparentUrl", "R45", WARNING)]
    assert "only png" in problems[0].message


def test_gif_watermark_is_an_r45_warning():
    document = base_document()
    document["WaterMarkList"][0]["WaterMarkImage"]["WaterMarkUrl"] = "https://x.example/logo.gif"

    assert summary(validate(document)) == [
        ("WaterMarkList[0].WaterMarkImage.WaterMarkUrl", "R45", WARNING)
    ]


def test_dot_in_a_folder_name_is_not_taken_for_the_file_extension():
    document = base_document()
    document["BackgroundImageUrl"] = "https://cdn.example.com/v1.2/background"

    assert validate(document) == []


def test_empty_url_means_no_image():
    document = base_document()
    document["BackgroundImageUrl"] = ""

    assert validate(document) == []


# ---------------------------------------------------------------------------
# Images on hosts the cloud cannot reach.


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
