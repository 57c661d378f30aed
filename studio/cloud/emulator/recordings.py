"""The emulator's relay recordings (RecordParams, reference B.19 and B.22), as the cloud keeps them.

A task started with UniRecord 2 or 3 records; its recording is named by its
RecordKey, or by the task when it gives none. Several tasks with one RecordKey
record into one recording. When the last of them stops, the recording waits
RecordWaitTime seconds (30 unless UniRecord 3 says otherwise) for a new task
with the same key to continue it, then ends; a Stop that carries that RecordKey
ends it at once (B.22). A recording whose tasks all ended by MaxIdleTime (R29)
reads as ended.

The state lives in the shared cache, as the program's parts do: one entry per
recording, which every process of the emulator reads.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.cache import cache

from layouts.core.contract import bodies
from layouts.core.contract.fields import get_int, get_obj, get_str
from studio.cloud.emulator.models import SandboxTask

RECORDING = "recording"
WAITING = "waiting"
ENDED = "ended"
DEFAULT_WAIT_SECONDS = bodies.RECORD_PARAMS.by_name["RecordWaitTime"].default
_RECORDING_MODES = (bodies.RECORD_WITH_TEMPLATE, bodies.RECORD_WITH_PARAMS)


def _cache_key(sdk_app_id: int, record_key: str) -> str:
    return f"mix-emulator-recording:{sdk_app_id}:{record_key}"


def _key_of(task: SandboxTask) -> str | None:
    record = get_obj(task.params, "RecordParams")
    if get_int(record, "UniRecord") not in _RECORDING_MODES:
        return None
    return get_str(record, "RecordKey") or task.task_id


def _wait_seconds(task: SandboxTask) -> int:
    record = get_obj(task.params, "RecordParams")
    if get_int(record, "UniRecord") != bodies.RECORD_WITH_PARAMS:
        return DEFAULT_WAIT_SECONDS
    return get_int(record, "RecordWaitTime") or DEFAULT_WAIT_SECONDS


def _still_open(entry: dict[str, Any] | None, now: float) -> bool:
    if entry is None or entry.get("ended_at") is not None:
        return False
    until = entry.get("waiting_until")
    return until is None or now < until


def started(task: SandboxTask, now: float) -> None:
    """A task starts recording: into its key's recording if that one still waits."""
    key = _key_of(task)
    if key is None:
        return
    entry = cache.get(_cache_key(task.sdk_app_id, key))
    if not _still_open(entry, now):
        entry = {"id": uuid.uuid4().hex, "started_at": now}
    entry.update({"ended_at": None, "waiting_until": None})
    cache.set(_cache_key(task.sdk_app_id, key), entry, timeout=None)


def stopped(task: SandboxTask, stop_record_key: Any, now: float) -> None:
    """A task stopped: its recording ends now (the Stop named its RecordKey) or waits."""
    key = _key_of(task)
    if key is None or _others_record(task, key):
        return
    entry = cache.get(_cache_key(task.sdk_app_id, key)) or {"id": uuid.uuid4().hex}
    if stop_record_key == key:
        entry.update({"ended_at": now, "waiting_until": None})
    else:
        entry.update({"ended_at": None, "waiting_until": now + _wait_seconds(task)})
    cache.set(_cache_key(task.sdk_app_id, key), entry, timeout=None)


def _others_record(task: SandboxTask, key: str) -> bool:
    running = SandboxTask.objects.filter(
        sdk_app_id=task.sdk_app_id, status=SandboxTask.Status.RUNNING
    ).exclude(pk=task.pk)
    return any(_key_of(other) == key for other in running.only("task_id", "params"))


def recording_state(sdk_app_id: int, record_key: str, now: float) -> dict[str, Any] | None:
    """`{"id", "status", "until"}` of the recording named `record_key`, or None if none.

    `status` is RECORDING while a task records into it, WAITING (until `until`)
    for a task to continue it, or ENDED.
    """
    entry = cache.get(_cache_key(sdk_app_id, record_key))
    if entry is None:
        return None
    running = SandboxTask.objects.filter(sdk_app_id=sdk_app_id, status=SandboxTask.Status.RUNNING)
    if any(_key_of(task) == record_key for task in running.only("task_id", "params")):
        status, until = RECORDING, None
    elif _still_open(entry, now) and entry.get("waiting_until") is not None:
        status, until = WAITING, entry["waiting_until"]
    else:
        status, until = ENDED, None
    return {"id": entry["id"], "status": status, "until": until}
