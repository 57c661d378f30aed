"""Wait a while for a cloud answer, and keep listening after the caller gives up.

A producer's request cannot wait a minute for a slow cloud, but the answer of
a Start holds the only copy of the TaskId: dropping it leaves a task running
that nothing can stop. So the call runs in a thread; the caller waits
`wait` seconds, and if the answer has not come the thread goes on reading it
and hands it to `on_late`, which records it the moment it arrives.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connection

log = logging.getLogger(__name__)

T = TypeVar("T")
Late = Callable[[object, BaseException | None], None]

_threads: set[threading.Thread] = set()
_threads_lock = threading.Lock()


class AnswerPending(Exception):
    """No answer within the wait; it is still awaited, and recorded when it comes."""

    def __init__(self, waited: float) -> None:
        super().__init__(f"no answer within {waited:g} s")
        self.waited = waited


class _Call:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.given_up = False
        self.result: object = None
        self.error: BaseException | None = None


def call_within(call: Callable[[], T], *, wait: float, on_late: Late) -> T:
    """`call()`'s result if it comes within `wait` seconds, else AnswerPending.

    After AnswerPending, `on_late(result, error)` runs in the call's thread
    once the call ends, with exactly one of the two set.
    """
    state = _Call()

    def run() -> None:
        try:
            state.result = call()
        except BaseException as error:  # noqa: BLE001 - handed to the waiter or to on_late
            state.error = error
        with state.lock:
            late = state.given_up
            state.done.set()
        try:
            if late:
                on_late(state.result, state.error)
        except Exception:
            log.exception("Recording a late cloud answer failed")
        finally:
            connection.close()
            with _threads_lock:
                _threads.discard(threading.current_thread())

    thread = threading.Thread(target=run, name="cloud-call", daemon=True)
    with _threads_lock:
        _threads.add(thread)
    thread.start()
    state.done.wait(wait)
    with state.lock:
        if not state.done.is_set():
            state.given_up = True
            raise AnswerPending(wait)
    if state.error is not None:
        raise state.error
    return state.result  # type: ignore[return-value]


def wait_for_late_answers(timeout: float) -> bool:
    """Whether every call still being read ended within `timeout` seconds."""
    with _threads_lock:
        threads = list(_threads)
    for thread in threads:
        thread.join(timeout)
    return not any(thread.is_alive() for thread in threads)
