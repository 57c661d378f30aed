"""The room over HTTP: the cloud's room and media callbacks come in here."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from studio.control import callbacks


@extend_schema(
    tags=["callbacks"],
    request={"application/json": {"type": "object"}},
    responses=inline_serializer(
        "RoomCallbackAnswer",
        {"code": serializers.IntegerField(), "tasks": serializers.IntegerField()},
    ),
    description=(
        "Tencent's room and media callbacks (reference I): who enters and leaves a room, "
        "turns camera, microphone or screen share on and off. Authenticated by the Sign "
        "header (HMAC-SHA256 of the raw body with the callback key of the app the SdkAppId "
        "header names), not by login. `tasks` counts this app's starting or running tasks "
        "in that room; a replayed or older event changes nothing."
    ),
)
class RoomCallbackView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    def post(self, request: Request) -> Response:
        # The Sign covers the exact bytes: read them before anything parses JSON.
        received = callbacks.receive_room_callback(
            request.body, request.headers.get("Sign"), request.headers.get("SdkAppId")
        )
        return Response({"code": 0, "tasks": received.tasks})
