"""Rehearsing a scenario in an emulator task's simulated room, in real time, by the job runner.

The jobs are called directly with the moment each runs (`now`), then one test
runs a real `manage.py db_worker` beside the test, as `make run` does: the
lecture starter, compressed in time, plays in the task's room, and the teacher's
screen share reaches the room, the event log and the program's SEI.
"""

from __future__ import annotations

import datetime
import time

import pytest

from layouts.core.scenario_starters import STARTERS
from studio.cloud.emulator.program import scenario_jobs, selectors
from studio.cloud.emulator.program.models import ProgramChange, ScenarioPlay
from studio.control.models import TaskEvent
from tests.studio.conftest import CALLBACK_KEY
from tests.studio.program_helpers import (
    ROOM,
    engine_worker,
    file_cache,
    sandbox_of,
    small_document,
    start_request,
    started_at,
    wait_until,
)

LECTURE = next(s for s in STARTERS if s["name"] == "lecture-screen-share")["scenario"]


@pytest.fixture(autouse=True)
def _emulator_callbacks(settings):
    settings.MIX_SANDBOX_CALLBACK_KEY = CALLBACK_KEY
    settings.MIX_SANDBOX_CALLBACK_URL = ""
    settings.MIX_PROGRAM_SEGMENT_SECONDS = 1.0
    settings.MIX_PROGRAM_PARTS = 3


def compressed(scenario: dict, factor: float) -> dict:
    """The scenario played `1 / factor` times faster: the lecture's share at 3 s, not 30 s."""
    return {
        "duration": scenario["duration"] * factor,
        "events": [{**event, "at": round(event["at"] * factor, 3)} for event in scenario["events"]],
    }


def lecture_document() -> dict:
    """Slot 1 shows the teacher's screen share, slot 2 the teacher's camera."""
    doc = small_document()
    first, second = doc["LayoutParams"]["MixLayoutList"]
    first["UserMediaStream"] = {"UserInfo": {"UserId": "teacher", "RoomId": ROOM}, "StreamType": 1}
    second["UserMediaStream"] = {"UserInfo": {"UserId": "teacher", "RoomId": ROOM}}
    return doc


def launch(api, scenario: dict | None = None, **body) -> dict:
    payload = {"request": start_request(VideoParams=lecture_document(), **body)}
    if scenario is not None:
        payload["scenario"] = scenario
    answer = api.post("/api/tasks/", payload, format="json")
    assert answer.status_code == 201, answer.json()
    return answer.json()


def people(api, task) -> list[tuple]:
    room = api.get(f"/api/tasks/{task['id']}/room/").json()
    return [(p["UserId"], p["camera"], p["audio"], p["screen"]) for p in room["participants"]]


def levels(api, task) -> dict[str, int | None]:
    room = api.get(f"/api/tasks/{task['id']}/room/").json()
    return {p["UserId"]: p["level"] for p in room["participants"]}


def play_of(task) -> ScenarioPlay:
    return ScenarioPlay.objects.get(task=sandbox_of(task))


def run(task, at: float) -> str:
    """The pending job of the task's scenario, run `at` seconds after the task started."""
    play = play_of(task)
    return scenario_jobs.run_scenario(
        play.task_id, play.generation, now=started_at(task["task_id"]) + at
    )


def pending_jobs(task) -> list[tuple[list, datetime.datetime]]:
    from django_tasks_db.models import DBTaskResult

    jobs = DBTaskResult.objects.filter(
        task_path=scenario_jobs.play_scenario.module_path, status="READY"
    ).order_by("enqueued_at")
    return [(job.args_kwargs["args"], job.run_after) for job in jobs]


def when(task, at: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(started_at(task["task_id"]) + at, tz=datetime.UTC)


def room_moments(task, kind: str) -> list[int]:
    events = TaskEvent.objects.filter(task_id=task["id"], action=f"Room {kind}").order_by("id")
    return [event.request["at_ms"] for event in events]


LECTURE_FAST = compressed(LECTURE, 0.1)  # teacher 0, students 0.2 and 0.4, share 3 to 5 s


@pytest.mark.django_db
def test_a_launch_with_a_scenario_schedules_its_first_event_at_the_tasks_start(api):
    task = launch(api, LECTURE_FAST)

    assert pending_jobs(task) == [([sandbox_of(task).pk, 0], when(task, 0))]
    assert play_of(task).origin == started_at(task["task_id"])


@pytest.mark.django_db
def test_the_opening_brings_the_room_to_who_the_scenario_has_in_and_nobody_else(api):
    task = launch(api, LECTURE_FAST)
    # The layout names the teacher sharing a screen: the room the emulator imagines.
    assert people(api, task) == [("teacher", True, True, True)]

    assert run(task, 0.01) == scenario_jobs.PLAYED

    assert people(api, task) == [("teacher", True, True, False)]
    assert pending_jobs(task)[-1] == ([sandbox_of(task).pk, 0], when(task, 0.2))


@pytest.mark.django_db
def test_a_late_job_plays_every_event_due_each_dated_at_its_own_moment(api):
    task = launch(api, LECTURE_FAST)
    run(task, 0.01)
    run(task, 3.4)  # the worker was busy: 0.2, 0.4, 0.5 and 3.0 are due

    assert people(api, task) == [
        ("teacher", True, True, True),
        ("student_a", True, True, False),
        ("student_b", True, True, False),
    ]
    assert levels(api, task)["teacher"] == 75
    origin_ms = round(started_at(task["task_id"]) * 1000)
    assert room_moments(task, "screen")[-1] == origin_ms + 3000
    assert pending_jobs(task)[-1][1] == when(task, 5.0)


@pytest.mark.django_db
def test_the_emulators_room_follows_the_same_events(api):
    from studio.cloud import backends

    task = launch(api, LECTURE_FAST)
    run(task, 0.01)
    run(task, 3.1)
    emulator = [
        (p.user_id, p.camera, p.audio, p.screen) for p in backends.emulator().room(task["task_id"])
    ]

    assert emulator == people(api, task)


@pytest.mark.django_db
def test_the_scenario_finishes_after_its_last_event(api):
    task = launch(api, LECTURE_FAST)
    for at in (0.01, 3.1, 5.0, 5.2):
        outcome = run(task, at)

    assert outcome == scenario_jobs.FINISHED
    assert ("teacher", True, True, False) in people(api, task)
    assert levels(api, task)["student_a"] == 60
    state = api.get(f"/api/tasks/{task['id']}/scenario/").json()["scenario"]
    assert state["finished"] is True and state["played"] == state["events"]


@pytest.mark.django_db
def test_a_paused_scenarios_pending_job_does_nothing(api):
    task = launch(api, LECTURE_FAST)
    run(task, 0.01)
    stale = play_of(task)
    answer = api.post(f"/api/tasks/{task['id']}/scenario/", {"action": "pause"}, format="json")
    before = people(api, task)

    outcome = scenario_jobs.run_scenario(stale.task_id, stale.generation, now=time.time() + 10)

    assert answer.status_code == 200 and answer.json()["scenario"]["paused"] is True
    assert outcome == scenario_jobs.STALE
    assert people(api, task) == before


@pytest.mark.django_db
def test_resuming_goes_on_from_where_it_paused(api):
    task = launch(api, LECTURE_FAST)
    run(task, 0.01)
    api.post(f"/api/tasks/{task['id']}/scenario/", {"action": "pause"}, format="json")
    paused_at = play_of(task).paused_at
    resumed = time.time()
    answer = api.post(f"/api/tasks/{task['id']}/scenario/", {"action": "resume"}, format="json")

    assert answer.json()["scenario"]["paused"] is False
    (args, due), *_ = pending_jobs(task)[-1:]
    assert args == [sandbox_of(task).pk, play_of(task).generation]
    # The next event (0.2 s into the scenario) comes as long after the resume as it was
    # ahead of the pause (or at once, if the pause came after its moment).
    assert due.timestamp() == pytest.approx(resumed + 0.2 - paused_at, abs=0.5)


@pytest.mark.django_db
def test_step_plays_the_next_moment_now_and_stays_paused(api):
    task = launch(api, LECTURE_FAST)
    run(task, 0.01)
    answer = api.post(f"/api/tasks/{task['id']}/scenario/", {"action": "step"}, format="json")

    state = answer.json()["scenario"]
    assert state["paused"] is True and state["position"] == pytest.approx(0.2)
    assert [p[0] for p in people(api, task)] == ["teacher", "student_a"]
    assert pending_jobs(task)[-1][0][1] != play_of(task).generation  # nothing scheduled


@pytest.mark.django_db
def test_restart_plays_the_scenario_again_from_its_opening(api):
    task = launch(api, LECTURE_FAST)
    run(task, 0.01)
    run(task, 3.1)
    answer = api.post(f"/api/tasks/{task['id']}/scenario/", {"action": "restart"}, format="json")
    play = play_of(task)
    outcome = scenario_jobs.run_scenario(play.task_id, play.generation, now=play.origin + 0.01)

    assert answer.status_code == 200 and answer.json()["scenario"]["played"] == 0
    assert outcome == scenario_jobs.PLAYED
    assert people(api, task) == [("teacher", True, True, False)]


@pytest.mark.django_db
def test_an_unknown_action_names_the_field(api):
    task = launch(api, LECTURE_FAST)
    answer = api.post(f"/api/tasks/{task['id']}/scenario/", {"action": "rewind"}, format="json")

    assert answer.status_code == 400
    assert answer.json()["field"] == "action"


@pytest.mark.django_db
def test_a_task_without_a_scenario_says_so(api):
    task = launch(api)

    assert api.get(f"/api/tasks/{task['id']}/scenario/").json() == {"scenario": None}
    answer = api.post(f"/api/tasks/{task['id']}/scenario/", {"action": "pause"}, format="json")
    assert answer.status_code == 409 and answer.json()["error"] == "no-scenario"


@pytest.mark.django_db
def test_a_bad_scenario_given_at_launch_names_the_event_and_starts_nothing(api):
    bad = {"duration": 10, "events": [{"at": 0, "type": "dance", "UserId": "teacher"}]}
    answer = api.post(
        "/api/tasks/",
        {"request": start_request(VideoParams=lecture_document()), "scenario": bad},
        format="json",
    )

    assert answer.status_code == 400
    assert answer.json()["field"] == "scenario.events[0].type"
    assert not ScenarioPlay.objects.exists()


@pytest.mark.django_db
def test_a_presets_scenario_is_rehearsed_when_it_is_launched(api):
    preset = api.post(
        "/api/presets/",
        {
            "name": "Lecture",
            "document": lecture_document(),
            "request": {"RoomId": ROOM, "RoomIdType": 0, "MixStudio": {"Scenario": LECTURE_FAST}},
        },
        format="json",
    )
    assert preset.status_code == 201, preset.json()
    body = start_request()
    body.pop("VideoParams")
    answer = api.post(
        "/api/tasks/", {"request": body, "preset": preset.json()["id"]}, format="json"
    )
    assert answer.status_code == 201, answer.json()

    assert play_of(answer.json()).events[0]["UserId"] == "teacher"


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_plays_the_lecture_and_the_share_reaches_the_room_log_and_program(
    api, settings, tmp_path, monkeypatch
):
    file_cache(settings, tmp_path)
    monkeypatch.setenv("MIX_SANDBOX_CALLBACK_KEY", CALLBACK_KEY)  # the worker's emulator signs
    task = launch(api, LECTURE_FAST)
    origin = started_at(task["task_id"])
    share_at = origin + 3.0

    def teacher_sharing():
        return ("teacher", True, True, True) in people(api, task) and time.time()

    with engine_worker(tmp_path):
        wait_until(lambda: ("student_a", True, True, False) in people(api, task), what="a student")
        # A worker that starts late plays the share at once too: the teacher is in either way.
        assert "teacher" in [person[0] for person in people(api, task)]
        seen = wait_until(teacher_sharing, what="the teacher's screen share")
        told = next(
            change
            for change in ProgramChange.objects.filter(task=sandbox_of(task), kind="room")
            if any(person["screen"] for person in change.participants)
        )
        grid = selectors.grid_of(selectors.timeline_of(sandbox_of(task)))
        number = grid.part_at(told.at)
        pk = sandbox_of(task).pk
        wait_until(
            lambda: api.get(f"/sandbox/program/{pk}/parts/{number}.json").status_code == 200,
            what=f"part {number} to be drawn",
        )
        before = api.get(f"/sandbox/program/{pk}/parts/{number - 1}.json").json()["messages"]
        after = api.get(f"/sandbox/program/{pk}/parts/{number}.json").json()["messages"]

    print("the share in GET room/", round(seen - share_at, 3), "s after its moment")
    assert seen - share_at < 1.0
    assert room_moments(task, "screen")[-1] == round(share_at * 1000)

    def teacher_regions(messages):
        return {
            (r["x"], r["y"], r["w"], r["h"])
            for m in messages
            for r in m["layout_volume"]["regions"]
            if r["uid"] == "teacher"
        }

    # Slot 1 is where the layout puts the teacher's screen share: empty before, then shown.
    assert teacher_regions(before) == {(160, 0, 160, 180)}
    assert teacher_regions(after) == {(0, 0, 160, 180), (160, 0, 160, 180)}
