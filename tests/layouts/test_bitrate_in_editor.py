"""The bitrate rule of thumb is said where the bitrate is typed: the document check.

The rule itself is a request rule (`layouts.core.rules.bitrate`, run at launch);
the editor, the library and saving check documents through
`services.document_problems`, which says it too, with the path inside the document.
"""

from __future__ import annotations

import pytest

from layouts import services
from tests.factories import document

pytestmark = pytest.mark.django_db


def starved(fps: int = 60, bitrate: int = 50) -> dict:
    doc = document(1920, 1080)
    doc["VideoEncode"].update(Fps=fps, BitRate=bitrate)
    return doc


def test_the_editors_check_warns_of_1080p60_at_50_kbps_at_the_bitrate_field(api):
    answer = api.post("/api/layouts/validate/", {"document": starved()}, format="json")
    assert answer.status_code == 200
    body = answer.json()
    assert body["valid"] is True  # a warning, never a refusal: it is our own rule of thumb
    warned = [p for p in body["problems"] if p["rule"] == "bitrate-heuristic"]
    assert len(warned) == 1
    assert warned[0]["path"] == "VideoEncode.BitRate"
    assert warned[0]["severity"] == "warning"
    assert "50 kbps" in warned[0]["message"] and "1920x1080 at 60 fps" in warned[0]["message"]


def test_a_sensible_bitrate_and_a_relay_are_not_warned(api):
    fine = api.post("/api/layouts/validate/", {"document": starved(bitrate=3000)}, format="json")
    assert [p for p in fine.json()["problems"] if p["rule"] == "bitrate-heuristic"] == []
    relay = services.document_problems(starved(), with_transcoding=0)
    assert [p for p in relay if p.rule == "bitrate-heuristic"] == []


def test_saving_says_the_warning_once(api):
    answer = api.post("/api/presets/", {"name": "Starved", "document": starved()}, format="json")
    assert answer.status_code == 201, answer.json()
    rules = [w["rule"] for w in answer.json().get("warnings", [])]
    assert rules.count("bitrate-heuristic") == 1
