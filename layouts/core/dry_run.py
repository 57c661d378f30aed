"""The dry run: every cut the auto-director would make over a scenario, before the show.

The same decision the live runtime calls (layouts/core/director.py `decide`)
runs over the scenario's room events with a simulated clock: the show starts
before the scenario's first moment with its own picture, filled for an empty
room; each event changes the room and goes to the director at its time, and
each evaluation the director schedules comes due at its time (before the events
of a later moment, after those of its own), up to the scenario's end. The
answer, in time order:

    {"start": {"document": <VideoParams at the start>, "regions": ...},
     "takes": [{"at": seconds, "rule": name, "target": "program" | "preview",
                "shot": <preset id> | "show" | "sharer-big" | ...,
                "trigger": {"on", "UserId"?},
                "event": <the room event that set it off, with "at">,
                "document": <the VideoParams sent>,
                "regions": <as POST /api/layouts/regions/ answers for the room then>}],
     "truncated": true when the takes stopped at MAX_TAKES}

`regions` holds what the regions answer holds that needs no database:
participants (the room, join order), canvas, mode, approximate, calibration
(given by the caller), regions, not_shown and the volume-layout SEI (volumes
are the speaking levels, ts the take's time).

Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from layouts.core import geometry, scenario
from layouts.core import room as rooms
from layouts.core.contract.room_events import RoomEvent
from layouts.core.director import (
    Cut,
    Director,
    DirectorState,
    Input,
    Tick,
    decide,
    opening,
)
from layouts.core.director_rules import PROGRAM
from layouts.core.director_shots import OnAir

MAX_TAKES = 500
SECOND_MS = 1000


@dataclass(frozen=True)
class Take:
    at_ms: int  # from the scenario's start
    cut: Cut
    room: rooms.Room  # the room at that moment


def takes(director: Director, played: scenario.Scenario) -> Iterator[Take]:
    """Every cut over the scenario, in time order (the decisions, not yet laid out)."""
    room, state = rooms.Room(), DirectorState()
    on_air = opening(director, room)
    end_ms = round(played.duration * SECOND_MS)

    def step(event: Input, now_ms: int) -> Iterator[Take]:
        nonlocal state, on_air
        cut, state = decide(director, room, event, on_air, now_ms, state)
        if cut is not None:
            if cut.target == PROGRAM:
                on_air = cut.on_air
            yield Take(now_ms, cut, room)

    def due_before(limit_ms: int, *, inclusive: bool) -> Iterator[Take]:
        while (due := state.next_due_ms) is not None and (
            due < limit_ms or (inclusive and due <= limit_ms)
        ):
            yield from step(Tick(), due)

    for at, event in scenario.room_events(played, 0):
        now_ms = round(at * SECOND_MS)
        yield from due_before(now_ms, inclusive=False)
        room, _ = rooms.apply(room, event)
        yield from step(event, now_ms)
    yield from due_before(end_ms, inclusive=True)


def dry_run(
    director: Director,
    played: scenario.Scenario,
    *,
    start_ms: int = 0,
    calibration: geometry.Calibration | None = None,
) -> dict[str, Any]:
    """The dry run as JSON (see the module docstring); `start_ms` dates the SEI."""
    start = opening(director, rooms.Room())
    listed: list[dict[str, Any]] = []
    truncated = False
    for take in takes(director, played):
        if len(listed) == MAX_TAKES:
            truncated = True
            break
        listed.append(_take_json(director, take, start_ms, calibration))
    return {
        "start": {
            "document": start.document,
            "regions": regions_payload(
                director, start, rooms.Room(), start_ms, calibration=calibration
            ),
        },
        "takes": listed,
        "truncated": truncated,
    }


def _take_json(
    director: Director, take: Take, start_ms: int, calibration: geometry.Calibration | None
) -> dict[str, Any]:
    cut = take.cut
    happening = cut.happening
    trigger: dict[str, Any] = {"on": happening.kind}
    if happening.person is not None:
        trigger["UserId"] = happening.person[0]
    return {
        "at": take.at_ms / SECOND_MS,
        "rule": cut.rule,
        "target": cut.target,
        "shot": cut.on_air.shot.name,
        "trigger": trigger,
        "event": _event_json(happening.event),
        "document": cut.document,
        "regions": regions_payload(
            director, cut.on_air, take.room, start_ms + take.at_ms, calibration=calibration
        ),
    }


def _event_json(event: RoomEvent | None) -> dict[str, Any] | None:
    if event is None:
        return None
    data = event.to_dict()
    data["at"] = data.pop("at_ms") / SECOND_MS
    return data


def participants(room: rooms.Room) -> list[geometry.Participant]:
    """The room's people as previews take them, in join order."""
    return [
        geometry.Participant(
            person.user_id,
            person.room_id,
            person.room_id_type,
            camera=person.camera,
            audio=person.audio,
            screen=person.screen,
        )
        for person in room.people
    ]


def regions_payload(
    director: Director,
    on_air: OnAir,
    room: rooms.Room,
    at_ms: int,
    *,
    calibration: geometry.Calibration | None = None,
) -> dict[str, Any]:
    """What POST /api/layouts/regions/ answers for `on_air` and `room`, but pure."""
    people = participants(room)
    layout = geometry.regions(
        on_air.document, people, main_room=director.main_room, calibration=calibration
    )
    volumes = {person.user_id: person.level or 0 for person in room.people}
    return {
        "participants": [person.to_dict() for person in people],
        "canvas": {"w": layout.canvas_w, "h": layout.canvas_h},
        "mode": layout.mode,
        "approximate": layout.approximate,
        "calibration": {"captures": layout.captures} if layout.captures else None,
        "regions": [region.to_dict() for region in layout.regions],
        "not_shown": list(layout.not_shown),
        "sei": geometry.volume_sei(layout, volumes=volumes, ts=at_ms // SECOND_MS),
    }
