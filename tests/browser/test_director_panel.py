"""The auto-director on the task page, in Chromium: the rules of the launched show cut the
program when the teacher shares (a real `manage.py db_worker` plays the scenario, as
`make run` does), the cut shows in the event log with its rule; the producer pauses
automation with a click and the slate with its key; the rules are edited in the rules
panel and applied."""

from __future__ import annotations

import copy

import pytest
from playwright.sync_api import expect

from layouts.core.director_starters import starter
from layouts.core.scenario_starters import STARTERS
from studio.control.models import TaskDirector
from studio.control.services import profiles
from studio.control.services import room as room_service
from tests.browser.conftest import snapshot
from tests.studio.conftest import CALLBACK_KEY
from tests.studio.program_helpers import engine_worker, file_cache, small_document, start_request

pytestmark = pytest.mark.browser

SHARE_RULES = starter("screen-share-takes-over")["rules"]
LECTURE = next(s for s in STARTERS if s["name"] == "lecture-screen-share")["scenario"]


@pytest.fixture(autouse=True)
def _emulator(settings, tmp_path, monkeypatch):
    settings.MIX_SANDBOX_CALLBACK_KEY = CALLBACK_KEY
    settings.MIX_SANDBOX_CALLBACK_URL = ""
    settings.MIX_PROGRAM_SEGMENT_SECONDS = 1.0
    settings.MIX_PROGRAM_PARTS = 3
    monkeypatch.setenv("MIX_SANDBOX_CALLBACK_KEY", CALLBACK_KEY)
    file_cache(settings, tmp_path)


def lecture(factor: float) -> dict:
    return {
        "duration": LECTURE["duration"] * factor,
        "events": [{**e, "at": round(e["at"] * factor, 3)} for e in LECTURE["events"]],
    }


def test_the_director_cuts_and_the_producer_pauses_slates_and_edits_its_rules(
    page, producer, tmp_path
):
    body = start_request(VideoParams=small_document())
    for slot in body["VideoParams"]["LayoutParams"]["MixLayoutList"]:
        slot.pop("UserMediaStream", None)
    body["MixStudio"] = {"Rules": copy.deepcopy(SHARE_RULES)}
    task = room_service.start_rehearsed(
        app=profiles.emulator_app(), request=body, user=producer, scenario=lecture(0.2)
    )
    panel = page.locator("#director-panel")
    with engine_worker(tmp_path):
        page.goto(f"/tasks/{task.pk}/")
        page.wait_for_selector("#task-page[data-ready='true']")
        expect(panel.locator("#director-status")).to_contain_text("Automation is on")
        expect(panel.locator(".director-rules li")).to_have_count(len(SHARE_RULES))

        # The teacher shares at 6 s: the rule cuts 1 s later, and the log says which.
        expect(page.locator("#events")).to_contain_text(
            "Rule share-takes-over cut to the screen share, big", timeout=30_000
        )
        expect(panel.locator(".director-on-air")).to_contain_text(
            "the screen share, big", timeout=10_000
        )

        page.click("#director-pause")
        expect(panel.locator("#director-status")).to_contain_text("Automation is paused")
        assert TaskDirector.objects.get(task=task).paused

        page.locator("body").click(position={"x": 5, "y": 5})  # the keys are the page's
        page.keyboard.press("Shift+S")
        expect(panel.locator("#director-status")).to_contain_text("The slate is on air")
        expect(page.locator("#events")).to_contain_text("Slate on air")
        page.keyboard.press("Shift+S")
        expect(panel.locator("#director-status")).to_contain_text("Automation is paused")
        expect(page.locator("#events")).to_contain_text("Slate released")

        panel.locator(".director-edit > summary").click()
        cards = panel.locator(".mx-rules-list > li")
        expect(cards).to_have_count(len(SHARE_RULES))
        cards.nth(1).get_by_role("button", name="Delete next-share-takes-over").click()
        expect(cards).to_have_count(len(SHARE_RULES) - 1)
        page.click("#director-apply")
        expect(panel.locator(".director-rules li")).to_have_count(len(SHARE_RULES) - 1)
        snapshot(page, "director-panel")

    kept = TaskDirector.objects.get(task=task).rules
    assert [rule["name"] for rule in kept] == ["share-takes-over", "back-after-share"]
