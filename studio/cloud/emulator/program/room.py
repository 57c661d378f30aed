"""The simulated room of an emulator task: who is there at time t.

Until a producer says otherwise, the room holds everyone the task has named so
far (the users its layouts bind and its audio lists name, in the order they
were first named) plus the guests a preview imagines, exactly as
`layouts.core.geometry.default_participants` does for the same document. People
join when a Take first names them and nobody leaves unless told: a room set
through the emulator (`set_room`) replaces all of that from its time on.
Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from layouts.core.contract.bodies import AUDIO_LISTS
from layouts.core.contract.document import read_audio_list
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
