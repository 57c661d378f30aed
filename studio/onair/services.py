"""Program, room and verification of a task, for the API, the pages and the commands.

On the emulator, the program and the room are the emulator's, asked through
the backends' interface (`studio.cloud.backends.emulator()`), and verifying
reads its own stream in-process (verify.py). On the real cloud, the program
is the playback URL the task keeps for its first output on air
(`MixTask.playback_urls`): the browser plays it, and Verify and the overlay's
latest SEI read it through the SSRF guard.
"""

from __future__ import annotations

import math
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext as _

from layouts import captures
from layouts import selectors as layout_selectors
from layouts.core import geometry, sei, show
from layouts.core.calibration import DYNAMIC_MODES, CaptureInvalid
from layouts.core.contract import bodies, rooms
from layouts.core.contract.video import STREAM_SCREEN
from layouts.errors import MixStudioError
from studio import program_access
from studio.cloud import backends
from studio.cloud.emulator.models import SandboxTask
from studio.cloud.emulator.program import room
from studio.cloud.emulator.program import selectors as program_selectors
from studio.control.models import MixTask
from studio.control.selectors import task_room
from studio.control.services import room as room_service
from studio.onair import verify

# The overlay's latest SEI of a stream is read once for everyone watching in this
# long: the mixer repeats its layout SEI every second by default (reference B.18).
LATEST_SEI_SECONDS = 2
LATEST_SEI_DEADLINE = 4.0  # a reading of the stream, every step in all
LATEST_SEI_KEPT = 60  # the reading before, answered while the next one is read
LIVE_STATES = (
    MixTask.Status.STARTING,
    MixTask.Status.RUNNING,
    MixTask.Status.UNKNOWN,
    MixTask.Status.STOPPING,
)


class NoProgram(MixStudioError):
    status_code = 409
    code = "no-program"


class VerifyBusy(MixStudioError):
    """The user's previous verification is still reading; `retry_after` says for how long."""

    status_code = 429
    code = "verify-busy"

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            _("Your previous verification is still reading its stream; try again in %(seconds)d s.")
            % {"seconds": retry_after}
        )
        self.retry_after = retry_after


def _on_emulator(task: MixTask) -> bool:
    return task.backend == backends.EMULATOR and bool(task.task_id)


def _no_program() -> NoProgram:
    return NoProgram(
        _(
            "Only tasks on the built-in emulator have a program here; for the real "
            "cloud, verify the playback URL of one of the task's outputs."
        )
    )


def _emulator_task(task: MixTask) -> SandboxTask:
    found = program_selectors.task_with_id(task.task_id) if _on_emulator(task) else None
    if found is None:
        raise _no_program()
    return found


def program_of(
    task: MixTask, *, viewer: AbstractBaseUser | None = None, base_url: str = ""
) -> dict[str, Any]:
    """Where the task's program plays.

    On the emulator: the HLS playlist, its per-segment SEI, its CDN names and,
    given the `viewer` and the app's `base_url`, the same URLs signed for that
    viewer for a short while ("signed"), for players without a session. On the
    real cloud: the playback URL of its first output on air ("hls" or "flv").
    """
    if task.backend == backends.TENCENT:
        return _cloud_program(task)
    program = backends.emulator().program(task.task_id) if _on_emulator(task) else None
    if program is None:
        raise _no_program()
    if viewer is not None and viewer.is_authenticated and base_url:
        program["signed"] = _signed(program, viewer, base_url)
    return program


def _signed(program: dict[str, Any], viewer: AbstractBaseUser, base_url: str) -> dict[str, Any]:
    grant = program_access.grant_for(viewer)

    def sign(path: str) -> str:
        return program_access.signed_url(base_url, path, grant)

    return {
        "hls": sign(program["hls"]),
        "live": [sign(path) for path in program.get("live", [])],
        "expires": grant.expires,
    }


def playback_in_force(task: MixTask) -> dict[str, str] | None:
    """The playback URL the task is watched by: that of its first output on air."""
    kept = show.playback_urls({show.APP_KEY: {show.PLAYBACK_URLS: task.playback_urls}})
    by_output = {entry[show.PUSH_URL]: entry for entry in kept}
    return next((by_output[url] for url in bodies.cdn_urls(task.params) if url in by_output), None)


def _cloud_program(task: MixTask) -> dict[str, Any]:
    entry = playback_in_force(task)
    url = entry[show.PLAYBACK_URL] if entry else ""
    kind = show.playback_kind(url)
    if kind is None:
        raise NoProgram(
            _(
                "No output on air of this task has a playback URL: give each CDN output "
                "the address viewers play it at (HLS .m3u8 or HTTP-FLV .flv) when launching."
            )
        )
    live = task.status in LIVE_STATES
    return {
        kind: url,
        "sei_latest": reverse("task-program-sei", args=[task.pk]),
        "status": "live" if live else "ended",  # as the emulator's program says it
        "ended": not live,
    }


def room_of(task: MixTask) -> dict[str, Any]:
    """Who is in the task's room, and where the program shows each of them.

    One source of truth for every task: the room its room and media callbacks told
    (the real cloud's; the emulator's for its simulated room), or, before any came,
    the room its parameters imply (`"source": "implied"`); an emulator whose
    callbacks the app cannot take (no callback key) is asked for its own room
    (`"source": "emulator"`). Each participant, in the
    participant shape of previews with `since_ms` and `level`, has `on_air`: the
    regions of the parameters in force that show them. An emulator task's room is
    `simulated` (the room panel may change it) and says where its scenario is.
    """
    people, source = _people_in(task)
    answer: dict[str, Any] = {
        "participants": _with_on_air(task, people),
        "source": source,
        "simulated": _on_emulator(task),
    }
    if answer["simulated"]:
        answer["scenario"] = room_service.scenario_state(task)
    return answer


def _people_in(task: MixTask) -> tuple[list[dict[str, Any]], str]:
    told = task_room(task)
    if told is not None:
        return [person.to_dict() for person in told.people], "callbacks"
    simulated = backends.emulator().room(task.task_id) if _on_emulator(task) else None
    if simulated is not None:
        # No callback of the emulator's was taken (it holds no callback key): its own room.
        return [{**p.to_dict(), "since_ms": None, "level": None} for p in simulated], "emulator"
    named = room.named_in(task.params, (task.room_id, task.room_id_type))
    unique = {person.key: person for person in named}.values()
    return [{**p.to_dict(), "since_ms": None, "level": None} for p in unique], "implied"


def _with_on_air(task: MixTask, people: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each person with the regions that show them: slot (1-based) or tile, and stream."""
    document = task.params.get("VideoParams")
    shown: dict[tuple[str, str, int], list[dict[str, Any]]] = {}
    if isinstance(document, dict) and people:
        participants = [geometry.Participant.from_dict(person) for person in people]
        calibration = layout_selectors.template_calibration(task.app_profile.sdk_app_id)
        layout = calibration.regions(
            document, participants, main_room=(task.room_id, task.room_id_type)
        )
        tile = 0
        for region in layout.regions:
            if region.kind == geometry.KIND_EMPTY or region.user_id is None:
                continue
            tile += 1
            key = (region.user_id, region.room_id or "", region.room_id_type or 0)
            shown.setdefault(key, []).append(
                {
                    "slot": None if region.slot_index is None else region.slot_index + 1,
                    "tile": tile,
                    "stream": "screen" if region.stream_type == STREAM_SCREEN else "camera",
                    "picture": region.kind == geometry.KIND_VIDEO,
                }
            )
    return [
        {
            **person,
            "on_air": shown.get((person["UserId"], person["RoomId"], person["RoomIdType"]), []),
        }
        for person in people
    ]


def set_room(task: MixTask, participants: list[geometry.Participant]) -> dict[str, Any]:
    """Tell the emulator who is in the room from now on (an empty list: everyone left).

    Everyone must be someone the cloud could name in a callback (R8, R10).
    """
    _emulator_task(task)  # only an emulator task has a simulated room
    for index, person in enumerate(participants):
        if not rooms.is_valid_user_id(person.user_id):
            raise MixStudioError(
                _("participants[%(index)d].UserId must be 1 to 32 letters, digits, _ or - (R10).")
                % {"index": index},
                field=f"participants[{index}].UserId",
            )
        if not rooms.is_valid_room_id(person.room_id, person.room_id_type):
            raise MixStudioError(
                _("participants[%(index)d].RoomId is not a room ID R8 allows.") % {"index": index},
                field=f"participants[{index}].RoomId",
            )
    if not backends.emulator().set_room(task.task_id, participants):
        raise NoProgram(_("The task has ended; its room can no longer change."))
    return room_of(task)


def verify_task(
    task: MixTask, *, url: str | None, user: AbstractBaseUser | None = None
) -> dict[str, Any]:
    """Read the task's program (or `url`) and compare its SEI with the design.

    The whole verification has one deadline (MIX_VERIFY_DEADLINE_SECONDS), and a
    user runs one at a time: a second one meanwhile is refused (VerifyBusy).
    """
    deadline = verify.Deadline.after()
    payload_type = sei.layout_payload_type(task.params)
    with _one_verification_at_a_time(user):
        if url:
            reading = verify.read_url(url, payload_type=payload_type, deadline=deadline)
        elif task.backend == backends.TENCENT:
            reading = verify.read_url(
                _cloud_program_url(task), payload_type=payload_type, deadline=deadline
            )
        else:
            reading = verify.read_program(_emulator_task(task), deadline=deadline)
        verdict = verify.judge(
            reading,
            params=task.params,
            main_room=(task.room_id, task.room_id_type),
            sdk_app_id=task.app_profile.sdk_app_id,
        )
        answer = verdict.to_dict()
        answer["capture"] = _keep_capture(task, reading, user)
    return answer


@contextmanager
def _one_verification_at_a_time(user: AbstractBaseUser | None) -> Iterator[None]:
    """Hold the user's verification slot: each holds a thread for up to the deadline.

    The slot is a cache entry (shared by every worker) that lapses with the
    deadline should this process die before releasing it. Commands (no user)
    are not limited.
    """
    if user is None or not user.is_authenticated:
        yield
        return
    seconds = settings.MIX_VERIFY_DEADLINE_SECONDS
    key = f"onair:verifying:{user.pk}"
    mine = {"token": secrets.token_hex(8), "until": time.time() + seconds}
    if not cache.add(key, mine, timeout=math.ceil(seconds)):
        held = cache.get(key)
        until = held.get("until") if isinstance(held, dict) else None
        left = until - time.time() if isinstance(until, float) else seconds
        raise VerifyBusy(max(math.ceil(left), 1))
    try:
        yield
    finally:
        # Only our own slot: one that lapsed may have been taken by the next verification.
        held = cache.get(key)
        if isinstance(held, dict) and held.get("token") == mine["token"]:
            cache.delete(key)


def _cloud_program_url(task: MixTask) -> str:
    program = _cloud_program(task)
    return program.get(show.HLS) or program[show.FLV]


def latest_sei(task: MixTask) -> dict[str, Any]:
    """The newest volume-layout SEI of the task's program, for the monitor's overlay.

    Read from the stream itself (the real cloud's playback URL through the SSRF
    guard, or the emulator's program) within LATEST_SEI_DEADLINE, at most once
    every LATEST_SEI_SECONDS for everyone who watches: while one request reads,
    the others get the reading before it. {"layout_volume": the payload or None,
    "at", "source", "read_at"}.
    """
    url = _cloud_program_url(task) if task.backend == backends.TENCENT else None
    key = f"onair:latest-sei:{task.pk}:{url or ''}"
    found = cache.get(key)
    if found is not None:
        return found
    if not cache.add(f"{key}:reading", True, LATEST_SEI_DEADLINE * 2):
        return cache.get(f"{key}:last") or {"layout_volume": None, "at": None, "source": url}
    try:
        found = _read_latest_sei(task, url)
    finally:
        cache.delete(f"{key}:reading")
    cache.set(key, found, LATEST_SEI_SECONDS)
    cache.set(f"{key}:last", found, LATEST_SEI_KEPT)
    return found


def _read_latest_sei(task: MixTask, url: str | None) -> dict[str, Any]:
    deadline = verify.Deadline.after(LATEST_SEI_DEADLINE)
    if url is None:
        reading = verify.read_program(_emulator_task(task), segments=1, deadline=deadline)
    else:
        payload_type = sei.layout_payload_type(task.params)
        reading = verify.read_url(url, payload_type=payload_type, deadline=deadline)
    at, payload = reading.payloads[-1] if reading.payloads else (None, None)
    return {
        "layout_volume": payload,
        "at": at,
        "source": reading.source,
        "read_at": round(time.time(), 3),
    }


def _keep_capture(
    task: MixTask, reading: verify.Reading, user: AbstractBaseUser | None
) -> int | None:
    """Store what a real stream showed of a dynamic template, as a proposal for the task's app.

    It calibrates nothing until an administrator accepts it (the stream is the
    verifying user's choice). The emulator's own stream is drawn from the same
    geometry, so it teaches nothing.
    """
    video = task.params.get("VideoParams") or {}
    mode = (video.get("LayoutParams") or {}).get("MixLayoutMode")
    if reading.timeline is not None or mode not in DYNAMIC_MODES or not reading.payloads:
        return None
    last = reading.payloads[-1][1]
    people = [item.get("uid") for item in last.get("regions") or [] if isinstance(item, dict)]
    try:
        saved = captures.propose_capture(
            {"mode": mode, "participants": people, "payloads": [p for _, p in reading.payloads]},
            source=reading.source,
            sdk_app_id=task.app_profile.sdk_app_id,
            user=user,
        )
    except CaptureInvalid:
        return None
    return saved.pk
