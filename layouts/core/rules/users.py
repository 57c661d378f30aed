"""Users and rooms a document names: R8 (room IDs), R10 (user IDs), R24 (one room).

A user without a RoomId is in the task's own room (`contract.rooms.room_of`).
The checks of one ID (`check_user_id`, `check_room_id`) and of one room
(`outside_main_room`, `single_room_problem`) are shared with the request
rules, which apply them to robots, push-back rooms and audio users.
"""

from __future__ import annotations

from collections.abc import Iterator

from layouts.core.contract import video
from layouts.core.contract.document import Binding
from layouts.core.contract.problems import ERROR, Problem
from layouts.core.contract.rooms import (
    ROOM_INTEGER,
    Room,
    is_valid_room_id,
    is_valid_user_id,
    room_of,
)
from layouts.core.rules.document_context import DocumentContext
from layouts.core.text import gettext_noop


def check_users(ctx: DocumentContext) -> Iterator[Problem]:
    """R8 and R10 for every user the layout pins (slots, then the big picture)."""
    for binding in ctx.doc.bindings():
        if binding.user_id is not None:
            yield from check_user_id(binding.user_id, f"{binding.path}.UserId")
        if binding.room_id is not None:
            _, room_type = room_of(binding.room_id, binding.room_id_type, ctx.main_room)
            yield from check_room_id(binding.room_id, room_type, f"{binding.path}.RoomId")


def check_user_id(user_id: str, path: str) -> Iterator[Problem]:
    """R10: a user ID of 1 to 32 letters, digits, _ or -."""
    if not is_valid_user_id(user_id):
        yield Problem(
            path,
            "R10",
            ERROR,
            gettext_noop('User ID "%(value)s" must be 1 to 32 letters, digits, _ or -.'),
            {"value": user_id[:40]},
        )


def check_room_id(room_id: str, room_type: int | None, path: str) -> Iterator[Problem]:
    """R8: a room ID written the way its RoomIdType says (unknown type: no check)."""
    if is_valid_room_id(room_id, room_type):
        return
    if room_type == ROOM_INTEGER:
        yield Problem(
            path,
            "R8",
            ERROR,
            gettext_noop(
                'Room "%(value)s" has RoomIdType 0, so it must be a whole number '
                "from 1 to 4294967294."
            ),
            {"value": room_id[:40]},
        )
    else:
        yield Problem(
            path,
            "R8",
            ERROR,
            gettext_noop(
                'String room "%(value)s" must be 1 to 64 letters, digits, spaces or '
                "the symbols the cloud allows."
            ),
            {"value": room_id[:40]},
        )


def outside_main_room(binding: Binding, main_room: Room) -> bool:
    """Whether a user is in another room than the task's (R24, R25)."""
    room_id, room_type = room_of(binding.room_id or None, binding.room_id_type, main_room)
    # String room "8888" and integer room 8888 are different rooms.
    return room_id != main_room[0] or room_type != main_room[1]


def single_room_problem(path: str, mode: int, room: str, main_room: Room) -> Problem:
    """R24: a user of another room in a layout that mixes the task's room only."""
    return Problem(
        path,
        "R24",
        ERROR,
        gettext_noop(
            'The %(mode)s layout mixes a single room; room "%(room)s" is not '
            'the task\'s room "%(main)s".'
        ),
        {"mode": video.MODE_NAMES[mode], "room": room[:40], "main": main_room[0]},
    )


def check_single_room(ctx: DocumentContext) -> Iterator[Problem]:
    """R24: the dynamic templates mix one room; only custom layouts may mix several."""
    if ctx.main_room is None or ctx.mode not in video.DYNAMIC_MODES or not ctx.mode_given:
        return
    binding = ctx.doc.max_video_user
    if binding is not None and outside_main_room(binding, ctx.main_room):
        room = binding.room_id or ctx.main_room[0]
        yield single_room_problem(f"{binding.path}.RoomId", ctx.mode, room, ctx.main_room)
