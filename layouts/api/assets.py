"""The asset library over HTTP: uploaded images, where each is used, and deleting one.

Each view parses its input with a small serializer, calls one service or pure
function, and serializes the result; errors are exceptions that
`studio.api_errors` turns into 4xx answers.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from layouts import assets, selectors
from layouts.api.common import Paginated
from layouts.errors import MixStudioError
from layouts.models import Asset


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
class AssetListView(Paginated, APIView):
    """Upload an image (multipart field "file") and get a URL documents can use."""

    parser_classes = [MultiPartParser]

    @extend_schema(responses=AssetSerializer(many=True))
    def get(self, request: Request) -> Response:
        """The library, newest first, a page at a time; each image with the presets using it."""

        def serialize(page: list[Asset]) -> list[dict[str, Any]]:
            context = {"request": request, "uses": selectors.asset_uses(page)}
            return AssetSerializer(page, many=True, context=context).data

        return self.paginated(request, Asset.objects.all(), serialize)

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
            headers={"Location": reverse("asset-detail", args=[asset.pk])},
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
