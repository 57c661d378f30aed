"""Verify has one deadline for the whole verification, and each user runs one at a time.

A stream server that answers late, or a byte at a time, holds a request thread
for as long as the verifier waits: MIX_VERIFY_DEADLINE_SECONDS bounds all of a
verification's fetches and decoding together, and a second verification by
the same user meanwhile is answered 429 with Retry-After at once.
"""

from __future__ import annotations

import io
import threading
import time

import av
import pytest
from django.db import connection
from rest_framework.test import APIClient

from tests.factories import make_user
from tests.studio.crafted_streams import (
    cloud_task,
    hls,
    layout_json,
    playlist,
    sei_segment,
    serve,
)

DEADLINE = 1.5
MARGIN = 1.0  # what a loaded machine adds after the deadline: judging, answering
PAIR = [("ann", 0, 0, 160, 180), ("bob", 160, 0, 160, 180)]


@pytest.fixture
def short_deadline(settings):
    settings.MIX_VERIFY_DEADLINE_SECONDS = DEADLINE


def timed_verify(client, task, url: str):
    started = time.monotonic()
    answer = client.post(f"/api/tasks/{task.pk}/verify/", {"url": url}, format="json")
    return answer, time.monotonic() - started


@pytest.mark.django_db
def test_fetches_each_quick_enough_alone_share_one_deadline(api, settings, short_deadline):
    stream = sei_segment(layout_json(PAIR))
    files = {"/index.m3u8": playlist("0.ts", "1.ts"), "/0.ts": stream, "/1.ts": stream}
    # Each answer takes 0.8 s: three of them take 2.4 s, past the 1.5 s deadline.
    with serve(files, delay=0.8) as host:
        settings.MIX_IMAGE_ALLOWED_HOSTS = [host]
        answer, took = timed_verify(api, cloud_task(), f"http://{host}/index.m3u8")

    assert DEADLINE - 0.2 <= took <= DEADLINE + MARGIN
    assert answer.status_code == 400, answer.json()
    assert answer.json()["error"] == "stream-unreadable"
    assert "did not deliver enough of the stream in time" in answer.json()["message"]


@pytest.mark.django_db
def test_a_segment_trickled_a_byte_at_a_time_ends_at_the_deadline(api, settings, short_deadline):
    files = hls(sei_segment(layout_json(PAIR)))
    with serve(files, trickle=0.01) as host:
        settings.MIX_IMAGE_ALLOWED_HOSTS = [host]
        answer, took = timed_verify(api, cloud_task(), f"http://{host}/index.m3u8")

    assert took <= DEADLINE + MARGIN
    assert answer.status_code == 400, answer.json()
    assert "in time" in answer.json()["message"]


@pytest.mark.django_db
def test_a_trickled_http_flv_stream_is_judged_on_what_came_in_time(api, settings, short_deadline):
    flv = as_flv(sei_segment(layout_json(PAIR)))
    with serve({"/live.flv": flv}, trickle=0.002) as host:
        settings.MIX_IMAGE_ALLOWED_HOSTS = [host]
        answer, took = timed_verify(api, cloud_task(), f"http://{host}/live.flv")

    assert took <= DEADLINE + MARGIN
    assert answer.status_code in (200, 400), answer.content[:300]
    if answer.status_code == 200:
        assert answer.json()["as_designed"] is False  # too little came to see the layout


@pytest.mark.django_db(transaction=True)
def test_a_users_second_concurrent_verification_is_refused_with_retry_after(settings):
    settings.MIX_VERIFY_DEADLINE_SECONDS = 4
    task = cloud_task()
    ann, bob = client_of("ann"), client_of("bob")
    answers = {}

    def verify_slowly(name, client, url):
        try:
            answers[name] = timed_verify(client, task, url)[0]
        finally:
            connection.close()

    with serve(hls(sei_segment(layout_json(PAIR))), delay=0.6) as host:
        settings.MIX_IMAGE_ALLOWED_HOSTS = [host]
        url = f"http://{host}/index.m3u8"
        first = threading.Thread(target=verify_slowly, args=("first", ann, url))
        first.start()
        time.sleep(0.3)  # the first one is waiting for the playlist
        others = threading.Thread(target=verify_slowly, args=("bob", bob, url))
        others.start()
        second, took = timed_verify(ann, task, url)
        first.join(timeout=10)
        others.join(timeout=10)
        after = ann.post(f"/api/tasks/{task.pk}/verify/", {"url": url}, format="json")

    assert second.status_code == 429, second.json()
    assert took < 0.5  # refused at once, holding no thread
    assert second.json()["error"] == "verify-busy"
    assert 1 <= int(second["Retry-After"]) <= 4
    assert answers["first"].status_code == 200, answers["first"].json()
    assert answers["bob"].status_code == 200, answers["bob"].json()  # another user: not blocked
    assert after.status_code == 200, after.json()  # the slot is free again


def client_of(name: str) -> APIClient:
    client = APIClient()
    client.force_login(make_user(name))
    return client


def as_flv(segment_bytes: bytes) -> bytes:
    """The video of an MPEG-TS segment remuxed into FLV, as an HTTP-FLV CDN sends it."""
    buffer = io.BytesIO()
    with (
        av.open(io.BytesIO(segment_bytes), format="mpegts") as source,
        av.open(buffer, "w", format="flv") as output,
    ):
        video = source.streams.video[0]
        stream = output.add_stream_from_template(video)
        for packet in source.demux(video):
            if packet.dts is not None:
                packet.stream = stream
                output.mux(packet)
    return buffer.getvalue()
