"""Room and media callbacks (reference I): the wire shape, read into room events.

Tencent tells a server who is in a room and what each person publishes with
signed JSON callbacks (I.1, signed as G.4). `read_room_callback` checks one
body and turns it into `RoomEvent`s, the one currency of the room state
(layouts/core/room.py) whatever their source: these callbacks for the real
cloud, the emulator's simulated room and scenarios for rehearsals.

Pure: no Django. Unknown fields are ignored (I.1: new ones may appear); an
event type the app does not act on (room created or dismissed, a role change)
reads as no event at all.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, TypeGuard

from layouts.core.contract.rooms import ROOM_INTEGER, ROOM_STRING, is_valid_room_id
from layouts.core.contract.rooms import is_valid_user_id as _is_valid_user_id
from layouts.core.text import Phrase, Term, gettext_noop

ROOM_GROUP = 1  # I.2 EventGroupId
MEDIA_GROUP = 2
ENTER_ROOM = 103  # I.3
EXIT_ROOM = 104
START_VIDEO, STOP_VIDEO = 201, 202
START_AUDIO, STOP_AUDIO = 203, 204
START_SCREEN, STOP_SCREEN = 205, 206  # "ASSIT": the auxiliary stream, StreamType 1
IGNORED_TYPES = frozenset({101, 102, 105})  # room created, dismissed, role changed
EVENT_TYPES = {
    ROOM_GROUP: frozenset({101, 102, ENTER_ROOM, EXIT_ROOM, 105}),
    MEDIA_GROUP: frozenset(
        {START_VIDEO, STOP_VIDEO, START_AUDIO, STOP_AUDIO, START_SCREEN, STOP_SCREEN}
    ),
}

# What happens to a person; the scenario's event types are the same words (and
# are shown translated where a message names one).
ENTER = gettext_noop("enter")
EXIT = gettext_noop("exit")
CAMERA = gettext_noop("camera")
AUDIO = gettext_noop("audio")
SCREEN = gettext_noop("screen")
SPEAKING = gettext_noop("speaking")
KINDS = (ENTER, EXIT, CAMERA, AUDIO, SCREEN, SPEAKING)
MEDIA = (CAMERA, AUDIO, SCREEN)  # switched on and off
MAX_LEVEL = 100  # a speaking level, as the volume-layout SEI gives it (C)

_BY_TYPE: dict[int, tuple[str, bool | None]] = {
    ENTER_ROOM: (ENTER, None),
    EXIT_ROOM: (EXIT, None),
    START_VIDEO: (CAMERA, True),
    STOP_VIDEO: (CAMERA, False),
    START_AUDIO: (AUDIO, True),
    STOP_AUDIO: (AUDIO, False),
    START_SCREEN: (SCREEN, True),
    STOP_SCREEN: (SCREEN, False),
}
# I.2's nesting is two levels deep; anything far deeper is not a room event.
MAX_DEPTH = 8
MAX_BODY_BYTES = 64 * 1024


@dataclass(frozen=True)
class RoomEvent:
    """One thing that happened to one person in one room, at `at_ms` (Unix ms)."""

    kind: str
    user_id: str
    room_id: str
    room_id_type: int
    at_ms: int
    on: bool | None = None  # camera, audio, screen
    level: int | None = None  # speaking

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "type": self.kind,
            "UserId": self.user_id,
            "RoomId": self.room_id,
            "RoomIdType": self.room_id_type,
            "at_ms": self.at_ms,
        }
        if self.on is not None:
            data["on"] = self.on
        if self.level is not None:
            data["level"] = self.level
        return data


class CallbackUnreadable(ValueError):
    """A body that is no room or media callback: `path` names the field, `phrase` says why."""

    def __init__(self, path: str, phrase: Phrase) -> None:
        super().__init__(str(phrase))
        self.path = path
        self.phrase = phrase


def read_room_callback(raw_body: bytes) -> list[RoomEvent]:
    """The room events one callback body carries (none for a type the app ignores).

    Raises CallbackUnreadable naming the field for anything that is not a room
    or media callback of section I: junk, numbers JSON cannot carry, nesting far
    deeper than I.2's, a user or room ID the API would never send (R8, R10).
    """
    if len(raw_body) > MAX_BODY_BYTES:
        raise _unreadable("body", gettext_noop("The callback body is too large."))
    try:
        body = json.loads(raw_body.decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _unreadable("body", gettext_noop("The callback body is not JSON.")) from None
    _check_depth(body)
    if not isinstance(body, dict):
        raise _unreadable("body", gettext_noop("The callback body must be a JSON object."))
    group = body.get("EventGroupId")
    if not _is_int(group) or group not in EVENT_TYPES:
        raise _expected("EventGroupId", gettext_noop("1 (room) or 2 (media)"))
    event_type = body.get("EventType")
    if not _is_int(event_type) or event_type not in EVENT_TYPES[group]:
        raise _expected("EventType", gettext_noop("an event type of its group (I.3)"))
    info = body.get("EventInfo")
    if not isinstance(info, dict):
        raise _expected("EventInfo", gettext_noop("a JSON object"))
    if event_type in IGNORED_TYPES:
        return []
    kind, on = _BY_TYPE[event_type]
    return [RoomEvent(kind, _user_id(info), *_room(info), _event_ms(info), on=on)]


def _room(info: dict[str, Any]) -> tuple[str, int]:
    """I.2: numeric rooms come as numbers, string rooms as strings."""
    room = info.get("RoomId")
    if _is_int(room) and room >= 0:
        room_id, room_type = str(room), ROOM_INTEGER
    elif isinstance(room, str):
        room_id, room_type = room, ROOM_STRING
    else:
        raise _expected("EventInfo.RoomId", gettext_noop("a room number or a string (R8)"))
    if not is_valid_room_id(room_id, room_type):
        raise _expected("EventInfo.RoomId", gettext_noop("a room ID as R8 allows"))
    return room_id, room_type


def _user_id(info: dict[str, Any]) -> str:
    user_id = info.get("UserId")
    if not isinstance(user_id, str) or not _is_valid_user_id(user_id):
        raise _expected("EventInfo.UserId", gettext_noop("1 to 32 letters, digits, _ or - (R10)"))
    return user_id


def _event_ms(info: dict[str, Any]) -> int:
    """I.2: order by EventMsTs, falling back to EventTs (seconds)."""
    event_ms = info.get("EventMsTs")
    if _is_int(event_ms) and 0 <= event_ms < 2**53:
        return int(event_ms)
    seconds = info.get("EventTs")
    if _is_int(seconds) and 0 <= seconds < 2**43:
        return int(seconds) * 1000
    raise _expected("EventInfo.EventMsTs", gettext_noop("Unix milliseconds (or EventTs seconds)"))


def _check_depth(value: Any) -> None:
    stack: list[tuple[Any, str, int]] = [(value, "body", 1)]
    while stack:
        item, path, depth = stack.pop()
        if isinstance(item, dict | list) and depth > MAX_DEPTH:
            raise _unreadable(path, gettext_noop("The callback nests too deep."))
        if isinstance(item, dict):
            stack.extend((child, f"{path}.{key}", depth + 1) for key, child in item.items())
        elif isinstance(item, list):
            stack.extend((child, f"{path}[{i}]", depth + 1) for i, child in enumerate(item))
        elif isinstance(item, float) and not math.isfinite(item):
            raise _unreadable(path, gettext_noop("A number JSON cannot carry."))


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _unreadable(path: str, text: str) -> CallbackUnreadable:
    return CallbackUnreadable(path, Phrase(text, {}))


def _expected(path: str, expected: str) -> CallbackUnreadable:
    return CallbackUnreadable(
        path,
        Phrase(
            gettext_noop("%(path)s must be %(expected)s in a room or media callback (I.2)."),
            {"path": path, "expected": Term(expected)},
        ),
    )
