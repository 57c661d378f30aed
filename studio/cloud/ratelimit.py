"""At most 20 calls a second per action, across every worker process (R3).

A window table (a model with a unique `action` and a `recent_ms` list) has one
row per key holding the times of its recent calls; taking a turn locks that
row, so workers on any database wait their turn instead of all seeing room for
one more call. The app's client waits for a turn (`wait_for_turn`, in the
control room's table); the emulator refuses a call that finds none
(`take_turn`, in its own table), as the cloud does.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.db import transaction

WINDOW_MS = 1000
LIMIT = 20

# A model with `action` (unique text) and `recent_ms` (a JSON list of int).
WindowTable = Any


def wait_for_turn(
    table: WindowTable,
    action: str,
    *,
    limit: int = LIMIT,
    clock: Callable[[], float] = time.time,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    while True:
        wait_ms = take_turn(table, action, limit=limit, clock=clock)
        if wait_ms == 0:
            return
        sleep(wait_ms / 1000)


def take_turn(
    table: WindowTable, key: str, *, limit: int = LIMIT, clock: Callable[[], float] = time.time
) -> int:
    """0 if a turn was taken, else how many ms until one frees up.

    Inside a caller's transaction it joins it, so the turn commits with the
    caller's own writes (and goes if they are rolled back).
    """
    with transaction.atomic(savepoint=False):
        windows = table.objects.select_for_update().filter(action=key)
        found = windows.values_list("recent_ms", flat=True).first()
        if found is None:  # the key's first call ever
            table.objects.get_or_create(action=key)
            found = windows.values_list("recent_ms", flat=True).first()
        # Read the clock only once the lock is held: a worker that waited for the
        # lock must not note its call at the earlier time it began to wait.
        now_ms = int(clock() * 1000)
        # A time a little ahead is a call that read its clock later but took the
        # lock first, and counts; one a whole window ahead means the clock was set
        # back, and is forgotten.
        recent = [t for t in found if -WINDOW_MS < now_ms - t < WINDOW_MS]
        if len(recent) >= limit:
            return max(1, WINDOW_MS - (now_ms - min(recent)))
        # An update, not a save: the one column, no model signals (this runs on every call).
        windows.update(recent_ms=[*recent, now_ms])
        return 0


def forget(table: WindowTable) -> None:
    """Empty every window of the table."""
    table.objects.all().delete()
