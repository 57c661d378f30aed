"""The preset library page (/presets/) in real Chromium."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from layouts import services
from layouts.models import Preset
from tests.browser.conftest import snapshot
from tests.factories import document, seed_examples

pytestmark = pytest.mark.browser

SEED = seed_examples()


def make(name: str, *, tags: tuple[str, ...] = (), description: str = "", **layout) -> Preset:
    return services.create_preset(
        name=name,
        document=document(**layout),
        user=None,
        tags=list(tags),
        description=description,
    ).preset


def card(page: Page, name: str):
    return page.locator("article.card").filter(
        has=page.get_by_role("heading", name=name, exact=True)
    )


def open_library(page: Page, query: str = "") -> None:
    page.goto(f"/presets/{query}")
    expect(page.locator("#library-grid")).to_have_attribute("aria-busy", "false")


def card_names(page: Page) -> list[str]:
    return page.locator("article.card h3").all_inner_texts()


def test_cards_show_name_tags_version_and_a_loaded_thumbnail(page):
    make("Interview", tags=("talk", "two"), description="Host and guest", slots=2)
    portrait = make("Vertical", tags=("mobile",), width=720, height=1280, slots=1)
    services.update_preset(
        portrait.pk, expected_version=1, changes={"description": "Phone"}, user=None
    )

    open_library(page)

    expect(page.locator("article.card")).to_have_count(2)
    interview = card(page, "Interview")
    expect(interview.get_by_role("button", name="Show presets tagged talk")).to_be_visible()
    expect(interview.get_by_role("button", name="Show presets tagged two")).to_be_visible()
    expect(interview).to_contain_text("Version 1")
    expect(interview).to_contain_text("Host and guest")
    expect(card(page, "Vertical")).to_contain_text("Version 2")
    expect(interview.locator("time")).to_have_attribute("datetime", re.compile(r"^\d{4}-"))
    for image in page.locator("article.card img.thumb").all():
        image.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("img => img.naturalWidth") > 0
    vertical = card(page, "Vertical").locator("img.thumb")
    assert vertical.evaluate("img => img.naturalHeight > img.naturalWidth")
    snapshot(page, "library-grid")


def test_search_narrows_the_cards_by_name_description_and_tag(page):
    make("Interview", description="Host and guest")
    make("News desk", tags=("broadcast",))
    make("Gaming", description="Streamer with a facecam")

    open_library(page)
    search = page.get_by_label("Search")

    search.fill("news")
    expect(page.locator("article.card")).to_have_count(1)
    assert card_names(page) == ["News desk"]
    assert "search=news" in page.url

    search.fill("facecam")
    expect(page.locator("article.card h3")).to_have_text(["Gaming"])

    search.fill("broadcast")
    expect(page.locator("article.card h3")).to_have_text(["News desk"])

    search.fill("nothing like this")
    expect(page.locator("article.card")).to_have_count(0)
    expect(page.locator("#library-results")).to_have_text("No presets match these filters.")
    snapshot(page, "library-search-empty")

    page.get_by_role("button", name="Clear filters").click()
    expect(page.locator("article.card")).to_have_count(3)
    expect(search).to_have_value("")


def test_clicking_a_tag_shows_only_presets_with_that_tag(page):
    make("Interview", tags=("talk",))
    make("Panel", tags=("talk", "four"))
    make("Gaming", tags=("game",))

    open_library(page)
    card(page, "Panel").get_by_role("button", name="Show presets tagged talk").click()

    expect(page.locator("article.card h3")).to_have_text(["Interview", "Panel"])
    expect(page.get_by_label("Tag", exact=True)).to_have_value("talk")
    pressed = card(page, "Panel").get_by_role("button", name="Show presets tagged talk")
    expect(pressed).to_have_attribute("aria-pressed", "true")
    snapshot(page, "library-tag-filter")

    page.get_by_label("Tag", exact=True).fill("game")
    expect(page.locator("article.card h3")).to_have_text(["Gaming"])


def test_a_filtered_address_opens_with_its_filters(page):
    make("Interview", tags=("talk",))
    make("Gaming", tags=("game",))

    open_library(page, "?tag=game")

    expect(page.locator("article.card h3")).to_have_text(["Gaming"])
    expect(page.get_by_label("Tag", exact=True)).to_have_value("game")


def test_pages_hold_twelve_presets_each(page):
    for number in range(14):
        make(f"Layout {number:02d}")

    open_library(page)
    expect(page.locator("article.card")).to_have_count(12)
    expect(page.locator("#library-page-status")).to_have_text("Page 1 of 2")
    expect(page.get_by_role("button", name="Previous page")).to_be_disabled()

    page.get_by_role("button", name="Next page").click()
    expect(page.locator("article.card h3")).to_have_text(["Layout 12", "Layout 13"])
    expect(page.locator("#library-page-status")).to_have_text("Page 2 of 2")
    expect(page.get_by_role("button", name="Next page")).to_be_disabled()
    assert "page=2" in page.url


def test_duplicate_creates_a_copy_with_the_same_document(page):
    original = make("Interview", tags=("talk",), description="Host and guest", slots=3)

    open_library(page)
    card(page, "Interview").get_by_role("button", name="Duplicate").click()

    expect(page.locator("#library-status")).to_contain_text("Duplicated as “Interview (copy)”.")
    expect(card(page, "Interview (copy)")).to_be_visible()
    copy = Preset.objects.get(name="Interview (copy)")
    assert copy.pk != original.pk
    assert copy.document == original.document
    assert copy.tags == ["talk"]
    assert copy.description == "Host and guest"
    assert Preset.objects.count() == 2
    edit = page.get_by_role("link", name="Edit the copy")
    expect(edit).to_have_attribute("href", f"/presets/{copy.pk}/edit")
    snapshot(page, "library-duplicated")


def test_rename_inline_saves_a_new_version(page):
    preset = make("Interview")

    open_library(page)
    card(page, "Interview").get_by_role("button", name="Rename").click()
    field = page.get_by_label("New name for Interview")
    expect(field).to_be_focused()
    snapshot(page, "library-rename")
    field.fill("Morning interview")
    field.press("Enter")

    renamed = card(page, "Morning interview")
    expect(renamed).to_contain_text("Version 2")
    expect(page.locator("#library-status")).to_contain_text("Renamed to “Morning interview”.")
    expect(renamed.get_by_role("button", name="Rename")).to_be_focused()
    preset.refresh_from_db()
    assert (preset.name, preset.version) == ("Morning interview", 2)


def test_escape_cancels_a_rename(page):
    preset = make("Interview")

    open_library(page)
    card(page, "Interview").get_by_role("button", name="Rename").click()
    page.get_by_label("New name for Interview").fill("Something else")
    page.keyboard.press("Escape")

    expect(page.get_by_label("New name for Interview")).to_have_count(0)
    expect(card(page, "Interview")).to_be_visible()
    preset.refresh_from_db()
    assert (preset.name, preset.version) == ("Interview", 1)


def test_renaming_a_version_saved_meanwhile_reports_the_conflict_and_reloads(page):
    preset = make("Interview")

    open_library(page)
    services.update_preset(
        preset.pk, expected_version=1, changes={"name": "Changed elsewhere"}, user=None
    )
    card(page, "Interview").get_by_role("button", name="Rename").click()
    page.get_by_label("New name for Interview").fill("Mine")
    page.get_by_role("button", name="Save name").click()

    alert = page.locator("#library-alert")
    expect(alert).to_contain_text("saved by someone else")
    expect(alert).to_contain_text("you edited version 1, the current one is 2")
    expect(card(page, "Changed elsewhere")).to_contain_text("Version 2")
    preset.refresh_from_db()
    assert (preset.name, preset.version) == ("Changed elsewhere", 2)
    snapshot(page, "library-rename-conflict")


def test_delete_asks_first_and_cancel_keeps_the_preset(page):
    make("Interview")

    open_library(page)
    delete = card(page, "Interview").get_by_role("button", name="Delete")
    delete.click()
    dialog = page.get_by_role("dialog", name="Delete “Interview”?")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()
    snapshot(page, "library-delete-dialog")
    dialog.get_by_role("button", name="Cancel").click()

    expect(dialog).to_be_hidden()
    expect(delete).to_be_focused()
    assert Preset.objects.filter(name="Interview").exists()

    delete.click()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert Preset.objects.filter(name="Interview").exists()


def test_delete_after_confirming_removes_the_preset(page):
    make("Interview")
    make("Gaming")

    open_library(page)
    card(page, "Interview").get_by_role("button", name="Delete").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete “Interview”").click()

    expect(page.locator("#library-status")).to_contain_text("“Interview” was deleted.")
    expect(page.locator("article.card h3")).to_have_text(["Gaming"])
    assert list(Preset.objects.values_list("name", flat=True)) == ["Gaming"]


def test_export_downloads_the_whole_start_body_as_pretty_json(page):
    preset = make("Interview / Late", slots=3)

    open_library(page)
    with page.expect_download() as download_info:
        card(page, "Interview / Late").get_by_role("button", name="Export").click()
    download = download_info.value

    assert download.suggested_filename == "Interview _ Late.json"
    text = open(download.path(), encoding="utf-8").read()
    assert json.loads(text) == {"WithTranscoding": 1, "VideoParams": preset.document}
    assert text.startswith('{\n  "WithTranscoding": 1,\n  "VideoParams": {\n    "VideoEncode"')


@pytest.mark.parametrize("number", [1, 2])
def test_importing_a_seed_example_creates_its_video_params(page, tmp_path, number):
    body = SEED[number - 1]
    file = tmp_path / f"Example {number}.json"
    file.write_text(json.dumps(body, indent=2))

    open_library(page)
    page.get_by_label("Import a JSON file").set_input_files(str(file))

    expect(page.locator("#library-status")).to_contain_text(
        f"Imported “Example {number}” as a new preset."
    )
    expect(card(page, f"Example {number}")).to_be_visible()
    imported = Preset.objects.get(name=f"Example {number}")
    assert imported.document == body["VideoParams"]
    assert imported.request["PublishCdnParams"] == body["PublishCdnParams"]
    expect(page.locator("#library-status")).to_contain_text(
        "UserSigs and storage keys were not kept"
    )
    expect(page.get_by_role("link", name="Open it in the editor")).to_have_attribute(
        "href", f"/presets/{imported.pk}/edit"
    )
    snapshot(page, f"library-imported-{number}")


def test_importing_the_audio_only_example_3_keeps_its_whole_show(page, tmp_path):
    file = tmp_path / "Audio only.json"
    file.write_text(json.dumps(SEED[2]))

    open_library(page)
    page.get_by_label("Import a JSON file").set_input_files(str(file))

    expect(page.locator("#library-status")).to_contain_text(
        "Imported “Audio only” as a new preset."
    )
    expect(card(page, "Audio only")).to_be_visible()
    imported = Preset.objects.get(name="Audio only")
    assert imported.document is None
    assert imported.request["SingleSubscribeParams"] == SEED[2]["SingleSubscribeParams"]
    snapshot(page, "library-imported-audio-only")


def test_importing_a_malformed_body_shows_every_problem_and_saves_nothing(page, tmp_path):
    body = json.loads(json.dumps(SEED[0]))
    body["AudioParams"]["AudioEncode"]["SampleRate"] = 22050
    body["PublishCdnParams"][0]["PublishCdnUrl"] = "http://example.com/x"
    file = tmp_path / "Broken.json"
    file.write_text(json.dumps(body))

    open_library(page)
    page.get_by_label("Import a JSON file").set_input_files(str(file))

    alert = page.locator("#library-alert")
    expect(alert).to_contain_text("“Broken.json” was not imported")
    expect(alert).to_contain_text("AudioParams.AudioEncode.SampleRate")
    expect(alert).to_contain_text("PublishCdnParams[0].PublishCdnUrl")
    assert Preset.objects.count() == 0
    snapshot(page, "library-import-refused")


def test_importing_an_invalid_layout_lists_the_problem_paths(page, tmp_path):
    broken = document()
    broken["LayoutParams"]["MixLayoutList"][0]["LocationX"] = 5000
    file = tmp_path / "Broken.json"
    file.write_text(json.dumps(broken))

    open_library(page)
    page.get_by_label("Import a JSON file").set_input_files(str(file))

    problems = page.locator("#library-alert .problems code")
    expect(problems.first).to_contain_text("LayoutParams.MixLayoutList[0]")
    assert Preset.objects.count() == 0


def test_history_lists_versions_and_restore_brings_back_an_old_document(page):
    preset = make("Interview", slots=2)
    first_document = preset.document
    services.update_preset(
        preset.pk, expected_version=1, changes={"document": document(slots=3)}, user=None
    )
    services.update_preset(
        preset.pk, expected_version=2, changes={"document": document(slots=4)}, user=None
    )

    open_library(page)
    history = card(page, "Interview").get_by_role("button", name="History")
    history.click()
    dialog = page.get_by_role("dialog", name="History of “Interview”")
    items = dialog.locator("li.revision")
    expect(items).to_have_count(3)
    expect(items.nth(0)).to_contain_text("Version 3")
    expect(items.nth(0)).to_contain_text("current")
    expect(items.nth(2)).to_contain_text("Note: created")
    expect(items.nth(0).get_by_role("button")).to_have_count(0)
    snapshot(page, "library-history")

    dialog.get_by_role("button", name="Restore version 1").click()
    dialog.get_by_role("button", name="Restore now").click()  # after the difference is said

    expect(dialog.locator("#history-dialog-status")).to_have_text(
        "Version 1 was restored as version 4."
    )
    expect(items).to_have_count(4)
    expect(items.nth(0)).to_contain_text("restored from version 1")
    preset.refresh_from_db()
    assert preset.version == 4
    assert preset.document == first_document
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    expect(card(page, "Interview")).to_contain_text("Version 4")
    expect(card(page, "Interview").get_by_role("button", name="History")).to_be_focused()
    thumb = card(page, "Interview").locator("img.thumb")
    expect(thumb).to_have_attribute("src", re.compile(r"v=4$"))


def test_new_from_a_starter_opens_the_editor_on_a_copy_of_it(page):
    starter = make("Picture in picture", description="Big host, small guest")
    Preset.objects.filter(pk=starter.pk).update(starter_key="x")
    make("Our own layout")

    open_library(page)
    toggle = page.get_by_role("button", name="New from a starter")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    starters = page.get_by_role("region", name="Start from a starter preset")
    links = starters.get_by_role("link")
    expect(links).to_have_text(["Picture in picture"])
    expect(links.first).to_have_attribute("href", f"/presets/new?from={starter.pk}")
    snapshot(page, "library-starters")

    links.first.click()
    page.wait_for_url(f"**/presets/new?from={starter.pk}")


def test_new_blank_links_to_an_empty_editor(page):
    open_library(page)
    expect(page.locator("#library-results")).to_contain_text("No presets yet")
    expect(page.get_by_role("link", name="New blank")).to_have_attribute("href", "/presets/new")
