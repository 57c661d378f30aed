"""The Take review and the preset history speak the producer's language, in Chromium.

- the Take review says each change in one sentence naming the element, beside a
  picture of the program now and of the staged state: removing the logo, the
  first of four watermarks, is one sentence, not a row per shifted field;
- the library's history shows a picture of each version, Compare says in
  sentences what changes between any two, and Restore says it before asking.
"""

from __future__ import annotations

import copy

import pytest
from playwright.sync_api import expect

from layouts import services
from layouts.models import Preset
from studio.control.models import MixTask
from studio.control.services import launch, profiles
from tests.browser.conftest import snapshot
from tests.factories import document, seed_examples

pytestmark = pytest.mark.browser

LOGO = "https://assets.invalid/show/logo.png"  # never resolves: the preview marks its place


def text_watermark(words: str, y: int) -> dict:
    return {
        "WaterMarkType": 1,
        "WaterMarkText": {
            "Text": words,
            "LocationX": 40,
            "LocationY": y,
            "WaterMarkWidth": 400,
            "WaterMarkHeight": 50,
            "FontSize": 30,
        },
    }


def task_with_a_logo_and_three_captions(user) -> MixTask:
    body = copy.deepcopy(seed_examples()[0])
    body.pop("SdkAppId")
    body["AgentParams"].pop("UserSig")
    marks = body["VideoParams"]["WaterMarkList"]
    marks[0]["WaterMarkImage"]["WaterMarkUrl"] = LOGO
    marks += [text_watermark(words, 300 + 60 * i) for i, words in enumerate(["LIVE", "A", "B"])]
    return launch.start_task(app=profiles.emulator_app(), request=body, user=user)


def picture_drawn(page, selector: str) -> None:
    page.wait_for_function(
        "(s) => { const img = document.querySelector(s);"
        " return img && !img.hidden && img.complete && img.naturalWidth > 0; }",
        arg=selector,
    )


def fits_the_screen(page, dialog: str, width: int, height: int) -> None:
    """At `width` x `height` the dialog is whole on screen and scrolls nothing sideways."""
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_function(
        "([s, w, h]) => { const r = document.querySelector(s).getBoundingClientRect();"
        " return window.innerWidth === w && r.left >= 0 && r.right <= w && r.top >= 0"
        " && r.bottom <= h; }",
        arg=[dialog, width, height],
    )
    overflow = page.evaluate(
        "(s) => { const d = document.querySelector(s);"
        " return [...d.querySelectorAll('*')].filter((el) => el.checkVisibility()"
        " && el.scrollWidth > el.clientWidth + 1"
        " && getComputedStyle(el).overflowX !== 'visible').map((el) => el.id || el.className); }",
        dialog,
    )
    assert overflow == []
    page.set_viewport_size({"width": 1440, "height": 900})


def test_removing_the_logo_is_one_sentence_beside_two_pictures(page, producer):
    task = task_with_a_logo_and_three_captions(producer)
    page.goto(f"/tasks/{task.pk}/")
    page.wait_for_selector("#task-page[data-ready='true']")

    page.locator('.mx-el[data-id="wm:0"]').click()
    page.keyboard.press("Delete")
    expect(page.locator('.mx-el[data-id^="wm:"]')).to_have_count(3)
    page.click("#take")
    dialog = page.locator("#take-dialog")
    expect(dialog).to_be_visible()

    sentences = dialog.locator("#take-words li")
    expect(sentences).to_have_count(1)
    expect(sentences).to_have_text("−Image watermark 1 (logo.png) removed")
    expect(sentences).to_have_attribute("data-kind", "removed")
    # The field table, kept folded, still lists every shifted field by array position.
    assert dialog.locator("#take-diff tbody tr").count() > 4
    expect(dialog.locator("#take-diff")).to_be_hidden()
    picture_drawn(page, "#take-before-picture")
    picture_drawn(page, "#take-after-picture")
    # Small: two pictures and the words fit the dialog at 1440 px.
    for side in ("before", "after"):
        assert dialog.locator(f"#take-{side}-picture").bounding_box()["width"] <= 260
    expect(page.locator("#take-confirm")).to_be_enabled()
    snapshot(page, "take-review-words")
    fits_the_screen(page, "#take-dialog", 1280, 720)

    page.click("#take-confirm")
    expect(dialog).to_be_hidden()
    expect(page.locator("#task-sequence")).to_have_text("1")
    task.refresh_from_db()
    assert [m["WaterMarkType"] for m in task.params["VideoParams"]["WaterMarkList"]] == [1, 1, 1]


# ---- the library's history ------------------------------------------------------------


def preset_with_two_versions() -> Preset:
    first = document(slots=2)
    preset = services.create_preset(name="Talk show", document=first, user=None).preset
    second = copy.deepcopy(first)
    second["VideoEncode"]["BitRate"] = 3000
    second["LayoutParams"]["MixLayoutList"].pop(1)
    services.update_preset(preset.pk, expected_version=1, changes={"document": second}, user=None)
    preset.refresh_from_db()
    return preset


def test_history_pictures_each_version_compares_two_and_restore_says_it_first(page):
    preset = preset_with_two_versions()
    first_bitrate = document(slots=2)["VideoEncode"]["BitRate"]
    page.goto("/presets/")
    card = page.locator("article.card").filter(has_text="Talk show")
    card.get_by_role("button", name="History").click()
    dialog = page.get_by_role("dialog", name="History of “Talk show”")
    items = dialog.locator("li.revision")
    expect(items).to_have_count(2)
    for index in range(2):
        picture_drawn(page, f"#history-list li.revision:nth-child({index + 1}) img.revision-thumb")

    # Compare any two versions: version 1 against the current one.
    items.nth(1).get_by_role("button", name="Compare version 1 with the current version").click()
    compared = dialog.locator("#history-compare li")
    expect(compared).to_have_count(2)
    expect(compared.nth(0)).to_contain_text(f"Bitrate {first_bitrate} → 3000 kbps")
    expect(compared.nth(1)).to_contain_text("Slot 2 removed")
    # The two versions can be picked the other way round too.
    dialog.get_by_label("From version").select_option("2")
    dialog.get_by_label("To version").select_option("1")
    dialog.get_by_role("button", name="Compare", exact=True).click()
    expect(compared.nth(0)).to_contain_text(f"Bitrate 3000 → {first_bitrate} kbps")
    expect(compared.nth(1)).to_contain_text("Slot 2 added")
    snapshot(page, "library-history-compare")

    # Restore says what it will change, and changes nothing until confirmed.
    items.nth(1).get_by_role("button", name="Restore version 1").click()
    confirm = dialog.locator("#history-restore")
    expect(confirm).to_be_visible()
    expect(confirm.locator("li")).to_have_count(2)
    expect(confirm).to_contain_text(f"Bitrate 3000 → {first_bitrate} kbps")
    expect(confirm).to_contain_text("Slot 2 added")
    snapshot(page, "library-history-restore")
    fits_the_screen(page, "#history-dialog", 1280, 720)
    preset.refresh_from_db()
    assert preset.version == 2
    dialog.get_by_role("button", name="Keep the current version").click()
    expect(confirm).to_be_hidden()
    preset.refresh_from_db()
    assert preset.version == 2

    items.nth(1).get_by_role("button", name="Restore version 1").click()
    expect(confirm.locator("li")).to_have_count(2)
    confirm.get_by_role("button", name="Restore now").click()
    expect(dialog.locator("#history-dialog-status")).to_have_text(
        "Version 1 was restored as version 3."
    )
    expect(items).to_have_count(3)
    preset.refresh_from_db()
    assert preset.version == 3
    assert preset.document["VideoEncode"]["BitRate"] == first_bitrate
