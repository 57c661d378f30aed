"""The starter presets on Chinese pages: the library's cards, tags and starter list, the
history note and the launch page's preset list, with what is stored left in English."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from layouts.models import Preset
from tests.browser.test_language import main_text
from tests.browser.test_library import card, open_library
from tests.visible_text import english_runs

pytestmark = pytest.mark.browser


def in_chinese(page: Page, live_server) -> None:
    cookie = {"name": "django_language", "value": "zh-hans", "url": live_server.url}
    page.context.add_cookies([cookie])


def test_the_library_shows_the_starters_in_chinese(page, live_server):
    call_command("load_starter_presets", stdout=StringIO())
    in_chinese(page, live_server)
    open_library(page)

    pip = card(page, "画中画")
    expect(pip).to_contain_text("主播全屏，嘉宾在右下角。")
    expect(pip.locator("button.tag")).to_have_text(["自定义", "2 人"])
    page.locator("#starters-toggle").click()
    expect(page.locator("#starters-list")).to_contain_text("屏幕分享 + 4 路摄像头")
    # Nothing of the starters is left in English on the page.
    assert english_runs(main_text(page)) == []

    # A tag shown in Chinese still filters by the stored tag.
    pip.get_by_role("button", name="显示标签为 2 人 的预设").click()
    expect(page.locator("#library-tag")).to_have_value("2 people")
    expect(page.locator("article.card h3")).to_have_text(["画中画", "左右分屏"], timeout=10_000)

    pip.locator("button[data-action=history]").click()
    expect(page.locator("li.revision").first).to_contain_text("起始预设")
    assert Preset.objects.get(starter_key="pip").name == "Picture in picture"


def test_the_launch_page_lists_the_starters_in_chinese(page, live_server):
    call_command("load_starter_presets", stdout=StringIO())
    in_chinese(page, live_server)
    page.goto("/tasks/launch")

    options = page.locator("#preset option")
    expect(options.filter(has_text="画中画")).to_have_count(1)
    expect(options.filter(has_text="Picture in picture")).to_have_count(0)
