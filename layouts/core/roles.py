"""Roles: a slot names what someone does in the room (shares, speaks, hosts), not a UserId.

A show's roles are kept in our own part of its request, never in VideoParams
(the cloud validates that object field by field), as JSON that integrators and
the rules panel rely on (every part optional, extra keys allowed and ignored):

    request["MixStudio"]["Roles"] = {
      "slots": [{"slot": <index in MixLayoutList>,
                 "role": "sharer" | "loudest" | "previous-speaker" | "host" | "nth"
                         | <a role of your own>,
                 "user"?: <UserId> (host only), "n"?: 1, 2, ... (nth only, required)}],
      "watermarks": [{"watermark": <index in WaterMarkList>, "visible_when": <role>,
                      "user"?, "n"?}],
      "exclude": [{"UserId"?: <UserId>, "role"?: "host" | <a role of your own>}],
      "assign": {"<UserId>": "host" | <a role of your own>}}

`resolve` turns a document and its roles into the VideoParams the cloud
receives for the room as it is. Who fills a role, among the people in the room
who are not excluded, in join order:

- sharer: whoever shares a screen (the one who started last when several do);
  the slot shows the screen share (StreamType 1, B.10) fitted, not cropped
  (RenderMode 1), and without its TransparentUrl (R42: a mask needs RenderMode 0);
- loudest: the highest speaking level now (above 0); a tie keeps whoever was
  loudest last, else the first in join order;
- previous-speaker: who was loudest before the current loudest, still in the room;
- host: the slot's `user`, else the one `assign` makes host, else the first in;
- nth: the n-th person by join order;
- a role of your own: the first person (join order) `assign` gives it.

A user's stream fills one slot only: slots pinned by the document keep theirs,
and roles are filled in slot order, each passing over who is already shown
with the stream it shows. The host and the n-th person are who they are, so
their role goes unfilled when they are shown already; the other roles go to
the next who fits (the next loudest, the next sharer). A person may fill roles
of different streams (a sharer's screen and camera).

A role nobody fills pins its slot to `vacant_user(slot)`, a UserId nobody uses
("mixstudio-vacant-<slot>"): the cloud then shows the slot's placeholder
(BackgroundImageUrl) or, without one, nothing (the canvas shows through). Left
unpinned, the slot would take the next user to join instead. A watermark whose
`visible_when` role nobody fills is left out of WaterMarkList.

Excluded people (by UserId, or by a role `assign` gives) fill no role and are
kept out of auto-fill slots: these are left to the cloud unless it would put
an excluded person in one; then every auto-fill slot is pinned to whom the
cloud would choose with the excluded left out (vacant past the last).
Slots take roles in custom layouts only: the dynamic templates place everyone
in the room themselves, so there only watermarks follow roles.

Pure: no Django.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from layouts.core import show
from layouts.core.contract import video
from layouts.core.contract.document import Binding, read_binding, read_document
from layouts.core.contract.fields import get_list, get_obj, json_type_name
from layouts.core.contract.problems import (
    ERROR,
    UNKNOWN_FIELD,
    WARNING,
    WRONG_TYPE,
    Problem,
    missing,
)
from layouts.core.contract.rooms import Room as RoomId
from layouts.core.contract.rooms import UserKey, is_valid_user_id
from layouts.core.room import Person, Room
from layouts.core.text import gettext_noop

SHARER = "sharer"
LOUDEST = "loudest"
PREVIOUS_SPEAKER = "previous-speaker"
HOST = "host"
NTH = "nth"
BUILT_IN_ROLES = (SHARER, LOUDEST, PREVIOUS_SPEAKER, HOST, NTH)
# Roles `assign` can give and `exclude` can name: the host, and roles of one's own.
NAMED_ROLE_RE = re.compile(r"[A-Za-z0-9_-]{1,32}")
# A slot nobody fills is pinned to "mixstudio-vacant-<slot>": its placeholder shows.
VACANT_PREFIX = "mixstudio-vacant-"
ROLES_RULE = "roles"  # the rule code of the roles' own problems
MAX_ENTRIES = 100  # exclusions or assignments
MAX_NTH = 50


@dataclass(frozen=True)
class RoleSpec:
    """A role as a slot, a watermark or a condition names it."""

    role: str
    user: str | None = None  # host: this user
    n: int | None = None  # nth: from 1


@dataclass(frozen=True)
class SlotRole:
    slot: int
    spec: RoleSpec


@dataclass(frozen=True)
class WatermarkRole:
    watermark: int
    spec: RoleSpec


@dataclass(frozen=True)
class Exclusion:
    user_id: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class Roles:
    slots: tuple[SlotRole, ...] = ()
    watermarks: tuple[WatermarkRole, ...] = ()
    exclude: tuple[Exclusion, ...] = ()
    assign: Mapping[str, str] = field(default_factory=dict)
    # UserIds never excluded: what the director's "include" action lifts (not in the JSON).
    included: frozenset[str] = frozenset()

    def slot_role(self, slot: int) -> RoleSpec | None:
        return next((item.spec for item in self.slots if item.slot == slot), None)


@dataclass(frozen=True)
class Recent:
    """What the room state does not keep: who was loudest, and who started sharing, in
    order (newest last). The director keeps it; without it, join order decides."""

    speakers: tuple[UserKey, ...] = ()
    sharers: tuple[UserKey, ...] = ()


# ---------------------------------------------------------------------------
# Who fills a role.


def is_excluded(person: Person, roles: Roles) -> bool:
    if person.user_id in roles.included:
        return False
    held = roles.assign.get(person.user_id)
    return any(
        item.user_id == person.user_id or (item.role is not None and item.role == held)
        for item in roles.exclude
    )


def eligible(room: Room, roles: Roles) -> list[Person]:
    """The people who may fill a role: everyone in the room not excluded, in join order."""
    return [person for person in room.people if not is_excluded(person, roles)]


def loudest(people: Sequence[Person], recent: Recent = Recent()) -> Person | None:
    """The highest speaking level now (above 0); a tie keeps whoever was loudest last."""
    top = max((person.level or 0 for person in people), default=0)
    if top <= 0:
        return None
    tied = [person for person in people if person.level == top]
    last = recent.speakers[-1] if recent.speakers else None
    return next((person for person in tied if person.key == last), tied[0])


def fill(
    spec: RoleSpec,
    people: Sequence[Person],
    roles: Roles,
    recent: Recent,
    shown: Collection[UserKey] = (),
) -> Person | None:
    """Who fills `spec` among `people` (the eligible, in join order), or None.

    `shown`: people another slot already shows (with the stream this role shows). The
    host and the n-th person are who they are, so the role goes unfilled when they are
    shown; the other roles go to the next who fits (the next loudest, say).
    """
    if spec.role in (HOST, NTH):
        person = _positional(spec, people, roles)
        return person if person is not None and person.key not in shown else None
    free = [person for person in people if person.key not in shown]
    if spec.role == SHARER:
        sharing = [person for person in free if person.screen]
        latest = {key: index for index, key in enumerate(recent.sharers)}
        return max(sharing, key=lambda person: latest.get(person.key, -1), default=None)
    if spec.role == LOUDEST:
        return loudest(free, recent)
    if spec.role == PREVIOUS_SPEAKER:
        now = loudest(people, recent)
        present = {person.key: person for person in free}
        for key in reversed(recent.speakers):
            if key in present and (now is None or key != now.key):
                return present[key]
        return None
    return next((p for p in free if roles.assign.get(p.user_id) == spec.role), None)


def _positional(spec: RoleSpec, people: Sequence[Person], roles: Roles) -> Person | None:
    if spec.role == NTH:
        n = spec.n or 0
        return people[n - 1] if 0 < n <= len(people) else None
    if spec.user is not None:
        return next((person for person in people if person.user_id == spec.user), None)
    assigned = next((p for p in people if roles.assign.get(p.user_id) == HOST), None)
    return assigned if assigned is not None else (people[0] if people else None)


def holds(person: Person, spec: RoleSpec, room: Room, roles: Roles, recent: Recent) -> bool:
    """Whether `person` fills `spec` in `room` now."""
    filled = fill(spec, eligible(room, roles), roles, recent)
    return filled is not None and filled.key == person.key


# ---------------------------------------------------------------------------
# The VideoParams the cloud receives.


def resolve(
    document: dict[str, Any],
    roles: Roles,
    room: Room,
    *,
    main_room: RoomId | None = None,
    recent: Recent = Recent(),
) -> dict[str, Any]:
    """`document` with every role filled for `room`: the VideoParams to send.

    People outside `main_room` (None: always) are written with their RoomId and
    RoomIdType; the main room is left to the task's own (B.5).
    """
    resolved = copy.deepcopy(document)
    doc = read_document(document)
    people = eligible(room, roles)
    home = main_room or (_room_of(room.people[0]) if room.people else None)
    if doc.custom:
        slots = get_list(get_obj(resolved, "LayoutParams"), "MixLayoutList")
        # A stream fills one slot only (our duplicate-binding rule): the document's own
        # pins first, then the roles in slot order.
        shown = {
            (binding.key(home), binding.stream_type)
            for index, binding in pins(slots)
            if roles.slot_role(index) is None
        }
        for item in sorted(roles.slots, key=lambda item: item.slot):
            if not (0 <= item.slot < len(slots) and isinstance(slots[item.slot], dict)):
                continue
            stream = video.STREAM_SCREEN if item.spec.role == SHARER else video.STREAM_CAMERA
            taken = {key for key, kind in shown if kind == stream}
            person = fill(item.spec, people, roles, recent, taken)
            pin(slots[item.slot], person, stream, main_room, vacant=vacant_user(item.slot))
            if person is not None:
                shown.add((person.key, stream))
        _keep_excluded_out_of_auto_fill(slots, roles, room, home, main_room)
    if roles.watermarks and isinstance(resolved.get("WaterMarkList"), list):
        hidden = {
            item.watermark
            for item in roles.watermarks
            if fill(item.spec, people, roles, recent) is None
        }
        resolved["WaterMarkList"] = [
            mark for index, mark in enumerate(resolved["WaterMarkList"]) if index not in hidden
        ]
    return resolved


def vacant_user(slot: int) -> str:
    """The UserId a slot nobody fills is pinned to: nobody's, and one per slot (a user's
    stream may fill one slot only)."""
    return f"{VACANT_PREFIX}{slot}"


def is_vacant(user_id: str | None) -> bool:
    return user_id is not None and user_id.startswith(VACANT_PREFIX)


def pin(
    slot: dict[str, Any],
    person: Person | None,
    stream: int,
    main_room: RoomId | None,
    *,
    vacant: str = "",
) -> None:
    """Pin a MixLayoutList slot to `person`'s `stream` (to `vacant` for nobody); a screen
    share is fitted, not cropped, and unmasked (R42: a mask needs RenderMode 0)."""
    user: dict[str, Any] = {"UserId": person.user_id if person is not None else vacant}
    if person is not None and _room_of(person) != main_room:
        user.update(RoomId=person.room_id, RoomIdType=person.room_id_type)
    slot["UserMediaStream"] = {"UserInfo": user, "StreamType": stream}
    if stream == video.STREAM_SCREEN:
        slot["RenderMode"] = video.RENDER_FIT
        slot.pop("TransparentUrl", None)


def _keep_excluded_out_of_auto_fill(
    slots: list[Any],
    roles: Roles,
    room: Room,
    home: RoomId | None,
    main_room: RoomId | None,
) -> None:
    """Pin the auto-fill slots when the cloud would put an excluded person in one."""
    pinned = dict(pins(slots))
    bound = {binding.key(home) for binding in pinned.values()}
    auto = [
        (index, slot)
        for index, slot in enumerate(slots)
        if isinstance(slot, dict) and index not in pinned and roles.slot_role(index) is None
    ]
    # What the cloud fills auto-fill slots from (layouts/core/geometry.py, _custom_regions).
    fillers = [
        person
        for person in room.people
        if person.camera and _room_of(person) == home and person.key not in bound
    ]
    if not any(is_excluded(person, roles) for person in fillers[: len(auto)]):
        return
    kept = iter(person for person in fillers if not is_excluded(person, roles))
    for index, slot in auto:
        pin(slot, next(kept, None), video.STREAM_CAMERA, main_room, vacant=vacant_user(index))


def keep_seats(
    document: dict[str, Any],
    before: Any,
    roles: Roles,
    room: Room,
    *,
    main_room: RoomId | None = None,
) -> dict[str, Any]:
    """`document` (filled for `room`) with its auto-fill slots pinned so that each person
    keeps the slot they had in `before` (what was on air), a newcomer takes the first
    empty one in join order, and a slot whose person left is pinned to nobody (its
    placeholder shows): a table's "fixed" seats. Custom layouts only."""
    if not read_document(document).custom:
        return document
    kept = copy.deepcopy(document)
    slots = get_list(get_obj(kept, "LayoutParams"), "MixLayoutList")
    home = main_room or (_room_of(room.people[0]) if room.people else None)
    pinned = dict(pins(slots))
    shown = {binding.key(home) for binding in pinned.values() if not is_vacant(binding.user_id)}
    auto = [
        index
        for index, slot in enumerate(slots)
        if isinstance(slot, dict)
        and roles.slot_role(index) is None
        and (index not in pinned or is_vacant(pinned[index].user_id))
    ]
    # Everyone keeps a seat, camera on or off (an empty camera shows the placeholder).
    present = {person.key: person for person in eligible(room, roles) if person.key not in shown}
    seats: dict[int, Person] = {}
    for index, person in _seating(before, home, present):
        if index in auto and index not in seats:
            seats[index] = person
    seated = {person.key for person in seats.values()}
    newcomers = iter(person for key, person in present.items() if key not in seated)
    for index in auto:
        taker = seats.get(index) or next(newcomers, None)
        pin(slots[index], taker, video.STREAM_CAMERA, main_room, vacant=vacant_user(index))
    return kept


def _seating(
    before: Any, home: RoomId | None, present: Mapping[UserKey, Person]
) -> Iterator[tuple[int, Person]]:
    """(slot, person) on air in `before` for the people still present: its pinned slots,
    and its auto-fill slots as the cloud filled them (join order, pinned people out)."""
    slots = get_list(get_obj(before, "LayoutParams"), "MixLayoutList")
    pinned = dict(pins(slots))
    bound = {binding.key(home) for binding in pinned.values()}
    filling = iter(person for key, person in present.items() if key not in bound)
    for index, slot in enumerate(slots):
        if not isinstance(slot, dict):
            continue
        if index in pinned:
            found = present.get(pinned[index].key(home))
            if found is not None:
                yield index, found
        else:
            cloud_filled = next(filling, None)
            if cloud_filled is not None:
                yield index, cloud_filled


def pins(slots: list[Any]) -> Iterator[tuple[int, Binding]]:
    """(index, binding) of every slot that pins a user."""
    for index, slot in enumerate(slots):
        binding = (
            read_binding(get_obj(slot, "UserMediaStream"), "") if isinstance(slot, dict) else None
        )
        if binding is not None and binding.names_user:
            yield index, binding


# ---------------------------------------------------------------------------
# The JSON: read, and checked.


def roles_of(request: Any) -> Any:
    """The roles a request keeps in our own part (as given: the checks judge them), or None."""
    part = request.get(show.APP_KEY) if isinstance(request, dict) else None
    return copy.deepcopy(part.get(show.ROLES)) if isinstance(part, dict) else None


def read_roles(data: Any) -> Roles:
    """The roles of checked JSON (`check_roles`); what cannot be read is left out."""
    if not isinstance(data, dict):
        return Roles()
    slots = tuple(
        SlotRole(item["slot"], _spec(item, "role"))
        for item in _objects(data.get("slots"))
        if _is_int(item.get("slot")) and isinstance(item.get("role"), str)
    )
    watermarks = tuple(
        WatermarkRole(item["watermark"], _spec(item, "visible_when"))
        for item in _objects(data.get("watermarks"))
        if _is_int(item.get("watermark")) and isinstance(item.get("visible_when"), str)
    )
    exclude = tuple(
        Exclusion(_text(item.get("UserId")), _text(item.get("role")))
        for item in _objects(data.get("exclude"))
    )
    assign = data.get("assign")
    assigned = (
        {str(user): role for user, role in assign.items() if isinstance(role, str)}
        if isinstance(assign, dict)
        else {}
    )
    return Roles(slots, watermarks, exclude, assigned)


def read_spec(item: Mapping[str, Any], key: str = "role") -> RoleSpec:
    """The role an object names under `key`, with its `user` and `n`."""
    return _spec(item, key)


def _spec(item: Mapping[str, Any], key: str) -> RoleSpec:
    n = item.get("n")
    return RoleSpec(str(item[key]), _text(item.get("user")), n if _is_int(n) else None)


def check_roles(
    data: Any, path: str = f"MixStudio.{show.ROLES}", document: Any = None
) -> list[Problem]:
    """Every problem of the roles JSON, each naming its field; with `document`, also the
    slots and watermarks it names that the document does not have."""
    if not isinstance(data, dict):
        return [_wrong_type(data, show.ROLES, "an object", path)]
    doc = read_document(document) if isinstance(document, dict) else None
    problems: list[Problem] = []
    slot_count = len(get_list(doc.layout, "MixLayoutList")) if doc is not None else None
    problems.extend(
        _check_indexed(data, "slots", "slot", "role", path, video.MAX_SLOTS, slot_count)
    )
    if doc is not None and not doc.custom and data.get("slots"):
        problems.append(
            Problem(
                f"{path}.slots",
                ROLES_RULE,
                WARNING,
                gettext_noop(
                    "Roles fill the slots of custom layouts only; in the %(mode)s layout the "
                    "cloud places everyone itself."
                ),
                {"mode": video.MODE_NAMES[doc.mode]},
            )
        )
    mark_count = len(get_list(doc.raw, "WaterMarkList")) if doc is not None else None
    problems.extend(
        _check_indexed(
            data, "watermarks", "watermark", "visible_when", path, MAX_ENTRIES, mark_count
        )
    )
    problems.extend(_check_exclude(data.get("exclude"), f"{path}.exclude"))
    problems.extend(_check_assign(data.get("assign"), f"{path}.assign"))
    return problems


def check_spec(item: Mapping[str, Any], key: str, path: str) -> Iterator[Problem]:
    """The problems of a role named under `key` with its `user` and `n` (slots,
    watermarks, the director's conditions)."""
    role = item.get(key)
    if role is None:
        yield missing(f"{path}.{key}", ROLES_RULE)
        return
    if not isinstance(role, str):
        yield _wrong_type(role, key, "a string", f"{path}.{key}")
        return
    if role not in BUILT_IN_ROLES and not NAMED_ROLE_RE.fullmatch(role):
        yield Problem(
            f"{path}.{key}",
            ROLES_RULE,
            ERROR,
            gettext_noop(
                '"%(role)s" is no role: use sharer, loudest, previous-speaker, host, nth or a '
                "name of your own (1 to 32 letters, digits, _ or -)."
            ),
            {"role": role[:60]},
        )
    user, n = item.get("user"), item.get("n")
    if user is not None:
        if role != HOST:
            yield _only_for(f"{path}.user", "user", HOST)
        elif not is_user_id(user):
            yield not_a_user_id(f"{path}.user", "user")
    if role == NTH and n is None:
        yield missing(f"{path}.n", ROLES_RULE)
    elif n is not None and role != NTH:
        yield _only_for(f"{path}.n", "n", NTH)
    elif n is not None:
        yield from check_int(n, "n", f"{path}.n", 1, MAX_NTH)


def _check_indexed(
    data: Mapping[str, Any],
    list_name: str,
    index_key: str,
    role_key: str,
    path: str,
    limit: int,
    count: int | None,
) -> Iterator[Problem]:
    listed = data.get(list_name)
    if listed is None:
        return
    list_path = f"{path}.{list_name}"
    if not isinstance(listed, list):
        yield _wrong_type(listed, list_name, "a list", list_path)
        return
    if len(listed) > limit:
        yield _too_many(list_path, list_name, len(listed), limit)
        return
    seen: set[int] = set()
    for position, item in enumerate(listed):
        item_path = f"{list_path}[{position}]"
        if not isinstance(item, dict):
            yield _wrong_type(item, list_name, "an object", item_path)
            continue
        index = item.get(index_key)
        if index is None:
            yield missing(f"{item_path}.{index_key}", ROLES_RULE)
        elif not _is_int(index):
            yield _wrong_type(index, index_key, "an integer", f"{item_path}.{index_key}")
        elif index in seen:
            yield Problem(
                f"{item_path}.{index_key}", ROLES_RULE, ERROR, _TWICE[list_name], {"index": index}
            )
        else:
            seen.add(index)
            yield from check_int(index, index_key, f"{item_path}.{index_key}", 0, limit - 1)
            if count is not None and 0 <= index < limit and index >= count:
                yield Problem(
                    f"{item_path}.{index_key}",
                    ROLES_RULE,
                    ERROR,
                    _PAST_THE_END[list_name],
                    {"count": count, "index": index},
                )
        yield from check_spec(item, role_key, item_path)


_TWICE = {
    "slots": gettext_noop("Slot index %(index)d already has a role; give each slot one."),
    "watermarks": gettext_noop(
        "Watermark index %(index)d already has a role; give each watermark one."
    ),
}
_PAST_THE_END = {
    "slots": gettext_noop(
        "The layout has %(count)d slots; there is no slot index %(index)d (indexes count from 0)."
    ),
    "watermarks": gettext_noop(
        "The layout has %(count)d watermarks; there is no watermark index %(index)d (indexes "
        "count from 0)."
    ),
}


def _check_exclude(listed: Any, path: str) -> Iterator[Problem]:
    if listed is None:
        return
    if not isinstance(listed, list):
        yield _wrong_type(listed, "exclude", "a list", path)
        return
    if len(listed) > MAX_ENTRIES:
        yield _too_many(path, "exclude", len(listed), MAX_ENTRIES)
        return
    for position, item in enumerate(listed):
        yield from check_person(item, f"{path}[{position}]", "exclude")


def check_person(item: Any, path: str, name: str, *, roles: bool = True) -> Iterator[Problem]:
    """A person named by UserId, or (`roles`) by a role `assign` gives: {"UserId"} or
    {"role"} (the exclude list, the director's include and exclude actions)."""
    if not isinstance(item, dict):
        yield _wrong_type(item, name, "an object", path)
        return
    user, role = item.get("UserId"), item.get("role")
    if user is None and (role is None or not roles):
        yield missing(f"{path}.UserId", ROLES_RULE)
    if user is not None and not is_user_id(user):
        yield not_a_user_id(f"{path}.UserId", "UserId")
    if role is not None and not roles:
        yield Problem(
            f"{path}.role",
            UNKNOWN_FIELD,
            ERROR,
            gettext_noop("%(field)s is not a part of %(shape)s."),
            {"field": "role", "shape": name},
        )
    elif role is not None and not is_named_role(role):
        yield _not_a_named_role(f"{path}.role", role)


def _check_assign(assign: Any, path: str) -> Iterator[Problem]:
    if assign is None:
        return
    if not isinstance(assign, dict):
        yield _wrong_type(assign, "assign", "an object", path)
        return
    if len(assign) > MAX_ENTRIES:
        yield _too_many(path, "assign", len(assign), MAX_ENTRIES)
        return
    for user, role in assign.items():
        if not is_valid_user_id(user):
            yield not_a_user_id(f"{path}.{str(user)[:40]}", "UserId")
        elif not is_named_role(role):
            yield _not_a_named_role(f"{path}.{user}", role)


def is_named_role(value: Any) -> TypeGuard[str]:
    """The host, or a role of one's own: what `assign` gives and `exclude` names."""
    return isinstance(value, str) and (
        value == HOST or (value not in BUILT_IN_ROLES and bool(NAMED_ROLE_RE.fullmatch(value)))
    )


def is_user_id(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and is_valid_user_id(value)


def check_int(value: Any, name: str, path: str, low: int, high: int) -> Iterator[Problem]:
    """An integer from `low` to `high`, in the contract's own words (R-less: our JSON)."""
    if not _is_int(value):
        yield _wrong_type(value, name, "an integer", path)
    elif value < low:
        yield Problem(
            path,
            ROLES_RULE,
            ERROR,
            gettext_noop("%(field)s must be at least %(min)d, not %(value)d."),
            {"field": name, "min": low, "value": value},
        )
    elif value > high:
        yield Problem(
            path,
            ROLES_RULE,
            ERROR,
            gettext_noop("%(field)s must be at most %(max)d, not %(value)d."),
            {"field": name, "max": high, "value": value},
        )


def _only_for(path: str, name: str, role: str) -> Problem:
    return Problem(
        path,
        ROLES_RULE,
        ERROR,
        gettext_noop("%(field)s belongs to the %(role)s role only."),
        {"field": name, "role": role},
    )


def not_a_user_id(path: str, name: str, rule: str = ROLES_RULE) -> Problem:
    return Problem(
        path,
        rule,
        ERROR,
        gettext_noop("%(field)s must be a UserId: 1 to 32 letters, digits, _ or - (R10)."),
        {"field": name},
    )


def _not_a_named_role(path: str, value: Any) -> Problem:
    return Problem(
        path,
        ROLES_RULE,
        ERROR,
        gettext_noop(
            '"%(role)s" cannot be given or excluded: use host or a name of your own (1 to 32 '
            "letters, digits, _ or -)."
        ),
        {"role": str(value)[:60]},
    )


def _too_many(path: str, name: str, count: int, limit: int) -> Problem:
    return Problem(
        path,
        ROLES_RULE,
        ERROR,
        gettext_noop("%(field)s holds %(count)d entries; at most %(max)d are allowed."),
        {"field": name, "count": count, "max": limit},
    )


def _wrong_type(value: Any, name: str, expected: str, path: str) -> Problem:
    return Problem(
        path,
        WRONG_TYPE,
        ERROR,
        gettext_noop("%(field)s must be %(expected)s, not %(got)s."),
        {"field": name, "expected": expected, "got": json_type_name(value)},
    )


def _room_of(person: Person) -> RoomId:
    return (person.room_id, person.room_id_type)


def _objects(value: Any) -> Iterable[dict[str, Any]]:
    return (item for item in value if isinstance(item, dict)) if isinstance(value, list) else ()


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)
