"""What the pages say is true, in Chromium against the live server.

- CDN health is words, never a status code;
- the event log shows each event once, however its refreshes cross (Reconcile);
- a viewer gets no control they cannot use: library, editor (read only), task page;
- the bitrate rule of thumb warns in the editor, where the bitrate is typed;
- Verify looks like the enabled button it is.
"""

from __future__ import annotations

import copy
import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from layouts import services
from studio.control.models import MixTask
from studio.control.services import launch, profiles, reconcile
from tests.browser.conftest import PASSWORD, snapshot
from tests.factories import document, make_user, seed_examples

pytestmark = pytest.mark.browser


def running_task(user) -> MixTask:
    body = copy.deepcopy(seed_examples()[0])
    body.pop("SdkAppId")
    body["AgentParams"].pop("UserSig")
    return launch.start_task(app=profiles.emulator_app(), request=body, user=user)


def open_task(page, task_id: int) -> None:
    page.goto(f"/tasks/{task_id}/")
    page.wait_for_selector("#task-page[data-ready='true']")


def page_as(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=live_server.url)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


# ---- CDN health in words ------------------------------------------------------------------


def test_cdn_health_reads_as_words_for_every_state(page, producer):
    task = running_task(producer)
    first, second = (target["PublishCdnUrl"] for target in task.params["PublishCdnParams"])
    MixTask.objects.filter(pk=task.pk).update(
        cdn_status={second: {"status": 3, "name": "recovering", "event_ms": 1}}
    )
    open_task(page, task.pk)
    health = page.locator("#task-cdn li")
    address = first.split("?")[0]  # never its keys
    expect(health.nth(0)).to_have_text(
        f"{address.split('/')[-1]}: No report yet: relay callbacks arrive from the real cloud"
    )
    expect(health.nth(0)).to_have_attribute("title", address)
    expect(health.nth(1)).to_contain_text(
        "Reconnecting: the push broke and the relay is trying again"
    )

    # A state the reference does not name (a newer cloud's) is said to be one.
    MixTask.objects.filter(pk=task.pk).update(
        cdn_status={second: {"status": 9, "name": "9", "event_ms": 2}}
    )
    expect(health.nth(1)).to_contain_text(
        "State 9: one the API reference does not name", timeout=15_000
    )
    text = page.locator("#task-cdn").inner_text()
    assert "no-report" not in text and "recovering" not in text

    # The task list's short words carry the sentence in their tooltip.
    page.goto("/tasks/")
    item = page.locator("#tasks .cdn-health li").first
    expect(item).to_have_attribute(
        "title", f"{address}: No report yet: relay callbacks arrive from the real cloud"
    )


# ---- the event log after Reconcile ---------------------------------------------------------

# Every answer of the event log is held back 3.5 s, longer than the task's poll (3 s), so
# a refresh always starts while another is still out: the crossing that showed the rows of
# a Reconcile twice.
SLOW_EVENTS = """
(() => {
  const realFetch = window.fetch.bind(window);
  window.__eventAnswers = 0;
  window.fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (!url.includes("/events/")) return realFetch(input, init);
    const answer = await realFetch(input, init);
    await new Promise((resolve) => setTimeout(resolve, 3500));
    window.__eventAnswers += 1;
    return answer;
  };
})();
"""

EVENT_IDS = "() => [...document.querySelectorAll('#events tr')].map((row) => row.dataset.eventId)"


def rows_named(page, action: str) -> int:
    return page.locator("#events tr td.action", has_text=action).count()


def after_two_more_answers(page) -> None:
    seen = page.evaluate("() => window.__eventAnswers")
    page.wait_for_function(f"() => window.__eventAnswers >= {seen + 2}", timeout=30_000)


def test_the_event_log_shows_each_event_once_after_reconcile(page, producer):
    task = running_task(producer)
    page.add_init_script(SLOW_EVENTS)
    open_task(page, task.pk)

    page.click("#reconcile")
    expect(page.locator("#reconcile-findings li")).to_have_count(1)
    expect(page.locator("#events tr td.action", has_text="Reconcile")).to_have_count(1)
    after_two_more_answers(page)
    ids = page.evaluate(EVENT_IDS)
    assert len(ids) == len(set(ids)), ids
    assert rows_named(page, "Reconcile") == 1
    assert rows_named(page, "UpdatePublishCdnStream") == 1

    # A Reconcile from elsewhere (the API, another producer) reaches the log by the polls.
    reconcile.reconcile_task(task.pk, user=producer)
    expect(page.locator("#events tr td.action", has_text="Reconcile")).to_have_count(
        2, timeout=20_000
    )
    after_two_more_answers(page)
    ids = page.evaluate(EVENT_IDS)
    assert len(ids) == len(set(ids)), ids
    assert rows_named(page, "UpdatePublishCdnStream") == 2


# ---- a viewer sees only what they may use ---------------------------------------------------


@pytest.fixture
def viewer(db):
    return make_user("viewer", role="viewer", password=PASSWORD)


def test_a_viewer_gets_no_control_they_cannot_use(browser, live_server, producer, viewer):
    saved = services.create_preset(name="Talk show", document=document(), user=producer)
    services.update_preset(
        saved.preset.pk,
        expected_version=saved.preset.version,
        changes={"document": document(slots=3)},
        user=producer,
    )
    task = running_task(producer)
    context, page = page_as(browser, live_server, viewer)
    try:
        # The library: cards to look at, export and read the history of; nothing to change.
        page.goto("/presets/")
        card = page.locator(".card").first
        expect(card).to_be_visible()
        for gone in ("New blank", "New from a starter", "Import a JSON file"):
            expect(page.get_by_text(gone, exact=True)).to_have_count(0)
        expect(page.locator("#library-import")).to_have_count(0)
        actions = card.locator(".card-actions").evaluate(
            "(el) => [...el.querySelectorAll('a, button')].map((c) => c.textContent.trim())"
        )
        assert actions == ["Look", "Export", "History"], actions
        card.locator(".card-actions button", has_text="History").click()
        expect(page.locator("#history-list li").first).to_be_visible()
        expect(page.locator("#history-list [data-action=restore]")).to_have_count(0)
        snapshot(page, "viewer-library")
        page.keyboard.press("Escape")

        # The editor opens read only: no Save, no tool that changes the show.
        page.goto(f"/presets/{saved.preset.pk}/edit")
        page.wait_for_selector("body[data-editor-ready='true']")
        assert "{#" not in page.locator("main").inner_text()  # no template comment shows
        expect(page.locator("#mx-save")).to_have_count(0)
        expect(page.get_by_text("Drag a grip to change the order", exact=False)).to_be_hidden()
        expect(page.locator("#mx-read-only")).to_be_visible()
        expect(page.locator("#mx-name")).to_have_attribute("readonly", "")
        for action in ("add-slot", "undo", "duplicate", "delete", "lock"):
            expect(page.locator(f"#mx-toolbar [data-action='{action}']")).to_have_count(0)
        expect(page.locator("#mx-toolbar [data-action='zoom-in']")).to_be_visible()
        page.locator('.mx-el[data-id="slot:0"]').click()
        x = page.locator('[data-path="LayoutParams.MixLayoutList[0].LocationX"]')
        expect(x).to_be_visible()
        expect(x).to_be_disabled()
        page.keyboard.press("Delete")
        page.keyboard.press("Control+d")
        expect(page.locator('.mx-el[data-id^="slot:"]')).to_have_count(3)
        assert page.evaluate("() => document.body.dataset.dirty") == "false"
        visible_buttons = page.evaluate(
            """() => [...document.querySelectorAll('main button')]
                 .filter((b) => b.offsetParent !== null).map((b) => b.textContent.trim())"""
        )
        assert not {"Save", "Delete", "Duplicate", "Load this JSON"} & set(visible_buttons)
        # The scenario strip plays and dry-runs for a viewer; it edits nothing.
        page.get_by_role("tab", name="Scenario timeline").click()
        strip = page.locator("#mx-timeline")
        expect(strip.locator(".mx-tl-play")).to_be_visible()
        expect(strip.locator(".mx-tl-starter")).to_be_hidden()
        expect(strip.locator(".mx-tl-editor")).to_be_hidden()
        expect(strip.locator(".mx-tl-duration")).to_be_disabled()
        snapshot(page, "viewer-editor")

        # No new preset either.
        assert page.goto("/presets/new").status == 403

        # The task page: look, listen, read the log; nothing to act with.
        open_task(page, task.pk)
        expect(page.locator("#room-panel li.room-person").first).to_be_visible()
        for selector in (
            "#take",
            "#stop",
            "#reconcile",
            ".quick",
            "#live-controls",
            "#verify",
            "#room-add",
            ".room-scenario-tools",
            "#room-panel button",
        ):
            expect(page.locator(selector)).to_have_count(0)
        assert "null" not in page.locator("#room-panel").inner_text()
        buttons = page.evaluate(
            """() => [...document.querySelectorAll('main button')]
                 .filter((b) => b.offsetParent !== null).map((b) => b.textContent.trim())"""
        )
        assert buttons == [], buttons
    finally:
        context.close()


# ---- the bitrate rule of thumb in the editor ------------------------------------------------


def test_the_editor_warns_of_a_starved_bitrate_where_it_is_typed(page, producer):
    doc = document(1920, 1080)
    doc["VideoEncode"]["Fps"] = 60
    saved = services.create_preset(name="Full HD", document=doc, user=producer)
    page.goto(f"/presets/{saved.preset.pk}/edit")
    page.wait_for_selector("body[data-editor-ready='true']")
    assert "{#" not in page.locator("main").inner_text()  # no template comment shows
    page.locator(".mx-canvas").click(position={"x": 5, "y": 5})  # nothing selected: the layout
    bitrate = page.locator('[data-path="VideoEncode.BitRate"]')
    bitrate.fill("50")
    bitrate.press("Tab")
    problem = page.locator('#mx-problems [data-problem-path="VideoEncode.BitRate"]')
    expect(problem).to_contain_text("50 kbps is very little for 1920x1080 at 60 fps")
    expect(problem).to_contain_text("bitrate-heuristic")
    expect(page.locator(".mx-field", has=bitrate)).to_have_class(re.compile(r"\bmx-warned\b"))

    bitrate.fill("6000")
    bitrate.press("Tab")
    expect(problem).to_have_count(0)


# ---- Verify looks enabled --------------------------------------------------------------------

CONTRAST = """(el) => {
  const rgb = (text) => text.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (text) => {
    const [r, g, b] = rgb(text).map((v) => v / 255).map(
      (v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const style = getComputedStyle(el);
  const [a, b] = [lum(style.color), lum(style.backgroundColor)].sort((x, y) => y - x);
  return { ratio: (a + 0.05) / (b + 0.05), opacity: Number(style.opacity), disabled: el.disabled };
}"""


def test_the_verify_button_looks_enabled_when_it_is(page, producer):
    task = running_task(producer)
    open_task(page, task.pk)
    verify = page.locator("#verify")
    expect(verify).to_be_enabled()
    look = verify.evaluate(CONTRAST)
    assert look["opacity"] == 1
    assert look["ratio"] >= 4.5, look  # readable text, as every enabled button of the page
    reconcile_look = page.locator("#reconcile").evaluate(CONTRAST)
    assert reconcile_look["ratio"] >= 4.5
