"""Transcoding or relaying one stream: R14 and R54.

A task either mixes and transcodes (WithTranscoding 1) or relays one stream
unchanged (WithTranscoding 0, the stream named in SingleSubscribeParams, R14);
a relay's video parameters cannot be updated (R54). That a picture needs
transcoding (R13) is a rule of the document: `rules.canvas`.
"""

from __future__ import annotations

from collections.abc import Iterator

from layouts.core.contract import bodies
from layouts.core.contract.problems import ERROR, Problem
from layouts.core.rules.request_context import Request
from layouts.core.text import gettext_noop


def check_transcoding(request: Request) -> Iterator[Problem]:
    """R14 (single-stream relay needs WithTranscoding 0) and R54 (video updates need 1)."""
    with_transcoding = request.with_transcoding
    sends_video = "VideoParams" in request.sent
    if "SingleSubscribeParams" in request.sent and with_transcoding == bodies.TRANSCODING_ON:
        yield Problem(
            "SingleSubscribeParams",
            "R14",
            ERROR,
            gettext_noop(
                "SingleSubscribeParams relays one stream unchanged, which needs "
                "WithTranscoding 0; this task transcodes (WithTranscoding 1)."
            ),
        )
    if request.action == bodies.START:
        if with_transcoding == bodies.TRANSCODING_OFF and sends_video:
            if "SingleSubscribeParams" not in request.sent:
                yield Problem(
                    "SingleSubscribeParams",
                    "R14",
                    ERROR,
                    gettext_noop(
                        "Without transcoding (WithTranscoding 0) the task relays one stream "
                        "unchanged; name it in SingleSubscribeParams."
                    ),
                )
    elif with_transcoding == bodies.TRANSCODING_OFF and sends_video:
        yield Problem(
            "VideoParams",
            "R54",
            ERROR,
            gettext_noop(
                "This task relays one stream unchanged (WithTranscoding 0), so its video "
                "parameters cannot be updated; only a transcoding task's can."
            ),
        )
