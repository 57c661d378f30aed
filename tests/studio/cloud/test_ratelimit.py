"""The limit of 20 calls a second per action (R3), shared by all workers: the client's side."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from studio.cloud import ratelimit
from studio.control.models import RateLimitWindow


class FakeClock:
    def __init__(self, start: float = 1_000.0):
        self.now = start
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.mark.django_db
def test_twenty_calls_in_a_second_pass_without_waiting():
    clock = FakeClock()
    for _ in range(20):
        ratelimit.wait_for_turn(
            RateLimitWindow, "StartPublishCdnStream", clock=clock, sleep=clock.sleep
        )
    assert clock.slept == []


@pytest.mark.django_db
def test_the_twenty_first_call_waits_until_the_window_frees():
    clock = FakeClock()
    for index in range(20):
        clock.now = 1_000.0 + index * 0.01
        ratelimit.wait_for_turn(
            RateLimitWindow, "UpdatePublishCdnStream", clock=clock, sleep=clock.sleep
        )
    clock.now = 1_000.5
    ratelimit.wait_for_turn(
        RateLimitWindow, "UpdatePublishCdnStream", clock=clock, sleep=clock.sleep
    )
    assert sum(clock.slept) == pytest.approx(0.5, abs=0.002)


@pytest.mark.django_db
def test_each_action_has_its_own_budget():
    clock = FakeClock()
    for _ in range(20):
        ratelimit.wait_for_turn(
            RateLimitWindow, "StartPublishCdnStream", clock=clock, sleep=clock.sleep
        )
    ratelimit.wait_for_turn(RateLimitWindow, "StopPublishCdnStream", clock=clock, sleep=clock.sleep)
    assert clock.slept == []


@pytest.mark.django_db(transaction=True)
def test_threads_sharing_the_database_never_exceed_twenty_in_any_second():
    taken: list[float] = []
    lock = threading.Lock()

    def worker():
        try:
            reads: list[float] = []

            def clock() -> float:
                reads.append(time.time())
                return reads[-1]

            for _ in range(10):
                ratelimit.wait_for_turn(RateLimitWindow, "StopPublishCdnStream", clock=clock)
                with lock:
                    taken.append(reads[-1])  # the time the turn was noted at
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(taken) == 40
    taken.sort()
    # The window keeps whole milliseconds: compare at that precision.
    taken = [int(t * 1000) for t in taken]
    busiest = max(sum(1 for t in taken if start <= t < start + 1000) for start in taken)
    assert busiest <= 20
    assert taken[-1] - taken[0] >= 1000  # 40 calls needed at least a second more
