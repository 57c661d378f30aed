"""REST endpoints of what goes on air: a task's program, its room, and verifying a stream."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from layouts import preview
from layouts.api import AnyJSONField, parse
from studio.control.selectors import get_task
from studio.onair import services as onair


class RoomInput(serializers.Serializer):
    participants = AnyJSONField(
        help_text="Join order, in the participant shape of previews; [] means everyone left."
    )


class VerifyInput(serializers.Serializer):
    url = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="An HLS, HTTP-FLV or RTMP playback URL; absent: the task's own program.",
    )


@extend_schema(tags=["tasks"], responses={200: {"type": "object"}})
class TaskProgramView(APIView):
    """Where the task's program plays: {"hls": playlist path, ...}; on the emulator also
    "status": "live", "paused" (its engine is too busy to keep up; the program resumes
    at the live edge) or "ended", and "signed": the same playlists as short-lived URLs
    any player opens without a session."""

    def get(self, request: Request, pk: int) -> Response:
        program = onair.program_of(
            get_task(pk), viewer=request.user, base_url=request.build_absolute_uri("/")
        )
        return Response(program)


@extend_schema(tags=["tasks"], request=RoomInput, responses={200: {"type": "object"}})
class TaskRoomView(APIView):
    """GET who is in the room; POST (emulator only) who is in it from now on."""

    def get(self, request: Request, pk: int) -> Response:
        return Response(onair.room_of(get_task(pk)))

    def post(self, request: Request, pk: int) -> Response:
        data = parse(RoomInput, request.data)
        people = preview.parse_scenario(data["participants"]).participants or []
        return Response(onair.set_room(get_task(pk), people))


@extend_schema(tags=["tasks"], request=VerifyInput, responses={200: {"type": "object"}})
class TaskVerifyView(APIView):
    """Read a stream's volume-layout SEI and compare it with the design: as designed, or
    every mismatch (user, expected rectangle, seen rectangle)."""

    def post(self, request: Request, pk: int) -> Response:
        data = parse(VerifyInput, request.data)
        task = get_task(pk)
        return Response(onair.verify_task(task, url=data.get("url") or None, user=request.user))
