"""The task page's staged preview shows the task's room, as the program does.

The staged editor's participants are who GET room/ says is in the room (in join
order, with the task's own room as the one whose people fill auto-fill slots), so
"the preview matches the program" is true of the people shown, not only of the
document. A person entering shows in the staged preview; hand edits stop the
following until the producer asks for the room again.
"""

from __future__ import annotations

import copy
import json

import pytest
from playwright.sync_api import expect

from layouts.core import geometry
from studio.control.services import launch, profiles
from studio.onair import services as onair
from tests.factories import document, seed_examples

pytestmark = pytest.mark.browser

STAGED = "#mx-preview img.mx-preview-image"
# The staged editor's top at the window's top, or all of it in the window (at the page's end).
IN_VIEW_WHOLE = """() => {
  const box = document.getElementById("task-workspace").getBoundingClientRect();
  return box.top >= -1 && (box.top < 20 || box.bottom <= window.innerHeight + 1);
}"""


def four_auto_slots_task(user, width: int = 640, height: int = 360):
    body = copy.deepcopy(seed_examples()[0])
    body.pop("SdkAppId")
    body["AgentParams"].pop("UserSig")
    body["VideoParams"] = document(width, height, slots=4)  # four auto-fill slots
    return launch.start_task(app=profiles.emulator_app(), request=body, user=user)


def person(user_id: str, room_id: str, room_type: int) -> geometry.Participant:
    return geometry.Participant(user_id, room_id, room_type)


def staged_users(page) -> list[str]:
    return [
        region["uid"]
        for region in json.loads(page.locator(STAGED).get_attribute("data-regions") or "[]")
    ]


def wait_for_staged(page, users: list[str]) -> None:
    page.wait_for_function(
        """([selector, users]) => {
          const image = document.querySelector(selector);
          const regions = JSON.parse((image && image.dataset.regions) || "[]");
          return JSON.stringify(regions.map((r) => r.uid)) === JSON.stringify(users);
        }""",
        arg=[STAGED, users],
        timeout=30_000,
    )


def test_the_staged_preview_shows_who_is_in_the_tasks_room(page, producer, client):
    task = four_auto_slots_task(producer)
    room = (task.room_id, task.room_id_type)
    onair.set_room(task, [person("anchor", *room), person("alice", *room)])
    page.goto(f"/tasks/{task.pk}/")
    page.wait_for_selector("#task-page[data-ready='true']")
    wait_for_staged(page, ["anchor", "alice"])

    # The program's own account of the room agrees: the same people in the same slots.
    client.force_login(producer)
    on_air = {
        p["UserId"]: [r["slot"] for r in p["on_air"]]
        for p in client.get(f"/api/tasks/{task.pk}/room/").json()["participants"]
    }
    assert on_air == {"anchor": [1], "alice": [2]}
    page.get_by_role("tab", name="People in the preview").click()
    expect(page.locator("#mx-room-note")).to_contain_text("people in the task's room now")
    expect(page.locator("#mx-follow-room")).to_be_hidden()
    expect(page.locator("#take-summary")).to_have_text("The preview matches the program.")

    # Someone enters: the staged preview follows the room at the store's next poll.
    onair.set_room(
        task,
        [
            person("rival", "777", 0),
            person("anchor", *room),
            person("alice", *room),
            person("bob", *room),
        ],
    )
    wait_for_staged(page, ["anchor", "alice", "bob"])

    # A hand edit stops the following, and says so; one click brings the room back.
    page.locator("#mx-participants").get_by_role("button", name="Add participant").click()
    expect(page.locator("#mx-room-note")).to_contain_text("Edited by hand")
    page.click("#mx-follow-room")
    wait_for_staged(page, ["anchor", "alice", "bob"])
    expect(page.locator("#mx-follow-room")).to_be_hidden()


@pytest.mark.parametrize("size", [(1280, 720), (1440, 900)])
def test_the_staged_editor_comes_into_view_whole_at_a_readable_zoom(page, producer, size):
    task = four_auto_slots_task(producer, 1920, 1080)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"/tasks/{task.pk}/")
    page.wait_for_selector("#task-page[data-ready='true']")

    # The way to it is in the first screen, on the staged preview itself.
    link = page.locator("#edit-staged")
    expect(link).to_be_in_viewport()
    link.click()
    page.wait_for_function(IN_VIEW_WHOLE)
    expect(page.locator("#mx-canvas .mx-viewport")).to_be_focused()
    canvas = page.locator("#mx-canvas .mx-viewport").bounding_box()
    assert canvas["y"] + 120 < size[1], "the canvas starts in the window"
    # The editor has the page's width: a 1080p show is drawn more than a third of the
    # window wide (its row shared with the side column drew it at 17 % and 25 % zoom,
    # a quarter of the window at 1280x720).
    stage = page.locator("#mx-canvas .mx-stage").bounding_box()
    assert stage["width"] >= 0.35 * size[0], stage

    page.evaluate("window.scrollTo(0, 0)")
    page.keyboard.press("Shift+E")
    page.wait_for_function(IN_VIEW_WHOLE)


def test_the_swap_lists_name_who_each_slot_shows_and_follow_a_take(page, producer, client):
    task = four_auto_slots_task(producer)
    room = (task.room_id, task.room_id_type)
    onair.set_room(task, [person("anchor", *room), person("alice", *room)])
    bound = document(640, 360, slots=2)
    for slot, user in zip(bound["LayoutParams"]["MixLayoutList"], ["bob", "carol"], strict=True):
        slot["UserMediaStream"] = {"UserInfo": {"UserId": user}}
    client.force_login(producer)
    made = client.post(
        "/api/presets/",
        {"name": "Bob and Carol", "document": bound},
        content_type="application/json",
    )
    assert made.status_code == 201, made.json()

    page.goto(f"/tasks/{task.pk}/")
    page.wait_for_selector("#task-page[data-ready='true']")
    page.click("details.quick summary")
    options = page.locator("#swap-a option")
    expect(options).to_have_text(
        ["#1 auto: anchor", "#2 auto: alice", "#3 auto: empty", "#4 auto: empty"], timeout=15_000
    )

    page.select_option("#quick-preset", label="Bob and Carol")
    page.click("#quick-preset-take")
    expect(options).to_have_text(["#1 bob", "#2 carol"], timeout=15_000)
    expect(page.locator("#swap-b")).to_have_value("1")
