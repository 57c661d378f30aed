"""The room panel in Chromium: who is in an emulator task's room, simulated from the panel.

A scenario plays in the task's room (a real `manage.py db_worker` runs its jobs
and draws the program, as `make run` does); a producer adds a late guest from
the panel, who shows in the room, in the event log as a room event, and in the
program (the monitor's SEI overlay lists them). Screenshots of the page at
1280x720 and 1440x900, in English and Chinese, go to /tmp/shots/.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from layouts.core.scenario_starters import STARTERS
from studio.control.services import profiles
from studio.control.services import room as room_service
from tests.browser.conftest import snapshot
from tests.factories import document
from tests.studio.conftest import CALLBACK_KEY
from tests.studio.program_helpers import engine_worker, file_cache, start_request

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots")
TALK_SHOW = next(s for s in STARTERS if s["name"] == "talk-show-late-guest")["scenario"]
# What sticks out past the window's right edge, to say why a page scrolls sideways.
WIDEST = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = (el) => {
    for (let up = el.parentElement; up; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  return [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > width + 1 && !clipped(el))
    .slice(0, 8)
    .map((el) => `${el.tagName}#${el.id}.${el.className}`);
}"""
NO_HORIZONTAL_SCROLL = (
    "() => document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth"
)


@pytest.fixture(autouse=True)
def _emulator(settings, tmp_path, monkeypatch):
    settings.MIX_SANDBOX_CALLBACK_KEY = CALLBACK_KEY
    settings.MIX_SANDBOX_CALLBACK_URL = ""
    settings.MIX_PROGRAM_SEGMENT_SECONDS = 1.0
    settings.MIX_PROGRAM_PARTS = 3
    monkeypatch.setenv("MIX_SANDBOX_CALLBACK_KEY", CALLBACK_KEY)  # the worker's emulator
    file_cache(settings, tmp_path)


def grid_document() -> dict:
    """Everyone with a camera on gets a tile: a late guest shows as soon as they are in."""
    doc = document(320, 180)
    doc["VideoEncode"].update(Fps=10, BitRate=400, Gop=1)
    doc["LayoutParams"] = {"MixLayoutMode": 3}
    return doc


def talk_show(factor: float) -> dict:
    return {
        "duration": TALK_SHOW["duration"] * factor,
        "events": [{**e, "at": round(e["at"] * factor, 3)} for e in TALK_SHOW["events"]],
    }


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1280, 720), (1440, 900)):
        page.set_viewport_size({"width": width, "height": height})
        page.locator("#room-panel").scroll_into_view_if_needed()
        assert page.evaluate(NO_HORIZONTAL_SCROLL), (width, height, page.evaluate(WIDEST))
        page.screenshot(path=str(SHOTS / f"task-room-{name}-{width}x{height}.png"))


def test_a_late_guest_added_from_the_room_panel_is_in_the_room_the_log_and_the_program(
    page, producer, tmp_path
):
    task = room_service.start_rehearsed(
        app=profiles.emulator_app(),
        request=start_request(VideoParams=grid_document()),
        user=producer,
        scenario=talk_show(0.2),  # the guest of the show at 4 s, then speaking
    )
    with engine_worker(tmp_path):
        page.goto(f"/tasks/{task.pk}/")
        page.wait_for_selector("#task-page[data-ready='true']")
        panel = page.locator("#room-panel")
        expect(panel.locator("li[data-user='host']")).to_be_visible(timeout=15_000)
        expect(panel.locator("li[data-user='guest']")).to_be_visible(timeout=15_000)
        expect(panel.locator("#room-scenario")).to_be_visible()

        page.fill("#room-add-user", "late_guest")
        page.click("#room-add")
        late = panel.locator("li[data-user='late_guest']")
        expect(late).to_be_visible(timeout=10_000)
        expect(late.locator(".room-media[data-media='camera']")).to_have_attribute(
            "aria-pressed", "true"
        )
        expect(page.locator("#events")).to_contain_text("late_guest entered the room")
        late.locator("[data-action='speak']").click()
        expect(late).to_have_class("room-person speaking", timeout=10_000)

        page.check("#sei-toggle")
        page.wait_for_function(
            "() => (document.getElementById('program-overlay').dataset.regions || '')"
            ".includes('late_guest')",
            timeout=30_000,
        )
        regions = json.loads(page.locator("#program-overlay").get_attribute("data-regions"))
        assert "late_guest" in [region["uid"] for region in regions]
        snapshot(page, "room-panel")
        shoot(page, "en")

        page.set_viewport_size({"width": 1440, "height": 900})
        with page.expect_navigation():
            page.locator(".language-switch").get_by_role("button", name="简体中文").click()
        page.wait_for_selector("#task-page[data-ready='true']")
        expect(panel.locator("li[data-user='late_guest']")).to_be_visible(timeout=10_000)
        shoot(page, "zh-hans")
