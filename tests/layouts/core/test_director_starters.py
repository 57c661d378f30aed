"""The rule sets Mix Studio ships with: valid rules, served titled in a language."""

from __future__ import annotations

import pytest

from layouts.core import geometry, scenario
from layouts.core.director import Director
from layouts.core.director_rules import check_rules, read_rules
from layouts.core.director_shots import Shot
from layouts.core.director_starters import STARTERS, starter, starter_sets
from layouts.core.dry_run import takes
from layouts.core.roles import Roles
from layouts.core.rules import document as document_rules
from tests.factories import document

MAIN = geometry.PREVIEW_MAIN_ROOM


def test_the_starter_sets_are_named_and_valid():
    assert [item["name"] for item in STARTERS] == [
        "screen-share-takes-over",
        "active-speaker",
        "reflow-by-count",
        "slate-when-empty",
        "grid-by-count",
        "one-plus-n-by-count",
        "pip-by-count",
    ]
    for item in STARTERS:
        assert check_rules(item["rules"]) == [], item["name"]


def test_a_starter_is_found_by_name():
    assert starter("active-speaker")["rules"][0]["action"] == {"do": "loudest-big", "strip": 4}
    assert starter("nope") is None


def test_served_sets_have_their_titles_and_slate_texts_translated():
    served = starter_sets(lambda text: f"<{text}>")

    assert [set(item) for item in served] == [{"name", "title", "rules"}] * len(STARTERS)
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


@pytest.mark.parametrize("name", ["grid-by-count", "one-plus-n-by-count", "pip-by-count"])
@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920)])
def test_each_table_starter_gives_every_head_count_up_to_nine_a_valid_picture(name, width, height):
    rules = read_rules(starter(name)["rules"])
    base = document(width, height, slots=2)
    director = Director(rules, Shot("show", base, Roles()), {}, MAIN)
    people = []
    for count in range(1, 10):
        people.append({"at": count, "type": "enter", "UserId": f"guest_{count}"})
    played = scenario.read_scenario({"duration": 30, "events": people}, MAIN)

    for take in takes(director, played):
        sent = take.cut.document
        assert document_rules.validate(sent) == [] or all(
            p.severity != "error" for p in document_rules.validate(sent)
        ), (name, take.at_ms)
        for slot in sent["LayoutParams"]["MixLayoutList"]:
            assert slot["LocationX"] + slot["ImageWidth"] <= width
            assert slot["LocationY"] + slot["ImageHeight"] <= height
