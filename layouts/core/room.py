"""Who is in a task's room, in join order: the one room state, and how events change it.

Every source of room events (the cloud's room and media callbacks, the
emulator's simulated room, a scenario being rehearsed) goes through `apply`,
so nothing downstream (the room panel, role resolution, the auto-director)
can tell them apart.

Events may arrive out of order (I.1): each person's presence, camera, audio,
screen share and speaking level keep the time of the last event applied, and
an event no newer than that changes nothing, so a replayed callback is
harmless. Leaving (104) turns camera, audio and screen share off with it
(I.3: no 202, 204 or 206 is sent on exit). A camera, microphone or screen
share turned on by someone the room does not know yet means they are in:
their entry may simply be late.

Pure: no Django. The state is plain JSON (`to_json` / `from_json`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from layouts.core.contract.room_events import (
    AUDIO,
    CAMERA,
    ENTER,
    EXIT,
    MEDIA,
    SCREEN,
    SPEAKING,
    RoomEvent,
)
from layouts.core.contract.rooms import UserKey

PRESENCE = "presence"  # the aspect that enter and exit change


@dataclass(frozen=True)
class Person:
    user_id: str
    room_id: str
    room_id_type: int
    since_ms: int
    camera: bool = False
    audio: bool = False
    screen: bool = False
    level: int | None = None

    @property
    def key(self) -> UserKey:
        return (self.user_id, self.room_id, self.room_id_type)

    def to_dict(self) -> dict[str, Any]:
        """The participant shape of previews, with when they entered and their level."""
        return {
            "UserId": self.user_id,
            "RoomId": self.room_id,
            "RoomIdType": self.room_id_type,
            "camera": self.camera,
            "audio": self.audio,
            "screen": self.screen,
            "since_ms": self.since_ms,
            "level": self.level,
        }


@dataclass(frozen=True)
class Room:
    people: tuple[Person, ...] = ()
    # "<aspect> <RoomIdType> <RoomId> <UserId>" -> the time of the last event applied
    seen: Mapping[str, int] = field(default_factory=dict)

    def person(self, key: UserKey) -> Person | None:
        return next((person for person in self.people if person.key == key), None)


def apply(room: Room, event: RoomEvent) -> tuple[Room, bool]:
    """The room after `event`, and whether anyone's state changed.

    An event is a set of changes to aspects of one person (leaving: presence,
    camera, audio and screen share off), each applied only if it is newer
    than the last event that aspect saw.
    """
    key: UserKey = (event.user_id, event.room_id, event.room_id_type)
    seen = dict(room.seen)
    people = list(room.people)
    for aspect, value in _changes(event):
        seen_as = PRESENCE if aspect == IMPLIED_PRESENCE else aspect
        if event.at_ms <= seen.get(_seen_key(seen_as, key), -1):
            continue  # replayed, or older than what the room already knows
        present = next((person for person in people if person.key == key), None)
        if aspect == IMPLIED_PRESENCE:
            aspect = PRESENCE  # publishing at this moment means being in at this moment
        seen[_seen_key(aspect, key)] = event.at_ms
        if aspect == PRESENCE and value and present is None:
            people.append(Person(event.user_id, event.room_id, event.room_id_type, event.at_ms))
        elif aspect == PRESENCE and not value:
            people = [person for person in people if person.key != key]
        elif present is not None and aspect in MEDIA:
            people = [_switched(p, aspect, bool(value)) if p.key == key else p for p in people]
        elif present is not None and aspect == SPEAKING:
            people = [replace(p, level=event.level) if p.key == key else p for p in people]
    after = Room(tuple(people), seen)
    return after, after.people != room.people


IMPLIED_PRESENCE = "implied presence"


def _changes(event: RoomEvent) -> list[tuple[str, object]]:
    """(aspect, value) in the order they apply."""
    if event.kind == ENTER:
        return [(PRESENCE, True)]
    if event.kind == EXIT:  # 104 implies 202, 204 and 206 (I.3)
        return [(PRESENCE, False), *((media, False) for media in MEDIA)]
    if event.kind in MEDIA:
        implied = [(IMPLIED_PRESENCE, True)] if event.on else []
        return [*implied, (event.kind, bool(event.on))]
    return [(SPEAKING, event.level)]


def apply_all(room: Room, events: Iterable[RoomEvent]) -> tuple[Room, list[RoomEvent]]:
    """The room after every event in time order, and the events that changed it."""
    changed = []
    for event in sorted(events, key=lambda item: item.at_ms):
        room, did = apply(room, event)
        if did:
            changed.append(event)
    return room, changed


def events_to(room: Room, wanted: Iterable[Person], at_ms: int) -> list[RoomEvent]:
    """The events that make `room` hold exactly `wanted` (join order kept where it can be).

    For setting a whole room at once: who is not wanted leaves, who is new
    enters, and each person's camera, microphone and screen share follow.
    """
    events: list[RoomEvent] = []
    wanted = list(wanted)
    keys = {person.key for person in wanted}
    for person in room.people:
        if person.key not in keys:
            events.append(_event(EXIT, person, at_ms))
    for person in wanted:
        before = room.person(person.key)
        if before is None:
            events.append(_event(ENTER, person, at_ms))
        for media in MEDIA:
            now = getattr(person, media)
            if now != (getattr(before, media) if before else False):
                events.append(_event(media, person, at_ms, on=now))
    return events


def to_json(room: Room) -> dict[str, Any]:
    return {"people": [person.to_dict() for person in room.people], "seen": dict(room.seen)}


def from_json(data: Any) -> Room:
    """The room stored by `to_json` (an empty room for anything else)."""
    if not isinstance(data, dict):
        return Room()
    people = []
    for item in data.get("people", []):
        people.append(
            Person(
                user_id=str(item["UserId"]),
                room_id=str(item["RoomId"]),
                room_id_type=int(item["RoomIdType"]),
                since_ms=int(item["since_ms"]),
                camera=bool(item.get("camera")),
                audio=bool(item.get("audio")),
                screen=bool(item.get("screen")),
                level=item.get("level"),
            )
        )
    seen = {str(key): int(value) for key, value in dict(data.get("seen", {})).items()}
    return Room(tuple(people), seen)


def _switched(person: Person, media: str, on: bool) -> Person:
    if media == CAMERA:
        return replace(person, camera=on)
    if media == AUDIO:
        return replace(person, audio=on, level=person.level if on else None)
    if media == SCREEN:
        return replace(person, screen=on)
    raise ValueError(media)


def _event(kind: str, person: Person, at_ms: int, *, on: bool | None = None) -> RoomEvent:
    return RoomEvent(kind, person.user_id, person.room_id, person.room_id_type, at_ms, on=on)


def _seen_key(aspect: str, key: UserKey) -> str:
    user_id, room_id, room_type = key
    return f"{aspect} {room_type} {room_id} {user_id}"
