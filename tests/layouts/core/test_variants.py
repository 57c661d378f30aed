"""Variants of a show: their checks, the legs a launch starts, clean feeds, shared URLs."""

from __future__ import annotations

from layouts.core import reflow, variants
from layouts.core.rules.show import check_app_part
from tests.factories import document

VERTICAL_URL = "rtmp://push.example.com/live/vertical"


def whole_show(**variant):
    main = document(1280, 720, slots=2)
    main["WaterMarkList"] = [
        {
            "WaterMarkType": 0,
            "WaterMarkImage": {
                "WaterMarkUrl": "https://img.example.com/logo.png",
                "LocationX": 10,
                "LocationY": 10,
                "WaterMarkWidth": 100,
                "WaterMarkHeight": 50,
            },
        }
    ]
    vertical = {
        "name": "vertical",
        "VideoParams": reflow.reflow(main, 720, 1280),
        "PublishCdnParams": [{"PublishCdnUrl": VERTICAL_URL}],
        **variant,
    }
    return {
        "RoomId": "8001",
        "RoomIdType": 0,
        "AgentParams": {"UserId": "mixstudio_robot_8001", "UserSig": "signed"},
        "VideoParams": main,
        "PublishCdnParams": [{"PublishCdnUrl": "rtmp://push.example.com/live/main"}],
        "MixStudio": {"Variants": [vertical], "Rules": []},
    }


def test_each_leg_has_its_picture_outputs_and_a_robot_of_its_own():
    legs = dict(variants.leg_bodies(whole_show()))

    assert list(legs) == ["main", "vertical"]
    assert "Variants" not in legs["main"]["MixStudio"]
    vertical = legs["vertical"]
    assert vertical["VideoParams"]["VideoEncode"]["Width"] == 720
    assert vertical["PublishCdnParams"] == [{"PublishCdnUrl": VERTICAL_URL}]
    assert vertical["AgentParams"] == {"UserId": "mixstudio_robot_8001_vertical"}
    assert vertical["MixStudio"] == {"Rules": []}  # the director runs on every leg
    assert legs["main"]["AgentParams"]["UserId"] == "mixstudio_robot_8001"


def test_a_leg_robot_keeps_within_32_bytes():
    robot = variants.leg_robot("r" * 32, "vertical")

    assert robot.endswith("_vertical") and len(robot.encode()) == 32


def test_a_clean_variant_is_sent_without_watermarks():
    legs = dict(variants.leg_bodies(whole_show(clean=True)))

    assert "WaterMarkList" not in legs["vertical"]["VideoParams"]
    assert legs["main"]["VideoParams"]["WaterMarkList"]


def test_one_url_in_two_legs_is_named_in_both():
    show = whole_show(PublishCdnParams=[{"PublishCdnUrl": "rtmp://push.example.com/live/main"}])

    (problem,) = variants.shared_outputs(variants.leg_bodies(show))

    assert problem.path == "MixStudio.Variants[vertical].PublishCdnParams[0].PublishCdnUrl"
    assert problem.params["other"] == "PublishCdnParams[0].PublishCdnUrl"


def test_a_variant_is_checked_as_any_picture_under_its_own_path():
    show = whole_show(name="main", clean="yes")
    show["MixStudio"]["Variants"][0]["VideoParams"]["VideoEncode"]["Width"] = 5000

    paths = {problem.path for problem in check_app_part(show["MixStudio"])}

    assert "MixStudio.Variants[0].name" in paths
    assert "MixStudio.Variants[0].clean" in paths
    assert "MixStudio.Variants[0].VideoParams.VideoEncode.Width" in paths


def test_a_good_variant_has_no_problem_and_too_many_are_refused():
    show = whole_show()
    assert [p for p in check_app_part(show["MixStudio"]) if p.severity == "error"] == []

    show["MixStudio"]["Variants"] = [
        {**show["MixStudio"]["Variants"][0], "name": f"v{index}"} for index in range(4)
    ]
    problems = list(check_app_part(show["MixStudio"]))
    assert any(p.path == "MixStudio.Variants" for p in problems)


def test_the_picture_of_a_leg_is_its_variants_or_the_main_one():
    show = whole_show(clean=True)

    assert (
        variants.variant_document(show, show["VideoParams"], "vertical")["VideoEncode"]["Width"]
        == 720
    )
    assert variants.variant_document(show, show["VideoParams"], "square") is show["VideoParams"]
