"""What the rules of a VideoParams document read, read once: `DocumentContext`.

The cross-field rules (canvas, slots, users, watermarks, images) each take a
`DocumentContext`: the typed view of the document (`contract.document`), the
request around it when there is one (WithTranscoding, the main room), the
policy for images on hosts the cloud cannot reach, and the slots as the rules
judge them (a negative origin at 0, a size of 0 the canvas's own).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from layouts.core.contract import video
from layouts.core.contract.document import Document, Slot
from layouts.core.contract.problems import WARNING
from layouts.core.contract.rooms import Room
from layouts.core.text import Term, gettext_noop

# The canvas side a size field measures, as messages name it.
SIDE_NAMES = {"Width": Term(gettext_noop("width")), "Height": Term(gettext_noop("height"))}


@dataclass(frozen=True)
class ImageHosts:
    """How to judge image URLs on hosts the cloud can never reach (loopback, private...).

    `severity` is ERROR where the real cloud will fetch them (launch, take), WARNING
    in the editor and library, None where the emulator fetches them (it can reach the
    app's own assets). `allowed` holds hosts (`name` or `name:port`) let through anyway.
    """

    severity: str | None = WARNING
    allowed: frozenset[str] = frozenset()


@dataclass(frozen=True)
class JudgedSlot:
    """A slot as the rules judge it: a negative origin at 0, a size of 0 the canvas's."""

    slot: Slot
    x: int
    y: int
    w: int
    h: int

    @property
    def index(self) -> int:
        return self.slot.index

    @property
    def path(self) -> str:
        return self.slot.path

    @property
    def label(self) -> int:
        return self.slot.label

    @property
    def zorder(self) -> int:
        return self.slot.zorder

    @property
    def raw(self) -> dict[str, Any]:
        return self.slot.raw


class DocumentContext:
    """What the cross-field rules need, read once from the document."""

    def __init__(
        self,
        doc: Document,
        with_transcoding: int | None,
        main_room: Room | None,
        image_hosts: ImageHosts,
    ) -> None:
        self.doc = doc
        self.document = doc.raw
        self.with_transcoding = with_transcoding
        self.main_room = main_room
        self.image_hosts = image_hosts
        self.canvas_w = _canvas_side(doc.width)
        self.canvas_h = _canvas_side(doc.height)
        self.layout = doc.layout
        self.mode_given = doc.mode_given
        self.mode = doc.mode
        self.slots = [
            JudgedSlot(
                slot,
                x=max(slot.x, 0),
                y=max(slot.y, 0),
                w=slot.width or (self.canvas_w or 0),
                h=slot.height or (self.canvas_h or 0),
            )
            for slot in doc.slots
        ]


def _canvas_side(value: int | None) -> int | None:
    """A side of the canvas when it is within R35's range, else None (R35 reports it)."""
    if value is None or not video.MIN_CANVAS_SIDE <= value <= video.MAX_CANVAS_SIDE:
        return None
    return value
