"""layouts.core.contract.fields: the table machinery and typed reads of JSON values."""

from __future__ import annotations

import pytest

from layouts.core.contract import video
from layouts.core.contract.fields import (
    INT,
    LIST,
    OBJ,
    STR,
    Field,
    ShapeTable,
    canonical_json,
    effective,
    get_int,
    get_list,
    get_obj,
    get_str,
    has_type,
    json_type_name,
)

# ---------------------------------------------------------------------------
# Types and reading values.


@pytest.mark.parametrize(
    ("value", "json_type", "expected"),
    [
        (720, INT, True),
        (0, INT, True),
        (-3, INT, True),
        (True, INT, False),
        (False, INT, False),
        (720.0, INT, False),
        ("720", INT, False),
        (None, INT, False),
        ("", STR, True),
        (0, STR, False),
        ({}, OBJ, True),
        ([], OBJ, False),
        ([], LIST, True),
        ({}, LIST, False),
    ],
)
def test_has_type_matches_the_api_types(value, json_type, expected):
    assert has_type(value, json_type) is expected


def test_has_type_refuses_a_type_it_does_not_know():
    with pytest.raises(ValueError):
        has_type(1, "number")


def test_effective_reads_a_value_of_the_right_type():
    assert effective({"BackgroundRenderMode": 4}, "BackgroundRenderMode", video.MCU_LAYOUT) == 4


@pytest.mark.parametrize(
    "slot", [{}, {"BackgroundRenderMode": "4"}, {"BackgroundRenderMode": True}]
)
def test_effective_falls_back_to_the_default_for_absent_or_mistyped_values(slot):
    assert effective(slot, "BackgroundRenderMode", video.MCU_LAYOUT) == 3


def test_effective_reads_a_non_object_as_empty():
    assert effective(["not", "a", "slot"], "ImageWidth", video.MCU_LAYOUT) == 0


@pytest.mark.parametrize(
    ("value", "name"),
    [
        (None, "null"),
        (True, "a boolean"),
        (3, "an integer"),
        (3.5, "a number with a fraction"),
        ("x", "a string"),
        ([], "an array"),
        ({}, "an object"),
    ],
)
def test_json_type_name_speaks_json(value, name):
    assert json_type_name(value) == name


def test_canonical_json_ignores_key_order_and_keeps_non_ascii_text():
    first = {"b": 1, "a": {"y": "房间", "x": [1, 2]}}
    second = {"a": {"x": [1, 2], "y": "房间"}, "b": 1}

    assert canonical_json(first) == canonical_json(second) == '{"a":{"x":[1,2],"y":"房间"},"b":1}'


@pytest.mark.parametrize(
    ("read", "value", "expected"),
    [
        (get_int, 5, 5),
        (get_int, True, None),
        (get_int, "5", None),
        (get_str, "x", "x"),
        (get_str, 5, None),
        (get_obj, {"a": 1}, {"a": 1}),
        (get_obj, [], None),
        (get_list, [1], [1]),
        (get_list, {}, []),
    ],
)
def test_typed_reads_give_nothing_for_a_value_of_the_wrong_type(read, value, expected):
    assert read({"k": value}, "k") == expected
    assert read("not an object", "k") == ([] if read is get_list else None)


def test_a_shape_table_registers_shapes_by_name_with_their_fields():
    table = ShapeTable()
    shape = table.add("Thing", Field("A", INT, required=True), required_rule="R0")
    assert table == {"Thing": shape}
    assert (shape.required_rule, list(shape.by_name)) == ("R0", ["A"])
