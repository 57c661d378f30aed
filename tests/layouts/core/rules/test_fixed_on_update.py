"""layouts.core.rules.fixed_on_update: what an Update may not change (R23, R55)."""

from __future__ import annotations

from layouts.core.rules.request import check_update
from tests.layouts.core.rules.requests import (
    STARTED_AUDIO,
    STARTED_AV,
    drop,
    errors,
    update_body,
    update_cases_test,
)

# ---------------------------------------------------------------------------
# In an Update: each rule trips on one body and passes on the nearest valid one.

UPDATE_CASES = [
    # (id, broken, fixed, started, (path, rule, code))
    (
        "R23 audio-only task gets no video",
        update_body(VideoParams={"VideoEncode": STARTED_AV["VideoParams"]["VideoEncode"]}),
        update_body(AudioParams={"SubscribeAudioList": []}),
        STARTED_AUDIO,
        ("VideoParams", "R23", "UnsupportedOperation"),
    ),
    (
        "R55 AudioEncode unchanged",
        update_body(
            AudioParams={
                "AudioEncode": {**STARTED_AV["AudioParams"]["AudioEncode"], "BitRate": 128}
            }
        ),
        update_body(AudioParams={"AudioEncode": STARTED_AV["AudioParams"]["AudioEncode"]}),
        STARTED_AV,
        ("AudioParams.AudioEncode.BitRate", "R55", "UnsupportedOperation"),
    ),
    (
        "R55 Codec unchanged, its default included",
        update_body(
            AudioParams={
                "AudioEncode": {"SampleRate": 48000, "Channel": 2, "BitRate": 64, "Codec": 1}
            }
        ),
        update_body(
            AudioParams={"AudioEncode": {"SampleRate": 48000, "Channel": 2, "BitRate": 64}}
        ),
        STARTED_AV,
        ("AudioParams.AudioEncode.Codec", "R55", "UnsupportedOperation"),
    ),
    (
        "R55 WithTranscoding unchanged",
        update_body(WithTranscoding=0),
        update_body(WithTranscoding=1),
        STARTED_AV,
        ("WithTranscoding", "R55", "UnsupportedOperation"),
    ),
]


test_update_rule_trips_and_its_fix_passes = update_cases_test(UPDATE_CASES)


def test_without_the_task_nothing_is_compared():
    claims = update_body(WithTranscoding=0, AudioParams={"AudioEncode": {"SampleRate": 8000}})
    assert [p for p in check_update(claims) if p.rule in ("R23", "R55")] == []


def test_an_audio_encode_spelling_out_its_defaults_is_unchanged():
    started = STARTED_AV["AudioParams"]["AudioEncode"]
    same = {key: value for key, value in started.items() if key != "Codec"}  # Codec 0: default
    body = update_body(AudioParams={"AudioEncode": same})
    assert errors(check_update(body, started=STARTED_AV)) == []


def test_a_video_only_task_gets_no_audio_and_its_encode_is_not_compared():
    video_only = drop(STARTED_AV, "AudioParams")
    encode = {**STARTED_AV["AudioParams"]["AudioEncode"], "SampleRate": 44100}
    body = update_body(AudioParams={"AudioEncode": encode})
    assert errors(check_update(body, started=video_only)) == [
        ("AudioParams", "R23", "UnsupportedOperation")
    ]
