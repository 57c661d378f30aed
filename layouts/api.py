"""REST endpoints for presets and layout documents.

Each view parses its input with a small serializer, calls one service or pure
function, and serializes the result. Errors are exceptions that
`studio.api_errors` turns into 4xx answers.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from layouts import assets, preview, scenario_video, selectors, services
from layouts.core import reflow, scenario_starters, show
from layouts.core import scenario as scenarios
from layouts.core.contract.video import VIDEO_ENCODE
from layouts.core.page_contract import describe_shapes
from layouts.core.rules import document as rules
from layouts.core.text import PhraseText
from layouts.errors import MixStudioError, problems_payload
from layouts.models import Asset, Preset, PresetRevision
from studio import redaction
from studio.roles import PRODUCER, has_role


class ImageAnswers:
    """Views that answer with image bytes: any Accept header gets them, errors stay JSON."""

    def perform_content_negotiation(self, request: Request, force: bool = False):  # noqa: ANN201
        return super().perform_content_negotiation(request, force=True)


class StarterMixin(serializers.Serializer):
    """Whether a preset ships with Mix Studio, for the full and the list answers alike."""

    starter = serializers.SerializerMethodField(help_text="Ships with Mix Studio")

    def get_starter(self, preset: Preset) -> bool:
        return preset.starter_key is not None


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


class PresetSerializer(SecretsMaskedForViewers, StarterMixin, serializers.ModelSerializer):
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
        ]
        read_only_fields = fields


class PresetListItemSerializer(StarterMixin, serializers.ModelSerializer):
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


class PresetRevisionSerializer(SecretsMaskedForViewers, serializers.ModelSerializer):
    saved_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

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
        ]
        read_only_fields = fields


class AnyJSONField(serializers.JSONField):
    """Any JSON value; the layout rules judge it, not the serializer."""


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


class ValidateInput(serializers.Serializer):
    document = AnyJSONField()
    with_transcoding = serializers.ChoiceField(choices=[0, 1], required=False, allow_null=True)


def saved_response(
    request: Request, saved: services.SavedPreset, status_code: int = status.HTTP_200_OK
) -> Response:
    body = PresetSerializer(saved.preset, context={"request": request}).data
    body["warnings"] = problems_payload(saved.warnings)
    body["withheld"] = list(saved.withheld)
    body["left_out"] = list(saved.left_out)
    return Response(body, status=status_code)


class PresetPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


@extend_schema(tags=["presets"])
class PresetViewSet(viewsets.GenericViewSet):
    """The preset library: list, create, read, change, delete, history."""

    serializer_class = PresetSerializer
    pagination_class = PresetPagination
    # Ids are whole numbers: /api/presets/abc/ and /api/presets/1e3/ are 404, not a crash.
    lookup_value_regex = r"[0-9]{1,18}"

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str, description="Part of a name, description or tag"),
            OpenApiParameter("tag", str, description="Exact tag (case-insensitive)"),
            OpenApiParameter("starter", bool, description="Only starters (true) or only others"),
            OpenApiParameter("fields", str, description="document: include each document"),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int, description="At most 200; default 50"),
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
        revisions = selectors.preset_revisions(services.get_preset(int(pk)))
        return Response(
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
        scenario = preview.parse_scenario(data.get("participants"))
        return Response(preview.regions_payload(data["document"], scenario.participants))


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
            preview.parse_scenario(data.get("participants")),
            fmt=data["format"],
            scale=data["scale"],
            overlay=data["overlay"],
        )
        return image_response(image)


@extend_schema(
    tags=["presets"],
    parameters=[OpenApiParameter("width", int, description="16 to 1920; default 320")],
    responses={(200, "image/png"): bytes},
)
class PresetThumbnailView(ImageAnswers, APIView):
    """A PNG of the saved preset for the library; cached until the preset changes."""

    def get(self, request: Request, pk: int) -> HttpResponse:
        width = _int_param(request, "width", 320, 16, 1920)
        image = preview.preset_thumbnail(services.get_preset(pk), width)
        response = image_response(image)
        response["Cache-Control"] = "private, max-age=60"
        return response


def image_response(image: preview.PreviewImage) -> HttpResponse:
    response = HttpResponse(image.data, content_type=image.content_type)
    response["X-Mix-Approximate"] = "true" if image.approximate else "false"
    response["X-Mix-Calibration-Captures"] = str(image.captures)
    response["X-Mix-Warning-Count"] = str(len(image.warnings))
    response["X-Mix-Warnings"] = warnings_header(image.warnings)
    return response


WARNINGS_HEADER_BYTES = 1000  # proxies refuse headers over 4-8 KB; stay far below
WARNINGS_IN_HEADER = 3
_URL_IN_TEXT = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]{1,15}://[^/\s\"'<>?#]{1,80})[^\s\"'<>]*")


def warnings_header(warnings: list[dict[str, Any]]) -> str:
    """The first few warnings as ASCII JSON under 1 KB: URLs cut to their host, text cut short.

    The whole list is in the picture's answer for the editor's JSON endpoints;
    a header only points at it (X-Mix-Warning-Count says how many there are).
    """
    shown: list[dict[str, str]] = []
    for warning in warnings[:WARNINGS_IN_HEADER]:
        brief = {
            key: _header_text(_shown(warning.get(key, "")), 160 if key == "message" else 80)
            for key in ("path", "rule", "severity", "message")
        }
        if len(json.dumps([*shown, brief])) > WARNINGS_HEADER_BYTES:
            break
        shown.append(brief)
    return json.dumps(shown)


def _shown(value: Any) -> str:
    return value.phrase.render(_) if isinstance(value, PhraseText) else str(value)


def _header_text(text: str, limit: int) -> str:
    text = _URL_IN_TEXT.sub(lambda match: match.group(1) + "/…", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class AssetSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    used_by = serializers.SerializerMethodField(
        help_text='Presets that show it: [{"id", "name", "paths"}]'
    )

    class Meta:
        model = Asset
        fields = [
            "id",
            "url",
            "name",
            "original_name",
            "content_type",
            "width",
            "height",
            "size",
            "created_at",
            "used_by",
        ]
        read_only_fields = fields

    def get_url(self, asset: Asset) -> str:
        return assets.public_url(asset, self.context.get("request"))

    def get_used_by(self, asset: Asset) -> list[dict[str, Any]]:
        uses = self.context.get("uses")
        if uses is None:  # one asset: read its uses alone
            uses = selectors.asset_uses([asset])
        return [
            {"id": use.preset_id, "name": use.preset_name, "paths": list(use.paths)}
            for use in uses.get(asset.pk, [])
        ]


@extend_schema(tags=["assets"])
class AssetListView(APIView):
    """Upload an image (multipart field "file") and get a URL documents can use."""

    parser_classes = [MultiPartParser]

    @extend_schema(responses=AssetSerializer(many=True))
    def get(self, request: Request) -> Response:
        listed = list(Asset.objects.all()[:200])
        context = {"request": request, "uses": selectors.asset_uses(listed)}
        return Response(AssetSerializer(listed, many=True, context=context).data)

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
        responses={201: AssetSerializer},
    )
    def post(self, request: Request) -> Response:
        upload = request.FILES.get("file")
        if upload is None:
            raise MixStudioError(_('Send the image as the multipart field "file".'), field="file")
        if upload.size > assets.images.MAX_BYTES:
            raise MixStudioError(_("Images may be at most 5 MB (R45)."), field="file")
        asset = assets.store_asset(
            upload.read(), original_name=upload.name or "", user=request.user
        )
        return Response(
            AssetSerializer(asset, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema(tags=["assets"])
class AssetDetailView(APIView):
    """One uploaded image; deleting it is refused (409) while a preset shows it."""

    @extend_schema(responses=AssetSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(AssetSerializer(assets.get_asset(pk), context={"request": request}).data)

    @extend_schema(responses={204: None, 409: dict})
    def delete(self, request: Request, pk: int) -> Response:
        assets.delete_asset(pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise MixStudioError(
            _("%(name)s must be a whole number.") % {"name": name}, field=name
        ) from None
    if not low <= value <= high:
        raise MixStudioError(
            _("%(name)s must be from %(low)d to %(high)d.")
            % {"name": name, "low": low, "high": high},
            field=name,
        )
    return value


def parse(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    """Validated input, or a ValidationError naming the field."""
    if not isinstance(data, dict):
        raise serializers.ValidationError(
            {"non_field_errors": [_("The request body must be a JSON object.")]}
        )
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


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
