"""The starter scenarios: the four shows producers rehearse most."""

from layouts.core.scenario_starters import STARTERS, starter


def test_the_four_starters_are_there_by_name():
    assert [item["name"] for item in STARTERS] == [
        "talk-show-late-guest",
        "lecture-screen-share",
        "pk-two-rooms",
        "panel-of-six",
    ]


def test_a_starter_is_found_by_name_and_an_unknown_name_finds_none():
    assert starter("panel-of-six")["scenario"]["duration"] == 90
    assert starter("no-such-show") is None


def test_the_panel_of_six_has_six_people_and_someone_coming_back():
    events = starter("panel-of-six")["scenario"]["events"]
    entries = [e["UserId"] for e in events if e["type"] == "enter"]

    assert len(set(entries)) == 6 and len(entries) == 7
