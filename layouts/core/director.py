"""The auto-director's decision: what happens in the room, and the rules, give Takes.

`decide` is the one decision, pure (the clock is a parameter): a room event,
a scheduled evaluation coming due (`Tick`) or a producer's Take (`ManualTake`)
goes in with the latest room, what is on air and the director's state; a Cut
(or nothing) and the new state come out. The rules (JSON, checked and read:
layouts/core/director_rules.py) are in priority order. Per rule, the state
machine goes

    watching -> evaluating: a happening matches the trigger; the cooldown and
                the condition are checked (either failing: back to watching)
    -> scheduled: an evaluation at now + sensitivity (the caller calls back at
                `state.next_due_ms`); the same trigger again re-arms it
    -> cutting: re-checked against the room as it is then (the trigger's state
                still holds, the condition too), the action's shot filled for
                the room; a picture that differs from the one on air is the Cut
    -> watching.

Happenings are what changed between the room the director last saw and the
latest (`Seen`), so a replayed or out-of-order event triggers nothing; people
the show's roles exclude are out of its sight. Guarantees, for program cuts:

- never two automatic cuts within the hold: after a cut the next waits for the
  hold of the rule that made it (an evaluation due meanwhile is put off to the
  end of the hold, and re-checked then);
- never more than 20 requests a second (R3), manual Takes counted;
- a manual Take always wins: it drops every scheduled evaluation and holds
  automation off for the longest hold of the rules.

Of evaluations due at once the first rule's to cut wins, and a program cut
answers every evaluation armed no later than its own. Preview cuts are staged,
not sent: no hold, no request. Each decision leaves its steps in
`state.notes`: which rule fired, and why the others did not.

Pure: no Django.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from layouts.core import roles as roles_
from layouts.core.contract.document import read_document
from layouts.core.contract.fields import get_list, get_obj
from layouts.core.contract.room_events import RoomEvent
from layouts.core.contract.rooms import Room as RoomId
from layouts.core.contract.rooms import UserKey
from layouts.core.director_rules import (
    CAMERA_OFF,
    CAMERA_ON,
    COUNT_ABOVE,
    COUNT_BELOW,
    ENTER,
    EXCLUDE,
    EXIT,
    FIXED,
    GRID,
    INCLUDE,
    LOUDEST_BIG,
    LOUDEST_CHANGES,
    NAMED_ENTERS,
    PIP,
    PREVIEW,
    PROGRAM,
    PUT_IN_SLOT,
    ROLE_ENTERS,
    SCREEN_START,
    SCREEN_STOP,
    SECOND_MS,
    SHARER_BIG,
    SHOW,
    SLATE,
    TAKE_PRESET,
    TAKE_TABLE_ENTRY,
    Action,
    Condition,
    Rule,
    Trigger,
    Who,
)
from layouts.core.director_shots import (
    OnAir,
    Shot,
    grid_shot,
    loudest_big_shot,
    pip_shot,
    sharer_big_shot,
    slate_shot,
)
from layouts.core.roles import Exclusion, Recent, Roles, RoleSpec
from layouts.core.room import Person, Room

COUNT = "count"  # what count-above and count-below watch: the count changed

# Phases of the state machine (see the module docstring).
WATCHING = "watching"
EVALUATING = "evaluating"
SCHEDULED = "scheduled"
CUTTING = "cutting"

MAX_REQUESTS_PER_SECOND = 20  # R3: each action accepts at most 20 requests a second
MAX_SPEAKERS = 16  # who was loudest, kept for previous-speaker


@dataclass(frozen=True)
class Director:
    """What is fixed for a show: its rules, its own shot, and the presets they take."""

    rules: tuple[Rule, ...]
    show: Shot
    library: Mapping[int, Shot] = field(default_factory=dict)
    main_room: RoomId | None = None

    @property
    def manual_hold_ms(self) -> int:
        """How long a manual Take holds automation off: the longest hold of the rules."""
        return max(
            (rule.timing.hold_ms for rule in self.rules if rule.target == PROGRAM and rule.enabled),
            default=0,
        )

    def rule(self, name: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.name == name), None)


@dataclass(frozen=True)
class Tick:
    """A scheduled evaluation has come due: the caller calls back at `state.next_due_ms`."""


@dataclass(frozen=True)
class ManualTake:
    """The producer took by hand (`on_air`, from the next call on, is what they took)."""


Input = RoomEvent | Tick | ManualTake


@dataclass(frozen=True)
class Happening:
    """What changed in the room as the director sees it: what triggers match."""

    kind: str  # a trigger's "on" (enter, exit, camera-on, ...) or COUNT
    person: UserKey | None = None
    event: RoomEvent | None = None
    count_from: int = 0
    count_to: int = 0


@dataclass(frozen=True)
class Seen:
    """The room as the director last saw it (excluded people left out)."""

    present: tuple[UserKey, ...] = ()  # join order
    cameras: frozenset[UserKey] = frozenset()
    sharing: tuple[UserKey, ...] = ()  # in the order they started
    speakers: tuple[UserKey, ...] = ()  # who was loudest, newest last
    loudest: UserKey | None = None

    @property
    def count(self) -> int:
        return len(self.present)

    @property
    def recent(self) -> Recent:
        return Recent(self.speakers, self.sharing)


@dataclass(frozen=True)
class Pending:
    """An evaluation scheduled for `due_ms`, armed at `armed_ms` by `happening`."""

    rule: str
    due_ms: int
    armed_ms: int
    happening: Happening


@dataclass(frozen=True)
class Note:
    """One step of the last decision, for "which rule fired and why"."""

    rule: str  # "" for a manual Take
    phase: str  # where the step was taken
    # evaluating: cooldown, condition (not met), or on to scheduled: armed;
    # cutting (the re-check): gone (the trigger's state no longer holds), condition,
    # nothing (no picture to change), dropped (the rule is gone or disabled), listed
    # (include/exclude changed the lists only), cut; or back to scheduled: held (the
    # hold), rate (R3); watching: manual
    step: str


@dataclass(frozen=True)
class DirectorState:
    seen: Seen = Seen()
    pending: tuple[Pending, ...] = ()
    phase: str = WATCHING
    last_cut_ms: int | None = None
    hold_until_ms: int = 0
    requests_ms: tuple[int, ...] = ()  # the last 20 requests (automatic and manual)
    fired: tuple[tuple[str, int], ...] = ()  # (rule, when it last cut): cooldowns
    excluded: tuple[Exclusion, ...] = ()  # by the exclude action
    included: tuple[str, ...] = ()  # UserIds the include action lifted
    notes: tuple[Note, ...] = ()

    @property
    def next_due_ms(self) -> int | None:
        return min((item.due_ms for item in self.pending), default=None)

    def fired_ms(self, rule: str) -> int | None:
        return dict(self.fired).get(rule)


@dataclass(frozen=True)
class Cut:
    """A Take the director decided: the shot to put on air (or on preview) and why."""

    rule: str
    target: str
    on_air: OnAir
    happening: Happening
    armed_ms: int
    at_ms: int

    @property
    def document(self) -> dict[str, Any]:
        return self.on_air.document


def opening(director: Director, room: Room, state: DirectorState = DirectorState()) -> OnAir:
    """What a show starts with: its own shot, filled for `room`."""
    return OnAir(director.show, _fill(director, director.show, room, state))


def decide(
    director: Director,
    room: Room,
    event: Input,
    on_air: OnAir,
    now_ms: int,
    state: DirectorState,
) -> tuple[Cut | None, DirectorState]:
    """The one decision: a Cut or None, and the director's new state (see the module
    docstring). `room` is the latest room (after `event`, for a room event)."""
    if isinstance(event, ManualTake):
        return None, replace(
            state,
            pending=(),
            phase=WATCHING,
            last_cut_ms=now_ms,
            hold_until_ms=max(state.hold_until_ms, now_ms + director.manual_hold_ms),
            requests_ms=_requested(state, now_ms),
            notes=(Note("", WATCHING, "manual"),),
        )
    seen = _look(room, _director_roles(director, state), state.seen)
    happenings = _happenings(state.seen, seen, event if isinstance(event, RoomEvent) else None)
    state = replace(state, seen=seen, notes=())
    state = _arm(director, state, happenings, room, on_air, now_ms)
    return _evaluate(director, state, room, on_air, now_ms)


def _arm(
    director: Director,
    state: DirectorState,
    happenings: list[Happening],
    room: Room,
    on_air: OnAir,
    now_ms: int,
) -> DirectorState:
    """Watching -> evaluating -> scheduled, for each rule a happening triggers."""
    if not happenings:
        return state
    pending = {item.rule: item for item in state.pending}
    notes = list(state.notes)
    roles = _director_roles(director, state)
    for rule in director.rules:
        if not rule.enabled:
            continue
        happening = next(
            (item for item in happenings if _matches(rule.trigger, item, room, roles, state)),
            None,
        )
        if happening is None:
            continue
        fired = state.fired_ms(rule.name)
        if fired is not None and now_ms < fired + rule.timing.cooldown_ms:
            notes.append(Note(rule.name, EVALUATING, "cooldown"))
            continue
        if not _condition_holds(rule.condition, happening, room, roles, on_air, now_ms, state):
            notes.append(Note(rule.name, EVALUATING, "condition"))
            continue
        due = now_ms + rule.timing.sensitivity_ms
        pending[rule.name] = Pending(rule.name, due, now_ms, happening)
        notes.append(Note(rule.name, SCHEDULED, "armed"))
    return replace(state, pending=tuple(pending.values()), notes=tuple(notes))


def _evaluate(
    director: Director,
    state: DirectorState,
    room: Room,
    on_air: OnAir,
    now_ms: int,
) -> tuple[Cut | None, DirectorState]:
    """Scheduled -> cutting, for evaluations due now: the first rule's to cut wins."""
    order = {rule.name: index for index, rule in enumerate(director.rules)}
    due = sorted(
        (item for item in state.pending if item.due_ms <= now_ms),
        key=lambda item: order.get(item.rule, len(order)),
    )
    notes = list(state.notes)
    roles = _director_roles(director, state)
    for item in due:
        rule = director.rule(item.rule)
        state = replace(state, pending=tuple(p for p in state.pending if p is not item))
        if rule is None or not rule.enabled:
            notes.append(Note(item.rule, CUTTING, "dropped"))
            continue
        if not _still_holds(rule.trigger, item.happening, room, roles, state):
            notes.append(Note(rule.name, CUTTING, "gone"))
            continue
        if not _condition_holds(rule.condition, item.happening, room, roles, on_air, now_ms, state):
            notes.append(Note(rule.name, CUTTING, "condition"))
            continue
        outcome = _perform(director, rule.action, item.happening, room, on_air, state)
        if outcome is None:
            notes.append(Note(rule.name, CUTTING, "nothing"))
            continue
        taken, excluded, included = outcome
        changes_exclusions = (excluded, included) != (state.excluded, state.included)
        if rule.target == PROGRAM and taken.document == on_air.document:
            if changes_exclusions:  # nothing to send: the lists change all the same
                state = _with_exclusions(director, state, room, excluded, included)
                notes.append(Note(rule.name, CUTTING, "listed"))
            else:
                notes.append(Note(rule.name, CUTTING, "nothing"))
            continue
        if rule.target == PROGRAM:
            wait = max(state.hold_until_ms, _rate_free_at(state))
            if now_ms < wait:
                later = replace(item, due_ms=wait)
                state = replace(state, pending=(*state.pending, later))
                step = "held" if wait == state.hold_until_ms else "rate"
                notes.append(Note(rule.name, SCHEDULED, step))
                continue
        notes.append(Note(rule.name, CUTTING, "cut"))
        cut = Cut(rule.name, rule.target, taken, item.happening, item.armed_ms, now_ms)
        state = _committed(director, state, rule, item, room, now_ms, excluded, included)
        return cut, replace(state, phase=CUTTING, notes=tuple(notes))
    phase = SCHEDULED if state.pending else WATCHING
    return None, replace(state, phase=phase, notes=tuple(notes))


def _committed(
    director: Director,
    state: DirectorState,
    rule: Rule,
    item: Pending,
    room: Room,
    now_ms: int,
    excluded: tuple[Exclusion, ...],
    included: tuple[str, ...],
) -> DirectorState:
    fired = tuple((name, when) for name, when in state.fired if name != rule.name)
    state = replace(state, fired=(*fired, (rule.name, now_ms)))
    state = _with_exclusions(director, state, room, excluded, included)
    if rule.target != PROGRAM:
        return state
    # A program cut answers every evaluation armed no later than its own.
    previews = {other.name for other in director.rules if other.target == PREVIEW}
    kept = tuple(p for p in state.pending if p.armed_ms > item.armed_ms or p.rule in previews)
    return replace(
        state,
        pending=kept,
        last_cut_ms=now_ms,
        hold_until_ms=now_ms + rule.timing.hold_ms,
        requests_ms=_requested(state, now_ms),
    )


def _with_exclusions(
    director: Director,
    state: DirectorState,
    room: Room,
    excluded: tuple[Exclusion, ...],
    included: tuple[str, ...],
) -> DirectorState:
    """The lists changed by include or exclude; the room seen again through them (who
    comes into view or leaves it by a list is no happening)."""
    if (excluded, included) == (state.excluded, state.included):
        return state
    state = replace(state, excluded=excluded, included=included)
    return replace(state, seen=_look(room, _director_roles(director, state), state.seen))


def _requested(state: DirectorState, now_ms: int) -> tuple[int, ...]:
    return (*state.requests_ms, now_ms)[-MAX_REQUESTS_PER_SECOND:]


def _rate_free_at(state: DirectorState) -> int:
    """When one more request keeps every second at 20 or fewer (R3)."""
    if len(state.requests_ms) < MAX_REQUESTS_PER_SECOND:
        return 0
    return state.requests_ms[-MAX_REQUESTS_PER_SECOND] + SECOND_MS


# ---------------------------------------------------------------------------
# The room as the director sees it, and what changed.


def _director_roles(director: Director, state: DirectorState) -> Roles:
    """Who the director sees: the show's exclude list with the include and exclude
    actions applied."""
    show = director.show.roles
    return replace(
        show, exclude=(*show.exclude, *state.excluded), included=frozenset(state.included)
    )


def _look(room: Room, roles: Roles, before: Seen) -> Seen:
    people = roles_.eligible(room, roles)
    sharing_now = [person.key for person in people if person.screen]
    sharing = tuple(key for key in before.sharing if key in sharing_now)
    sharing += tuple(key for key in sharing_now if key not in sharing)
    top = roles_.loudest(people, Recent(before.speakers))
    speakers = before.speakers
    if top is not None and (not speakers or speakers[-1] != top.key):
        speakers = (*(key for key in speakers if key != top.key), top.key)[-MAX_SPEAKERS:]
    return Seen(
        present=tuple(person.key for person in people),
        cameras=frozenset(person.key for person in people if person.camera),
        sharing=sharing,
        speakers=speakers,
        loudest=top.key if top is not None else None,
    )


def _happenings(before: Seen, after: Seen, event: RoomEvent | None) -> list[Happening]:
    found = [Happening(ENTER, key, event) for key in after.present if key not in before.present]
    found += [Happening(EXIT, key, event) for key in before.present if key not in after.present]
    everyone = (*after.present, *(key for key in before.present if key not in after.present))
    for key in everyone:
        if key in after.cameras and key not in before.cameras:
            found.append(Happening(CAMERA_ON, key, event))
        elif key in before.cameras and key not in after.cameras:
            found.append(Happening(CAMERA_OFF, key, event))
        if key in after.sharing and key not in before.sharing:
            found.append(Happening(SCREEN_START, key, event))
        elif key in before.sharing and key not in after.sharing:
            found.append(Happening(SCREEN_STOP, key, event))
    if before.count != after.count:
        found.append(Happening(COUNT, None, event, before.count, after.count))
    if after.loudest is not None and after.loudest != before.loudest:
        found.append(Happening(LOUDEST_CHANGES, after.loudest, event))
    return found


def _matches(
    trigger: Trigger, happening: Happening, room: Room, roles: Roles, state: DirectorState
) -> bool:
    if trigger.on == COUNT_ABOVE:
        n = trigger.n or 0
        return happening.kind == COUNT and happening.count_from <= n < happening.count_to
    if trigger.on == COUNT_BELOW:
        n = trigger.n or 0
        return happening.kind == COUNT and happening.count_from >= n > happening.count_to
    if trigger.on == NAMED_ENTERS:
        return happening.kind == ENTER and _user_of(happening) == trigger.user
    if trigger.on == ROLE_ENTERS:
        person = _person(room, happening.person)
        return (
            happening.kind == ENTER
            and person is not None
            and roles_.holds(person, RoleSpec(trigger.role or ""), room, roles, state.seen.recent)
        )
    return happening.kind == trigger.on


def _still_holds(
    trigger: Trigger, happening: Happening, room: Room, roles: Roles, state: DirectorState
) -> bool:
    """The trigger's state, against the room as it is now (the re-check before a cut)."""
    seen, key = state.seen, happening.person
    if trigger.on in (ENTER, NAMED_ENTERS):
        return key in seen.present
    if trigger.on == ROLE_ENTERS:
        return _matches(trigger, happening, room, roles, state) and key in seen.present
    if trigger.on == EXIT:
        return key not in seen.present
    if trigger.on in (CAMERA_ON, CAMERA_OFF):
        return (key in seen.cameras) == (trigger.on == CAMERA_ON)
    if trigger.on in (SCREEN_START, SCREEN_STOP):
        return (key in seen.sharing) == (trigger.on == SCREEN_START)
    if trigger.on == COUNT_ABOVE:
        return seen.count > (trigger.n or 0)
    if trigger.on == COUNT_BELOW:
        return seen.count < (trigger.n or 0)
    return seen.loudest == key  # loudest-changes


def _condition_holds(
    condition: Condition,
    happening: Happening,
    room: Room,
    roles: Roles,
    on_air: OnAir,
    now_ms: int,
    state: DirectorState,
) -> bool:
    count = state.seen.count
    if condition.count_min is not None and count < condition.count_min:
        return False
    if condition.count_max is not None and count > condition.count_max:
        return False
    if condition.on_air is not None and on_air.shot.name != condition.on_air:
        return False
    since = condition.since_last_cut_ms
    if since is not None and state.last_cut_ms is not None and now_ms - state.last_cut_ms < since:
        return False
    who = condition.who
    if who is None:
        return True
    if who.user_id is not None:
        return _user_of(happening) == who.user_id
    person = _person(room, happening.person)
    return (
        who.spec is not None
        and person is not None
        and roles_.holds(person, who.spec, room, roles, state.seen.recent)
    )


# ---------------------------------------------------------------------------
# What an action puts on air.

Outcome = tuple[OnAir, tuple[Exclusion, ...], tuple[str, ...]]


def _perform(
    director: Director,
    action: Action,
    happening: Happening,
    room: Room,
    on_air: OnAir,
    state: DirectorState,
) -> Outcome | None:
    """What `action` puts on air and the include and exclude lists after it; None when
    it has nothing to put (nobody shares, a preset not in the library, ...)."""
    excluded, included = state.excluded, state.included
    if action.do in (INCLUDE, EXCLUDE):
        listed = _listed(action, happening, state)
        if listed is None:
            return None
        excluded, included = listed
        shot: Shot | None = on_air.shot
        state = replace(state, excluded=excluded, included=included)
    elif action.do == PUT_IN_SLOT:
        shot = _put_in_slot(director, action, happening, room, on_air, state)
    else:
        shot = _shot_for(director, action, room, state)
    if shot is None:
        return None
    document = _fill(director, shot, room, state)
    if action.do == TAKE_TABLE_ENTRY and action.seats == FIXED:
        document = roles_.keep_seats(
            document,
            on_air.document,
            _roles_for(director, shot, state),
            room,
            main_room=director.main_room,
        )
    return OnAir(shot, document), excluded, included


def _shot_for(director: Director, action: Action, room: Room, state: DirectorState) -> Shot | None:
    people = roles_.eligible(room, _director_roles(director, state))
    recent = state.seen.recent
    if action.do == TAKE_PRESET:
        return _take(director, action.preset, state)
    if action.do == TAKE_TABLE_ENTRY:
        entry = None
        for item in action.entries:
            if item.count <= state.seen.count:
                entry = item
        return _take(director, entry.take, state) if entry is not None else None
    if action.do == SHARER_BIG:
        sharer = roles_.fill(RoleSpec(roles_.SHARER), people, director.show.roles, recent)
        return sharer_big_shot(director.show, action.small) if sharer is not None else None
    if action.do == LOUDEST_BIG:
        speaking = roles_.loudest(people, recent)
        return loudest_big_shot(director.show, action.strip) if speaking is not None else None
    return slate_shot(director.show, action.text, action.image)


def _take(director: Director, name: int | str | None, state: DirectorState) -> Shot | None:
    if name == SHOW:
        return director.show
    if name == SHARER_BIG:
        return sharer_big_shot(director.show)
    if name == LOUDEST_BIG:
        return loudest_big_shot(director.show)
    if name == GRID:
        return grid_shot(director.show, state.seen.count)
    if name == PIP:
        return pip_shot(director.show, state.seen.count)
    if name == SLATE:
        return slate_shot(director.show)
    return director.library.get(name) if isinstance(name, int) else None


def _put_in_slot(
    director: Director,
    action: Action,
    happening: Happening,
    room: Room,
    on_air: OnAir,
    state: DirectorState,
) -> Shot | None:
    """The shot on air with one slot pinned to someone (its role, if any, let go)."""
    shot = on_air.shot
    slots = get_list(get_obj(shot.document, "LayoutParams"), "MixLayoutList")
    index = action.slot if action.slot is not None else -1
    if not read_document(shot.document).custom or not 0 <= index < len(slots):
        return None
    person = _who(director, action.who, happening, room, state)
    if person is None:
        return None
    document = copy.deepcopy(shot.document)
    listed = document["LayoutParams"]["MixLayoutList"]
    if not isinstance(listed[index], dict):
        return None
    # A stream fills one slot only: a person pinned elsewhere moves.
    home = director.main_room or (person.room_id, person.room_id_type)
    for other, binding in roles_.pins(listed):
        if binding.key(home) == person.key and binding.stream_type == action.stream:
            vacant = roles_.vacant_user(other)
            roles_.pin(listed[other], None, action.stream, director.main_room, vacant=vacant)
    roles_.pin(listed[index], person, action.stream, director.main_room)
    kept = tuple(item for item in shot.roles.slots if item.slot != index)
    return Shot(shot.name, document, replace(shot.roles, slots=kept))


def _listed(
    action: Action, happening: Happening, state: DirectorState
) -> tuple[tuple[Exclusion, ...], tuple[str, ...]] | None:
    """The exclude and include lists after `action` (None: nobody to list)."""
    who = action.who
    user = who.user_id if who is not None else _user_of(happening)
    role = who.spec.role if who is not None and who.spec is not None else None
    if action.do == INCLUDE:
        if user is None:
            return None
        kept = tuple(item for item in state.excluded if item.user_id != user)
        return kept, tuple(sorted({*state.included, user}))
    if role is not None:
        added = Exclusion(role=role)
        return (*(x for x in state.excluded if x != added), added), state.included
    if user is None:
        return None
    added = Exclusion(user_id=user)
    included = tuple(item for item in state.included if item != user)
    return (*(x for x in state.excluded if x != added), added), included


def _who(
    director: Director, who: Who | None, happening: Happening, room: Room, state: DirectorState
) -> Person | None:
    people = roles_.eligible(room, _director_roles(director, state))
    if who is None:
        return _person(room, happening.person)
    if who.user_id is not None:
        return next((person for person in people if person.user_id == who.user_id), None)
    if who.spec is None:
        return None
    return roles_.fill(who.spec, people, _director_roles(director, state), state.seen.recent)


def _fill(director: Director, shot: Shot, room: Room, state: DirectorState) -> dict[str, Any]:
    """The shot's VideoParams for the room (its roles as _roles_for gives them)."""
    return roles_.resolve(
        shot.document,
        _roles_for(director, shot, state),
        room,
        main_room=director.main_room,
        recent=state.seen.recent,
    )


def _roles_for(director: Director, shot: Shot, state: DirectorState) -> Roles:
    """A shot's own roles, the show's exclude list and assignments beneath them, the
    include and exclude actions over them."""
    show = director.show.roles
    return replace(
        shot.roles,
        exclude=(*shot.roles.exclude, *show.exclude, *state.excluded),
        assign={**show.assign, **shot.roles.assign},
        included=frozenset(state.included),
    )


def _person(room: Room, key: UserKey | None) -> Person | None:
    return next((person for person in room.people if person.key == key), None)


def _user_of(happening: Happening) -> str | None:
    return happening.person[0] if happening.person is not None else None


# ---------------------------------------------------------------------------
# The state as JSON, for whoever keeps it between calls (the job that calls back).


def state_to_json(state: DirectorState) -> dict[str, Any]:
    seen = state.seen
    return {
        "seen": {
            "present": [list(key) for key in seen.present],
            "cameras": [list(key) for key in seen.present if key in seen.cameras],
            "sharing": [list(key) for key in seen.sharing],
            "speakers": [list(key) for key in seen.speakers],
            "loudest": list(seen.loudest) if seen.loudest is not None else None,
        },
        "pending": [
            {
                "rule": item.rule,
                "due_ms": item.due_ms,
                "armed_ms": item.armed_ms,
                "happening": _happening_to_json(item.happening),
            }
            for item in state.pending
        ],
        "phase": state.phase,
        "last_cut_ms": state.last_cut_ms,
        "hold_until_ms": state.hold_until_ms,
        "requests_ms": list(state.requests_ms),
        "fired": [[name, when] for name, when in state.fired],
        "excluded": [{"UserId": item.user_id, "role": item.role} for item in state.excluded],
        "included": list(state.included),
        "notes": [[note.rule, note.phase, note.step] for note in state.notes],
    }


def state_from_json(data: Any) -> DirectorState:
    """The state `state_to_json` stored (a fresh state for anything else)."""
    if not isinstance(data, dict):
        return DirectorState()
    seen = data["seen"]
    loudest = seen.get("loudest")
    return DirectorState(
        seen=Seen(
            present=tuple(_key(key) for key in seen["present"]),
            cameras=frozenset(_key(key) for key in seen["cameras"]),
            sharing=tuple(_key(key) for key in seen["sharing"]),
            speakers=tuple(_key(key) for key in seen["speakers"]),
            loudest=_key(loudest) if loudest is not None else None,
        ),
        pending=tuple(
            Pending(
                item["rule"],
                int(item["due_ms"]),
                int(item["armed_ms"]),
                _happening_from_json(item["happening"]),
            )
            for item in data["pending"]
        ),
        phase=str(data["phase"]),
        last_cut_ms=data.get("last_cut_ms"),
        hold_until_ms=int(data["hold_until_ms"]),
        requests_ms=tuple(int(when) for when in data["requests_ms"]),
        fired=tuple((str(name), int(when)) for name, when in data["fired"]),
        excluded=tuple(
            Exclusion(item.get("UserId"), item.get("role")) for item in data["excluded"]
        ),
        included=tuple(str(user) for user in data["included"]),
        notes=tuple(Note(*map(str, note)) for note in data["notes"]),
    )


def _happening_to_json(happening: Happening) -> dict[str, Any]:
    return {
        "kind": happening.kind,
        "person": list(happening.person) if happening.person is not None else None,
        "event": happening.event.to_dict() if happening.event is not None else None,
        "count_from": happening.count_from,
        "count_to": happening.count_to,
    }


def _happening_from_json(data: dict[str, Any]) -> Happening:
    event = data.get("event")
    person = data.get("person")
    return Happening(
        kind=str(data["kind"]),
        person=_key(person) if person is not None else None,
        event=RoomEvent(
            event["type"],
            event["UserId"],
            event["RoomId"],
            event["RoomIdType"],
            event["at_ms"],
            on=event.get("on"),
            level=event.get("level"),
        )
        if event is not None
        else None,
        count_from=int(data["count_from"]),
        count_to=int(data["count_to"]),
    )


def _key(value: Any) -> UserKey:
    user_id, room_id, room_id_type = value
    return (str(user_id), room_id, room_id_type)
