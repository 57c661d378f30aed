"""One place that turns exceptions into API error answers: problem details (RFC 9457).

Every 4xx and 5xx answer under /api/ is `application/problem+json` with the RFC's
members and ours:

- `type`: the definition of the HTTP status (RFC 9110's section), `title`: its
  name, `status`: the status code, `detail`: one line for a person about this
  occurrence;
- `code`: our short kebab-case code (`not-found`, `robot-seated`, `layout-invalid`),
  the finer kind of problem; `problems` (each with `path`, `rule`, `severity` and
  `message`) where a body was judged; `field` where one field is to blame.

The earlier members stay for the clients that read them: `error` (the same as
`code`) and `message` (the same as `detail`). Errors raised in views come here
through DRF's EXCEPTION_HANDLER; everything else under /api/ (an unrouted path,
a 500, a URL too long) is turned into the same shape by
`studio.middleware.ApiProblemMiddleware`, with `problem_response` and `as_problem`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponseBase, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from layouts.core.storable import storable_copy
from layouts.errors import MixStudioError
from studio.redaction import redact

PROBLEM_CONTENT_TYPE = "application/problem+json"
# The members RFC 9457 defines; an error's own member of the same name moves aside.
RFC_MEMBERS = ("type", "title", "status", "detail")
# Sent with every 429 and 503 that names no wait of its own: the cloud's rate limit
# (R3) and our own busy answers clear within about a second.
DEFAULT_RETRY_AFTER_SECONDS = 1
_OURS = ("code", "error", "message")  # written from `code` and `detail`

_RFC9110 = "https://www.rfc-editor.org/rfc/rfc9110#section-"
# status: (where the status is defined, its name in the reader's language)
STATUSES: dict[int, tuple[str, Any]] = {
    400: (_RFC9110 + "15.5.1", gettext_lazy("Bad request")),
    401: (_RFC9110 + "15.5.2", gettext_lazy("Not authenticated")),
    403: (_RFC9110 + "15.5.4", gettext_lazy("Forbidden")),
    404: (_RFC9110 + "15.5.5", gettext_lazy("Not found")),
    405: (_RFC9110 + "15.5.6", gettext_lazy("Method not allowed")),
    406: (_RFC9110 + "15.5.7", gettext_lazy("Not acceptable")),
    409: (_RFC9110 + "15.5.10", gettext_lazy("Conflict")),
    413: (_RFC9110 + "15.5.14", gettext_lazy("Content too large")),
    414: (_RFC9110 + "15.5.15", gettext_lazy("URI too long")),
    415: (_RFC9110 + "15.5.16", gettext_lazy("Unsupported media type")),
    422: (_RFC9110 + "15.5.21", gettext_lazy("Unprocessable content")),
    429: ("https://www.rfc-editor.org/rfc/rfc6585#section-4", gettext_lazy("Too many requests")),
    500: (_RFC9110 + "15.6.1", gettext_lazy("Internal server error")),
    502: (_RFC9110 + "15.6.3", gettext_lazy("Bad gateway")),
    503: (_RFC9110 + "15.6.4", gettext_lazy("Service unavailable")),
    504: (_RFC9110 + "15.6.5", gettext_lazy("Gateway timeout")),
}


class ProblemJSONRenderer(JSONRenderer):
    """JSON under the problem-details media type, whatever the client asked for."""

    media_type = PROBLEM_CONTENT_TYPE


def problem(
    status_code: int, code: str, detail: str, members: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The problem-details body of one error; `members` are the error's own."""
    code = kebab(code)
    reference, title = STATUSES.get(status_code, (None, None))
    body: dict[str, Any] = {
        "type": reference or "about:blank",
        "title": str(title) if title is not None else _phrase(status_code),
        "status": status_code,
        "detail": detail,
        "code": code,
        "error": code,
        "message": detail,
    }
    for name, value in (members or {}).items():
        if name in _OURS:
            continue
        # A task's own `status` (TaskIdUnknown's report) is not the HTTP one.
        body[f"task_{name}" if name in RFC_MEMBERS else name] = value
    return body


def problem_response(
    status_code: int, code: str, detail: str, members: Mapping[str, Any] | None = None
) -> JsonResponse:
    """A problem answered outside DRF (middleware, Django's own error paths)."""
    response = JsonResponse(
        problem(status_code, code, detail, members),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
    add_retry_after(response)
    return response


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = _error_response(exc, context)
    if response is None:
        return None  # a crash: Django answers 500, which the middleware words as a problem
    if response.status_code < 400:
        return response  # AwaitingAnswer (202) is an answer, not a problem
    request = context.get("request")
    if request is not None:
        # Errors are JSON even for a browser asking for HTML or a view answering images.
        request.accepted_renderer = ProblemJSONRenderer()
        request.accepted_media_type = PROBLEM_CONTENT_TYPE
    add_retry_after(response)
    return response


def _error_response(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, MixStudioError):
        # A cloud's message may echo a push URL or carry text no encoder writes.
        payload = redact(storable_copy(exc.payload()))
        body = problem(exc.status_code, exc.code, str(payload.get("message", "")), payload)
        response = Response(body, status=exc.status_code)
        retry_after = getattr(exc, "retry_after", None)
        if retry_after is not None:
            response["Retry-After"] = str(retry_after)
        return response
    if isinstance(exc, RequestDataTooBig):
        code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
        return Response(problem(code, "too-large", _("The request body is too large.")), code)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        problems = list(_flatten(exc.detail, ""))
        first = problems[0] if problems else {"path": "", "message": str(exc)}
        detail = f"{first['path']}: {first['message']}" if first["path"] else first["message"]
        response.data = problem(
            response.status_code, "invalid", detail, {"field": first["path"], "problems": problems}
        )
    else:
        response.data = problem(response.status_code, _code_of(exc), _detail_text(exc.detail))
    return response


def as_problem(response: HttpResponseBase, code: str, detail: str) -> HttpResponseBase:
    """`response` (an error answered some other way) as problem details.

    What it said is kept when it was a JSON object (`error`, `message` and the
    rest); otherwise `code` and `detail` say what happened. Its headers are kept
    (WWW-Authenticate, Allow, Retry-After).
    """
    said = _said(response)
    code = said.get("code") or said.get("error") or code
    detail = said.get("detail") or said.get("message") or detail
    own = {name: value for name, value in said.items() if name not in (*RFC_MEMBERS, *_OURS)}
    converted = problem_response(response.status_code, str(code), str(detail), own)
    for name, value in response.items():
        if name.lower() not in ("content-type", "content-length"):
            converted[name] = value
    add_retry_after(converted)
    return converted


def is_problem(response: HttpResponseBase) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip() == PROBLEM_CONTENT_TYPE


def add_retry_after(response: HttpResponseBase) -> None:
    if response.status_code in (429, 503) and not response.has_header("Retry-After"):
        response["Retry-After"] = str(DEFAULT_RETRY_AFTER_SECONDS)


def kebab(code: str) -> str:
    """Our one spelling of codes: DRF's `not_found` is our `not-found`."""
    return code.replace("_", "-")


def _said(response: HttpResponseBase) -> dict[str, Any]:
    data = getattr(response, "data", None)  # a DRF Response rendered some other way
    if isinstance(data, dict):
        return dict(data)
    if response.streaming or "json" not in response.get("Content-Type", ""):
        return {}
    try:
        parsed = json.loads(response.content)
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _phrase(status_code: int) -> str:
    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        return str(status_code)


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
