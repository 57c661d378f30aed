"""layouts.core.page_contract.describe_rules: what the rules panel reads of the
auto-director's rules agrees with what director_rules.check_rules accepts."""

from __future__ import annotations

import json

import pytest

from layouts.core import director_rules
from layouts.core.page_contract import describe_rules, editor_contract

SPEC = describe_rules()


def problems_of(rule: dict) -> list[str]:
    return [problem.path for problem in director_rules.check_rules([rule])]


def rule_with(trigger: dict | None = None, action: dict | None = None, **rest) -> dict:
    return {
        "name": "r",
        "trigger": trigger or {"on": "enter"},
        "action": action or {"do": "take-preset", "preset": "show"},
        **rest,
    }


def test_the_pages_embed_the_rules_beside_the_scenario():
    contract = json.loads(json.dumps(editor_contract()))
    assert contract["rules"]["key"] == "Rules"
    assert contract["rules"]["roles_key"] == "Roles"


def test_every_trigger_action_shot_and_target_is_described_once_with_words():
    assert [item["name"] for item in SPEC["triggers"]] == list(director_rules.TRIGGERS)
    assert [item["name"] for item in SPEC["actions"]] == list(director_rules.ACTIONS)
    assert [item["name"] for item in SPEC["shots"]] == list(director_rules.SHOTS)
    assert [item["name"] for item in SPEC["targets"]] == list(director_rules.TARGETS)
    for group in ("triggers", "actions", "shots", "targets", "streams", "small", "roles"):
        assert all(item["label"] for item in SPEC[group]), group


def test_words_are_given_in_the_language_asked():
    translated = describe_rules(lambda text: f"<{text}>")
    assert translated["triggers"][0]["label"] == "<Someone enters>"
    assert translated["timing"][1]["help"].startswith("<")


@pytest.mark.parametrize("item", [t for t in SPEC["triggers"] if t["param"] == "n"], ids=str)
def test_a_count_trigger_takes_n_from_its_minimum(item):
    low = item["minimum"]
    assert problems_of(rule_with({"on": item["name"], "n": low})) == []
    assert problems_of(rule_with({"on": item["name"], "n": low - 1})) == ["rules[0].trigger.n"]


@pytest.mark.parametrize("item", SPEC["triggers"], ids=lambda item: item["name"])
def test_each_trigger_takes_the_parameter_it_names_and_no_other(item):
    values = {"n": 1, "user": "anna", "role": "guest"}
    trigger = {"on": item["name"]}
    if item["param"]:
        trigger[item["param"]] = values[item["param"]]
    assert problems_of(rule_with(trigger)) == []
    other = next(key for key in values if key != item["param"])
    assert problems_of(rule_with({**trigger, other: values[other]})) == [
        f"rules[0].trigger.{other}"
    ]


@pytest.mark.parametrize("item", SPEC["actions"], ids=lambda item: item["name"])
def test_an_action_takes_the_keys_it_names(item):
    given = {
        "preset": "show",
        "entries": [{"count": 1, "shot": "grid"}],
        "seats": SPEC["seats"][-1]["name"],
        "small": "none",
        "strip": SPEC["max_strip"],
        "slot": SPEC["max_slot"],
        "who": {"UserId": "anna"},
        "stream": "screen",
        "text": "x" * SPEC["max_slate_text"],
        "image": "https://example.com/slate.png",
    }
    action = {"do": item["name"], **{key: given[key] for key in item["keys"]}}
    assert problems_of(rule_with(action=action)) == []
    assert problems_of(rule_with(action={**action, "nonsense": 1})) == ["rules[0].action.nonsense"]


def test_who_takes_the_roles_the_contract_says():
    def who_problems(do: str, who: dict) -> list[str]:
        action = {"do": do, "who": who, **({"slot": 0} if do == "put-in-slot" else {})}
        return problems_of(rule_with(action=action))

    by_action = {item["name"]: item.get("who") for item in SPEC["actions"]}
    assert by_action["include"] == "none"
    assert who_problems("include", {"role": "host"}) != []
    assert by_action["exclude"] == "named"
    assert who_problems("exclude", {"role": "guest"}) == []
    assert who_problems("exclude", {"role": "sharer"}) != []
    assert by_action["put-in-slot"] == "any"
    assert who_problems("put-in-slot", {"role": SPEC["nth"], "n": SPEC["max_nth"]}) == []
    assert SPEC["condition_who"] == "any"
    condition = {"who": {"role": "loudest"}}
    assert problems_of(rule_with(condition=condition)) == []


def test_the_limits_are_the_checks_own():
    timing = {item["name"]: SPEC["max_seconds"] for item in SPEC["timing"]}
    assert problems_of(rule_with(timing=timing)) == []
    assert problems_of(rule_with(timing={"hold": SPEC["max_seconds"] + 1})) == [
        "rules[0].timing.hold"
    ]
    assert problems_of(rule_with(name="x" * (SPEC["max_name"] + 1))) == ["rules[0].name"]
    assert problems_of(rule_with(target=SPEC["targets"][1]["name"])) == []


def test_the_lowest_values_are_the_checks_own():
    def refused(rule: dict) -> bool:
        return problems_of(rule) != []

    low = SPEC["min_count"]
    assert not refused(rule_with(condition={"count_min": low}))
    assert refused(rule_with(condition={"count_min": low - 1}))
    for key, action in (
        ("min_strip", {"do": "loudest-big", "strip": None}),
        ("min_slot", {"do": "put-in-slot", "slot": None, "who": {"UserId": "a"}}),
    ):
        field = "strip" if "strip" in action else "slot"
        assert not refused(rule_with(action={**action, field: SPEC[key]}))
        assert refused(rule_with(action={**action, field: SPEC[key] - 1}))
    assert not refused(rule_with(timing={"cooldown": SPEC["min_seconds"]}))
    assert refused(rule_with(timing={"cooldown": SPEC["min_seconds"] - 0.1}))
    nth = {"do": "put-in-slot", "slot": 0, "who": {"role": SPEC["nth"], "n": SPEC["min_nth"]}}
    assert not refused(rule_with(action=nth))
    assert refused(rule_with(action={**nth, "who": {"role": "nth", "n": SPEC["min_nth"] - 1}}))
    longest = "r" * SPEC["max_role_name"]
    assert not refused(rule_with({"on": "role-enters", "role": longest}))
    assert refused(rule_with({"on": "role-enters", "role": longest + "r"}))
