"""A JSON parser that refuses junk with a 400 naming the field, instead of failing later.

Refused at parsing, so that no view, rule or renderer ever meets them:
numbers JSON cannot carry (`NaN`, `Infinity`, and `1e309`, which Python
reads as infinity and no JSON encoder writes back), nesting deeper than any
document needs, text no database stores, and a body that is not an object.
"""

from __future__ import annotations

import json
import math
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from layouts.core.storable import storable_text
from layouts.errors import MixStudioError

MAX_DEPTH = 32  # a VideoParams document is about 6 levels deep


class JSONRefused(MixStudioError):
    code = "parse_error"


class SafeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None) -> Any:  # noqa: ANN001
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding)
            data = json.loads(text, parse_constant=_refuse_constant)
        except RecursionError:
            raise ParseError(_("JSON parse error: the JSON is nested too deeply.")) from None
        except NotANumber as refused:
            raise JSONRefused(
                _("JSON parse error: %(value)s is not a JSON number.") % {"value": refused.name},
                field="body",
            ) from None
        except (ValueError, UnicodeDecodeError) as error:
            raise ParseError(
                _("JSON parse error: %(error)s") % {"error": str(error)[:200]}
            ) from None
        if not isinstance(data, dict):
            raise JSONRefused(_("The request body must be a JSON object."), field="body")
        problem = find_problem(data, max_depth=MAX_DEPTH)
        if problem is not None:
            raise JSONRefused(problem[1], field=problem[0])
        return data


class NotANumber(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _refuse_constant(name: str) -> Any:
    raise NotANumber(name)


def find_problem(value: Any, *, max_depth: int) -> tuple[str, str] | None:
    """(path, message) of the first part of `value` no endpoint may receive, or None.

    Walked without recursion; the path is the one problems use elsewhere
    (`VideoEncode.Width`, `PublishCdnParams[0]`).
    """
    stack: list[tuple[Any, str, int]] = [(value, "", 1)]
    while stack:
        item, path, depth = stack.pop()
        if isinstance(item, (dict, list)) and depth > max_depth:
            return path, _("JSON parse error: the JSON is nested deeper than %(max)d levels.") % {
                "max": max_depth
            }
        if isinstance(item, dict):
            for key, child in item.items():
                child_path = f"{path}.{key}" if path else str(key)
                if not storable_text(key):
                    return path or "body", _bad_text()
                stack.append((child, child_path, depth + 1))
        elif isinstance(item, list):
            stack.extend((child, f"{path}[{i}]", depth + 1) for i, child in enumerate(item))
        elif isinstance(item, float) and not math.isfinite(item):
            return path, _(
                "%(field)s: the number is too large for JSON (at most about 1.8e308)."
            ) % {"field": path}
        elif isinstance(item, str) and not storable_text(item):
            return path, _bad_text()
    return None


def _bad_text() -> str:
    return _(
        "JSON parse error: text may not contain the NUL character (\\u0000) or an "
        "unpaired surrogate (\\ud800-\\udfff)."
    )
