"""Request guards that apply to the whole site."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from studio import program_access

API_PREFIX = "/api/"
GRANT_ATTRIBUTE = "mix_program_grant"  # set on a request let in by a signed program URL


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

    Program URLs (studio/program_access.py) are watched by players without a
    session too: a request there that presents the API token or a signed URL
    is let in as that user, and a playlist it fetches by a signed URL lists
    its segments signed alike. Presenting a bad one is answered 401 or 403;
    presenting nothing leads to the login page as for any page.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):  # noqa: ANN001, ANN201
        if request.path_info.startswith(API_PREFIX):
            return None
        if program_access.is_program_path(request.path_info) and not request.user.is_authenticated:
            try:
                user, grant = program_access.authenticate(request)
            except program_access.Refused as refused:
                return refusal(refused)
            if user is not None:
                request.user = user
                setattr(request, GRANT_ATTRIBUTE, grant)
                return None
        return super().process_view(request, view_func, view_args, view_kwargs)

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        grant = getattr(request, GRANT_ATTRIBUTE, None)
        if grant is None:
            return response
        return program_access.sign_playlist(response, request.path_info, grant)


def refusal(refused: program_access.Refused) -> JsonResponse:
    code = "not-authenticated" if refused.status == 401 else "forbidden"
    response = JsonResponse({"error": code, "message": refused.message}, status=refused.status)
    if refused.status == 401:
        response["WWW-Authenticate"] = "Token"
    return response
