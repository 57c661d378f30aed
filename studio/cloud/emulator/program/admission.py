"""How many program requests each viewer may have in flight at once.

A program request (a playlist, a part, a segment or their SEI, under
`/sandbox/program/` and `/sandbox/live/`) is cheap on its own, but a viewer
asking for sixteen at once, again the moment each is answered, would keep
every one of gunicorn's threads busy and slow every other user's pages. So each
viewer has MIX_PROGRAM_REQUESTS_PER_VIEWER slots; a request beyond them is
answered 429 with Retry-After at once, before the session, the user or the
database are looked at, and the player asks again (hls.js and mpegts.js do).

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
        held = _take_slot(viewer_key(request))
        if held is None:
            return _busy()
        try:
            return self.get_response(request)
        finally:
            cache.delete(held)


def _take_slot(viewer: str) -> str | None:
    lapse = math.ceil(settings.MIX_PROGRAM_WAIT_SECONDS) + SLOT_MARGIN_SECONDS
    for index in range(settings.MIX_PROGRAM_REQUESTS_PER_VIEWER):
        key = f"{PREFIX}{viewer}:{index}"
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
