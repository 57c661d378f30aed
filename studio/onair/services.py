"""Program, room and verification of a task, for the API, the pages and the commands.

The program and the room are the emulator's, asked through the backends'
interface (`studio.cloud.backends.emulator()`); verifying reads the
emulator's own stream in-process (verify.py).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from layouts import captures
from layouts.core import geometry
from layouts.core.calibration import DYNAMIC_MODES, CaptureInvalid
from layouts.errors import MixStudioError
from studio.cloud import backends
from studio.cloud.emulator.models import SandboxTask
from studio.cloud.emulator.program import room
from studio.cloud.emulator.program import selectors as program_selectors
from studio.control.models import MixTask
from studio.onair import verify


class NoProgram(MixStudioError):
    status_code = 409
    code = "no-program"


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


def program_of(task: MixTask) -> dict[str, Any]:
    """Where the task's program plays: the HLS playlist, its SEI, and its CDN names."""
    program = backends.emulator().program(task.task_id) if _on_emulator(task) else None
    if program is None:
        raise _no_program()
    return program


def room_of(task: MixTask) -> dict[str, Any]:
    """Who is in the task's room: the emulator's simulated room, or the one the task implies."""
    people = backends.emulator().room(task.task_id) if _on_emulator(task) else None
    if people is not None:
        return {"participants": [p.to_dict() for p in people], "simulated": True}
    named = room.named_in(task.params, (task.room_id, task.room_id_type))
    unique = list({person.key: person for person in named}.values())
    return {"participants": [p.to_dict() for p in unique], "simulated": False}


def set_room(task: MixTask, participants: list[geometry.Participant]) -> dict[str, Any]:
    """Tell the emulator who is in the room from now on (an empty list: everyone left)."""
    program_of(task)  # only an emulator task has a simulated room
    if not backends.emulator().set_room(task.task_id, participants):
        raise NoProgram(_("The task has ended; its room can no longer change."))
    return room_of(task)


def verify_task(
    task: MixTask, *, url: str | None, user: AbstractBaseUser | None = None
) -> dict[str, Any]:
    """Read the task's program (or `url`) and compare its SEI with the design."""
    if url:
        reading = verify.read_url(url)
    else:
        reading = verify.read_program(_emulator_task(task))
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
