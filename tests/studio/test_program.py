"""The emulator's program: what a sandbox task really puts on air, decoded with PyAV.

The engine is run in-process and punctually here (`run_engine` calls the job
directly, each part at its own start); tests/studio/test_program_engine.py
covers the engine's jobs themselves, and a real worker.
"""

from __future__ import annotations

import datetime
import io

import av
import pytest

from layouts.core.geometry import Participant
from studio.cloud.emulator.program import audio, selectors
from studio.cloud.emulator.program.models import ProgramChange
from studio.media.reading import sei_in_bytes
from tests.studio.program_helpers import (
    STREAM,
    age,
    decoded,
    fetch,
    layout_volumes,
    listed_parts,
    peak_pitches,
    playlist_segments,
    run_engine,
    sandbox_of,
    small_document,
    start,
    started_at,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _short_segments(settings):
    settings.MIX_PROGRAM_SEGMENT_SECONDS = 1.0
    settings.MIX_PROGRAM_PARTS = 3
    settings.MIX_PROGRAM_WAIT_SECONDS = 0.0


def program_playlist(api, task) -> str:
    answer = api.get(f"/api/tasks/{task['id']}/program/").json()
    return fetch(api, answer["hls"]).decode()


def last_segment(api, task) -> bytes:
    return fetch(api, playlist_segments(program_playlist(api, task))[-1])


def on_air(api, task, seconds: float) -> None:
    """The task started `seconds` ago, and the engine has drawn its program up to now."""
    age(task["task_id"], seconds)
    run_engine(task["task_id"])


def test_a_segment_has_the_tasks_size_rate_and_sound(api):
    task = start(api)
    on_air(api, task, 3.5)
    frames, samples, video, sound = decoded(last_segment(api, task))

    assert (frames[0].width, frames[0].height) == (320, 180)
    assert video.average_rate == 10
    assert len(frames) == 10  # one second at Fps 10
    assert sound.codec_context.sample_rate == 48000
    assert sound.codec_context.layout.nb_channels == 2
    # Both anchors send their own tone: 300 Hz and 400 Hz (join order).
    assert peak_pitches(samples, 48000, 2) == {audio.pitch_of(0), audio.pitch_of(1)}


def test_every_part_starts_with_a_key_frame_and_the_parts_join_into_the_segment(api):
    task = start(api)
    on_air(api, task, 2.5)
    playlist = program_playlist(api, task)
    parts = listed_parts(playlist)
    segment = playlist_segments(playlist)[0]

    frames = [decoded(fetch(api, part))[0] for part in parts[:3]]
    whole = decoded(fetch(api, segment))[0]

    assert [len(part) for part in frames] == [4, 3, 3]  # 10 fps in thirds of a second
    assert all(part[0].key_frame for part in frames)
    assert [frame.pts for frame in whole] == [frame.pts for part in frames for frame in part]


def test_the_sei_regions_are_the_apps_regions_for_the_tasks_room(api):
    task = start(api)
    on_air(api, task, 3.5)
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


def test_a_take_shows_from_the_first_frame_of_the_next_part(api):
    task = start(api)
    on_air(api, task, 2.0)
    moved = small_document()
    moved["LayoutParams"]["MixLayoutList"][0].update(
        LocationX=40, LocationY=20, ImageWidth=100, ImageHeight=100
    )
    response = api.post(
        f"/api/tasks/{task['id']}/update/", {"request": {"VideoParams": moved}}, format="json"
    )
    assert response.status_code == 200, response.json()
    update = ProgramChange.objects.get(task__task_id=task["task_id"], kind="update")
    grid = selectors.grid_of(selectors.timeline_of(sandbox_of(task)))
    took_effect = update.at - started_at(task["task_id"])
    age(task["task_id"], 2.5)
    run_engine(task["task_id"])

    seen = []
    for path in playlist_segments(program_playlist(api, task)):
        seen.extend(layout_volumes(fetch(api, path)))
    before = [p for seconds, p in seen if seconds < took_effect - 1e-6]
    after = [p for seconds, p in seen if seconds >= took_effect - 1e-6]

    # The Take is dated at the start of a part: what a part shows is decided when it starts.
    assert grid.part_start(grid.part_at(update.at)) == pytest.approx(update.at)
    assert before and after
    assert {
        (r["x"], r["y"], r["w"]) for p in before for r in p["regions"] if r["uid"] == "anchor-1"
    } == {(0, 0, 160)}
    assert {
        (r["x"], r["y"], r["w"]) for p in after for r in p["regions"] if r["uid"] == "anchor-1"
    } == {(40, 20, 100)}
    # The first frame of that part (frames fall every 100 ms from the Start) shows it.
    first_after = min(seconds for seconds, _p in seen if seconds >= took_effect - 1e-6)
    assert first_after - took_effect < 0.1 + 1e-6


def test_the_cdn_url_plays_the_same_program(api):
    task = start(api)
    on_air(api, task, 2.5)
    own = program_playlist(api, task)
    live = fetch(api, f"/sandbox/live/{STREAM}.m3u8").decode()

    assert playlist_segments(live) == playlist_segments(own)
    assert "#EXT-X-ENDLIST" not in live


def test_the_program_ends_where_the_stop_takes_effect(api):
    task = start(api)
    on_air(api, task, 2.1)
    assert api.post(f"/api/tasks/{task['id']}/stop/").status_code == 200
    stop = ProgramChange.objects.get(task__task_id=task["task_id"], kind="stop").at
    run_engine(task["task_id"], until=stop + 5)
    text = program_playlist(api, task)

    assert text.rstrip().endswith("#EXT-X-ENDLIST")
    # The stop shows from the next part, 2 1/3 s after the Start: the last segment is that part.
    assert stop - started_at(task["task_id"]) == pytest.approx(7 / 3)
    assert text.splitlines()[-3] == "#EXTINF:0.33333,"
    assert api.get(f"/api/tasks/{task['id']}/program/").json()["ended"] is True


def test_a_blacklisted_user_is_not_heard_and_a_sound_level_scales_a_voice(api):
    task = start(
        api,
        AudioParams={
            "AudioEncode": {"SampleRate": 48000, "Channel": 1, "BitRate": 64, "Codec": 0},
            "UnSubscribeAudioList": [{"UserInfo": {"UserId": "anchor-2", "RoomId": "8001"}}],
        },
    )
    on_air(api, task, 2.5)
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


def test_the_sound_joins_seamlessly_across_parts_drawn_apart(api):
    task = start(api)
    on_air(api, task, 2.5)
    segment = fetch(api, playlist_segments(program_playlist(api, task))[0])
    _frames, samples, _video, _sound = decoded(segment)

    # A click where two parts meet would leave a sample-to-sample jump far above a tone's.
    steps = abs(samples[0][1:] - samples[0][:-1])
    assert steps.max() < 0.1


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
    on_air(api, task, 2.5)
    messages = [timed.message for timed in sei_in_bytes(last_segment(api, task))]
    custom = [m for m in messages if m.uuid == bytes.fromhex("0123456789abcdef0123456789abcdef")]

    assert [m.content for m in custom] == [b"cue:42", b"cue:42"]  # every 500 ms of 1 s
    assert all(m.payload_type == 5 for m in custom)


def test_the_sei_of_a_segment_and_of_a_part_is_what_was_written_into_it(api):
    task = start(api)
    on_air(api, task, 2.5)
    segment = playlist_segments(program_playlist(api, task))[-1]
    listed = api.get(segment.replace(".ts", ".json")).json()
    written = layout_volumes(fetch(api, segment))
    start_at = started_at(task["task_id"])

    assert [round(m["at"] - start_at, 2) for m in listed["messages"]] == [
        round(seconds, 2) for seconds, _payload in written
    ]
    assert [m["layout_volume"] for m in listed["messages"]] == [p for _s, p in written]
    assert listed["messages"][0]["offset"] == 0.0


def test_an_empty_room_ends_the_task_after_max_idle_time(api):
    task = start(api)
    answer = api.post(f"/api/tasks/{task['id']}/room/", {"participants": []}, format="json")
    assert answer.status_code == 200, answer.json()
    assert answer.json()["participants"] == []
    room_at = ProgramChange.objects.get(task__task_id=task["task_id"], kind="room").at
    run_engine(task["task_id"], until=room_at + 9.9)  # MaxIdleTime is 10 s
    assert api.get(f"/api/tasks/{task['id']}/").json()["status"] == "running"

    outcomes = run_engine(task["task_id"], until=room_at + 12)  # the engine runs part by part
    read = api.get(f"/api/tasks/{task['id']}/").json()

    assert outcomes[-1] == "ended"
    assert program_playlist(api, task).rstrip().endswith("#EXT-X-ENDLIST")
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


def test_a_new_picture_size_starts_a_segment_behind_a_discontinuity(api):
    task = start(api)
    on_air(api, task, 1.5)
    bigger = small_document(Width=480, Height=270)
    bigger["LayoutParams"]["MixLayoutList"][1]["LocationX"] = 240
    for slot in bigger["LayoutParams"]["MixLayoutList"]:
        slot.update(ImageWidth=240, ImageHeight=270)
    response = api.post(
        f"/api/tasks/{task['id']}/update/", {"request": {"VideoParams": bigger}}, format="json"
    )
    assert response.status_code == 200, response.json()
    age(task["task_id"], 2.5)
    run_engine(task["task_id"])
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
    on_air(api, task, 2.5)

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
    on_air(api, task, 3.5)

    seen = layout_volumes(last_segment(api, task))

    assert seen
    for _seconds, payload in seen:
        assert [(r["x"], r["y"], r["w"], r["h"]) for r in payload["regions"]] == measured
