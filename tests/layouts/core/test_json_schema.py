"""The contract as JSON Schema: generated from the field tables, and as strict as the checks.

Each object type of the contract becomes one schema whose properties, required
fields, ranges and choices are the table's own; the schemas accept what the
contract's checks accept (the reference's own Start bodies, the starters) and
refuse, field by field, what the field walk refuses as an error.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings
from jsonschema import Draft202012Validator

from layouts.core import director_starters, json_schema, scenario_starters
from layouts.core.contract import bodies, video
from layouts.core.contract.fields import INT, STR, Shape
from layouts.core.contract.problems import ERROR
from layouts.core.rules.fields import DOCUMENT_WALKER
from tests.factories import document, seed_examples
from tests.strategies import documents

SCHEMAS = json_schema.contract_schemas()
ALL_SHAPES = {**video.SHAPES, **bodies.SHAPES}


def validator(name: str) -> Draft202012Validator:
    """Validates against the schema `name`, its $refs resolved where OpenAPI keeps them."""
    root = {"components": {"schemas": SCHEMAS}, "$ref": json_schema.component_ref(name)}
    return Draft202012Validator(root)


def accepts(name: str, value: Any) -> bool:
    return validator(name).is_valid(value)


def refs(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [value["$ref"]] if "$ref" in value else []
        return found + [ref for item in value.values() for ref in refs(item)]
    if isinstance(value, list):
        return [ref for item in value for ref in refs(item)]
    return []


def test_every_object_type_of_the_contract_has_a_schema_with_every_field():
    for name, shape in ALL_SHAPES.items():
        schema = SCHEMAS[name]
        assert list(schema["properties"]) == [spec.name for spec in shape.fields], name
        wanted = [spec.name for spec in shape.fields if spec.required]
        assert schema.get("required", []) == wanted, name


def test_ranges_choices_and_defaults_are_the_tables_own():
    width = SCHEMAS["VideoEncode"]["properties"]["Width"]
    assert (width["minimum"], width["maximum"]) == (video.MIN_CANVAS_SIDE, video.MAX_CANVAS_SIDE)
    mode = SCHEMAS["McuLayoutParams"]["properties"]["MixLayoutMode"]
    assert mode["enum"] == list(video.LAYOUT_MODES) and mode["default"] == video.DEFAULT_MODE
    assert SCHEMAS["McuLayoutParams"]["properties"]["MixLayoutList"]["maxItems"] == 16
    rates = SCHEMAS["AudioEncode"]["properties"]["SampleRate"]["enum"]
    assert rates == list(bodies.SAMPLE_RATES)
    outputs = SCHEMAS["StartPublishCdnStreamRequest"]["properties"]["PublishCdnParams"]
    assert outputs["maxItems"] == bodies.MAX_OUTPUTS
    assert outputs["items"] == {"$ref": "#/components/schemas/McuPublishCdnParam"}


def test_every_reference_names_a_schema_that_is_there():
    names = {ref.rsplit("/", 1)[-1] for ref in refs(SCHEMAS)}
    assert names <= SCHEMAS.keys()
    assert {"McuVideoParams", "Scenario", "DirectorRule", "Roles", "Variant"} <= names


def test_references_go_where_the_caller_says():
    schemas = json_schema.contract_schemas(lambda name: f"#/$defs/{name}")
    assert all(ref.startswith("#/$defs/") for ref in refs(schemas))


def test_the_output_is_what_openapi_3_0_reads_as_well():
    text = json.dumps(SCHEMAS)
    for keyword in ('"const"', '"$defs"', '"exclusiveMinimum"', '"prefixItems"'):
        assert keyword not in text

    def types(value: Any) -> list[Any]:
        if isinstance(value, dict):
            # A property named "type" (a scenario event's) is a schema, not a keyword.
            own = [value["type"]] if not isinstance(value.get("type", {}), dict) else []
            return own + [t for item in value.values() for t in types(item)]
        if isinstance(value, list):
            return [t for item in value for t in types(item)]
        return []

    assert all(isinstance(found, str) for found in types(SCHEMAS))


def test_the_references_start_bodies_are_start_bodies():
    examples = seed_examples()
    assert len(examples) == 5
    for body in examples:
        assert accepts("StartPublishCdnStreamRequest", body), body
        assert accepts(json_schema.START_BODY, body)
        if "VideoParams" in body:
            assert accepts("McuVideoParams", body["VideoParams"])


@settings(max_examples=40, deadline=None)
@given(documents())
def test_every_valid_document_is_a_valid_video_params(drawn):
    assert accepts("McuVideoParams", drawn)


def test_a_launch_may_leave_out_what_the_preset_supplies_but_not_nest_wrongly():
    assert accepts(json_schema.START_BODY, {"VideoParams": document()})
    assert accepts(json_schema.SHOW_REQUEST, {"WithTranscoding": 1, "MixStudio": {}})
    assert not accepts(json_schema.START_BODY, {"AgentParams": {"MaxIdleTime": 30}})
    assert not accepts(json_schema.START_BODY, {"RoomIdType": 2})
    assert not accepts("StartPublishCdnStreamRequest", {"VideoParams": document()})


def _boundaries() -> list[tuple[str, str, Any, bool]]:
    """(shape, field, value, accepted) at each edge of each integer range, each choice and
    one value beside the choices, and a wrong JSON type."""
    cases = []
    for shape in video.SHAPES.values():
        for spec in shape.fields:
            if spec.type == INT and spec.choices is not None:
                cases.append((shape.name, spec.name, spec.choices[0], True))
                cases.append((shape.name, spec.name, max(spec.choices) + 1, False))
            elif spec.type == INT:
                if spec.minimum is not None:
                    cases += [(shape.name, spec.name, spec.minimum, True)]
                    cases += [(shape.name, spec.name, spec.minimum - 1, False)]
                if spec.maximum is not None:
                    cases += [(shape.name, spec.name, spec.maximum, True)]
                    cases += [(shape.name, spec.name, spec.maximum + 1, False)]
            elif spec.type == STR and spec.kind == "colour":
                cases += [(shape.name, spec.name, "0xCC0033", True)]
                cases += [(shape.name, spec.name, "red", False)]
            if spec.type in (INT, STR):
                cases.append((shape.name, spec.name, [], False))
    return cases


BOUNDARIES = _boundaries()


@pytest.mark.parametrize(("shape", "name", "value", "accepted"), BOUNDARIES)
def test_the_schema_refuses_exactly_what_the_field_walk_refuses(shape, name, value, accepted):
    """One field set to one value, in a minimal object of its type: the schema and the
    contract's own field walk (an error, or none) agree."""
    spec = video.SHAPES[shape]
    minimal = _minimal(spec)
    minimal[name] = value
    walked = [
        problem
        for problem in DOCUMENT_WALKER.check_object(copy.deepcopy(minimal), spec, "")
        if problem.severity == ERROR and problem.path == name
    ]
    assert accepts(shape, minimal) is accepted
    assert (not walked) is accepted, walked


def _minimal(shape: Shape) -> dict[str, Any]:
    """An object of `shape` with its required fields only, each at its lowest value."""
    made: dict[str, Any] = {}
    for field in (spec for spec in shape.fields if spec.required):
        if field.type == INT:
            made[field.name] = field.choices[0] if field.choices else (field.minimum or 0)
        elif field.type == STR:
            made[field.name] = "https://img.example.com/a.png"
        elif field.shape is not None and field.type == "object":
            made[field.name] = _minimal(video.SHAPES[field.shape])
        else:
            made[field.name] = []
    return made


def test_the_starter_scenarios_and_rule_sets_are_valid():
    for item in scenario_starters.STARTERS:
        assert accepts(json_schema.SCENARIO, item["scenario"]), item["name"]
    for item in director_starters.STARTERS:
        assert accepts(json_schema.RULES, item["rules"]), item["name"]


def test_a_scenario_or_rule_out_of_the_vocabulary_is_refused():
    late = {"duration": 10, "events": [{"at": 1, "type": "dance", "UserId": "a"}]}
    assert not accepts(json_schema.SCENARIO, late)
    rule = copy.deepcopy(director_starters.STARTERS[0]["rules"][0])
    assert accepts(json_schema.RULE, rule)
    rule["trigger"]["on"] = "moonrise"
    assert not accepts(json_schema.RULE, rule)
    taken = copy.deepcopy(director_starters.STARTERS[0]["rules"][0])
    taken["action"] = {"do": "take-preset"}  # which preset?
    assert not accepts(json_schema.RULE, taken)


def test_a_show_keeps_its_own_part_typed():
    part = {
        "OutputsOff": [{"PublishCdnUrl": "rtmp://push.example.com/live/b"}],
        "PlaybackUrls": [
            {"PublishCdnUrl": "rtmp://a/live/b", "PlaybackUrl": "https://a/live/b.m3u8"}
        ],
        "Variants": [{"name": "portrait", "VideoParams": document(720, 1280)}],
    }
    assert accepts(json_schema.SHOW_REQUEST, {"MixStudio": part})
    part["Variants"][0]["name"] = "no spaces allowed"
    assert not accepts(json_schema.SHOW_REQUEST, {"MixStudio": part})
