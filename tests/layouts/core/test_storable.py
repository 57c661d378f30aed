"""layouts.core.storable: JSON every database stores, judged and cleaned without recursion."""

from __future__ import annotations

import pytest

from layouts.core.storable import (
    BAD_TEXT,
    TOO_DEEP,
    storable_copy,
    storable_string,
    storable_text,
    storage_problem,
)


def nested(depth: int) -> object:
    value: object = "leaf"
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    ("text", "ok"), [("plain", True), ("直播", True), ("a\x00b", False), ("x\ud800", False)]
)
def test_text_with_nul_or_a_lone_surrogate_is_not_storable(text, ok):
    assert storable_text(text) is ok


def test_a_value_is_judged_by_its_depth_and_every_text_in_it_keys_included():
    assert storage_problem({"a": [1, {"b": "c"}]}, max_depth=3) is None
    assert storage_problem({"a": [1, {"b": "c"}]}, max_depth=2) == TOO_DEEP
    assert storage_problem({"a\x00": 1}, max_depth=5) == BAD_TEXT
    assert storage_problem(["ok", "x\udfff"], max_depth=5) == BAD_TEXT
    assert storage_problem("x\ud800", max_depth=0) == BAD_TEXT


def test_very_deep_nesting_is_judged_without_recursion():
    assert storage_problem(nested(100_000), max_depth=64) == TOO_DEEP
    copy = storable_copy(nested(5000))
    for _ in range(5000):  # walked here too: == on it would recurse
        assert isinstance(copy, list) and len(copy) == 1
        copy = copy[0]
    assert copy == "leaf"


def test_a_copy_replaces_lone_surrogates_and_nul_in_keys_and_values():
    value = {"k\x00": ["x\ud800", 1, None, True, {"\udfff": "ok"}]}
    assert storable_copy(value) == {"k\ufffd": ["x\ufffd", 1, None, True, {"\ufffd": "ok"}]}
    assert value == {"k\x00": ["x\ud800", 1, None, True, {"\udfff": "ok"}]}  # not changed


def test_a_surrogate_pair_split_by_json_escapes_becomes_its_character_again():
    assert storable_string("\ud83d\ude00") == "😀"
    assert storable_string("fine") == "fine"
