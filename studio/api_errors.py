"""One place that turns exceptions into API error answers.

Every 4xx answer of the API has the same shape: `error` (a short code),
`message` (one line for a person), and, where it helps, `field` or
`problems` (each with `path`, `rule`, `severity` and `message`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from layouts.core.storable import storable_copy
from layouts.errors import MixStudioError
from studio.redaction import redact


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, MixStudioError):
        # A cloud's message may echo a push URL or carry text no encoder writes.
        response = Response(redact(storable_copy(exc.payload())), status=exc.status_code)
        retry_after = getattr(exc, "retry_after", None)
        if retry_after is not None:
            response["Retry-After"] = str(retry_after)
        return response
    if isinstance(exc, RequestDataTooBig):
        return Response(
            {"error": "too-large", "message": _("The request body is too large.")},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        problems = list(_flatten(exc.detail, ""))
        first = problems[0] if problems else {"path": "", "message": str(exc)}
        response.data = {
            "error": "invalid",
            "message": f"{first['path']}: {first['message']}"
            if first["path"]
            else first["message"],
            "field": first["path"],
            "problems": problems,
        }
    else:
        response.data = {"error": _code_of(exc), "message": str(_detail_text(exc.detail))}
    return response


def _flatten(detail: Any, path: str):  # noqa: ANN202 - generator of dicts
    if isinstance(detail, dict):
        for key, value in detail.items():
            child = path if key == "non_field_errors" else (f"{path}.{key}" if path else str(key))
            yield from _flatten(value, child)
    elif isinstance(detail, list):
        if all(isinstance(item, str) for item in detail):
            for item in detail:
                yield {"path": path, "rule": "request", "severity": "error", "message": str(item)}
        else:
            for index, item in enumerate(detail):
                yield from _flatten(item, f"{path}[{index}]")
    else:
        yield {"path": path, "rule": "request", "severity": "error", "message": str(detail)}


def _code_of(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def _detail_text(detail: Any) -> str:
    if isinstance(detail, dict):
        return "; ".join(f"{key}: {_detail_text(value)}" for key, value in detail.items())
    if isinstance(detail, list):
        return "; ".join(_detail_text(item) for item in detail)
    return str(detail)
