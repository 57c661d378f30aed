"""The program monitor in Chromium: the engine's low-latency HLS plays, the SEI overlay
follows a Take, Verify says "as designed", and the monitor says when the engine is busy.

A real `manage.py db_worker` draws the program beside the live server, as `make run`
runs it; the Take-to-visible time is kept in var/test-artifacts/take-to-visible.json
(a figure, not a pass mark: `make bench-program` is where speed is measured).
"""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import expect

from studio.cloud.emulator.program.models import ProgramChange
from studio.control.services import launch, profiles, take
from tests.browser.conftest import ARTIFACTS, snapshot
from tests.studio.program_helpers import (
    age,
    engine_worker,
    file_cache,
    small_document,
    start_request,
)

pytestmark = pytest.mark.browser

RED = (255, 0, 0)
PAINTED_RED = """() => {
  const video = document.getElementById('program-video');
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth; canvas.height = video.videoHeight;
  const context = canvas.getContext('2d');
  context.drawImage(video, 0, 0);
  const [r, g, b] = context.getImageData(4, 60, 1, 1).data;
  return r > 200 && g < 60 && b < 60;
}"""


@pytest.fixture(autouse=True)
def _program_settings(settings, tmp_path):
    settings.MIX_PROGRAM_SEGMENT_SECONDS = 1.0
    settings.MIX_PROGRAM_PARTS = 3
    file_cache(settings, tmp_path)


def pixel(page, x: int, y: int) -> list[int]:
    """The colour of the playing video at canvas pixel (x, y)."""
    return page.evaluate(
        """([x, y]) => {
          const video = document.getElementById('program-video');
          const canvas = document.createElement('canvas');
          canvas.width = video.videoWidth; canvas.height = video.videoHeight;
          const context = canvas.getContext('2d');
          context.drawImage(video, 0, 0);
          return Array.from(context.getImageData(x, y, 1, 1).data.slice(0, 3));
        }""",
        [x, y],
    )


def test_the_monitor_plays_the_program_and_shows_a_take(
    page, producer, sandbox_profile, settings, tmp_path
):
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    task = launch.start_task(app=profiles.emulator_app(), request=start_request(), user=producer)
    with engine_worker(tmp_path):
        page.goto(f"/tasks/{task.pk}/")
        page.wait_for_selector("#task-page[data-ready='true']")
        page.wait_for_function(
            "() => { const v = document.getElementById('program-video');"
            " return v && v.readyState >= 2 && v.currentTime > 0; }",
            timeout=30_000,
        )
        assert page.locator("#program-video").get_attribute("data-player") == "hls.js"
        page.check("#sei-toggle")
        page.wait_for_function(
            "() => (document.getElementById('program-overlay').dataset.regions || '')"
            ".includes('anchor-1')",
            timeout=10_000,
        )
        regions = json.loads(page.locator("#program-overlay").get_attribute("data-regions"))
        assert regions[0] == {"uid": "anchor-1", "x": 0, "y": 0, "w": 160, "h": 180}
        assert pixel(page, 4, 60) != list(RED)
        expect(page.locator("#program-paused")).to_be_hidden(timeout=10_000)
        snapshot(page, "program-monitor")

        # A producer takes while watching a program that plays steadily.
        page.wait_for_function(
            "() => document.getElementById('program-video').currentTime > 3", timeout=20_000
        )
        moved = small_document()
        moved["BackGroundColor"] = "0xFF0000"
        moved["LayoutParams"]["MixLayoutList"][0].update(
            LocationX=40, LocationY=20, ImageWidth=100, ImageHeight=100
        )
        accepted = time.time()
        take.update_task(task.pk, request={"VideoParams": moved}, user=producer)
        on_air_from = ProgramChange.objects.get(task__task_id=task.task_id, kind="update").at

        page.wait_for_function(
            "() => (document.getElementById('program-overlay').dataset.regions || '')"
            ".includes('\"x\":40')",
            timeout=20_000,
            polling=50,
        )
        overlay_seen = time.time()
        page.wait_for_function(PAINTED_RED, timeout=20_000, polling=50)
        picture_seen = time.time()

    timings = {
        "segment_seconds": settings.MIX_PROGRAM_SEGMENT_SECONDS,
        "part_seconds": settings.MIX_PROGRAM_SEGMENT_SECONDS / settings.MIX_PROGRAM_PARTS,
        "take_to_on_air_seconds": round(on_air_from - accepted, 2),
        "take_to_overlay_seconds": round(overlay_seen - accepted, 2),
        "take_to_picture_seconds": round(picture_seen - accepted, 2),
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "take-to-visible.json").write_text(json.dumps(timings))
    print("take to visible:", timings)
    # The player played parts, asked for by blocking playlist reloads (low-latency HLS).
    assert any("/parts/" in url and url.endswith(".ts") for url in requested)
    assert any("_HLS_msn=" in url for url in requested)

    page.click("#verify")
    expect(page.locator("#verify-result")).to_contain_text("As designed", timeout=20_000)


def test_the_monitor_says_when_the_engine_is_too_busy_to_keep_up(page, producer, sandbox_profile):
    # No worker runs: nothing of the program is drawn, as when every engine is busy.
    task = launch.start_task(app=profiles.emulator_app(), request=start_request(), user=producer)
    age(task.task_id, 5.0)
    page.goto(f"/tasks/{task.pk}/")

    expect(page.locator("#program-paused")).to_be_visible(timeout=10_000)
    expect(page.locator("#program-paused")).to_contain_text("the engine is busy")
