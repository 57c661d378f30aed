"""Every control of the editor, library, launch and task pages has a label."""

from __future__ import annotations

import copy

import pytest
from django.core.management import call_command

from layouts.models import Preset
from studio.control.services import launch, profiles
from tests.factories import seed_examples

pytestmark = pytest.mark.browser

UNLABELLED = """
() => [...document.querySelectorAll('input, select, textarea, button')]
  .filter((el) => el.type !== 'hidden' && el.offsetParent !== null)
  .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
    && !el.getAttribute('aria-labelledby') && !(el.tagName === 'BUTTON' && el.textContent.trim()))
  .map((el) => el.outerHTML.slice(0, 120))
"""


def unlabelled(page) -> list[str]:
    return page.evaluate(UNLABELLED)


def test_every_visible_control_has_a_label(page, producer):
    call_command("load_starter_presets", stdout=open("/dev/null", "w"))
    preset = Preset.objects.get(starter_key="news")
    body = copy.deepcopy(seed_examples()[0])
    body.pop("SdkAppId")
    body["AgentParams"].pop("UserSig")
    task = launch.start_task(app=profiles.emulator_app(), request=body, user=producer)

    page.goto(f"/presets/{preset.pk}/edit")
    page.wait_for_selector("body[data-editor-ready='true']")
    page.locator('.mx-el[data-id="slot:0"]').click()
    assert unlabelled(page) == []
    page.locator('.mx-el[data-id="wm:0"]').click()
    assert unlabelled(page) == []

    page.goto("/presets/")
    page.wait_for_selector(".card")
    assert unlabelled(page) == []

    page.goto("/tasks/launch")
    page.wait_for_function("() => document.getElementById('app').options.length > 0")
    assert unlabelled(page) == []

    page.goto(f"/tasks/{task.pk}/")
    page.wait_for_selector("#task-page[data-ready='true']")
    page.locator("summary", has_text="Quick actions").click()
    assert unlabelled(page) == []


def test_the_side_panel_is_reachable_by_keyboard(page):
    call_command("load_starter_presets", stdout=open("/dev/null", "w"))
    preset = Preset.objects.get(starter_key="side-by-side")
    page.goto(f"/presets/{preset.pk}/edit")
    page.wait_for_selector("body[data-editor-ready='true']")
    width = page.locator('[data-path="VideoEncode.Width"]')
    width.focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("1280")
    page.keyboard.press("Tab")  # leaving the field commits it
    page.wait_for_function(
        "() => document.querySelector('.mx-json').textContent.includes('\"Width\": 1280')"
    )
    focused = page.evaluate("() => document.activeElement.tagName")
    assert focused in {"INPUT", "SELECT", "BUTTON", "TEXTAREA"}
