"""Property-based checks of the API: round trips and no 500 on any JSON."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layouts.core.contract.video import SHAPES
from layouts.core.rules import document as rules
from layouts.models import Preset

pytestmark = pytest.mark.django_db

FIELD_NAMES = sorted({f.name for shape in SHAPES.values() for f in shape.fields})
HYPOTHESIS = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@st.composite
def valid_documents(draw):
    width = draw(st.integers(160, 1920))
    height = draw(st.integers(90, 1920))
    slots = []
    for index in range(draw(st.integers(1, 16))):
        x = draw(st.integers(0, width - 1))
        y = draw(st.integers(0, height - 1))
        slot = {
            "LocationX": x,
            "LocationY": y,
            "ImageWidth": draw(st.integers(1, width - x)),
            "ImageHeight": draw(st.integers(1, height - y)),
            # Its own ZOrder: overlapping slots of one ZOrder are valid, but they warn.
            "ZOrder": index,
            "RenderMode": draw(st.sampled_from([0, 1, 2])),
        }
        if any(nested(slot, other) or nested(other, slot) for other in slots):
            continue  # a slot inside another may be hidden: valid, but it warns
        if draw(st.booleans()):
            slot["UserMediaStream"] = {
                "UserInfo": {"UserId": f"user_{index}", "RoomId": "1001", "RoomIdType": 0},
                "StreamType": draw(st.sampled_from([0, 1])),
            }
        slots.append(slot)
    colour = draw(st.from_regex(r"0x[0-9A-F]{6}", fullmatch=True))
    # Text a database can store: no NUL, no lone surrogate (those are refused with a 400).
    storable = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
    text = draw(st.text(storable, min_size=1, max_size=20).filter(lambda t: t.strip()))
    return {
        "VideoEncode": {
            "Width": width,
            "Height": height,
            "Fps": draw(st.integers(1, 60)),
            "BitRate": draw(st.integers(1, 10000)),
            "Gop": draw(st.integers(1, 5)),
        },
        "LayoutParams": {"MixLayoutMode": 4, "MixLayoutList": slots},
        "BackGroundColor": colour,
        "WaterMarkList": [
            {
                "WaterMarkType": 1,
                "WaterMarkText": {
                    "Text": text,
                    "LocationX": 0,
                    "LocationY": 0,
                    "WaterMarkWidth": width // 2,
                    "WaterMarkHeight": height // 4,
                    "FontSize": 12,
                    "FontColor": colour,
                },
            }
        ],
    }


def nested(inner, outer):
    return (
        outer["LocationX"] <= inner["LocationX"]
        and outer["LocationY"] <= inner["LocationY"]
        and outer["LocationX"] + outer["ImageWidth"] >= inner["LocationX"] + inner["ImageWidth"]
        and outer["LocationY"] + outer["ImageHeight"] >= inner["LocationY"] + inner["ImageHeight"]
    )


def without_heights_above_1080(problems):
    return [p for p in problems if not (p.rule == "R35" and p.severity == "warning")]


@HYPOTHESIS
@given(doc=valid_documents())
def test_valid_documents_validate_clean_and_round_trip_unchanged(api, doc):
    assert without_heights_above_1080(rules.validate(doc)) == []
    created = api.post("/api/presets/", {"name": "generated", "document": doc}, format="json")
    assert created.status_code == 201, created.json()
    fetched = api.get(f"/api/presets/{created.json()['id']}/").json()
    assert fetched["document"] == doc
    exported = json.loads(json.dumps(fetched["document"]))
    reimported = api.generic(
        "POST", "/api/presets/import/", json.dumps(exported), content_type="application/json"
    )
    assert reimported.status_code == 201
    assert reimported.json()["document"] == doc


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=25,
)


@HYPOTHESIS
@given(body=json_values)
def test_arbitrary_json_never_causes_a_server_error(api, body):
    before = Preset.objects.count()
    raw = json.dumps(body)
    for url, payload in [
        ("/api/presets/import/", raw),
        ("/api/presets/", json.dumps({"name": "x", "document": body})),
        ("/api/layouts/validate/", json.dumps({"document": body})),
        ("/api/presets/", raw),
    ]:
        response = api.generic("POST", url, payload, content_type="application/json")
        assert response.status_code < 500, (url, payload)
        if response.status_code >= 400:
            assert response.json()["message"]
        if response.status_code != 201:
            assert Preset.objects.count() == before
        before = Preset.objects.count()
