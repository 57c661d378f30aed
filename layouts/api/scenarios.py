"""Scenarios over HTTP: the starters, the room at a moment, a scenario played as a video.

Each view parses its input with a small serializer, calls one service or pure
function, and serializes the result; errors are exceptions that
`studio.api_errors` turns into 4xx answers.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from layouts import scenario_video, services
from layouts.api.common import AnyJSONField, parse
from layouts.core import scenario as scenarios
from layouts.core import scenario_starters


class ScenarioRenderInput(serializers.Serializer):
    document = AnyJSONField(required=False, help_text="A VideoParams document (or give preset)")
    preset = serializers.IntegerField(required=False, help_text="A saved preset's id")
    scenario = AnyJSONField(help_text='{"duration": s, "events": [{"at", "type", "UserId", ...}]}')
    Width = serializers.IntegerField(
        required=False, min_value=16, max_value=scenario_video.MAX_WIDTH
    )
    seconds = serializers.FloatField(
        required=False, min_value=0.1, max_value=scenario_video.MAX_SECONDS
    )


@extend_schema(
    tags=["layouts"],
    request=ScenarioRenderInput,
    responses={(200, "video/mp4"): bytes},
    description=(
        "The scenario played through the layout as an H.264 MP4 (at most 30 s): the room at "
        "each moment placed and drawn as previews are. One video at a time per user (429 "
        "with Retry-After meanwhile)."
    ),
)
class ScenarioRenderView(APIView):
    changes_nothing = True

    def post(self, request: Request) -> HttpResponse:
        data = parse(ScenarioRenderInput, request.data)
        document, main_room = services.scenario_subject(data.get("document"), data.get("preset"))
        played = services.read_scenario_of(data["scenario"], main_room)
        with scenario_video.one_video_per_user(str(request.user.pk)):
            video = scenario_video.scenario_video(
                document, played, seconds=data.get("seconds"), width=data.get("Width")
            )
        response = HttpResponse(video.data, content_type="video/mp4")
        response["Content-Disposition"] = 'inline; filename="scenario.mp4"'
        return response


@extend_schema(
    tags=["layouts"],
    responses=inline_serializer(
        "ScenarioStarter",
        {
            "name": serializers.CharField(),
            "title": serializers.CharField(),
            "description": serializers.CharField(),
            "scenario": serializers.DictField(),
        },
        many=True,
    ),
)
class ScenarioStartersView(APIView):
    """The scenarios Mix Studio ships with, their titles in the request's language."""

    def get(self, request: Request) -> Response:
        return Response(
            [
                {
                    "name": item["name"],
                    "title": _(item["title"]),
                    "description": _(item["description"]),
                    "scenario": item["scenario"],
                }
                for item in scenario_starters.STARTERS
            ]
        )


class ScenarioRoomInput(serializers.Serializer):
    document = AnyJSONField(
        required=False,
        help_text="A VideoParams document: its people are in the previews' stand-in room",
    )
    preset = serializers.IntegerField(
        required=False, help_text="A saved preset's id: its people are in its own room"
    )
    scenario = AnyJSONField(help_text='{"duration": s, "events": [{"at", "type", "UserId", ...}]}')
    seconds = serializers.FloatField(min_value=0, max_value=scenarios.MAX_DURATION)


@extend_schema(
    tags=["layouts"],
    request=ScenarioRoomInput,
    responses=inline_serializer(
        "ScenarioRoom", {"participants": serializers.ListField(child=serializers.DictField())}
    ),
    description=(
        "Who is in the room `seconds` into the scenario (events at that moment included), in "
        "join order and the participant shape of previews (with `since_ms` and `level`): what "
        "the editor's timeline passes to the preview and regions. A bad scenario is refused "
        "(400) naming the event."
    ),
)
class ScenarioRoomView(APIView):
    changes_nothing = True

    def post(self, request: Request) -> Response:
        data = parse(ScenarioRoomInput, request.data)
        main_room = services.scenario_main_room(data.get("preset"))
        played = services.read_scenario_of(data["scenario"], main_room)
        room = scenarios.room_at(played, data["seconds"])
        return Response({"participants": [person.to_dict() for person in room.people]})
