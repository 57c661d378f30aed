"""REST endpoints of what goes on air: a task's program, its room (and, for an emulator
task, the room panel's simulated events and its scenario), and verifying a stream."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from layouts import preview
from layouts.api.common import AnyJSONField, parse
from studio.control.selectors import get_task
from studio.control.services import room as room_service
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


class RoomEventInput(serializers.Serializer):
    # Read field by field as a scenario's event (services.room.read_room_event).
    type = serializers.CharField(help_text="enter, exit, camera, audio, screen or speaking")
    UserId = serializers.CharField(help_text="Who (R10)")
    RoomId = serializers.CharField(required=False, help_text="Their room; the task's by default")
    RoomIdType = serializers.IntegerField(required=False, help_text="0 numeric, 1 string room")
    on = serializers.BooleanField(required=False, help_text="camera, audio, screen: on or off")
    level = serializers.IntegerField(required=False, help_text="speaking: 0 to 100")


@extend_schema(
    tags=["tasks"],
    request=RoomEventInput,
    responses={200: {"type": "object"}},
    description=(
        "Emulator tasks only (409 `not-simulated` for a real-cloud task): make one thing "
        "happen in the task's simulated room now, as a scenario's event says it. The "
        "emulator changes its room (the program shows it from its next part) and sends "
        "the signed room or media callback, which the app applies as the real cloud's. "
        "Answers the room afterwards, as GET room/ does."
    ),
)
class TaskRoomEventsView(APIView):
    def post(self, request: Request, pk: int) -> Response:
        task = get_task(pk)
        room_service.send_room_event(task, request.data)
        return Response(onair.room_of(get_task(pk)))


class ScenarioActionInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=room_service.SCENARIO_ACTIONS)


@extend_schema(
    tags=["tasks"],
    request=ScenarioActionInput,
    responses={200: {"type": "object"}},
    description=(
        "The scenario rehearsed in an emulator task's simulated room: GET where it is "
        '(`{"scenario": null}` when none is), POST `{"action": "pause" | "resume" | '
        '"restart" | "step"}` (step plays the next moment\'s events now and pauses there).'
    ),
)
class TaskScenarioView(APIView):
    def get(self, request: Request, pk: int) -> Response:
        return Response({"scenario": room_service.scenario_state(get_task(pk))})

    def post(self, request: Request, pk: int) -> Response:
        data = parse(ScenarioActionInput, request.data)
        return Response({"scenario": room_service.act_on_scenario(get_task(pk), data["action"])})
