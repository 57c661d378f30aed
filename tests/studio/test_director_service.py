"""A running task's auto-director: rules from the launch, decisions on room events, cuts
through the one take path (logged with the rule and event), timers as jobs, a manual
Take that wins, pause, and the slate. The job runner is django-tasks' DummyBackend
here (the enqueued jobs are run by the test, on a clock of its own); the end-to-end
test with a real worker is tests/studio/test_director_rehearsal.py."""

from __future__ import annotations

import copy

import pytest
from django_tasks import default_task_backend

from layouts.core.contract.room_events import ENTER, SCREEN, RoomEvent
from layouts.core.director_starters import starter
from studio.control.models import MixTask, TaskDirector, TaskEvent
from studio.control.services import director, room, take
from tests.studio.program_helpers import ROOM, start_request

pytestmark = pytest.mark.django_db

SHARE_RULES = starter("screen-share-takes-over")["rules"]
DUMMY_TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "QUEUES": ["default", "program"],
    }
}
T0 = 1_900_000_000_000  # the test's clock, Unix ms


@pytest.fixture
def clock(monkeypatch, settings):
    settings.TASKS = DUMMY_TASKS
    now = [T0]
    monkeypatch.setattr(director, "now_ms", lambda: now[0])
    return now


def launch(api, rules=SHARE_RULES, **part):
    body = start_request()
    body["MixStudio"] = {"Rules": copy.deepcopy(rules), **part}
    response = api.post("/api/tasks/", {"request": body}, format="json")
    assert response.status_code == 201, response.json()
    return MixTask.objects.get(pk=response.json()["id"])


def event(kind, user, at_ms, on=None):
    return RoomEvent(kind, user, ROOM, 0, at_ms, on=on)


def happen(task, *events, captured):
    with captured(execute=True):
        room.apply_room_events(task.pk, list(events), source=room.CALLBACK)


def jobs(name):
    return [r for r in default_task_backend.results if r.task.name == name]


def run_due_ticks(task, captured) -> list[str]:
    outcomes = []
    for result in jobs("tick_job"):
        default_task_backend.results.remove(result)
        with captured(execute=True):
            outcomes.append(director.tick(*result.args))
    return outcomes


def run_cuts(captured) -> list[str]:
    outcomes = []
    for result in jobs("cut_job"):
        default_task_backend.results.remove(result)
        with captured(execute=True):
            outcomes.append(director._act(result.args[0], **_cut_args(result.args[1])))
    return outcomes


def _cut_args(payload):
    return {"cut": payload["cut"], "event": payload["event"]}


def sharer_slot(task):
    slots = task.params["VideoParams"]["LayoutParams"]["MixLayoutList"]
    return [s for s in slots if s.get("UserMediaStream", {}).get("StreamType") == 1]


def test_a_launch_with_rules_gets_a_director_watching(api, clock):
    task = launch(api)

    row = TaskDirector.objects.get(task=task)
    assert [rule["name"] for rule in row.rules] == [rule["name"] for rule in SHARE_RULES]
    assert row.on_air["shot"] == "show" and not row.paused


def test_a_launch_with_a_bad_rule_is_refused_before_anything_is_sent(api, clock):
    bad = copy.deepcopy(SHARE_RULES)
    bad[1]["timing"]["hold"] = -1
    body = start_request()
    body["MixStudio"] = {"Rules": bad}

    response = api.post("/api/tasks/", {"request": body}, format="json")

    assert response.status_code == 400
    assert "Rules[1].timing.hold" in response.json()["field"]
    assert not MixTask.objects.exists()


def test_a_screen_share_is_cut_after_the_sensitivity_and_logged_with_its_rule(
    api, clock, django_capture_on_commit_callbacks
):
    task = launch(api)
    happen(task, event(ENTER, "teacher", T0), captured=django_capture_on_commit_callbacks)
    clock[0] = T0 + 10_000
    happen(
        task,
        event(SCREEN, "teacher", T0 + 10_000, on=True),
        captured=django_capture_on_commit_callbacks,
    )
    (tick,) = jobs("tick_job")
    assert tick.args == [task.pk, T0 + 11_000]  # the rule's 1 s sensitivity

    assert run_due_ticks(task, django_capture_on_commit_callbacks) == ["stale"]  # not yet due
    clock[0] = T0 + 11_000
    default_task_backend.results.append(tick)  # the job runner runs it when it is due
    assert run_due_ticks(task, django_capture_on_commit_callbacks) == ["cut"]

    task.refresh_from_db()
    (share,) = sharer_slot(task)
    assert share["UserMediaStream"]["UserInfo"]["UserId"] == "teacher"
    assert share["RenderMode"] == 1  # fitted, not cropped
    cut = TaskEvent.objects.get(task=task, kind=TaskEvent.Kind.DIRECTOR, action=director.CUT)
    assert cut.request["rule"] == "share-takes-over"
    assert cut.request["trigger"] == {"on": "screen-start", "UserId": "teacher"}
    assert cut.request["event"]["type"] == "screen"
    assert cut.response["SequenceNumber"] == task.sequence_number
    assert TaskDirector.objects.get(task=task).on_air["shot"] == "sharer-big"


def test_a_manual_take_wins_and_holds_automation_off(
    api, clock, django_capture_on_commit_callbacks
):
    task = launch(api)
    happen(task, event(ENTER, "teacher", T0), captured=django_capture_on_commit_callbacks)
    clock[0] = T0 + 5_000
    happen(
        task,
        event(SCREEN, "teacher", T0 + 5_000, on=True),
        captured=django_capture_on_commit_callbacks,
    )
    assert jobs("tick_job")

    staged = copy.deepcopy(task.params["VideoParams"])
    staged["BackgroundColor"] = "0x102030"
    take.take_task(task.pk, document=staged, user=None)  # the producer's Take

    clock[0] = T0 + 6_000
    assert set(run_due_ticks(task, django_capture_on_commit_callbacks)) <= {"stale", "nothing"}
    row = TaskDirector.objects.get(task=task)
    assert row.on_air["shot"] == director.MANUAL
    assert row.state["machine"]["pending"] == []
    assert row.state["machine"]["hold_until_ms"] >= T0 + 5_000 + 3_000  # the rules' hold
    task.refresh_from_db()
    assert task.params["VideoParams"]["BackgroundColor"] == "0x102030"
    assert not TaskEvent.objects.filter(task=task, action=director.CUT).exists()


def test_paused_automation_watches_but_cuts_nothing_and_resumes_from_the_room_as_it_is(
    api, clock, django_capture_on_commit_callbacks
):
    task = launch(api)
    director.configure(task.pk, paused=True)
    happen(task, event(ENTER, "teacher", T0), captured=django_capture_on_commit_callbacks)
    happen(task, event(SCREEN, "teacher", T0, on=True), captured=django_capture_on_commit_callbacks)
    assert not jobs("tick_job") and not jobs("cut_job")

    director.configure(task.pk, paused=False)
    clock[0] = T0 + 60_000
    happen(task, event(ENTER, "student", T0 + 60_000), captured=django_capture_on_commit_callbacks)

    assert not jobs("tick_job")  # the share began while paused: no backlog fires
    actions = list(
        TaskEvent.objects.filter(task=task, kind=TaskEvent.Kind.DIRECTOR)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [director.PAUSED, director.RESUMED]


def test_a_cut_decided_before_a_pause_is_not_sent_after_it(
    api, clock, django_capture_on_commit_callbacks
):
    rules = copy.deepcopy(SHARE_RULES)
    rules[0]["timing"]["sensitivity"] = 0  # cut at once, by a job
    task = launch(api, rules=rules)
    happen(task, event(ENTER, "teacher", T0), captured=django_capture_on_commit_callbacks)
    happen(task, event(SCREEN, "teacher", T0, on=True), captured=django_capture_on_commit_callbacks)
    assert len(jobs("cut_job")) == 1
    director.configure(task.pk, paused=True)

    assert run_cuts(django_capture_on_commit_callbacks) == ["paused"]
    task.refresh_from_db()
    assert sharer_slot(task) == []


def test_the_slate_goes_on_air_and_takes_back_what_was_there(api, clock):
    task = launch(api)
    before = copy.deepcopy(task.params["VideoParams"])

    director.slate(task.pk, on=True, user=None, text="Back soon")
    task.refresh_from_db()
    slate = task.params["VideoParams"]
    assert slate["LayoutParams"].get("MixLayoutList", []) == []
    assert [
        mark["WaterMarkText"]["Text"] for mark in slate["WaterMarkList"] if "WaterMarkText" in mark
    ] == ["Back soon"]
    assert TaskDirector.objects.get(task=task).on_air["shot"] == "slate"

    director.slate(task.pk, on=False, user=None)
    task.refresh_from_db()
    assert task.params["VideoParams"]["LayoutParams"] == before["LayoutParams"]
    actions = list(
        TaskEvent.objects.filter(task=task, kind=TaskEvent.Kind.DIRECTOR)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [director.SLATE_ON, director.SLATE_OFF]


def test_the_slate_can_release_itself_by_a_job(api, clock, django_capture_on_commit_callbacks):
    task = launch(api)
    with django_capture_on_commit_callbacks(execute=True):
        director.slate(task.pk, on=True, user=None, seconds=5)
    (release,) = jobs("release_slate_job")
    assert release.task.run_after is not None

    assert director.release_slate_job.func(*release.args) == "released"
    assert director.release_slate_job.func(*release.args) == "stale"  # released already


def test_the_slate_twice_is_refused(api, clock):
    task = launch(api)
    director.slate(task.pk, on=True, user=None)

    with pytest.raises(director.DirectorRefused):
        director.slate(task.pk, on=True, user=None)


def test_the_robot_is_never_in_the_directors_sight(api, clock, django_capture_on_commit_callbacks):
    task = launch(api)
    happen(task, event(ENTER, task.robot_user_id, T0), captured=django_capture_on_commit_callbacks)

    seen = TaskDirector.objects.get(task=task).state["machine"]["seen"]["present"]
    assert seen and task.robot_user_id not in [user for user, *_room in seen]
