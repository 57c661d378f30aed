"""POST /api/layouts/difference/: what changes between two documents, in sentences.

The task page's Take review (on air → staged) and the library's history (one
version → another, the current version → a restore) show these sentences;
`layouts.core.differences` writes them, this view translates them. Nothing is
saved, so viewers may ask too.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from layouts.api.common import AnyJSONField, parse
from layouts.core import differences


def _an_object(value: Any) -> None:
    if not isinstance(value, dict):
        raise serializers.ValidationError(_("A VideoParams document (a JSON object) is required."))


class DifferenceInput(serializers.Serializer):
    before = AnyJSONField(validators=[_an_object], help_text="The earlier VideoParams")
    after = AnyJSONField(validators=[_an_object], help_text="The later VideoParams")


@extend_schema(
    tags=["layouts"],
    request=DifferenceInput,
    responses=inline_serializer(
        "DocumentDifference",
        {
            "changes": serializers.ListField(
                child=inline_serializer(
                    "DocumentChange",
                    {
                        "sentence": serializers.CharField(),
                        "element": serializers.CharField(),
                        "kind": serializers.ChoiceField(choices=differences.KINDS),
                        "path": serializers.CharField(),
                    },
                )
            )
        },
    ),
    description=(
        "Each change from `before` to `after`, one sentence per element in the page's "
        'language ("Image watermark 1 (logo.png) removed", "Slot 2 now shows guest-a '
        '(was guest-b)", "Bitrate 1500 → 3000 kbps"). Elements are matched by what they '
        "are, not by their place in a list; defaults and fields without effect in the "
        "layout mode are compared as the cloud reads them. `path` is where the element is "
        "in `after` (in `before` when it was removed). Neither document has to be valid."
    ),
)
class DifferenceView(APIView):
    """What changes between two VideoParams, in the producer's words."""

    changes_nothing = True

    def post(self, request: Request) -> Response:
        data = parse(DifferenceInput, request.data)
        found = differences.differences(data["before"], data["after"])
        return Response({"changes": [change.to_dict(_) for change in found]})
