"""The starter presets read in Chinese: names, descriptions, tags and the history note
shown translated beside what is stored, which stays English; a producer's own name wins."""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from layouts.models import Preset

pytestmark = pytest.mark.django_db

CHINESE = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def starters():
    call_command("load_starter_presets", stdout=StringIO())
    return {preset.starter_key: preset for preset in Preset.objects.exclude(starter_key=None)}


def by_key(items, starters):
    ids = {preset.pk: key for key, preset in starters.items()}
    return {ids[item["id"]]: item for item in items if item["id"] in ids}


def test_the_library_in_chinese_shows_the_starters_in_chinese_and_keeps_them_stored(api, starters):
    items = by_key(
        api.get("/api/presets/?starter=true&page_size=50", **CHINESE).json()["results"], starters
    )

    pip = items["pip"]
    assert (pip["display_name"], pip["name"]) == ("画中画", "Picture in picture")
    assert pip["display_description"] == "主播全屏，嘉宾在右下角。"
    assert pip["description"] == "Host full screen, guest in the bottom-right corner."
    assert (pip["display_tags"], pip["tags"]) == (["自定义", "2 人"], ["custom", "2 people"])
    assert items["template-screen-share"]["display_tags"] == ["模板", "屏幕分享"]
    assert len(items) == 13
    # Every one of them is shown in Chinese: no display text is the stored English.
    assert all(item["display_name"] != item["name"] for item in items.values())
    assert all(
        shown != stored
        for item in items.values()
        for shown, stored in zip(item["display_tags"], item["tags"], strict=True)
    )
    assert Preset.objects.get(starter_key="pip").name == "Picture in picture"
    assert Preset.objects.get(starter_key="pip").tags == ["custom", "2 people"]


def test_english_readers_get_the_stored_text_as_it_is(api, starters):
    item = api.get(f"/api/presets/{starters['grid-3x3'].pk}/", HTTP_ACCEPT_LANGUAGE="en").json()

    assert item["display_name"] == item["name"] == "3 x 3"
    assert item["display_tags"] == item["tags"] == ["custom", "9 people", "grid"]


def test_the_language_cookie_chooses_chinese_too(api, starters):
    api.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    item = api.get(f"/api/presets/{starters['side-by-side'].pk}/").json()

    assert (item["display_name"], item["name"]) == ("左右分屏", "Side by side")


def test_a_renamed_starter_shows_its_own_name_and_the_rest_still_translated(api, starters):
    pip = starters["pip"]
    renamed = api.patch(
        f"/api/presets/{pip.pk}/", {"name": "Our PiP", "version": pip.version}, format="json"
    )
    assert renamed.status_code == 200, renamed.json()

    item = api.get(f"/api/presets/{pip.pk}/", **CHINESE).json()
    assert (item["name"], item["display_name"]) == ("Our PiP", "Our PiP")
    assert item["display_description"] == "主播全屏，嘉宾在右下角。"
    assert Preset.objects.get(pk=pip.pk).starter_key == "pip"


def test_the_history_note_of_a_starter_is_shown_in_chinese(api, starters):
    revisions = api.get(f"/api/presets/{starters['news'].pk}/revisions/", **CHINESE).json()

    first = revisions["results"][-1]
    assert (first["note"], first["display_note"]) == ("starter preset", "起始预设")
    assert first["name"] == "News with lower third"
    assert first["display_name"] == "新闻节目带下方字幕条"


def test_a_copy_made_from_a_starter_on_a_chinese_page_is_named_in_chinese(api, starters):
    page = api.get(f"/presets/new?from={starters['pip'].pk}", **CHINESE)

    assert page.status_code == 200
    assert page.context["initial"]["name"] == "画中画"


def test_the_editor_title_of_a_starter_is_in_chinese(api, starters):
    page = api.get(f"/presets/{starters['pip'].pk}/edit", **CHINESE)

    assert page.status_code == 200
    title = page.content.decode().split("<title>")[1].split("</title>")[0]
    assert title.startswith("画中画 · ")


def found(api, text, **headers) -> list[str]:
    answer = api.get("/api/presets/", {"search": text, "page_size": 50}, **headers)
    assert answer.status_code == 200, answer.json()
    return sorted(item["display_name"] for item in answer.json()["results"])


def test_a_search_in_chinese_finds_a_starter_by_its_shown_name(api, starters):
    assert found(api, "画中画", **CHINESE) == ["画中画"]
    assert found(api, "左右", **CHINESE) == ["左右分屏"]  # under three characters too
    # By the description and by a tag, as the page shows them.
    assert "画中画" in found(api, "嘉宾在右下角", **CHINESE)
    assert "画中画" in found(api, "2 人", **CHINESE)
    # The stored English still finds it, in either language.
    assert found(api, "Picture in", **CHINESE) == ["画中画"]
    assert found(api, "Picture in", HTTP_ACCEPT_LANGUAGE="en") == ["Picture in picture"]
    # An English reader is not shown the Chinese, so the Chinese finds nothing for them.
    assert found(api, "画中画", HTTP_ACCEPT_LANGUAGE="en") == []


def test_a_renamed_starter_is_not_found_by_the_name_it_no_longer_shows(api, starters):
    pip = starters["pip"]
    api.patch(f"/api/presets/{pip.pk}/", {"name": "Our PiP", "version": pip.version}, format="json")

    assert found(api, "画中画", **CHINESE) == []
    assert found(api, "Our PiP", **CHINESE) == ["Our PiP"]


def test_a_producers_preset_with_a_starter_tag_is_found_by_the_tag_in_chinese(api, starters):
    created = api.post(
        "/api/presets/",
        {"name": "Evening news", "document": starters["pip"].document, "tags": ["screen share"]},
        format="json",
    )
    assert created.status_code == 201, created.json()

    assert "Evening news" in found(api, "屏幕分享", **CHINESE)
