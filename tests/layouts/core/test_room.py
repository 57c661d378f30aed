"""The room state: who is in, in join order, whatever order the events come in."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from layouts.core import room
from layouts.core.contract.room_events import (
    AUDIO,
    CAMERA,
    ENTER,
    EXIT,
    SCREEN,
    SPEAKING,
    RoomEvent,
)


def ev(kind, user, at, on=None, level=None, room_id="8001"):
    return RoomEvent(kind, user, room_id, 0, at, on=on, level=level)


def people(state):
    return [(p.user_id, p.camera, p.audio, p.screen) for p in state.people]


def test_people_are_kept_in_join_order():
    state, changed = room.apply_all(room.Room(), [ev(ENTER, "b", 2), ev(ENTER, "a", 1)])

    assert [p.user_id for p in state.people] == ["a", "b"]
    assert [p.since_ms for p in state.people] == [1, 2]
    assert len(changed) == 2


def test_a_replayed_event_changes_nothing():
    state, _ = room.apply(room.Room(), ev(CAMERA, "a", 5, on=True))

    again, changed = room.apply(state, ev(CAMERA, "a", 5, on=True))

    assert not changed and again == state


def test_an_older_event_for_the_same_user_and_kind_changes_nothing():
    state, _ = room.apply_all(room.Room(), [ev(ENTER, "a", 1), ev(CAMERA, "a", 10, on=False)])

    late, changed = room.apply(state, ev(CAMERA, "a", 7, on=True))

    assert not changed and people(late) == [("a", False, False, False)]


def test_leaving_turns_camera_audio_and_screen_off_and_late_media_events_stay_ignored():
    state, _ = room.apply_all(
        room.Room(),
        [
            ev(ENTER, "a", 1),
            ev(CAMERA, "a", 2, on=True),
            ev(SCREEN, "a", 3, on=True),
            ev(EXIT, "a", 9),
        ],
    )
    assert people(state) == []

    late, changed = room.apply(state, ev(SCREEN, "a", 8, on=True))

    assert not changed and people(late) == []


def test_a_camera_turned_on_by_someone_unknown_means_they_are_in():
    state, changed = room.apply(room.Room(), ev(CAMERA, "a", 4, on=True))

    assert changed and people(state) == [("a", True, False, False)]
    entry, changed_again = room.apply(state, ev(ENTER, "a", 3))
    assert not changed_again and people(entry) == [("a", True, False, False)]


def test_speaking_sets_the_level_of_someone_in_the_room_only():
    state, _ = room.apply_all(room.Room(), [ev(ENTER, "a", 1), ev(SPEAKING, "a", 2, level=70)])
    state, changed = room.apply(state, ev(SPEAKING, "ghost", 3, level=90))

    assert [p.level for p in state.people] == [70] and not changed


def test_the_same_user_in_two_rooms_is_two_people():
    state, _ = room.apply_all(room.Room(), [ev(ENTER, "a", 1), ev(ENTER, "a", 2, room_id="9002")])

    assert [(p.user_id, p.room_id) for p in state.people] == [("a", "8001"), ("a", "9002")]


def test_events_to_a_wanted_room_make_exactly_that_room():
    state, _ = room.apply_all(
        room.Room(), [ev(ENTER, "a", 1), ev(ENTER, "b", 2), ev(CAMERA, "b", 2, on=True)]
    )
    wanted = [
        room.Person("b", "8001", 0, 0, camera=False, audio=True),
        room.Person("c", "8001", 0, 0, screen=True),
    ]

    after, _ = room.apply_all(state, room.events_to(state, wanted, 10))

    assert people(after) == [("b", False, True, False), ("c", False, False, True)]


def test_the_state_survives_json():
    state, _ = room.apply_all(
        room.Room(), [ev(ENTER, "a", 1), ev(AUDIO, "a", 2, on=True), ev(SPEAKING, "a", 3, level=40)]
    )

    assert room.from_json(room.to_json(state)) == state
    assert room.from_json("junk") == room.Room()


kinds = st.sampled_from([ENTER, EXIT, CAMERA, AUDIO, SCREEN])


@given(
    st.lists(
        st.tuples(kinds, st.sampled_from("ab"), st.integers(0, 50), st.booleans()), max_size=30
    )
)
def test_events_arriving_in_any_order_leave_the_same_people_publishing_the_same(raw):
    events = [
        ev(kind, user, at * 100 + i, on=on if kind in (CAMERA, AUDIO, SCREEN) else None)
        for i, (kind, user, at, on) in enumerate(raw)
    ]
    in_order, _ = room.apply_all(room.Room(), events)
    shuffled = room.Room()
    for event in reversed(events):
        shuffled, _ = room.apply(shuffled, event)

    # Who is in and what they publish agree (join order may not: a late entry is late).
    assert sorted(people(shuffled)) == sorted(people(in_order))
