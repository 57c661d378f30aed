"""Layout documents over HTTP, saving nothing: validate, extract, reflow, regions, previews.

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

from layouts import preview, services
from layouts.api.common import AnyJSONField, ImageAnswers, image_response, parse
from layouts.core import reflow
from layouts.core.contract.video import VIDEO_ENCODE
from layouts.core.page_contract import describe_shapes
from layouts.core.rules import document as rules
from layouts.errors import problems_payload


class ValidateInput(serializers.Serializer):
    document = AnyJSONField()
    with_transcoding = serializers.ChoiceField(choices=[0, 1], required=False, allow_null=True)


@extend_schema(
    tags=["layouts"],
    request={"application/json": {"type": "object"}},
    responses=inline_serializer(
        "ExtractedDocument",
        {"document": serializers.DictField(), "source": serializers.CharField()},
    ),
)
class ExtractView(APIView):
    """The VideoParams in a Start/Update body (or a bare VideoParams), without saving it."""

    changes_nothing = True

    def post(self, request: Request) -> Response:
        found = services.extract_document(request.data)
        return Response({"document": found.document, "source": found.source})


@extend_schema(
    tags=["layouts"],
    request=ValidateInput,
    responses=inline_serializer(
        "ValidationResult",
        {
            "valid": serializers.BooleanField(),
            "problems": serializers.ListField(child=serializers.DictField()),
        },
    ),
)
class ValidateView(APIView):
    """Check a document without saving it."""

    changes_nothing = True

    def post(self, request: Request) -> Response:
        data = parse(ValidateInput, request.data)
        problems = services.document_problems(
            data["document"], with_transcoding=data.get("with_transcoding")
        )
        return Response(
            {"valid": not rules.has_errors(problems), "problems": problems_payload(problems)}
        )


class ReflowInput(serializers.Serializer):
    document = AnyJSONField(help_text="The VideoParams to lay out again")
    Width = serializers.IntegerField(
        min_value=1,
        max_value=VIDEO_ENCODE.by_name["Width"].maximum,
        help_text="The new output width (px, R35)",
    )
    Height = serializers.IntegerField(
        min_value=1,
        max_value=VIDEO_ENCODE.by_name["Height"].maximum,
        help_text="The new output height (px, R35)",
    )


@extend_schema(
    tags=["layouts"],
    request=ReflowInput,
    responses=inline_serializer(
        "ReflowResult",
        {
            "document": serializers.DictField(),
            "problems": serializers.ListField(child=serializers.DictField()),
        },
    ),
    description=(
        "The document laid out again at another output size (a portrait twin of a landscape "
        "show): pictures keep their aspect and role, groups re-stack, watermarks keep their "
        "corner inside the safe area. `problems` are those of the result, with a "
        "`reflow-touch` warning for each slot that wants a producer's eye. A document with "
        "errors is refused (400) naming the first one's path."
    ),
)
class ReflowView(APIView):
    """A layout at another output size, laid out again rather than scaled."""

    changes_nothing = True

    def post(self, request: Request) -> Response:
        data = parse(ReflowInput, request.data)
        services.check_document(data["document"])
        document = reflow.reflow(data["document"], data["Width"], data["Height"])
        problems = services.document_problems(document)
        problems += reflow.manual_touches(data["document"], document)
        return Response({"document": document, "problems": problems_payload(problems)})


@extend_schema(tags=["layouts"], responses={200: {"type": "object"}})
class DocumentSchemaView(APIView):
    """Every field of the document with its type, range, default and rule."""

    def get(self, request: Request) -> Response:
        return Response(describe_shapes(_))


class ScenarioInput(serializers.Serializer):
    document = AnyJSONField()
    participants = AnyJSONField(
        required=False,
        allow_null=True,
        help_text=(
            'Join order: [{"UserId", "RoomId", "RoomIdType", "camera", "audio", "screen", '
            '"width", "height"}]; absent = the users the document binds plus guests.'
        ),
    )
    main_room = AnyJSONField(
        required=False,
        allow_null=True,
        help_text=(
            '{"RoomId", "RoomIdType"}: the room whose people fill auto-fill slots and whose '
            "users a slot names without a RoomId (a task's own room); absent = the first "
            "participant's."
        ),
    )


class PreviewInput(ScenarioInput):
    format = serializers.ChoiceField(choices=preview.FORMATS, default="png")
    scale = serializers.FloatField(default=1.0, min_value=0.01, max_value=1.0)
    overlay = serializers.BooleanField(default=False)


@extend_schema(tags=["layouts"], request=ScenarioInput, responses={200: {"type": "object"}})
class RegionsView(APIView):
    """Where every picture lands for these participants, and the SEI it would produce."""

    changes_nothing = True

    def post(self, request: Request) -> Response:
        data = parse(ScenarioInput, request.data)
        scenario = preview.parse_scenario(data.get("participants"), data.get("main_room"))
        return Response(
            preview.regions_payload(data["document"], scenario.participants, scenario.main_room)
        )


@extend_schema(
    tags=["layouts"],
    request=PreviewInput,
    responses={(200, "image/png"): bytes, (200, "image/jpeg"): bytes, (200, "image/webp"): bytes},
)
class PreviewView(ImageAnswers, APIView):
    """The rendered program picture for these participants."""

    changes_nothing = True

    def post(self, request: Request) -> HttpResponse:
        data = parse(PreviewInput, request.data)
        image = preview.preview_image(
            data["document"],
            preview.parse_scenario(data.get("participants"), data.get("main_room")),
            fmt=data["format"],
            scale=data["scale"],
            overlay=data["overlay"],
        )
        return image_response(image)
