"""A show's variants in the editor, in Chromium: a 9:16 screen added to the talk show by
the server's reflow, drawn beside the main canvas; a slot selected in one screen marked
in every other; a move in the vertical screen that leaves the main picture alone (and,
with "Apply to all variants", one that does not); each screen's problems named by it;
the variant with its own outputs saved in the preset's show and read back from the API."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from layouts.core.reflow import reflow
from layouts.models import Preset
from tests.browser.test_accessibility import unlabelled
from tests.browser.test_editor import field, open_editor, slot, wait_saved

pytestmark = pytest.mark.browser

# The talk show: the host full screen, the guest in a picture-in-picture corner.
TALK_SHOW = "pip"
PIP = 1  # the guest's slot
X = f"LayoutParams.MixLayoutList[{PIP}].LocationX"
Y = f"LayoutParams.MixLayoutList[{PIP}].LocationY"


@pytest.fixture
def talk_show(db):
    call_command("load_starter_presets", stdout=io.StringIO())
    return Preset.objects.get(starter_key=TALK_SHOW)


def leg(page, name: str):
    return page.locator(f".mx-leg[data-leg='{name}']")


def twin(page, name: str, index: int = PIP):
    return leg(page, name).locator(f".mx-leg-el[data-id='slot:{index}']")


def add_vertical(page) -> None:
    page.locator(".mx-add-variant").click()
    page.locator(".mx-variant-choice[data-shape='9:16']").click()
    leg(page, "vertical").wait_for()


def set_field(page, path: str, value: int) -> None:
    box = field(page, path)
    box.fill(str(value))
    box.press("Enter")
    page.wait_for_function(
        "([path, value]) => document.querySelector(`[data-path='${path}']`).value === value",
        arg=[path, str(value)],
    )


def choose(page, name: str) -> None:
    leg(page, name).locator(".mx-leg-canvas").click()
    page.wait_for_function(
        "name => document.querySelector(`.mx-leg[data-leg='${name}']`)"
        ".classList.contains('mx-leg-active')",
        arg=name,
    )


def test_a_vertical_variant_is_edited_beside_the_main_picture_and_saved(page, talk_show):
    main = talk_show.document["LayoutParams"]["MixLayoutList"][PIP]
    open_editor(page, f"/presets/{talk_show.pk}/edit")
    assert page.locator(".mx-leg").count() == 1  # the main picture alone
    add_vertical(page)

    # The vertical screen is drawn beside the main canvas, upright, and is on the canvas.
    canvas = page.locator("#mx-canvas").bounding_box()
    small = leg(page, "vertical").locator(".mx-leg-stage").bounding_box()
    assert small["x"] >= canvas["x"] + canvas["width"]
    assert canvas["y"] <= small["y"] < canvas["y"] + canvas["height"]
    assert small["height"] > small["width"] * 1.5
    assert leg(page, "vertical").locator(".mx-leg-size").inner_text() == "1080 × 1920"
    assert field(page, "VideoEncode.Width").input_value() == "1080"
    assert field(page, "VideoEncode.Height").input_value() == "1920"
    wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert wide is False

    # The picture-in-picture selected in the main picture: its twin is marked in the vertical.
    choose(page, "main")
    slot(page, PIP).click()
    assert "mx-twin-selected" in twin(page, "vertical").get_attribute("class")
    assert "mx-twin-selected" not in twin(page, "vertical", 0).get_attribute("class")

    # Moved in the vertical screen with "Apply to all variants" off: the main one stays.
    choose(page, "vertical")
    assert page.locator("#mx-apply-all-toggle").is_checked() is False
    assert "mx-selected" in slot(page, PIP).get_attribute("class")  # the twin, selected
    set_field(page, X, 120)
    set_field(page, Y, 300)
    choose(page, "main")
    assert field(page, X).input_value() == str(main["LocationX"])
    assert field(page, Y).input_value() == str(main["LocationY"])
    assert unlabelled(page) == []

    page.locator("#mx-save").click()
    wait_saved(page, 2)
    answer = page.request.get(f"/api/presets/{talk_show.pk}/").json()
    [variant] = answer["request"]["MixStudio"]["Variants"]
    assert variant["name"] == "vertical"
    assert variant["clean"] is False
    picture = variant["VideoParams"]
    assert (picture["VideoEncode"]["Width"], picture["VideoEncode"]["Height"]) == (1080, 1920)
    moved = picture["LayoutParams"]["MixLayoutList"][PIP]
    assert (moved["LocationX"], moved["LocationY"]) == (120, 300)
    kept = answer["document"]["LayoutParams"]["MixLayoutList"][PIP]
    assert (kept["LocationX"], kept["LocationY"]) == (main["LocationX"], main["LocationY"])


def test_apply_to_all_moves_the_twins_in_shares_and_each_screen_is_checked_on_its_own(
    page, talk_show
):
    main = talk_show.document["LayoutParams"]["MixLayoutList"][PIP]
    open_editor(page, f"/presets/{talk_show.pk}/edit")
    add_vertical(page)
    # What the server's reflow made of the guest's corner (the function behind the API).
    vertical = reflow(talk_show.document, 1080, 1920)["LayoutParams"]["MixLayoutList"][PIP]

    # The vertical screen's problems are its own, named by it (1920 px high: R35's warning).
    page.locator("#mx-tab-problems").click()
    page.wait_for_selector(".mx-problem[data-leg='vertical']")
    assert page.locator(".mx-problem[data-leg='vertical']").first.inner_text().find("vertical") >= 0

    # A move of a tenth of the main canvas to the left moves the twin a tenth of its own.
    page.locator("#mx-apply-all-toggle").check()
    choose(page, "main")
    slot(page, PIP).click()
    set_field(page, X, main["LocationX"] - 192)
    choose(page, "vertical")
    assert field(page, X).input_value() == str(vertical["LocationX"] - 108)
    assert field(page, Y).input_value() == str(vertical["LocationY"])

    # The variant's own settings: a name, a clean feed, an output of its own.
    page.locator(".mx-viewport").click(position={"x": 5, "y": 5})  # nothing selected
    page.locator(".mx-variant-panel").wait_for()
    name = page.locator(".mx-variant-name")
    name.fill("main")
    name.press("Enter")
    assert page.locator(".mx-variant-panel .mx-field-problem").first.is_visible()
    name.fill("tiktok")
    name.press("Enter")
    leg(page, "tiktok").wait_for()
    page.locator(".mx-variant-clean").check()
    page.locator(".mx-variant-new-url").fill("rtmp://push.example.com/live/tiktok")
    page.locator(".mx-variant-add-url").click()
    page.locator(".mx-variant-url").wait_for()
    assert leg(page, "tiktok").locator(".mx-leg-clean").is_visible()
    assert unlabelled(page) == []
    page.locator("#mx-save").click()
    wait_saved(page, 2)

    saved = Preset.objects.get(pk=talk_show.pk)
    [variant] = saved.request["MixStudio"]["Variants"]
    assert variant["name"] == "tiktok"
    assert variant["clean"] is True
    assert variant["PublishCdnParams"] == [{"PublishCdnUrl": "rtmp://push.example.com/live/tiktok"}]
    assert variant["VideoParams"]["LayoutParams"]["MixLayoutList"][PIP]["LocationX"] == (
        vertical["LocationX"] - 108
    )
    kept = saved.document["LayoutParams"]["MixLayoutList"][PIP]
    assert kept["LocationX"] == main["LocationX"] - 192
