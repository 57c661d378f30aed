"""What an Update may not change: R23 (the media kind) and R55 (the audio encoding,
WithTranscoding).

Judged only when the task's parameters in force are known (`Request.started`).
Update has no field for the robot, the room or the recording at all (R55), so
the field walk refuses those as unknown parameters; that a relay's video is
fixed (R54) is `rules.transcoding`'.
"""

from __future__ import annotations

from collections.abc import Iterator

from layouts.core.contract import bodies
from layouts.core.contract.fields import get_int, get_obj
from layouts.core.contract.problems import ERROR, Problem
from layouts.core.rules.request_context import Request
from layouts.core.text import gettext_noop


def check_fixed_on_update(request: Request) -> Iterator[Problem]:
    """R23 (media kind) and R55 (audio encoding, WithTranscoding) stay as started."""
    started, sent = request.started, request.sent
    if started is None:
        return
    kind = bodies.media_kind(started)
    if kind == bodies.AUDIO and "VideoParams" in sent:
        yield Problem(
            "VideoParams",
            "R23",
            ERROR,
            gettext_noop(
                "This task is audio only; it cannot start sending video. Stop it and "
                "start a new task with VideoParams."
            ),
        )
    if kind == bodies.VIDEO and "AudioParams" in sent:
        yield Problem(
            "AudioParams",
            "R23",
            ERROR,
            gettext_noop("This task is video only; it cannot start sending audio."),
        )
    started_wt, sent_wt = get_int(started, "WithTranscoding"), get_int(sent, "WithTranscoding")
    if (
        sent_wt in bodies.TRANSCODING_VALUES
        and started_wt in bodies.TRANSCODING_VALUES
        and sent_wt != started_wt
    ):
        yield Problem(
            "WithTranscoding",
            "R55",
            ERROR,
            gettext_noop(
                "The task was started with WithTranscoding %(old)d; an update must send "
                "the same value, not %(new)d."
            ),
            {"old": started_wt, "new": sent_wt},
        )
    new_encode = get_obj(get_obj(sent, "AudioParams"), "AudioEncode")
    if new_encode is None or kind == bodies.VIDEO:
        return
    old_encode = get_obj(get_obj(started, "AudioParams"), "AudioEncode") or {}
    for name, spec in bodies.AUDIO_ENCODE.by_name.items():
        old = old_encode.get(name, spec.default)
        new = new_encode.get(name, spec.default)
        if old != new or type(old) is not type(new):
            yield Problem(
                f"AudioParams.AudioEncode.{name}",
                "R55",
                ERROR,
                gettext_noop(
                    "The audio encoding cannot change while the task runs: %(field)s "
                    "was %(old)s at start. Send the start values or leave AudioEncode out."
                ),
                {"field": name, "old": "unset" if old is None else str(old)[:20]},
            )
