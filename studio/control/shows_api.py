"""Shows over HTTP: a preset with variants launched as one task per leg, and taken,
slated and stopped together (studio/control/services/shows.py).

POST /api/shows/                 {"request", "preset"?, "fill_from_preset"?, "scenario"?}
GET  /api/shows/{key}/           the legs, each as GET /api/tasks/{id}/ answers
POST /api/shows/{key}/take/      {"legs": {"<leg>": {"document": <VideoParams>}, ...}}
POST /api/shows/{key}/slate/     {"on": true | false}
POST /api/shows/{key}/stop/      {"leg"?: "<leg>"}: every leg, or the one named
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from layouts import services as layout_services
from layouts.api.common import AnyJSONField, parse
from studio.control.api import StartInput, TaskSerializer
from studio.control.models import MixTask
from studio.control.services import profiles, shows


class ShowTakeInput(serializers.Serializer):
    legs = serializers.DictField(
        child=AnyJSONField(),
        help_text='Each leg\'s staged state by leg name: {"main": {"document": ...}, ...}',
    )

    def validate_legs(self, legs: dict[str, Any]) -> dict[str, Any]:
        documents = {}
        for leg, staged in legs.items():
            if not isinstance(staged, dict) or not isinstance(staged.get("document"), dict):
                raise serializers.ValidationError(
                    f"legs.{leg[:40]}: give the leg's staged VideoParams as document."
                )
            documents[leg] = staged["document"]
        if not documents:
            raise serializers.ValidationError("Give at least one leg to take.")
        return documents


class ShowSlateInput(serializers.Serializer):
    on = serializers.BooleanField(default=True)


class ShowStopInput(serializers.Serializer):
    leg = serializers.CharField(required=False, max_length=16, help_text="Stop only this leg")


def show_answer(key: str, tasks: list[MixTask]) -> dict[str, Any]:
    return {"show": key, "legs": TaskSerializer(tasks, many=True).data}


@extend_schema(tags=["shows"], request=StartInput, responses={201: {"type": "object"}})
class ShowListView(APIView):
    def post(self, request: Request) -> Response:
        data = parse(StartInput, request.data)
        body = data["request"]
        app = profiles.app_for(body.get("SdkAppId") if isinstance(body, dict) else None)
        preset = (
            layout_services.get_preset(data["preset"]) if data.get("preset") is not None else None
        )
        tasks = shows.start_show(
            app=app,
            request=body,
            user=request.user,
            preset=preset,
            fill_from_preset=data["fill_from_preset"],
            scenario=data["scenario"],
        )
        key = tasks[0].show_key
        response = Response(show_answer(key, tasks), status=status.HTTP_201_CREATED)
        response["Location"] = reverse("show-detail", args=[key])
        return response


@extend_schema(tags=["shows"], responses={200: {"type": "object"}})
class ShowDetailView(APIView):
    def get(self, request: Request, key: Any) -> Response:
        key = str(key)
        return Response(show_answer(key, shows.legs_of(key)))


@extend_schema(tags=["shows"], request=ShowTakeInput, responses={200: {"type": "object"}})
class ShowTakeView(APIView):
    def post(self, request: Request, key: Any) -> Response:
        key = str(key)
        data = parse(ShowTakeInput, request.data)
        results = shows.take_show(key, data["legs"], user=request.user)
        return Response(
            {
                "show": key,
                "legs": [
                    {
                        "leg": result.leg,
                        "task": result.task.pk,
                        "result": result.result,
                        "sequence_number": result.task.sequence_number,
                    }
                    for result in results
                ],
            }
        )


@extend_schema(tags=["shows"], request=ShowSlateInput, responses={200: {"type": "object"}})
class ShowSlateView(APIView):
    def post(self, request: Request, key: Any) -> Response:
        key = str(key)
        data = parse(ShowSlateInput, request.data)
        return Response(show_answer(key, shows.slate_show(key, on=data["on"], user=request.user)))


@extend_schema(tags=["shows"], request=ShowStopInput, responses={200: {"type": "object"}})
class ShowStopView(APIView):
    def post(self, request: Request, key: Any) -> Response:
        key = str(key)
        data = parse(ShowStopInput, request.data)
        stopped = shows.stop_show(key, user=request.user, leg=data.get("leg"))
        return Response(show_answer(key, stopped))
