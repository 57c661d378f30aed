"""What the agent tests share: users with tokens, a running emulator task, and the
SDK's own clients over stdio (`manage.py mcp` on the test database) and HTTP."""

from __future__ import annotations

import base64
import io
import json
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx2
import pytest
from django.conf import settings
from mcp import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client
from PIL import Image

from tests.factories import document, make_user

ROOT = Path(__file__).resolve().parents[3]


def launch_body(picture: dict[str, Any], room: str = "7100") -> dict[str, Any]:
    return {
        "RoomId": room,
        "RoomIdType": 1,
        "AgentParams": {},
        "WithTranscoding": 1,
        "AudioParams": {"AudioEncode": {"SampleRate": 48000, "Channel": 2, "BitRate": 64}},
        "VideoParams": picture,
        "PublishCdnParams": [
            {"PublishCdnUrl": f"rtmp://push.example.com/live/{room}?txSecret=abc"}
        ],
    }


def start_task(user, room: str = "7100"):
    """A running task on the in-process emulator, showing two pictures side by side."""
    from studio.control.services import launch, profiles

    return launch.start_task(
        app=profiles.emulator_app(), request=launch_body(document(slots=2), room), user=user
    )


def three_up() -> dict[str, Any]:
    """The staged change: three pictures side by side instead of two."""
    return document(slots=3)


@pytest.fixture
def producer(transactional_db):
    return make_user("producer", "producer")


@pytest.fixture
def viewer(transactional_db):
    return make_user("viewer", "viewer")


def token_of(user) -> str:
    from rest_framework.authtoken.models import Token

    return Token.objects.get_or_create(user=user)[0].key


@asynccontextmanager
async def over_http(url: str, token: str | None) -> AsyncIterator[ClientSession]:
    """An initialized session of the SDK's streamable HTTP client, with this API token."""
    headers = {"Authorization": f"Token {token}"} if token else {}
    async with (
        httpx2.AsyncClient(headers=headers, timeout=30) as http,
        streamable_http_client(url, http_client=http) as (read, write),
        ClientSession(read, write) as session,
    ):
        await session.initialize()
        yield session


@asynccontextmanager
async def over_stdio(username: str, cache_dir: Path) -> AsyncIterator[ClientSession]:
    """`manage.py mcp --user USERNAME` on the test database, through the SDK's stdio client."""
    server = StdioServerParameters(
        command=sys.executable,
        args=["manage.py", "mcp", "--user", username],
        cwd=str(ROOT),
        env={
            **os.environ,
            "DATABASE_URL": f"sqlite:///{settings.DATABASES['default']['NAME']}",
            "MIX_CACHE_BACKEND": "studio.cache.FileCache",
            "MIX_CACHE_LOCATION": str(cache_dir),
            "MIX_LOG_LEVEL": "WARNING",
        },
    )
    async with (
        stdio_client(server) as (read, write),
        ClientSession(read, write, read_timeout_seconds=60) as session,
    ):
        await session.initialize()
        yield session


def answer_of(result) -> Any:
    """A successful tool result's JSON."""
    assert not result.is_error, result.content
    return json.loads(result.content[-1].text)


def refusal_of(result) -> str:
    """A refused tool call's words."""
    assert result.is_error, result.content
    return result.content[0].text


def png_size(result) -> tuple[int, int]:
    """The size of the PNG a preview tool answered."""
    assert not result.is_error, result.content
    image = result.content[0]
    assert image.type == "image" and image.mime_type == "image/png"
    with Image.open(io.BytesIO(base64.b64decode(image.data))) as picture:
        assert picture.format == "PNG"
        return picture.size
