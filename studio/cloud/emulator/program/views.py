"""The program served as low-latency HLS: playlist, parts, segments, and their SEI.

`/sandbox/program/<id>/...` is a task's program; `/sandbox/live/<stream>.m3u8`
is the same playlist under the stream name of the task's RTMP push URL, where
a CDN would play it. Nothing here draws: every view serves what the engine
stored (engine.py), waits a bounded moment for the live edge (a blocking
playlist reload), or answers 404.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from studio.cloud.emulator.models import SandboxTask
from studio.cloud.emulator.program import selectors, waiting
from studio.cloud.emulator.program.playlist import WindowSegment, contains, live_playlist
from studio.cloud.emulator.program.selectors import Window

PLAYLIST_TYPE = "application/vnd.apple.mpegurl"
SEGMENT_TYPE = "video/mp2t"
WAIT_STEP_SECONDS = 0.02  # how often a blocking reload looks for the part it waits for
# RFC 8216bis 6.2.5.2: a reload may not ask for more than two segments past the last one.
FURTHEST_AHEAD = 2
# A drawn part or segment never changes: players and proxies may keep it.
IMMUTABLE = "private, max-age=3600, immutable"


@require_GET
def playlist(request: HttpRequest, pk: int) -> HttpResponse:
    return _playlist_response(request, get_object_or_404(SandboxTask, pk=pk))


@require_GET
def live_playlist_view(request: HttpRequest, name: str) -> HttpResponse:
    task = selectors.task_for_stream(name)
    if task is None:
        raise Http404(_("No sandbox task pushes to a stream called %(name)s.") % {"name": name})
    return _playlist_response(request, task)


@require_GET
def part_file(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """A drawn part; the part to come (the playlist's preload hint) once it is drawn."""
    task = get_object_or_404(SandboxTask, pk=pk)
    found = selectors.stored_part(task, number)
    if found is None and _coming(selectors.window_of(task), number):
        with waiting.slot(request) as may_wait:
            if may_wait:
                found = _wait_for_part(task, number)
    if found is None:
        raise Http404(_("Part %(number)d of this program is not drawn.") % {"number": number})
    return _media(found["ts"])


@require_GET
def part_sei(request: HttpRequest, pk: int, number: int) -> JsonResponse:
    found = selectors.stored_part(get_object_or_404(SandboxTask, pk=pk), number)
    if found is None:
        raise Http404(_("Part %(number)d of this program is not drawn.") % {"number": number})
    return _sei({"part": number}, found["start"], found["end"], found["sei"])


@require_GET
def segment_file(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    _segment, parts = _stored_segment(pk, number)
    return _media(b"".join(part["ts"] for part in parts))


@require_GET
def segment_sei(request: HttpRequest, pk: int, number: int) -> JsonResponse:
    """The SEI messages written into one segment, with their times."""
    segment, parts = _stored_segment(pk, number)
    written = [message for part in parts for message in part["sei"]]
    return _sei({"segment": number}, segment.start, segment.end, written)


def _stored_segment(pk: int, number: int) -> tuple[WindowSegment, list[dict[str, Any]]]:
    found = selectors.stored_segment(get_object_or_404(SandboxTask, pk=pk), number)
    if found is None:
        raise Http404(_("Segment %(number)d of this program is not drawn.") % {"number": number})
    return found


def _media(data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type=SEGMENT_TYPE)
    response["Cache-Control"] = IMMUTABLE
    return response


def _sei(
    name: dict[str, int], start: float, end: float, written: list[dict[str, Any]]
) -> JsonResponse:
    messages = [{**message, "offset": round(message["at"] - start, 3)} for message in written]
    response = JsonResponse({**name, "start": start, "end": end, "messages": messages})
    response["Cache-Control"] = IMMUTABLE
    return response


def _playlist_response(request: HttpRequest, task: SandboxTask) -> HttpResponse:
    try:
        wanted = _blocking_reload(request)
    except ValueError:
        return HttpResponseBadRequest(_("_HLS_msn and _HLS_part must be whole numbers."))
    window = selectors.window_of(task)
    if window.gone:
        raise Http404(_("This program has ended."))
    if wanted is not None and window.segments:
        if wanted[0] > window.segments[-1].number + FURTHEST_AHEAD:
            return HttpResponseBadRequest(_("That segment is too far past the live edge."))
    if not _has(window, wanted):
        with waiting.slot(request) as may_wait:
            if may_wait:
                window = _wait_for(task, wanted, window)
    text = live_playlist(
        window.segments,
        segment_url=lambda item: reverse("sandbox-segment", args=[task.pk, item.number]),
        part_url=lambda item: reverse("sandbox-part", args=[task.pk, item.number]),
        target_seconds=selectors.segment_seconds(),
        part_seconds=selectors.part_seconds(),
        ended=window.ended,
    )
    response = HttpResponse(text, content_type=PLAYLIST_TYPE)
    response["Cache-Control"] = "no-store"
    return response


def _blocking_reload(request: HttpRequest) -> tuple[int, int | None] | None:
    """(segment, part) a blocking reload asks for (`_HLS_msn`, `_HLS_part`), or None."""
    msn = request.GET.get("_HLS_msn")
    if msn is None:
        return None
    part = request.GET.get("_HLS_part")
    return int(msn), None if part is None else int(part)


def _has(window: Window, wanted: tuple[int, int | None] | None) -> bool:
    """Whether the window answers the request: it holds what a blocking reload asks for,
    or (a first load) anything at all; an ended program answers every request."""
    if window.ended:
        return True
    if wanted is None:
        return bool(window.segments)
    return contains(window.segments, *wanted)


def _wait_for(task: SandboxTask, wanted: tuple[int, int | None] | None, window: Window) -> Window:
    """The window once it answers the request, or as it is after MIX_PROGRAM_WAIT_SECONDS."""
    deadline = time.monotonic() + settings.MIX_PROGRAM_WAIT_SECONDS
    while not _has(window, wanted) and time.monotonic() < deadline:
        time.sleep(WAIT_STEP_SECONDS)
        window = selectors.window_of(task)
    return window


def _coming(window: Window, number: int) -> bool:
    """Whether part `number` is the one the engine draws next (the preload hint)."""
    edge = window.segments[-1].parts[-1].number if window.segments else None
    return not window.ended and edge is not None and number == edge + 1


def _wait_for_part(task: SandboxTask, number: int) -> dict[str, Any] | None:
    deadline = time.monotonic() + settings.MIX_PROGRAM_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(WAIT_STEP_SECONDS)
        window = selectors.window_of(task)
        if not _coming(window, number):
            return selectors.stored_part(task, number)
    return None
