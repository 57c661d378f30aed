"""Scenarios: validated event by event, turned into room events, and the room at any moment."""

from __future__ import annotations

import pytest

from layouts.core import scenario
from layouts.core.contract.room_events import AUDIO, CAMERA, ENTER
from layouts.core.scenario_starters import STARTERS, starter

MAIN = ("8001", 0)


def problems_of(data):
    return [(p.path, p.rule) for p in scenario.check_scenario(data, MAIN)]


def test_every_starter_is_a_valid_scenario():
    for item in STARTERS:
        assert scenario.check_scenario(item["scenario"], MAIN) == [], item["name"]


def test_a_person_who_enters_has_camera_and_audio_on():
    lecture = scenario.read_scenario(starter("lecture-screen-share")["scenario"], MAIN)

    room = scenario.room_at(lecture, 1.0)

    assert [(p.user_id, p.camera, p.audio, p.screen) for p in room.people] == [
        ("teacher", True, True, False)
    ]


def test_the_room_at_a_moment_follows_the_screen_share():
    lecture = scenario.read_scenario(starter("lecture-screen-share")["scenario"], MAIN)

    during, after = scenario.room_at(lecture, 30.0), scenario.room_at(lecture, 50.0)

    assert [p.screen for p in during.people] == [True, False, False]
    assert [p.screen for p in after.people] == [False, False, False]
    assert [p.user_id for p in during.people] == ["teacher", "student_a", "student_b"]


def test_people_without_a_room_are_in_the_tasks_room_and_others_in_theirs():
    pk = scenario.read_scenario(starter("pk-two-rooms")["scenario"], MAIN)

    room = scenario.room_at(pk, 10)

    assert [(p.user_id, p.room_id, p.room_id_type) for p in room.people] == [
        ("anchor_home", "8001", 0),
        ("anchor_away", "9002", 0),
    ]


def test_an_entry_with_its_camera_off_at_the_same_moment_stays_off():
    data = {
        "duration": 5,
        "events": [
            {"at": 1, "type": "enter", "UserId": "a"},
            {"at": 1, "type": "camera", "UserId": "a", "on": False},
        ],
    }

    room = scenario.room_at(scenario.read_scenario(data, MAIN), 2)

    assert [(p.camera, p.audio) for p in room.people] == [(False, True)]


def test_room_events_are_placed_at_real_times_with_the_entrys_media():
    data = {"duration": 5, "events": [{"at": 1.5, "type": "enter", "UserId": "a"}]}

    events = scenario.room_events(scenario.read_scenario(data, MAIN), start_ms=10_000)

    assert [(at, e.kind, e.at_ms, e.on) for at, e in events] == [
        (1.5, ENTER, 11_500, None),
        (1.5, CAMERA, 11_500, True),
        (1.5, AUDIO, 11_500, True),
    ]


@pytest.mark.parametrize(
    ("events", "path"),
    [
        ([{"at": 1, "type": "exit", "UserId": "a"}], "events[0]"),
        (
            [
                {"at": 0, "type": "enter", "UserId": "a"},
                {"at": 1, "type": "screen", "UserId": "a", "on": True},
                {"at": 2, "type": "screen", "UserId": "a", "on": True},
            ],
            "events[2]",
        ),
        ([{"at": 11, "type": "enter", "UserId": "a"}], "events[0].at"),
        ([{"at": 1, "type": "dance", "UserId": "a"}], "events[0].type"),
        ([{"at": 1, "type": "enter", "UserId": "<b>"}], "events[0].UserId"),
        (
            [{"at": 1, "type": "enter", "UserId": "a", "RoomId": "x y z", "RoomIdType": 0}],
            "events[0].RoomId",
        ),
        (
            [{"at": 0, "type": "enter", "UserId": "a"}, {"at": 1, "type": "camera", "UserId": "a"}],
            "events[1].on",
        ),
        (
            [
                {"at": 0, "type": "enter", "UserId": "a"},
                {"at": 1, "type": "speaking", "UserId": "a", "level": 101},
            ],
            "events[1].level",
        ),
        (
            [
                {"at": 0, "type": "enter", "UserId": "a"},
                {"at": 0.5, "type": "enter", "UserId": "a"},
            ],
            "events[1]",
        ),
        (["enter"], "events[0]"),
    ],
)
def test_a_bad_event_is_named(events, path):
    found = problems_of({"duration": 10, "events": events})

    assert (path, scenario.SCENARIO) in found


@pytest.mark.parametrize(
    ("data", "path"),
    [
        ([], ""),
        ({"duration": 0, "events": []}, "duration"),
        ({"duration": float("nan"), "events": []}, "duration"),
        ({"duration": True, "events": []}, "duration"),
        ({"duration": 10, "events": {}}, "events"),
    ],
)
def test_a_bad_scenario_is_named(data, path):
    assert path in [p for p, _ in problems_of(data)]


def test_read_scenario_refuses_with_every_problem():
    with pytest.raises(scenario.ScenarioInvalid) as caught:
        scenario.read_scenario(
            {"duration": 1, "events": [{"at": 5, "type": "exit", "UserId": "a"}]}, MAIN
        )

    assert caught.value.problems[0].path == "events[0].at"
