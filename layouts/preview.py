"""Previews: where everyone lands, and the rendered picture, for a scenario.

A scenario is a document plus the people in the room (join order). Rendered
images are cached once, by everything that shapes them, so the same request
twice costs one cache read; a saved preset's thumbnail is the preview of its
document, so it goes stale the moment the document changes.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from PIL import Image

from layouts import images, selectors
from layouts.core import geometry, render
from layouts.core.contract.document import read_document
from layouts.core.contract.fields import canonical_json
from layouts.core.contract.rooms import ROOM_TYPES, Room, is_valid_room_id
from layouts.core.rules import document as rules
from layouts.errors import LayoutInvalid, MixStudioError
from layouts.models import Preset

FORMATS = ("png", "jpeg", "webp")
MAX_PARTICIPANTS = 50
CANVAS_FIELDS = ("VideoEncode", "VideoEncode.Width", "VideoEncode.Height")


@dataclass(frozen=True)
class PreviewImage:
    data: bytes
    content_type: str
    approximate: bool
    warnings: list[dict[str, str]]
    captures: int = 0  # SEI captures a dynamic template was calibrated from


@dataclass(frozen=True)
class Scenario:
    """Who is in the room (None: imagine them from the document), and the stand-in
    picture URL of any participant who should not show a generated test card."""

    participants: list[geometry.Participant] | None = None
    standin_urls: dict[str, str] = field(default_factory=dict)
    # The room whose people fill auto-fill slots and whose users a slot names without
    # a RoomId (a task's own room); None: the first participant's.
    main_room: Room | None = None


def parse_scenario(raw: Any, main_room: Any = None) -> Scenario:
    """Participants from request JSON, each optionally with `"image": <URL>`, and the
    main room as `{"RoomId", "RoomIdType"}` (None: the first participant's)."""
    room = parse_main_room(main_room)
    if raw is None:
        return Scenario(main_room=room)
    if not isinstance(raw, list):
        raise MixStudioError(_("participants must be a list."), field="participants")
    if len(raw) > MAX_PARTICIPANTS:
        raise MixStudioError(
            _("At most %(max)d participants can be simulated.") % {"max": MAX_PARTICIPANTS},
            field="participants",
        )
    people = []
    standins = {}
    for index, item in enumerate(raw):
        if not isinstance(item, dict):
            raise MixStudioError(
                _("Each participant must be an object."), field=f"participants[{index}]"
            )
        try:
            person = geometry.Participant.from_dict(item)
        except ValueError as error:
            raise MixStudioError(str(error), field=f"participants[{index}]") from None
        image = item.get("image")
        if image is not None:
            if not isinstance(image, str) or not image.startswith(("http://", "https://")):
                raise MixStudioError(
                    _("image must be the http(s) URL of a picture, e.g. an uploaded asset."),
                    field=f"participants[{index}].image",
                )
            standins[person.user_id] = image
        people.append(person)
    return Scenario(people, standins, room)


def parse_main_room(raw: Any) -> Room | None:
    """`{"RoomId": "8888", "RoomIdType": 1}` as a room; None for none given."""
    if raw is None:
        return None
    room_id = raw.get("RoomId") if isinstance(raw, dict) else None
    room_type = raw.get("RoomIdType") if isinstance(raw, dict) else None
    if (
        not isinstance(room_id, str)
        or type(room_type) is not int
        or room_type not in ROOM_TYPES
        or not is_valid_room_id(room_id, room_type)
    ):
        raise MixStudioError(
            _(
                'main_room must be {"RoomId": ..., "RoomIdType": 0 or 1} naming a room the '
                "cloud accepts (R8)."
            ),
            field="main_room",
        )
    return (room_id, room_type)


def drawable_layout(
    document: Any,
    participants: list[geometry.Participant] | None,
    main_room: Room | None = None,
) -> geometry.Layout:
    """The regions of a document whose canvas can be drawn; LayoutInvalid otherwise.

    Other errors (a slot past the edge, say) still preview, so producers see
    what they are fixing; only a canvas that cannot exist stops the drawing.
    """
    problems = rules.validate(document)
    canvas_errors = [
        p
        for p in problems
        if p.severity == rules.ERROR and (p.path in CANVAS_FIELDS or p.path == "")
    ]
    if canvas_errors:
        raise LayoutInvalid(canvas_errors)
    layout = selectors.template_calibration().regions(document, participants, main_room=main_room)
    if layout.canvas_w < 1 or layout.canvas_h < 1:
        raise MixStudioError(
            _("The output is 0 px wide or high: there is nothing to draw."),
            field="document.VideoEncode",
        )
    return layout


def regions_payload(
    document: Any,
    participants: list[geometry.Participant] | None,
    main_room: Room | None = None,
) -> dict[str, Any]:
    if participants is None:
        participants = geometry.default_participants(
            document if isinstance(document, dict) else {}, main_room=main_room
        )
    layout = drawable_layout(document, participants, main_room)
    return {
        # Who is in the room: the users given, or the ones the server imagines for it.
        "participants": [person.to_dict() for person in participants],
        "canvas": {"w": layout.canvas_w, "h": layout.canvas_h},
        "mode": layout.mode,
        "approximate": layout.approximate,
        # Set when the dynamic template's rectangles were measured from real SEI.
        "calibration": {"captures": layout.captures} if layout.captures else None,
        "regions": [region.to_dict() for region in layout.regions],
        "not_shown": list(layout.not_shown),
        "sei": geometry.volume_sei(layout, ts=int(time.time())),
    }


def preview_image(
    document: Any,
    scenario: Scenario | None = None,
    *,
    fmt: str = "png",
    scale: float = 1.0,
    overlay: bool = False,
    load_image: Callable[[str], Image.Image] = images.get_image,
) -> PreviewImage:
    if fmt not in FORMATS:
        raise MixStudioError(_("format must be one of png, jpeg, webp."), field="format")
    if not 0 < scale <= 1:
        raise MixStudioError(_("scale must be more than 0 and at most 1."), field="scale")
    scenario = scenario or Scenario()
    people = scenario.participants
    key = _cache_key(
        "preview",
        canonical_json(document),
        [p.to_dict() for p in people] if people is not None else None,
        scenario.standin_urls,
        scenario.main_room,
        fmt,
        scale,
        overlay,
        selectors.template_calibration().fingerprint,
    )
    cached = cache.get(key)
    if cached is not None:
        return cached
    layout = drawable_layout(document, people, scenario.main_room)
    standins, warnings = _load_standins(scenario.standin_urls, load_image)
    result = render.render(
        document, layout, scale=scale, overlay=overlay, load_image=load_image, standins=standins
    )
    data, content_type = render.encode(result.image, fmt)
    preview = PreviewImage(
        data, content_type, layout.approximate, warnings + result.warnings, layout.captures
    )
    cache.set(key, preview, settings.MIX_PREVIEW_CACHE_SECONDS)
    return preview


def _load_standins(
    urls: dict[str, str], load_image: Callable[[str], Image.Image]
) -> tuple[dict[str, Image.Image], list[dict[str, str]]]:
    """The stand-in pictures that load; a warning for each that does not."""
    loaded, warnings = {}, []
    for user_id, url in urls.items():
        try:
            loaded[user_id] = load_image(url)
        except images.ImageUnavailable as error:
            warnings.append(
                {
                    "path": f"participants.{user_id}.image",
                    "rule": "image-unavailable",
                    "severity": "warning",
                    "message": error.message,
                }
            )
    return loaded, warnings


def preset_thumbnail(preset: Preset, width: int) -> PreviewImage:
    """A PNG of the saved preset `width` px wide.

    It is the preview of the preset's document, cached once under the preview's
    own key: an edit changes the key, and presets drawing the same picture
    share one entry.
    """
    document = preset.document if preset.document is not None else AUDIO_ONLY_CARD
    canvas_w = read_document(document).width or width
    return preview_image(document, None, fmt="png", scale=min(width / canvas_w, 1.0))


# An audio-only show has no picture; its card in the library is an empty canvas.
AUDIO_ONLY_CARD = {
    "VideoEncode": {"Width": 640, "Height": 360, "Fps": 15, "BitRate": 800, "Gop": 2},
    "LayoutParams": {"MixLayoutMode": 4, "MixLayoutList": []},
    "BackGroundColor": "0x2B2F36",
}


def _cache_key(*parts: Any) -> str:
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return "layouts.preview:" + hashlib.sha256(text.encode()).hexdigest()
