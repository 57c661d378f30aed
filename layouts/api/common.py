"""What every API module shares: parsing input, answering images, bounded query numbers,
one pagination for every list.

Each view parses its input with a small serializer, calls one service or pure
function, and serializes the result; errors are exceptions that
`studio.api_errors` turns into 4xx answers.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from layouts import preview
from layouts.core.text import PhraseText
from layouts.errors import MixStudioError


class ImageAnswers:
    """Views that answer with image bytes: any Accept header gets them, errors stay JSON."""

    def perform_content_negotiation(self, request: Request, force: bool = False):  # noqa: ANN201
        return super().perform_content_negotiation(request, force=True)


class ListPagination(PageNumberPagination):
    """Every list of the API: `?page=` (from 1) and `?page_size=` (at most 200; default
    MIX_API_PAGE_SIZE), answered as {"count", "next", "previous", "results"}."""

    page_size_query_param = "page_size"
    max_page_size = 200


class Paginated:
    """An APIView whose GET answers a list, a page at a time (documented so by the schema)."""

    pagination_class = ListPagination

    def paginated(self, request: Request, items: Any, serialize: Any) -> Response:
        """The page `request` asks for of `items`, each serialized by `serialize(page)`."""
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(items, request, view=self)
        return paginator.get_paginated_response(serialize(page))


class AnyJSONField(serializers.JSONField):
    """Any JSON value; the layout rules judge it, not the serializer."""


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


def int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
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
