"""The auto-director's rules as JSON: checked with every problem naming the rule and the
field, and read into typed rules."""

from __future__ import annotations

import copy

import pytest

from layouts.core.director_rules import (
    Action,
    Condition,
    Rule,
    TableEntry,
    Timing,
    Trigger,
    Who,
    check_rules,
    preset_references,
    read_rules,
)
from layouts.core.director_starters import STARTERS
from layouts.core.roles import RoleSpec

GOOD = {
    "name": "share-takes-over",
    "trigger": {"on": "screen-start"},
    "action": {"do": "sharer-big"},
    "timing": {"sensitivity": 1, "hold": 3, "cooldown": 0.5},
}


def rule(**parts):
    made = copy.deepcopy(GOOD)
    for key, value in parts.items():
        if value is None:
            made.pop(key, None)
        else:
            made[key] = value
    return made


def found(problems):
    return [(p.path, p.rule, p.severity) for p in problems]


def test_every_starter_rule_set_has_no_problem():
    for item in STARTERS:
        assert check_rules(item["rules"]) == [], item["name"]


def test_a_rule_may_carry_keys_of_its_own():
    assert check_rules([{**GOOD, "note": "for the panel", "enabled": False}]) == []


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ({}, [("rules", "type")]),
        ([GOOD] * 51, [("rules", "director")]),
        ([rule(name=None)], [("rules[0].name", "director")]),
        ([rule(name="")], [("rules[0].name", "director")]),
        ([rule(name="x" * 61)], [("rules[0].name", "director")]),
        ([GOOD, GOOD], [("rules[1].name", "director")]),
        ([rule(enabled="yes")], [("rules[0].enabled", "type")]),
        ([rule(target="monitor")], [("rules[0].target", "director")]),
        ([rule(trigger=None)], [("rules[0].trigger", "director")]),
        ([rule(trigger={"on": "clap"})], [("rules[0].trigger.on", "director")]),
        ([rule(trigger={"n": 1})], [("rules[0].trigger.on", "director")]),
        ([rule(trigger={"on": "enter", "when": 1})], [("rules[0].trigger.when", "unknown-field")]),
        ([rule(trigger={"on": "count-above"})], [("rules[0].trigger.n", "director")]),
        ([rule(trigger={"on": "count-below", "n": 0})], [("rules[0].trigger.n", "roles")]),
        ([rule(trigger={"on": "enter", "n": 2})], [("rules[0].trigger.n", "director")]),
        ([rule(trigger={"on": "named-enters"})], [("rules[0].trigger.user", "director")]),
        (
            [rule(trigger={"on": "named-enters", "user": "two words"})],
            [("rules[0].trigger.user", "director")],
        ),
        (
            [rule(trigger={"on": "role-enters", "role": "sharer"})],
            [("rules[0].trigger.role", "director")],
        ),
        ([rule(condition=[])], [("rules[0].condition", "type")]),
        ([rule(condition={"mood": "good"})], [("rules[0].condition.mood", "unknown-field")]),
        ([rule(condition={"who": "anna"})], [("rules[0].condition.who", "type")]),
        ([rule(condition={"who": {}})], [("rules[0].condition.who.UserId", "roles")]),
        (
            [rule(condition={"who": {"role": "nth"}})],
            [("rules[0].condition.who.n", "roles")],
        ),
        (
            [rule(condition={"who": {"UserId": "a", "role": "host"}})],
            [("rules[0].condition.who", "director")],
        ),
        (
            [rule(trigger={"on": "count-above", "n": 2}, condition={"who": {"UserId": "a"}})],
            [("rules[0].condition.who", "director")],
        ),
        ([rule(condition={"count_min": -1})], [("rules[0].condition.count_min", "roles")]),
        (
            [rule(condition={"count_min": 3, "count_max": 2})],
            [("rules[0].condition.count_max", "director")],
        ),
        (
            [rule(condition={"on_air_preset": "studio"})],
            [("rules[0].condition.on_air_preset", "director")],
        ),
        (
            [rule(condition={"on_air_preset": 0})],
            [("rules[0].condition.on_air_preset", "director")],
        ),
        (
            [rule(condition={"since_last_cut_min": -1})],
            [("rules[0].condition.since_last_cut_min", "director")],
        ),
        ([rule(action=None)], [("rules[0].action", "director")]),
        ([rule(action={})], [("rules[0].action.do", "director")]),
        ([rule(action={"do": "dissolve"})], [("rules[0].action.do", "director")]),
        (
            [rule(action={"do": "sharer-big", "preset": 3})],
            [("rules[0].action.preset", "unknown-field")],
        ),
        ([rule(action={"do": "take-preset"})], [("rules[0].action.preset", "director")]),
        (
            [rule(action={"do": "take-preset", "preset": "studio"})],
            [("rules[0].action.preset", "director")],
        ),
        ([rule(action={"do": "take-table-entry"})], [("rules[0].action.entries", "director")]),
        (
            [rule(action={"do": "take-table-entry", "entries": []})],
            [("rules[0].action.entries", "type")],
        ),
        (
            [rule(action={"do": "take-table-entry", "entries": [{"count": 1}]})],
            [("rules[0].action.entries[0]", "director")],
        ),
        (
            [
                rule(
                    action={
                        "do": "take-table-entry",
                        "entries": [{"count": 2, "shot": "grid"}, {"count": 2, "preset": "show"}],
                    }
                )
            ],
            [("rules[0].action.entries[1].count", "director")],
        ),
        (
            [rule(action={"do": "take-table-entry", "entries": [{"count": 1, "shot": "show"}]})],
            [("rules[0].action.entries[0].shot", "director")],
        ),
        (
            [rule(action={"do": "sharer-big", "small": "host"})],
            [("rules[0].action.small", "director")],
        ),
        ([rule(action={"do": "loudest-big", "strip": 9})], [("rules[0].action.strip", "roles")]),
        ([rule(action={"do": "put-in-slot"})], [("rules[0].action.slot", "director")]),
        ([rule(action={"do": "put-in-slot", "slot": 16})], [("rules[0].action.slot", "roles")]),
        (
            [rule(action={"do": "put-in-slot", "slot": 0, "stream": "audio"})],
            [("rules[0].action.stream", "director")],
        ),
        (
            [rule(trigger={"on": "count-below", "n": 1}, action={"do": "put-in-slot", "slot": 0})],
            [("rules[0].action.who", "director")],
        ),
        (
            [rule(action={"do": "include", "who": {"role": "guest"}})],
            [
                ("rules[0].action.who.UserId", "roles"),
                ("rules[0].action.who.role", "unknown-field"),
            ],
        ),
        (
            [rule(action={"do": "exclude", "who": {"role": "loudest"}})],
            [("rules[0].action.who.role", "roles")],
        ),
        ([rule(action={"do": "slate", "text": ""})], [("rules[0].action.text", "director")]),
        (
            [rule(action={"do": "slate", "image": "ftp://x.example.com/a.png"})],
            [("rules[0].action.image", "director")],
        ),
        ([rule(timing={"hold": -1})], [("rules[0].timing.hold", "director")]),
        ([rule(timing={"hold": "3"})], [("rules[0].timing.hold", "director")]),
        ([rule(timing={"hold": 3601})], [("rules[0].timing.hold", "director")]),
        ([rule(timing={"hold": float("nan")})], [("rules[0].timing.hold", "director")]),
        ([rule(timing={"delay": 1})], [("rules[0].timing.delay", "unknown-field")]),
    ],
)
def test_each_problem_names_the_rule_and_the_field(rules, expected):
    problems = check_rules(rules)

    assert [(path, code) for path, code, _ in found(problems)] == expected
    assert all(p.severity == "error" for p in problems)


def test_problems_speak_to_a_producer():
    problems = check_rules([GOOD, rule(timing={"hold": -2})])

    assert [p.message for p in problems] == [
        'A rule named "share-takes-over" comes earlier in the list; give each rule its own name.',
        "hold must be a number of seconds from 0 to 3600.",
    ]


def test_paths_can_be_those_of_a_shows_own_part():
    problems = check_rules([rule(timing={"hold": -2})], "MixStudio.Rules")

    assert found(problems) == [("MixStudio.Rules[0].timing.hold", "director", "error")]


def test_rules_read_into_typed_rules_with_timings_in_milliseconds():
    rules = read_rules(
        [
            GOOD,
            {
                "name": "guest-in-slot-2",
                "enabled": False,
                "trigger": {"on": "role-enters", "role": "guest"},
                "condition": {
                    "who": {"role": "nth", "n": 2},
                    "count_min": 1,
                    "count_max": 4,
                    "on_air_preset": 12,
                    "since_last_cut_min": 2.5,
                },
                "action": {"do": "put-in-slot", "slot": 1, "stream": "screen"},
                "target": "preview",
            },
            {
                "name": "table",
                "trigger": {"on": "count-above", "n": 0},
                "action": {
                    "do": "take-table-entry",
                    "entries": [{"count": 1, "preset": 7}, {"count": 3, "shot": "grid"}],
                },
            },
        ]
    )

    assert rules[0] == Rule(
        "share-takes-over",
        Trigger("screen-start"),
        Action("sharer-big"),
        timing=Timing(1000, 3000, 500),
    )
    assert rules[1] == Rule(
        "guest-in-slot-2",
        Trigger("role-enters", role="guest"),
        Action("put-in-slot", slot=1, stream=1),
        Condition(Who(spec=RoleSpec("nth", n=2)), 1, 4, 12, 2500),
        target="preview",
        enabled=False,
    )
    assert rules[2].action.entries == (TableEntry(1, 7), TableEntry(3, "grid"))


def test_the_presets_rules_take_are_listed_with_their_paths():
    rules = [
        {**GOOD, "action": {"do": "take-preset", "preset": 4}},
        {**GOOD, "name": "back", "action": {"do": "take-preset", "preset": "show"}},
        {
            **GOOD,
            "name": "table",
            "action": {
                "do": "take-table-entry",
                "entries": [{"count": 1, "preset": 9}, {"count": 2, "shot": "grid"}],
            },
        },
    ]

    assert preset_references(rules) == [
        ("rules[0].action.preset", 4),
        ("rules[2].action.entries[0].preset", 9),
    ]
