"""Program, room and verification of a task, for the API, the pages and the commands."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse
from django.utils.translation import gettext as _

from layouts import captures
from layouts.core import geometry
from layouts.core.calibration import DYNAMIC_MODES, CaptureInvalid
from layouts.errors import MixStudioError
from studio.cloud.emulator import lifecycle
from studio.cloud.emulator.models import SandboxTask
from studio.cloud.emulator.program import room
from studio.cloud.emulator.program import selectors as program_selectors
from studio.cloud.emulator.program import services as program_services
from studio.control.models import MixTask
from studio.onair import verify


class NoProgram(MixStudioError):
    status_code = 409
    code = "no-program"


def _sandbox_task(task: MixTask) -> SandboxTask:
    sandbox = lifecycle.sandbox_task_of(task)
    if sandbox is None:
        raise NoProgram(
            _(
                "Only tasks on the built-in emulator have a program here; for the real "
                "cloud, verify the playback URL of one of the task's outputs."
            )
        )
    return sandbox


def program_of(task: MixTask) -> dict[str, Any]:
    """Where the task's program plays: the HLS playlist, its SEI, and its CDN names."""
    sandbox = _sandbox_task(task)
    return {
        "hls": reverse("sandbox-playlist", args=[sandbox.pk]),
        "sei": reverse("sandbox-segment-sei", args=[sandbox.pk, 0]).replace("/0.json", "/{n}.json"),
        "live": [
            reverse("sandbox-live", args=[program_selectors.stream_name(url)])
            for url in sandbox.cdn_urls
        ],
        "segment_seconds": program_selectors.segment_seconds(),
        "ended": not sandbox.is_running,
    }


def room_of(task: MixTask) -> dict[str, Any]:
    """Who is in the task's room: the emulator's simulated room, or the one the task implies."""
    sandbox = lifecycle.sandbox_task_of(task)
    if sandbox is not None:
        people = program_selectors.participants_now(sandbox)
        return {"participants": [p.to_dict() for p in people], "simulated": True}
    people = room.named_in(task.params, (task.room_id, task.room_id_type))
    unique = list({person.key: person for person in people}.values())
    return {"participants": [p.to_dict() for p in unique], "simulated": False}


def set_room(task: MixTask, participants: list[geometry.Participant]) -> dict[str, Any]:
    """Tell the emulator who is in the room from now on (an empty list: everyone left)."""
    sandbox = _sandbox_task(task)
    try:
        program_services.set_room(sandbox, participants)
    except program_services.RoomClosed:
        raise NoProgram(_("The task has ended; its room can no longer change.")) from None
    return room_of(task)


def verify_task(
    task: MixTask, *, url: str | None, user: AbstractBaseUser | None = None
) -> dict[str, Any]:
    """Read the task's program (or `url`) and compare its SEI with the design."""
    if url:
        reading = verify.read_url(url)
    else:
        reading = verify.read_program(_sandbox_task(task))
    verdict = verify.judge(reading, params=task.params, main_room=(task.room_id, task.room_id_type))
    answer = verdict.to_dict()
    answer["capture"] = _keep_capture(task, reading, user)
    return answer


def _keep_capture(
    task: MixTask, reading: verify.Reading, user: AbstractBaseUser | None
) -> int | None:
    """Store what a real stream showed of a dynamic template: it calibrates the previews.

    The emulator's own stream is drawn from the same geometry, so it teaches nothing.
    """
    video = task.params.get("VideoParams") or {}
    mode = (video.get("LayoutParams") or {}).get("MixLayoutMode")
    if reading.timeline is not None or mode not in DYNAMIC_MODES or not reading.payloads:
        return None
    last = reading.payloads[-1][1]
    people = [item.get("uid") for item in last.get("regions") or [] if isinstance(item, dict)]
    try:
        saved = captures.save_capture(
            {"mode": mode, "participants": people, "payloads": [p for _, p in reading.payloads]},
            source=reading.source,
            user=user,
        )
    except CaptureInvalid:
        return None
    return saved.pk
