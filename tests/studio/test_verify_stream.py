"""Verify on air: the emulator's stream is as designed; an offset stream is named exactly."""

from __future__ import annotations

import contextlib
import functools
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command

from layouts.core import geometry
from studio.cloud.emulator.program import selectors as program_selectors
from studio.cloud.emulator.program.encoder import Program
from studio.cloud.emulator.program.playlist import media_playlist
from tests.studio.playback_streams import as_flv
from tests.studio.program_helpers import (
    STREAM,
    age,
    file_cache,
    run_engine,
    sandbox_of,
    small_document,
    start,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _short_segments(settings, tmp_path):
    settings.MIX_PROGRAM_SEGMENT_SECONDS = 1.0
    file_cache(settings, tmp_path / "cache")  # where the engine keeps the parts it draws


def test_the_emulators_own_program_is_as_designed(api):
    task = start(api)
    age(task["task_id"], 3.5)
    run_engine(task["task_id"])  # the engine draws; a verification only reads
    answer = api.post(f"/api/tasks/{task['id']}/verify/", {}, format="json")

    assert answer.status_code == 200, answer.json()
    verdict = answer.json()
    assert verdict["as_designed"] is True
    assert verdict["mismatches"] == []
    assert verdict["layout_volumes"] >= 10
    assert [r["uid"] for r in verdict["seen"]["regions"]] == ["anchor-1", "anchor-2"]
    assert verdict["capture"] is None  # the emulator teaches the calibration nothing


def test_the_sandbox_push_url_is_read_in_process_by_the_command(api):
    task = start(api)
    age(task["task_id"], 3.5)
    run_engine(task["task_id"])  # the engine draws; a verification only reads
    out = StringIO()
    call_command("verify_stream", f"rtmp://push.example.com/live/{STREAM}", stdout=out)

    assert out.getvalue().startswith("as designed: 2 picture(s)")


@pytest.fixture
def offset_stream(api, tmp_path, settings):
    """The task's program drawn with anchor-2 shifted 8 px right, served on loopback."""
    task = start(api)
    age(task["task_id"], 3.5)
    run_engine(task["task_id"])  # the engine draws; a verification only reads
    timeline = program_selectors.timeline_of(sandbox_of(task))

    def shifted(document, people, main_room):
        layout = geometry.regions(dict(document), list(people), main_room=main_room)
        moved = [
            region if region.user_id != "anchor-2" else _moved(region, 8)
            for region in layout.regions
        ]
        return geometry.Layout(**{**_fields(layout), "regions": tuple(moved)})

    program = Program(timeline, load_image=lambda url: None, layout_for=shifted)
    window = program_selectors.playlist_segments(timeline)[-2:]
    for segment in window:
        (tmp_path / f"{segment.number}.ts").write_bytes(program.segment_bytes(segment))
    (tmp_path / "index.m3u8").write_text(
        media_playlist(
            window,
            segment_url=lambda s: f"{s.number}.ts",
            target_seconds=1,
            discontinuity_sequence=0,
            ended=False,
        )
    )
    (tmp_path / "live.flv").write_bytes(
        as_flv([(tmp_path / f"{segment.number}.ts").read_bytes() for segment in window])
    )
    with serve_folder(tmp_path) as host:
        yield task, f"http://{host}/index.m3u8", host


def test_an_offset_stream_names_the_user_and_both_rectangles(api, offset_stream, settings):
    task, url, host = offset_stream
    settings.MIX_IMAGE_ALLOWED_HOSTS = [host]
    answer = api.post(f"/api/tasks/{task['id']}/verify/", {"url": url}, format="json")

    assert answer.status_code == 200, answer.json()
    verdict = answer.json()
    assert verdict["as_designed"] is False
    assert verdict["mismatches"] == [
        {
            "user": "anchor-2",
            "expected": {"x": 160, "y": 0, "w": 160, "h": 180},
            "seen": {"x": 168, "y": 0, "w": 160, "h": 180},
        }
    ]


def test_an_http_flv_stream_is_read_as_well(api, offset_stream, settings):
    task, url, host = offset_stream
    settings.MIX_IMAGE_ALLOWED_HOSTS = [host]
    flv = url.replace("index.m3u8", "live.flv")
    verdict = api.post(f"/api/tasks/{task['id']}/verify/", {"url": flv}, format="json").json()

    assert verdict["as_designed"] is False
    assert [item["user"] for item in verdict["mismatches"]] == ["anchor-2"]
    assert verdict["mismatches"][0]["seen"]["x"] == 168


def test_the_command_prints_every_mismatch(api, offset_stream, settings):
    task, url, host = offset_stream
    settings.MIX_IMAGE_ALLOWED_HOSTS = [host]
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("verify_stream", url, "--task", str(task["id"]), stdout=out)

    assert "anchor-2: expected 160x180 at (160, 0), seen 160x180 at (168, 0)" in out.getvalue()


def test_a_private_address_is_refused_naming_the_url_field(api, offset_stream):
    task, url, _host = offset_stream
    answer = api.post(f"/api/tasks/{task['id']}/verify/", {"url": url}, format="json")

    assert answer.status_code == 400
    assert answer.json()["field"] == "url"
    assert "private or local network address" in answer.json()["message"]


@contextlib.contextmanager
def serve_folder(folder):
    """A folder served over HTTP on loopback, as a CDN would serve the files; yields host:port."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def _moved(region: geometry.Region, dx: int) -> geometry.Region:
    from dataclasses import replace

    return replace(region, x=region.x + dx)


def _fields(layout: geometry.Layout) -> dict:
    from dataclasses import fields

    return {field.name: getattr(layout, field.name) for field in fields(layout)}


def test_verifying_a_real_stream_of_a_template_proposes_a_capture(api, tmp_path, settings):
    from layouts.models import TemplateCapture

    grid = small_document()
    grid["LayoutParams"] = {"MixLayoutMode": 3}
    task = start(api, VideoParams=grid)
    age(task["task_id"], 3.5)
    now = time.time()
    run_engine(task["task_id"], until=now)  # the engine draws; a verification only reads
    timeline = program_selectors.timeline_of(sandbox_of(task))
    segment = program_selectors.playlist_segments(timeline, now=now)[-1]
    (tmp_path / "0.ts").write_bytes(program_selectors.stored_segment_bytes(timeline, segment))
    (tmp_path / "index.m3u8").write_text(
        media_playlist(
            [segment],
            segment_url=lambda s: "0.ts",
            target_seconds=1,
            discontinuity_sequence=0,
            ended=True,
        )
    )
    with serve_folder(tmp_path) as host:
        settings.MIX_IMAGE_ALLOWED_HOSTS = [host]
        verdict = api.post(
            f"/api/tasks/{task['id']}/verify/", {"url": f"http://{host}/index.m3u8"}, format="json"
        ).json()

    assert verdict["as_designed"] is True
    capture = TemplateCapture.objects.get(pk=verdict["capture"])
    assert (capture.mode, capture.canvas_w, capture.canvas_h) == (3, 320, 180)
    assert capture.participants == ["guest-1", "guest-2", "guest-3", "guest-4"]
    assert len(capture.payloads) == verdict["layout_volumes"]
    # Anyone may verify any stream: it calibrates nothing until an administrator accepts it.
    assert (capture.status, capture.sdk_app_id) == ("proposed", settings.MIX_SANDBOX_SDK_APP_ID)
