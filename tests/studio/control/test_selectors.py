"""The control room's reads: the task list and the event log, through their indexes."""

from __future__ import annotations

import pytest
from django.db import connection

from studio.control import selectors
from studio.control.models import MixTask, TaskEvent
from studio.control.selectors import TaskFilters
from studio.control.services import profiles

pytestmark = pytest.mark.django_db

OUTPUTS = [{"PublishCdnUrl": "rtmp://cdn.example.com/live/a?txSecret=s", "IsTencentCdn": 1}]


def task(status: str = MixTask.Status.RUNNING) -> MixTask:
    params = {"RoomId": "1", "PublishCdnParams": OUTPUTS, "VideoParams": {"Big": "x" * 1000}}
    return MixTask.objects.create(
        app_profile=profiles.emulator_app(),
        room_id="1",
        backend="sandbox",
        status=status,
        params=params,
    )


def event(owner: MixTask, action: str = "UpdatePublishCdnStream") -> TaskEvent:
    return TaskEvent.objects.create(task=owner, kind=TaskEvent.Kind.CALL, action=action)


def test_the_list_is_newest_first_and_filters_by_status():
    first, second = task(MixTask.Status.STOPPED), task()
    assert list(selectors.task_list(TaskFilters())) == [second, first]
    assert list(selectors.task_list(TaskFilters(status="stopped"))) == [first]


def test_the_list_leaves_the_parameters_in_the_database():
    task()
    [row] = selectors.task_list(TaskFilters())
    assert "params" in row.get_deferred_fields()
    assert row.outputs == OUTPUTS
    [full] = selectors.task_list(TaskFilters(), params=True)
    assert full.params["VideoParams"] == {"Big": "x" * 1000}


def test_the_list_reads_the_preset_name_but_not_its_document():
    from layouts import services as layout_services
    from tests.factories import document

    owner = task()
    owner.preset = layout_services.create_preset(name="p", document=document(), user=None).preset
    owner.save()
    [row] = selectors.task_list(TaskFilters())
    assert row.preset.name == "p"
    assert "document" in row.preset.get_deferred_fields()


def test_events_after_an_id_are_only_the_newer_ones_newest_first():
    owner, other = task(), task()
    old = event(owner, "StartPublishCdnStream")
    event(other)
    newer = [event(owner), event(owner, "StopPublishCdnStream")]
    assert list(selectors.task_events(owner)) == [*reversed(newer), old]
    assert list(selectors.task_events(owner, after=old.pk)) == list(reversed(newer))
    assert list(selectors.task_events(owner, after=newer[-1].pk)) == []


# ---------------------------------------------------------------------------
# Query plans (SQLite).


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(row[-1] for row in cursor.fetchall())


@pytest.fixture
def sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")


def test_the_task_list_is_read_in_index_order(sqlite):
    task()
    text = plan(selectors.task_list(TaskFilters()))
    assert "task_list_order" in text and "TEMP B-TREE" not in text


def test_the_status_filter_is_read_from_its_index(sqlite):
    task()
    text = plan(selectors.task_list(TaskFilters(status="running")))
    assert "task_status_order (status=?)" in text and "TEMP B-TREE" not in text


def test_new_events_are_found_through_the_task_and_id_index(sqlite):
    owner = task()
    text = plan(selectors.task_events(owner, after=10))
    assert "USING INDEX task_events_by_id (task_id=? AND id>?)" in text
