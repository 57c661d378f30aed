"""The contract as JSON: what the editor page embeds and `/api/layouts/schema/` answers.

The editor declares no constant of the API itself; it reads ranges, defaults,
choice labels, `effective_in` and the constants below from this JSON.
`translate` turns the English help and labels into the active language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from layouts.core import show
from layouts.core.contract import bodies, video
from layouts.core.contract.fields import COLOUR, IMAGE_URL, Field

Translate = Callable[[str], str]


def describe_shapes(translate: Translate = lambda text: text) -> dict[str, list[dict[str, Any]]]:
    """Every field of every VideoParams object type, by shape name."""
    return {
        name: [_describe_field(spec, translate) for spec in shape.fields]
        for name, shape in video.SHAPES.items()
    }


def describe_request_shapes(
    translate: Translate = lambda text: text,
) -> dict[str, list[dict[str, Any]]]:
    """Every field of every other object type of a request body (B.1-B.4, B.15-B.22)."""
    return {
        name: [_describe_field(spec, translate) for spec in shape.fields]
        for name, shape in bodies.SHAPES.items()
    }


def _describe_field(spec: Field, translate: Translate) -> dict[str, Any]:
    described = {
        "name": spec.name,
        "type": spec.type,
        "required": spec.required,
        "minimum": spec.minimum,
        "maximum": spec.maximum,
        "choices": list(spec.choices) if spec.choices else None,
        "labels": {str(k): translate(v) for k, v in spec.labels.items()} if spec.labels else None,
        "default": spec.default,
        "rule": spec.rule or None,
        "shape": spec.shape,
        "max_items": spec.max_items,
        "kind": spec.kind or None,
        "effective_in": list(spec.effective_in) if spec.effective_in else None,
        "help": translate(spec.help) if spec.help else None,
    }
    return {key: value for key, value in described.items() if value is not None}


def constants() -> dict[str, Any]:
    """The numbers and patterns of the API the editor needs besides the field tables."""
    return {
        "modes": {
            "floating": video.MODE_FLOATING,
            "screen_share": video.MODE_SCREEN_SHARE,
            "grid": video.MODE_GRID,
            "custom": video.MODE_CUSTOM,
        },
        "default_mode": video.DEFAULT_MODE,
        "dynamic_modes": list(video.DYNAMIC_MODES),
        "max_slots": video.MAX_SLOTS,
        "max_canvas_side": video.MAX_CANVAS_SIDE,
        "colour_pattern": video.COLOUR_PATTERN,
        "stream_types": {"camera": video.STREAM_CAMERA, "screen": video.STREAM_SCREEN},
        "watermark_types": {"image": video.WATERMARK_IMAGE_TYPE, "text": video.WATERMARK_TEXT_TYPE},
        "custom_placeholder_mode": video.CUSTOM_PLACEHOLDER_MODE,
        "max_outputs": bodies.MAX_OUTPUTS,
        # The launch page and the live controls: a whole show (layouts/show.py).
        "actions": {"start": bodies.START, "update": bodies.UPDATE},
        "updatable_keys": list(bodies.UPDATABLE_KEYS),
        "task_keys": list(show.TASK_KEYS),
        "envelope_keys": list(show.ENVELOPE_KEYS),
        "record_formats": list(bodies.RECORD_FORMATS),
        "app_key": show.APP_KEY,
        "outputs_off_key": show.OUTPUTS_OFF,
        # The `kind` a field description carries: image URLs get the asset picker.
        "field_kinds": {"image_url": IMAGE_URL, "colour": COLOUR},
    }


def editor_contract(translate: Translate = lambda text: text) -> dict[str, Any]:
    return {
        "shapes": describe_shapes(translate),
        "request_shapes": describe_request_shapes(translate),
        "constants": constants(),
    }
