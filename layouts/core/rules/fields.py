"""Field by field: JSON types, required fields, ranges, choices, colours, unknown fields.

One walk checks any JSON against the shape tables of `layouts.core.contract`
(`video.SHAPES` for a document, `bodies.SHAPES` around it), types before
ranges, so one wrong type is one problem and never a crash. The document and a
request share it (`DOCUMENT_WALKER`, `REQUEST_WALKER`); they differ in whether
an unknown field is only a warning (the API grows, a document keeps them) or an
error (R6 for request fields). Image URLs are judged in `rules.images`.

A range or a choice is never written here: it is read from the Field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from layouts.core.contract import bodies, video
from layouts.core.contract.fields import (
    COLOUR,
    IMAGE_URL,
    INT,
    LIST,
    OBJ,
    STR,
    STRING_LIST,
    Field,
    Shape,
    has_type,
    json_type_name,
)
from layouts.core.contract.problems import (
    ERROR,
    MISSING_TEMPLATE,
    RANGE,
    UNKNOWN_FIELD,
    WARNING,
    WRONG_TYPE,
    Problem,
    join_path,
)
from layouts.core.rules.images import check_image_url
from layouts.core.text import gettext_noop

COLOUR_RE = re.compile(video.COLOUR_PATTERN)

KEEP_UNKNOWN = gettext_noop(
    "%(field)s is not a field of %(shape)s that Mix Studio knows; it is kept as it is and "
    "sent unchanged."
)

_TYPE_WORDS = {INT: "an integer", STR: "a string", OBJ: "an object", LIST: "an array"}


@dataclass(frozen=True)
class FieldWalker:
    """Checks JSON against the shape tables, field by field, types before ranges.

    The document and the request bodies around it share this walk; they differ
    in where shapes come from, whether an unknown field is only a warning (the
    API grows, so the document keeps them) or an error (R6 for request
    fields), and which nested shapes are left to another checker.
    """

    shape_named: Callable[[str], Shape] = video.SHAPES.__getitem__
    unknown_severity: str = WARNING
    unknown_template: str = KEEP_UNKNOWN
    skip_shapes: frozenset[str] = frozenset()

    def check_object(self, obj: dict[str, Any], shape: Shape, path: str) -> Iterator[Problem]:
        for key in obj:
            if key not in shape.by_name:
                yield Problem(
                    join_path(path, key),
                    UNKNOWN_FIELD,
                    self.unknown_severity,
                    self.unknown_template,
                    {"field": key[:40], "shape": shape.name},
                )
        for spec in shape.fields:
            field_path = join_path(path, spec.name)
            if spec.name in obj:
                yield from self.check_value(obj[spec.name], spec, field_path)
            elif spec.required:
                yield Problem(
                    field_path, shape.required_rule, ERROR, MISSING_TEMPLATE, {"field": spec.name}
                )

    def check_value(self, value: Any, spec: Field, path: str) -> Iterator[Problem]:
        if not has_type(value, spec.type):
            yield wrong_type(value, spec.name, _TYPE_WORDS[spec.type], path)
        elif spec.type == INT:
            yield from _check_integer(value, spec, path)
        elif spec.type == STR:
            yield from _check_string(value, spec, path)
        elif spec.type == OBJ and spec.shape is not None and spec.shape not in self.skip_shapes:
            yield from self.check_object(value, self.shape_named(spec.shape), path)
        elif spec.type == LIST:
            yield from self._check_list(value, spec, path)

    def _check_list(self, value: list[Any], spec: Field, path: str) -> Iterator[Problem]:
        if spec.max_items is not None and len(value) > spec.max_items:
            yield Problem(
                path,
                spec.rule,
                ERROR,
                gettext_noop("%(field)s holds %(count)d entries; at most %(max)d are allowed."),
                {"field": spec.name, "count": len(value), "max": spec.max_items},
            )
        for index, item in enumerate(value):
            item_path = f"{path}[{index}]"
            if spec.kind == STRING_LIST:
                if not isinstance(item, str):
                    yield wrong_type(item, f"{spec.name}[{index}]", "a string", item_path)
            elif isinstance(item, dict) and spec.shape is not None:
                yield from self.check_object(item, self.shape_named(spec.shape), item_path)
            else:
                yield wrong_type(item, f"{spec.name}[{index}]", "an object", item_path)


def wrong_type(value: Any, name: str, expected: str, path: str) -> Problem:
    return Problem(
        path,
        WRONG_TYPE,
        ERROR,
        gettext_noop("%(field)s must be %(expected)s, not %(got)s."),
        {"field": name, "expected": expected, "got": json_type_name(value)},
    )


def _check_integer(value: int, spec: Field, path: str) -> Iterator[Problem]:
    rule = spec.rule or RANGE
    if spec.choices is not None and value not in spec.choices:
        yield Problem(
            path,
            rule,
            ERROR,
            gettext_noop("%(field)s must be one of %(choices)s, not %(value)d."),
            {"field": spec.name, "choices": _choices_text(spec.choices), "value": value},
        )
    elif spec.minimum is not None and value < spec.minimum:
        yield Problem(
            path,
            rule,
            ERROR,
            gettext_noop("%(field)s must be at least %(min)d, not %(value)d."),
            {"field": spec.name, "min": spec.minimum, "value": value},
        )
    elif spec.maximum is not None and value > spec.maximum:
        yield Problem(
            path,
            rule,
            ERROR,
            gettext_noop("%(field)s must be at most %(max)d, not %(value)d."),
            {"field": spec.name, "max": spec.maximum, "value": value},
        )


def _choices_text(choices: tuple[Any, ...]) -> str:
    return ", ".join(str(choice) for choice in choices)


def _check_string(value: str, spec: Field, path: str) -> Iterator[Problem]:
    if spec.choices is not None and value not in spec.choices:
        yield Problem(
            path,
            spec.rule,
            ERROR,
            gettext_noop('%(field)s must be one of %(choices)s, not "%(value)s".'),
            {"field": spec.name, "choices": _choices_text(spec.choices), "value": value[:40]},
        )
    elif spec.kind == COLOUR and not COLOUR_RE.fullmatch(value):
        yield Problem(
            path,
            "R46",
            ERROR,
            gettext_noop(
                "%(field)s must be a colour written 0xRRGGBB (for example 0xcc0033), "
                'not "%(value)s".'
            ),
            {"field": spec.name, "value": value[:40]},
        )
    elif spec.kind == IMAGE_URL:
        yield from check_image_url(value, spec, path)


DOCUMENT_WALKER = FieldWalker()


def _request_shape_named(name: str) -> Shape:
    return bodies.SHAPES.get(name) or video.SHAPES[name]


# The same walk as the document's, but a request's own fields are all known:
# an unknown one is refused (R6), while VideoParams keeps its unknown fields
# and is checked by layouts.core.rules.document.validate.
REQUEST_WALKER = FieldWalker(
    shape_named=_request_shape_named,
    unknown_severity=ERROR,
    unknown_template=gettext_noop("%(field)s is not a parameter of %(shape)s (R6)."),
    skip_shapes=bodies.DELEGATED_SHAPES,
)
