"""How the app's SQLite connections are set up."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.fixture
def sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("journal modes are SQLite's")
    return connection


def pragma(name: str):
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


def test_sqlite_writes_ahead_to_a_log(sqlite):
    assert pragma("journal_mode") == "wal"


def test_sqlite_commits_without_waiting_for_the_disk(sqlite):
    assert pragma("synchronous") == 1  # NORMAL
