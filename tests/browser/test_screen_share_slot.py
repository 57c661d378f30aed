"""The editor draws a slot that shows a screen share as one: stripes under a title bar
and a screen icon, where a camera's slot is one flat colour."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageStat

from layouts import services
from tests.browser.test_editor import open_editor, slot
from tests.factories import document

pytestmark = pytest.mark.browser


def camera_and_share_preset():
    doc = document(1280, 720, slots=2)
    for index, (item, user, stream) in enumerate(
        zip(doc["LayoutParams"]["MixLayoutList"], ("host", "guest-a"), (0, 1), strict=True)
    ):
        item.update(LocationX=index * 640, LocationY=0, ImageWidth=640, ImageHeight=360)
        item["UserMediaStream"] = {"UserInfo": {"UserId": user}, "StreamType": stream}
    return services.create_preset(name="Camera and share", document=doc, user=None).preset


def spread(locator) -> float:
    """How much the brightness varies over the element's picture (its standard deviation),
    its labels left out: a band between the corner tags and the name in the middle."""
    picture = Image.open(io.BytesIO(locator.screenshot())).convert("L")
    width, height = picture.size
    band = picture.crop((width // 10, height // 6, width * 9 // 10, height // 3))
    return ImageStat.Stat(band).stddev[0]


def test_a_screen_share_slot_has_its_icon_and_pattern_and_a_camera_slot_has_neither(page):
    preset = camera_and_share_preset()
    open_editor(page, f"/presets/{preset.pk}/edit")
    camera, share = slot(page, 0), slot(page, 1)

    assert share.get_attribute("data-stream") == "screen"
    assert share.locator("svg.mx-screen-icon").is_visible()
    assert camera.get_attribute("data-stream") is None
    assert camera.locator("svg.mx-screen-icon").count() == 0
    assert camera.inner_text().split() == ["#1", "z0", "host", "camera"]
    # The stripes show: the share's picture varies where the camera's is flat.
    assert spread(share) > 4 * max(spread(camera), 1.0)
