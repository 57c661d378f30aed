"""layouts.core.page_contract: the contract as JSON for the pages."""

from __future__ import annotations

import json

from layouts.core.contract import video
from layouts.core.page_contract import describe_shapes as describe


def test_describe_gives_every_field_as_json():
    described = json.loads(json.dumps(describe()))

    assert {name: [f["name"] for f in fields] for name, fields in described.items()} == {
        name: [spec.name for spec in shape.fields] for name, shape in video.SHAPES.items()
    }
    height = next(f for f in described["VideoEncode"] if f["name"] == "Height")
    assert height == {
        "name": "Height",
        "type": "integer",
        "required": True,
        "minimum": 0,
        "maximum": 1920,
        "rule": "R35",
        "help": "Output height (px)",
    }
