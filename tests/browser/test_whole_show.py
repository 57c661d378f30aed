"""A whole show in Chromium against the emulator: a production body pasted into the
launch page and launched; on the live task, a guest muted, a CDN added, turned off
and on again, SEI changed, each seen in the event log with its SequenceNumber."""

from __future__ import annotations

import copy
import json
import re

import pytest
from playwright.sync_api import expect

from studio.cloud.emulator.models import SandboxTask
from studio.control.models import MixTask, TaskEvent
from studio.control.services import launch, profiles
from tests.browser.conftest import snapshot
from tests.factories import document, seed_examples

pytestmark = pytest.mark.browser


def test_paste_a_production_body_into_the_launch_page_and_launch(page, sandbox_profile):
    production = seed_examples()[0]  # signed for app 1400188366, not for the emulator's
    page.goto("/tasks/launch")
    page.locator("summary", has_text="Paste a request body").click()
    page.fill("#paste-body", json.dumps(production, indent=2))
    page.click("#paste-use")
    expect(page.locator("#source-note")).to_contain_text("pasted body")
    expect(page.locator("#room-id")).to_have_value("195044")
    expect(page.locator("#outputs input[data-key='url']")).to_have_count(2)

    # R11, read before sending: this UserSig belongs to another app.
    problems = page.locator("#problems")
    expect(problems).to_contain_text("AgentParams.UserSig")
    expect(problems).to_contain_text("SdkAppId 1400188366")
    expect(page.locator("#launch")).to_be_disabled()
    snapshot(page, "whole-show-paste-r11")

    page.fill("input[name='robotUserSig']", "")  # generated: the emulator's app holds its key
    page.wait_for_function("() => !document.getElementById('launch').disabled")
    page.locator("summary", has_text="Show the request as JSON").click()
    shown = json.loads(page.locator("#request-json").text_content())
    assert shown["SdkAppId"] == sandbox_profile.sdk_app_id
    for key in ("AudioParams", "VideoParams", "PublishCdnParams", "RoomId", "WithTranscoding"):
        assert shown[key] == production[key], key
    snapshot(page, "whole-show-paste-ready")
    page.click("#launch")

    page.wait_for_url(re.compile(r"/tasks/\d+/$"))
    page.wait_for_selector("#task-page[data-ready='true']")
    task = MixTask.objects.get()
    assert task.status == "running"
    held = SandboxTask.objects.get(task_id=task.task_id).params
    for key in ("AudioParams", "VideoParams", "PublishCdnParams"):
        assert held[key] == production[key], key


def live_task(user) -> MixTask:
    body = {
        "RoomId": "8888",
        "RoomIdType": 1,
        "AgentParams": {},
        "WithTranscoding": 1,
        "AudioParams": {
            "AudioEncode": {"SampleRate": 48000, "Channel": 2, "BitRate": 64},
            "SubscribeAudioList": [
                {"UserInfo": {"UserId": "host", "RoomId": "8888", "RoomIdType": 1}},
                {"UserInfo": {"UserId": "guest_1", "RoomId": "8888", "RoomIdType": 1}},
            ],
        },
        "VideoParams": document(),
        "PublishCdnParams": [{"PublishCdnUrl": "rtmp://push.example.com/live/main"}],
        "SeiParams": {"LayoutVolume": {"AppData": "show-1"}},
    }
    return launch.start_task(app=profiles.emulator_app(), request=copy.deepcopy(body), user=user)


def update_row(page, number: int):
    return page.locator("#events tr", has_text="UpdatePublishCdnStream").filter(
        has=page.locator("td.sequence", has_text=re.compile(rf"^{number}$"))
    )


def test_live_controls_mute_add_a_cdn_turn_it_off_and_on_and_change_sei(page, producer):
    task = live_task(producer)
    page.goto(f"/tasks/{task.pk}/")
    page.wait_for_selector("#live-controls[data-ready='true']")
    controls = page.locator("#live-controls")

    # 1. Mute a guest.
    page.fill("#live-audio-user", "guest_1")
    page.click("#live-mute")
    expect(page.locator("#live-status")).to_contain_text("SequenceNumber 1")
    expect(controls.locator("#live-blacklist")).to_contain_text("guest_1")
    expect(update_row(page, 1)).to_have_count(1, timeout=8000)

    # 2. Add a CDN.
    page.fill("#live-cdn-url", "rtmp://push.example.com/live/backup")
    page.click("#live-cdn-add")
    expect(page.locator("#live-status")).to_contain_text("SequenceNumber 2")
    backup = controls.locator("#live-outputs li[data-url='rtmp://push.example.com/live/backup']")
    expect(backup).to_be_visible()
    expect(update_row(page, 2)).to_have_count(1, timeout=8000)

    # 3. Turn it off: kept, not sent.
    backup.get_by_role("button", name="Turn off").click()
    expect(page.locator("#live-status")).to_contain_text("SequenceNumber 3")
    expect(backup).to_contain_text("off: kept, not sent")
    expect(update_row(page, 3)).to_have_count(1, timeout=8000)
    task.refresh_from_db()
    assert [t["PublishCdnUrl"] for t in task.params["PublishCdnParams"]] == [
        "rtmp://push.example.com/live/main"
    ]
    assert task.outputs_off == [
        {"PublishCdnUrl": "rtmp://push.example.com/live/backup", "IsTencentCdn": 1}
    ]

    # 4. And on again.
    backup.get_by_role("button", name="Turn on").click()
    expect(page.locator("#live-status")).to_contain_text("SequenceNumber 4")
    expect(backup).not_to_contain_text("off: kept")
    expect(update_row(page, 4)).to_have_count(1, timeout=8000)

    # 5. Change SEI.
    page.fill("#live-sei-appdata", "show-2")
    page.click("#live-sei-take")
    expect(page.locator("#live-status")).to_contain_text("SequenceNumber 5")
    expect(update_row(page, 5)).to_have_count(1, timeout=8000)
    snapshot(page, "whole-show-live-controls")

    task.refresh_from_db()
    held = SandboxTask.objects.get(task_id=task.task_id).params
    assert held["AudioParams"]["UnSubscribeAudioList"] == [
        {"UserInfo": {"UserId": "guest_1", "RoomId": "8888", "RoomIdType": 1}}
    ]
    assert [t["PublishCdnUrl"] for t in held["PublishCdnParams"]] == [
        "rtmp://push.example.com/live/main",
        "rtmp://push.example.com/live/backup",
    ]
    assert held["SeiParams"]["LayoutVolume"]["AppData"] == "show-2"
    numbers = TaskEvent.objects.filter(task=task, action="UpdatePublishCdnStream").values_list(
        "sequence_number", flat=True
    )
    assert sorted(numbers) == [1, 2, 3, 4, 5]


def test_turning_the_volume_sei_off_live_is_refused_naming_the_rule(page, producer):
    task = live_task(producer)
    page.goto(f"/tasks/{task.pk}/")
    page.wait_for_selector("#live-controls[data-ready='true']")
    page.uncheck("#live-sei-volume")
    page.click("#live-sei-take")
    status = page.locator("#live-status")
    expect(status).to_contain_text("nothing went to the cloud")
    expect(status).to_contain_text("(R53)")
    assert not TaskEvent.objects.filter(task=task, action="UpdatePublishCdnStream").exists()


def test_the_editor_switches_a_watermark_to_text_and_sets_enable_stream_sei(page):
    from layouts import services as layout_services

    doc = document(slots=1)
    doc["WaterMarkList"] = [
        {
            "WaterMarkType": 0,
            "WaterMarkImage": {
                "WaterMarkUrl": "https://img.example.com/logo.png",
                "LocationX": 40,
                "LocationY": 30,
                "WaterMarkWidth": 200,
                "WaterMarkHeight": 50,
                "ZOrder": 3,
            },
        }
    ]
    preset = layout_services.create_preset(name="Marked", document=doc, user=None).preset
    page.goto(f"/presets/{preset.pk}/edit")
    page.wait_for_selector("body[data-editor-ready='true']")

    page.locator('.mx-el[data-id="slot:0"]').click()
    sei = page.locator('[data-path="LayoutParams.MixLayoutList[0].EnableStreamSEI"]')
    sei.select_option("0")
    page.locator('.mx-el[data-id="wm:0"]').click()
    page.locator('[data-path="WaterMarkList[0].WaterMarkType"]').select_option("1")
    text = page.locator('[data-path="WaterMarkList[0].WaterMarkText.Text"]')
    text.fill("LIVE")
    text.press("Enter")
    snapshot(page, "whole-show-editor-watermark-kind")
    page.get_by_role("button", name="Save").click()
    page.wait_for_function(
        "() => document.getElementById('mx-status').textContent.includes('version 2')"
    )
    preset.refresh_from_db()
    assert preset.document["LayoutParams"]["MixLayoutList"][0]["EnableStreamSEI"] == 0
    [mark] = preset.document["WaterMarkList"]
    assert mark["WaterMarkType"] == 1 and "WaterMarkImage" not in mark
    assert mark["WaterMarkText"]["Text"] == "LIVE"
    assert {k: mark["WaterMarkText"][k] for k in ("LocationX", "LocationY", "ZOrder")} == {
        "LocationX": 40,
        "LocationY": 30,
        "ZOrder": 3,
    }
    assert mark["WaterMarkText"]["FontSize"] == 30
