"""Scenarios: a room's life written down ahead, to rehearse a show with simulated people.

A scenario is JSON that integrators and other parts rely on (extra keys allowed):

    {"duration": seconds,
     "events": [{"at": seconds, "type": "enter" | "exit" | "camera" | "audio" |
                 "screen" | "speaking", "UserId": "...", "RoomId"?: the task's room,
                 "RoomIdType"?: the task's room type, "on"?: true | false (camera,
                 audio, screen), "level"?: 0-100 (speaking)}]}

A person who enters has camera and audio on unless a later event says
otherwise. `check_scenario` judges one against a room (problems name the
event); `room_events` turns it into the room events of layouts/core/room.py,
so a rehearsal and the real cloud feed the same room state; `room_at` is the
room at any moment (the scrubber, the dry run).

Pure: no Django.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, TypeGuard

from layouts.core import room as rooms
from layouts.core.contract.problems import ERROR, Problem, has_errors
from layouts.core.contract.room_events import (
    AUDIO,
    CAMERA,
    ENTER,
    EXIT,
    KINDS,
    MAX_LEVEL,
    MEDIA,
    SCREEN,
    SPEAKING,
    RoomEvent,
)
from layouts.core.contract.rooms import (
    ROOM_TYPES,
    Room,
    is_valid_room_id,
    is_valid_user_id,
    room_of,
)
from layouts.core.text import Term, gettext_noop

SCENARIO = "scenario"  # the rule code of a scenario's own problems
MAX_DURATION = 3600  # seconds: an hour of rehearsal
MAX_EVENTS = 2000


class ScenarioInvalid(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].message if problems else "invalid scenario")
        self.problems = problems


@dataclass(frozen=True)
class Scenario:
    duration: float
    events: tuple[tuple[float, RoomEvent], ...]  # (seconds from the start, event), in order


def check_scenario(data: Any, main_room: Room) -> list[Problem]:
    """Every problem of a scenario, each naming the event and field."""
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return [_problem("", gettext_noop("A scenario must be a JSON object."))]
    duration = data.get("duration")
    if not _is_number(duration) or not 0 < duration <= MAX_DURATION:
        problems.append(
            _problem(
                "duration",
                gettext_noop("duration must be a number of seconds above 0, at most %(max)d."),
                max=MAX_DURATION,
            )
        )
        duration = None
    events = data.get("events")
    if not isinstance(events, list):
        return [*problems, _problem("events", gettext_noop("events must be a list."))]
    if len(events) > MAX_EVENTS:
        return [
            *problems,
            _problem(
                "events", gettext_noop("A scenario holds at most %(max)d events."), max=MAX_EVENTS
            ),
        ]
    read: list[tuple[float, int, RoomEvent]] = []
    for index, item in enumerate(events):
        path = f"events[{index}]"
        found, event_problems = _read_event(item, path, main_room, duration)
        problems.extend(event_problems)
        if found is not None:
            read.append((found[0], index, found[1]))
    if not has_errors(problems):
        problems.extend(_check_story(sorted(read, key=lambda item: (item[0], item[1]))))
    return problems


def read_scenario(data: Any, main_room: Room) -> Scenario:
    """The scenario, or ScenarioInvalid with every problem."""
    problems = check_scenario(data, main_room)
    if has_errors(problems):
        raise ScenarioInvalid([p for p in problems if p.severity == ERROR])
    timed = []
    for index, item in enumerate(data["events"]):
        found, _ = _read_event(item, f"events[{index}]", main_room, data["duration"])
        assert found is not None
        timed.append((found[0], index, found[1]))
    timed.sort(key=lambda item: (item[0], item[1]))
    return Scenario(float(data["duration"]), tuple((at, event) for at, _, event in timed))


def room_events(scenario: Scenario, start_ms: int) -> list[tuple[float, RoomEvent]]:
    """(seconds from the start, event) with real times from `start_ms`; an entry brings
    camera and audio on at the same moment, unless the scenario switches them itself."""
    said = {(at, event.kind, event.user_id, event.room_id) for at, event in scenario.events}
    out: list[tuple[float, RoomEvent]] = []
    for at, event in scenario.events:
        placed = _at(event, start_ms + round(at * 1000))
        out.append((at, placed))
        if event.kind == ENTER:
            for media in (CAMERA, AUDIO):
                # An event of the same moment says it itself: events of one
                # millisecond are applied once per kind (layouts/core/room.py).
                if (at, media, event.user_id, event.room_id) not in said:
                    out.append((at, _media(placed, media, True)))
    return out


def room_at(scenario: Scenario, seconds: float, start_ms: int = 0) -> rooms.Room:
    """Who is in the room `seconds` into the scenario (events at that moment included)."""
    state = rooms.Room()
    for at, event in room_events(scenario, start_ms):
        if at > seconds:
            break
        state, _ = rooms.apply(state, event)
    return state


def _read_event(
    item: Any, path: str, main_room: Room, duration: float | None
) -> tuple[tuple[float, RoomEvent] | None, list[Problem]]:
    if not isinstance(item, dict):
        return None, [_problem(path, gettext_noop("Each event must be a JSON object."))]
    problems: list[Problem] = []
    at = item.get("at")
    if not _is_number(at) or at < 0:
        problems.append(
            _problem(f"{path}.at", gettext_noop("at must be seconds from the start, 0 or more."))
        )
    elif duration is not None and at > duration:
        problems.append(
            _problem(
                f"{path}.at",
                gettext_noop("Event at %(at)s s is past the end of the scenario (%(end)s s)."),
                at=at,
                end=duration,
            )
        )
    kind = item.get("type")
    if kind not in KINDS:
        problems.append(
            _problem(
                f"{path}.type",
                gettext_noop("type must be one of %(kinds)s."),
                kinds=", ".join(KINDS),
            )
        )
    user_id = item.get("UserId")
    if not isinstance(user_id, str) or not is_valid_user_id(user_id):
        problems.append(
            _problem(
                f"{path}.UserId",
                gettext_noop("UserId must be 1 to 32 letters, digits, _ or - (R10)."),
            )
        )
    room_type = item.get("RoomIdType")
    if room_type is not None and (type(room_type) is not int or room_type not in ROOM_TYPES):
        problems.append(
            _problem(f"{path}.RoomIdType", gettext_noop("RoomIdType must be 0 or 1 (R8)."))
        )
        room_type = None
    room_id = item.get("RoomId")
    if room_id is not None and not isinstance(room_id, str):
        problems.append(_problem(f"{path}.RoomId", gettext_noop("RoomId must be a string (R8).")))
        room_id = None
    room = room_of(room_id, room_type, main_room)
    if room_id is not None and not is_valid_room_id(room[0], room[1]):
        problems.append(
            _problem(f"{path}.RoomId", gettext_noop("RoomId is not a room ID R8 allows."))
        )
    on = item.get("on")
    if kind in MEDIA and not isinstance(on, bool):
        problems.append(
            _problem(
                f"{path}.on",
                gettext_noop("on must be true or false for a %(type)s event."),
                type=Term(kind),
            )
        )
    level = item.get("level")
    if kind == SPEAKING and (type(level) is not int or not 0 <= level <= MAX_LEVEL):
        problems.append(
            _problem(
                f"{path}.level",
                gettext_noop("level must be a whole number from 0 to %(max)d."),
                max=MAX_LEVEL,
            )
        )
    if problems or not (isinstance(kind, str) and isinstance(user_id, str) and _is_number(at)):
        return None, problems
    event = RoomEvent(
        kind,
        user_id,
        room[0],
        room[1],
        0,
        on=on if kind in MEDIA else None,
        level=level if kind == SPEAKING else None,
    )
    return (float(at), event), []


def _check_story(timed: list[tuple[float, int, RoomEvent]]) -> list[Problem]:
    """What cannot happen: leaving or acting before entering, entering twice, sharing twice."""
    problems: list[Problem] = []
    present: set[tuple[str, str, int]] = set()
    sharing: set[tuple[str, str, int]] = set()
    for _, index, event in timed:
        key = (event.user_id, event.room_id, event.room_id_type)
        path = f"events[{index}]"
        params = {"user": event.user_id, "type": Term(event.kind)}
        if event.kind == ENTER:
            if key in present:
                problems.append(
                    _problem(
                        path, gettext_noop("%(user)s enters again without having left."), **params
                    )
                )
            present.add(key)
        elif key not in present:
            problems.append(
                _problem(
                    path,
                    gettext_noop("%(user)s has a %(type)s event while not in the room."),
                    **params,
                )
            )
        elif event.kind == EXIT:
            present.discard(key)
            sharing.discard(key)
        elif event.kind == SCREEN and event.on:
            if key in sharing:
                problems.append(
                    _problem(
                        path,
                        gettext_noop(
                            "%(user)s starts a second screen share; one user shares one screen."
                        ),
                        **params,
                    )
                )
            sharing.add(key)
        elif event.kind == SCREEN:
            sharing.discard(key)
    return problems


def _at(event: RoomEvent, at_ms: int) -> RoomEvent:
    return RoomEvent(
        event.kind, event.user_id, event.room_id, event.room_id_type, at_ms, event.on, event.level
    )


def _media(event: RoomEvent, media: str, on: bool) -> RoomEvent:
    return RoomEvent(media, event.user_id, event.room_id, event.room_id_type, event.at_ms, on=on)


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _problem(path: str, template: str, **params: Any) -> Problem:
    return Problem(path, SCENARIO, ERROR, template, params)
