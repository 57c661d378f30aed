"""The program served as HLS: playlist, MPEG-TS segments, and the SEI read from them.

`/sandbox/program/<id>/...` is a task's program; `/sandbox/live/<stream>.m3u8`
is the same playlist under the stream name of the task's RTMP push URL, where
a CDN would play it.
"""

from __future__ import annotations

import time

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from studio.cloud.emulator.models import SandboxTask
from studio.cloud.emulator.program import selectors, services
from studio.cloud.emulator.program.playlist import media_playlist
from studio.cloud.emulator.program.timeline import Segment, Timeline, resizes_before, segment
from studio.media.reading import sei_in_bytes

PLAYLIST_TYPE = "application/vnd.apple.mpegurl"
SEGMENT_TYPE = "video/mp2t"


@require_GET
def playlist(request: HttpRequest, pk: int) -> HttpResponse:
    return _playlist_response(get_object_or_404(SandboxTask, pk=pk))


@require_GET
def live_playlist(request: HttpRequest, name: str) -> HttpResponse:
    task = selectors.task_for_stream(name)
    if task is None:
        raise Http404(_("No sandbox task pushes to a stream called %(name)s.") % {"name": name})
    return _playlist_response(task)


@require_GET
def segment_file(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    task, timeline, found = _segment(pk, number)
    response = HttpResponse(selectors.segment_bytes(timeline, found), content_type=SEGMENT_TYPE)
    # A finished segment never changes: players and proxies may keep it.
    response["Cache-Control"] = "private, max-age=3600, immutable"
    return response


@require_GET
def segment_sei(request: HttpRequest, pk: int, number: int) -> JsonResponse:
    """The SEI messages of one segment, read back from its bytes, with their times."""
    task, timeline, found = _segment(pk, number)
    data = selectors.segment_bytes(timeline, found)
    messages = []
    for timed in sei_in_bytes(data):
        seconds = timed.seconds if timed.seconds is not None else 0.0
        at = timeline.started_at + seconds
        entry = {
            "at": round(at, 3),
            "offset": round(at - found.start, 3),
            "key_frame": timed.key_frame,
            "payload_type": timed.message.payload_type,
        }
        layout = selectors.volume_layout_of(timed.message, timeline.params_at(at))
        if layout is not None:
            entry["layout_volume"] = layout
        else:
            entry["content"] = timed.message.content.decode("utf-8", "replace")
        messages.append(entry)
    return JsonResponse(
        {"segment": found.number, "start": found.start, "end": found.end, "messages": messages}
    )


def _segment(pk: int, number: int) -> tuple[SandboxTask, Timeline, Segment]:
    task = get_object_or_404(SandboxTask, pk=pk)
    services.expire_if_idle(task)
    timeline = selectors.timeline_of(task)
    found = segment(timeline, number, time.time(), selectors.segment_seconds())
    if found is None:
        raise Http404(_("Segment %(number)d of this program is not finished.") % {"number": number})
    return task, timeline, found


def _playlist_response(task: SandboxTask) -> HttpResponse:
    services.expire_if_idle(task)
    timeline = selectors.timeline_of(task)
    window = selectors.playlist_segments(timeline)
    text = media_playlist(
        window,
        segment_url=lambda item: reverse("sandbox-segment", args=[task.pk, item.number]),
        target_seconds=selectors.segment_seconds(),
        discontinuity_sequence=resizes_before(timeline, window[0].start) if window else 0,
        ended=timeline.stopped_at is not None,
    )
    response = HttpResponse(text, content_type=PLAYLIST_TYPE)
    response["Cache-Control"] = "no-store"
    return response
