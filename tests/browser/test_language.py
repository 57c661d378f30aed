"""The language switch in Chromium: Chinese chosen in the header, kept, and switched back."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import Page, expect

from layouts import services
from tests.browser.conftest import ARTIFACTS
from tests.factories import document
from tests.test_i18n import live_task
from tests.visible_text import english_runs

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _compiled_catalogues():
    call_command("compilemessages", ignore_patterns=[".venv", "var", "node_modules"], verbosity=0)


def open_library(page: Page) -> None:
    page.goto("/presets/")
    expect(page.locator("#library-grid")).to_have_attribute("aria-busy", "false")


def main_text(page: Page) -> str:
    """The main part's text and labels; the header holds the user name, which is data,
    and <pre>/<code> hold JSON and field paths."""
    return page.evaluate(
        """() => {
          const main = document.querySelector("main").cloneNode(true);
          main.querySelectorAll("pre, code, script, style, noscript").forEach((el) => el.remove());
          const names = ["title", "placeholder", "aria-label"];
          const labels = [...main.querySelectorAll("[title], [placeholder], [aria-label]")].map(
            (el) => names.map((name) => el.getAttribute(name) || "").join(" "));
          return [main.textContent, ...labels].join(" ").replace(/\\s+/g, " ");
        }"""
    )


def switch_to(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.locator(".language-switch").get_by_role("button", name=name).click()


def test_switch_to_chinese_is_kept_across_reloads_and_browsers_then_back(
    page, browser, live_server, producer
):
    services.create_preset(name="晚间新闻", document=document(), user=None, tags=["新闻"])
    open_library(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Presets")

    switch_to(page, "简体中文")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", level=1)).to_have_text("预设")
    expect(page.locator("#library-results")).to_have_text("1 个预设")
    expect(page.get_by_role("link", name="编辑 晚间新闻")).to_be_visible()
    assert english_runs(main_text(page)) == []
    page.screenshot(path=str(ARTIFACTS / "library-zh-hans.png"))

    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("预设")
    expect(page.locator("#library-results")).to_have_text("1 个预设")

    # Another browser of the same user, asking for English: the choice went with the user.
    client = Client()
    client.force_login(producer)
    other = browser.new_context(
        viewport={"width": 1440, "height": 900}, base_url=live_server.url, locale="en-US"
    )
    other.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    elsewhere = other.new_page()
    elsewhere.goto("/tasks/")
    expect(elsewhere.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(elsewhere.get_by_role("heading", level=1)).to_have_text("任务")
    other.close()

    switch_to(page, "English")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Presets")
    expect(page.locator("#library-results")).to_have_text("1 preset")


def open_in_chinese(page: Page, path: str) -> None:
    open_library(page)
    switch_to(page, "简体中文")
    page.goto(path)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("path", ["/presets/new", "/tasks/", "/tasks/launch"])
def test_pages_drawn_by_their_scripts_read_in_chinese(page, path):
    open_in_chinese(page, path)
    assert english_runs(main_text(page)) == []


def test_a_live_task_page_drawn_by_its_script_reads_in_chinese(page, producer):
    # The event log shows who acted: a Chinese name, since names are data.
    producer.username = "导播员"
    producer.save()
    task = live_task(producer)
    open_library(page)
    switch_to(page, "简体中文")
    page.goto(f"/tasks/{task.pk}/")
    page.wait_for_selector("#task-page[data-ready='true']")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(ARTIFACTS / "control-room-zh-hans.png"))
    assert english_runs(main_text(page)) == []


# A file input draws its own button in the browser's language ("Choose File"), which no
# catalogue reaches: each page hides it and shows its translated label as the button.
FILE_INPUTS_HIDDEN = """() => [...document.querySelectorAll("input[type=file]")].map((input) => {
  const box = input.getBoundingClientRect();
  const label = document.querySelector(`label[for="${input.id}"]`);
  return {
    id: input.id,
    drawn: box.width > 1 || box.height > 1,
    label: label ? label.textContent.trim() : null,
  };
})"""


@pytest.mark.parametrize("path", ["/presets/", "/assets/", "/presets/new"])
def test_no_file_input_shows_the_browsers_own_words(page, path):
    open_in_chinese(page, path)
    if path == "/presets/new":
        page.evaluate("document.getElementById('mx-asset-dialog').showModal()")
    inputs = page.evaluate(FILE_INPUTS_HIDDEN)
    assert inputs, "the page has a file input"
    for found in inputs:
        assert not found["drawn"], found
        assert found["label"] and english_runs(found["label"]) == [], found
