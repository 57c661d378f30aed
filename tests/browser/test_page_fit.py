"""Every page a producer works in fits 1280x720 and 1440x900, in English and Chinese.

No page scrolls sideways, and every visible numeric input shows its whole value:
the editor's inspector with a slot at X 1466 (a position past 999 on a 1920
canvas), the task page with a running emulator task, the launch page, the task
list, the wall, the library and the asset library.
"""

from __future__ import annotations

import copy

import pytest
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from layouts import services
from studio.control.services import launch, profiles
from tests.browser.conftest import snapshot
from tests.factories import seed_examples

pytestmark = pytest.mark.browser

SIZES = ({"width": 1280, "height": 720}, {"width": 1440, "height": 900})
LANGUAGES = ("en", "zh-hans")

# What sticks out past the window's right edge (inside no scrolling box), to say why.
WIDEST = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = (el) => {
    for (let up = el.parentElement; up; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  return [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > width + 1 && !clipped(el))
    .slice(0, 8)
    .map((el) => `${el.tagName}#${el.id}.${el.className} in #${el.closest("[id]")?.id}:`
      + ` ${Math.round(el.getBoundingClientRect().right)} px`);
}"""

# Every visible numeric input whose value is wider than the box it is drawn in: the
# text measured in the input's own font against its content box, and the input's own
# scroll width (a number input keeps room for its spin buttons inside the box).
CUT_NUMBERS = """() => {
  const context = document.createElement("canvas").getContext("2d");
  const numeric = [...document.querySelectorAll("input")].filter(
    (el) => el.type === "number" || el.inputMode === "numeric" || el.inputMode === "decimal");
  return numeric
    .filter((el) => el.offsetParent !== null && el.getClientRects().length && el.value !== "")
    .map((el) => {
      const style = getComputedStyle(el);
      context.font = style.font;
      const text = context.measureText(el.value).width;
      const box = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return { id: el.id || el.dataset.path || el.name, value: el.value, text, box,
               scroll: el.scrollWidth, client: el.clientWidth };
    })
    .filter((input) => input.text > input.box + 0.5 || input.scroll > input.client);
}"""


def far_slot_document() -> dict:
    """A 1920x1080 layout whose first slot sits at X 1466, Y 1010: four-digit values."""
    return {
        "VideoEncode": {"Width": 1920, "Height": 1080, "Fps": 25, "BitRate": 3000, "Gop": 2},
        "LayoutParams": {
            "MixLayoutMode": 4,
            "MixLayoutList": [
                {
                    "LocationX": 1466,
                    "LocationY": 1010,
                    "ImageWidth": 454,
                    "ImageHeight": 70,
                    "ZOrder": 1,
                    "RenderMode": 0,
                },
                {
                    "LocationX": 0,
                    "LocationY": 0,
                    "ImageWidth": 1920,
                    "ImageHeight": 1010,
                    "ZOrder": 0,
                    "RenderMode": 0,
                },
            ],
        },
        "BackGroundColor": "0x000000",
    }


@pytest.fixture
def shown(producer):
    call_command("load_starter_presets", stdout=open("/dev/null", "w"))
    preset = services.create_preset(
        name="晚间新闻 Evening news with a long name", document=far_slot_document(), user=producer
    ).preset
    body = copy.deepcopy(seed_examples()[0])
    body.pop("SdkAppId")
    body["AgentParams"].pop("UserSig")
    task = launch.start_task(app=profiles.emulator_app(), request=body, user=producer)
    return {"preset": preset.pk, "task": task.pk}


def open_in(browser, live_server, user, viewport, language):
    client = Client()
    client.force_login(user)
    context = browser.new_context(
        viewport=viewport,
        base_url=live_server.url,
        extra_http_headers={"Accept-Language": language},
    )
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def assert_fits(page, name: str) -> None:
    import os

    if os.environ.get("PAGE_FIT_SHOTS"):
        snapshot(page, f"shot-{name}")
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    inner = page.evaluate("() => window.innerWidth")
    if wide > inner:
        snapshot(page, f"page-fit-{name}")
    assert wide <= inner, (name, wide, inner, page.evaluate(WIDEST))
    cut = page.evaluate(CUT_NUMBERS)
    if cut:
        snapshot(page, f"page-fit-{name}")
    assert cut == [], (name, cut)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("viewport", SIZES, ids=lambda v: f"{v['width']}x{v['height']}")
def test_every_page_fits_the_window_and_shows_every_number_whole(
    browser, live_server, producer, shown, viewport, language
):
    context, page = open_in(browser, live_server, producer, viewport, language)
    size = f"{viewport['width']}x{viewport['height']}-{language}"
    try:
        page.goto(f"/presets/{shown['preset']}/edit")
        page.wait_for_selector("body[data-editor-ready='true']")
        page.locator('.mx-layer-row[data-layer-row="slot:0"] .mx-layer-button').click()
        x = page.locator('[data-path="LayoutParams.MixLayoutList[0].LocationX"]')
        expect(x).to_have_value("1466")
        assert_fits(page, f"editor-{size}")
        # Four digits and a sign, as typed (R41 then says it is out of range).
        x.fill("-1466")
        page.locator('[data-path="LayoutParams.MixLayoutList[0].LocationY"]').fill("-1010")
        assert_fits(page, f"editor-signed-{size}")

        page.goto("/presets/")
        page.wait_for_selector(".card")
        assert_fits(page, f"library-{size}")

        page.goto("/assets/")
        page.wait_for_selector("#assets-page[data-ready='true']")
        assert_fits(page, f"assets-{size}")

        page.goto("/tasks/")
        page.wait_for_selector("#tasks tbody tr")
        assert_fits(page, f"tasks-{size}")

        page.goto(f"/tasks/{shown['task']}/")
        page.wait_for_selector("#task-page[data-ready='true']")
        page.wait_for_selector("#events tr")
        page.locator("details.quick summary").click()
        assert_fits(page, f"task-{size}")
        # The staged editor's inspector too, with a slot selected.
        page.locator('.mx-el[data-id="slot:1"]').click()
        assert_fits(page, f"task-selected-{size}")

        page.goto("/tasks/launch")
        page.wait_for_function("() => document.getElementById('app').options.length > 0")
        assert_fits(page, f"launch-{size}")

        page.goto("/tasks/wall/")
        page.wait_for_selector("#wall[data-ready='true']")
        page.wait_for_load_state("networkidle")
        assert_fits(page, f"wall-{size}")
    finally:
        context.close()
