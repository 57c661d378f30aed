"""How many blocking playlist reloads each viewer may have waiting at once.

A blocking reload (LL-HLS `_HLS_msn`) holds one of gunicorn's threads until the
part it asks for is drawn, at most MIX_PROGRAM_WAIT_SECONDS. So that one viewer
cannot hold them all, each (a user, or an address without one) has
MIX_PROGRAM_WAITERS_PER_USER slots; a reload beyond them is answered at once
with the playlist as it is, and the player simply asks again. The slots are
cache entries, shared by every worker process, that lapse on their own should
a process die holding one.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

PREFIX = "sandbox.program.waiting:"


def viewer_of(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"address:{request.META.get('REMOTE_ADDR', '')}"


@contextmanager
def slot(request: HttpRequest) -> Iterator[bool]:
    """Hold one of the viewer's waiting slots while the block runs: True if one was
    free (the request may wait), False if all are taken (answer at once)."""
    viewer = viewer_of(request)
    lapse = math.ceil(settings.MIX_PROGRAM_WAIT_SECONDS) + 1
    held = None
    for index in range(settings.MIX_PROGRAM_WAITERS_PER_USER):
        key = f"{PREFIX}{viewer}:{index}"
        if cache.add(key, True, lapse):
            held = key
            break
    try:
        yield held is not None
    finally:
        if held is not None:
            cache.delete(held)
