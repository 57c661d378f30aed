"""Counting the commits a piece of work makes on SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection

WRITES = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE"})


@dataclass
class CommitCount:
    commits: int = 0
    in_transaction: bool = False

    def __call__(self, statement: str) -> None:
        words = statement.split(None, 1)
        head = words[0].upper() if words else ""
        if head == "BEGIN":
            self.in_transaction = True
        elif head in ("COMMIT", "END"):
            self.commits += 1
            self.in_transaction = False
        elif head == "ROLLBACK" and not statement.upper().startswith("ROLLBACK TO"):
            self.in_transaction = False
        elif head in WRITES and not self.in_transaction:
            self.commits += 1  # autocommit: the statement is its own transaction


@contextmanager
def counting_commits() -> Iterator[CommitCount]:
    """Commits of this thread's SQLite connection inside the block."""
    if connection.vendor != "sqlite":
        raise RuntimeError("commits are counted on SQLite only")
    connection.ensure_connection()
    count = CommitCount()
    connection.connection.set_trace_callback(count)
    try:
        yield count
    finally:
        connection.connection.set_trace_callback(None)
