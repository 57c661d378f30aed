"""Verify on air: read a stream's volume-layout SEI and compare it with the design.

The SEI reports where the mixer really put every user (reference C), so it is
the only way to see that the cloud applied what was sent. A stream is read
from the app's own emulator in-process (its program, or an emulator push URL),
or from a playback URL: HLS and HTTP-FLV through the images' SSRF guard with
time and size limits, RTMP through FFmpeg after the same address check.

Whoever verifies chooses the stream, so everything read from it is untrusted:
one `Deadline` bounds the whole verification (every lookup, fetch and decode),
the SEI is parsed by `layouts.core.sei`'s strict reader, and only the last
`MAX_PAYLOADS_KEPT` layout payloads are kept.
"""

from __future__ import annotations

import io
import socket
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import av
from django.conf import settings
from django.utils.translation import gettext as _

from layouts import images
from layouts import selectors as layout_selectors
from layouts.core import addresses, geometry, roles, sei
from layouts.core.contract import video
from layouts.core.geometry import Layout, Participant
from layouts.errors import MixStudioError
from studio.cloud.emulator.models import SandboxTask
from studio.cloud.emulator.program import room
from studio.cloud.emulator.program import selectors as program_selectors
from studio.cloud.emulator.program.timeline import Timeline
from studio.media.reading import TimedSei, sei_in_container

HLS_SEGMENTS_READ = 2
RTMP_DEFAULT_PORT = 1935
FLV_FRACTION = 4  # an HTTP-FLV read keeps this share of the byte limit: a live body never ends
# A live body is read until its time is up, so it leaves this share of what is left to decode it.
DECODE_SHARE = 0.25
MAX_PAYLOADS_KEPT = 256  # the last volume-layout payloads of a reading (a capture keeps them)
_resolver = ThreadPoolExecutor(max_workers=2, thread_name_prefix="verify-dns")


class StreamUnreadable(MixStudioError):
    """The URL could not be read as a stream; nothing was compared."""

    status_code = 400
    code = "stream-unreadable"


@dataclass(frozen=True)
class Deadline:
    """The time one whole verification may take, shared by its every step (time.monotonic())."""

    at: float

    @classmethod
    def after(cls, seconds: float | None = None) -> Deadline:
        """`seconds` from now; MIX_VERIFY_DEADLINE_SECONDS by default."""
        return cls(time.monotonic() + (seconds or settings.MIX_VERIFY_DEADLINE_SECONDS))

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def seconds_for(self, url: str, *, share: float = 1.0) -> float:
        """What one step reading `url` may take: `share` of what is left, at most
        MIX_VERIFY_TIMEOUT. StreamUnreadable (timeout) when nothing is left."""
        left = min(self.remaining() * share, settings.MIX_VERIFY_TIMEOUT)
        if left <= 0:
            raise StreamUnreadable(_unreadable(url, "timeout"), field="url")
        return left


@dataclass(frozen=True)
class Mismatch:
    user: str
    expected: dict[str, int] | None  # None: the design has no picture of this user
    seen: dict[str, int] | None  # None: the stream shows no picture of this user

    def to_dict(self) -> dict[str, Any]:
        return {"user": self.user, "expected": self.expected, "seen": self.seen}


@dataclass(frozen=True)
class MissingShare:
    """A slot the design gives a screen share (StreamType 1) that shows nothing."""

    slot: int  # index in MixLayoutList
    user: str | None  # None: the sharer role, which nobody fills
    expected: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {"slot": self.slot, "user": self.user, "expected": self.expected}

    def sentence(self) -> str:
        if self.user is None:
            return _(
                "Slot %(slot)d should show the screen share of whoever shares (the sharer "
                "role); nobody is sharing, so nothing is shown there."
            ) % {"slot": self.slot + 1}
        return _("Slot %(slot)d should show %(user)s's screen share; nothing is shown there.") % {
            "slot": self.slot + 1,
            "user": self.user,
        }


@dataclass(frozen=True)
class Reading:
    """What was read: every volume-layout payload, each with the time of its frame."""

    source: str
    payloads: list[tuple[float | None, dict[str, Any]]]
    messages: int  # SEI messages of any kind
    timeline: Timeline | None = None  # set when the stream is the emulator's own
    emulator_task: SandboxTask | None = None


@dataclass(frozen=True)
class Verdict:
    as_designed: bool
    source: str
    messages: int
    layout_volumes: int
    mismatches: list[Mismatch] = field(default_factory=list)
    seen: dict[str, Any] | None = None
    expected: list[dict[str, Any]] = field(default_factory=list)
    at: float | None = None
    note: str = ""
    missing_shares: list[MissingShare] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_designed": self.as_designed,
            "source": self.source,
            "messages": self.messages,
            "layout_volumes": self.layout_volumes,
            "mismatches": [item.to_dict() for item in self.mismatches],
            "missing_shares": [item.to_dict() for item in self.missing_shares],
            "seen": self.seen,
            "expected": self.expected,
            "at": self.at,
            "note": self.note,
        }


# --- comparing ------------------------------------------------------------------------


def compare(expected: Layout, payload: dict[str, Any]) -> list[Mismatch]:
    """Every user whose rectangle differs between the design and the SEI, canvas first."""
    mismatches = []
    canvas = payload.get("canvas") or {}
    designed_canvas = {"w": expected.canvas_w, "h": expected.canvas_h}
    seen_canvas = {"w": canvas.get("w"), "h": canvas.get("h")}
    if seen_canvas != designed_canvas:
        mismatches.append(Mismatch("(canvas)", designed_canvas, seen_canvas))
    designed = {
        region.user_id: _rect(region.x, region.y, region.w, region.h)
        for region in expected.regions
        if region.kind == geometry.KIND_VIDEO and region.user_id
    }
    seen = {
        item["uid"]: _rect(item.get("x"), item.get("y"), item.get("w"), item.get("h"))
        for item in payload.get("regions") or []
        if isinstance(item, dict) and isinstance(item.get("uid"), str)
    }
    for user in list(designed) + [user for user in seen if user not in designed]:
        if designed.get(user) != seen.get(user):
            mismatches.append(Mismatch(user, designed.get(user), seen.get(user)))
    return mismatches


def missing_shares(expected: Layout, payload: dict[str, Any]) -> list[MissingShare]:
    """Every slot bound to a screen share (StreamType 1, or the sharer role) where the
    SEI shows no picture of that user.

    The design may well predict the empty slot (nobody shares, or the sharer left),
    so the rectangles agree; but a producer who put a share there expects one, and
    nothing on air is not "as designed". A picture counts as the share when the SEI
    shows its user with the centre of their picture inside the slot.
    """
    seen = [
        (item.get("uid"), item.get("x"), item.get("y"), item.get("w"), item.get("h"))
        for item in payload.get("regions") or []
        if isinstance(item, dict)
    ]

    def shown(user: str, x: int, y: int, w: int, h: int) -> bool:
        for uid, sx, sy, sw, sh in seen:
            if uid != user or not all(type(v) is int for v in (sx, sy, sw, sh)):
                continue
            cx, cy = sx + sw / 2, sy + sh / 2
            if x <= cx <= x + w and y <= cy <= y + h:
                return True
        return False

    missing = []
    for region in expected.regions:
        if (
            region.slot_index is None
            or region.stream_type != video.STREAM_SCREEN
            or not region.user_id
            or region.w <= 0
            or region.h <= 0
        ):
            continue
        if not shown(region.user_id, region.x, region.y, region.w, region.h):
            user = None if roles.is_vacant(region.user_id) else region.user_id
            rect = _rect(region.x, region.y, region.w, region.h)
            missing.append(MissingShare(region.slot_index, user, rect))
    return sorted(missing, key=lambda item: item.slot)


def judge(
    reading: Reading,
    *,
    params: dict[str, Any] | None,
    main_room: tuple[str, int],
    sdk_app_id: int | None = None,
) -> Verdict:
    """Compare the last volume-layout SEI read with what the geometry predicts.

    For the emulator's own stream the parameters and room are those in force
    at that frame; for another stream, the task's parameters in force and, as
    the room, the users the SEI itself shows (the mixer lists exactly those).
    The template calibration is the one of the task's app (`sdk_app_id`); the
    emulator draws with the captures of no app, so its own stream is judged
    with those. A slot meant for a screen share that shows nothing is never
    "as designed", even where the geometry predicts the empty slot
    (`missing_shares`); the note names each one.
    """
    if not reading.payloads:
        return Verdict(
            False,
            reading.source,
            reading.messages,
            0,
            note=_(
                "The stream carries no volume-layout SEI: set SeiParams.LayoutVolume on the "
                "task (it may be {}) to make the mixer report its layout."
            ),
        )
    at, payload = reading.payloads[-1]
    if reading.timeline is not None and at is not None:
        params = dict(reading.timeline.params_at(at))
        people = list(room.participants_at(reading.timeline, at))
        main_room = reading.timeline.room
    else:
        people = [
            Participant(item["uid"], *main_room)
            for item in payload.get("regions") or []
            if isinstance(item, dict) and isinstance(item.get("uid"), str) and item["uid"]
        ]
    document = (params or {}).get("VideoParams") or {}
    calibration = layout_selectors.template_calibration(
        None if reading.timeline is not None else sdk_app_id
    )
    layout = calibration.regions(document, people, main_room=main_room)
    mismatches = compare(layout, payload)
    empty = missing_shares(layout, payload)
    return Verdict(
        as_designed=not mismatches and not empty,
        source=reading.source,
        messages=reading.messages,
        layout_volumes=len(reading.payloads),
        mismatches=mismatches,
        seen=payload,
        expected=geometry.volume_sei(layout, ts=int(at or 0))["regions"],
        at=at,
        note=" ".join(item.sentence() for item in empty),
        missing_shares=empty,
    )


# --- reading --------------------------------------------------------------------------


def read_program(
    task: SandboxTask, *, segments: int = HLS_SEGMENTS_READ, deadline: Deadline | None = None
) -> Reading:
    """The emulator's own program, read from the last finished segments its engine drew
    (nothing is drawn here: a segment the engine did not draw is not read)."""
    deadline = deadline or Deadline.after()
    timeline = program_selectors.timeline_of(task)
    window = program_selectors.playlist_segments(timeline)
    if not window:
        raise StreamUnreadable(
            _("The program has no finished segment yet; try again in a few seconds."),
            field="url",
        )
    drawn: list[bytes] = []  # the newest `segments` the engine drew, oldest first
    for segment in reversed(window):
        data = program_selectors.stored_segment_bytes(timeline, segment)
        if data is not None:
            drawn.insert(0, data)
        if len(drawn) == segments:
            break
    if not drawn:
        raise StreamUnreadable(
            _(
                "The program engine has not drawn this task's last segments (it may be busy "
                "with other programs); try again in a few seconds."
            ),
            field="url",
        )
    timed: list[TimedSei] = []
    for data in drawn:
        with av.open(io.BytesIO(data), format="mpegts") as container:
            timed.extend(sei_in_container(container, deadline=deadline.at))
    payloads: deque[tuple[float | None, dict[str, Any]]] = deque(maxlen=MAX_PAYLOADS_KEPT)
    for item in timed:
        at = timeline.started_at + item.seconds if item.seconds is not None else None
        params = timeline.params_at(at) if at is not None else timeline.changes[-1].params
        found = program_selectors.volume_layout_of(item.message, params)
        if found is not None:
            payloads.append((at, found))
    return Reading("program", list(payloads), len(timed), timeline, task)


def read_url(
    url: str, *, payload_type: int | None = None, deadline: Deadline | None = None
) -> Reading:
    """A playback URL: the app's own emulator streams in-process, anything else guarded.

    `payload_type` is the type of the task's volume-layout SEI
    (`sei.layout_payload_type`); None takes any message whose content is its JSON.
    """
    deadline = deadline or Deadline.after()
    own = emulator_stream(url)
    if own is not None:
        reading = read_program(own, deadline=deadline)
        return Reading(url, reading.payloads, reading.messages, reading.timeline, own)
    scheme = urlsplit(url).scheme.lower()
    if scheme == "rtmp":
        return _read_rtmp(url, payload_type, deadline)
    if scheme not in ("http", "https"):
        raise StreamUnreadable(
            _("Give an HLS (.m3u8), HTTP-FLV or RTMP playback URL, not %(url)s.") % {"url": url},
            field="url",
        )
    if urlsplit(url).path.lower().endswith(".m3u8"):
        return _read_hls(url, payload_type, deadline)
    return _read_flv(url, payload_type, deadline)


def emulator_stream(url: str) -> SandboxTask | None:
    """The emulator task a URL plays, if it is one of the app's own emulator streams.

    Those are the emulator's push URLs (rtmp://.../<stream>, which a CDN would
    play back) and this app's /sandbox/ playlists.
    """
    parts = urlsplit(url)
    path = parts.path
    if parts.scheme.lower() == "rtmp":
        return program_selectors.task_for_stream(program_selectors.stream_name(url))
    base = urlsplit(settings.MIX_PUBLIC_BASE_URL or "http://127.0.0.1:8000")
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    if path.startswith("/sandbox/live/") and path.endswith(".m3u8"):
        return program_selectors.task_for_stream(path[len("/sandbox/live/") : -len(".m3u8")])
    if path.startswith("/sandbox/program/") and path.endswith("/index.m3u8"):
        number = path[len("/sandbox/program/") : -len("/index.m3u8")]
        return SandboxTask.objects.filter(pk=int(number)).first() if number.isdigit() else None
    return None


def _read_hls(url: str, payload_type: int | None, deadline: Deadline) -> Reading:
    playlist = _fetch_text(url, deadline)
    variants = _uris(playlist, url, marker="#EXT-X-STREAM-INF")
    if variants:
        url = variants[0]
        playlist = _fetch_text(url, deadline)
    segments = _uris(playlist, url)
    if not segments:
        raise StreamUnreadable(_("%(url)s lists no media segment.") % {"url": url}, field="url")

    def timed() -> Iterator[TimedSei]:
        for segment_url in segments[-HLS_SEGMENTS_READ:]:
            data = _fetch(segment_url, deadline, partial=False)
            yield from _demux(data, "mpegts", segment_url, deadline)

    return _reading(url, timed(), payload_type)


def _read_flv(url: str, payload_type: int | None, deadline: Deadline) -> Reading:
    data = _fetch(url, deadline, partial=True)
    return _reading(url, _demux(data, "flv", url, deadline), payload_type)


def _read_rtmp(url: str, payload_type: int | None, deadline: Deadline) -> Reading:
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or RTMP_DEFAULT_PORT
    address = _vetted_address(url, host, port, deadline)
    pinned = url.replace(
        parts.netloc, f"[{address}]:{port}" if ":" in address else f"{address}:{port}", 1
    )
    seconds = deadline.seconds_for(url)
    timeout_us = str(int(seconds * 1_000_000))
    options = {"rw_timeout": timeout_us, "rtmp_tcurl": url.rsplit("/", 1)[0], "rtmp_live": "live"}
    try:
        with av.open(pinned, options=options, timeout=seconds) as container:
            timed = sei_in_container(
                container, max_bytes=settings.MIX_VERIFY_MAX_BYTES, deadline=deadline.at
            )
            return _reading(url, timed, payload_type)
    except (av.FFmpegError, OSError, ValueError) as error:
        raise StreamUnreadable(
            _("%(url)s could not be played: %(error)s") % {"url": url, "error": error},
            field="url",
        ) from error


def _reading(source: str, timed: Iterable[TimedSei], payload_type: int | None) -> Reading:
    """Every message counted, the last MAX_PAYLOADS_KEPT volume-layout ones kept."""
    payloads: deque[tuple[float | None, dict[str, Any]]] = deque(maxlen=MAX_PAYLOADS_KEPT)
    messages = 0
    for item in timed:
        messages += 1
        found = sei.volume_layout(item.message, payload_type)
        if found is not None:
            ts = found.get("ts")
            payloads.append((float(ts) if type(ts) is int else item.seconds, found))
    return Reading(source, list(payloads), messages)


def _demux(data: bytes, fmt: str, url: str, deadline: Deadline) -> Iterator[TimedSei]:
    try:
        container = av.open(io.BytesIO(data), format=fmt)
    except (av.FFmpegError, OSError, ValueError) as error:
        raise StreamUnreadable(
            _("%(url)s is not a stream FFmpeg can read as %(format)s.")
            % {"url": url, "format": fmt},
            field="url",
        ) from error
    with container:
        yield from sei_in_container(container, deadline=deadline.at)


def _fetch(url: str, deadline: Deadline, *, partial: bool) -> bytes:
    limit = settings.MIX_VERIFY_MAX_BYTES
    limits = images.FetchLimits(
        max_bytes=limit // FLV_FRACTION if partial else limit,
        accept="*/*",
        # A live body ends only when its time is up: leave time to decode what came.
        seconds=deadline.seconds_for(url, share=1 - DECODE_SHARE if partial else 1),
        partial=partial,
    )
    try:
        return images.fetch_public_bytes(url, limits)
    except images.ImageUnavailable as error:
        raise StreamUnreadable(_unreadable(url, error.reason), field="url") from error


def _fetch_text(url: str, deadline: Deadline) -> str:
    return _fetch(url, deadline, partial=False).decode("utf-8", "replace")


def _uris(playlist: str, base: str, *, marker: str = "#EXTINF") -> list[str]:
    """The URIs that follow `marker` lines in an M3U8 playlist, made absolute."""
    found, expecting = [], False
    for line in playlist.splitlines():
        line = line.strip()
        if line.startswith(marker):
            expecting = True
        elif expecting and line and not line.startswith("#"):
            found.append(urljoin(base, line))
            expecting = False
    return found


def _vetted_address(url: str, host: str, port: int, deadline: Deadline) -> str:
    if not host:
        raise StreamUnreadable(_("%(url)s has no host.") % {"url": url}, field="url")
    lookup = _resolver.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        infos = lookup.result(timeout=deadline.seconds_for(url))
    except (OSError, UnicodeError, TimeoutError) as error:
        raise StreamUnreadable(_unreadable(url, "dns"), field="url") from error
    found = [str(info[4][0]) for info in infos]
    allowed = addresses.is_allow_listed(host, port, settings.MIX_IMAGE_ALLOWED_HOSTS)
    if not found or (not allowed and not all(addresses.is_public_address(a) for a in found)):
        raise StreamUnreadable(_unreadable(url, "blocked-address"), field="url")
    return found[0]


def _unreadable(url: str, reason: str) -> str:
    messages = {
        "blocked-address": _(
            "%(url)s points to a private or local network address; streams are read from "
            "the public internet only (and from this app's own sandbox streams)."
        ),
        "timeout": _("%(url)s did not deliver enough of the stream in time."),
        "too-large": _("%(url)s is larger than the verifier reads."),
        "dns": _("The host of %(url)s could not be found."),
        "http-status": _("%(url)s did not answer with a stream (HTTP error)."),
    }
    message = messages.get(reason, _("%(url)s could not be read as a stream."))
    return message % {"url": url}


def _rect(x: Any, y: Any, w: Any, h: Any) -> dict[str, int]:
    return {"x": x, "y": y, "w": w, "h": h}
