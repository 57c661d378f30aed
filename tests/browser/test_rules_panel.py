"""The auto-director's rules panel in Chromium: a rule built from a starter set, played
over the lecture scenario by the dry run on the timeline, a take's moment shown over the
canvas; the rules saved with the preset's show, and a bad one named beside its field."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from layouts.core.director_starters import starter as rule_starter
from layouts.core.scenario_starters import starter as scenario_starter
from layouts.models import Preset
from tests.browser.conftest import snapshot
from tests.browser.test_accessibility import unlabelled
from tests.browser.test_editor import open_editor, wait_status

pytestmark = pytest.mark.browser

LECTURE = scenario_starter("lecture-screen-share")["scenario"]
SHARE_STARTS = next(
    event["at"] for event in LECTURE["events"] if event["type"] == "screen" and event["on"]
)
SHARE_RULE = rule_starter("screen-share-takes-over")["rules"][0]
SENSITIVITY = SHARE_RULE["timing"]["sensitivity"]


@pytest.fixture
def starter_preset(db):
    """A starter preset of the library (a custom layout of two pictures)."""
    call_command("load_starter_presets", stdout=io.StringIO())
    return Preset.objects.get(starter_key="side-by-side")


def open_with_lecture(page, preset) -> None:
    """The editor on `preset`, with the lecture scenario on the strip and the rules open."""
    open_editor(page, f"/presets/{preset.pk}/edit")
    page.locator("#mx-tab-scenario").click()
    page.wait_for_selector(".mx-tl-starter[data-ready='true']")
    page.select_option(".mx-tl-starter", "lecture-screen-share")
    page.locator("#mx-rules-toggle").click()
    page.wait_for_selector(".mx-rules-starter[data-ready='true']")


def add_share_rule(page) -> None:
    page.select_option(".mx-rules-starter", f"screen-share-takes-over/{SHARE_RULE['name']}")
    page.wait_for_selector(".mx-rule")


def clock_seconds(page) -> float:
    minutes, seconds = page.locator(".mx-tl-clock").inner_text().split(" / ")[0].split(":")
    return int(minutes) * 60 + float(seconds)


def test_a_dry_run_marks_the_share_rule_and_a_take_shows_its_moment(page, starter_preset):
    open_with_lecture(page, starter_preset)
    assert page.locator(".mx-tl-dryrun").is_enabled() is False  # no rule yet
    add_share_rule(page)
    card = page.locator(".mx-rule")
    assert card.locator("[data-field='name']").input_value() == SHARE_RULE["name"]
    assert card.locator("[data-field='trigger.on']").input_value() == "screen-start"
    assert card.locator("[data-field='action.do']").input_value() == "sharer-big"
    assert card.locator("[data-field='timing.hold']").input_value() == "3"
    assert unlabelled(page) == []

    page.locator(".mx-tl-dryrun").click()
    take = page.locator(".mx-tl-take")
    take.first.wait_for()
    # One cut: when the share has lasted the rule's sensitivity.
    assert take.count() == 1
    at = float(take.get_attribute("data-at"))
    assert SHARE_STARTS <= at <= SHARE_STARTS + SENSITIVITY + 0.5
    assert take.get_attribute("data-rule") == SHARE_RULE["name"]
    assert SHARE_RULE["name"] in take.get_attribute("title")
    # Its thumbnail is the take's picture, drawn by the server.
    page.wait_for_selector(".mx-tl-take img.mx-tl-take-thumb")
    assert page.locator(".mx-tl-take img").evaluate("img => img.naturalWidth") > 0

    take.click()
    moment = page.locator(".mx-moment")
    moment.wait_for(state="visible")
    assert clock_seconds(page) == pytest.approx(at, abs=0.05)
    assert take.get_attribute("aria-pressed") == "true"
    assert SHARE_RULE["name"] in moment.locator(".mx-moment-title").inner_text()
    # The take's regions: the teacher's screen share (StreamType 1) is the largest.
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('.mx-moment-box')].map(box => ({
             user: box.dataset.user, stream: box.dataset.streamType,
             area: box.offsetWidth * box.offsetHeight}))"""
    )
    largest = max(boxes, key=lambda box: box["area"])
    assert (largest["user"], largest["stream"]) == ("teacher", "1")
    page.wait_for_function(
        "() => document.querySelector('.mx-moment-picture').complete"
        " && document.querySelector('.mx-moment-picture').naturalWidth > 0"
    )
    snapshot(page, "rules-dry-run-moment")

    # Before the cut, the moment is the show's own picture: no screen share in it.
    page.locator(".mx-tl-axis").focus()
    page.keyboard.press("Home")
    page.wait_for_function("() => document.querySelector('.mx-moment').dataset.take === 'start'")
    assert page.locator(".mx-moment-box[data-stream-type='1']").count() == 0

    page.get_by_role("button", name="Back to editing").click()
    moment.wait_for(state="hidden")
    assert page.locator(".mx-viewport").is_visible()


def test_the_rules_are_saved_with_the_show_and_a_bad_one_is_named_beside_its_field(
    page, starter_preset
):
    open_with_lecture(page, starter_preset)
    add_share_rule(page)
    page.get_by_role("button", name="Save").click()
    wait_status(page, "version 2")
    kept = Preset.objects.get(pk=starter_preset.pk).request["MixStudio"]
    assert kept["Rules"] == [SHARE_RULE]
    assert kept["Scenario"] == LECTURE

    hold = page.locator(".mx-rule [data-field='timing.hold']")
    hold.fill("-1")
    hold.press("Tab")
    page.get_by_role("button", name="Save").click()
    problem = page.locator(".mx-rule .mx-invalid .mx-rule-field-problem")
    problem.wait_for()
    assert "hold" in problem.inner_text()
    assert hold.get_attribute("aria-invalid") == "true"
    assert Preset.objects.get(pk=starter_preset.pk).version == 2

    # Fixed, it saves; the problem goes with the edit.
    hold.fill("2")
    hold.press("Tab")
    assert page.locator(".mx-rule-field-problem").count() == 0
    page.get_by_role("button", name="Save").click()
    wait_status(page, "version 3")
    saved = Preset.objects.get(pk=starter_preset.pk).request["MixStudio"]["Rules"]
    assert saved[0]["timing"]["hold"] == 2


def test_rules_move_and_are_deleted_in_priority_order(page, starter_preset):
    open_with_lecture(page, starter_preset)
    page.select_option(".mx-rules-starter", "screen-share-takes-over/*")
    names = lambda: page.locator(".mx-rule [data-field='name']").evaluate_all(  # noqa: E731
        "inputs => inputs.map(input => input.value)"
    )
    page.wait_for_function("() => document.querySelectorAll('.mx-rule').length === 3")
    assert names() == [rule["name"] for rule in rule_starter("screen-share-takes-over")["rules"]]
    first = names()[0]
    page.get_by_role("button", name=f"Move {first} down").click()
    page.wait_for_function(
        "name => document.querySelectorAll('.mx-rule [data-field=name]')[1].value === name",
        arg=first,
    )
    page.get_by_role("button", name=f"Delete {first}").click()
    page.wait_for_function("() => document.querySelectorAll('.mx-rule').length === 2")
    assert first not in names()
    page.get_by_role("button", name="New rule").click()
    page.wait_for_function("() => document.querySelectorAll('.mx-rule').length === 3")
    assert names()[-1] == "rule"
