"""Any player watches the program: with the API token, or a signed short-lived URL.

Against the live server with `requests` and no session: a token-only client
reads the playlist and a segment; a signed playlist lists signed segments, so a
player without cookies plays it to the end of the grant, and no further; an
altered URL opens nothing; nobody anonymous gets in.
"""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlsplit

import av
import pytest
import requests
from django.http import HttpResponse
from rest_framework.authtoken.models import Token

from studio import program_access
from studio.control.services import launch, profiles
from studio.onair import services as onair
from tests.factories import make_user
from tests.studio.program_helpers import (
    STREAM,
    age,
    playlist_segments,
    run_engine,
    start_request,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _short_segments(settings):
    settings.MIX_PROGRAM_SEGMENT_SECONDS = 1.0


@pytest.fixture
def on_air(sandbox_profile):
    """An emulator task with a few finished segments, started by a producer."""
    producer = make_user("producer")
    task = launch.start_task(app=profiles.emulator_app(), request=start_request(), user=producer)
    age(task.task_id, 4.0)
    run_engine(task.task_id)  # the parts of those seconds, drawn as the engine draws them
    return task


def program(task, user, live_server):
    return onair.program_of(task, viewer=user, base_url=live_server.url)


def get(url: str, **kwargs) -> requests.Response:
    return requests.get(url, allow_redirects=False, timeout=30, **kwargs)


def test_a_token_only_client_reads_the_playlist_and_a_segment(live_server, on_air):
    viewer = make_user("watcher", "viewer")
    token = Token.objects.create(user=viewer)
    headers = {"Authorization": f"Token {token.key}"}
    playlist_path = onair.program_of(on_air)["hls"]

    playlist = get(f"{live_server.url}{playlist_path}", headers=headers)
    assert playlist.status_code == 200
    assert playlist.headers["Content-Type"].startswith("application/vnd.apple.mpegurl")
    first = playlist_segments(playlist.text)[0]
    assert "sig=" not in first  # a token client sends its token with every request
    segment = get(f"{live_server.url}{first}", headers=headers)
    assert segment.status_code == 200
    assert segment.headers["Content-Type"] == "video/mp2t"
    assert segment.content[0] == 0x47  # an MPEG-TS sync byte


def test_the_live_playlist_of_a_push_url_takes_the_token_too(live_server, on_air):
    token = Token.objects.create(user=make_user("watcher", "viewer"))
    answer = get(
        f"{live_server.url}/sandbox/live/{STREAM}.m3u8",
        headers={"Authorization": f"Token {token.key}"},
    )
    assert answer.status_code == 200
    assert playlist_segments(answer.text)


def test_anonymous_players_are_sent_to_the_login_page_and_bad_tokens_get_401(live_server, on_air):
    url = f"{live_server.url}{onair.program_of(on_air)['hls']}"
    anonymous = get(url)
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous.headers["Location"]
    wrong = get(url, headers={"Authorization": "Token not-a-token"})
    assert wrong.status_code == 401
    assert wrong.headers["WWW-Authenticate"] == "Token"


def test_a_signed_url_plays_without_cookies_and_signs_its_segments(live_server, on_air):
    viewer = make_user("watcher", "viewer")
    signed = program(on_air, viewer, live_server)["signed"]
    assert signed["hls"].startswith(live_server.url)
    assert signed["expires"] > time.time()

    playlist = get(signed["hls"])
    assert playlist.status_code == 200, playlist.text
    segments = playlist_segments(playlist.text)
    assert segments and all("sig=" in line for line in segments)
    segment = get(f"{live_server.url}{segments[-1]}")
    assert segment.status_code == 200
    assert segment.headers["Content-Type"] == "video/mp2t"
    tagged = re.findall(r'URI="([^"]+)"', playlist.text)  # low-latency parts and hints
    assert all("sig=" in uri for uri in tagged)
    live = get(signed["live"][0])
    assert live.status_code == 200 and all("sig=" in s for s in playlist_segments(live.text))


def test_ffmpeg_plays_a_signed_url_as_ffplay_would(live_server, on_air):
    signed = program(on_air, make_user("watcher", "viewer"), live_server)["signed"]["hls"]
    with av.open(signed, timeout=20) as container:
        video = container.streams.video[0]
        frames = [frame for frame, _ in zip(container.decode(video), range(5), strict=False)]

    assert len(frames) == 5
    assert (frames[0].width, frames[0].height) == (320, 180)


def test_an_altered_signed_url_opens_nothing(live_server, on_air):
    signed = program(on_air, make_user("watcher", "viewer"), live_server)["signed"]["hls"]
    address, token = signed.split("?sig=")
    assert get(signed).status_code == 200

    flipped = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    assert get(f"{address}?sig={flipped}").status_code == 403
    other_task = signed.replace(f"/program/{on_air_pk(signed)}/", "/program/999999/")
    assert get(other_task).status_code == 403
    assert get(signed.replace(f"/program/{on_air_pk(signed)}/", "/live/")).status_code == 403


def test_a_signed_url_fails_once_it_has_expired(live_server, on_air):
    viewer = make_user("watcher", "viewer")
    path = onair.program_of(on_air)["hls"]
    expired = program_access.Grant(viewer.pk, int(time.time()) - 1)
    answer = get(program_access.signed_url(live_server.url, path, expired))

    assert answer.status_code == 403
    assert "expired" in answer.json()["message"]


def test_a_signed_url_is_no_longer_than_its_lifetime(live_server, on_air, settings):
    settings.MIX_PROGRAM_URL_SECONDS = 1
    signed = program(on_air, make_user("watcher", "viewer"), live_server)["signed"]["hls"]
    assert get(signed).status_code == 200
    time.sleep(2.1)
    assert get(signed).status_code == 403


def test_a_signed_url_of_a_user_who_left_opens_nothing(live_server, on_air):
    viewer = make_user("watcher", "viewer")
    signed = program(on_air, viewer, live_server)["signed"]["hls"]
    viewer.is_active = False
    viewer.save()

    assert get(signed).status_code == 403


def test_a_signed_url_opens_only_program_addresses():
    grant = program_access.Grant(1, int(time.time()) + 60)
    with pytest.raises(ValueError):
        program_access.sign_path("/api/tasks/1/", grant)
    signed = program_access.sign_path("/sandbox/program/7/index.m3u8", grant)
    token = parse_qs(urlsplit(signed).query)["sig"][0]
    with pytest.raises(program_access.Refused):
        program_access.read_grant(token, "/admin/")
    with pytest.raises(program_access.Refused):
        program_access.read_grant(token, "/sandbox/program/70/index.m3u8")
    assert program_access.read_grant(token, "/sandbox/program/7/12.ts") == grant


def on_air_pk(signed: str) -> str:
    return urlsplit(signed).path.split("/")[3]


def test_a_signed_playlist_signs_its_parts_and_segments_with_the_same_grant():
    grant = program_access.Grant(3, int(time.time()) + 60)
    text = (
        "#EXTM3U\n"
        '#EXT-X-PART:DURATION=0.33333,URI="/sandbox/program/7/3.0.ts",\n'
        "#EXTINF:1.00000,\n"
        "/sandbox/program/7/3.ts\n"
        '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="4.1.ts"\n'
        "https://cdn.example.com/elsewhere.ts\n"
    )
    answer = HttpResponse(text, content_type=program_access.PLAYLIST_TYPE)
    lines = program_access.sign_playlist(answer, "/sandbox/program/7/index.m3u8", grant)
    lines = lines.content.decode().splitlines()

    part = re.search(r'URI="([^"]+)"', lines[1]).group(1)
    hint = re.search(r'URI="([^"]+)"', lines[4]).group(1)
    for uri, path in [
        (part, "/sandbox/program/7/3.0.ts"),
        (lines[3], "/sandbox/program/7/3.ts"),
        (hint, "/sandbox/program/7/4.1.ts"),
    ]:
        token = parse_qs(urlsplit(uri).query)["sig"][0]
        assert program_access.read_grant(token, path) == grant
    assert lines[5] == "https://cdn.example.com/elsewhere.ts"
    assert lines[2] == "#EXTINF:1.00000,"


def test_the_program_api_answers_signed_urls_beside_the_playlist(live_server, on_air):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_login(make_user("watcher", "viewer"))
    answer = client.get(f"/api/tasks/{on_air.pk}/program/").json()

    assert answer["hls"] == onair.program_of(on_air)["hls"]  # the page's own, unchanged
    assert answer["signed"]["hls"].startswith("http://testserver/sandbox/program/")
    assert "sig=" in answer["signed"]["hls"]
