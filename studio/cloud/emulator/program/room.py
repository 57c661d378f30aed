"""The simulated room of an emulator task: who is there at time t.

Until a producer says otherwise, the room holds everyone the task has named so
far (the users its layouts bind and its audio lists name, in the order they
were first named) plus the guests a preview imagines, exactly as
`layouts.core.geometry.default_participants` does for the same document. People
join when a Take first names them and nobody leaves unless told: a room told
to the emulator (its room events, services.change_room) replaces all of that
from its time on. Told rooms are kept as participants with when each entered
(`since_ms`) and how loud they speak (`level`): the room core's people
(layouts/core/room.py), which the room events change.
Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from layouts.core import room as rooms
from layouts.core.contract.bodies import AUDIO_LISTS
from layouts.core.contract.document import read_audio_list
from layouts.core.contract.rooms import UserKey
from layouts.core.geometry import Participant, default_participants
from studio.cloud.emulator.program.timeline import Timeline


def participants_at(timeline: Timeline, t: float) -> tuple[Participant, ...]:
    told = timeline.told_room_at(t)
    if told is not None:
        return told.participants
    return named_until(timeline, timeline.change_index_at(t))


def named_until(timeline: Timeline, index: int) -> tuple[Participant, ...]:
    """Everyone the Start and the changes after it, up to `changes[index]`, have named."""
    people: dict[tuple[str, str, int], Participant] = {}
    for change in timeline.changes[: index + 1]:
        for person in named_in(change.params, timeline.room):
            people.setdefault(person.key, person)
    return tuple(people.values())


def named_in(params: Mapping[str, Any], main_room: tuple[str, int]) -> list[Participant]:
    """The people one set of task parameters implies: layout users and guests, then
    the users its audio lists name (heard, and seen if a layout shows them)."""
    video = params.get("VideoParams")
    document = video if isinstance(video, dict) else {}
    people = default_participants(document, main_room=main_room)
    for name in AUDIO_LISTS:
        for entry in read_audio_list(params.get("AudioParams"), name):
            if entry.user.names_user:
                people.append(Participant(*entry.user.key(main_room)))
    return people


def imagined_room(timeline: Timeline, index: int) -> rooms.Room:
    """The room no one has told yet: everyone named up to `changes[index]`, each in
    since the change that first named them, camera and microphone on."""
    people: dict[tuple[str, str, int], rooms.Person] = {}
    for change in timeline.changes[: index + 1]:
        for person in named_in(change.params, timeline.room):
            if person.key not in people:
                people[person.key] = person_of(person, round(change.at * 1000))
    return rooms.Room(tuple(people.values()))


def told_room(participants: Sequence[Mapping[str, Any]], since_ms: int) -> rooms.Room:
    """A told room as stored (participants_json), read back into the room core's people."""
    people = []
    for item in participants:
        since = item.get("since_ms")
        level = item.get("level")
        people.append(
            person_of(
                Participant.from_dict(item),
                since if type(since) is int else since_ms,
                level if type(level) is int else None,
            )
        )
    return rooms.Room(tuple(people))


def person_of(participant: Participant, since_ms: int, level: int | None = None) -> rooms.Person:
    return rooms.Person(
        participant.user_id,
        participant.room_id,
        participant.room_id_type,
        since_ms,
        camera=participant.camera,
        audio=participant.audio,
        screen=participant.screen,
        level=level,
    )


def participants_json(
    room: rooms.Room, shapes: Mapping[UserKey, Participant]
) -> list[dict[str, Any]]:
    """The room as the program reads it (the participant shape of previews, each
    picture's size from `shapes` where known), with since_ms and level kept."""
    kept = []
    for person in room.people:
        participant = Participant(
            person.user_id,
            person.room_id,
            person.room_id_type,
            camera=person.camera,
            audio=person.audio,
            screen=person.screen,
        )
        shape = shapes.get(person.key)
        if shape is not None:
            participant = replace(participant, width=shape.width, height=shape.height)
        kept.append({**participant.to_dict(), "since_ms": person.since_ms, "level": person.level})
    return kept
