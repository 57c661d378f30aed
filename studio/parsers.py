"""A JSON parser that refuses junk with a 400 instead of failing later."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from layouts.storable import TOO_DEEP, storage_problem

MAX_DEPTH = 32  # a VideoParams document is about 6 levels deep


class SafeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None) -> Any:  # noqa: ANN001
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON parse error: the JSON is nested too deeply.")) from None
        problem = storage_problem(data, max_depth=MAX_DEPTH)
        if problem == TOO_DEEP:
            raise ParseError(
                _("JSON parse error: the JSON is nested deeper than %(max)d levels.")
                % {"max": MAX_DEPTH}
            )
        if problem is not None:
            raise ParseError(
                _(
                    "JSON parse error: text may not contain the NUL character (\\u0000) or an "
                    "unpaired surrogate (\\ud800-\\udfff)."
                )
            )
        return data
