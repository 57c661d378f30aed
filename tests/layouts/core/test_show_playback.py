"""layouts.core.show: the playback URLs a show keeps in our own part, and their checks.

Pure tests: run with `pytest tests/layouts/core/test_show_playback.py -p no:django`.
"""

from __future__ import annotations

import pytest

from layouts.core import show

PUSH = "rtmp://push.example.com/live/main?txSecret=abc"
OFF = "rtmp://push.example.com/live/backup"
PATH = "MixStudio.PlaybackUrls"


def body(*entries, outputs_off=()):
    return {
        "RoomId": "8888",
        "PublishCdnParams": [{"PublishCdnUrl": PUSH}],
        "MixStudio": {
            "OutputsOff": [{"PublishCdnUrl": url} for url in outputs_off],
            "PlaybackUrls": list(entries),
        },
    }


def entry(url, push=PUSH):
    return {"PublishCdnUrl": push, "PlaybackUrl": url}


def problems(request, allowed=()):
    return [(p.path, p.rule) for p in show.check_playback_urls(request, allowed)]


def test_playback_urls_are_part_of_our_own_key_and_never_sent():
    request = body(entry("https://play.example.com/live/main.m3u8"))
    assert show.PLAYBACK_URLS in show.APP_KEYS
    assert "MixStudio" not in show.start_body(None, request)
    assert "MixStudio" not in show.without_app_part(request)
    assert show.playback_urls(request) == [entry("https://play.example.com/live/main.m3u8")]


def test_reading_keeps_only_entries_of_two_strings():
    request = body(entry("https://a/x.flv"), {"PublishCdnUrl": PUSH}, "nope", entry(3))
    assert show.playback_urls(request) == [entry("https://a/x.flv")]
    assert show.playback_urls({"MixStudio": {"PlaybackUrls": "x"}}) == []
    assert show.playback_urls(None) == []


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://play.example.com/live/main.m3u8", "hls"),
        ("http://play.example.com/live/main.M3U8?txSecret=1", "hls"),
        ("https://play.example.com/live/main.flv", "flv"),
        ("https://play.example.com/live/main.mp4", None),
        ("https://play.example.com/live/main.flv/", None),
    ],
)
def test_the_kind_of_player_is_told_by_the_end_of_the_path(url, kind):
    assert show.playback_kind(url) == kind


def test_a_public_hls_or_flv_url_of_an_output_is_fine():
    request = body(
        entry("https://play.example.com/live/main.m3u8"),
        entry("http://play.example.com/live/backup.flv", push=OFF),
        outputs_off=[OFF],
    )
    assert problems(request) == []


@pytest.mark.parametrize(
    "url",
    [
        "rtmp://play.example.com/live/main",
        "ftp://play.example.com/live/main.m3u8",
        "file:///etc/passwd.m3u8",
        "javascript:alert(1)//.m3u8",
        "https:///main.m3u8",
        "https://play.example.com:99999/main.m3u8",
    ],
)
def test_only_http_and_https_urls_with_a_host_are_played(url):
    assert problems(body(entry(url))) == [(f"{PATH}[0].PlaybackUrl", "playback-url")]


def test_a_url_that_is_neither_hls_nor_flv_names_the_field():
    found = show.check_playback_urls(body(entry("https://play.example.com/live/main.mp4")))
    assert [(p.path, p.rule) for p in found] == [(f"{PATH}[0].PlaybackUrl", "playback-url")]
    assert ".m3u8 or .flv" in found[0].message


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "localhost", "10.0.0.8", "192.168.1.2", "[::1]", "169.254.169.254", "cdn.lan"],
)
def test_a_private_or_local_host_is_refused_as_images_are(host):
    found = show.check_playback_urls(body(entry(f"http://{host}/live/main.m3u8")))
    assert [(p.path, p.rule) for p in found] == [(f"{PATH}[0].PlaybackUrl", "playback-url")]
    assert "private or local network address" in found[0].message


def test_an_allowed_host_may_be_private():
    request = body(entry("http://127.0.0.1:8080/live/main.m3u8"))
    assert problems(request, allowed=["127.0.0.1:8080"]) == []


def test_a_playback_url_belongs_to_an_output_once():
    request = body(
        entry("https://a.example.com/1.m3u8", push="rtmp://push.example.com/live/other"),
        entry("https://a.example.com/2.m3u8"),
        entry("https://a.example.com/3.m3u8"),
    )
    assert problems(request) == [
        (f"{PATH}[0].PublishCdnUrl", "playback-url"),
        (f"{PATH}[2].PublishCdnUrl", "playback-url"),
    ]


def test_wrong_shapes_are_named():
    assert problems({"MixStudio": {"PlaybackUrls": {}}}) == [(PATH, "type")]
    request = body("x", {"PublishCdnUrl": PUSH, "PlaybackUrl": 5, "Note": "hi"})
    assert problems(request) == [
        (f"{PATH}[0]", "type"),
        (f"{PATH}[1].Note", "unknown-field"),
        (f"{PATH}[1].PlaybackUrl", "type"),
    ]


def test_a_url_too_long_is_refused():
    long_url = "https://play.example.com/" + "a" * show.MAX_PLAYBACK_URL_LENGTH + ".m3u8"
    assert problems(body(entry(long_url))) == [(f"{PATH}[0].PlaybackUrl", "playback-url")]


def test_a_request_without_playback_urls_has_no_problem_of_them():
    assert problems({"RoomId": "1"}) == []
    assert problems({"MixStudio": {"OutputsOff": []}}) == []


def test_a_kept_show_is_judged_on_its_playback_urls_too():
    from layouts.core.rules import request as request_rules

    bad = body(entry("ftp://cdn.example.com/live/show.m3u8"))
    bad.update({"RoomId": "8001", "RoomIdType": 0, "WithTranscoding": 1})

    found = request_rules.check_show(bad, launch_severity=None)

    assert any(p.path.startswith("MixStudio.PlaybackUrls[0]") for p in found)
