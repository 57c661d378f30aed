"""Playback URLs: checked with a launch, kept with the task and the preset, never sent,
and the real cloud's program played, verified and overlaid from them."""

from __future__ import annotations

import pytest

from layouts import services as layout_services
from studio.cloud.emulator.models import SandboxTask
from studio.control.models import MixTask, TaskEvent
from tests.studio.playback_streams import serve_stream, write_stream
from tests.studio.program_helpers import STREAM, small_document, start_request

pytestmark = pytest.mark.django_db

PUSH = f"rtmp://push.example.com/live/{STREAM}"
PLAY = "https://play.example.com/live/show_a.m3u8"
FIELD = "MixStudio.PlaybackUrls[0].PlaybackUrl"
REGIONS = [
    {"uid": "anchor-1", "zorder": 1, "volume": 40, "x": 0, "y": 0, "w": 160, "h": 180},
    {"uid": "anchor-2", "zorder": 2, "volume": 0, "x": 160, "y": 0, "w": 160, "h": 180},
]


def with_playback(url: str, push: str = PUSH) -> dict:
    return start_request(MixStudio={"PlaybackUrls": [{"PublishCdnUrl": push, "PlaybackUrl": url}]})


def cloud_task(app, playback: str, *, status: str = "running") -> MixTask:
    """A task on the real cloud, as its row stands once the cloud accepted its Start."""
    params = start_request()
    params.pop("MixStudio", None)
    return MixTask.objects.create(
        app_profile=app,
        room_id=params["RoomId"],
        backend="tencent",
        status=status,
        task_id="tencent-task-0001",
        params=params,
        playback_urls=[{"PublishCdnUrl": PUSH, "PlaybackUrl": playback}],
    )


# --- checked with the launch ---------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("rtmp://play.example.com/live/show_a", "not an http:// or https:// URL"),
        ("https://play.example.com/live/show_a.mp4", "neither HLS nor HTTP-FLV"),
        ("http://192.168.1.20/live/show_a.m3u8", "private or local network address"),
        ("http://localhost:8080/live/show_a.flv", "private or local network address"),
    ],
)
def test_a_bad_playback_url_refuses_the_start_naming_the_field(api, url, words):
    answer = api.post("/api/tasks/", {"request": with_playback(url)}, format="json")

    assert answer.status_code == 400, answer.json()
    assert answer.json()["field"] == FIELD
    assert words in answer.json()["message"]
    assert MixTask.objects.count() == 0
    assert TaskEvent.objects.count() == 0  # nothing was sent


def test_the_check_lists_a_bad_playback_url_with_the_other_problems(api):
    answer = api.post(
        "/api/tasks/check/", {"request": with_playback("ftp://x.example.com/a.m3u8")}, format="json"
    )

    assert answer.status_code == 200
    assert answer.json()["valid"] is False
    found = [p for p in answer.json()["problems"] if p["path"] == FIELD]
    assert [(p["rule"], p["severity"]) for p in found] == [("playback-url", "error")]


def test_a_playback_url_names_one_of_the_outputs(api):
    body = with_playback(PLAY, push="rtmp://push.example.com/live/elsewhere")
    answer = api.post("/api/tasks/", {"request": body}, format="json")

    assert answer.status_code == 400
    assert answer.json()["field"] == "MixStudio.PlaybackUrls[0].PublishCdnUrl"


def test_a_host_on_the_allow_list_may_be_private(api, settings):
    settings.MIX_IMAGE_ALLOWED_HOSTS = ["cdn.lan:8080"]
    body = with_playback("http://cdn.lan:8080/live/show_a.flv")
    answer = api.post("/api/tasks/check/", {"request": body}, format="json")

    assert answer.json()["valid"] is True, answer.json()["problems"]


# --- kept, never sent -------------------------------------------------------------------


def test_the_task_keeps_its_playback_urls_and_the_cloud_never_sees_them(api):
    answer = api.post("/api/tasks/", {"request": with_playback(PLAY)}, format="json")

    assert answer.status_code == 201, answer.json()
    assert answer.json()["playback_urls"] == [{"PublishCdnUrl": PUSH, "PlaybackUrl": PLAY}]
    task = MixTask.objects.get()
    assert task.playback_urls == [{"PublishCdnUrl": PUSH, "PlaybackUrl": PLAY}]
    assert "MixStudio" not in task.params
    sent = TaskEvent.objects.get(kind="call").request
    assert "MixStudio" not in sent and "PlaybackUrl" not in str(sent)
    assert "MixStudio" not in SandboxTask.objects.get().params


def test_a_preset_keeps_playback_urls_in_its_whole_show_and_a_launch_takes_them(api):
    kept = with_playback(PLAY)
    kept.pop("VideoParams")
    preset = layout_services.create_preset(
        name="Evening show", document=small_document(), request=kept, user=None
    ).preset
    assert preset.request["MixStudio"]["PlaybackUrls"][0]["PlaybackUrl"] == PLAY
    assert "MixStudio" not in api.get(f"/api/presets/{preset.pk}/request/").json()

    answer = api.post(
        "/api/tasks/", {"request": {"RoomId": "8001"}, "preset": preset.pk}, format="json"
    )

    assert answer.status_code == 201, answer.json()
    assert MixTask.objects.get().playback_urls[0]["PlaybackUrl"] == PLAY


# --- the real cloud's program -------------------------------------------------------------


def test_the_program_of_a_real_cloud_task_is_its_hls_playback_url(api, sandbox_profile):
    task = cloud_task(sandbox_profile, PLAY)
    answer = api.get(f"/api/tasks/{task.pk}/program/")

    assert answer.status_code == 200
    assert answer.json() == {
        "hls": PLAY,
        "sei_latest": f"/api/tasks/{task.pk}/program/sei/",
        "status": "live",
        "ended": False,
    }


def test_an_http_flv_playback_url_is_answered_as_flv(api, sandbox_profile):
    task = cloud_task(sandbox_profile, "https://play.example.com/live/show_a.flv")
    answer = api.get(f"/api/tasks/{task.pk}/program/").json()

    assert answer["flv"] == "https://play.example.com/live/show_a.flv"
    assert "hls" not in answer


def test_a_real_cloud_task_without_a_playback_url_on_air_has_no_program(api, sandbox_profile):
    task = cloud_task(sandbox_profile, PLAY)
    task.params["PublishCdnParams"] = [{"PublishCdnUrl": "rtmp://push.example.com/live/other"}]
    task.save()
    answer = api.get(f"/api/tasks/{task.pk}/program/")

    assert answer.status_code == 409
    assert answer.json()["error"] == "no-program"


@pytest.fixture
def cdn(tmp_path, settings):
    """The real cloud's CDN of this test: HLS and HTTP-FLV with volume-layout SEI."""
    write_stream(tmp_path, REGIONS)
    with serve_stream(tmp_path) as served:
        settings.MIX_IMAGE_ALLOWED_HOSTS = [served.host]
        yield served


def test_verify_reads_a_real_cloud_tasks_playback_url_by_default(api, sandbox_profile, cdn):
    task = cloud_task(sandbox_profile, cdn.url("index.m3u8"))
    answer = api.post(f"/api/tasks/{task.pk}/verify/", {}, format="json")

    assert answer.status_code == 200, answer.json()
    verdict = answer.json()
    assert verdict["source"] == cdn.url("index.m3u8")
    assert verdict["as_designed"] is True, verdict["mismatches"]
    assert [r["uid"] for r in verdict["seen"]["regions"]] == ["anchor-1", "anchor-2"]
    assert "/5.ts" in cdn.asked


@pytest.mark.parametrize("name", ["index.m3u8", "live.flv"])
def test_the_overlay_reads_the_latest_sei_of_the_playback_url(api, sandbox_profile, cdn, name):
    task = cloud_task(sandbox_profile, cdn.url(name))
    answer = api.get(f"/api/tasks/{task.pk}/program/sei/")

    assert answer.status_code == 200, answer.json()
    assert answer.json()["layout_volume"]["regions"] == REGIONS
    assert answer.json()["source"] == cdn.url(name)


def test_the_latest_sei_is_read_once_for_everyone_watching(api, sandbox_profile, cdn):
    task = cloud_task(sandbox_profile, cdn.url("index.m3u8"))
    for _ in range(3):
        assert api.get(f"/api/tasks/{task.pk}/program/sei/").status_code == 200

    assert cdn.asked.count("/index.m3u8") == 1


def test_the_latest_sei_of_a_private_playback_url_is_refused(api, sandbox_profile, tmp_path):
    write_stream(tmp_path, REGIONS, segments=1)
    with serve_stream(tmp_path) as served:  # not on MIX_IMAGE_ALLOWED_HOSTS
        task = cloud_task(sandbox_profile, served.url("index.m3u8"))
        answer = api.get(f"/api/tasks/{task.pk}/program/sei/")

    assert answer.status_code == 400
    assert "private or local network address" in answer.json()["message"]
    assert served.asked == []
