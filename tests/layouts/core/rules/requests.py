"""Valid request bodies for the rules' tests, and small ways to change copies of them."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from layouts.core.contract.problems import ERROR, Problem
from layouts.core.rules.request import check_start
from studio.cloud.emulator.error_codes import error_code
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


def errors_of(body: dict[str, Any]) -> list[Problem]:
    return [p for p in check_start(body) if p.severity == ERROR]


# ---------------------------------------------------------------------------
# Update: what a running task may and may not change (R14, R23, R50-R55).

STARTED_AV = start_body()
STARTED_AUDIO = AUDIO_ONLY
STARTED_RELAY = RELAY_ONE


def start_cases_test(cases: list[tuple[Any, ...]]) -> Any:
    """A test over (id, broken, fixed, (path, rule, code)) Start bodies: each rule trips
    on the broken body with that problem, and the nearest valid body passes."""
    from layouts.core.rules.request import check_start

    @pytest.mark.parametrize(
        "broken, fixed, expected", [case[1:] for case in cases], ids=[case[0] for case in cases]
    )
    def test(broken: Any, fixed: Any, expected: tuple[str, str, str]) -> None:
        assert expected in errors(check_start(broken))
        assert errors(check_start(fixed)) == []

    return test


def update_cases_test(cases: list[tuple[Any, ...]]) -> Any:
    """The same over (id, broken, fixed, started, (path, rule, code)) Update bodies."""
    from layouts.core.rules.request import check_update

    @pytest.mark.parametrize(
        "broken, fixed, started, expected",
        [case[1:] for case in cases],
        ids=[case[0] for case in cases],
    )
    def test(broken: Any, fixed: Any, started: Any, expected: tuple[str, str, str]) -> None:
        assert expected in errors(check_update(broken, started=started))
        assert errors(check_update(fixed, started=started)) == []

    return test
