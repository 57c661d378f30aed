"""Presets over HTTP: the library, one preset, its history, import and export, thumbnails.

Each view parses its input with a small serializer, calls one service or pure
function, and serializes the result; errors are exceptions that
`studio.api_errors` turns into 4xx answers.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from layouts import preview, selectors, services, starters
from layouts.api.common import (
    AnyJSONField,
    ImageAnswers,
    ListPagination,
    image_response,
    int_param,
    parse,
)
from layouts.core import show
from layouts.errors import problems_payload
from layouts.models import Preset, PresetRevision
from studio import redaction
from studio.roles import PRODUCER, has_role


class StarterMixin(serializers.Serializer):
    """Whether a preset ships with Mix Studio, for the full and the list answers alike."""

    starter = serializers.SerializerMethodField(help_text="Ships with Mix Studio")

    def get_starter(self, preset: Preset) -> bool:
        return preset.starter_key is not None


class ShownInReaderLanguage(serializers.Serializer):
    """The name, description and tags as pages show them, in the request's language.

    Added beside the stored `name`, `description` and `tags`, which stay as they are
    for integrators: a starter's own English text, and the tags of the starters'
    vocabulary, come translated; a producer's own name or description comes as typed.
    """

    display_name = serializers.SerializerMethodField(
        help_text="The name in the reader's language: a starter's while it keeps its own"
    )
    display_description = serializers.SerializerMethodField(
        help_text="The description in the reader's language, as display_name"
    )
    display_tags = serializers.SerializerMethodField(
        help_text="`tags` in the same order, each in the reader's language where it is "
        "one of the starters' tags"
    )

    def get_display_name(self, instance: Preset | PresetRevision) -> str:
        return _shown(instance).name

    def get_display_description(self, instance: Preset | PresetRevision) -> str:
        return _shown(instance).description

    def get_display_tags(self, instance: Preset | PresetRevision) -> list[str]:
        return _shown(instance).tags


def _shown(instance: Preset | PresetRevision) -> starters.Shown:
    preset = instance.preset if isinstance(instance, PresetRevision) else instance
    tags = instance.tags if isinstance(instance.tags, list) else []
    return starters.shown(preset.starter_key, instance.name, instance.description, tags)


DISPLAY_FIELDS = ["display_name", "display_description", "display_tags"]


class SecretsMaskedForViewers(serializers.Serializer):
    """The whole show as its reader may see it.

    A producer gets it key for key (export, launch); anyone else (viewers, and
    any answer given without a request to judge by) gets every secret masked:
    push keys in URLs, storage keys, UserSigs, as tasks show them.
    """

    MASKED_FIELDS = ("request", "meta")

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        if may_see_secrets(self.context.get("request")):
            return data
        for name in self.MASKED_FIELDS:
            if name in data:
                data[name] = redaction.redact(data[name])
        return data


def may_see_secrets(request: Request | HttpRequest | None) -> bool:
    user = getattr(request, "user", None)
    return user is not None and has_role(user, PRODUCER)


class PresetSerializer(
    SecretsMaskedForViewers, StarterMixin, ShownInReaderLanguage, serializers.ModelSerializer
):
    class Meta:
        model = Preset
        fields = [
            "id",
            "name",
            "description",
            "tags",
            "document",
            "request",
            "meta",
            "version",
            "starter",
            "created_at",
            "updated_at",
            *DISPLAY_FIELDS,
        ]
        read_only_fields = fields


class PresetListItemSerializer(StarterMixin, ShownInReaderLanguage, serializers.ModelSerializer):
    """A preset in a list: no document (ask with ?fields=document), but its canvas size."""

    canvas = serializers.SerializerMethodField(help_text='{"Width", "Height"} of VideoEncode')

    class Meta:
        model = Preset
        fields = [
            "id",
            "name",
            "description",
            "tags",
            "version",
            "starter",
            "canvas",
            "created_at",
            "updated_at",
            *DISPLAY_FIELDS,
        ]
        read_only_fields = fields

    def get_canvas(self, preset: Preset) -> dict[str, int | None]:
        return {
            "Width": _whole(getattr(preset, "canvas_width", None)),
            "Height": _whole(getattr(preset, "canvas_height", None)),
        }


def _whole(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class PresetWithDocumentSerializer(PresetListItemSerializer):
    class Meta(PresetListItemSerializer.Meta):
        fields = [*PresetListItemSerializer.Meta.fields, "document"]
        read_only_fields = fields

    def get_canvas(self, preset: Preset) -> dict[str, int | None]:
        encode = preset.document.get("VideoEncode") if isinstance(preset.document, dict) else None
        encode = encode if isinstance(encode, dict) else {}
        return {"Width": _whole(encode.get("Width")), "Height": _whole(encode.get("Height"))}


class PresetListInput(serializers.Serializer):
    search = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    tag = serializers.CharField(required=False, allow_blank=True, max_length=50, default="")
    starter = serializers.BooleanField(required=False, allow_null=True, default=None)
    fields = serializers.ChoiceField(
        choices=["document"], required=False, allow_blank=True, default=""
    )


class PresetRevisionSerializer(
    SecretsMaskedForViewers, ShownInReaderLanguage, serializers.ModelSerializer
):
    saved_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = PresetRevision
        fields = [
            "version",
            "name",
            "description",
            "tags",
            "document",
            "request",
            "meta",
            "note",
            "saved_by",
            "saved_at",
            *DISPLAY_FIELDS,
            "display_note",
        ]
        read_only_fields = fields

    display_note = serializers.SerializerMethodField(
        help_text="The note in the reader's language where the app wrote it"
    )

    def get_display_note(self, revision: PresetRevision) -> str:
        return starters.shown_note(revision.note)


class PresetCreateInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(allow_blank=True, required=False, default="")
    tags = serializers.ListField(
        child=serializers.CharField(max_length=50, allow_blank=True),
        required=False,
        default=list,
        max_length=50,
    )
    document = AnyJSONField(allow_null=True, help_text="VideoParams; null for an audio-only show")
    request = AnyJSONField(
        required=False,
        help_text="The rest of the StartPublishCdnStream body, without VideoParams; UserSigs and "
        "storage keys are never kept. Absent: WithTranscoding 1 when there is a document.",
    )
    meta = AnyJSONField(required=False, help_text="The editor's own data; never sent")


VERSION_HELP = "The version you edited; a stale one answers 409 and nothing is overwritten."


class PresetUpdateInput(PresetCreateInput):
    version = serializers.IntegerField(min_value=1, help_text=VERSION_HELP)


class PresetPatchInput(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(allow_blank=True, required=False)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=50, allow_blank=True), required=False, max_length=50
    )
    document = AnyJSONField(required=False, allow_null=True)
    request = AnyJSONField(required=False)
    meta = AnyJSONField(required=False)
    version = serializers.IntegerField(min_value=1, help_text=VERSION_HELP)


class RestoreInput(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, required=False, help_text=VERSION_HELP)


def saved_response(
    request: Request, saved: services.SavedPreset, status_code: int = status.HTTP_200_OK
) -> Response:
    body = PresetSerializer(saved.preset, context={"request": request}).data
    body["warnings"] = problems_payload(saved.warnings)
    body["withheld"] = list(saved.withheld)
    body["left_out"] = list(saved.left_out)
    response = Response(body, status=status_code)
    if status_code == status.HTTP_201_CREATED:
        response["Location"] = reverse("preset-detail", args=[saved.preset.pk])
    return response


@extend_schema(tags=["presets"])
class PresetViewSet(viewsets.GenericViewSet):
    """The preset library: list, create, read, change, delete, history."""

    serializer_class = PresetSerializer
    # Read by DRF's OPTIONS answer and the schema only; the actions read through services.
    queryset = Preset.objects.all()
    pagination_class = ListPagination
    # Ids are whole numbers: /api/presets/abc/ and /api/presets/1e3/ are 404, not a crash.
    lookup_value_regex = r"[0-9]{1,18}"

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str, description="Part of a name, description or tag"),
            OpenApiParameter("tag", str, description="Exact tag (case-insensitive)"),
            OpenApiParameter("starter", bool, description="Only starters (true) or only others"),
            OpenApiParameter("fields", str, description="document: include each document"),
        ],
        responses=PresetListItemSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        data = parse(PresetListInput, request.query_params.dict())
        filters = selectors.PresetFilters(
            search=data["search"].strip(), tag=data["tag"].strip(), starter=data["starter"]
        )
        documents = data["fields"] == "document"
        ids = self.paginate_queryset(selectors.preset_ids(filters))
        page = selectors.presets_by_id(list(ids), documents=documents)
        shape = PresetWithDocumentSerializer if documents else PresetListItemSerializer
        return self.get_paginated_response(shape(page, many=True).data)

    @extend_schema(
        responses=inline_serializer(
            "PresetTags", {"tags": serializers.ListField(child=serializers.CharField())}
        )
    )
    @action(detail=False, methods=["get"])
    def tags(self, request: Request) -> Response:
        """Every tag of the library, once, for suggestions and the tag filter."""
        return Response({"tags": selectors.preset_tags()})

    @extend_schema(request=PresetCreateInput, responses={201: PresetSerializer})
    def create(self, request: Request) -> Response:
        data = parse(PresetCreateInput, request.data)
        saved = services.create_preset(user=request.user, **data)
        return saved_response(request, saved, status.HTTP_201_CREATED)

    @extend_schema(responses=PresetSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(
            PresetSerializer(services.get_preset(int(pk)), context={"request": request}).data
        )

    @extend_schema(request=PresetUpdateInput, responses=PresetSerializer)
    def update(self, request: Request, pk: str) -> Response:
        data = parse(PresetUpdateInput, request.data)
        return self._save(request, int(pk), data)

    @extend_schema(request=PresetPatchInput, responses=PresetSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        return self._save(request, int(pk), parse(PresetPatchInput, request.data))

    def _save(self, request: Request, pk: int, data: dict[str, Any]) -> Response:
        version = data.pop("version")
        saved = services.update_preset(
            pk, expected_version=version, changes=data, user=request.user
        )
        return saved_response(request, saved)

    def destroy(self, request: Request, pk: str) -> Response:
        services.delete_preset(int(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=PresetRevisionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def revisions(self, request: Request, pk: str) -> Response:
        """Every saved version, newest first, a page at a time."""
        revisions = self.paginate_queryset(selectors.preset_revisions(services.get_preset(int(pk))))
        return self.get_paginated_response(
            PresetRevisionSerializer(revisions, many=True, context={"request": request}).data
        )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "with_app_part",
                bool,
                description=f"true: with Mix Studio's own part too ({show.APP_KEY}: outputs "
                "turned off, playback URLs, the scenario), which an import keeps and the cloud "
                "never takes",
            )
        ],
        responses={200: {"type": "object"}},
    )
    @action(detail=True, methods=["get"], url_path="request")
    def start_request(self, request: Request, pk: str) -> Response:
        """The preset's StartPublishCdnStream body, key for key in the API's own shape.

        UserSigs and storage keys are never kept: X-Mix-Withheld lists where a
        launch puts them. SdkAppId is the one imported; a launch sets the app's.
        """
        query = parse(ExportQuery, request.query_params.dict())
        body = services.preset_start_body(
            services.get_preset(int(pk)), with_app_part=query["with_app_part"]
        )
        response = Response(body if may_see_secrets(request) else redaction.redact(body))
        response["X-Mix-Withheld"] = ", ".join(show.secret_slots(body))
        return response

    @extend_schema(request=RestoreInput, responses=PresetSerializer)
    @action(detail=True, methods=["post"], url_path=r"revisions/(?P<version>[0-9]{1,18})/restore")
    def restore(self, request: Request, pk: str, version: str) -> Response:
        expected = parse(RestoreInput, request.data or {}).get("version")
        saved = services.restore_revision(
            int(pk), int(version), user=request.user, expected_version=expected
        )
        return saved_response(request, saved)


class ExportQuery(serializers.Serializer):
    with_app_part = serializers.BooleanField(default=False)


class ImportQuery(serializers.Serializer):
    # CharField refuses NUL and lone surrogates, which no database stores as text.
    name = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)


@extend_schema(
    tags=["presets"],
    request={"application/json": {"type": "object"}},
    parameters=[OpenApiParameter("name", str, description="Name of the new preset")],
    responses={201: PresetSerializer},
    description=(
        "The body is the JSON itself: a StartPublishCdnStream or UpdatePublishCdnStream "
        "request body (audio only included), or a bare VideoParams object. Every key is kept: "
        "the document is exactly the VideoParams given (null: audio only), the request the rest, "
        "without UserSigs and storage keys (listed in `withheld`) and without an Update's TaskId "
        "and SequenceNumber (`left_out`). Problems have paths inside the body; a body with "
        "errors saves nothing. GET /api/presets/{id}/request/ answers the body again."
    ),
)
class PresetImportView(APIView):
    def post(self, request: Request) -> Response:
        query = parse(ImportQuery, request.query_params)
        saved = services.import_preset(
            request.data, user=request.user, name=query.get("name", "")[:200]
        )
        return saved_response(request, saved, status.HTTP_201_CREATED)


@extend_schema(
    tags=["presets"],
    parameters=[OpenApiParameter("width", int, description="16 to 1920; default 320")],
    responses={(200, "image/png"): bytes},
)
class PresetThumbnailView(ImageAnswers, APIView):
    """A PNG of the saved preset for the library; cached until the preset changes."""

    def get(self, request: Request, pk: int) -> HttpResponse:
        width = int_param(request, "width", 320, 16, 1920)
        image = preview.preset_thumbnail(services.get_preset(pk), width)
        response = image_response(image)
        response["Cache-Control"] = "private, max-age=60"
        return response
