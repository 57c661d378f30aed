"""The live task page in Chromium against the emulator: one task store, and the room
defaulting of the audio lists read from the contract."""

from __future__ import annotations

import copy
import re
import time
from urllib.parse import urlsplit

import pytest
from django.test import Client
from playwright.sync_api import expect

from studio.cloud.emulator.models import SandboxTask
from studio.control.models import MixTask, TaskEvent
from studio.control.services import launch, profiles
from tests.factories import document

pytestmark = pytest.mark.browser

POLL_SECONDS = 3  # static/js/control/task-store.js: POLL_MS
# What the live controls say when a change leaves the task as it is.
NOTHING_SENT = re.compile(r"nothing (was|needed to be) sent")


def roomless_task(user) -> MixTask:
    """A task in room 8888 whose audio lists name users without a RoomId (B.5: room 8888)."""
    body = {
        "RoomId": "8888",
        "RoomIdType": 1,
        "AgentParams": {},
        "WithTranscoding": 1,
        "AudioParams": {
            "AudioEncode": {"SampleRate": 48000, "Channel": 2, "BitRate": 64},
            "SubscribeAudioList": [
                {"UserInfo": {"UserId": "host"}, "SoundLevel": 50},
                {"UserInfo": {"UserId": "guest_1", "RoomId": "8888", "RoomIdType": 1}},
            ],
            "UnSubscribeAudioList": [{"UserInfo": {"UserId": "heckler"}}],
        },
        "VideoParams": document(),
        "PublishCdnParams": [{"PublishCdnUrl": "rtmp://push.example.com/live/main"}],
    }
    return launch.start_task(app=profiles.emulator_app(), request=copy.deepcopy(body), user=user)


def open_live_controls(page, task: MixTask) -> None:
    page.goto(f"/tasks/{task.pk}/")
    page.wait_for_selector("#task-page[data-ready='true']")
    page.wait_for_selector("#live-controls[data-ready='true']")


def updates(task: MixTask) -> list[dict]:
    events = TaskEvent.objects.filter(task=task, action="UpdatePublishCdnStream", error_code="")
    return [event.request for event in events.order_by("id")]


def test_muting_a_user_listed_without_a_room_keeps_their_one_entry(page, producer):
    task = roomless_task(producer)
    open_live_controls(page, task)
    expect(page.locator("#live-blacklist li[data-user='heckler']")).to_have_count(1)

    page.fill("#live-audio-user", "heckler")
    page.click("#live-mute")
    expect(page.locator("#live-status")).to_contain_text(NOTHING_SENT)
    expect(page.locator("#live-blacklist li")).to_have_count(1)
    assert updates(task) == []
    held = SandboxTask.objects.get(task_id=task.task_id).params["AudioParams"]
    assert held["UnSubscribeAudioList"] == [{"UserInfo": {"UserId": "heckler"}}]

    # Named with the task's room, it is still the same user.
    page.fill("#live-audio-user", "heckler")
    page.fill("#live-audio-room", "8888")
    page.click("#live-mute")
    expect(page.locator("#live-status")).to_contain_text(NOTHING_SENT)
    assert updates(task) == []


def test_setting_the_level_of_a_user_listed_without_a_room_changes_their_entry(page, producer):
    task = roomless_task(producer)
    open_live_controls(page, task)

    page.fill("#live-audio-user", "host")
    page.fill("#live-audio-level", "80")
    page.click("#live-hear")
    expect(page.locator("#live-status")).to_contain_text("SequenceNumber 1")
    expect(page.locator("#live-whitelist li")).to_have_count(2)
    expect(page.locator("#live-whitelist li[data-user='host'] .sound-level")).to_have_value("80")

    [sent] = updates(task)
    heard = sent["AudioParams"]["SubscribeAudioList"]
    assert [entry for entry in heard if entry["UserInfo"]["UserId"] == "host"] == [
        {"UserInfo": {"UserId": "host"}, "SoundLevel": 80}
    ]
    assert sent["AudioParams"]["UnSubscribeAudioList"] == [{"UserInfo": {"UserId": "heckler"}}]
    held = SandboxTask.objects.get(task_id=task.task_id).params["AudioParams"]
    assert held["SubscribeAudioList"] == heard


def test_the_task_page_asks_for_its_task_once_per_poll(page, producer):
    task = roomless_task(producer)
    task_path = f"/api/tasks/{task.pk}/"
    asked: list[float] = []

    def is_task_get(request) -> bool:
        return request.method == "GET" and urlsplit(request.url).path == task_path

    page.on(
        "request", lambda request: asked.append(time.monotonic()) if is_task_get(request) else None
    )
    open_live_controls(page, task)
    expect(page.locator("#program-image")).to_have_attribute("data-sequence", "0")

    # Someone else takes: the facts, the program, the log and the live controls all follow
    # the one task the store polls.
    someone = Client()
    someone.force_login(producer)
    answer = someone.post(
        f"/api/tasks/{task.pk}/take/",
        {"request": {"PublishCdnParams": [{"PublishCdnUrl": "rtmp://push.example.com/live/b"}]}},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    wait = (POLL_SECONDS * 2 + 2) * 1000
    expect(page.locator("#task-sequence")).to_have_text("1", timeout=wait)
    expect(page.locator("#program-image")).to_have_attribute("data-sequence", "1", timeout=wait)
    expect(page.locator("#live-controls")).to_have_attribute("data-sequence", "1", timeout=wait)
    expect(
        page.locator("#live-outputs li[data-url='rtmp://push.example.com/live/b']")
    ).to_have_count(1)
    expect(page.locator("#events tr", has_text="UpdatePublishCdnStream")).to_have_count(
        1, timeout=wait
    )

    # Over a few polls: one GET of the task each time, never two close together.
    seen = len(asked)
    while len(asked) < seen + 4:
        page.wait_for_event("request", predicate=is_task_get, timeout=wait)
    # When each started, as the browser timed it (an entry is written once its answer is in).
    timed = """(path) => performance.getEntriesByType("resource")
        .filter((entry) => new URL(entry.name).pathname === path)
        .map((entry) => entry.startTime)"""
    page.wait_for_function(
        f"([path, count]) => ({timed})(path).length >= count", arg=[task_path, len(asked)]
    )
    started = page.evaluate(timed, task_path)
    assert len(started) == len(asked)
    gaps = [(later - earlier) / 1000 for earlier, later in zip(started, started[1:], strict=False)]
    assert min(gaps) > POLL_SECONDS * 0.8, gaps
    span = (started[-1] - started[0]) / 1000
    assert len(started) <= span / POLL_SECONDS + 1, (len(started), span)
