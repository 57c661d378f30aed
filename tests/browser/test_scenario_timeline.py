"""The editor's scenario strip in Chromium: scrubbing moves the preview to the room of
that moment, events are added, dragged and saved with the preset, a bad one is named,
and the scenario exported as a video decodes back as H.264."""

from __future__ import annotations

import base64
import io
import json
import os
from pathlib import Path

import av
import pytest

from layouts import services
from layouts.core.scenario_starters import starter
from layouts.models import Preset
from tests.browser.conftest import ARTIFACTS, snapshot
from tests.browser.test_accessibility import unlabelled
from tests.browser.test_editor import open_editor, preview_bytes, wait_status

pytestmark = pytest.mark.browser

TALK = starter("talk-show-late-guest")["scenario"]
PANEL = starter("panel-of-six")["scenario"]
# Where the screenshots of the strip go (MIX_SHOTS=/tmp/shots to look at them).
SHOTS = Path(os.environ.get("MIX_SHOTS", ARTIFACTS))


def grid_preset(scenario=None, name="Grid show"):
    """The grid template (it re-flows with the room), with a scenario kept or not."""
    doc = {
        "VideoEncode": {"Width": 1280, "Height": 720, "Fps": 15, "BitRate": 1000, "Gop": 2},
        "LayoutParams": {"MixLayoutMode": 3},
        "BackGroundColor": "0x101820",
    }
    request = {"WithTranscoding": 1}
    if scenario is not None:
        request["MixStudio"] = {"Scenario": scenario}
    return services.create_preset(name=name, document=doc, request=request, user=None).preset


def open_strip(page, preset):
    open_editor(page, f"/presets/{preset.pk}/edit")
    page.locator("#mx-tab-scenario").click()
    page.wait_for_selector(".mx-tl-starter[data-ready='true']")


def scrub_to(page, seconds: float, duration: float) -> None:
    """Click the strip's axis at `seconds`."""
    box = page.locator(".mx-tl-inner").bounding_box()
    page.mouse.click(box["x"] + box["width"] * seconds / duration, box["y"] + 8)


def wait_regions(page, names: list[str]) -> None:
    """Until the canvas outlines exactly these people: the preview of that room is shown
    (its regions arrive after its picture, for the same request)."""
    page.wait_for_function(
        """names => JSON.stringify([...document.querySelectorAll('.mx-region .mx-name')]
             .map(el => el.textContent)) === JSON.stringify(names)""",
        arg=names,
    )


def saved_scenario(preset) -> dict:
    return Preset.objects.get(pk=preset.pk).request["MixStudio"]["Scenario"]


# ---- scrubbing ---------------------------------------------------------------------------


def test_scrubbing_past_a_guests_entry_shows_the_guest_in_the_preview(page):
    preset = grid_preset()
    open_strip(page, preset)
    page.select_option(".mx-tl-starter", "talk-show-late-guest")
    assert page.locator(".mx-tl-name").all_inner_texts()[1:] == ["host", "cohost", "guest"]

    scrub_to(page, 10, 60)
    wait_regions(page, ["host", "cohost"])
    before = preview_bytes(page)
    assert "In the room: host, cohost." in page.locator(".mx-tl-room").inner_text()
    assert page.locator(".mx-tl-clock").inner_text().startswith("0:10.0")

    scrub_to(page, 25, 60)
    wait_regions(page, ["host", "cohost", "guest"])

    assert preview_bytes(page) != before
    assert "guest" in page.locator(".mx-tl-room").inner_text()
    assert unlabelled(page) == []
    sei = json.loads(page.locator(".mx-tl-sei pre").text_content())
    assert "guest" in json.dumps(sei)
    snapshot(page, "timeline-scrubbed")


def test_playing_at_four_times_speed_reaches_the_guest(page):
    preset = grid_preset(TALK)
    open_strip(page, preset)
    page.get_by_role("button", name="4×").click()
    page.locator(".mx-tl-play").click()

    # 20 s of scenario at 4x: the guest is in after about 5 s.
    wait_regions(page, ["host", "cohost", "guest"])
    page.locator(".mx-tl-play").click()  # pause
    page.wait_for_function("() => document.querySelector('.mx-tl-play').ariaPressed === 'false'")
    clock = page.locator(".mx-tl-clock").inner_text().split(" / ")[0]
    minutes, seconds = clock.split(":")
    assert 20 <= int(minutes) * 60 + float(seconds) < 60


# ---- editing and saving ----------------------------------------------------------------


def test_an_event_added_and_dragged_is_saved_with_the_preset(page):
    preset = grid_preset(TALK)
    open_strip(page, preset)
    page.select_option(".mx-tl-add select", "exit")
    page.fill(".mx-tl-add input[type=text]", "guest")
    page.fill(".mx-tl-add .mx-tl-at", "40")
    page.get_by_role("button", name="Add event").click()
    added = page.locator('.mx-tl-mark[data-index="10"]')
    assert added.get_attribute("aria-pressed") == "true"
    assert "guest: exit at 0:40.0" in added.get_attribute("aria-label")

    # Drag it 10 s to the right.
    width = page.locator(".mx-tl-inner").bounding_box()["width"]
    box = added.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 9):
        page.mouse.move(x + width * 10 / 60 * step / 8, y)
    page.mouse.up()
    page.wait_for_function(
        "() => document.querySelector('.mx-tl-mark[data-index=\"10\"]').dataset.at === '50'"
    )

    page.get_by_role("button", name="Save").click()
    wait_status(page, "version 2")
    assert saved_scenario(preset)["events"][10] == {"at": 50, "type": "exit", "UserId": "guest"}
    assert saved_scenario(preset)["events"][:10] == TALK["events"]
    assert page.locator("body").get_attribute("data-dirty") == "false"

    # One undo takes the whole drag back.
    page.locator(".mx-tl-axis").focus()
    page.keyboard.press("Control+z")
    page.wait_for_function(
        "() => document.querySelector('.mx-tl-mark[data-index=\"10\"]').dataset.at === '40'"
    )


def test_the_keyboard_steps_through_time_and_moves_and_removes_an_event(page):
    preset = grid_preset(TALK)
    open_strip(page, preset)
    axis = page.locator(".mx-tl-axis")
    axis.focus()
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("ArrowRight")
    assert axis.get_attribute("aria-valuenow") == "21"
    wait_regions(page, ["host", "cohost", "guest"])

    guest = page.locator('.mx-tl-mark[data-index="5"]')  # the guest's entry at 20 s
    guest.focus()
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.querySelector('.mx-tl-mark[data-index=\"5\"]').dataset.at === '21.1'"
    )
    assert page.evaluate("document.activeElement.dataset.index") == "5"
    page.keyboard.press("Delete")
    page.wait_for_function("() => document.querySelectorAll('.mx-tl-mark').length === 9")
    # Entering no more, the guest's speaking at 24 s is impossible, and said so.
    page.wait_for_selector(".mx-tl-problems")
    assert (
        "guest has a speaking event while not in the room"
        in page.locator(".mx-tl-problems").inner_text()
    )


def test_an_impossible_event_is_named_and_the_save_refused(page):
    preset = grid_preset(TALK)
    open_strip(page, preset)
    scrub_to(page, 5, 60)
    wait_regions(page, ["host", "cohost"])
    page.select_option(".mx-tl-add select", "camera")
    page.fill(".mx-tl-add input[type=text]", "ghost")
    page.fill(".mx-tl-add .mx-tl-at", "30")
    page.get_by_role("button", name="Add event").click()

    page.wait_for_selector('.mx-tl-mark.mx-error[data-index="10"]')
    assert (
        "ghost has a camera event while not in the room"
        in page.locator(".mx-tl-problems").inner_text()
    )

    page.get_by_role("button", name="Save").click()
    wait_status(page, "Not saved")
    assert "MixStudio.Scenario.events[10]" in page.locator("#mx-status").inner_text()
    assert saved_scenario(preset) == TALK


def test_a_new_layout_is_saved_with_the_scenario_it_was_rehearsed_with(page):
    open_editor(page, "/presets/new?size=1280x720")
    page.fill("#mx-name", "Rehearsed from new")
    page.locator("#mx-tab-scenario").click()
    page.wait_for_selector(".mx-tl-starter[data-ready='true']")
    page.select_option(".mx-tl-starter", "lecture-screen-share")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/presets/*/edit")
    wait_status(page, "version 1")

    saved = Preset.objects.get(name="Rehearsed from new")
    assert saved.request == {
        "WithTranscoding": 1,
        "MixStudio": {"Scenario": starter("lecture-screen-share")["scenario"]},
    }


# ---- exporting -------------------------------------------------------------------------


def test_ten_seconds_exported_as_a_video_decode_back_as_h264(page):
    preset = grid_preset(TALK)
    open_strip(page, preset)
    held = []
    page.route("**/api/scenarios/render/", lambda route: held.append(route))
    page.get_by_role("button", name="Export as video").click()
    page.fill("#mx-video-seconds", "10")
    page.get_by_role("button", name="Make the video").click()

    # While the server renders, the dialog says so.
    progress = page.locator(".mx-video-progress")
    progress.wait_for(state="visible")
    page.wait_for_function(
        "() => /\\d+ s/.test(document.querySelector('.mx-video-elapsed').textContent)"
    )
    while not held:  # the request reaches the route handler as the page waits
        page.wait_for_timeout(20)
    assert json.loads(held[0].request.post_data)["seconds"] == 10
    held[0].continue_()

    page.locator(".mx-video-result").wait_for(state="visible")
    assert progress.is_hidden()
    snapshot(page, "timeline-video")
    link = page.get_by_role("link", name="Download the video (MP4)")
    assert link.get_attribute("download") == "Grid-show.mp4"
    encoded = page.evaluate(
        """async () => {
          const link = document.querySelector('.mx-video-download');
          const buffer = await (await fetch(link.href)).arrayBuffer();
          let text = '';
          for (const byte of new Uint8Array(buffer)) text += String.fromCharCode(byte);
          return btoa(text);
        }"""
    )
    with av.open(io.BytesIO(base64.b64decode(encoded))) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        frames = list(container.decode(stream))
    assert len(frames) == 100  # 10 s at the renderer's 10 frames a second
    assert (frames[0].width, frames[0].height) == (1280, 720)
    assert page.evaluate("document.querySelector('.mx-video-player').readyState") >= 1


# ---- screenshots -----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("size", [(1280, 720), (1440, 900)], ids=["1280x720", "1440x900"])
def test_the_strip_fits_the_editor(page, language, size):
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    page.context.set_extra_http_headers({"Accept-Language": language})
    preset = grid_preset(PANEL, name="Panel of six")
    open_strip(page, preset)
    scrub_to(page, 45, 90)
    wait_regions(page, ["panel_1", "panel_3", "panel_4", "panel_6"])
    page.locator('.mx-tl-mark[data-index="9"]').click()  # panel_2's camera going off
    page.evaluate("document.fonts.ready")

    assert page.evaluate(
        "document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth"
    )
    panel = page.locator("#mx-dock-scenario")
    assert panel.evaluate("el => el.scrollWidth <= el.clientWidth")
    inside = panel.bounding_box()
    for control in page.locator(".mx-tl-bar > *, .mx-tl-add > :not(datalist)").all():
        box = control.bounding_box()
        if box is None or box["width"] <= 1:
            continue  # visually hidden labels
        assert inside["x"] <= box["x"] and box["x"] + box["width"] <= inside["x"] + inside["width"]
    # The bar keeps one line, so the axis stays in view.
    tops = {round(control.bounding_box()["y"]) for control in page.locator(".mx-tl-bar > *").all()}
    assert max(tops) - min(tops) < 12
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"editor-timeline-{width}x{height}-{language}.png"))
