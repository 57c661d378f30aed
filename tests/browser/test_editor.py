"""The layout editor in Chromium: drawing, snapping, undo, keys, watermarks,
validation, preview, JSON import and the save conflict, checked in the database."""

from __future__ import annotations

import base64
import copy
import json

import pytest

from layouts import services
from layouts.models import Preset
from tests.browser.conftest import snapshot
from tests.factories import document, seed_examples

pytestmark = pytest.mark.browser


# ---- helpers -------------------------------------------------------------------------


def open_editor(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-editor-ready='true']")


def slot(page, index: int):
    return page.locator(f'.mx-el[data-id="slot:{index}"]')


def field(page, path: str):
    return page.locator(f'[data-path="{path}"]')


def editor_document(page) -> dict:
    """The document as the JSON panel shows it: exactly what would be saved."""
    return json.loads(page.locator(".mx-json").inner_text())


def stage_scale(page, canvas_width: int) -> float:
    return page.locator(".mx-stage").bounding_box()["width"] / canvas_width


def centre(locator) -> tuple[float, float]:
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def drag_by(page, start: tuple[float, float], dx: float, dy: float, *, alt: bool = False) -> None:
    """Press at `start`, move by (dx, dy) screen px in a few steps, release."""
    x, y = start
    if alt:
        page.keyboard.down("Alt")
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 9):
        page.mouse.move(x + dx * step / 8, y + dy * step / 8)
    page.mouse.up()
    if alt:
        page.keyboard.up("Alt")


def slot_rect(doc: dict, index: int) -> tuple[int, int, int, int]:
    item = doc["LayoutParams"]["MixLayoutList"][index]
    return item["LocationX"], item["LocationY"], item["ImageWidth"], item["ImageHeight"]


def wait_status(page, text: str) -> None:
    page.wait_for_function(
        "text => document.getElementById('mx-status').textContent.includes(text)", arg=text
    )


def wait_saved(page, version: int) -> None:
    wait_status(page, f"version {version}")


def wait_json(page, snippet: str) -> None:
    """Wait until the JSON panel (the document in the editor) contains `snippet`."""
    page.wait_for_function(
        "snippet => document.querySelector('.mx-json').textContent.includes(snippet)", arg=snippet
    )


def two_slot_preset(name: str = "Two slots", slots=((100, 100, 300, 200), (600, 400, 200, 150))):
    doc = document(1280, 720, slots=len(slots))
    for item, (x, y, w, h) in zip(doc["LayoutParams"]["MixLayoutList"], slots, strict=True):
        item.update(LocationX=x, LocationY=y, ImageWidth=w, ImageHeight=h)
    return services.create_preset(name=name, document=doc, user=None).preset


def preview_bytes(page) -> str:
    return page.evaluate(
        """async () => {
          const image = document.querySelector('.mx-preview-image');
          const buffer = await (await fetch(image.src)).arrayBuffer();
          let text = '';
          for (const byte of new Uint8Array(buffer)) text += String.fromCharCode(byte);
          return btoa(text);
        }"""
    )


# ---- drawing and saving --------------------------------------------------------------


def test_a_new_layout_drawn_with_the_mouse_is_saved_with_its_numbers(page):
    open_editor(page, "/presets/new?size=1280x720")
    page.fill("#mx-name", "Drawn by hand")
    page.get_by_role("button", name="Add slot").click()
    page.get_by_role("button", name="Add slot").click()
    assert slot(page, 1).count() == 1
    scale = stage_scale(page, 1280)
    # New slots are a quarter of the canvas, cascading from (36, 36) by 36 px.
    assert slot_rect(editor_document(page), 0) == (36, 36, 320, 180)
    assert slot_rect(editor_document(page), 1) == (72, 72, 320, 180)

    drag_by(page, centre(slot(page, 1)), 400 * scale, 200 * scale, alt=True)
    wait_json(page, '"LocationX": 472')
    handle = page.locator(".mx-selection .mx-handle-se")
    drag_by(page, centre(handle), 80 * scale, 45 * scale, alt=True)
    wait_json(page, '"ImageWidth": 400')
    assert field(page, "LayoutParams.MixLayoutList[1].ImageHeight").input_value() == "225"
    snapshot(page, "editor-drawn-layout")

    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/presets/*/edit")
    wait_saved(page, 1)
    preset = Preset.objects.get(name="Drawn by hand")
    assert page.url.endswith(f"/presets/{preset.pk}/edit")
    assert slot_rect(preset.document, 0) == (36, 36, 320, 180)
    assert slot_rect(preset.document, 1) == (472, 272, 400, 225)
    assert page.locator("body").get_attribute("data-dirty") == "false"


def test_a_grid_generator_then_a_save_stores_the_grid(page):
    open_editor(page, "/presets/new?size=1280x720")
    page.fill("#mx-name", "Generated grid")
    page.get_by_role("button", name="Apply grid").click()
    assert slot(page, 3).count() == 1
    page.get_by_role("button", name="Save").click()
    wait_saved(page, 1)
    slots = Preset.objects.get(name="Generated grid").document["LayoutParams"]["MixLayoutList"]
    assert [slot_rect({"LayoutParams": {"MixLayoutList": slots}}, i) for i in range(4)] == [
        (0, 0, 640, 360),
        (640, 0, 640, 360),
        (0, 360, 640, 360),
        (640, 360, 640, 360),
    ]


def test_a_dragged_slot_snaps_exactly_onto_its_neighbours_edge(page):
    preset = two_slot_preset()
    open_editor(page, f"/presets/{preset.pk}/edit")
    scale = stage_scale(page, 1280)
    # Slot 2 starts at x=600; slot 1's right edge is at x=400. Aim 3 px short of it.
    x, y = centre(slot(page, 1))
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 9):
        page.mouse.move(x - 197 * scale * step / 8, y - 150 * scale * step / 8)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.mx-guide')].some(g => g.style.opacity === '1')"
    )
    snapshot(page, "editor-snap-guide")
    page.mouse.up()
    wait_json(page, '"LocationX": 400')
    x, y, w, h = slot_rect(editor_document(page), 1)
    assert x == 400
    assert (w, h) == (200, 150)
    page.get_by_role("button", name="Save").click()
    wait_saved(page, 2)
    preset.refresh_from_db()
    assert slot_rect(preset.document, 1)[0] == 400


def test_undo_and_redo_a_drag(page):
    preset = two_slot_preset()
    open_editor(page, f"/presets/{preset.pk}/edit")
    scale = stage_scale(page, 1280)
    drag_by(page, centre(slot(page, 0)), 50 * scale, 30 * scale, alt=True)
    wait_json(page, '"LocationX": 150')
    assert slot_rect(editor_document(page), 0) == (150, 130, 300, 200)
    page.keyboard.press("Control+z")
    wait_json(page, '"LocationX": 100')
    assert slot_rect(editor_document(page), 0) == (100, 100, 300, 200)
    assert page.locator("body").get_attribute("data-dirty") == "false"
    page.keyboard.press("Control+Shift+z")
    wait_json(page, '"LocationX": 150')
    assert slot_rect(editor_document(page), 0) == (150, 130, 300, 200)
    page.get_by_role("button", name="Undo").click()
    assert slot_rect(editor_document(page), 0) == (100, 100, 300, 200)


def test_arrow_keys_nudge_the_selection(page):
    preset = two_slot_preset()
    open_editor(page, f"/presets/{preset.pk}/edit")
    slot(page, 0).click()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowDown")
    page.keyboard.press("ArrowUp")
    assert slot_rect(editor_document(page), 0) == (102, 109, 300, 200)
    assert field(page, "LayoutParams.MixLayoutList[0].LocationX").input_value() == "102"
    # Nothing moves past the canvas edge.
    for _ in range(20):
        page.keyboard.press("Shift+ArrowLeft")
    assert slot_rect(editor_document(page), 0)[0] == 0


def test_a_marquee_selects_several_and_they_align(page):
    preset = two_slot_preset()
    open_editor(page, f"/presets/{preset.pk}/edit")
    stage = page.locator(".mx-stage").bounding_box()
    scale = stage["width"] / 1280
    # From empty canvas above-left of slot 1 to inside slot 2.
    start = (stage["x"] + 50 * scale, stage["y"] + 50 * scale)
    drag_by(page, start, 650 * scale, 450 * scale)
    assert "mx-selected" in slot(page, 0).get_attribute("class")
    assert "mx-selected" in slot(page, 1).get_attribute("class")
    assert "2 elements selected" in page.locator(".mx-inspector").inner_text()
    page.get_by_role("button", name="Align top edges").click()
    doc = editor_document(page)
    assert slot_rect(doc, 0)[1] == slot_rect(doc, 1)[1] == 100
    # Shift-click takes one out again.
    slot(page, 0).click(modifiers=["Shift"])
    assert "mx-selected" not in slot(page, 0).get_attribute("class")
    assert "mx-selected" in slot(page, 1).get_attribute("class")


def test_a_dynamic_template_shows_its_regions_and_no_slots(page):
    preset = two_slot_preset()
    open_editor(page, f"/presets/{preset.pk}/edit")
    field(page, "LayoutParams.MixLayoutMode").select_option("3")
    page.wait_for_selector(".mx-region")
    # Nobody is bound, so the preview imagines four guests (as the server does).
    assert page.locator(".mx-region").count() == 4
    assert not slot(page, 0).is_visible()
    assert page.get_by_role("button", name="Add slot").is_disabled()
    assert editor_document(page)["LayoutParams"]["MixLayoutList"]  # kept for later (R38)


def test_a_text_watermark_is_added_edited_and_saved(page):
    preset = two_slot_preset()
    open_editor(page, f"/presets/{preset.pk}/edit")
    page.get_by_role("button", name="Add text watermark").click()
    mark = page.locator('.mx-el[data-id="wm:0"]')
    assert mark.count() == 1
    text = field(page, "WaterMarkList[0].WaterMarkText.Text")
    text.fill("LIVE from Shenzhen")
    text.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('.mx-el[data-id=\"wm:0\"]').textContent.includes('LIVE')"
    )
    field(page, "WaterMarkList[0].WaterMarkText.Font").select_option("SourceHanSans")
    snapshot(page, "editor-text-watermark")
    page.get_by_role("button", name="Save").click()
    wait_saved(page, 2)
    preset.refresh_from_db()
    [saved] = preset.document["WaterMarkList"]
    assert saved["WaterMarkType"] == 1
    assert saved["WaterMarkText"]["Text"] == "LIVE from Shenzhen"
    assert saved["WaterMarkText"]["Font"] == "SourceHanSans"
    assert saved["WaterMarkText"]["FontSize"] > 0


# ---- validation and preview ------------------------------------------------------------


def test_a_slot_typed_past_the_edge_is_marked_on_its_element_and_field(page):
    preset = two_slot_preset()
    open_editor(page, f"/presets/{preset.pk}/edit")
    slot(page, 1).click()
    x_field = field(page, "LayoutParams.MixLayoutList[1].LocationX")
    x_field.fill("1200")
    x_field.press("Tab")
    page.wait_for_selector('.mx-el.mx-error[data-id="slot:1"]')
    assert "mx-error" not in (slot(page, 0).get_attribute("class") or "")
    width_field = field(page, "LayoutParams.MixLayoutList[1].ImageWidth")
    assert width_field.get_attribute("aria-invalid") == "true"
    problem = page.locator(".mx-problem").filter(has_text="Slot 2")
    assert "Slot 2" in problem.inner_text()
    assert "R41" in problem.inner_text()
    snapshot(page, "editor-validation-problem")
    # The list selects the element it speaks of.
    slot(page, 0).click()
    problem.get_by_role("button").click()
    assert "mx-selected" in slot(page, 1).get_attribute("class")
    # The server refuses to save it, and says why.
    page.get_by_role("button", name="Save").click()
    wait_status(page, "Not saved")
    preset.refresh_from_db()
    assert preset.version == 1


def test_the_preview_loads_and_changes_after_an_edit(page):
    preset = two_slot_preset()
    open_editor(page, f"/presets/{preset.pk}/edit")
    page.wait_for_selector(".mx-preview-image[data-generation='1']")
    first = preview_bytes(page)
    assert base64.b64decode(first)[:8] == b"\x89PNG\r\n\x1a\n"
    colour = page.locator(".mx-colour-text").first
    colour.fill("0x00FF00")
    colour.press("Enter")
    page.wait_for_selector(".mx-preview-image[data-generation='2']")
    assert preview_bytes(page) != first
    snapshot(page, "editor-preview")


# ---- JSON ------------------------------------------------------------------------------


def test_seed_example_1_imported_through_the_json_panel_round_trips(page):
    body = seed_examples()[0]
    open_editor(page, "/presets/new?size=1280x720")
    page.get_by_role("tab", name="Request JSON").click()
    page.get_by_text("Paste a request body or VideoParams").click()
    page.get_by_label("A StartPublishCdnStream or UpdatePublishCdnStream body").fill(
        json.dumps(body)
    )
    page.get_by_role("button", name="Load this JSON").click()
    page.wait_for_selector('.mx-el[data-id="slot:3"]')
    assert editor_document(page) == body["VideoParams"]
    assert "Trtc_User_2" in slot(page, 2).inner_text()
    assert page.locator('.mx-el[data-id="wm:0"]').count() == 1
    snapshot(page, "editor-seed-example-1")
    page.fill("#mx-name", "Seed example 1")
    page.get_by_role("button", name="Save").click()
    wait_saved(page, 1)
    saved = Preset.objects.get(name="Seed example 1").document
    assert saved == body["VideoParams"]
    assert list(saved["LayoutParams"]["MixLayoutList"][0]) == list(
        body["VideoParams"]["LayoutParams"]["MixLayoutList"][0]
    )


def test_unknown_keys_survive_edits(page):
    doc = document(1280, 720, slots=2)
    doc["FutureField"] = {"kept": [1, 2, 3]}
    doc["LayoutParams"]["MixLayoutList"][0]["NotYetDocumented"] = "x"
    saved = services.create_preset(name="Unknown keys", document=copy.deepcopy(doc), user=None)
    preset = saved.preset
    open_editor(page, f"/presets/{preset.pk}/edit")
    slot(page, 0).click()
    page.keyboard.press("Shift+ArrowRight")
    page.get_by_role("button", name="Save").click()
    wait_saved(page, 2)
    saved = Preset.objects.get(pk=preset.pk).document
    assert saved["FutureField"] == {"kept": [1, 2, 3]}
    assert saved["LayoutParams"]["MixLayoutList"][0]["NotYetDocumented"] == "x"
    assert saved["LayoutParams"]["MixLayoutList"][0]["LocationX"] == 10


# ---- concurrent saves ------------------------------------------------------------------


def edit_then_conflict(page):
    preset = two_slot_preset()
    open_editor(page, f"/presets/{preset.pk}/edit")
    slot(page, 0).click()
    page.keyboard.press("Shift+ArrowRight")
    theirs = copy.deepcopy(preset.document)
    theirs["BackGroundColor"] = "0x123456"
    services.update_preset(
        preset.pk, expected_version=1, changes={"name": "Theirs", "document": theirs}, user=None
    )
    page.get_by_role("button", name="Save").click()
    dialog = page.locator("#mx-conflict")
    dialog.wait_for(state="visible")
    return preset, dialog


def test_a_conflicting_save_shows_the_difference_and_can_overwrite(page):
    preset, dialog = edit_then_conflict(page)
    table = dialog.locator("table.mx-diff")
    assert "LayoutParams.MixLayoutList[0].LocationX" in table.inner_text()
    assert "BackGroundColor" in table.inner_text()
    assert "0x123456" in table.inner_text()
    snapshot(page, "editor-conflict-dialog")
    dialog.get_by_role("button", name="Overwrite with mine").click()
    wait_saved(page, 3)
    preset.refresh_from_db()
    assert preset.version == 3
    assert preset.name == "Two slots"
    assert slot_rect(preset.document, 0)[0] == 110
    assert preset.document["BackGroundColor"] == "0x000000"


def test_a_conflicting_save_can_reload_their_version(page):
    preset, dialog = edit_then_conflict(page)
    dialog.get_by_role("button", name="Reload their version").click()
    page.wait_for_function("() => document.getElementById('mx-name').value === 'Theirs'")
    assert editor_document(page)["BackGroundColor"] == "0x123456"
    assert slot_rect(editor_document(page), 0)[0] == 100
    assert page.locator("body").get_attribute("data-dirty") == "false"
    preset.refresh_from_db()
    assert preset.version == 2
