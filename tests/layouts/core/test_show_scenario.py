"""A show's scenario: kept in our own part of its request, judged against the show's own
room with paths naming the event, never in the body sent, and in the body kept."""

from __future__ import annotations

import copy

from layouts.core import show
from layouts.core.rules import request as request_rules
from layouts.core.rules.show import check_app_part
from layouts.core.scenario_starters import starter

TALK = starter("talk-show-late-guest")["scenario"]
PATH = "MixStudio.Scenario"


def kept_show(scenario, **request):
    return {"WithTranscoding": 1, **request, "MixStudio": {"Scenario": scenario}}


def found(problems):
    return [(p.path, p.rule, p.severity) for p in problems]


def test_the_scenario_is_one_of_our_own_keys():
    assert show.SCENARIO == "Scenario"
    assert show.SCENARIO in show.APP_KEYS


def test_a_starter_scenario_kept_by_a_show_has_no_problem():
    assert list(check_app_part({"Scenario": copy.deepcopy(TALK)})) == []


def test_each_problem_names_the_event_inside_our_part():
    scenario = copy.deepcopy(TALK)
    scenario["events"][3]["at"] = 75  # past the end of its 60 seconds
    scenario["events"][5]["UserId"] = "no spaces allowed"

    assert found(check_app_part({"Scenario": scenario})) == [
        (f"{PATH}.events[3].at", "scenario", "error"),
        (f"{PATH}.events[5].UserId", "scenario", "error"),
    ]


def test_a_scenario_that_is_no_object_is_named_as_a_whole():
    assert found(check_app_part({"Scenario": [1, 2]})) == [(PATH, "scenario", "error")]


def test_people_without_a_room_are_in_the_shows_own_room():
    # RoomId "pk-room" with no RoomIdType takes the type of the show's room: in a
    # room of numbers (type 0) it is no room ID R8 allows; in a string room it is.
    scenario = {
        "duration": 10,
        "events": [{"at": 0, "type": "enter", "UserId": "a", "RoomId": "pk-room"}],
    }

    in_numbers = check_app_part({"Scenario": scenario}, main_room=("8001", 0))
    in_strings = check_app_part({"Scenario": scenario}, main_room=("studio", 1))

    assert found(in_numbers) == [(f"{PATH}.events[0].RoomId", "scenario", "error")]
    assert found(in_strings) == []


def test_a_show_without_a_room_rehearses_in_the_previews_room():
    scenario = {
        "duration": 10,
        "events": [{"at": 0, "type": "enter", "UserId": "a", "RoomId": "pk-room"}],
    }
    assert found(check_app_part({"Scenario": scenario})) == []


def test_a_kept_show_is_judged_on_its_scenario_against_its_own_room():
    scenario = {
        "duration": 10,
        "events": [{"at": 0, "type": "enter", "UserId": "a", "RoomId": "pk-room"}],
    }
    body = kept_show(scenario, RoomId="8001", RoomIdType=0)

    problems = request_rules.check_show(body, launch_severity=None)

    assert (f"{PATH}.events[0].RoomId", "scenario", "error") in found(problems)


def test_the_scenario_is_never_in_the_body_sent():
    request = kept_show(TALK, RoomId="8001", RoomIdType=0)

    assert "MixStudio" not in show.start_body({"BackGroundColor": "0x000000"}, request)
    assert "MixStudio" not in show.without_app_part(request)


def test_the_body_kept_ends_with_our_part_key_for_key():
    request = kept_show(TALK, RoomId="8001", RoomIdType=0)
    picture = {"BackGroundColor": "0x000000"}

    body = show.kept_body(picture, request)

    assert list(body) == ["WithTranscoding", "RoomId", "RoomIdType", "VideoParams", "MixStudio"]
    assert body["MixStudio"] == {"Scenario": TALK}
    assert body["MixStudio"] is not request["MixStudio"]
    assert show.read_show(body).request == request


def test_the_scenario_is_read_from_a_request():
    assert show.scenario_of(kept_show(TALK)) == TALK
    assert show.scenario_of({"RoomId": "1"}) is None
    assert show.scenario_of({"MixStudio": "junk"}) is None


def test_a_scenario_is_put_in_beside_the_rest_of_our_part_and_taken_out_cleanly():
    off = [{"PublishCdnUrl": "rtmp://push.example.com/live/b"}]
    request = {"RoomId": "1", "MixStudio": {"OutputsOff": off}}

    with_one = show.with_scenario(request, TALK)
    without = show.with_scenario(with_one, None)

    assert with_one == {"RoomId": "1", "MixStudio": {"OutputsOff": off, "Scenario": TALK}}
    assert without == request
    assert show.with_scenario({"RoomId": "1", "MixStudio": {"Scenario": TALK}}, None) == {
        "RoomId": "1"
    }
    assert request == {"RoomId": "1", "MixStudio": {"OutputsOff": off}}  # not changed
