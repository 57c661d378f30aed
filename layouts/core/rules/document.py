"""validate(document) -> problems: every check of a VideoParams document.

Each problem names the field (`LayoutParams.MixLayoutList[3].ImageWidth`),
the reference rule it breaks (R-number) or a short code for checks of our
own, a severity, and a message a producer understands. Types are checked
first, field by field from the tables of `layouts.core.contract.video`
(`rules.fields`); the rules that relate several fields then read only values
whose type was right, so one wrong type is one problem and never a crash.

The checks live by topic (see `layouts.core.rules`); this module runs them in
the order of `CROSS_FIELD_CHECKS`, which is the order of the problems. A new
document rule goes into its topic's module and into that list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from layouts.core.contract import video
from layouts.core.contract.document import read_document
from layouts.core.contract.fields import json_type_name
from layouts.core.contract.problems import ERROR, WARNING, WRONG_TYPE, Problem, has_errors
from layouts.core.contract.rooms import Room
from layouts.core.rules.canvas import (
    check_canvas,
    check_fields_for_mode,
    check_layout_mode,
    check_transcoding,
)
from layouts.core.rules.document_context import DocumentContext, ImageHosts
from layouts.core.rules.fields import DOCUMENT_WALKER
from layouts.core.rules.images import URL_CHARACTERS_RE, check_image_hosts
from layouts.core.rules.slots import (
    check_duplicate_bindings,
    check_hidden_slots,
    check_same_zorder,
    check_slot_geometry,
    check_slot_rendering,
)
from layouts.core.rules.users import check_single_room, check_users
from layouts.core.rules.watermarks import check_watermarks
from layouts.core.text import gettext_noop

# Names others import from here.
__all__ = [
    "CROSS_FIELD_CHECKS",
    "ERROR",
    "URL_CHARACTERS_RE",
    "WARNING",
    "ImageHosts",
    "Problem",
    "has_errors",
    "validate",
]

# The rules that relate several fields, in the order their problems come.
CROSS_FIELD_CHECKS: tuple[Callable[[DocumentContext], Iterator[Problem]], ...] = (
    check_canvas,
    check_transcoding,
    check_layout_mode,
    check_fields_for_mode,
    check_slot_geometry,
    check_hidden_slots,
    check_same_zorder,
    check_slot_rendering,
    check_users,
    check_single_room,
    check_duplicate_bindings,
    check_watermarks,
    check_image_hosts,
)


def validate(
    document: Any,
    *,
    with_transcoding: int | None = None,
    main_room: Room | None = None,
    image_hosts: ImageHosts = ImageHosts(),  # noqa: B008 - frozen, so sharing it is safe
) -> list[Problem]:
    """All problems of a VideoParams document.

    `with_transcoding` and `main_room` come from the request around the
    document when there is one (import, launch); rules that need them are
    skipped when they are unknown.
    """
    if not isinstance(document, dict):
        return [
            Problem(
                "",
                WRONG_TYPE,
                ERROR,
                gettext_noop("The document must be a JSON object, not %(got)s."),
                {"got": json_type_name(document)},
            )
        ]
    problems = list(DOCUMENT_WALKER.check_object(document, video.VIDEO_PARAMS, ""))
    context = DocumentContext(read_document(document), with_transcoding, main_room, image_hosts)
    for check in CROSS_FIELD_CHECKS:
        problems.extend(check(context))
    return problems
