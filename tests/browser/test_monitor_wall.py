"""The monitor wall in Chromium: three running tasks at once (real cloud tasks playing
HLS and HTTP-FLV from a CDN of the test's own), each with its tally and CDN health,
fitting the screen; producers stop a task after confirming, viewers see no Stop."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from studio.control.models import MixTask
from tests.browser.conftest import PASSWORD, snapshot
from tests.browser.test_real_cloud_program import session_page
from tests.factories import make_user
from tests.studio.playback_streams import serve_stream, write_stream
from tests.studio.program_helpers import start_request

pytestmark = pytest.mark.browser

REGIONS = [{"uid": "anchor-1", "zorder": 1, "volume": 40, "x": 0, "y": 0, "w": 160, "h": 180}]
NO_SIDEWAYS_SCROLL = (
    "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
)


@pytest.fixture
def cdn(tmp_path):
    write_stream(tmp_path, REGIONS, segments=20)
    with serve_stream(tmp_path) as served:
        yield served


def cloud_task(app, room: str, playback: str) -> MixTask:
    params = start_request(
        RoomId=room, PublishCdnParams=[{"PublishCdnUrl": f"rtmp://push.example.com/live/{room}"}]
    )
    return MixTask.objects.create(
        app_profile=app,
        room_id=room,
        backend="tencent",
        status="running",
        task_id=f"tencent-task-{room}",
        params=params,
        playback_urls=[
            {"PublishCdnUrl": f"rtmp://push.example.com/live/{room}", "PlaybackUrl": playback}
        ],
        cdn_status={f"rtmp://push.example.com/live/{room}": {"name": "running", "status": 2}},
    )


@pytest.fixture
def three_on_air(sandbox_profile, cdn):
    producer = make_user("producer", password=PASSWORD)
    first = cloud_task(sandbox_profile, "8001", cdn.url("index.m3u8"))
    hls = cloud_task(sandbox_profile, "8002", cdn.url("index.m3u8"))
    flv = cloud_task(sandbox_profile, "8003", cdn.url("live.flv"))
    return producer, [first, hls, flv]


def tile(page, task):
    return page.locator(f".wall-tile[data-task-id='{task.pk}']")


def test_the_wall_shows_three_running_tasks_and_stops_one_after_confirming(
    browser, live_server, cdn, three_on_air
):
    producer, (first, hls, flv) = three_on_air
    context, page, outside = session_page(browser, live_server, producer, also=[cdn.host])
    try:
        page.goto("/tasks/wall/")
        page.wait_for_selector("#wall[data-ready='true']")
        expect(page.locator(".wall-tile")).to_have_count(3)
        for task in (first, hls, flv):
            expect(tile(page, task)).to_have_attribute("data-tally", "on-air", timeout=25_000)
        players = {
            task.pk: tile(page, task).locator("video").get_attribute("data-player")
            for task in (first, hls, flv)
        }
        assert players == {first.pk: "hls.js", hls.pk: "hls.js", flv.pk: "mpegts.js"}
        expect(page.locator("#wall-summary")).to_contain_text("3 tasks on air")
        expect(tile(page, hls).locator(".tally")).to_have_text("On air")
        expect(tile(page, hls).locator(".cdn-health")).to_contain_text("8002: running")
        assert page.evaluate(NO_SIDEWAYS_SCROLL)
        snapshot(page, "monitor-wall-1440")
        page.set_viewport_size({"width": 1280, "height": 720})
        assert page.evaluate(NO_SIDEWAYS_SCROLL)
        snapshot(page, "monitor-wall-1280")

        tile(page, first).get_by_role("button", name="Stop").click()
        expect(page.locator("#stop-dialog")).to_be_visible()
        expect(page.locator("#stop-room")).to_have_text(first.room_id)
        page.click("#stop-cancel")
        expect(page.locator("#stop-dialog")).to_be_hidden()
        first.refresh_from_db()
        assert first.status == "running"

        tile(page, first).get_by_role("button", name="Stop").click()
        page.click("#stop-confirm")
        expect(page.locator(".wall-tile")).to_have_count(2)
        first.refresh_from_db()
        assert first.status in ("stopping", "stopped")
        assert outside == []
    finally:
        context.close()


def test_a_viewer_watches_the_wall_without_stop(browser, live_server, cdn, three_on_air):
    _producer, tasks = three_on_air
    viewer = make_user("viewer", "viewer", password=PASSWORD)
    context, page, outside = session_page(
        browser, live_server, viewer, also=[cdn.host], viewport=(1280, 720)
    )
    try:
        page.goto("/tasks/wall/")
        page.wait_for_selector("#wall[data-ready='true']")
        expect(page.locator(".wall-tile")).to_have_count(3)
        expect(tile(page, tasks[2])).to_have_attribute("data-tally", "on-air", timeout=25_000)
        assert page.locator(".wall-stop").count() == 0
        assert page.locator("#stop-dialog").count() == 0
        assert page.evaluate(NO_SIDEWAYS_SCROLL)
        assert outside == []
    finally:
        context.close()
