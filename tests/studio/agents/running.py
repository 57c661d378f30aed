"""Run an MCP client (async) from a test, whatever else this thread runs.

Playwright's sync API, which the browser tests share for the whole session,
keeps an asyncio loop running in the main thread; anyio.run there would refuse.
A thread of its own gives the client a loop of its own.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import anyio

T = TypeVar("T")


def run_client(function: Callable[[], Awaitable[T]]) -> T:
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(anyio.run, function).result()
