"""The dry run: the auto-director's decision over a scenario on a simulated clock, every
take with the VideoParams sent and where every picture lands."""

from __future__ import annotations

import copy
import json

from layouts.core import geometry, scenario
from layouts.core.contract import video
from layouts.core.director import Director
from layouts.core.director_rules import read_rules
from layouts.core.director_shots import Shot
from layouts.core.director_starters import starter
from layouts.core.dry_run import MAX_TAKES, dry_run, takes
from layouts.core.roles import Roles
from layouts.core.scenario_starters import starter as scenario_starter
from tests.factories import document

MAIN = geometry.PREVIEW_MAIN_ROOM
LECTURE = scenario_starter("lecture-screen-share")["scenario"]


def director_for(rules, show=None, roles=None):
    shot = Shot("show", show or document(slots=3), roles or Roles())
    return Director(read_rules(rules), shot, {}, MAIN)


def played(data):
    return scenario.read_scenario(data, MAIN)


def largest(regions):
    return max(regions["regions"], key=lambda region: region["w"] * region["h"])


def test_the_screen_share_starter_over_the_lecture_takes_the_share_and_back_and_nothing_else():
    rules = starter("screen-share-takes-over")["rules"]

    answer = dry_run(director_for(rules), played(LECTURE))

    takes_ = answer["takes"]
    assert [(take["at"], take["rule"], take["shot"]) for take in takes_] == [
        (31.0, "share-takes-over", "sharer-big"),  # shared at 30, held for the 1 s sensitivity
        (51.0, "back-after-share", "show"),  # stopped at 50
    ]
    share, back = takes_
    assert share["event"] == {
        "type": "screen",
        "UserId": "teacher",
        "RoomId": "main",
        "RoomIdType": 1,
        "on": True,
        "at": 30.0,
    }
    assert share["trigger"] == {"on": "screen-start", "UserId": "teacher"}
    big = largest(share["regions"])
    assert (big["kind"], big["user_id"], big["stream_type"]) == ("video", "teacher", 1)
    assert big["render_mode"] == video.RENDER_FIT
    assert (big["w"], big["h"]) == (960, 720)
    small = [r for r in share["regions"]["regions"] if r is not big]
    assert [(r["user_id"], r["stream_type"], r["w"], r["h"]) for r in small] == [
        ("teacher", 0, 320, 180)  # the speaker: the teacher spoke at 75 since 5 s
    ]
    assert back["document"] == document(slots=3)
    assert [r["user_id"] for r in back["regions"]["regions"]] == [
        "teacher",
        "student_a",
        "student_b",
    ]
    assert answer["truncated"] is False


def test_the_start_is_the_shows_own_picture_for_an_empty_room():
    answer = dry_run(director_for([]), played(LECTURE))

    assert answer["takes"] == []
    assert answer["start"]["document"] == document(slots=3)
    assert answer["start"]["regions"]["participants"] == []
    assert [r["kind"] for r in answer["start"]["regions"]["regions"]] == ["empty"] * 3


def test_regions_are_those_the_regions_answer_gives_for_the_room_at_that_moment():
    rules = starter("screen-share-takes-over")["rules"]

    share = dry_run(director_for(rules), played(LECTURE), start_ms=1_000_000)["takes"][0]

    regions = share["regions"]
    assert set(regions) == {
        "participants",
        "canvas",
        "mode",
        "approximate",
        "calibration",
        "regions",
        "not_shown",
        "sei",
    }
    assert [p["UserId"] for p in regions["participants"]] == ["teacher", "student_a", "student_b"]
    assert regions["participants"][0]["screen"] is True
    assert regions["canvas"] == {"w": 1280, "h": 720}
    assert regions["not_shown"] == ["student_a", "student_b"]
    assert regions["sei"]["ts"] == 1031  # the start plus 31 s
    assert [r["volume"] for r in regions["sei"]["regions"]] == [75, 75]


def test_the_active_speaker_starter_follows_the_talk_show_with_its_hold():
    rules = starter("active-speaker")["rules"]
    talk = scenario_starter("talk-show-late-guest")["scenario"]

    answer = dry_run(director_for(rules), played(talk))

    # host speaks at 1, cohost at 10, guest at 24, host again at 45: each after 1.5 s.
    assert [(take["at"], largest(take["regions"])["user_id"]) for take in answer["takes"]] == [
        (2.5, "host"),
        (11.5, "cohost"),
        (25.5, "guest"),
        (46.5, "host"),
    ]


def test_the_slate_starter_slates_an_empty_room_and_comes_back():
    rules = starter("slate-when-empty")["rules"]
    story = {
        "duration": 30,
        "events": [
            {"at": 0, "type": "enter", "UserId": "a"},
            {"at": 5, "type": "exit", "UserId": "a"},
            {"at": 15, "type": "enter", "UserId": "b"},
        ],
    }

    answer = dry_run(director_for(rules), played(story))

    assert [(take["at"], take["shot"]) for take in answer["takes"]] == [
        (8.0, "slate"),
        (16.0, "show"),
    ]
    slate = answer["takes"][0]
    assert slate["regions"]["regions"] == []
    assert slate["document"]["WaterMarkList"][0]["WaterMarkText"]["Text"] == "Back in a moment"


def test_the_reflow_starter_lays_out_a_cell_per_person():
    rules = starter("reflow-by-count")["rules"]

    answer = dry_run(director_for(rules), played(scenario_starter("panel-of-six")["scenario"]))

    cells = [
        (take["at"], len(take["document"]["LayoutParams"]["MixLayoutList"]))
        for take in answer["takes"]
    ]
    # Everyone enters 2 s apart: each entry re-arms the 2 s sensitivity until the sixth.
    assert cells[0] == (12.0, 6)
    assert [count for _, count in cells[1:]] == [5, 4, 5]  # two leave, one comes back


def test_a_timer_due_after_the_end_never_fires():
    rules = [
        {
            "name": "late",
            "trigger": {"on": "enter"},
            "action": {"do": "slate"},
            "timing": {"sensitivity": 5},
        }
    ]
    story = {"duration": 10, "events": [{"at": 6, "type": "enter", "UserId": "a"}]}

    assert dry_run(director_for(rules), played(story))["takes"] == []


def test_events_of_a_moment_come_before_a_timer_due_then():
    rules = [
        {
            "name": "share",
            "trigger": {"on": "screen-start"},
            "action": {"do": "sharer-big"},
            "timing": {"sensitivity": 2},
        }
    ]
    story = {
        "duration": 10,
        "events": [
            {"at": 0, "type": "enter", "UserId": "a"},
            {"at": 1, "type": "screen", "UserId": "a", "on": True},
            {"at": 3, "type": "screen", "UserId": "a", "on": False},  # when it would cut
        ],
    }

    assert dry_run(director_for(rules), played(story))["takes"] == []


def test_preview_takes_are_listed_and_leave_the_program_alone():
    rules = copy.deepcopy(starter("screen-share-takes-over")["rules"])
    for rule in rules:
        rule["target"] = "preview"

    answer = dry_run(director_for(rules), played(LECTURE))

    # The program never shows the share, so coming back from it is never called for.
    assert [(take["at"], take["target"]) for take in answer["takes"]] == [(31.0, "preview")]


def test_the_dry_run_is_json():
    rules = starter("screen-share-takes-over")["rules"]

    answer = dry_run(director_for(rules), played(LECTURE))

    assert json.loads(json.dumps(answer)) == answer


def test_takes_stop_at_the_limit():
    rules = [
        {"name": "each", "trigger": {"on": "loudest-changes"}, "action": {"do": "loudest-big"}}
    ]
    events = [{"at": 0, "type": "enter", "UserId": f"p{index}"} for index in range(2)]
    for index in range(1, MAX_TAKES + 20):  # the loudest flips every 60 ms
        at = round(index * 0.06, 2)
        events.append({"at": at, "type": "speaking", "UserId": f"p{index % 2}", "level": 90})
        events.append({"at": at, "type": "speaking", "UserId": f"p{1 - index % 2}", "level": 10})
    story = {"duration": 60, "events": events}

    answer = dry_run(director_for(rules), played(story))

    assert len(answer["takes"]) == MAX_TAKES and answer["truncated"] is True
    assert sum(1 for _ in takes(director_for(rules), played(story))) > MAX_TAKES


def seat_rules(seats):
    return [
        {
            "name": f"seats-on-{on}",
            "trigger": {"on": on},
            "action": {
                "do": "take-table-entry",
                "entries": [{"count": 0, "preset": "show"}],
                "seats": seats,
            },
        }
        for on in ("enter", "exit")
    ]


def seated(take):
    slots = take.cut.document["LayoutParams"]["MixLayoutList"]
    return [slot["UserMediaStream"]["UserInfo"]["UserId"] for slot in slots]


SEATS_SCENARIO = {
    "duration": 10,
    "events": [
        {"at": 0, "type": "enter", "UserId": "ana"},
        {"at": 1, "type": "enter", "UserId": "ben"},
        {"at": 2, "type": "enter", "UserId": "cai"},
        {"at": 4, "type": "exit", "UserId": "ben"},
        {"at": 6, "type": "enter", "UserId": "dev"},
    ],
}


def test_fixed_seats_keep_everyone_where_they_were_and_a_newcomer_takes_the_empty_one():
    cuts = list(takes(director_for(seat_rules("fixed")), played(SEATS_SCENARIO)))

    by_time = {take.at_ms: seated(take) for take in cuts}
    assert by_time[2000] == ["ana", "ben", "cai"]
    vacant_ben = by_time[4000]
    assert vacant_ben[0] == "ana" and vacant_ben[2] == "cai"  # cai keeps the third seat
    assert vacant_ben[1].startswith("mixstudio-vacant-")  # ben's seat shows its placeholder
    assert by_time[6000] == ["ana", "dev", "cai"]  # dev takes the empty seat


def test_dynamic_seats_leave_the_slots_to_the_cloud_to_reflow():
    cuts = list(takes(director_for(seat_rules("dynamic")), played(SEATS_SCENARIO)))

    # The show's auto-fill slots re-flow in the cloud by join order: nothing to cut.
    assert cuts == []
