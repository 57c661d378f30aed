"""The program engine: one short job per part, at the live edge; requests never draw.

The jobs are called directly, with the moment each starts given (`now`), or
through django-tasks' DummyBackend to see what they enqueue; the last tests run
a real `manage.py db_worker` beside the test.
"""

from __future__ import annotations

import datetime
import threading
import time

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from studio.cloud.emulator.program import engine, selectors, waiting
from studio.cloud.emulator.program.encoder import Program
from studio.cloud.emulator.program.models import ProgramChange, ProgramState
from studio.cloud.emulator.program.store import part_key
from tests.studio.program_helpers import (
    age,
    engine_worker,
    fetch,
    file_cache,
    listed_parts,
    playlist_segments,
    run_engine,
    sandbox_of,
    small_document,
    start,
    started_at,
    wait_until,
)

DUMMY_TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "QUEUES": ["default", "program"],
    }
}


@pytest.fixture(autouse=True)
def _short_segments(settings):
    settings.MIX_PROGRAM_SEGMENT_SECONDS = 1.0
    settings.MIX_PROGRAM_PARTS = 3
    settings.MIX_PROGRAM_WAIT_SECONDS = 0.0


def grid_of(task):
    return selectors.grid_of(selectors.timeline_of(sandbox_of(task)))


def state_of(task) -> ProgramState:
    return ProgramState.objects.get(task=sandbox_of(task))


def playlist_of(api, task, query: str = "") -> str:
    return fetch(api, f"/sandbox/program/{sandbox_of(task).pk}/index.m3u8{query}").decode()


def moved_document() -> dict:
    moved = small_document()
    moved["LayoutParams"]["MixLayoutList"][0].update(
        LocationX=40, LocationY=20, ImageWidth=100, ImageHeight=100
    )
    return moved


def anchor_1(message: dict) -> tuple[int, int, int]:
    region = next(r for r in message["layout_volume"]["regions"] if r["uid"] == "anchor-1")
    return region["x"], region["y"], region["w"]


def when(at: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(at, tz=datetime.UTC)


@pytest.mark.django_db
def test_a_start_enqueues_the_first_part_due_at_the_start(api):
    from django_tasks_db.models import DBTaskResult

    task = start(api)
    job = DBTaskResult.objects.get(task_path=engine.draw_part.module_path)

    assert job.args_kwargs == {"args": [sandbox_of(task).pk, 0], "kwargs": {}}
    assert job.queue_name == "program"
    assert job.run_after.timestamp() == pytest.approx(started_at(task["task_id"]), abs=1e-3)


@pytest.mark.django_db
def test_each_job_draws_its_part_and_enqueues_the_next_due_at_that_parts_start(api, settings):
    task = start(api)
    settings.TASKS = DUMMY_TASKS
    from django_tasks import default_task_backend

    grid = grid_of(task)
    outcome = engine.run_part(sandbox_of(task).pk, 0, now=grid.part_start(0) + 0.01)
    (enqueued,) = default_task_backend.results

    assert outcome == engine.DRAWN
    assert enqueued.args == [sandbox_of(task).pk, 1]
    assert enqueued.task.run_after == when(grid.part_start(1))
    assert state_of(task).next_part == 1
    assert [entry["n"] for entry in state_of(task).parts] == [0]


@pytest.mark.django_db
def test_a_job_that_starts_after_its_part_has_ended_skips_to_the_live_edge(api, settings):
    task = start(api)
    run_engine(task["task_id"], until=started_at(task["task_id"]) + 0.9)  # parts 0, 1, 2
    settings.TASKS = DUMMY_TASKS
    from django_tasks import default_task_backend

    grid = grid_of(task)
    late = grid.part_start(6) + 0.1  # the engine was busy for two seconds
    outcome = engine.run_part(sandbox_of(task).pk, 3, now=late)
    (enqueued,) = default_task_backend.results

    assert outcome == engine.SKIPPED
    assert enqueued.args == [sandbox_of(task).pk, 7]
    assert enqueued.task.run_after == when(grid.part_start(7))
    assert (state_of(task).next_part, state_of(task).skipped) == (7, 4)
    assert [entry["n"] for entry in state_of(task).parts] == [0, 1, 2]  # nothing of the past


@pytest.mark.django_db
def test_after_a_gap_the_playlist_goes_on_behind_a_discontinuity(api):
    task = start(api)
    run_engine(task["task_id"], until=started_at(task["task_id"]) + 0.9)
    grid = grid_of(task)
    engine.run_part(sandbox_of(task).pk, 3, now=grid.part_start(6) + 0.1)
    engine.run_part(sandbox_of(task).pk, 7, now=grid.part_start(7))
    engine.run_part(sandbox_of(task).pk, 8, now=grid.part_start(8))
    text = playlist_of(api, task)
    lines = text.splitlines()

    pk = sandbox_of(task).pk
    assert playlist_segments(text) == [f"/sandbox/program/{pk}/0.ts", f"/sandbox/program/{pk}/1.ts"]
    assert "#EXTINF:0.66667," in lines  # segment 1 holds parts 7 and 8 only
    gap = lines.index("#EXT-X-DISCONTINUITY")
    assert (
        lines.index(f"/sandbox/program/{pk}/0.ts")
        < gap
        < lines.index(f"/sandbox/program/{pk}/1.ts")
    )
    assert [part.rsplit("/", 1)[1] for part in listed_parts(text)] == [
        "0.ts",
        "1.ts",
        "2.ts",
        "7.ts",
        "8.ts",
    ]


@pytest.mark.django_db
def test_the_program_says_whether_it_is_live_paused_or_ended(api):
    task = start(api)
    grid = grid_of(task)
    sandbox = sandbox_of(task)
    run_engine(task["task_id"], until=grid.part_start(3))

    assert selectors.program_status(sandbox, now=grid.part_start(3)) == selectors.LIVE
    # Nothing drawn for 1 1/3 s: the engine is too busy to keep this program up.
    assert selectors.program_status(sandbox, now=grid.part_start(7)) == selectors.PAUSED

    age(task["task_id"], 5.0)
    assert api.get(f"/api/tasks/{task['id']}/program/").json()["status"] == "paused"
    api.post(f"/api/tasks/{task['id']}/stop/")
    run_engine(task["task_id"])
    answer = api.get(f"/api/tasks/{task['id']}/program/").json()
    assert (answer["status"], answer["ended"]) == ("ended", True)
    assert answer["hls"] == f"/sandbox/program/{sandbox.pk}/index.m3u8"


@pytest.mark.django_db
def test_a_second_job_for_a_part_already_claimed_draws_nothing(api):
    task = start(api)
    grid = grid_of(task)
    pk = sandbox_of(task).pk

    assert engine.run_part(pk, 0, now=grid.part_start(0)) == engine.DRAWN
    assert engine.run_part(pk, 0, now=grid.part_start(0)) == engine.STALE
    assert [entry["n"] for entry in state_of(task).parts] == [0]


@pytest.mark.django_db
def test_a_take_is_dated_at_the_first_part_the_engine_has_not_begun(api):
    task = start(api)
    age(task["task_id"], 2.0)
    grid = grid_of(task)
    # The engine has begun part 9 (it may start a part before its neighbour has ended).
    ProgramState.objects.filter(task=sandbox_of(task)).update(next_part=10)
    api.post(
        f"/api/tasks/{task['id']}/update/",
        {"request": {"VideoParams": moved_document()}},
        format="json",
    )
    update = ProgramChange.objects.get(task__task_id=task["task_id"], kind="update")

    assert update.at == pytest.approx(grid.part_start(10))


@pytest.mark.django_db
def test_a_room_change_is_dated_at_the_start_of_the_next_part(api):
    task = start(api)
    grid = grid_of(task)
    before = grid.part_at(time.time())
    api.post(f"/api/tasks/{task['id']}/room/", {"participants": []}, format="json")
    told = ProgramChange.objects.get(task__task_id=task["task_id"], kind="room").at

    assert grid.part_at(told) in (before + 1, before + 2)  # the next part, or the one after
    assert told == pytest.approx(grid.part_start(grid.part_at(told)))


@pytest.mark.django_db
def test_when_drawing_fails_the_program_goes_on_from_the_next_part(api, settings, monkeypatch):
    task = start(api)
    settings.TASKS = DUMMY_TASKS
    from django_tasks import default_task_backend

    def broken(self, span):
        raise RuntimeError("the encoder broke")

    monkeypatch.setattr(Program, "render", broken)
    with pytest.raises(RuntimeError):
        engine.run_part(sandbox_of(task).pk, 0, now=grid_of(task).part_start(0))

    assert [result.args for result in default_task_backend.results] == [[sandbox_of(task).pk, 1]]


@pytest.mark.django_db
def test_no_request_draws_anything(api, monkeypatch):
    task = start(api)
    run_engine(task["task_id"], until=started_at(task["task_id"]) + 1.5)

    def forbidden(self, span):
        raise AssertionError("a web request drew part of the program")

    monkeypatch.setattr(Program, "render", forbidden)
    pk = sandbox_of(task).pk
    text = playlist_of(api, task)
    served = [api.get(path) for path in playlist_segments(text) + listed_parts(text)]
    sei = [api.get(path.replace(".ts", ".json")) for path in listed_parts(text)]
    undrawn = [api.get(f"/sandbox/program/{pk}/parts/7.ts"), api.get(f"/sandbox/program/{pk}/1.ts")]

    assert [response.status_code for response in served + sei] == [200] * (len(served) * 2 - 1)
    assert [response.status_code for response in undrawn] == [404, 404]  # drawn later, or never


@pytest.mark.django_db
def test_parts_that_leave_the_window_are_forgotten(api, settings):
    settings.MIX_PROGRAM_WINDOW = 2
    task = start(api)
    run_engine(task["task_id"], until=started_at(task["task_id"]) + 3.9)  # 4 segments, 12 parts
    text = playlist_of(api, task)

    assert [entry["seg"] for entry in state_of(task).parts] == [2, 2, 2, 3, 3, 3]
    assert "#EXT-X-MEDIA-SEQUENCE:2" in text
    assert cache.get(part_key(task["task_id"], 5)) is None
    assert cache.get(part_key(task["task_id"], 6)) is not None


@pytest.mark.django_db
def test_an_ended_program_is_served_for_a_while_then_not_at_all(api, settings):
    task = start(api)
    run_engine(task["task_id"], until=started_at(task["task_id"]) + 1.2)
    api.post(f"/api/tasks/{task['id']}/stop/")
    run_engine(task["task_id"], until=started_at(task["task_id"]) + 5)
    pk = sandbox_of(task).pk

    assert playlist_of(api, task).rstrip().endswith("#EXT-X-ENDLIST")
    age(task["task_id"], settings.MIX_PROGRAM_CACHE_SECONDS + 5)  # its while is over
    assert api.get(f"/sandbox/program/{pk}/index.m3u8").status_code == 404
    assert api.get(f"/sandbox/program/{pk}/0.ts").status_code == 404


@pytest.mark.django_db
def test_the_playlist_is_low_latency_hls(api):
    task = start(api)
    run_engine(task["task_id"], until=started_at(task["task_id"]) + 1.5)
    lines = playlist_of(api, task).splitlines()

    assert "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.668" in lines
    assert "#EXT-X-PART-INF:PART-TARGET=0.334" in lines
    assert "#EXT-X-TARGETDURATION:1" in lines
    parts = [line for line in lines if line.startswith("#EXT-X-PART:")]
    assert len(parts) == 5  # a whole segment and two parts of the next
    assert all("DURATION=0.33333" in line and "INDEPENDENT=YES" in line for line in parts)


@pytest.mark.django_db
def test_a_reload_asking_too_far_past_the_live_edge_is_refused(api):
    task = start(api)
    run_engine(task["task_id"], until=started_at(task["task_id"]) + 0.5)
    pk = sandbox_of(task).pk

    assert api.get(f"/sandbox/program/{pk}/index.m3u8?_HLS_msn=9&_HLS_part=0").status_code == 400
    assert api.get(f"/sandbox/program/{pk}/index.m3u8?_HLS_msn=x").status_code == 400


@pytest.mark.django_db(transaction=True)
def test_a_blocking_reload_answers_when_the_part_it_asks_for_is_drawn(api, settings):
    settings.MIX_PROGRAM_WAIT_SECONDS = 30.0  # far longer than the test waits
    task = start(api)
    run_engine(task["task_id"], until=started_at(task["task_id"]) + 0.5)  # parts 0, 1
    grid, pk = grid_of(task), sandbox_of(task).pk
    answers = []
    reload = threading.Thread(
        target=lambda: answers.append(playlist_of(api, task, "?_HLS_msn=0&_HLS_part=2"))
    )
    reload.start()
    slot = f"{waiting.PREFIX}user:{sandbox_user(api).pk}:0"
    wait_until(lambda: cache.get(slot), what="the reload to wait")
    engine.run_part(pk, 2, now=grid.part_start(2))
    reload.join(timeout=30)

    assert listed_parts(answers[0])[-1].endswith("/parts/2.ts")


@pytest.mark.django_db
def test_a_viewer_with_every_waiting_slot_taken_is_answered_at_once(api, settings):
    settings.MIX_PROGRAM_WAIT_SECONDS = 600.0  # a reload that waited would hang the test
    settings.MIX_PROGRAM_WAITERS_PER_USER = 2
    task = start(api)
    run_engine(task["task_id"], until=started_at(task["task_id"]) + 0.5)
    request = RequestFactory().get("/")
    request.user = sandbox_user(api)

    with waiting.slot(request) as first, waiting.slot(request) as second:
        with waiting.slot(request) as third:
            assert (first, second, third) == (True, True, False)
        text = playlist_of(api, task, "?_HLS_msn=0&_HLS_part=2")

    assert listed_parts(text)[-1].endswith("/parts/1.ts")  # as it was: nothing waited


def sandbox_user(api):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=api.session["_auth_user_id"])


@pytest.mark.django_db
def test_a_program_whose_chain_broke_is_revived_by_the_next_emulator_call(api):
    from django_tasks_db.models import DBTaskResult

    task = start(api)
    DBTaskResult.objects.all().delete()  # its worker died in the middle of a job
    quiet = datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(minutes=1)
    ProgramState.objects.filter(task=sandbox_of(task)).update(updated_at=quiet)
    start(api, RoomId="8002", PublishCdnParams=[{"PublishCdnUrl": "rtmp://x.example.com/live/b"}])
    revived = [
        job.args_kwargs["args"]
        for job in DBTaskResult.objects.all()
        if job.args_kwargs["args"][0] == sandbox_of(task).pk
    ]

    assert len(revived) == 1
    assert revived[0][1] >= 1  # from the live edge on


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_draws_the_program_and_a_take_shows_in_the_part_after_it(
    api, settings, tmp_path, monkeypatch
):
    file_cache(settings, tmp_path)

    def forbidden(self, span):
        raise AssertionError("a web request drew part of the program")

    monkeypatch.setattr(Program, "render", forbidden)  # in this process only
    task = start(api)
    pk = sandbox_of(task).pk
    with engine_worker(tmp_path):
        grown = wait_until(
            lambda: len(listed_parts(text := playlist_of(api, task))) >= 4 and text,
            what="the playlist to grow to four parts",
        )
        answer = api.post(
            f"/api/tasks/{task['id']}/update/",
            {"request": {"VideoParams": moved_document()}},
            format="json",
        )
        assert answer.status_code == 200, answer.json()
        took_effect = ProgramChange.objects.get(task__task_id=task["task_id"], kind="update").at
        number = grid_of(task).part_at(took_effect)
        wanted = f"/sandbox/program/{pk}/parts/{number}.ts"
        wait_until(
            lambda: wanted in listed_parts(playlist_of(api, task)),
            what=f"part {number} to be listed",
        )
        before = api.get(f"/sandbox/program/{pk}/parts/{number - 1}.json").json()["messages"]
        after = api.get(f"/sandbox/program/{pk}/parts/{number}.json").json()["messages"]

    assert len(listed_parts(grown)) >= 4
    assert {anchor_1(message) for message in before} == {(0, 0, 160)}
    assert {anchor_1(message) for message in after} == {(40, 20, 100)}
    assert after[0]["at"] == pytest.approx(took_effect, abs=0.1)
