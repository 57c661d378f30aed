"""Template geometry measured from volume-layout SEI (reference C, D.3).

A capture is what one real task showed: its mode, who was in the room in join
order, and the SEI payloads read from its stream. Each payload shows where
every picture landed for that many pictures on that canvas. `calibration_table`
turns a set of captures into the rectangles `layouts.core.geometry.regions` takes,
so geometry itself never reads a database. Pure: no Django.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeGuard

from layouts.core import geometry
from layouts.core.contract.video import (
    DYNAMIC_MODES,
    MAX_CANVAS_SIDE,
    MODE_FLOATING,
    MODE_NAMES,
    MODE_SCREEN_SHARE,
)
from layouts.core.geometry import Calibration, Measured

MeasuredRect = tuple[int, int, int, int, int]
Key = tuple[int, int, int, int]
# The users the admin's picture of a capture imagines in the room, in join order.
RULE_ROOM = ("room", 0)


@dataclass(frozen=True)
class Capture:
    mode: int
    participants: tuple[str, ...]  # UserIds in join order; may be empty
    payloads: tuple[Mapping[str, Any], ...]


class CaptureInvalid(ValueError):
    """A capture that cannot calibrate anything; the message names the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def measurement(
    mode: int, payload: Mapping[str, Any], participants: Sequence[str]
) -> tuple[Key, tuple[MeasuredRect, ...]] | None:
    """(mode, pictures, W, H) and the rectangles in picture order, from one payload.

    Pictures are ordered as the geometry places people: in floating and screen
    share the biggest picture first, then everyone by join order (users the
    capture did not list come last, top to bottom, left to right).
    """
    canvas = payload.get("canvas")
    regions = payload.get("regions")
    if not isinstance(canvas, Mapping) or not isinstance(regions, list) or not regions:
        return None
    width, height = canvas.get("w"), canvas.get("h")
    if not _side(width) or not _side(height):
        return None
    rects: list[tuple[str, MeasuredRect]] = []
    for region in regions:
        if not isinstance(region, Mapping):
            return None
        values = [region.get(name) for name in ("x", "y", "w", "h")]
        uid = region.get("uid")
        if not _all_ints(values) or not isinstance(uid, str):
            return None
        x, y, w, h = values
        # A picture a mixer draws lies on its canvas; one that does not measures nothing.
        if not (0 <= x and 0 <= y and 0 < w and 0 < h and x + w <= width and y + h <= height):
            return None
        zorder = region.get("zorder")
        rects.append((uid, (x, y, w, h, zorder if type(zorder) is int else 0)))
    order = {user: index for index, user in enumerate(participants)}

    def join_rank(item: tuple[str, MeasuredRect]) -> tuple[int, int, int]:
        user, rect = item
        return (order.get(user, len(order)), rect[1], rect[0])

    ranked = sorted(rects, key=join_rank)
    if mode in (MODE_FLOATING, MODE_SCREEN_SHARE):
        big = max(ranked, key=lambda item: item[1][2] * item[1][3])
        ranked = [big] + [item for item in ranked if item is not big]
    return (mode, len(ranked), width, height), tuple(rect for _user, rect in ranked)


def calibration_table(captures: Iterable[Capture]) -> Calibration:
    """For each (mode, pictures, canvas) the rectangles most captures agree on."""
    votes: dict[Key, Counter[tuple[MeasuredRect, ...]]] = {}
    for capture in captures:
        if capture.mode not in DYNAMIC_MODES:
            continue
        seen: dict[Key, Counter[tuple[MeasuredRect, ...]]] = {}
        for payload in capture.payloads:
            found = measurement(capture.mode, payload, capture.participants)
            if found is not None:
                seen.setdefault(found[0], Counter())[found[1]] += 1
        # One vote per capture and key: a long capture does not outweigh short ones.
        for key, counts in seen.items():
            votes.setdefault(key, Counter())[counts.most_common(1)[0][0]] += 1
    return {
        key: Measured(rects=counts.most_common(1)[0][0], captures=sum(counts.values()))
        for key, counts in votes.items()
    }


def read_capture(data: Any) -> Capture:
    """A capture from its JSON form: {"mode", "participants"?, "payloads": [SEI JSON, ...]}.

    `participants` may list UserIds or participant objects; a bare list of
    payloads is refused because the SEI does not say which template drew it.
    """
    if not isinstance(data, Mapping):
        raise CaptureInvalid("", "a capture must be an object with mode and payloads")
    mode = data.get("mode")
    if type(mode) is not int or mode not in DYNAMIC_MODES:
        raise CaptureInvalid("mode", f"must be {_modes_text()}")
    payloads = data.get("payloads")
    if not isinstance(payloads, list) or not payloads:
        raise CaptureInvalid("payloads", "must be a non-empty list of volume-layout SEI objects")
    for index, payload in enumerate(payloads):
        if measurement(mode, payload, ()) is None:
            raise CaptureInvalid(
                f"payloads[{index}]",
                "is not a volume-layout SEI object with canvas and regions (section C)",
            )
    people = data.get("participants") or []
    if not isinstance(people, list):
        raise CaptureInvalid("participants", "must be a list")
    users = []
    for index, person in enumerate(people):
        user = person.get("UserId") if isinstance(person, Mapping) else person
        if not isinstance(user, str) or not user:
            raise CaptureInvalid(f"participants[{index}]", "must be a UserId or have one")
        users.append(user)
    return Capture(mode, tuple(users), tuple(payloads))


@dataclass(frozen=True)
class RuleComparison:
    """What a capture measured for one (mode, pictures, canvas), beside the D.4 rule's guess.

    Both are in picture order (the big picture first in floating and screen share).
    """

    key: Key
    measured: tuple[MeasuredRect, ...]
    rule: tuple[tuple[int, int, int, int], ...]

    @property
    def canvas(self) -> tuple[int, int]:
        return self.key[2], self.key[3]


def rule_comparisons(capture: Capture) -> list[RuleComparison]:
    """For each (mode, pictures, canvas) `capture` measured, its rectangles and the rule's."""
    found = []
    for key, measured in sorted(calibration_table([capture]).items()):
        mode, pictures, width, height = key
        document = {
            "VideoEncode": {"Width": width, "Height": height},
            "LayoutParams": {"MixLayoutMode": mode},
        }
        people = [geometry.Participant(f"{index + 1}", *RULE_ROOM) for index in range(pictures)]
        # Nobody shares a screen, so the first to join is the big picture, as
        # `measurement` puts the biggest first.
        layout = geometry.regions(document, people, main_room=RULE_ROOM)
        by_user = {region.user_id: region for region in layout.regions}
        rule = tuple(
            (region.x, region.y, region.w, region.h)
            for person in people
            if (region := by_user.get(person.user_id)) is not None
        )
        found.append(RuleComparison(key, measured.rects, rule))
    return found


def canvas_of(capture: Capture) -> tuple[int, int]:
    canvas = capture.payloads[0]["canvas"]
    return canvas["w"], canvas["h"]


def _modes_text() -> str:
    """The dynamic modes as the error says them: "1 (floating), 2 (screen share) or 3 (grid)"."""
    named = [f"{mode} ({MODE_NAMES[mode]})" for mode in DYNAMIC_MODES]
    return f"{', '.join(named[:-1])} or {named[-1]}"


def _all_ints(values: list[Any]) -> TypeGuard[list[int]]:
    return all(type(value) is int for value in values)


def _side(value: Any) -> TypeGuard[int]:
    return type(value) is int and 0 < value <= MAX_CANVAS_SIDE
