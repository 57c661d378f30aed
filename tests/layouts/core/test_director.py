"""The auto-director's decision: every trigger, condition and action; the timings; and the
guarantees (the hold, 20 requests a second, a manual Take wins) over random rooms."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layouts.core import room as rooms
from layouts.core.contract import video
from layouts.core.contract.room_events import RoomEvent
from layouts.core.director import (
    CUTTING,
    EVALUATING,
    MAX_REQUESTS_PER_SECOND,
    SCHEDULED,
    WATCHING,
    Director,
    DirectorState,
    ManualTake,
    Note,
    Tick,
    decide,
    opening,
    state_from_json,
    state_to_json,
)
from layouts.core.director_rules import check_rules, read_rules
from layouts.core.director_shots import OnAir, Shot
from layouts.core.roles import Exclusion, Roles, RoleSpec, SlotRole
from tests.factories import document

MAIN = ("8001", 0)
SLATE = {"do": "slate", "text": "Soon"}


def make_director(*rules, show=None, roles=None, library=None):
    listed = [
        {"name": f"rule-{index}", **item} if "name" not in item else item
        for index, item in enumerate(rules)
    ]
    assert check_rules(listed) == []
    return Director(
        read_rules(listed),
        Shot("show", show or document(slots=3), roles or Roles()),
        library or {},
        MAIN,
    )


class Studio:
    """A show on a simulated clock: room events go in, due evaluations are called back."""

    def __init__(self, director):
        self.director = director
        self.room = rooms.Room()
        self.state = DirectorState()
        self.on_air = opening(director, self.room)
        self.cuts = []  # every Cut, in order
        self.manual = []  # when the producer took, ms
        self.log = []  # ("cut", Cut) and ("take", ms), in the order they happened
        self.now = 0

    def _decide(self, event, now):
        cut, self.state = decide(self.director, self.room, event, self.on_air, now, self.state)
        if cut is not None:
            assert cut.at_ms == now
            self.cuts.append(cut)
            self.log.append(("cut", cut))
            if cut.target == "program":
                self.on_air = cut.on_air
        return cut

    def until(self, seconds, *, inclusive=True):
        limit = round(seconds * 1000)
        while (due := self.state.next_due_ms) is not None and (
            due < limit or (inclusive and due <= limit)
        ):
            assert due >= self.now, "an evaluation came due in the past"
            self.now = due
            self._decide(Tick(), due)
        self.now = max(self.now, limit)

    def at(self, seconds, kind, user, *, on=None, level=None, room=MAIN):
        self.until(seconds, inclusive=False)
        now = round(seconds * 1000)
        event = RoomEvent(kind, user, room[0], room[1], now, on=on, level=level)
        self.room, _ = rooms.apply(self.room, event)
        self._decide(event, now)
        self.until(seconds)
        return self

    def enter(self, seconds, user, *, camera=True, **kw):
        self.at(seconds, "enter", user, **kw)
        if camera:
            self.at(seconds, "camera", user, on=True, **kw)
        return self

    def take(self, seconds, shot_document):
        self.until(seconds, inclusive=False)
        now = round(seconds * 1000)
        self.on_air = OnAir(Shot("manual", shot_document), shot_document)
        self.manual.append(now)
        self.log.append(("take", now))
        self._decide(ManualTake(), now)
        return self

    def cut_times(self):
        return [cut.at_ms / 1000 for cut in self.cuts]

    def cut_rules(self):
        return [(cut.at_ms / 1000, cut.rule) for cut in self.cuts]


def slots(cut):
    return [
        (
            slot["UserMediaStream"]["UserInfo"]["UserId"],
            slot["UserMediaStream"].get("StreamType", 0),
        )
        if "UserMediaStream" in slot
        else None
        for slot in cut.document["LayoutParams"]["MixLayoutList"]
    ]


# ---- every trigger ------------------------------------------------------------------


def scene_enter_b(studio):
    studio.enter(0, "a").enter(5, "b")


def scene_exit_b(studio):
    studio.enter(0, "a").enter(0, "b").at(5, "exit", "b")


def scene_camera(studio):
    studio.enter(0, "a", camera=False).at(5, "camera", "a", on=True)


def scene_camera_off(studio):
    studio.enter(0, "a").at(5, "camera", "a", on=False)


def scene_share(studio):
    studio.enter(0, "a").at(5, "screen", "a", on=True)


def scene_share_stops(studio):
    studio.enter(0, "a").at(0, "screen", "a", on=True).at(5, "screen", "a", on=False)


def scene_speaks(studio):
    studio.enter(0, "a").enter(0, "b").at(5, "speaking", "b", level=60)


@pytest.mark.parametrize(
    ("trigger", "scene", "cut_at"),
    [
        ({"on": "enter"}, scene_exit_b, [0.0]),  # the first entry already cuts to the slate
        ({"on": "enter"}, scene_camera, [0.0]),
        ({"on": "exit"}, scene_exit_b, [5.0]),
        ({"on": "camera-on"}, scene_camera, [5.0]),
        ({"on": "camera-off"}, scene_camera_off, [5.0]),
        ({"on": "screen-start"}, scene_share, [5.0]),
        ({"on": "screen-stop"}, scene_share_stops, [5.0]),
        ({"on": "count-above", "n": 1}, scene_enter_b, [5.0]),
        ({"on": "count-above", "n": 0}, scene_enter_b, [0.0]),
        ({"on": "count-below", "n": 2}, scene_exit_b, [5.0]),
        ({"on": "named-enters", "user": "b"}, scene_enter_b, [5.0]),
        ({"on": "named-enters", "user": "z"}, scene_enter_b, []),
        ({"on": "role-enters", "role": "host"}, scene_enter_b, [0.0]),  # the first in
        ({"on": "loudest-changes"}, scene_speaks, [5.0]),
        ({"on": "loudest-changes"}, scene_share, []),
    ],
)
def test_each_trigger_cuts_when_its_happening_happens(trigger, scene, cut_at):
    studio = Studio(make_director({"trigger": trigger, "action": SLATE}))

    scene(studio)

    assert studio.cut_times() == cut_at


def test_role_enters_a_role_of_ones_own():
    director = make_director(
        {"trigger": {"on": "role-enters", "role": "guest"}, "action": SLATE},
        roles=Roles(assign={"b": "guest"}),
    )
    studio = Studio(director)

    scene_enter_b(studio)

    assert studio.cut_times() == [5.0]


def test_a_replayed_event_triggers_nothing():
    studio = Studio(make_director({"trigger": {"on": "enter"}, "action": SLATE}))
    studio.enter(0, "a")
    studio.on_air = opening(studio.director, studio.room)  # back to the show by hand

    studio.at(0, "enter", "a")  # the same callback again

    assert studio.cut_times() == [0.0]


def test_excluded_people_are_out_of_the_directors_sight():
    director = make_director(
        {"trigger": {"on": "enter"}, "action": SLATE}, roles=Roles(exclude=(Exclusion("robot"),))
    )
    studio = Studio(director)

    studio.enter(0, "robot").at(1, "speaking", "robot", level=90)

    assert studio.cuts == []
    assert studio.state.seen.count == 0


# ---- every condition ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "cut_at"),
    [
        ({"who": {"UserId": "b"}}, [5.0]),
        ({"who": {"role": "nth", "n": 2}}, [5.0]),
        ({"who": {"role": "host"}}, [0.0]),  # a, the first in
        ({"who": {"role": "guest"}}, [5.0]),
        ({"count_min": 2}, [5.0]),
        ({"count_max": 1}, [0.0]),
        ({"count_min": 3}, []),
        ({"on_air_preset": "show"}, [0.0]),
        ({"on_air_preset": "slate"}, []),  # the show is on air: never the slate
        ({"since_last_cut_min": 0}, [0.0]),
    ],
)
def test_each_condition_lets_through_only_what_it_says(condition, cut_at):
    director = make_director(
        {"trigger": {"on": "enter"}, "condition": condition, "action": SLATE},
        roles=Roles(assign={"b": "guest"}),
    )
    studio = Studio(director)

    scene_enter_b(studio)

    assert studio.cut_times() == cut_at


def test_since_last_cut_min_waits_for_the_last_cut_to_age():
    director = make_director(
        {
            "name": "grid",
            "trigger": {"on": "enter"},
            "action": {"do": "take-table-entry", "entries": [{"count": 1, "shot": "grid"}]},
        },
        {
            "name": "slate",
            "trigger": {"on": "exit"},
            "condition": {"since_last_cut_min": 10},
            "action": SLATE,
        },
    )
    studio = Studio(director)

    studio.enter(0, "a").enter(0, "b").enter(4, "c").at(6, "exit", "c").at(20, "exit", "b")

    # The exit at 6 comes 2 s after the last cut: too soon; the one at 20, 16 s after.
    assert studio.cut_rules() == [(0.0, "grid"), (0.0, "grid"), (4.0, "grid"), (20.0, "slate")]


# ---- every action -------------------------------------------------------------------


def test_take_preset_takes_a_preset_of_the_library_filled_for_the_room():
    preset = Shot(7, document(slots=1), Roles(slots=(SlotRole(0, RoleSpec("loudest")),)))
    director = make_director(
        {"trigger": {"on": "loudest-changes"}, "action": {"do": "take-preset", "preset": 7}},
        library={7: preset},
    )
    studio = Studio(director)

    scene_speaks(studio)

    (cut,) = studio.cuts
    assert cut.on_air.shot.name == 7
    assert slots(cut) == [("b", 0)]


def test_take_preset_of_a_preset_not_in_the_library_cuts_nothing():
    director = make_director(
        {"trigger": {"on": "enter"}, "action": {"do": "take-preset", "preset": 99}}
    )
    studio = Studio(director)

    studio.at(0, "enter", "a")

    assert studio.cuts == []
    assert studio.state.notes == (
        Note("rule-0", SCHEDULED, "armed"),
        Note("rule-0", CUTTING, "nothing"),
    )


def test_take_preset_show_brings_the_show_back():
    director = make_director(
        {"name": "share", "trigger": {"on": "screen-start"}, "action": {"do": "sharer-big"}},
        {
            "name": "back",
            "trigger": {"on": "screen-stop"},
            "action": {"do": "take-preset", "preset": "show"},
        },
    )
    studio = Studio(director)

    scene_share_stops(studio)

    assert studio.cut_rules() == [(0.0, "share"), (5.0, "back")]
    assert studio.cuts[1].on_air.shot.name == "show"
    assert studio.cuts[1].document == document(slots=3)


@pytest.mark.parametrize(
    ("people", "shot", "cells"),
    [(1, "grid", 1), (3, "grid", 3), (5, "loudest-big", 5), (6, "loudest-big", 5)],
)
def test_take_table_entry_takes_the_entry_for_the_count(people, shot, cells):
    director = make_director(
        {
            "trigger": {"on": "enter"},
            "action": {
                "do": "take-table-entry",
                "entries": [{"count": 1, "shot": "grid"}, {"count": 5, "shot": "loudest-big"}],
            },
        }
    )
    studio = Studio(director)
    studio.enter(0, "speaker").at(0, "speaking", "speaker", level=50)
    for index in range(1, people):
        studio.enter(index, f"p{index}")

    last = studio.cuts[-1]
    assert last.on_air.shot.name == shot
    assert len(last.document["LayoutParams"]["MixLayoutList"]) == cells


def test_take_table_entry_below_the_first_count_cuts_nothing():
    director = make_director(
        {
            "trigger": {"on": "exit"},
            "action": {"do": "take-table-entry", "entries": [{"count": 1, "shot": "grid"}]},
        }
    )
    studio = Studio(director)

    studio.enter(0, "a").at(1, "exit", "a")

    assert studio.cuts == []


def test_sharer_big_puts_the_sharers_screen_big_and_fitted_and_the_speaker_small():
    studio = Studio(
        make_director({"trigger": {"on": "screen-start"}, "action": {"do": "sharer-big"}})
    )

    studio.enter(0, "teacher").enter(0, "student").at(1, "speaking", "student", level=40)
    studio.at(5, "screen", "teacher", on=True)

    (cut,) = studio.cuts
    assert slots(cut) == [("teacher", 1), ("student", 0)]
    assert cut.document["LayoutParams"]["MixLayoutList"][0]["RenderMode"] == video.RENDER_FIT


def test_sharer_big_with_nobody_sharing_cuts_nothing():
    studio = Studio(make_director({"trigger": {"on": "enter"}, "action": {"do": "sharer-big"}}))

    studio.enter(0, "a")

    assert studio.cuts == []


def test_loudest_big_puts_the_loudest_over_the_canvas_and_leaves_the_strip_to_auto_fill():
    studio = Studio(
        make_director(
            {"trigger": {"on": "loudest-changes"}, "action": {"do": "loudest-big", "strip": 3}}
        )
    )

    scene_speaks(studio)

    (cut,) = studio.cuts
    assert slots(cut) == [("b", 0), None, None, None]


def test_put_in_slot_pins_the_triggers_person_and_moves_them_from_elsewhere():
    show = document(slots=3)
    show["LayoutParams"]["MixLayoutList"][0]["UserMediaStream"] = {"UserInfo": {"UserId": "b"}}
    director = make_director(
        {
            "trigger": {"on": "named-enters", "user": "b"},
            "action": {"do": "put-in-slot", "slot": 2},
        },
        show=show,
    )
    studio = Studio(director)

    scene_enter_b(studio)

    (cut,) = studio.cuts
    assert slots(cut) == [("mixstudio-vacant-0", 0), None, ("b", 0)]
    assert cut.on_air.shot.name == "show"


def test_put_in_slot_a_role_and_a_screen():
    director = make_director(
        {
            "trigger": {"on": "screen-start"},
            "action": {
                "do": "put-in-slot",
                "slot": 1,
                "who": {"role": "sharer"},
                "stream": "screen",
            },
        }
    )
    studio = Studio(director)

    scene_share(studio)

    assert slots(studio.cuts[0]) == [None, ("a", 1), None]


def test_put_in_slot_past_the_slots_on_air_cuts_nothing():
    director = make_director(
        {"trigger": {"on": "enter"}, "action": {"do": "put-in-slot", "slot": 9}}
    )
    studio = Studio(director)

    studio.enter(0, "a")

    assert studio.cuts == []


FILL = {
    "name": "fill",
    "trigger": {"on": "enter"},
    "action": {"do": "take-preset", "preset": "show"},
}
FIRST_IN = Roles(slots=(SlotRole(0, RoleSpec("nth", n=1)),), assign={"crew": "crew"})


def test_exclude_and_include_change_who_fills_the_shot_on_air():
    director = make_director(
        {
            "name": "out",
            "trigger": {"on": "named-enters", "user": "producer"},
            "action": {"do": "exclude", "who": {"UserId": "crew"}},
        },
        {
            "name": "in",
            "trigger": {"on": "named-enters", "user": "boss"},
            "action": {"do": "include", "who": {"UserId": "crew"}},
        },
        FILL,
        show=document(slots=1),
        roles=FIRST_IN,
    )
    studio = Studio(director)

    studio.enter(0, "crew").enter(2, "producer").enter(5, "boss")

    assert studio.cut_rules() == [(0.0, "fill"), (2.0, "out"), (5.0, "in")]
    assert [slots(cut) for cut in studio.cuts] == [[("crew", 0)], [("producer", 0)], [("crew", 0)]]
    assert studio.state.excluded == () and studio.state.included == ("crew",)


def test_exclude_by_role():
    director = make_director(
        {
            "name": "out",
            "trigger": {"on": "named-enters", "user": "boss"},
            "action": {"do": "exclude", "who": {"role": "crew"}},
        },
        FILL,
        show=document(slots=1),
        roles=FIRST_IN,
    )
    studio = Studio(director)

    studio.enter(0, "crew").enter(2, "boss")

    assert [slots(cut) for cut in studio.cuts] == [[("crew", 0)], [("boss", 0)]]
    assert studio.state.excluded == (Exclusion(role="crew"),)
    assert studio.state.seen.count == 1  # the crew is out of sight


def test_an_exclusion_that_changes_no_picture_sends_nothing_but_is_kept():
    studio = Studio(make_director({"trigger": {"on": "enter"}, "action": {"do": "exclude"}}))

    studio.at(0, "enter", "a")

    assert studio.cuts == []
    assert studio.state.excluded == (Exclusion("a"),)
    assert Note("rule-0", CUTTING, "listed") in studio.state.notes


def test_slate_shows_its_text_over_its_image():
    director = make_director(
        {
            "trigger": {"on": "count-below", "n": 1},
            "action": {"do": "slate", "text": "Back soon", "image": "https://i.example.com/s.png"},
        }
    )
    studio = Studio(director)

    studio.enter(0, "a").at(3, "exit", "a")

    (cut,) = studio.cuts
    assert cut.on_air.shot.name == "slate"
    assert cut.document["BackgroundImageUrl"] == "https://i.example.com/s.png"
    assert cut.document["WaterMarkList"][0]["WaterMarkText"]["Text"] == "Back soon"


# ---- timing -------------------------------------------------------------------------


def test_sensitivity_cuts_once_the_trigger_has_held_that_long():
    director = make_director(
        {"trigger": {"on": "screen-start"}, "action": SLATE, "timing": {"sensitivity": 1.5}}
    )
    studio = Studio(director)

    scene_share(studio)

    assert studio.cut_times() == []
    assert studio.state.phase == SCHEDULED and studio.state.next_due_ms == 6500
    studio.until(10)
    assert studio.cut_times() == [6.5]
    assert studio.cuts[0].armed_ms == 5000


def test_a_trigger_gone_before_the_sensitivity_ends_cuts_nothing():
    director = make_director(
        {"trigger": {"on": "screen-start"}, "action": SLATE, "timing": {"sensitivity": 2}}
    )
    studio = Studio(director)

    scene_share(studio)
    studio.at(6, "screen", "a", on=False)
    studio.until(10)

    assert studio.cuts == []
    assert studio.state.phase == WATCHING
    assert studio.state.notes == (Note("rule-0", CUTTING, "gone"),)


def test_the_same_trigger_again_re_arms_the_evaluation():
    director = make_director(
        {
            "trigger": {"on": "loudest-changes"},
            "action": {"do": "loudest-big"},
            "timing": {"sensitivity": 2},
        },
    )
    studio = Studio(director)
    studio.enter(0, "a").enter(0, "b")

    studio.at(1, "speaking", "a", level=50).at(2, "speaking", "b", level=60)
    studio.until(10)

    assert studio.cut_times() == [4.0]
    assert slots(studio.cuts[0])[0] == ("b", 0)


def test_hold_puts_a_cut_off_to_the_end_of_the_hold_and_re_checks_it_then():
    director = make_director(
        {
            "name": "share",
            "trigger": {"on": "screen-start"},
            "action": {"do": "sharer-big"},
            "timing": {"hold": 5},
        },
        {
            "name": "back",
            "trigger": {"on": "screen-stop"},
            "action": {"do": "take-preset", "preset": "show"},
            "timing": {"hold": 5},
        },
    )
    studio = Studio(director)

    scene_share_stops(studio)  # shares at 0, stops at 5
    studio.at(6, "screen", "a", on=True).at(7, "screen", "a", on=False)
    studio.until(20)

    # The share at 6 is put off to 10 (the back cut's hold), then gone: it stopped at 7,
    # and the stop at 7 needs nothing: the show is on air.
    assert studio.cut_rules() == [(0.0, "share"), (5.0, "back")]


def test_a_cut_put_off_by_the_hold_comes_at_its_end():
    director = make_director(
        {
            "name": "share",
            "trigger": {"on": "screen-start"},
            "action": {"do": "sharer-big"},
            "timing": {"hold": 4},
        },
        {
            "name": "back",
            "trigger": {"on": "screen-stop"},
            "action": {"do": "take-preset", "preset": "show"},
            "timing": {"hold": 4},
        },
    )
    studio = Studio(director)

    studio.enter(0, "a").at(1, "screen", "a", on=True).at(2, "screen", "a", on=False)
    studio.until(20)

    assert studio.cut_rules() == [(1.0, "share"), (5.0, "back")]
    assert studio.state.pending == ()


def test_cooldown_ignores_the_rules_trigger_for_a_while_after_it_cut():
    director = make_director(
        {
            "name": "grid",
            "trigger": {"on": "enter"},
            "action": {"do": "take-table-entry", "entries": [{"count": 1, "shot": "grid"}]},
            "timing": {"cooldown": 10},
        },
    )
    studio = Studio(director)

    studio.enter(0, "a").enter(5, "b").enter(12, "c")

    assert studio.cut_times() == [0.0, 12.0]
    assert len(studio.cuts[-1].document["LayoutParams"]["MixLayoutList"]) == 3


def test_of_evaluations_due_at_once_the_first_rule_cuts_and_answers_the_others():
    director = make_director(
        {"name": "first", "trigger": {"on": "enter"}, "action": SLATE},
        {"name": "second", "trigger": {"on": "enter"}, "action": {"do": "loudest-big"}},
    )
    studio = Studio(director)

    studio.enter(0, "a").at(0, "speaking", "a", level=9)

    assert studio.cut_rules() == [(0.0, "first")]
    assert studio.state.pending == ()


def test_a_preview_rule_stages_without_sending():
    director = make_director(
        {"trigger": {"on": "enter"}, "action": SLATE, "target": "preview", "timing": {"hold": 9}}
    )
    studio = Studio(director)
    start = studio.on_air

    studio.enter(0, "a").enter(1, "b")

    assert [cut.target for cut in studio.cuts] == ["preview", "preview"]
    assert studio.on_air == start
    assert studio.state.requests_ms == () and studio.state.hold_until_ms == 0


def test_a_disabled_rule_does_nothing():
    studio = Studio(make_director({"trigger": {"on": "enter"}, "action": SLATE, "enabled": False}))

    studio.enter(0, "a")

    assert studio.cuts == []


def test_the_state_machine_steps_are_noted():
    director = make_director(
        {
            "name": "share",
            "trigger": {"on": "screen-start"},
            "action": SLATE,
            "timing": {"sensitivity": 1},
        },
        {
            "name": "never",
            "trigger": {"on": "screen-start"},
            "condition": {"count_min": 5},
            "action": SLATE,
        },
    )
    studio = Studio(director)
    studio.enter(0, "a")

    studio.at(2, "screen", "a", on=True)
    assert studio.state.notes == (
        Note("share", SCHEDULED, "armed"),
        Note("never", EVALUATING, "condition"),
    )
    studio.until(3)
    assert studio.state.notes == (Note("share", CUTTING, "cut"),)
    assert studio.state.phase == CUTTING


# ---- a manual Take always wins ------------------------------------------------------


def test_a_manual_take_drops_what_was_scheduled_and_holds_automation_off():
    director = make_director(
        {
            "trigger": {"on": "screen-start"},
            "action": {"do": "sharer-big"},
            "timing": {"sensitivity": 2, "hold": 6},
        },
    )
    studio = Studio(director)
    scene_share(studio)  # due at 7

    studio.take(6, document(slots=1))
    assert studio.state.pending == () and studio.state.hold_until_ms == 12000
    studio.at(8, "screen", "a", on=False).at(9, "screen", "a", on=True)
    studio.until(30)

    assert studio.cut_times() == [12.0]  # re-armed at 9, due at 11, held to 12


# ---- the 20 requests a second of R3 -------------------------------------------------


def test_never_more_than_twenty_requests_a_second():
    rule = {"trigger": {"on": "loudest-changes"}, "action": {"do": "loudest-big"}}
    studio = Studio(make_director(rule))
    people = [f"p{index}" for index in range(30)]
    for user in people:
        studio.enter(0, user)
    for index, user in enumerate(people):
        studio.at(1 + index / 100, "speaking", user, level=index + 1)  # a new loudest each 10 ms
    studio.until(10)

    times = [cut.at_ms for cut in studio.cuts]
    assert max(sum(1 for t in times if start <= t < start + 1000) for start in times) == 20
    assert slots(studio.cuts[-1])[0] == ("p29", 0)


# ---- the state kept between calls ---------------------------------------------------


def test_the_state_survives_json():
    director = make_director(
        {
            "trigger": {"on": "screen-start"},
            "action": {"do": "exclude"},
            "timing": {"sensitivity": 3, "hold": 2},
        },
        {"name": "inc", "trigger": {"on": "enter"}, "action": {"do": "include"}},
    )
    studio = Studio(director)
    studio.enter(0, "a").at(0, "speaking", "a", level=4).at(1, "screen", "a", on=True)
    studio.take(1.5, document(slots=2))
    studio.at(2, "screen", "a", on=False).at(2.5, "screen", "a", on=True)

    assert state_from_json(state_to_json(studio.state)) == studio.state
    assert state_from_json(None) == DirectorState()


# ---- properties ---------------------------------------------------------------------

USERS = ("a", "b", "c", "d")
POOL = [
    {"trigger": {"on": "screen-start"}, "action": {"do": "sharer-big"}},
    {"trigger": {"on": "screen-stop"}, "action": {"do": "take-preset", "preset": "show"}},
    {"trigger": {"on": "loudest-changes"}, "action": {"do": "loudest-big"}},
    {
        "trigger": {"on": "enter"},
        "action": {"do": "take-table-entry", "entries": [{"count": 1, "shot": "grid"}]},
    },
    {
        "trigger": {"on": "exit"},
        "action": {"do": "take-table-entry", "entries": [{"count": 1, "shot": "grid"}]},
    },
    {"trigger": {"on": "count-below", "n": 1}, "action": SLATE},
    {"trigger": {"on": "camera-off"}, "action": {"do": "put-in-slot", "slot": 0}},
    {"trigger": {"on": "camera-on"}, "action": {"do": "loudest-big", "strip": 2}},
]
SECONDS = st.sampled_from([0, 0, 0.05, 0.5, 1, 2, 3])


@st.composite
def rule_sets(draw):
    chosen = draw(st.lists(st.sampled_from(range(len(POOL))), min_size=1, max_size=6))
    return [
        {
            **POOL[index],
            "timing": {"sensitivity": draw(SECONDS), "hold": draw(SECONDS)},
            "target": draw(st.sampled_from(["program", "program", "program", "preview"])),
        }
        for index in chosen
    ]


@st.composite
def happenings(draw):
    """(seconds later, what): a room event or a manual Take."""
    gap = draw(st.sampled_from([0, 0, 0.001, 0.01, 0.05, 0.3, 1, 2.5]))
    kinds = ["enter"] * 3 + ["exit", "camera", "camera"] + ["screen"] * 2 + ["speaking"] * 3
    what = draw(st.sampled_from([*kinds, "take"]))
    return gap, what, draw(st.sampled_from(USERS)), draw(st.booleans()), draw(st.integers(0, 99))


def play(rules, stream):
    studio = Studio(make_director(*rules))
    seconds = 0.0
    for gap, what, user, on, level in stream:
        seconds = round(seconds + gap, 3)
        if what == "take":
            studio.take(seconds, document(slots=1 + level % 3))
        else:
            studio.at(
                seconds,
                what,
                user,
                on=on if what in ("camera", "screen") else None,
                level=level if what == "speaking" else None,
            )
    studio.until(seconds + 30)
    return studio


@settings(max_examples=200, deadline=None)
@given(rules=rule_sets(), stream=st.lists(happenings(), min_size=10, max_size=80))
def test_never_two_automatic_cuts_within_the_hold(rules, stream):
    studio = play(rules, stream)
    director = studio.director

    program = [cut for cut in studio.cuts if cut.target == "program"]
    for before, after in zip(program, program[1:], strict=False):
        hold = director.rule(before.rule).timing.hold_ms
        assert after.at_ms - before.at_ms >= hold
    for cut in program:
        assert cut.at_ms - cut.armed_ms >= director.rule(cut.rule).timing.sensitivity_ms


@settings(max_examples=200, deadline=None)
@given(rules=rule_sets(), stream=st.lists(happenings(), min_size=10, max_size=80))
def test_never_more_than_twenty_requests_in_any_second(rules, stream):
    studio = play(rules, stream)

    requests = sorted([cut.at_ms for cut in studio.cuts if cut.target == "program"] + studio.manual)
    for cut in studio.cuts:
        if cut.target == "program":
            window = [t for t in requests if cut.at_ms - 1000 < t <= cut.at_ms]
            assert len(window) <= MAX_REQUESTS_PER_SECOND


@settings(max_examples=200, deadline=None)
@given(rules=rule_sets(), stream=st.lists(happenings(), min_size=10, max_size=80))
def test_a_manual_take_always_wins(rules, stream):
    studio = play(rules, stream)
    hold = studio.director.manual_hold_ms

    for index, (kind, taken) in enumerate(studio.log):
        if kind != "take":
            continue
        for later, cut in studio.log[index + 1 :]:
            if later == "cut" and cut.target == "program":
                # Nothing scheduled before the Take survives it, and automation waits.
                assert cut.armed_ms >= taken
                assert cut.at_ms >= taken + hold


@settings(max_examples=100, deadline=None)
@given(
    bursts=st.lists(
        st.tuples(
            st.sampled_from([0, 0.001, 0.005, 0.02, 0.1]),
            st.sampled_from([f"p{index}" for index in range(8)]),
            st.integers(1, 99),
            st.booleans(),
        ),
        min_size=20,
        max_size=150,
    )
)
def test_a_burst_of_changes_never_makes_more_than_twenty_requests_a_second(bursts):
    rules = [
        {"trigger": {"on": "loudest-changes"}, "action": {"do": "loudest-big"}},
        {"trigger": {"on": "camera-off"}, "action": {"do": "loudest-big", "strip": 1}},
    ]
    studio = Studio(make_director(*rules))
    for index in range(8):
        studio.enter(0, f"p{index}")
    seconds = 1.0
    for gap, user, level, take in bursts:
        seconds = round(seconds + gap, 3)
        if take and level > 90:
            studio.take(seconds, document(slots=1))
        else:
            studio.at(seconds, "speaking", user, level=level)
    studio.until(seconds + 5)

    requests = sorted([cut.at_ms for cut in studio.cuts] + studio.manual)
    for cut in studio.cuts:
        assert len([t for t in requests if cut.at_ms - 1000 < t <= cut.at_ms]) <= 20
