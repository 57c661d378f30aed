"""One show, two screens, in Chromium against the emulator: a preset with a 9:16 variant
launched from the launch page as a show of two legs, one change staged for both and put
on air with one Take (two UpdatePublishCdnStream calls, one per leg, each with its
SequenceNumber in the merged event log, and both programs drawn by a real
`manage.py db_worker` showing it), the legs grouped on the monitor wall, then the show
stopped. A leg the cloud refuses is named, and the leg already taken is taken back.

Screenshots of the show page at 1280x720 and 1440x900, in English and Chinese, go to
/tmp/shots/.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from layouts import services
from layouts.core import reflow
from studio.cloud.emulator.models import SandboxTask
from studio.control.models import MixTask, TaskEvent
from studio.control.services import profiles, shows
from tests.browser.conftest import PASSWORD, snapshot
from tests.browser.test_real_cloud_program import session_page
from tests.factories import make_user
from tests.studio.conftest import CALLBACK_KEY
from tests.studio.program_helpers import ROOM, engine_worker, file_cache, start_request

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots")
VERTICAL_URL = "rtmp://push.example.com/live/show_vertical"
NEW_COLOUR = "0x336699"
NO_HORIZONTAL_SCROLL = (
    "() => document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth"
)
# The colour of a leg's program at its top-left corner (the canvas's background in both
# layouts), read from the frame on screen; null while the leg shows no moving picture.
# Two legs play live from one worker on two cores, beside the rest of the suite: a
# program follows a Take within seconds on a quiet machine, later on a loaded one.
PLAYBACK_WAIT_MS = 90_000
CORNER_COLOUR = """(leg) => {
  const video = document.querySelector(`.show-leg[data-leg="${leg}"] video`);
  if (!video || video.readyState < 2 || !video.videoWidth) return null;
  const canvas = document.createElement("canvas");
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const context = canvas.getContext("2d");
  context.drawImage(video, 0, 0);
  return Array.from(context.getImageData(3, 3, 1, 1).data.slice(0, 3));
}"""


@pytest.fixture(autouse=True)
def _emulator(settings, tmp_path, monkeypatch):
    settings.MIX_SANDBOX_CALLBACK_KEY = CALLBACK_KEY
    settings.MIX_SANDBOX_CALLBACK_URL = ""
    settings.MIX_PROGRAM_SEGMENT_SECONDS = 1.0
    settings.MIX_PROGRAM_PARTS = 3
    monkeypatch.setenv("MIX_SANDBOX_CALLBACK_KEY", CALLBACK_KEY)  # the worker's emulator
    file_cache(settings, tmp_path)


def main_picture() -> dict:
    """Two guests side by side with a margin of background all round, 16:9."""
    slot = {"ImageWidth": 200, "ImageHeight": 150, "LocationY": 60, "ZOrder": 0, "RenderMode": 0}
    return {
        "VideoEncode": {"Width": 480, "Height": 270, "Fps": 10, "BitRate": 400, "Gop": 1},
        "LayoutParams": {
            "MixLayoutMode": 4,
            "MixLayoutList": [
                {
                    **slot,
                    "LocationX": x,
                    "UserMediaStream": {"UserInfo": {"UserId": user, "RoomId": ROOM}},
                }
                for x, user in ((20, "anchor-1"), (260, "anchor-2"))
            ],
        },
        "BackGroundColor": "0x000000",
    }


def show_preset():
    """The talk show with a 9:16 variant: reflowed from the main picture, its own output."""
    body = start_request()
    body.pop("VideoParams")
    main = main_picture()
    body["MixStudio"] = {
        "Variants": [
            {
                "name": "vertical",
                "VideoParams": reflow.reflow(main, 270, 480),
                "PublishCdnParams": [{"PublishCdnUrl": VERTICAL_URL}],
            }
        ]
    }
    return services.create_preset(name="Talk show", document=main, request=body, user=None).preset


def leg(page, name: str):
    return page.locator(f".show-leg[data-leg='{name}']")


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1280, 720), (1440, 900)):
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate("() => window.scrollTo(0, 0)")
        assert page.evaluate(NO_HORIZONTAL_SCROLL), (name, width, height)
        page.screenshot(path=str(SHOTS / f"show-{name}-{width}x{height}.png"))


def test_a_show_launched_taken_on_both_legs_with_one_take_and_stopped(
    page, producer, sandbox_profile, tmp_path, live_server
):
    preset = show_preset()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    with engine_worker(tmp_path):
        page.goto(f"/tasks/launch?preset={preset.pk}")
        show_button = page.locator("#launch-show")
        expect(show_button).to_have_text("Launch the show (2 legs)")
        expect(page.locator("#show-note")).to_contain_text("main, vertical")
        expect(show_button).to_be_enabled()
        snapshot(page, "show-launch")
        show_button.click()

        page.wait_for_url(re.compile(r"/tasks/shows/[0-9a-f-]{36}/$"))
        page.wait_for_selector("#show-page[data-ready='true']")
        key = page.url.rstrip("/").rsplit("/", 1)[1]
        tasks = {task.leg: task for task in MixTask.objects.filter(show_key=key)}
        assert sorted(tasks) == ["main", "vertical"]
        assert {task.status for task in tasks.values()} == {"running"}
        expect(page.locator(".show-leg")).to_have_count(2)
        expect(leg(page, "main").locator(".show-leg-shape").first).to_have_text("16:9 · 480×270")
        expect(leg(page, "vertical").locator(".show-leg-shape").first).to_have_text(
            "9:16 · 270×480"
        )
        for name, task in tasks.items():
            expect(leg(page, name).locator(".badge")).to_have_text("running")
            expect(leg(page, name).locator(".show-leg-sequence")).to_have_text("SequenceNumber 0")
            link = leg(page, name).get_by_role("link", name="Open its task page")
            expect(link).to_have_attribute("href", f"/tasks/{task.pk}/")
            # Each program plays what its leg's engine draws, its background black for now.
            page.wait_for_function(
                f"({CORNER_COLOUR})('{name}') !== null", timeout=PLAYBACK_WAIT_MS
            )
        expect(page.locator("#show-take")).to_be_disabled()  # nothing staged yet

        # One change, staged on both legs, taken with one Take.
        page.fill("#stage-background", "#336699")
        page.click("#stage-background-apply")
        expect(page.locator("#stage-status")).to_contain_text("staged on 2 legs")
        for name in tasks:
            expect(leg(page, name).locator(".show-leg-changes")).to_contain_text("BackGroundColor")
        assert not TaskEvent.objects.filter(action="UpdatePublishCdnStream").exists()
        take = page.locator("#show-take")
        expect(take).to_be_enabled()
        take.click()
        dialog = page.locator("#take-dialog")
        expect(dialog).to_be_visible()
        for name in tasks:
            plan = dialog.locator(f".show-take-leg[data-leg='{name}']")
            expect(plan).to_contain_text("BackGroundColor")
            expect(plan.locator(".show-take-plan")).to_contain_text("SequenceNumber 1")
        snapshot(page, "show-take-review")
        page.click("#take-confirm")
        expect(dialog).to_be_hidden()

        results = page.locator("#show-take-results")
        for name in tasks:
            expect(results.locator(f"li[data-leg='{name}']")).to_have_text(
                f"{name}: Taken: SequenceNumber 1"
            )
            expect(leg(page, name).locator(".show-leg-sequence")).to_have_text("SequenceNumber 1")
            expect(leg(page, name).locator("img.show-still").first).to_have_attribute(
                "data-sequence", "1"
            )
        # Two Updates in the merged log, one per leg, each with its SequenceNumber.
        updates = page.locator("#events tr", has_text="UpdatePublishCdnStream")
        expect(updates).to_have_count(2)
        for name in tasks:
            row = page.locator(f"#events tr[data-leg='{name}']", has_text="UpdatePublishCdnStream")
            expect(row.locator("td.leg")).to_have_text(name)
            expect(row.locator("td.sequence")).to_have_text("1")
            expect(row.locator("td.result")).to_have_text("ok")
        # Both legs have it on air, as the API says, and both programs show it.
        answer = page.request.get(f"/api/shows/{key}/").json()
        assert {
            item["leg"]: (item["sequence_number"], item["params"]["VideoParams"]["BackGroundColor"])
            for item in answer["legs"]
        } == {"main": (1, NEW_COLOUR), "vertical": (1, NEW_COLOUR)}
        for name in tasks:
            page.wait_for_function(
                f"(() => {{ const c = ({CORNER_COLOUR})('{name}');"
                " return c !== null && Math.abs(c[0] - 0x33) < 25 && Math.abs(c[1] - 0x66) < 25"
                " && Math.abs(c[2] - 0x99) < 25; })",
                timeout=PLAYBACK_WAIT_MS,
            )
        expect(take).to_be_disabled()  # every preview matches its program again
        snapshot(page, "show-taken")
        shoot(page, "en")

        # Each leg's task page says it belongs to the show.
        html = page.request.get(f"/tasks/{tasks['vertical'].pk}/").text()
        assert f'href="/tasks/shows/{key}/"' in html
        assert "leg vertical: open the show" in html

        # The monitor wall shows the legs together, labelled.
        page.set_viewport_size({"width": 1440, "height": 900})
        page.goto("/tasks/wall/")
        page.wait_for_selector("#wall[data-ready='true']")
        group = page.locator(f".wall-show[data-show='{key}']")
        expect(group.locator(".wall-tile")).to_have_count(2)
        expect(group.locator(".wall-leg").nth(0)).to_have_text("main · 16:9")
        expect(group.locator(".wall-leg").nth(1)).to_have_text("vertical · 9:16")
        expect(group.locator(".wall-leg").nth(1)).to_have_attribute(
            "title", "vertical · 9:16 · 270×480"
        )
        for tile in group.locator(".wall-tile").all():
            expect(tile).to_have_attribute("data-tally", "on-air", timeout=25_000)
        expect(group.get_by_role("link", name="Open the show")).to_have_attribute(
            "href", f"/tasks/shows/{key}/"
        )
        assert page.evaluate(NO_HORIZONTAL_SCROLL)
        snapshot(page, "show-wall")

        # The slate covers every leg, and comes off every leg.
        page.goto(f"/tasks/shows/{key}/")
        page.wait_for_selector("#show-page[data-ready='true']")
        expect(page.locator("#show-slate-state")).to_have_text("off")
        page.click("#show-slate")
        expect(page.locator("#show-slate-state")).to_have_text("on air on main, vertical")
        expect(page.locator("#show-slate")).to_have_text("Release the slate")
        for task in MixTask.objects.filter(show_key=key):
            assert task.params["VideoParams"]["LayoutParams"].get("MixLayoutList", []) == []
        page.click("#show-slate")
        expect(page.locator("#show-slate-state")).to_have_text("off")
        expect(page.locator("#show-slate")).to_have_text("Slate every leg")
        for task in MixTask.objects.filter(show_key=key):
            assert task.params["VideoParams"]["BackGroundColor"] == NEW_COLOUR
        expect(page.locator("#show-take")).to_be_disabled()  # nothing was staged meanwhile

        # In Chinese.
        with page.expect_navigation():
            page.locator(".language-switch").get_by_role("button", name="简体中文").click()
        page.wait_for_selector("#show-page[data-ready='true']")
        shoot(page, "zh-hans")
        with page.expect_navigation():
            page.locator(".language-switch").get_by_role("button", name="English").click()
        page.wait_for_selector("#show-page[data-ready='true']")

        # Stop the show, after confirming.
        page.click("#show-stop")
        stop = page.locator("#stop-dialog")
        expect(stop).to_be_visible()
        expect(stop.locator("#stop-legs li")).to_have_count(2)
        page.click("#stop-cancel")
        assert {task.status for task in MixTask.objects.filter(show_key=key)} == {"running"}
        page.click("#show-stop")
        page.click("#stop-confirm")
        for name in tasks:
            expect(leg(page, name).locator(".badge")).to_have_text("stopped")
        assert {task.status for task in MixTask.objects.filter(show_key=key)} == {"stopped"}
        expect(page.locator("#events tr", has_text="StopPublishCdnStream")).to_have_count(2)
        expect(page.locator("#show-stop")).to_be_disabled()
        assert errors == []


def test_a_leg_the_cloud_refuses_is_named_and_the_other_is_taken_back(page, producer):
    preset = show_preset()
    legs = shows.start_show(app=profiles.emulator_app(), request={}, user=producer, preset=preset)
    key = legs[0].show_key
    main = next(task for task in legs if task.leg == "main")
    before = copy.deepcopy(main.params["VideoParams"])
    vertical = next(task for task in legs if task.leg == "vertical")
    # The cloud ended the vertical leg on its own: its Update will be refused.
    SandboxTask.objects.filter(task_id=vertical.task_id).update(status="stopped")

    page.goto(f"/tasks/shows/{key}/")
    page.wait_for_selector("#show-page[data-ready='true']")
    page.fill("#stage-background", "#993366")
    page.click("#stage-background-apply")
    page.click("#show-take")
    page.click("#take-confirm")

    error = page.locator("#take-error")
    expect(error).to_contain_text("Leg vertical was refused")
    expect(error).to_contain_text("FailedOperation.TaskFinished")
    results = page.locator("#show-take-results")
    expect(results.locator("li[data-leg='vertical']")).to_have_attribute("data-result", "refused")
    expect(results.locator("li[data-leg='main']")).to_have_text(
        "main: Taken back to what was on air"
    )
    expect(leg(page, "main")).to_have_attribute("data-result", "rolled-back")
    expect(leg(page, "vertical").locator(".show-leg-result")).to_have_text(
        "Refused by the cloud: FailedOperation.TaskFinished"
    )
    main.refresh_from_db()
    assert main.params["VideoParams"] == before
    assert main.sequence_number == 2  # the Take, then the Take back
    snapshot(page, "show-refused")
    # The staged change stays staged, for the producer to take again.
    page.click("#take-cancel")
    expect(page.locator("#show-take")).to_be_enabled()


def test_a_viewer_watches_the_show_without_take_slate_or_stop(browser, live_server, producer):
    preset = show_preset()
    legs = shows.start_show(app=profiles.emulator_app(), request={}, user=producer, preset=preset)
    viewer = make_user("viewer", "viewer", password=PASSWORD)
    context, page, outside = session_page(browser, live_server, viewer, viewport=(1280, 720))
    try:
        page.goto(f"/tasks/shows/{legs[0].show_key}/")
        page.wait_for_selector("#show-page[data-ready='true']")
        expect(page.locator(".show-leg")).to_have_count(2)
        for selector in ("#show-take", "#show-stop", "#show-slate", "#stage-background"):
            assert page.locator(selector).count() == 0, selector
        assert page.locator(".monitor.preview, .show-leg-stop").count() == 0
        expect(page.locator("#events")).to_contain_text("StartPublishCdnStream")
        assert page.evaluate(NO_HORIZONTAL_SCROLL)
        assert outside == []
    finally:
        context.close()


def test_a_preset_staged_gives_each_leg_its_variant_or_its_picture_reflowed(page, producer):
    preset = show_preset()
    legs = {
        task.leg: task
        for task in shows.start_show(
            app=profiles.emulator_app(), request={}, user=producer, preset=preset
        )
    }
    wide = main_picture()
    wide["LayoutParams"]["MixLayoutList"][0].update(LocationX=40, LocationY=40)
    wide["BackGroundColor"] = "0x202020"
    plain = services.create_preset(name="Wide only", document=wide, user=None).preset

    page.goto(f"/tasks/shows/{legs['main'].show_key}/")
    page.wait_for_selector("#show-page[data-ready='true']")
    page.select_option("#stage-preset", label="Wide only")
    page.click("#stage-preset-apply")
    expect(page.locator("#stage-status")).to_have_text("“Wide only” staged on every leg.")
    expect(leg(page, "main").locator(".show-leg-changes")).to_contain_text("LocationX")
    expect(page.locator("#show-take-summary")).to_contain_text("main, vertical")
    page.click("#show-take")
    page.click("#take-confirm")
    expect(page.locator("#show-take-results li")).to_have_count(2)
    for task in legs.values():
        task.refresh_from_db()
        assert task.sequence_number == 1
    # The main leg takes the picture as it is; the vertical one, a preset without a
    # variant of its name, takes it reflowed to its own 9:16.
    assert legs["main"].params["VideoParams"] == plain.document
    assert legs["vertical"].params["VideoParams"] == reflow.reflow(plain.document, 270, 480)

    # Back to the show's own preset: each leg takes its own variant again.
    page.select_option("#stage-preset", label="Talk show")
    page.click("#stage-preset-apply")
    page.click("#show-take")
    page.click("#take-confirm")
    expect(page.locator("#show-take-results li[data-leg='vertical']")).to_have_text(
        "vertical: Taken: SequenceNumber 2"
    )
    legs["vertical"].refresh_from_db()
    variant = preset.request["MixStudio"]["Variants"][0]["VideoParams"]
    assert legs["vertical"].params["VideoParams"] == variant
