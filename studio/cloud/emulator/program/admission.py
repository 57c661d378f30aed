"""How many program requests each viewer may have in flight at once.

A program request (a playlist, a part, a segment or their SEI, under
`/sandbox/program/` and `/sandbox/live/`) is cheap on its own, but a viewer
asking for sixteen at once, again the moment each is answered, would keep
every one of gunicorn's threads busy and slow every other user's pages. So each
viewer has MIX_PROGRAM_REQUESTS_PER_TASK slots for one program (a monitor needs
two: the blocking playlist reload and the part it announces) and
MIX_PROGRAM_REQUESTS_PER_VIEWER for all programs together (a wall of several);
a request beyond them is answered 429 with Retry-After at once, before the
session, the user or the database are looked at, and the player asks again
(hls.js and mpegts.js do).

The viewer is told apart by what their requests carry: the API token, the
session cookie or the signed URL's signature, else the address; hashed, so no
secret becomes a cache key. The slots are cache entries shared by every worker
process (waiting.py does the same for blocking reloads), which lapse on their
own should a process die holding one.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from studio.program_access import QUERY

PREFIX = "sandbox.program.admitted:"
PROGRAM_PATHS = ("/sandbox/program/", "/sandbox/live/")
RETRY_AFTER_SECONDS = 1
# A slot outlives the longest request it can cover: a blocking reload's wait, and
# a margin for sending the answer.
SLOT_MARGIN_SECONDS = 5


def viewer_key(request: HttpRequest) -> str:
    """Who is asking, as far as the request's own credentials tell, hashed."""
    presented = (
        request.META.get("HTTP_AUTHORIZATION")
        or request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        or request.GET.get(QUERY)
        or f"address:{request.META.get('REMOTE_ADDR', '')}"
    )
    return hashlib.sha256(presented.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class ProgramAdmissionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(PROGRAM_PATHS):
            return self.get_response(request)
        viewer = viewer_key(request)
        program = _program_of(request.path)
        held = _take_slot(f"{viewer}:{program}", settings.MIX_PROGRAM_REQUESTS_PER_TASK)
        if held is None:
            return _busy()
        overall = _take_slot(viewer, settings.MIX_PROGRAM_REQUESTS_PER_VIEWER)
        if overall is None:
            cache.delete(held)
            return _busy()
        try:
            return self.get_response(request)
        finally:
            cache.delete_many([held, overall])


def _program_of(path: str) -> str:
    """Which program a path asks for: its task's number, or its stream's name."""
    rest = path.split("/", 3)[3] if path.count("/") >= 3 else ""
    return hashlib.sha256(rest.split("/", 1)[0].encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _take_slot(holder: str, count: int) -> str | None:
    lapse = math.ceil(settings.MIX_PROGRAM_WAIT_SECONDS) + SLOT_MARGIN_SECONDS
    for index in range(count):
        key = f"{PREFIX}{holder}:{index}"
        if cache.add(key, True, lapse):
            return key
    return None


def _busy() -> HttpResponse:
    # Plain text and untranslated on purpose: players read the status, not the body,
    # and nothing here may touch the session or the database.
    response = HttpResponse(
        "Too many program requests in flight from this viewer; ask again shortly.\n",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
