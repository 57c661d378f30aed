"""The rule sets Mix Studio ships with: valid rules, served titled in a language."""

from __future__ import annotations

from layouts.core.director_rules import check_rules
from layouts.core.director_starters import STARTERS, starter, starter_sets


def test_the_four_starter_sets_are_named_and_valid():
    assert [item["name"] for item in STARTERS] == [
        "screen-share-takes-over",
        "active-speaker",
        "reflow-by-count",
        "slate-when-empty",
    ]
    for item in STARTERS:
        assert check_rules(item["rules"]) == [], item["name"]


def test_a_starter_is_found_by_name():
    assert starter("active-speaker")["rules"][0]["action"] == {"do": "loudest-big", "strip": 4}
    assert starter("nope") is None


def test_served_sets_have_their_titles_and_slate_texts_translated():
    served = starter_sets(lambda text: f"<{text}>")

    assert [set(item) for item in served] == [{"name", "title", "rules"}] * 4
    assert served[0]["title"] == "<A screen share takes over the picture>"
    slate = served[3]["rules"][0]["action"]
    assert slate == {"do": "slate", "text": "<Back in a moment>"}
    assert starter("slate-when-empty")["rules"][0]["action"]["text"] == "Back in a moment"


def test_the_screen_share_set_brings_the_show_back_only_from_the_share():
    rules = starter("screen-share-takes-over")["rules"]

    assert [rule["trigger"]["on"] for rule in rules] == [
        "screen-start",
        "screen-stop",
        "screen-stop",
    ]
    assert all(rule["condition"] == {"on_air_preset": "sharer-big"} for rule in rules[1:])
    assert rules[-1]["action"] == {"do": "take-preset", "preset": "show"}
