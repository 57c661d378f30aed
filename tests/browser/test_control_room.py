"""The control room in Chromium against the emulator: launch, take, refuse, stop."""

from __future__ import annotations

import copy
import re

import pytest
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from layouts.models import Preset
from studio.control.models import MixTask, TaskEvent
from studio.control.services import launch, profiles
from tests.browser.conftest import snapshot
from tests.factories import make_user, seed_examples

pytestmark = pytest.mark.browser


def audio_only_task(user) -> MixTask:
    body = copy.deepcopy(seed_examples()[2])
    body.pop("SdkAppId")
    body["AgentParams"].pop("UserSig")
    return launch.start_task(app=profiles.emulator_app(), request=body, user=user)


def open_task(page, task_id: int) -> None:
    page.goto(f"/tasks/{task_id}/")
    page.wait_for_selector("#task-page[data-ready='true']")


def test_launch_a_starter_take_an_edit_and_stop(page, sandbox_profile):
    call_command("load_starter_presets", stdout=open("/dev/null", "w"))
    starter = Preset.objects.get(starter_key="side-by-side")

    page.goto(f"/tasks/launch?preset={starter.pk}")
    page.fill("#room-id", "1001")
    page.locator("#outputs input[data-key='url']").fill("rtmp://push.example.com/live/show")
    page.wait_for_function("() => !document.getElementById('launch').disabled")
    expect(page.locator("#check-state")).to_have_text("Ready to launch.")
    expect(page.locator("#costs")).to_contain_text("transcoding")
    page.locator("summary", has_text="Show the request as JSON").click()
    expect(page.locator("#request-json")).to_contain_text('"IsTencentCdn": 1')
    expect(page.locator("#request-json")).to_contain_text('"UserSig": "***"')
    snapshot(page, "control-launch")
    page.click("#launch")

    page.wait_for_url(re.compile(r"/tasks/\d+/$"))
    page.wait_for_selector("#task-page[data-ready='true']")
    task = MixTask.objects.get()
    assert task.status == "running"
    assert task.params["VideoParams"] == starter.document
    expect(page.locator("#task-status")).to_have_text("running")
    expect(page.locator("#events")).to_contain_text("StartPublishCdnStream")
    page.wait_for_function("() => document.getElementById('program-image').naturalWidth > 0")

    # Stage an edit: nothing is sent until Take.
    page.locator('.mx-el[data-id="slot:0"]').click()
    for _ in range(3):
        page.keyboard.press("Shift+ArrowRight")
    expect(page.locator("#take")).to_be_enabled()
    assert TaskEvent.objects.filter(action="UpdatePublishCdnStream").count() == 0
    page.click("#take")
    dialog = page.locator("#take-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#take-diff")).to_contain_text("LayoutParams.MixLayoutList[0].LocationX")
    expect(page.locator("#take-sequence")).to_contain_text("SequenceNumber 1")
    expect(page.locator("#take-body")).to_contain_text('"SequenceNumber": 1')
    snapshot(page, "control-take-diff")
    page.click("#take-confirm")
    expect(dialog).to_be_hidden()
    expect(page.locator("#task-sequence")).to_have_text("1")
    update_row = page.locator("#events tr", has_text="UpdatePublishCdnStream")
    expect(update_row.locator("td.sequence")).to_have_text("1")
    task.refresh_from_db()
    assert task.sequence_number == 1
    assert task.params["VideoParams"]["LayoutParams"]["MixLayoutList"][0]["LocationX"] == 30
    expect(page.locator("#take")).to_be_disabled()  # preview == program again
    page.wait_for_function(
        "() => document.getElementById('program-image').dataset.sequence === '1'"
    )
    snapshot(page, "control-taken")

    page.click("#stop")
    expect(page.locator("#stop-dialog")).to_be_visible()
    page.click("#stop-confirm")
    expect(page.locator("#task-status")).to_have_text("stopped")
    task.refresh_from_db()
    assert task.status == "stopped"
    expect(page.locator("#events")).to_contain_text("StopPublishCdnStream")
    snapshot(page, "control-stopped")


def test_adding_video_to_an_audio_only_task_is_refused_and_nothing_is_sent(page, producer):
    call_command("load_starter_presets", stdout=open("/dev/null", "w"))
    task = audio_only_task(producer)
    sent = TaskEvent.objects.filter(task=task).count()
    open_task(page, task.pk)
    expect(page.locator(".notice")).to_contain_text("audio only")
    page.locator("summary", has_text="Quick actions").click()
    page.select_option("#quick-preset", label="Side by side")
    page.click("#quick-preset-take")
    error = page.locator("#task-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("nothing went to the cloud")
    expect(error).to_contain_text("This task is audio only")
    expect(error).to_contain_text("(R23)")
    snapshot(page, "control-refused")
    assert TaskEvent.objects.filter(task=task).count() == sent
    task.refresh_from_db()
    assert task.sequence_number == 0
    assert "VideoParams" not in task.params


def test_the_tasks_page_lists_tasks_with_their_health(page, producer):
    task = audio_only_task(producer)
    page.goto("/tasks/")
    row = page.locator(f"#tasks tr[data-task-id='{task.pk}']")
    expect(row).to_contain_text("running")
    expect(row).to_contain_text("trtc_publishcdn_test1: no report yet")
    page.select_option("#status-filter", "stopped")
    expect(row).to_have_count(0)
    snapshot(page, "control-tasks")


def video_task(user) -> MixTask:
    body = copy.deepcopy(seed_examples()[0])
    body.pop("SdkAppId")
    body["AgentParams"].pop("UserSig")
    return launch.start_task(app=profiles.emulator_app(), request=body, user=user)


def test_the_control_room_is_a_switcher_and_ctrl_enter_takes(page, producer):
    task = video_task(producer)
    open_task(page, task.pk)
    program = page.locator(".monitor.program").bounding_box()
    preview = page.locator(".monitor.preview").bounding_box()
    take = page.locator("#take").bounding_box()
    # Side by side, each at least 40 % of 1440 px, Take between them, all above the fold.
    assert program["width"] >= 0.4 * 1440 and preview["width"] >= 0.4 * 1440
    assert program["x"] + program["width"] <= take["x"] < take["x"] + take["width"] <= preview["x"]
    assert abs(program["y"] - preview["y"]) < 2 and program["y"] + program["height"] < 900
    # Tally colours: red on air, green staged.
    red = page.locator(".monitor.program").evaluate("el => getComputedStyle(el).borderTopColor")
    green = page.locator(".monitor.preview").evaluate("el => getComputedStyle(el).borderTopColor")
    assert red == "rgb(224, 37, 43)" and green == "rgb(31, 163, 74)"
    expect(page.locator("#program-monitor #program-image")).to_have_count(1)
    expect(page.locator("#live-controls")).to_have_count(1)
    # The event log and the CDN health are in view without scrolling past the editor.
    for selector in ("#events-title", "#task-cdn"):
        assert page.locator(selector).bounding_box()["y"] < 900, selector

    page.locator('.mx-el[data-id="slot:1"]').click()
    page.keyboard.press("Shift+ArrowDown")
    changes = page.locator("#take-changes")
    # Said as the server says a difference: one sentence naming the slot.
    expect(changes.locator("li")).to_have_count(1)
    expect(changes).to_contain_text("Slot 2")
    snapshot(page, "control-switcher-staged")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#take-dialog")).to_be_visible()
    expect(page.locator("#take-confirm")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#take-dialog")).to_be_hidden()
    expect(page.locator("#task-sequence")).to_have_text("1")
    expect(changes.locator("li")).to_have_count(0)
    task.refresh_from_db()
    assert task.params["VideoParams"]["LayoutParams"]["MixLayoutList"][1]["LocationY"] == 10


def test_a_viewer_sees_the_program_and_the_log_but_no_control(page, producer, live_server):
    task = video_task(producer)
    viewer = Client()
    viewer.force_login(make_user("watcher", role="viewer"))
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": viewer.cookies["sessionid"].value, "url": live_server.url}]
    )
    open_task(page, task.pk)
    expect(page.locator("#program-image")).to_have_count(1)
    expect(page.locator("#events-title")).to_be_visible()
    for selector in ("#take", "#stop", "#reconcile", ".quick", "#live-controls", ".mx-canvas"):
        expect(page.locator(selector)).to_have_count(0)
    snapshot(page, "control-viewer")
