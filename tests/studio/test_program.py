"""The emulator's program: what a sandbox task really puts on air, decoded with PyAV."""

from __future__ import annotations

import datetime
import io

import av
import pytest

from layouts.core.geometry import Participant
from studio.cloud.emulator.program import audio
from studio.cloud.emulator.program.models import ProgramChange
from studio.media.reading import sei_in_bytes
from tests.studio.program_helpers import (
    STREAM,
    age,
    decoded,
    fetch,
    layout_volumes,
    peak_pitches,
    playlist_segments,
    sandbox_of,
    small_document,
    start,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _short_segments(settings):
    settings.MIX_PROGRAM_SEGMENT_SECONDS = 1.0


def program_playlist(api, task) -> str:
    answer = api.get(f"/api/tasks/{task['id']}/program/").json()
    return fetch(api, answer["hls"]).decode()


def last_segment(api, task) -> bytes:
    return fetch(api, playlist_segments(program_playlist(api, task))[-1])


def test_a_segment_has_the_tasks_size_rate_and_sound(api):
    task = start(api)
    age(task["task_id"], 3.5)
    frames, samples, video, sound = decoded(last_segment(api, task))

    assert (frames[0].width, frames[0].height) == (320, 180)
    assert video.average_rate == 10
    assert len(frames) == 10  # one second at Fps 10
    assert sound.codec_context.sample_rate == 48000
    assert sound.codec_context.layout.nb_channels == 2
    # Both anchors send their own tone: 300 Hz and 400 Hz (join order).
    assert peak_pitches(samples, 48000, 2) == {audio.pitch_of(0), audio.pitch_of(1)}


def test_the_sei_regions_are_the_apps_regions_for_the_tasks_room(api):
    task = start(api)
    age(task["task_id"], 3.5)
    room = api.get(f"/api/tasks/{task['id']}/room/").json()["participants"]
    expected = api.post(
        "/api/layouts/regions/",
        {"document": task["params"]["VideoParams"], "participants": room},
        format="json",
    ).json()["sei"]

    seen = layout_volumes(last_segment(api, task))

    assert len(seen) == 10  # Interval 100 ms at 10 frames a second: every frame
    for _seconds, payload in seen:
        assert payload["canvas"] == expected["canvas"]
        assert payload["app_data"] == "show"
        assert [{k: r[k] for k in "uid x y w h zorder".split()} for r in payload["regions"]] == [
            {k: r[k] for k in "uid x y w h zorder".split()} for r in expected["regions"]
        ]


def test_after_an_accepted_update_the_sei_follows_from_the_next_frame(api):
    task = start(api)
    age(task["task_id"], 2.0)
    moved = small_document()
    moved["LayoutParams"]["MixLayoutList"][0].update(
        LocationX=40, LocationY=20, ImageWidth=100, ImageHeight=100
    )
    response = api.post(
        f"/api/tasks/{task['id']}/update/", {"request": {"VideoParams": moved}}, format="json"
    )
    assert response.status_code == 200, response.json()
    update = ProgramChange.objects.get(task__task_id=task["task_id"], kind="update")
    age(task["task_id"], 2.5)
    update.refresh_from_db()
    start_at = ProgramChange.objects.get(task__task_id=task["task_id"], kind="start").at
    took_effect = update.at - start_at

    seen = []
    for path in playlist_segments(program_playlist(api, task)):
        seen.extend(layout_volumes(fetch(api, path)))
    before = [p for seconds, p in seen if seconds < took_effect - 1e-6]
    after = [p for seconds, p in seen if seconds >= took_effect - 1e-6]

    assert before and after
    assert {
        (r["x"], r["y"], r["w"]) for p in before for r in p["regions"] if r["uid"] == "anchor-1"
    } == {(0, 0, 160)}
    assert {
        (r["x"], r["y"], r["w"]) for p in after for r in p["regions"] if r["uid"] == "anchor-1"
    } == {(40, 20, 100)}
    # The first frame at or after the update already shows it.
    first_after = min(seconds for seconds, _p in seen if seconds >= took_effect - 1e-6)
    assert first_after - took_effect < 0.1 + 1e-6


def test_the_cdn_url_plays_the_same_program(api):
    task = start(api)
    age(task["task_id"], 2.5)
    own = program_playlist(api, task)
    live = fetch(api, f"/sandbox/live/{STREAM}.m3u8").decode()

    assert playlist_segments(live) == playlist_segments(own)
    assert "#EXT-X-ENDLIST" not in live


def test_the_program_ends_when_the_task_stops(api):
    task = start(api)
    age(task["task_id"], 2.3)
    assert api.post(f"/api/tasks/{task['id']}/stop/").status_code == 200
    text = program_playlist(api, task)

    assert text.rstrip().endswith("#EXT-X-ENDLIST")
    # The last segment ends at the stop: 0.3 s after the second whole second.
    assert "#EXTINF:0.3" in text
    assert api.get(f"/api/tasks/{task['id']}/program/").json()["ended"] is True


def test_a_blacklisted_user_is_not_heard_and_a_sound_level_scales_a_voice(api):
    task = start(
        api,
        AudioParams={
            "AudioEncode": {"SampleRate": 48000, "Channel": 1, "BitRate": 64, "Codec": 0},
            "UnSubscribeAudioList": [{"UserInfo": {"UserId": "anchor-2", "RoomId": "8001"}}],
        },
    )
    age(task["task_id"], 2.5)
    data = last_segment(api, task)
    _frames, samples, _video, sound = decoded(data)

    assert sound.codec_context.layout.nb_channels == 1
    assert peak_pitches(samples, 48000, 1) == {audio.pitch_of(0)}
    volumes = {r["uid"]: r["volume"] for _s, p in layout_volumes(data) for r in p["regions"]}
    assert volumes["anchor-2"] == 0


def test_sound_level_applies_to_whitelisted_users():
    people = [Participant("a", "1", 0), Participant("b", "1", 0), Participant("c", "1", 0)]
    gains = audio.mix_gains(
        {
            "SubscribeAudioList": [
                {"UserInfo": {"UserId": "a"}, "SoundLevel": 50},
                {"UserInfo": {"UserId": "b"}},
            ],
            "UnSubscribeAudioList": [{"UserInfo": {"UserId": "b"}}],
        },
        people,
        ("1", 0),
    )
    # R33: on both lists means excluded; not on the whitelist means not mixed.
    assert gains == {"a": 0.5, "b": 0.0, "c": 0.0}


def test_pass_through_sei_is_written_with_its_payload_type_and_uuid(api):
    task = start(
        api,
        SeiParams={
            "PassThrough": {
                "PayloadContent": "cue:42",
                "PayloadType": 5,
                "PayloadUuid": "0123456789abcdef0123456789abcdef",
                "Interval": 500,
            }
        },
    )
    age(task["task_id"], 2.5)
    messages = [timed.message for timed in sei_in_bytes(last_segment(api, task))]
    custom = [m for m in messages if m.uuid == bytes.fromhex("0123456789abcdef0123456789abcdef")]

    assert [m.content for m in custom] == [b"cue:42", b"cue:42"]  # every 500 ms of 1 s
    assert all(m.payload_type == 5 for m in custom)


def test_an_empty_room_ends_the_task_after_max_idle_time(api):
    task = start(api)
    answer = api.post(f"/api/tasks/{task['id']}/room/", {"participants": []}, format="json")
    assert answer.status_code == 200, answer.json()
    assert answer.json()["participants"] == []
    age(task["task_id"], 9.0)  # MaxIdleTime is 10 s
    assert api.get(f"/api/tasks/{task['id']}/").json()["status"] == "running"

    age(task["task_id"], 2.0)
    assert api.get(f"/api/tasks/{task['id']}/").json()["status"] == "running"  # a read runs nothing
    playlist = program_playlist(api, task)  # the emulator runs: the monitor asks for its program
    read = api.get(f"/api/tasks/{task['id']}/").json()

    assert playlist.rstrip().endswith("#EXT-X-ENDLIST")
    assert read["status"] == "stopped"
    sandbox = sandbox_of(task)
    assert sandbox.status == "stopped"
    changes = {c.kind: c.at for c in sandbox.program_changes.all()}
    assert changes["stop"] - changes["room"] == pytest.approx(10.0)
    assert stored_moment(read["stopped_at"]) == pytest.approx(changes["stop"], abs=1e-3)


def test_an_idle_task_ends_when_the_emulator_next_handles_a_call(api):
    idle = start(api)
    api.post(f"/api/tasks/{idle['id']}/room/", {"participants": []}, format="json")
    age(idle["task_id"], 11.0)
    other = start(
        api, RoomId="8002", PublishCdnParams=[{"PublishCdnUrl": "rtmp://push.example.com/live/b"}]
    )

    assert other["status"] == "running"
    assert api.get(f"/api/tasks/{idle['id']}/").json()["status"] == "stopped"


def stored_moment(text: str) -> float:
    """A task's time as the API writes it, in Unix seconds."""
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def test_someone_coming_back_keeps_the_task_alive(api):
    task = start(api)
    api.post(f"/api/tasks/{task['id']}/room/", {"participants": []}, format="json")
    age(task["task_id"], 5.0)
    back = [{"UserId": "anchor-1", "RoomId": "8001", "RoomIdType": 0}]
    api.post(f"/api/tasks/{task['id']}/room/", {"participants": back}, format="json")
    age(task["task_id"], 30.0)

    assert api.get(f"/api/tasks/{task['id']}/").json()["status"] == "running"


def test_the_room_answers_in_the_participant_shape_of_previews(api):
    task = start(api)
    people = api.get(f"/api/tasks/{task['id']}/room/").json()["participants"]

    assert [p["UserId"] for p in people] == ["anchor-1", "anchor-2"]
    assert set(people[0]) >= {"UserId", "RoomId", "RoomIdType", "camera", "audio", "screen"}


def test_a_bad_room_names_the_participant_field(api):
    task = start(api)
    answer = api.post(
        f"/api/tasks/{task['id']}/room/", {"participants": [{"UserId": "x"}]}, format="json"
    )

    assert answer.status_code == 400
    assert answer.json()["field"].startswith("participants[0]")


def test_an_unfinished_segment_is_not_served(api):
    task = start(api)
    sandbox = sandbox_of(task)

    assert api.get(f"/sandbox/program/{sandbox.pk}/5.ts").status_code == 404


def test_a_new_picture_size_starts_a_segment_behind_a_discontinuity(api):
    task = start(api)
    age(task["task_id"], 1.5)
    bigger = small_document(Width=480, Height=270)
    bigger["LayoutParams"]["MixLayoutList"][1]["LocationX"] = 240
    for slot in bigger["LayoutParams"]["MixLayoutList"]:
        slot.update(ImageWidth=240, ImageHeight=270)
    response = api.post(
        f"/api/tasks/{task['id']}/update/", {"request": {"VideoParams": bigger}}, format="json"
    )
    assert response.status_code == 200, response.json()
    age(task["task_id"], 2.5)
    text = program_playlist(api, task)
    lines = text.splitlines()
    cut = lines.index("#EXT-X-DISCONTINUITY")
    before = [line for line in lines[:cut] if not line.startswith("#")]
    after = [line for line in lines[cut:] if not line.startswith("#")]

    assert decoded(fetch(api, before[-1]))[0][0].width == 320
    frames = decoded(fetch(api, after[0]))[0]
    assert (frames[0].width, frames[0].height) == (480, 270)
    assert frames[0].key_frame


def test_an_audio_only_task_has_a_program_of_sound(api):
    body = {"RoomId": "8001", "RoomIdType": 0, "AgentParams": {}, "WithTranscoding": 1}
    body["AudioParams"] = {
        "AudioEncode": {"SampleRate": 32000, "Channel": 2, "BitRate": 48, "Codec": 0}
    }
    body["PublishCdnParams"] = [{"PublishCdnUrl": "rtmp://push.example.com/live/radio"}]
    response = api.post("/api/tasks/", {"request": body}, format="json")
    assert response.status_code == 201, response.json()
    task = response.json()
    age(task["task_id"], 2.5)

    with av.open(io.BytesIO(last_segment(api, task)), format="mpegts") as container:
        assert not container.streams.video
        assert container.streams.audio[0].codec_context.sample_rate == 32000


def test_measured_template_geometry_places_the_emulators_pictures(api):
    from layouts.models import TemplateCapture

    measured = [(8, 8, 150, 164), (162, 8, 150, 164)]
    TemplateCapture.objects.create(
        mode=3,
        canvas_w=320,
        canvas_h=180,
        participants=["anchor-1", "anchor-2"],
        payloads=[
            {
                "canvas": {"w": 320, "h": 180},
                "regions": [
                    {"uid": uid, "zorder": 1, "x": x, "y": y, "w": w, "h": h}
                    for uid, (x, y, w, h) in zip(["anchor-1", "anchor-2"], measured, strict=True)
                ],
            }
        ],
    )
    grid = small_document()
    grid["LayoutParams"] = {
        "MixLayoutMode": 3,
        "MaxVideoUser": {"UserMediaStream": {"UserInfo": {"UserId": "anchor-1"}}},
    }
    room = [{"UserId": f"anchor-{n}", "RoomId": "8001", "RoomIdType": 0} for n in (1, 2)]
    task = start(api, VideoParams=grid)
    api.post(f"/api/tasks/{task['id']}/room/", {"participants": room}, format="json")
    age(task["task_id"], 3.5)

    seen = layout_volumes(last_segment(api, task))

    assert seen
    for _seconds, payload in seen:
        assert [(r["x"], r["y"], r["w"], r["h"]) for r in payload["regions"]] == measured
