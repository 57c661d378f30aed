"""check_start / check_update / check_stop: every rule a server can check in a request.

Each rule has a case that trips it (path, rule and Tencent error code) next to
the nearest body that passes. Pure tests:
`pytest tests/layouts/test_request_rules.py -p no:django`.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layouts.core.contract import bodies, video
from layouts.core.contract.problems import ERROR, WARNING, Problem
from layouts.core.rules.request import check_start, check_stop, check_update
from layouts.core.updates import merge_update
from studio.cloud.emulator.error_codes import RULE_CODES, error_code
from tests import factories

APP = 1400188366
ROOM = "8888"
TASK_ID = "-m97l2ZU7kOlV5cTRMoU6yoGp2nDYkzbJ13EC4K-4pycoZXVv+XVrNoUXQ8++8Z2PwUlAQ.."


# ---------------------------------------------------------------------------
# Valid bodies and small ways to change copies of them.


def user_info(user_id: str, room: str = ROOM, room_type: int = 0) -> dict[str, Any]:
    return {"UserId": user_id, "RoomId": room, "RoomIdType": room_type}


def start_body() -> dict[str, Any]:
    video = factories.document(slots=2)
    for slot, user in zip(
        video["LayoutParams"]["MixLayoutList"], ("host_a", "host_b"), strict=True
    ):
        slot["UserMediaStream"] = {"UserInfo": user_info(user), "StreamType": 0}
    return {
        "SdkAppId": APP,
        "RoomId": ROOM,
        "RoomIdType": 0,
        "AgentParams": {"UserId": "mix_robot_8888", "UserSig": "usersig", "MaxIdleTime": 30},
        "WithTranscoding": 1,
        "AudioParams": {
            "AudioEncode": {"SampleRate": 48000, "Channel": 2, "BitRate": 64, "Codec": 0},
            "SubscribeAudioList": [{"UserInfo": user_info("host_a"), "SoundLevel": 100}],
        },
        "VideoParams": video,
        "PublishCdnParams": [
            {"PublishCdnUrl": "rtmp://push.example.com/live/a", "IsTencentCdn": 1}
        ],
    }


def update_body(**fields: Any) -> dict[str, Any]:
    return {"SdkAppId": APP, "TaskId": TASK_ID, "SequenceNumber": 1, "WithTranscoding": 1, **fields}


def stop_body() -> dict[str, Any]:
    return {"SdkAppId": APP, "TaskId": TASK_ID}


def feedback_room(user_id: str = "mix_back_9999", room: str = "9999") -> dict[str, Any]:
    return {"RoomId": room, "RoomIdType": 0, "UserId": user_id, "UserSig": "usersig"}


_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _steps(path: str) -> list[str | int]:
    return [name if name else int(index) for name, index in _STEP.findall(path)]


def put(body: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of body with the value at a path like `A.B[2].C` set."""
    body = copy.deepcopy(body)
    *parents, last = _steps(path)
    target: Any = body
    for step in parents:
        target = target[step]
    target[last] = value
    return body


def drop(body: dict[str, Any], path: str) -> dict[str, Any]:
    body = copy.deepcopy(body)
    *parents, last = _steps(path)
    target: Any = body
    for step in parents:
        target = target[step]
    del target[last]
    return body


def errors(problems: list[Problem]) -> list[tuple[str, str, str]]:
    return [(p.path, p.rule, error_code(p)) for p in problems if p.severity == ERROR]


def slot(x: int, y: int, w: int, h: int, **fields: Any) -> dict[str, Any]:
    return {"LocationX": x, "LocationY": y, "ImageWidth": w, "ImageHeight": h, **fields}


def grid_start() -> dict[str, Any]:
    body = start_body()
    body["VideoParams"]["LayoutParams"] = {"MixLayoutMode": 3}
    return body


AUDIO_ONLY = drop(start_body(), "VideoParams")
RELAY_ONE = {  # WithTranscoding 0: one stream relayed unchanged (seed example 2)
    **drop(start_body(), "VideoParams"),
    "WithTranscoding": 0,
    "VideoParams": {
        "VideoEncode": {"Width": 1280, "Height": 720, "Fps": 15, "BitRate": 512, "Gop": 2}
    },
    "SingleSubscribeParams": {
        "UserMediaStream": {"UserInfo": user_info("host_a"), "StreamType": 0}
    },
}
RELAY_ONE["AudioParams"] = {"AudioEncode": start_body()["AudioParams"]["AudioEncode"]}


# ---------------------------------------------------------------------------
# The valid bodies are valid.


def test_the_valid_start_body_has_no_problem_at_all():
    assert check_start(start_body()) == []


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
def test_seed_examples_pass_with_their_usersigs(number):
    body = factories.seed_examples()[number - 1]
    assert body["AgentParams"]["UserSig"].startswith("eJw")
    assert errors(check_start(body)) == []


def test_an_update_and_a_stop_with_only_their_required_fields_pass():
    assert check_update(update_body()) == []
    assert check_stop(stop_body()) == []


# ---------------------------------------------------------------------------
# Start: each rule trips on one body and passes on the nearest valid one.

START_CASES = [
    # (id, broken body, fixed body, (path, rule, code))
    (
        "R6 unknown top-level field",
        put(start_body(), "Extra", 1),
        start_body(),
        ("Extra", "unknown-field", "UnknownParameter"),
    ),
    (
        "R6 unknown field in a request type",
        put(start_body(), "AgentParams.Nickname", "bot"),
        start_body(),
        ("AgentParams.Nickname", "unknown-field", "UnknownParameter"),
    ),
    (
        "R7 SdkAppId",
        drop(start_body(), "SdkAppId"),
        start_body(),
        ("SdkAppId", "R7", "MissingParameter.SdkAppId"),
    ),
    (
        "R7 RoomId",
        drop(start_body(), "RoomId"),
        start_body(),
        ("RoomId", "R7", "MissingParameter.RoomId"),
    ),
    (
        "R7 RoomIdType",
        drop(start_body(), "RoomIdType"),
        start_body(),
        ("RoomIdType", "R7", "MissingParameter"),
    ),
    (
        "R7 AgentParams",
        drop(start_body(), "AgentParams"),
        start_body(),
        ("AgentParams", "R7", "MissingParameter"),
    ),
    (
        "R7 WithTranscoding",
        drop(start_body(), "WithTranscoding"),
        start_body(),
        ("WithTranscoding", "R7", "MissingParameter"),
    ),
    (
        "type of SdkAppId",
        put(start_body(), "SdkAppId", str(APP)),
        start_body(),
        ("SdkAppId", "type", "InvalidParameter"),
    ),
    (
        "SdkAppId positive",
        put(start_body(), "SdkAppId", 0),
        put(start_body(), "SdkAppId", 1),
        ("SdkAppId", "sdk-app-id", "InvalidParameter.SdkAppId"),
    ),
    (
        "R8 RoomIdType values",
        put(start_body(), "RoomIdType", 2),
        put(start_body(), "RoomIdType", 1),
        ("RoomIdType", "R8", "InvalidParameter.RoomId"),
    ),
    (
        "R8 integer room is a number",
        put(start_body(), "RoomId", "room8"),
        put(put(start_body(), "RoomId", "room8"), "RoomIdType", 1),
        ("RoomId", "R8", "InvalidParameter.RoomId"),
    ),
    (
        "R8 integer room range",
        put(start_body(), "RoomId", "4294967295"),
        put(start_body(), "RoomId", "4294967294"),
        ("RoomId", "R8", "InvalidParameter.RoomId"),
    ),
    (
        "R8 string room characters",
        put(put(start_body(), "RoomId", "room/8"), "RoomIdType", 1),
        put(put(start_body(), "RoomId", "room 8"), "RoomIdType", 1),
        ("RoomId", "R8", "InvalidParameter.RoomId"),
    ),
    (
        "R8 push-back room",
        put(start_body(), "FeedBackRoomParams", [feedback_room(room="abc")]),
        put(start_body(), "FeedBackRoomParams", [feedback_room(room="123")]),
        ("FeedBackRoomParams[0].RoomId", "R8", "InvalidParameter.RoomId"),
    ),
    (
        "R9 robot UserId required",
        drop(start_body(), "AgentParams.UserId"),
        start_body(),
        ("AgentParams.UserId", "R9", "MissingParameter.UserId"),
    ),
    (
        "R9 robots unique in the request",
        put(start_body(), "FeedBackRoomParams", [feedback_room(user_id="mix_robot_8888")]),
        put(start_body(), "FeedBackRoomParams", [feedback_room(user_id="mix_back_8888")]),
        ("FeedBackRoomParams[0].UserId", "R9", "InvalidParameter.UserId"),
    ),
    (
        "R9 robot is not a mixed user",
        put(start_body(), "AgentParams.UserId", "host_b"),
        put(start_body(), "AgentParams.UserId", "host_c"),
        ("AgentParams.UserId", "R9", "InvalidParameter.UserId"),
    ),
    (
        "R10 robot UserId characters",
        put(start_body(), "AgentParams.UserId", "mix robot"),
        put(start_body(), "AgentParams.UserId", "mix_robot"),
        ("AgentParams.UserId", "R10", "InvalidParameter.UserId"),
    ),
    (
        "R10 robot UserId length",
        put(start_body(), "AgentParams.UserId", "r" * 33),
        put(start_body(), "AgentParams.UserId", "r" * 32),
        ("AgentParams.UserId", "R10", "InvalidParameter.UserId"),
    ),
    (
        "R10 audio user",
        put(start_body(), "AudioParams.SubscribeAudioList[0].UserInfo.UserId", "host a"),
        put(start_body(), "AudioParams.SubscribeAudioList[0].UserInfo.UserId", "host_b"),
        ("AudioParams.SubscribeAudioList[0].UserInfo.UserId", "R10", "InvalidParameter.UserId"),
    ),
    (
        "R11 robot UserSig present",
        drop(start_body(), "AgentParams.UserSig"),
        start_body(),
        ("AgentParams.UserSig", "R11", "MissingParameter.UserSig"),
    ),
    (
        "R11 robot UserSig not empty",
        put(start_body(), "AgentParams.UserSig", ""),
        start_body(),
        ("AgentParams.UserSig", "R11", "MissingParameter.UserSig"),
    ),
    (
        "R11 push-back UserSig",
        put(start_body(), "FeedBackRoomParams", [drop(feedback_room(), "UserSig")]),
        put(start_body(), "FeedBackRoomParams", [feedback_room()]),
        ("FeedBackRoomParams[0].UserSig", "R11", "MissingParameter.UserSig"),
    ),
    (
        "R12 MaxIdleTime minimum",
        put(start_body(), "AgentParams.MaxIdleTime", 4),
        put(start_body(), "AgentParams.MaxIdleTime", 5),
        ("AgentParams.MaxIdleTime", "R12", "InvalidParameter.OutOfRange"),
    ),
    (
        "R12 MaxIdleTime maximum",
        put(start_body(), "AgentParams.MaxIdleTime", 86401),
        put(start_body(), "AgentParams.MaxIdleTime", 86400),
        ("AgentParams.MaxIdleTime", "R12", "InvalidParameter.OutOfRange"),
    ),
    (
        "R13 WithTranscoding values",
        put(start_body(), "WithTranscoding", 2),
        start_body(),
        ("WithTranscoding", "R13", "InvalidParameter"),
    ),
    (
        "R13 a layout needs transcoding",
        put(RELAY_ONE, "VideoParams.LayoutParams", {"MixLayoutMode": 3}),
        RELAY_ONE,
        ("VideoParams.LayoutParams", "R13", "InvalidParameter"),
    ),
    (
        "R14 single stream needs WithTranscoding 0",
        put(RELAY_ONE, "WithTranscoding", 1),
        RELAY_ONE,
        ("SingleSubscribeParams", "R14", "InvalidParameter"),
    ),
    (
        "R14 relaying video needs the stream named",
        drop(RELAY_ONE, "SingleSubscribeParams"),
        RELAY_ONE,
        ("SingleSubscribeParams", "R14", "InvalidParameter"),
    ),
    (
        "R15 somewhere to push",
        drop(start_body(), "PublishCdnParams"),
        put(drop(start_body(), "PublishCdnParams"), "FeedBackRoomParams", [feedback_room()]),
        ("PublishCdnParams", "R15", "MissingParameter.PublishCdnParams"),
    ),
    (
        "R15 an empty list is nowhere",
        put(start_body(), "PublishCdnParams", []),
        start_body(),
        ("PublishCdnParams", "R15", "MissingParameter.PublishCdnParams"),
    ),
    (
        "R16 at most 10 CDN URLs",
        put(
            start_body(),
            "PublishCdnParams",
            [{"PublishCdnUrl": f"rtmp://push.example.com/live/{i}"} for i in range(11)],
        ),
        put(
            start_body(),
            "PublishCdnParams",
            [{"PublishCdnUrl": f"rtmp://push.example.com/live/{i}"} for i in range(10)],
        ),
        ("PublishCdnParams", "R16", "InvalidParameter.PublishCdnUrls"),
    ),
    (
        "R17 at most 10 push-back rooms",
        put(
            start_body(),
            "FeedBackRoomParams",
            [feedback_room(f"back_{i}", str(9000 + i)) for i in range(11)],
        ),
        put(
            start_body(),
            "FeedBackRoomParams",
            [feedback_room(f"back_{i}", str(9000 + i)) for i in range(10)],
        ),
        ("FeedBackRoomParams", "R17", "InvalidParameter"),
    ),
    (
        "R18 rtmp only",
        put(start_body(), "PublishCdnParams[0].PublishCdnUrl", "https://push.example.com/a"),
        put(start_body(), "PublishCdnParams[0].PublishCdnUrl", "rtmp://push.example.com/a"),
        ("PublishCdnParams[0].PublishCdnUrl", "R18", "InvalidParameter.PublishCdnUrls"),
    ),
    (
        "R18 no duplicate URL",
        put(
            start_body(),
            "PublishCdnParams",
            [{"PublishCdnUrl": "rtmp://push.example.com/a"}] * 2,
        ),
        put(
            start_body(),
            "PublishCdnParams",
            [
                {"PublishCdnUrl": "rtmp://push.example.com/a"},
                {"PublishCdnUrl": "rtmp://x.example/b"},
            ],
        ),
        ("PublishCdnParams[1].PublishCdnUrl", "R18", "InvalidParameter.PublishCdnUrls"),
    ),
    (
        "R18 URL required",
        put(start_body(), "PublishCdnParams", [{"IsTencentCdn": 1}]),
        start_body(),
        ("PublishCdnParams[0].PublishCdnUrl", "required", "MissingParameter.PublishCdnUrls"),
    ),
    (
        "R19 IsTencentCdn values",
        put(start_body(), "PublishCdnParams[0].IsTencentCdn", 2),
        put(start_body(), "PublishCdnParams[0].IsTencentCdn", 0),
        ("PublishCdnParams[0].IsTencentCdn", "R19", "InvalidParameter"),
    ),
    (
        "R20 AudioParams on Start",
        drop(start_body(), "AudioParams"),
        start_body(),
        ("AudioParams", "R20", "MissingParameter"),
    ),
    (
        "R20 AudioEncode on Start",
        drop(start_body(), "AudioParams.AudioEncode"),
        start_body(),
        ("AudioParams.AudioEncode", "R20", "MissingParameter.AudioEncodeParams"),
    ),
    (
        "R21 VideoEncode for video",
        drop(start_body(), "VideoParams.VideoEncode"),
        start_body(),
        ("VideoParams.VideoEncode", "R21", "MissingParameter.VideoEncodeParams"),
    ),
    (
        "R21 all five VideoEncode fields",
        drop(start_body(), "VideoParams.VideoEncode.Gop"),
        start_body(),
        ("VideoParams.VideoEncode.Gop", "R21", "MissingParameter.VideoEncodeParams"),
    ),
    (
        "R24 dynamic layout audio users in the main room",
        put(grid_start(), "AudioParams.SubscribeAudioList[0].UserInfo.RoomId", "9999"),
        grid_start(),
        ("AudioParams.SubscribeAudioList[0].UserInfo.RoomId", "R24", "InvalidParameter"),
    ),
    (
        "R24 dynamic layout big picture in the main room",
        put(
            grid_start(),
            "VideoParams.LayoutParams",
            {
                "MixLayoutMode": 1,
                "MaxVideoUser": {"UserMediaStream": {"UserInfo": user_info("host_a", "9999")}},
            },
        ),
        put(
            grid_start(),
            "VideoParams.LayoutParams",
            {
                "MixLayoutMode": 1,
                "MaxVideoUser": {"UserMediaStream": {"UserInfo": user_info("host_a")}},
            },
        ),
        (
            "VideoParams.LayoutParams.MaxVideoUser.UserMediaStream.UserInfo.RoomId",
            "R24",
            "InvalidParameter",
        ),
    ),
    (
        "R25 audio user in the layout's room",
        put(start_body(), "AudioParams.SubscribeAudioList[0].UserInfo.RoomId", "9999"),
        drop(start_body(), "AudioParams.SubscribeAudioList[0].UserInfo.RoomId"),
        ("AudioParams.SubscribeAudioList[0].UserInfo.RoomId", "R25", "InvalidParameter.RoomId"),
    ),
    (
        "R30 SampleRate",
        put(start_body(), "AudioParams.AudioEncode.SampleRate", 22050),
        put(start_body(), "AudioParams.AudioEncode.SampleRate", 44100),
        ("AudioParams.AudioEncode.SampleRate", "R30", "InvalidParameter.AudioEncodeParams"),
    ),
    (
        "R31 Channel",
        put(start_body(), "AudioParams.AudioEncode.Channel", 3),
        put(start_body(), "AudioParams.AudioEncode.Channel", 1),
        ("AudioParams.AudioEncode.Channel", "R31", "InvalidParameter.AudioEncodeParams"),
    ),
    (
        "R31 BitRate",
        put(start_body(), "AudioParams.AudioEncode.BitRate", 501),
        put(start_body(), "AudioParams.AudioEncode.BitRate", 500),
        ("AudioParams.AudioEncode.BitRate", "R31", "InvalidParameter.AudioEncodeParams"),
    ),
    (
        "R31 Codec",
        put(start_body(), "AudioParams.AudioEncode.Codec", 3),
        put(start_body(), "AudioParams.AudioEncode.Codec", 1),
        ("AudioParams.AudioEncode.Codec", "R31", "InvalidParameter.AudioEncodeParams"),
    ),
    (
        "R31 AudioEncode fields required",
        drop(start_body(), "AudioParams.AudioEncode.Channel"),
        start_body(),
        ("AudioParams.AudioEncode.Channel", "required", "MissingParameter.AudioEncodeParams"),
    ),
    (
        "R32 HE-AACv2 is stereo",
        put(
            put(start_body(), "AudioParams.AudioEncode.Codec", 2),
            "AudioParams.AudioEncode.Channel",
            1,
        ),
        put(start_body(), "AudioParams.AudioEncode.Codec", 2),
        ("AudioParams.AudioEncode.Channel", "R32", "InvalidParameter.AudioEncodeParams"),
    ),
    (
        "R32 HE-AAC not at 8000 Hz",
        put(
            put(start_body(), "AudioParams.AudioEncode.Codec", 1),
            "AudioParams.AudioEncode.SampleRate",
            8000,
        ),
        put(start_body(), "AudioParams.AudioEncode.SampleRate", 8000),
        ("AudioParams.AudioEncode.SampleRate", "R32", "InvalidParameter.AudioEncodeParams"),
    ),
    (
        "R34 SoundLevel",
        put(start_body(), "AudioParams.SubscribeAudioList[0].SoundLevel", 101),
        put(start_body(), "AudioParams.SubscribeAudioList[0].SoundLevel", 0),
        ("AudioParams.SubscribeAudioList[0].SoundLevel", "R34", "InvalidParameter.OutOfRange"),
    ),
    (
        "R35 resolution",
        put(start_body(), "VideoParams.VideoEncode.Width", 1921),
        put(start_body(), "VideoParams.VideoEncode.Width", 1920),
        ("VideoParams.VideoEncode.Width", "R35", "InvalidParameter.VideoResolution"),
    ),
    (
        "R35 frame rate",
        put(start_body(), "VideoParams.VideoEncode.Fps", 61),
        put(start_body(), "VideoParams.VideoEncode.Fps", 60),
        ("VideoParams.VideoEncode.Fps", "R35", "InvalidParameter.OutOfRange"),
    ),
    (
        "R36 layout mode",
        put(start_body(), "VideoParams.LayoutParams.MixLayoutMode", 5),
        start_body(),
        ("VideoParams.LayoutParams.MixLayoutMode", "R36", "InvalidParameter"),
    ),
    (
        "R37 at most 16 slots",
        put(start_body(), "VideoParams.LayoutParams.MixLayoutList", [slot(0, 0, 80, 45)] * 17),
        put(start_body(), "VideoParams.LayoutParams.MixLayoutList", [slot(0, 0, 80, 45)] * 16),
        ("VideoParams.LayoutParams.MixLayoutList", "R37", "InvalidParameter"),
    ),
    (
        "R40 PureAudioHoldPlaceMode",
        put(grid_start(), "VideoParams.LayoutParams.PureAudioHoldPlaceMode", 2),
        put(grid_start(), "VideoParams.LayoutParams.PureAudioHoldPlaceMode", 1),
        ("VideoParams.LayoutParams.PureAudioHoldPlaceMode", "R40", "InvalidParameter"),
    ),
    (
        "R41 slot inside the canvas",
        put(start_body(), "VideoParams.LayoutParams.MixLayoutList[1].LocationX", 641),
        put(start_body(), "VideoParams.LayoutParams.MixLayoutList[1].LocationX", 640),
        (
            "VideoParams.LayoutParams.MixLayoutList[1].ImageWidth",
            "R41",
            "InvalidParameter.PresetLayoutConfig",
        ),
    ),
    (
        "R42 slot RenderMode",
        put(start_body(), "VideoParams.LayoutParams.MixLayoutList[0].RenderMode", 3),
        put(start_body(), "VideoParams.LayoutParams.MixLayoutList[0].RenderMode", 2),
        ("VideoParams.LayoutParams.MixLayoutList[0].RenderMode", "R42", "InvalidParameter"),
    ),
    (
        "R43 crop size",
        put(
            start_body(),
            "VideoParams.LayoutParams.MixLayoutList[0].CustomCrop",
            {"LocationX": 0, "LocationY": 0, "Width": 0, "Height": 100},
        ),
        put(
            start_body(),
            "VideoParams.LayoutParams.MixLayoutList[0].CustomCrop",
            {"LocationX": 0, "LocationY": 0, "Width": 1, "Height": 100},
        ),
        (
            "VideoParams.LayoutParams.MixLayoutList[0].CustomCrop.Width",
            "R43",
            "InvalidParameter.OutOfRange",
        ),
    ),
    (
        "R44 custom placeholder within the slot",
        put(
            start_body(),
            "VideoParams.LayoutParams.MixLayoutList[0]",
            slot(
                0,
                0,
                640,
                720,
                BackgroundRenderMode=4,
                BackgroundCustomRender={"Width": 641, "Height": 100},
            ),
        ),
        put(
            start_body(),
            "VideoParams.LayoutParams.MixLayoutList[0]",
            slot(
                0,
                0,
                640,
                720,
                BackgroundRenderMode=4,
                BackgroundCustomRender={"Width": 640, "Height": 100},
            ),
        ),
        (
            "VideoParams.LayoutParams.MixLayoutList[0].BackgroundCustomRender.Width",
            "R44",
            "InvalidParameter.OutOfRange",
        ),
    ),
    (
        "R45 image URL characters",
        put(start_body(), "VideoParams.BackgroundImageUrl", "https://cdn.example.com/a b.png"),
        put(start_body(), "VideoParams.BackgroundImageUrl", "https://cdn.example.com/a%20b.png"),
        ("VideoParams.BackgroundImageUrl", "R45", "InvalidParameter.BackgroundImageUrl"),
    ),
    (
        "R46 colour",
        put(start_body(), "VideoParams.BackGroundColor", "red"),
        put(start_body(), "VideoParams.BackGroundColor", "0xFF0000"),
        ("VideoParams.BackGroundColor", "R46", "InvalidParameter"),
    ),
    (
        "R47 text watermark needs its text",
        put(start_body(), "VideoParams.WaterMarkList", [{"WaterMarkType": 1}]),
        put(
            start_body(),
            "VideoParams.WaterMarkList",
            [
                {
                    "WaterMarkType": 1,
                    "WaterMarkText": {
                        "Text": "Live",
                        "WaterMarkWidth": 200,
                        "WaterMarkHeight": 40,
                        "LocationX": 20,
                        "LocationY": 20,
                        "FontSize": 24,
                    },
                }
            ],
        ),
        ("VideoParams.WaterMarkList[0].WaterMarkText", "R47", "InvalidParameter"),
    ),
    (
        "R48 volume SEI payload type",
        put(start_body(), "SeiParams", {"LayoutVolume": {"PayloadType": 244}}),
        put(start_body(), "SeiParams", {"LayoutVolume": {"PayloadType": 245}}),
        ("SeiParams.LayoutVolume.PayloadType", "R48", "InvalidParameter.OutOfRange"),
    ),
    (
        "R48 AppData shorter than 4096",
        put(start_body(), "SeiParams", {"LayoutVolume": {"AppData": "x" * 4096}}),
        put(start_body(), "SeiParams", {"LayoutVolume": {"AppData": "x" * 4095}}),
        ("SeiParams.LayoutVolume.AppData", "R48", "InvalidParameter.OutOfRange"),
    ),
    (
        "R49 pass-through payload type",
        put(start_body(), "SeiParams", {"PassThrough": {"PayloadContent": "x", "PayloadType": 99}}),
        put(
            start_body(),
            "SeiParams",
            {"PassThrough": {"PayloadContent": "x", "PayloadType": 5, "PayloadUuid": "0" * 32}},
        ),
        ("SeiParams.PassThrough.PayloadType", "R49", "InvalidParameter"),
    ),
    (
        "R49 type 5 needs a UUID",
        put(start_body(), "SeiParams", {"PassThrough": {"PayloadContent": "x", "PayloadType": 5}}),
        put(
            start_body(), "SeiParams", {"PassThrough": {"PayloadContent": "x", "PayloadType": 100}}
        ),
        ("SeiParams.PassThrough.PayloadUuid", "R49", "InvalidParameter"),
    ),
    (
        "R49 payload required",
        put(start_body(), "SeiParams", {"PassThrough": {"PayloadType": 100}}),
        put(start_body(), "SeiParams", {"PassThrough": {"PayloadContent": "", "PayloadType": 100}}),
        ("SeiParams.PassThrough.PayloadContent", "R49", "MissingParameter"),
    ),
    (
        "B.19 recording formats",
        put(start_body(), "RecordParams", {"UniRecord": 3, "RecordFormat": ["mp4", "aac"]}),
        put(start_body(), "RecordParams", {"UniRecord": 3, "RecordFormat": ["mp4", "hls"]}),
        ("RecordParams.RecordFormat", "B.19", "InvalidParameter"),
    ),
    (
        "one stream fills one slot",
        put(
            start_body(),
            "VideoParams.LayoutParams.MixLayoutList[1].UserMediaStream.UserInfo.UserId",
            "host_a",
        ),
        start_body(),
        (
            "VideoParams.LayoutParams.MixLayoutList[1].UserMediaStream",
            "duplicate-binding",
            "InvalidParameter",
        ),
    ),
]


@pytest.mark.parametrize(
    "broken, fixed, expected",
    [case[1:] for case in START_CASES],
    ids=[case[0] for case in START_CASES],
)
def test_start_rule_trips_and_its_fix_passes(broken, fixed, expected):
    assert expected in errors(check_start(broken))
    assert errors(check_start(fixed)) == []


def test_a_body_that_is_not_an_object_is_refused_as_a_whole():
    assert errors(check_start(["SdkAppId"])) == [("", "R6", "InvalidParameter.BodyParamsError")]
    assert errors(check_update(None)) == [("", "R6", "InvalidParameter.BodyParamsError")]
    assert errors(check_stop("TaskId")) == [("", "R6", "InvalidParameter.BodyParamsError")]


def test_unknown_fields_inside_video_params_are_only_warnings():
    body = put(start_body(), "VideoParams.LayoutParams.FutureField", 1)
    problems = check_start(body)
    assert errors(problems) == []
    assert [(p.path, p.rule, p.severity) for p in problems] == [
        ("VideoParams.LayoutParams.FutureField", "unknown-field", WARNING)
    ]


def test_a_wrong_type_comes_before_a_range_error_and_hides_the_range_check():
    body = put(start_body(), "AgentParams.MaxIdleTime", 1)  # out of range
    body = put(body, "WithTranscoding", "1")  # wrong type, later in the body
    assert errors(check_start(body))[0] == ("WithTranscoding", "type", "InvalidParameter")
    assert [p.rule for p in check_start(put(start_body(), "AgentParams.MaxIdleTime", 5.5))] == [
        "type"
    ]


def test_messages_name_the_field_for_a_producer():
    problem = errors_of(put(start_body(), "AgentParams.MaxIdleTime", 4))[0]
    assert problem.message == "MaxIdleTime must be at least 5, not 4."
    problem = errors_of(put(start_body(), "FeedBackRoomParams", [feedback_room("mix_robot_8888")]))[
        0
    ]
    assert "mix_robot_8888" in problem.message and "AgentParams.UserId" in problem.message


def errors_of(body: dict[str, Any]) -> list[Problem]:
    return [p for p in check_start(body) if p.severity == ERROR]


# ---------------------------------------------------------------------------
# Update: what a running task may and may not change (R14, R23, R50-R55).

STARTED_AV = start_body()
STARTED_AUDIO = AUDIO_ONLY
STARTED_RELAY = RELAY_ONE

UPDATE_CASES = [
    # (id, broken, fixed, started, (path, rule, code))
    (
        "R50 TaskId",
        drop(update_body(), "TaskId"),
        update_body(),
        None,
        ("TaskId", "R50", "MissingParameter.TaskId"),
    ),
    (
        "R50 SequenceNumber",
        drop(update_body(), "SequenceNumber"),
        update_body(),
        None,
        ("SequenceNumber", "R50", "MissingParameter"),
    ),
    (
        "R50 WithTranscoding",
        drop(update_body(), "WithTranscoding"),
        update_body(),
        None,
        ("WithTranscoding", "R50", "MissingParameter"),
    ),
    (
        "SequenceNumber not negative",
        update_body(SequenceNumber=-1),
        update_body(SequenceNumber=0),
        None,
        ("SequenceNumber", "range", "InvalidParameter.OutOfRange"),
    ),
    (
        "R6 no Start-only field",
        update_body(RoomId=ROOM),
        update_body(),
        None,
        ("RoomId", "unknown-field", "UnknownParameter"),
    ),
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
    (
        "R14 SingleSubscribeParams only without transcoding",
        update_body(SingleSubscribeParams=STARTED_RELAY["SingleSubscribeParams"]),
        update_body(
            SingleSubscribeParams=STARTED_RELAY["SingleSubscribeParams"], WithTranscoding=0
        ),
        None,
        ("SingleSubscribeParams", "R14", "InvalidParameter"),
    ),
    (
        "R54 no video update without transcoding",
        update_body(WithTranscoding=0, VideoParams={"VideoEncode": {"BitRate": 800}}),
        update_body(
            WithTranscoding=0, SingleSubscribeParams=STARTED_RELAY["SingleSubscribeParams"]
        ),
        STARTED_RELAY,
        ("VideoParams", "R54", "UnsupportedOperation"),
    ),
    (
        "R41 a smaller canvas must still hold the slots in force",
        update_body(VideoParams={"VideoEncode": {"Width": 960}}),
        update_body(VideoParams={"VideoEncode": {"Width": 1280, "BitRate": 900}}),
        STARTED_AV,
        (
            "VideoParams.LayoutParams.MixLayoutList[1].ImageWidth",
            "R41",
            "InvalidParameter.PresetLayoutConfig",
        ),
    ),
    (
        "R15 the task keeps somewhere to push",
        update_body(PublishCdnParams=[]),
        update_body(PublishCdnParams=[], FeedBackRoomParams=[feedback_room()]),
        STARTED_AV,
        ("PublishCdnParams", "R15", "MissingParameter.PublishCdnParams"),
    ),
    (
        "R9 a push-back robot is not the task's robot",
        update_body(FeedBackRoomParams=[feedback_room("mix_robot_8888")]),
        update_body(FeedBackRoomParams=[feedback_room("mix_back_8888")]),
        STARTED_AV,
        ("FeedBackRoomParams[0].UserId", "R9", "InvalidParameter.UserId"),
    ),
    (
        "R11 a new push-back robot carries its UserSig",
        update_body(FeedBackRoomParams=[drop(feedback_room(), "UserSig")]),
        update_body(FeedBackRoomParams=[feedback_room()]),
        STARTED_AV,
        ("FeedBackRoomParams[0].UserSig", "R11", "MissingParameter.UserSig"),
    ),
    (
        "R18 new URLs are rtmp",
        update_body(PublishCdnParams=[{"PublishCdnUrl": "srt://push.example.com/a"}]),
        update_body(PublishCdnParams=[{"PublishCdnUrl": "rtmp://push.example.com/b"}]),
        STARTED_AV,
        ("PublishCdnParams[0].PublishCdnUrl", "R18", "InvalidParameter.PublishCdnUrls"),
    ),
    (
        "R24 a dynamic layout mixes the task's room only",
        update_body(
            VideoParams={"LayoutParams": {"MixLayoutMode": 3}},
            AudioParams={"SubscribeAudioList": [{"UserInfo": user_info("guest", "9999")}]},
        ),
        update_body(
            VideoParams={"LayoutParams": {"MixLayoutMode": 3}},
            AudioParams={"SubscribeAudioList": [{"UserInfo": user_info("guest")}]},
        ),
        STARTED_AV,
        ("AudioParams.SubscribeAudioList[0].UserInfo.RoomId", "R24", "InvalidParameter"),
    ),
]


@pytest.mark.parametrize(
    "broken, fixed, started, expected",
    [case[1:] for case in UPDATE_CASES],
    ids=[case[0] for case in UPDATE_CASES],
)
def test_update_rule_trips_and_its_fix_passes(broken, fixed, started, expected):
    assert expected in errors(check_update(broken, started=started))
    assert errors(check_update(fixed, started=started)) == []


def test_single_stream_updates_are_judged_on_the_tasks_own_with_transcoding():
    single = STARTED_RELAY["SingleSubscribeParams"]
    claims_relay = update_body(WithTranscoding=0, SingleSubscribeParams=single)
    assert errors(check_update(claims_relay, started=STARTED_AV)) == [
        ("WithTranscoding", "R55", "UnsupportedOperation"),
        ("SingleSubscribeParams", "R14", "InvalidParameter"),
    ]
    assert errors(check_update(claims_relay, started=STARTED_RELAY)) == []


def test_an_update_sends_only_what_changes():
    layout = {"LayoutParams": {"MixLayoutMode": 3, "PureAudioHoldPlaceMode": 0, "RenderMode": 0}}
    assert errors(check_update(update_body(VideoParams=layout), started=STARTED_AV)) == []
    assert errors(check_update(update_body(VideoParams=layout))) == []
    bitrate_only = update_body(VideoParams={"VideoEncode": {"BitRate": 900}})
    assert errors(check_update(bitrate_only, started=STARTED_AV)) == []


def test_update_checks_its_own_fields_even_without_the_task():
    body = update_body(VideoParams={"VideoEncode": {"Fps": 0}})
    assert errors(check_update(body)) == [
        ("VideoParams.VideoEncode.Fps", "R35", "InvalidParameter.OutOfRange")
    ]


def test_secrets_removed_from_the_task_do_not_fail_its_updates():
    started = drop(start_body(), "AgentParams.UserSig")
    assert errors(check_update(update_body(SequenceNumber=7), started=started)) == []


# ---------------------------------------------------------------------------
# Stop (R56).


@pytest.mark.parametrize(
    "broken, fixed, expected",
    [
        (drop(stop_body(), "TaskId"), stop_body(), ("TaskId", "R56", "MissingParameter.TaskId")),
        (
            drop(stop_body(), "SdkAppId"),
            stop_body(),
            ("SdkAppId", "R56", "MissingParameter.SdkAppId"),
        ),
        (
            put(stop_body(), "TaskId", 12),
            stop_body(),
            ("TaskId", "type", "InvalidParameter"),
        ),
        (
            put(stop_body(), "SequenceNumber", 2),
            stop_body(),
            ("SequenceNumber", "unknown-field", "UnknownParameter"),
        ),
        (
            put(stop_body(), "RecordKey", "show 1"),
            put(stop_body(), "RecordKey", "show_1"),
            ("RecordKey", "B.19", "InvalidParameter"),
        ),
    ],
    ids=["R56 TaskId", "R56 SdkAppId", "type", "R6 unknown", "B.22 RecordKey"],
)
def test_stop_rule_trips_and_its_fix_passes(broken, fixed, expected):
    assert errors(check_stop(broken)) == [expected]
    assert errors(check_stop(fixed)) == []


# ---------------------------------------------------------------------------
# Error codes and the merge of updates.


def test_rule_codes_follow_the_reference():
    assert RULE_CODES["R41"] == "InvalidParameter.PresetLayoutConfig"
    assert RULE_CODES["R35"] == "InvalidParameter.VideoResolution"
    assert RULE_CODES["R21"] == "MissingParameter.VideoEncodeParams"
    assert RULE_CODES["R16"] == RULE_CODES["R18"] == "InvalidParameter.PublishCdnUrls"
    assert RULE_CODES["R23"] == RULE_CODES["R55"] == "UnsupportedOperation"
    assert RULE_CODES["required"] == "MissingParameter"
    assert RULE_CODES["type"] == "InvalidParameter"
    assert RULE_CODES["unknown-field"] == "UnknownParameter"
    assert RULE_CODES["R51"] == "FailedOperation.RequestOutdated"
    assert RULE_CODES["R57"] == "ResourceNotFound"


def test_every_rule_the_tables_cite_has_a_code():
    cited = {
        spec.rule
        for shape in [*bodies.SHAPES.values(), *video.SHAPES.values()]
        for spec in shape.fields
        if spec.rule
    }
    cited |= {shape.required_rule for shape in [*bodies.SHAPES.values(), *video.SHAPES.values()]}
    assert cited - RULE_CODES.keys() == set()


def test_error_code_of_a_problem_built_by_hand():
    problem = Problem("VideoParams.VideoEncode.Height", "R35", ERROR, "too tall")
    assert error_code(problem) == "InvalidParameter.VideoResolution"
    assert error_code(Problem("X", "no-such-rule", ERROR, "?")) == "InvalidParameter"


def test_merge_update_keeps_what_the_update_leaves_out():
    started = start_body()
    update = update_body(
        SequenceNumber=9,
        VideoParams={"VideoEncode": {"BitRate": 900}, "LayoutParams": {"MixLayoutMode": 3}},
        PublishCdnParams=[{"PublishCdnUrl": "rtmp://push.example.com/b"}],
    )
    merged = merge_update(started, update)
    assert merged["VideoParams"]["VideoEncode"] == {
        **started["VideoParams"]["VideoEncode"],
        "BitRate": 900,
    }
    assert merged["VideoParams"]["LayoutParams"]["MixLayoutMode"] == 3
    assert (
        merged["VideoParams"]["LayoutParams"]["MixLayoutList"]
        == (started["VideoParams"]["LayoutParams"]["MixLayoutList"])
    )
    assert merged["PublishCdnParams"] == [{"PublishCdnUrl": "rtmp://push.example.com/b"}]
    assert merged["AgentParams"] == started["AgentParams"]
    assert "SequenceNumber" not in merged and "TaskId" not in merged
    assert started == start_body()  # not changed in place


def test_media_kind_of_a_task():
    assert bodies.media_kind(start_body()) == "audio+video"
    assert bodies.media_kind(AUDIO_ONLY) == "audio"
    assert bodies.media_kind(drop(start_body(), "AudioParams")) == "video"


# ---------------------------------------------------------------------------
# Any JSON at all gives problems, never an exception.

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True)
    | st.text(max_size=12)
    # Valid JSON strings that are not valid UTF-8 or look like digits to str methods.
    | st.sampled_from(["\ud800", "x\udfff", "\x00", "\uff11\uff12", "0x00FF00", "rtmp://"]),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=25,
)


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


@st.composite
def damaged_requests(draw, bases: list[dict[str, Any]]) -> Any:
    """A valid body with a few of its values replaced by arbitrary JSON."""
    body = copy.deepcopy(draw(st.sampled_from(bases)))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(_paths(body)))
        replacement = draw(json_values)
        if not path:
            return replacement
        target = body
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = replacement
    return body


BASES = [start_body(), grid_start(), RELAY_ONE, *factories.seed_examples()]
UPDATE_BASES = [
    update_body(VideoParams=start_body()["VideoParams"], AudioParams=start_body()["AudioParams"]),
    update_body(FeedBackRoomParams=[feedback_room()], SeiParams={"LayoutVolume": {}}),
]


def _all_problems(value: Any) -> None:
    assert all(isinstance(p, Problem) for p in value)
    for problem in value:
        assert isinstance(problem.message, str)
        assert isinstance(error_code(problem), str)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_arbitrary_json_never_raises(value):
    _all_problems(check_start(value))
    _all_problems(check_update(value))
    _all_problems(check_update(value, started=value if isinstance(value, dict) else None))
    _all_problems(check_stop(value))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_requests(BASES))
def test_damaged_start_bodies_never_raise(body):
    _all_problems(check_start(body))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_requests(UPDATE_BASES), damaged_requests(BASES))
def test_damaged_updates_of_damaged_tasks_never_raise(body, started):
    _all_problems(check_update(body, started=started if isinstance(started, dict) else None))
    if isinstance(body, dict) and isinstance(started, dict):
        merge_update(started, body)
