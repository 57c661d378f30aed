"""Start bodies with real UserSigs, read at a fixed clock: the launch checks' tests."""

from __future__ import annotations

from typing import Any

from studio.cloud.usersig import gen_usersig
from tests.factories import document

NOW = 1_800_000_000
APP = 1400000001
KEY = "launch-check-test-key"


def body(**changes: Any) -> dict[str, Any]:
    start = {
        "SdkAppId": APP,
        "RoomId": "8888",
        "RoomIdType": 1,
        "AgentParams": {
            "UserId": "robot_8888",
            "UserSig": gen_usersig(APP, "robot_8888", KEY, now=NOW - 60),
        },
        "WithTranscoding": 1,
        "AudioParams": {"AudioEncode": {"SampleRate": 48000, "Channel": 2, "BitRate": 64}},
        "VideoParams": document(),
        "PublishCdnParams": [{"PublishCdnUrl": "rtmp://push.example.com/live/a"}],
    }
    start.update(changes)
    return start


def found(problems, severity=None) -> list[tuple[str, str]]:
    return [(p.path, p.rule) for p in problems if severity is None or p.severity == severity]
