"""POST /api/scenarios/render/: a scenario played through a layout, as H.264 decoded back."""

from __future__ import annotations

import io
import json

import av
import pytest
from rest_framework.test import APIClient

from layouts import services
from layouts.core.scenario_starters import starter
from tests.factories import document, make_user

pytestmark = pytest.mark.django_db


def render(api, **body):
    return api.generic(
        "POST", "/api/scenarios/render/", json.dumps(body).encode(), content_type="application/json"
    )


def frames_of(data: bytes):
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        return [frame.to_image() for frame in container.decode(stream)]


def grid():
    return {
        "VideoEncode": {"Width": 640, "Height": 360, "Fps": 15, "BitRate": 800, "Gop": 2},
        "LayoutParams": {"MixLayoutMode": 3},  # the grid template: it re-flows with the room
    }


def test_ten_seconds_of_a_scenario_decode_back_as_h264_at_ten_frames_a_second(api):
    answer = render(
        api, document=grid(), scenario=starter("talk-show-late-guest")["scenario"], seconds=10
    )

    assert answer.status_code == 200, answer.content[:300]
    assert answer["Content-Type"] == "video/mp4"
    frames = frames_of(answer.content)
    assert len(frames) == 100
    assert frames[0].size == (640, 360)


def test_the_picture_follows_the_room(api):
    scenario = {
        "duration": 4,
        "events": [
            {"at": 0, "type": "enter", "UserId": "a"},
            {"at": 2, "type": "enter", "UserId": "b"},
        ],
    }

    frames = frames_of(render(api, document=grid(), scenario=scenario).content)

    # One person fills the grid, then two share it: the picture changes at 2 s and
    # only then (frames of one room differ by encoding noise alone).
    assert difference(frames[5], frames[15]) < 3
    assert difference(frames[15], frames[25]) > 20
    assert difference(frames[25], frames[35]) < 3


def difference(a, b) -> float:
    """Mean absolute difference of two frames' grey levels (0-255)."""
    grey_a, grey_b = a.convert("L").tobytes(), b.convert("L").tobytes()
    return sum(abs(x - y) for x, y in zip(grey_a, grey_b, strict=True)) / len(grey_a)


def test_a_preset_plays_in_its_own_room(api):
    preset = services.create_preset(
        name="show", document=document(640, 360, slots=2), user=None
    ).preset

    answer = render(
        api, preset=preset.pk, scenario=starter("lecture-screen-share")["scenario"], seconds=1
    )

    assert answer.status_code == 200
    assert len(frames_of(answer.content)) == 10


def test_a_bad_scenario_names_the_event(api):
    scenario = {"duration": 5, "events": [{"at": 1, "type": "exit", "UserId": "a"}]}

    answer = render(api, document=grid(), scenario=scenario)

    assert answer.status_code == 400
    assert answer.json()["error"] == "scenario-invalid"
    assert answer.json()["problems"][0]["path"] == "scenario.events[0]"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"scenario": {"duration": 1, "events": []}}, "document"),
        ({"document": grid(), "scenario": {"duration": 1, "events": []}, "seconds": 31}, "seconds"),
        ({"document": grid(), "scenario": "junk"}, "scenario"),
        ({"preset": 999999, "scenario": {"duration": 1, "events": []}}, "preset"),
    ],
)
def test_bad_input_is_a_4xx_naming_the_field(api, body, field):
    answer = render(api, **body)

    assert 400 <= answer.status_code < 500
    assert answer.json().get("field", "").startswith(field) or field in json.dumps(answer.json())


def test_a_viewer_may_render_too():
    viewer = APIClient()
    viewer.force_login(make_user("watcher", role="viewer"))

    answer = render(viewer, document=grid(), scenario={"duration": 1, "events": []})

    assert answer.status_code == 200
