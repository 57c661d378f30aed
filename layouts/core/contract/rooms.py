"""Who and where: user and room identities (R8, R10) and the room defaulting of B.5.

A MixUserInfo may leave out its RoomId, and then means the task's own room
(the main room). Its RoomIdType is undocumented when left out; presumably it is
the main room's, and that is what every part of the app assumes.
"""

from __future__ import annotations

import re
from typing import overload

USER_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,32}")  # R10
STRING_ROOM_RE = re.compile(r"[A-Za-z0-9 !#$%&()+\-:;<=.>?@\[\]^_{}|~,]{1,64}")  # R8
MIN_INT_ROOM = 1  # R8
MAX_INT_ROOM = 4294967294  # R8
INT_ROOM_RE = re.compile(r"[0-9]{1,10}")  # ASCII digits only: str.isdecimal() takes "１２３"
ROOM_INTEGER = 0  # RoomIdType of a room whose ID is a number (R8)
ROOM_STRING = 1  # RoomIdType of a room whose ID is a string (R8)
ROOM_TYPES = (ROOM_INTEGER, ROOM_STRING)

Room = tuple[str, int]
UserKey = tuple[str, str | None, int | None]  # (UserId, RoomId, RoomIdType), rooms defaulted


@overload
def room_of(room_id: str | None, room_type: int | None, main_room: Room) -> Room: ...
@overload
def room_of(
    room_id: str | None, room_type: int | None, main_room: Room | None
) -> tuple[str | None, int | None]: ...
def room_of(
    room_id: str | None, room_type: int | None, main_room: Room | None
) -> tuple[str | None, int | None]:
    """A user's room with the defaults applied: no RoomId means the main room (B.5).

    This is the one place the default is applied; with a main room known, the
    room is always known.
    """
    main_id, main_type = main_room if main_room else (None, None)
    return (
        room_id if room_id is not None else main_id,
        room_type if room_type is not None else main_type,
    )


def is_valid_room_id(room_id: str, room_type: int | None) -> bool:
    """R8: a room ID written the way its RoomIdType says (an unknown type passes)."""
    if room_type == ROOM_INTEGER:
        return bool(INT_ROOM_RE.fullmatch(room_id)) and MIN_INT_ROOM <= int(room_id) <= MAX_INT_ROOM
    if room_type == ROOM_STRING:
        return bool(STRING_ROOM_RE.fullmatch(room_id))
    return True


def is_valid_user_id(user_id: str) -> bool:
    return bool(USER_ID_RE.fullmatch(user_id))
