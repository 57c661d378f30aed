"""The editor as a studio workspace, in Chromium: the canvas's room, the layers panel,
guides and safe areas, images from the app itself, reasons for disabled controls,
errors on the field that causes them, and Chinese drawn as the preview draws it."""

from __future__ import annotations

import base64
import io
import json
import re
import time

import pytest
from django.test import Client
from PIL import Image
from playwright.sync_api import expect

from layouts import services
from layouts.models import Asset, Preset
from tests.browser.conftest import snapshot
from tests.browser.test_editor import centre, editor_document, field, open_editor, slot, wait_json
from tests.factories import document, make_user

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def fonts_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("data")


@pytest.fixture(autouse=True)
def media(settings, tmp_path, fonts_folder):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.DATA_DIR = fonts_folder  # the canvas font's slices are cut into here, once


def png(size: tuple[int, int], colour=(0, 160, 255)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def preset(name: str, doc: dict, meta: dict | None = None) -> Preset:
    saved = services.create_preset(name=name, document=doc, user=None).preset
    if meta is not None:
        Preset.objects.filter(pk=saved.pk).update(meta=meta)
        saved.refresh_from_db()
    return saved


def pip_document() -> dict:
    doc = document(1920, 1080, slots=1)
    doc["LayoutParams"]["MixLayoutList"][0].update(ImageWidth=1920, ImageHeight=1080)
    doc["LayoutParams"]["MixLayoutList"].append(
        {"LocationX": 1400, "LocationY": 700, "ImageWidth": 480, "ImageHeight": 270, "ZOrder": 1}
    )
    return doc


def layer(page, element_id: str):
    return page.locator(f'[data-layer-row="{element_id}"]')


def drop_file(page, target: str, name: str, data: bytes, mime: str = "image/png") -> None:
    """Drop a file on `target` as the browser does when one is dragged from the desktop."""
    page.evaluate(
        """([selector, name, encoded, mime]) => {
          const bytes = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
          const transfer = new DataTransfer();
          transfer.items.add(new File([bytes], name, { type: mime }));
          const el = document.querySelector(selector);
          const box = el.getBoundingClientRect();
          const at = { clientX: box.left + box.width / 2, clientY: box.top + box.height / 2 };
          for (const type of ["dragenter", "dragover", "drop"]) {
            const init = { bubbles: true, cancelable: true, dataTransfer: transfer, ...at };
            el.dispatchEvent(new DragEvent(type, init));
          }
        }""",
        [target, name, base64.b64encode(data).decode(), mime],
    )


# ---- the workspace -------------------------------------------------------------------------


def test_at_1440_by_900_the_whole_1080p_output_is_the_largest_thing_and_fits(page):
    doc = preset("Studio", pip_document())
    open_editor(page, f"/presets/{doc.pk}/edit")
    stage = page.locator(".mx-stage").bounding_box()
    viewport = page.locator(".mx-viewport")
    box = viewport.bounding_box()
    # The output is drawn whole: inside its viewport, which does not scroll.
    assert stage["x"] >= box["x"] and stage["x"] + stage["width"] <= box["x"] + box["width"] + 0.5
    assert stage["y"] >= box["y"] and stage["y"] + stage["height"] <= box["y"] + box["height"] + 0.5
    assert viewport.evaluate(
        "el => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight"
    )
    assert stage["width"] >= 0.6 * 1440, stage
    # Nothing else on the page is as big, and the layers are beside it without scrolling.
    for other in (".mx-layers-column", ".mx-side-column", ".mx-dock", ".mx-toolbar"):
        other_box = page.locator(other).bounding_box()
        assert other_box["width"] * other_box["height"] < stage["width"] * stage["height"], other
    layers = page.locator(".mx-layers-column").bounding_box()
    assert layers["y"] + 40 < 900 and layers["x"] + layers["width"] <= box["x"]
    assert page.evaluate("document.scrollingElement.scrollHeight") <= 900
    snapshot(page, "studio-workspace")


def test_a_disabled_control_says_why_and_its_key_says_it_too(page):
    doc = document(1280, 720, slots=16)
    full = preset("Sixteen", doc)
    open_editor(page, f"/presets/{full.pk}/edit")
    add = page.get_by_role("button", name="Add slot")
    expect(add).to_be_disabled()
    assert "at most 16 slots (R37)" in add.get_attribute("title")
    reason = add.get_attribute("aria-describedby")
    expect(page.locator(f"#{reason}")).to_have_text("A custom layout holds at most 16 slots (R37)")
    assert "(S)" in add.get_attribute("title")
    page.locator(".mx-viewport").focus()
    page.keyboard.press("s")
    expect(page.locator("#mx-tool-status")).to_have_text(
        "A custom layout holds at most 16 slots (R37)"
    )
    undo = page.get_by_role("button", name="Undo")
    assert "Nothing to undo" in undo.get_attribute("title")
    assert "Ctrl+Z" in undo.get_attribute("title")
    assert len(editor_document(page)["LayoutParams"]["MixLayoutList"]) == 16


def test_a_slot_at_x_5000_is_marked_on_its_position_and_the_save_error_goes_once_fixed(page):
    doc = preset("Far away", document(1920, 1080, slots=2))
    open_editor(page, f"/presets/{doc.pk}/edit")
    slot(page, 1).click()
    x = field(page, "LayoutParams.MixLayoutList[1].LocationX")
    x.fill("5000")
    x.press("Enter")
    expect(x).to_have_attribute("aria-invalid", "true")
    width = field(page, "LayoutParams.MixLayoutList[1].ImageWidth")
    expect(width).to_have_attribute("aria-invalid", "false")
    # Still drawn: a mark at the right edge carries the error, and selects the slot.
    mark = page.locator('.mx-outside-mark[data-id="slot:1"]')
    expect(mark).to_be_visible()
    expect(mark).to_have_class("mx-outside-mark mx-error mx-selected mx-at-right")
    stage = page.locator(".mx-stage").bounding_box()
    mark_box = mark.bounding_box()
    assert (
        stage["x"] + stage["width"] - 2
        <= mark_box["x"] + mark_box["width"]
        <= stage["x"] + stage["width"] + 2
    )
    snapshot(page, "studio-outside-mark")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#mx-status")).to_contain_text("Not saved")
    x.fill("960")
    x.press("Enter")
    expect(x).to_have_attribute("aria-invalid", "false")
    expect(page.locator("#mx-status")).to_have_text("")
    expect(mark).to_have_count(0)


def test_overlapping_pictures_of_one_zorder_warn_and_one_click_separates_them(page):
    doc = document(1280, 720, slots=2)
    doc["LayoutParams"]["MixLayoutList"][1].update(
        LocationX=500, LocationY=300, ImageWidth=320, ImageHeight=180, ZOrder=0
    )
    same = preset("Same layer", doc)
    open_editor(page, f"/presets/{same.pk}/edit")
    problem = page.locator(".mx-problem", has_text="overlaps slot 1")
    expect(problem).to_be_visible()
    expect(problem).to_contain_text("same-zorder")
    fix = page.get_by_role("button", name="Separate layers")
    expect(fix).to_be_enabled()
    problem.get_by_role("button", name="Fix: separate the layers").click()
    wait_json(page, '"ZOrder": 1')
    assert [s["ZOrder"] for s in editor_document(page)["LayoutParams"]["MixLayoutList"]] == [0, 1]
    expect(problem).to_have_count(0)
    expect(fix).to_be_disabled()
    assert "No overlapping pictures share a ZOrder" in fix.get_attribute("title")


# ---- layers ---------------------------------------------------------------------------------


def test_layers_are_renamed_hidden_and_reordered_and_kept_in_the_meta_only(page):
    doc = preset("Layers", pip_document())
    open_editor(page, f"/presets/{doc.pk}/edit")
    # Top first: the small picture (z1) above the big one (z0).
    rows = page.locator("[data-layer-row]")
    expect(rows).to_have_count(2)
    assert rows.nth(0).get_attribute("data-layer-row") == "slot:1"
    expect(layer(page, "slot:1").locator(".mx-thumb-box")).to_have_count(1)

    layer(page, "slot:0").locator(".mx-layer-button").dblclick()
    name = page.locator(".mx-layer-rename")
    name.fill("主持人 Host")
    name.press("Enter")
    expect(layer(page, "slot:0")).to_contain_text("主持人 Host")
    layer(page, "slot:1").get_by_role("button", name="Hide").click()
    expect(slot(page, 1)).to_have_count(0)
    assert len(editor_document(page)["LayoutParams"]["MixLayoutList"]) == 2  # still sent

    # Drag the big picture's grip above the small one.
    grip = layer(page, "slot:0").locator(".mx-layer-grip")
    x, y = centre(grip)
    top = layer(page, "slot:1").bounding_box()
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 6):
        page.mouse.move(x, y - (y - top["y"] - 2) * step / 5)
    page.mouse.up()
    wait_json(page, '"ZOrder": 1')
    slots = editor_document(page)["LayoutParams"]["MixLayoutList"]
    assert [s["ZOrder"] for s in slots] == [1, 0]
    assert rows.nth(0).get_attribute("data-layer-row") == "slot:0"
    snapshot(page, "studio-layers")

    page.get_by_role("button", name="Save").click()
    page.wait_for_function("() => document.body.dataset.dirty === 'false'")
    doc.refresh_from_db()
    assert doc.meta["layers"] == {"slot:0": {"name": "主持人 Host"}, "slot:1": {"hidden": True}}
    assert "主持人" not in json.dumps(doc.document, ensure_ascii=False)
    page.reload()
    page.wait_for_selector("body[data-editor-ready='true']")
    expect(layer(page, "slot:0")).to_contain_text("主持人 Host")
    expect(slot(page, 1)).to_have_count(0)


# ---- guides and safe areas --------------------------------------------------------------------


def test_a_guide_dragged_from_the_ruler_snaps_pictures_and_is_saved(page):
    doc = preset("Guides", pip_document())
    open_editor(page, f"/presets/{doc.pk}/edit")
    stage = page.locator(".mx-stage").bounding_box()
    scale = stage["width"] / 1920
    ruler = page.locator(".mx-ruler-left").bounding_box()
    # From the left ruler onto the canvas at x = 1200: a vertical guide.
    start = (ruler["x"] + ruler["width"] / 2, stage["y"] + 300 * scale)
    page.mouse.move(*start)
    page.mouse.down()
    target = stage["x"] + 1200 * scale
    for step in range(1, 9):
        page.mouse.move(start[0] + (target - start[0]) * step / 8, start[1])
    page.mouse.up()
    guide = page.locator(".mx-user-guide[data-guide='0']")
    expect(guide).to_have_count(1)
    saved_x = round((guide.bounding_box()["x"] - stage["x"]) / scale)
    assert abs(saved_x - 1200) <= 3
    # The small picture (x 1400) dragged left so its edge comes within a few px of it snaps onto it.
    x, y = centre(slot(page, 1))
    page.mouse.move(x, y)
    page.mouse.down()
    wanted = (1400 - saved_x - 3) * scale
    for step in range(1, 9):
        page.mouse.move(x - wanted * step / 8, y)
    page.mouse.up()
    page.wait_for_function(
        "x => JSON.parse(document.querySelector('.mx-json').textContent)"
        ".LayoutParams.MixLayoutList[1].LocationX === x",
        arg=saved_x,
    )
    page.select_option("#mx-safe-area", "broadcast")
    title = page.locator(".mx-safe-title")
    expect(title).to_contain_text("Title safe 90%")
    title_box = title.bounding_box()
    assert abs((title_box["x"] - stage["x"]) / scale - 96) <= 2
    assert abs(title_box["width"] / scale - 1728) <= 2
    snapshot(page, "studio-guides-safe-areas")
    page.get_by_role("button", name="Save").click()
    page.wait_for_function("() => document.body.dataset.dirty === 'false'")
    doc.refresh_from_db()
    assert doc.meta["guides"] == [{"axis": "x", "at": saved_x}]
    assert doc.meta["safe_area"] == "broadcast"
    page.reload()
    page.wait_for_selector("body[data-editor-ready='true']")
    expect(page.locator(".mx-user-guide[data-guide='0']")).to_have_count(1)
    expect(page.locator(".mx-safe-action")).to_have_count(1)


def test_the_vertical_apps_zones_are_drawn_on_a_9_16_canvas(page):
    open_editor(page, "/presets/new?size=1080x1920")
    page.select_option("#mx-safe-area", "vertical")
    zones = page.locator(".mx-safe-app")
    expect(zones.first).to_contain_text("approximate")
    assert zones.count() >= 3


# ---- a new layout's size ----------------------------------------------------------------------


def test_a_new_layout_asks_its_size_first(page):
    page.goto("/presets/new")
    dialog = page.locator("#mx-new-size")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("link")).to_have_count(4)
    dialog.get_by_role("link", name="Vertical 9:16").click()
    page.wait_for_selector("body[data-editor-ready='true']")
    assert editor_document(page)["VideoEncode"]["Width"] == 1080
    assert editor_document(page)["VideoEncode"]["Height"] == 1920
    expect(page.locator("#mx-new-size")).to_have_count(0)
    page.goto("/presets/new?width=640&height=640")
    page.wait_for_selector("body[data-editor-ready='true']")
    assert editor_document(page)["VideoEncode"]["Width"] == 640
    page.goto("/presets/new?width=5000&height=640")
    expect(page.locator("#mx-new-size")).to_contain_text("from 1 to 1920 px")


def test_a_1_plus_3_picture_in_picture_at_1080p_takes_a_few_clicks(page):
    """Measured: from an empty page to a saved 1 + 3 picture in picture at 1080p."""
    actions = 0
    began = time.perf_counter()
    page.goto("/presets/new")
    page.locator("#mx-new-size").get_by_role("link", name="1080p").click()
    actions += 1
    page.wait_for_selector("body[data-editor-ready='true']")
    pip = page.locator("fieldset", has_text="Picture in picture")
    pip.get_by_label("Small pictures").fill("3")
    actions += 1
    pip.get_by_role("button", name="Apply picture in picture").click()
    actions += 1
    page.fill("#mx-name", "One plus three")
    actions += 1
    page.get_by_role("button", name="Save").click()
    actions += 1
    page.wait_for_url("**/presets/*/edit")
    page.wait_for_function("() => document.body.dataset.dirty === 'false'")
    seconds = time.perf_counter() - began
    saved = Preset.objects.get(name="One plus three").document
    slots = saved["LayoutParams"]["MixLayoutList"]
    assert (saved["VideoEncode"]["Width"], saved["VideoEncode"]["Height"]) == (1920, 1080)
    assert len(slots) == 4
    assert (slots[0]["ImageWidth"], slots[0]["ImageHeight"], slots[0]["ZOrder"]) == (1920, 1080, 0)
    assert all(s["ZOrder"] == 1 and s["LocationY"] + s["ImageHeight"] <= 1080 for s in slots[1:])
    assert len({s["LocationX"] for s in slots[1:]}) == 3
    print(f"\n1 + 3 picture in picture at 1080p: {actions} actions, {seconds:.1f} s")
    assert actions <= 6


# ---- images from the app itself ------------------------------------------------------------------


def test_an_image_dropped_on_the_canvas_is_uploaded_and_placed_at_its_aspect_ratio(page):
    doc = preset("Drop", pip_document())
    open_editor(page, f"/presets/{doc.pk}/edit")
    drop_file(page, ".mx-viewport", "logo.png", png((400, 100)))
    mark = page.locator('.mx-el[data-id="wm:0"]')
    expect(mark).to_have_count(1)
    image = editor_document(page)["WaterMarkList"][0]["WaterMarkImage"]
    assert image["WaterMarkWidth"] == 4 * image["WaterMarkHeight"]
    asset = Asset.objects.get(original_name="logo.png")
    assert image["WaterMarkUrl"].endswith(f"/media/assets/{asset.name}")
    # Dropped in the middle: centred there.
    assert abs(image["LocationX"] + image["WaterMarkWidth"] / 2 - 960) <= 2
    assert "url(" in layer(page, "wm:0").locator(".mx-thumb-box").get_attribute("style")
    # Too wide for the cloud: the server's own reason, and nothing added.
    drop_file(page, ".mx-viewport", "banner.png", png((3000, 100)))
    notice = page.locator("#mx-canvas-notice")
    expect(notice).to_contain_text("banner.png was not added")
    expect(notice).to_contain_text("R45")
    assert len(editor_document(page)["WaterMarkList"]) == 1
    snapshot(page, "studio-dropped-image")


def test_a_placeholder_is_picked_from_the_asset_library(page):
    client = Client()
    client.force_login(make_user("uploader"))
    file = io.BytesIO(png((320, 180), (255, 200, 0)))
    file.name = "waiting.png"
    uploaded = client.post("/api/assets/", {"file": file}).json()
    doc = preset("Placeholder", pip_document())
    open_editor(page, f"/presets/{doc.pk}/edit")
    slot(page, 1).click()
    page.get_by_role("button", name="Choose Placeholder image URL from the library").click()
    dialog = page.locator("#mx-asset-dialog")
    expect(dialog).to_be_visible()
    dialog.locator(f"[data-asset-id='{uploaded['id']}']").click()
    expect(dialog).to_be_hidden()
    placeholder = field(page, "LayoutParams.MixLayoutList[1].BackgroundImageUrl")
    expect(placeholder).to_have_value(re.compile(rf"/media/assets/{uploaded['name']}$"))


def test_the_asset_library_lists_uploads_and_refuses_to_delete_one_in_use(page):
    page.goto("/assets/")
    page.wait_for_selector("#assets-page[data-ready='true']")
    page.set_input_files(
        "#assets-file",
        [
            {"name": "logo.png", "mimeType": "image/png", "buffer": png((200, 100))},
            {"name": "huge.png", "mimeType": "image/png", "buffer": png((3000, 100))},
        ],
    )
    card = page.locator(".asset-card", has_text="logo.png")
    expect(card).to_contain_text("200 × 100")
    expect(card).to_contain_text("Not used by any preset")
    expect(page.locator("#assets-alert")).to_contain_text("huge.png was not added")
    expect(page.locator("#assets-alert")).to_contain_text("R45")
    asset = Asset.objects.get(original_name="logo.png")
    url = f"http://localhost/media/assets/{asset.name}"
    doc = document(1280, 720, slots=1)
    doc["LayoutParams"]["MixLayoutList"][0]["BackgroundImageUrl"] = url
    user = preset("Uses the logo", doc)
    # The page still thinks it is free: the server refuses and says who uses it.
    card.get_by_role("button", name="Delete logo.png").click()
    expect(page.locator("#assets-alert")).to_contain_text("“Uses the logo”")
    expect(card).to_contain_text("Used by 1 preset")
    expect(card.get_by_role("link", name="Uses the logo")).to_have_attribute(
        "href", f"/presets/{user.pk}/edit"
    )
    delete = card.get_by_role("button", name="Delete logo.png")
    expect(delete).to_be_disabled()
    assert "replace it in the presets listed first" in delete.get_attribute("title")
    snapshot(page, "studio-asset-library")
    assert Asset.objects.filter(pk=asset.pk).exists()


# ---- Chinese on the canvas as in the preview ---------------------------------------------------


def ink_box(image: Image.Image, limit_right: int) -> tuple[int, int, int, int]:
    """The bounding box of near-white pixels (the text), left of `limit_right`."""
    rgb = image.convert("RGB")
    xs, ys = [], []
    for y in range(rgb.height):
        for x in range(min(limit_right, rgb.width)):
            r, g, b = rgb.getpixel((x, y))
            if r > 170 and g > 170 and b > 170:
                xs.append(x)
                ys.append(y)
    assert xs, "no text drawn"
    return min(xs), min(ys), max(xs), max(ys)


def test_a_chinese_text_watermark_is_drawn_on_the_canvas_as_the_preview_draws_it(page, producer):
    text = "直播中：欢迎来到深圳"
    box = {"x": 40, "y": 40, "w": 600, "h": 90}
    doc = document(1280, 720, slots=0)
    doc["WaterMarkList"] = [
        {
            "WaterMarkType": 1,
            "WaterMarkText": {
                "Text": text,
                "LocationX": box["x"],
                "LocationY": box["y"],
                "WaterMarkWidth": box["w"],
                "WaterMarkHeight": box["h"],
                "FontSize": 44,
                "FontColor": "0xFFFFFF",
                "Font": "SourceHanSans",
                "ZOrder": 1,
            },
        }
    ]
    saved = preset("Chinese", doc)
    fonts_asked = []
    page.on("request", lambda r: fonts_asked.append(r.url) if "/fonts/" in r.url else None)
    # The first request for a slice cuts it from the face (seconds): do not wait for "load".
    page.goto(f"/presets/{saved.pk}/edit", wait_until="domcontentloaded")
    page.wait_for_selector("body[data-editor-ready='true']", timeout=60_000)
    page.locator(".mx-viewport").focus()
    page.keyboard.press("Shift+0")  # actual pixels: one output pixel per screen pixel
    page.wait_for_function(
        "t => document.fonts.check('44px \"Mix Noto Sans SC\"', t)", arg=text, timeout=60_000
    )
    page.evaluate("document.fonts.ready")
    assert any(url.endswith(".woff2") for url in fonts_asked)
    mark = page.locator('.mx-el[data-id="wm:0"]')
    lines = page.evaluate(
        """() => {
          const span = document.querySelector('.mx-el[data-id="wm:0"] .mx-text');
          const range = document.createRange();
          range.selectNodeContents(span);
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        }"""
    )
    assert lines == 1
    # The z label sits at the right end of the box: look left of it.
    canvas = ink_box(Image.open(io.BytesIO(mark.screenshot())), box["w"] - 60)

    client = Client()
    client.force_login(producer)
    response = client.post(
        "/api/layouts/preview/",
        {"document": doc, "participants": [], "format": "png", "scale": 1},
        content_type="application/json",
    )
    assert response.status_code == 200
    rendered = Image.open(io.BytesIO(response.content)).crop(
        (box["x"], box["y"], box["x"] + box["w"], box["y"] + box["h"])
    )
    preview = ink_box(rendered, box["w"] - 60)
    print(f"\nink box on the canvas {canvas}, in the preview {preview}")
    # Same glyphs, size and place: the ink's extent agrees within a few pixels.
    for on_canvas, in_preview in zip(canvas, preview, strict=True):
        assert abs(on_canvas - in_preview) <= 3, (canvas, preview)
    snapshot(page, "studio-chinese-text")
