"""The rooms, robots and users of a request outside its layout: R8, R9, R10.

R8: the main room, push-back rooms and the rooms of audio and relayed users
are written as their RoomIdType says. R9: every robot (AgentParams and each
push-back robot) is unique in the request and is none of the users it mixes.
R10: their user IDs. The layout's own users are checked by `rules.users`,
whose checks of one ID these reuse.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from layouts.core.contract import bodies
from layouts.core.contract.fields import get_int, get_list, get_str
from layouts.core.contract.problems import ERROR, Problem
from layouts.core.rules.request_context import (
    Request,
    audio_users,
    layout_users,
    single_user,
    user_room,
)
from layouts.core.rules.users import check_room_id, check_user_id
from layouts.core.text import gettext_noop


def check_rooms(request: Request) -> Iterator[Problem]:
    """R8: room IDs match their RoomIdType (the main room, push-back rooms, audio users)."""
    sent = request.sent
    if request.action == bodies.START:
        room_id, room_type = get_str(sent, "RoomId"), get_int(sent, "RoomIdType")
        if room_id is not None:
            yield from check_room_id(room_id, room_type, "RoomId")
    for index, room in enumerate(get_list(sent, "FeedBackRoomParams")):
        room_id = get_str(room, "RoomId")
        if room_id is not None:
            path = f"FeedBackRoomParams[{index}].RoomId"
            yield from check_room_id(room_id, get_int(room, "RoomIdType"), path)
    for user in (*audio_users(sent), *single_user(sent)):
        if user.room_id is not None:
            _, room_type = user_room(user, request.main_room)
            yield from check_room_id(user.room_id, room_type, f"{user.path}.RoomId")


def check_user_ids(request: Request) -> Iterator[Problem]:
    """R10 for robots and audio users (layouts.core.rules.users checks the layout's users)."""
    for path, user_id in robots(request.sent):
        yield from check_user_id(user_id, path)
    for user in (*audio_users(request.sent), *single_user(request.sent)):
        if user.user_id is not None:
            yield from check_user_id(user.user_id, f"{user.path}.UserId")


def robots(params: Any) -> Iterator[tuple[str, str]]:
    """(path, UserId) of the robot and of every push-back robot."""
    for path, robot in bodies.robots(params):
        user_id = get_str(robot, "UserId")
        if user_id is not None:
            yield f"{path}.UserId", user_id


def check_robots(request: Request) -> Iterator[Problem]:
    """R9: each robot is unique in the request and is not one of the users it mixes."""
    seen: dict[str, str] = {}
    for path, user_id in robots(request.params):
        if user_id in seen:
            yield Problem(
                path,
                "R9",
                ERROR,
                gettext_noop(
                    'Robot "%(user)s" is also %(other)s; every robot needs its own '
                    "UserId or the cloud kicks one out and the task dies."
                ),
                {"user": user_id[:40], "other": seen[user_id]},
            )
        else:
            seen[user_id] = path
    main = request.main_room
    users = [*layout_users(request.params), *audio_users(request.params)]
    users.extend(single_user(request.params))
    for path, room_id, _room_type, robot_id in bodies.robot_seats(request.params):
        for user in users:
            if user.user_id == robot_id and user_room(user, main)[0] == room_id:
                yield Problem(
                    path,
                    "R9",
                    ERROR,
                    gettext_noop(
                        'Robot "%(user)s" has the UserId of a user this task mixes '
                        "(%(where)s); the robot would kick that user out of room %(room)s."
                    ),
                    {"user": robot_id[:40], "where": user.path, "room": room_id[:40]},
                )
                break
