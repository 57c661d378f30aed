"""The table machinery of the contract: one Field per API field, one Shape per object type.

Also the typed reads every consumer uses: a value of the wrong JSON type reads
as absent (the validator reports the wrong type on its own), so no consumer
crashes on a document it did not validate.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

INT = "integer"
STR = "string"
OBJ = "object"
LIST = "array"

# Field.kind values: string formats the rules check, and arrays of strings.
COLOUR = "colour"
IMAGE_URL = "image-url"
STRING_LIST = "string-list"


@dataclass(frozen=True)
class Field:
    """One field of an API object type."""

    name: str
    type: str
    required: bool = False
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[Any, ...] | None = None
    default: Any = None
    rule: str = ""
    shape: str | None = None  # object type of an OBJ field, or of each LIST item
    max_items: int | None = None
    kind: str = ""  # COLOUR, IMAGE_URL or STRING_LIST
    image_formats: tuple[str, ...] = ()  # extensions the cloud accepts (R45)
    effective_in: tuple[int, ...] | None = None  # MixLayoutModes where it has an effect
    ignored_rule: str = ""  # rule cited when it is set in a mode where it has no effect
    help: str = ""
    labels: dict[Any, str] | None = None  # words for each choice, for the editor


@dataclass(frozen=True)
class Shape:
    """One API object type (a row of section B of the reference)."""

    name: str
    fields: tuple[Field, ...]
    required_rule: str = "required"  # rule cited when a required field is missing
    by_name: dict[str, Field] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {f.name: f for f in self.fields})


class ShapeTable(dict[str, Shape]):
    """Shapes by name; `add` registers one as its module defines it."""

    def add(self, name: str, *fields: Field, required_rule: str = "required") -> Shape:
        shape = Shape(name, tuple(fields), required_rule)
        self[name] = shape
        return shape


def has_type(value: Any, json_type: str) -> bool:
    if json_type == INT:
        # JSON has one number type; the API's Integer excludes booleans and
        # fractions but a float such as 720.0 is not an integer either.
        return isinstance(value, int) and not isinstance(value, bool)
    if json_type == STR:
        return isinstance(value, str)
    if json_type == OBJ:
        return isinstance(value, dict)
    if json_type == LIST:
        return isinstance(value, list)
    raise ValueError(json_type)


def effective(obj: Any, name: str, shape: Shape) -> Any:
    """The value of `name` in `obj` if it has the right type, else its default."""
    spec = shape.by_name[name]
    value = obj.get(name) if isinstance(obj, dict) else None
    return value if has_type(value, spec.type) else spec.default


def get_int(obj: Any, key: str) -> int | None:
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if has_type(value, INT) else None


def get_str(obj: Any, key: str) -> str | None:
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, str) else None


def get_obj(obj: Any, key: str) -> dict[str, Any] | None:
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, dict) else None


def get_list(obj: Any, key: str) -> list[Any]:
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, list) else []


def json_type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number with a fraction"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def canonical_json(value: Any) -> str:
    """Stable text of a document or body, for comparing and caching."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
