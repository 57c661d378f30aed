"""Request guards that apply to the whole site."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


class BodySizeLimitMiddleware:
    """Refuses oversized bodies with 413 before anything reads them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = body_limit_for(request.path_info)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return JsonResponse(
                {"error": "bad-request", "message": _("Content-Length is not a number.")},
                status=400,
            )
        if length > limit:
            return JsonResponse(
                {
                    "error": "too-large",
                    "message": _("The request body is %(size)d bytes; the limit is %(limit)d.")
                    % {"size": length, "limit": limit},
                },
                status=413,
            )
        return self.get_response(request)


def body_limit_for(path: str) -> int:
    for prefix, limit in getattr(settings, "MIX_BODY_LIMIT_OVERRIDES", {}).items():
        if path.startswith(prefix):
            return limit
    return settings.MIX_MAX_BODY_BYTES


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Pages need a logged-in user; the API authenticates on its own.

    API requests may carry a token instead of a session, which only DRF
    knows about, so DRF's IsAuthenticated guards /api/ and answers 401/403
    in JSON instead of redirecting to the login page.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):  # noqa: ANN001, ANN201
        if request.path_info.startswith(API_PREFIX):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
