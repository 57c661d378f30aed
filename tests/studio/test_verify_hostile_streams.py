"""Verify cannot be turned against the app: any SEI bytes give a 4xx or a reported mismatch.

Each test serves a stream it crafted from a loopback server of its own
(tests/studio/crafted_streams.py) and verifies a real-cloud task against it
through POST /api/tasks/{id}/verify/, as a producer would. The SSRF guard lets
the loopback server in through MIX_IMAGE_ALLOWED_HOSTS only.
"""

from __future__ import annotations

import pytest

from layouts.core import sei
from layouts.models import TemplateCapture
from studio.media.reading import sei_in_bytes
from tests.studio.crafted_streams import (
    FRAMES,
    cloud_task,
    hls,
    layout_json,
    segment,
    sei_segment,
    serve,
)

pytestmark = pytest.mark.django_db

CANVAS = b'"canvas": {"w": 320, "h": 180}'
AS_DESIGNED = [("ann", 0, 0, 160, 180), ("bob", 160, 0, 160, 180)]  # the D.4 grid of two


def verify(api, task, files: dict[str, bytes], settings):
    with serve(files) as host:
        settings.MIX_IMAGE_ALLOWED_HOSTS = [host]
        return api.post(
            f"/api/tasks/{task.pk}/verify/", {"url": f"http://{host}/index.m3u8"}, format="json"
        )


def test_a_well_formed_stream_is_as_designed_and_proposes_a_capture(api, settings):
    task = cloud_task()
    answer = verify(api, task, hls(sei_segment(layout_json(AS_DESIGNED))), settings)

    assert answer.status_code == 200, answer.json()
    verdict = answer.json()
    assert verdict["as_designed"] is True
    assert verdict["layout_volumes"] >= 5
    capture = TemplateCapture.objects.get(pk=verdict["capture"])
    assert (capture.status, capture.sdk_app_id) == ("proposed", 1400012345)


def test_a_proposal_keeps_only_the_last_payloads_of_its_stream(api, settings):
    stream = sei_segment(*[layout_json(AS_DESIGNED)] * 8)  # 8 a frame: 48 in all
    verdict = verify(api, cloud_task(), hls(stream), settings).json()

    assert verdict["layout_volumes"] == 8 * FRAMES
    assert len(TemplateCapture.objects.get(pk=verdict["capture"]).payloads) == 32


HOSTILE = {
    "NaN": b"{" + CANVAS + b', "regions": [{"uid": "ann", "x": NaN}]}',
    "Infinity": b"{" + CANVAS + b', "regions": [{"uid": "ann", "x": Infinity}]}',
    "-Infinity": b"{" + CANVAS + b', "regions": [{"uid": "ann", "x": -Infinity}]}',
    "a float past the largest": b"{" + CANVAS + b', "regions": [{"uid": "ann", "x": 1e999}]}',
    "400 digits": b"{" + CANVAS + b', "regions": [], "ts": ' + b"7" * 400 + b"}",
    "5000 digits": b"{" + CANVAS + b', "regions": [], "ts": ' + b"7" * 5000 + b"}",
    "deep nesting": b"{" + CANVAS + b', "regions": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
    "invalid UTF-8": b"{" + CANVAS + b', "regions": [{"uid": "\xc3\x28"}]}',
    "a lone surrogate": b"{" + CANVAS + b', "regions": [{"uid": "\\udc00"}]}',
    "a NUL character": b"{" + CANVAS + b', "regions": [{"uid": "\\u0000"}]}',
    "gigantic": b"{" + CANVAS + b', "regions": [], "app_data": "' + b"x" * 200_000 + b'"}',
}


@pytest.mark.parametrize("content", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_sei_is_reported_as_no_layout_never_a_server_error(api, settings, content):
    task = cloud_task()
    answer = verify(api, task, hls(sei_segment(content)), settings)

    assert answer.status_code == 200, answer.content[:500]
    verdict = answer.json()
    assert (verdict["as_designed"], verdict["layout_volumes"]) == (False, 0)
    assert "no volume-layout SEI" in verdict["note"]
    assert verdict["capture"] is None


@pytest.mark.parametrize("content", HOSTILE.values(), ids=HOSTILE.keys())
def test_the_reader_the_programs_sei_view_calls_finds_no_layout_in_hostile_sei(content):
    timed = sei_in_bytes(sei_segment(content))

    assert [item.message.payload_type for item in timed].count(100) == FRAMES
    assert all(sei.volume_layout(item.message, 100) is None for item in timed)


def test_the_reader_the_programs_sei_view_calls_stops_where_a_segment_breaks_off():
    whole = sei_segment(layout_json(AS_DESIGNED))
    timed = sei_in_bytes(whole[: len(whole) // 2 + 77])

    assert 0 < len(timed) < len(sei_in_bytes(whole))


def test_wrong_types_where_numbers_belong_are_reported_as_mismatches(api, settings):
    content = (
        b'{"canvas": {"w": "wide", "h": 180}, "regions": [{"uid": "ann", "x": "left", '
        b'"y": [], "w": {}, "h": null}, {"uid": 7}, "bob"], "ts": true}'
    )
    answer = verify(api, cloud_task(), hls(sei_segment(content)), settings)

    assert answer.status_code == 200, answer.json()
    verdict = answer.json()
    assert verdict["as_designed"] is False
    assert verdict["mismatches"] == [
        {"user": "(canvas)", "expected": {"w": 320, "h": 180}, "seen": {"w": "wide", "h": 180}},
        {
            "user": "ann",
            "expected": {"x": 0, "y": 0, "w": 320, "h": 180},
            "seen": {"x": "left", "y": [], "w": {}, "h": None},
        },
    ]
    assert verdict["capture"] is None  # it measures nothing


@pytest.mark.parametrize(
    "nal",
    [
        b"\x06\x64\xc8" + b"x" * 20,  # a payload of 200 bytes that stops after 20
        b"\x06\x64" + b"\xff" * 5000,  # a size that never ends
        b"\x06",  # a header and nothing else
        b"\x06\x64\x05{\x80",  # a size past the end of the NAL unit
    ],
    ids=["payload cut short", "endless size", "empty", "size past the end"],
)
def test_truncated_sei_nal_units_read_as_no_layout(api, settings, nal):
    answer = verify(api, cloud_task(), hls(segment(nal)), settings)

    assert answer.status_code == 200, answer.json()
    assert answer.json()["layout_volumes"] == 0


def test_a_segment_cut_in_the_middle_keeps_what_came_before_the_cut(api, settings):
    whole = sei_segment(layout_json(AS_DESIGNED))
    answer = verify(api, cloud_task(), hls(whole[: len(whole) // 2 + 77]), settings)

    assert answer.status_code == 200, answer.json()
    assert answer.json()["as_designed"] is True


@pytest.mark.parametrize(
    "body", [b"", b"\x00" * 188, b"garbage" * 1000], ids=["empty", "zeros", "text"]
)
def test_a_segment_that_is_no_stream_is_a_4xx_or_no_layout(api, settings, body):
    answer = verify(api, cloud_task(), hls(body), settings)

    assert answer.status_code in (200, 400), answer.content[:500]
    if answer.status_code == 400:
        assert answer.json()["error"] == "stream-unreadable"
    else:
        assert answer.json()["layout_volumes"] == 0


def test_a_pass_through_of_another_type_is_never_read_as_the_layout(api, settings):
    # The producer's own cue: layout-shaped JSON, on the pass-through's type 101.
    cue = layout_json([("ann", 600, 0, 40, 40), ("bob", 0, 0, 40, 40)])
    stream = segment(
        sei.sei_nal([sei.message(100, layout_json(AS_DESIGNED)), sei.message(101, cue)])
    )
    task = cloud_task(
        sei_params={"LayoutVolume": {}, "PassThrough": {"PayloadContent": "x", "PayloadType": 101}}
    )
    answer = verify(api, task, hls(stream), settings)

    assert answer.status_code == 200, answer.json()
    verdict = answer.json()
    assert verdict["as_designed"] is True
    assert verdict["messages"] > verdict["layout_volumes"]


def test_the_layout_is_read_at_the_tasks_own_payload_type(api, settings):
    task = cloud_task(sei_params={"LayoutVolume": {"PayloadType": 150}})
    at_default = verify(api, task, hls(sei_segment(layout_json(AS_DESIGNED))), settings)
    at_its_type = verify(
        api, task, hls(sei_segment(layout_json(AS_DESIGNED), payload_type=150)), settings
    )

    assert at_default.json()["layout_volumes"] == 0
    assert at_its_type.json()["as_designed"] is True
