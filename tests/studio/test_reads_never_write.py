"""Reads never write: reading a task changes no row, even when its cloud has moved on."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.studio.program_helpers import age, start

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def writes_of(read) -> list[str]:  # noqa: ANN001
    with CaptureQueriesContext(connection) as queries:
        response = read()
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().startswith(WRITES)]


@pytest.fixture
def idle_task(api):
    """A running task whose room emptied longer than MaxIdleTime ago: the emulator would
    end it the next time it runs."""
    task = start(api)
    api.post(f"/api/tasks/{task['id']}/room/", {"participants": []}, format="json")
    age(task["task_id"], 11.0)
    return task


def test_reading_a_task_through_the_api_writes_nothing(api, idle_task):
    writes = writes_of(lambda: api.get(f"/api/tasks/{idle_task['id']}/"))

    assert writes == []
    assert api.get(f"/api/tasks/{idle_task['id']}/").json()["status"] == "running"


def test_the_task_page_writes_nothing(api, idle_task):
    writes = writes_of(lambda: api.get(f"/tasks/{idle_task['id']}/"))

    assert writes == []
