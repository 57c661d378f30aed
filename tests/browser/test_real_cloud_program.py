"""The real cloud's program in Chromium: the task page plays the output's playback URL
from a CDN of the test's own (HLS on loopback), and the launch page keeps a playback
URL per output."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import expect

from layouts import services as layout_services
from studio.control.models import MixTask
from tests.browser.conftest import PASSWORD, snapshot
from tests.factories import make_user
from tests.studio.playback_streams import GREEN, serve_stream, write_stream
from tests.studio.program_helpers import STREAM, small_document, start_request

pytestmark = pytest.mark.browser

PUSH = f"rtmp://push.example.com/live/{STREAM}"
PLAY = "https://play.example.com/live/show_a.m3u8"
REGIONS = [{"uid": "anchor-1", "zorder": 1, "volume": 40, "x": 0, "y": 0, "w": 160, "h": 180}]


@pytest.fixture
def cdn(tmp_path):
    write_stream(tmp_path, REGIONS)
    with serve_stream(tmp_path) as served:
        yield served


def session_page(browser, live_server, user, *, also=(), viewport=(1440, 900)):
    """A logged-in page that may reach the app and the hosts in `also` (a CDN) only."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]}, base_url=live_server.url
    )
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    allowed = (live_server.url, "data:", "blob:", *(f"http://{host}" for host in also))
    outside: list[str] = []
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("request", lambda r: None if r.url.startswith(allowed) else outside.append(r.url))
    return context, page, outside


def cloud_task(app, playback: str, room: str = "8001") -> MixTask:
    params = start_request(RoomId=room)
    return MixTask.objects.create(
        app_profile=app,
        room_id=room,
        backend="tencent",
        status="running",
        task_id=f"tencent-task-{room}",
        params=params,
        playback_urls=[{"PublishCdnUrl": PUSH, "PlaybackUrl": playback}],
    )


def test_a_real_cloud_task_shows_its_program_from_the_playback_url(
    browser, live_server, sandbox_profile, cdn, request
):
    task = cloud_task(sandbox_profile, cdn.url("index.m3u8"))
    context, page, outside = session_page(
        browser, live_server, make_user("producer", password=PASSWORD), also=[cdn.host]
    )
    try:
        page.goto(f"/tasks/{task.pk}/")
        page.wait_for_selector("#task-page[data-ready='true']")
        page.wait_for_function(
            "() => { const v = document.getElementById('program-video');"
            " return v && v.readyState >= 2 && v.currentTime > 0; }",
            timeout=20_000,
        )
        assert page.locator("#program-video").get_attribute("data-player") == "hls.js"
        colour = page.evaluate(
            """() => {
              const video = document.getElementById('program-video');
              const canvas = document.createElement('canvas');
              canvas.width = video.videoWidth; canvas.height = video.videoHeight;
              const context = canvas.getContext('2d');
              context.drawImage(video, 0, 0);
              return Array.from(context.getImageData(300, 170, 1, 1).data.slice(0, 3));
            }"""
        )
        assert abs(colour[1] - GREEN[1]) < 40 and colour[0] < 40 and colour[2] < 40, colour
        assert "/index.m3u8" in cdn.asked
        assert any(path.endswith(".ts") for path in cdn.asked)
        snapshot(page, "real-cloud-program")
        assert outside == []
    finally:
        context.close()


def test_the_launch_page_shows_and_keeps_a_playback_url_per_output(page, sandbox_profile):
    show = start_request(MixStudio={"PlaybackUrls": [{"PublishCdnUrl": PUSH, "PlaybackUrl": PLAY}]})
    show.pop("VideoParams")
    preset = layout_services.create_preset(
        name="Evening show", document=small_document(), request=show, user=None
    ).preset
    page.goto(f"/tasks/launch?preset={preset.pk}")
    playback = page.locator("#outputs .row").first.locator("input[data-key=playback]")
    expect(playback).to_have_value(PLAY)
    page.wait_for_function("() => !document.getElementById('launch').disabled")

    playback.fill("rtmp://play.example.com/live/show_a")
    expect(page.locator("#problems")).to_contain_text("MixStudio.PlaybackUrls[0].PlaybackUrl")
    expect(page.locator("#launch")).to_be_disabled()
    playback.fill("https://play.example.com/live/show_a.flv")
    page.wait_for_function("() => !document.getElementById('launch').disabled")
    page.locator("summary", has_text="Show the request as JSON").click()
    expect(page.locator("#request-json")).not_to_contain_text("play.example.com")

    page.click("#launch")
    page.wait_for_url("**/tasks/*/")
    task = MixTask.objects.get()
    assert task.playback_urls == [
        {"PublishCdnUrl": PUSH, "PlaybackUrl": "https://play.example.com/live/show_a.flv"}
    ]


def test_a_viewer_sees_the_wall_link_on_the_tasks_page(browser, live_server, db):
    context, page, outside = session_page(
        browser, live_server, make_user("viewer", "viewer", password=PASSWORD)
    )
    try:
        page.goto("/tasks/")
        page.click("#wall-link")
        expect(page).to_have_url(f"{live_server.url}/tasks/wall/")
        assert outside == []
    finally:
        context.close()
