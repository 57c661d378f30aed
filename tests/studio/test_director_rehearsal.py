"""The auto-director live in the emulator, end to end, with a real `manage.py db_worker`
(as `make run` runs it): the lecture scenario (compressed in time) plays in the task's
room, the `screen-share-takes-over` rules cut the program to the teacher's screen share
and back, visibly in the program's SEI and the event log with the rule that fired; a
producer's Take during the hold wins; paused automation cuts nothing; the slate goes
on air and comes off."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from layouts.core.director_starters import starter
from layouts.core.scenario_starters import STARTERS
from studio.control.models import TaskEvent
from studio.control.services import director
from tests.studio.conftest import CALLBACK_KEY
from tests.studio.program_helpers import (
    engine_worker,
    file_cache,
    sandbox_of,
    small_document,
    start_request,
    wait_until,
)

pytestmark = pytest.mark.django_db(transaction=True)

SHARE_RULES = starter("screen-share-takes-over")["rules"]
LECTURE = next(s for s in STARTERS if s["name"] == "lecture-screen-share")["scenario"]
FACTOR = 0.1  # the teacher shares from 3 s to 5 s


@pytest.fixture(autouse=True)
def _emulator(settings, tmp_path, monkeypatch):
    settings.MIX_SANDBOX_CALLBACK_KEY = CALLBACK_KEY
    settings.MIX_SANDBOX_CALLBACK_URL = ""
    settings.MIX_PROGRAM_SEGMENT_SECONDS = 1.0
    settings.MIX_PROGRAM_PARTS = 3
    file_cache(settings, tmp_path)
    monkeypatch.setenv("MIX_SANDBOX_CALLBACK_KEY", CALLBACK_KEY)


def compressed(scenario: dict) -> dict:
    return {
        "duration": scenario["duration"] * FACTOR,
        "events": [{**event, "at": round(event["at"] * FACTOR, 3)} for event in scenario["events"]],
    }


def launch(api, rules=SHARE_RULES) -> dict:
    body = start_request(VideoParams=small_document())
    for slot in body["VideoParams"]["LayoutParams"]["MixLayoutList"]:
        slot.pop("UserMediaStream", None)  # auto-fill: the room's people, in join order
    body["MixStudio"] = {"Rules": copy.deepcopy(rules)}
    answer = api.post(
        "/api/tasks/", {"request": body, "scenario": compressed(LECTURE)}, format="json"
    )
    assert answer.status_code == 201, answer.json()
    return answer.json()


def cuts(task) -> list[tuple[str, str]]:
    rows = TaskEvent.objects.filter(task_id=task["id"], kind=TaskEvent.Kind.DIRECTOR)
    return [(row.action, row.request.get("rule", "")) for row in rows.order_by("id")]


def teacher_sharing(api, task) -> bool:
    room = api.get(f"/api/tasks/{task['id']}/room/").json()
    return any(p["UserId"] == "teacher" and p["screen"] for p in room["participants"])


def teacher_big(api, task) -> set[tuple[int, int, int, int]]:
    """The teacher's regions wider than half the canvas in the newest drawn part's SEI:
    the screen share, big (the camera beside it is a quarter of the canvas wide)."""
    pk = sandbox_of(task).pk
    playlist = api.get(f"/sandbox/program/{pk}/index.m3u8").content.decode()
    parts = re.findall(r'#EXT-X-PART:.*URI="[^"]*/parts/(\d+)\.ts"', playlist)
    if not parts:
        return set()
    number = int(parts[-1])
    messages = api.get(f"/sandbox/program/{pk}/parts/{number}.json").json()["messages"]
    return {
        (r["x"], r["y"], r["w"], r["h"])
        for m in messages
        for r in m["layout_volume"]["regions"]
        if r["uid"] == "teacher" and r["w"] > 160
    }


def on_air_shot(task) -> str:
    return director.TaskDirector.objects.get(task_id=task["id"]).on_air["shot"]


def test_the_share_takes_over_the_program_and_gives_it_back(api):
    task = launch(api)

    with engine_worker(file_cache_dir(api)):
        wait_until(lambda: (director.CUT, "share-takes-over") in cuts(task), what="the cut")
        assert on_air_shot(task) == "sharer-big"
        wait_until(lambda: teacher_big(api, task), what="the share big in the SEI")
        wait_until(lambda: (director.CUT, "back-after-share") in cuts(task), what="the way back")
        assert on_air_shot(task) == "show"

        program = api.get(f"/api/tasks/{task['id']}/").json()
        assert program["sequence_number"] == 2
        on = api.post(f"/api/tasks/{task['id']}/slate/", {}, format="json")
        off = api.post(f"/api/tasks/{task['id']}/slate/", {"on": False}, format="json")

    assert on.status_code == 200 and on.json()["slate"]["on"] is True
    assert off.status_code == 200 and off.json()["on_air"] == {"shot": "show"}
    assert cuts(task) == [
        (director.CUT, "share-takes-over"),
        (director.CUT, "back-after-share"),
        (director.SLATE_ON, ""),
        (director.SLATE_OFF, ""),
    ]
    cut = TaskEvent.objects.get(
        task_id=task["id"], action=director.CUT, request__rule="share-takes-over"
    )
    assert cut.request["event"]["type"] == "screen" and cut.request["event"]["UserId"] == "teacher"


def test_a_producers_take_during_the_hold_wins(api):
    task = launch(api)

    with engine_worker(file_cache_dir(api)):
        wait_until(lambda: (director.CUT, "share-takes-over") in cuts(task), what="the cut")
        staged = api.get(f"/api/tasks/{task['id']}/").json()["params"]["VideoParams"]
        staged["BackgroundColor"] = "0x203040"
        took = api.post(f"/api/tasks/{task['id']}/take/", {"document": staged}, format="json")
        assert took.status_code == 200, took.json()
        wait_until(lambda: not teacher_sharing(api, task), what="the share to stop")
        # The director decides on a room event in the transaction that applies it: once
        # the room shows the share stopped, whatever it scheduled for it is in its status.
        status = api.get(f"/api/tasks/{task['id']}/director/").json()

    assert status["on_air"] == {"shot": "manual"} and status["next_due"] is None
    assert (director.CUT, "back-after-share") not in cuts(task)
    final = api.get(f"/api/tasks/{task['id']}/").json()["params"]["VideoParams"]
    assert final["BackgroundColor"] == "0x203040"


def test_paused_automation_cuts_nothing(api):
    task = launch(api)
    assert (
        api.patch(f"/api/tasks/{task['id']}/director/", {"paused": True}, format="json").status_code
        == 200
    )

    with engine_worker(file_cache_dir(api)):
        wait_until(lambda: teacher_sharing(api, task), what="the share")
        wait_until(lambda: not teacher_sharing(api, task), what="the share to stop")

    assert [action for action, _rule in cuts(task)] == [director.PAUSED]
    assert api.get(f"/api/tasks/{task['id']}/").json()["sequence_number"] == 0


def file_cache_dir(api) -> Path:
    from django.conf import settings

    return Path(settings.CACHES["default"]["LOCATION"])
