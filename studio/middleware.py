"""Request guards that apply to the whole site."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils.translation import gettext as _

from studio import program_access
from studio.api_errors import as_problem, is_problem, problem_response

API_PREFIX = "/api/"
GRANT_ATTRIBUTE = "mix_program_grant"  # set on a request let in by a signed program URL
# Path and query of an API URL. gunicorn reads request lines of up to 8190 bytes
# (`--limit-request-line 8190` in the Makefile), so a longer API URL reaches this
# check and is answered as a problem; its own limit answers lines beyond that.
MAX_API_URL_LENGTH = 4096


class ApiProblemMiddleware:
    """Every 4xx and 5xx answer under /api/ leaves as problem details (RFC 9457).

    Errors raised in API views are already problems (studio.api_errors); this
    words the rest alike: a path no endpoint answers (Django's 404), a crash
    (Django's 500), a URL too long (414, refused here before anything reads
    it), a method a plain view refuses. Pages keep their HTML error pages.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        length = len(request.path) + len(request.META.get("QUERY_STRING", ""))
        if length > MAX_API_URL_LENGTH:
            return problem_response(
                414,
                "uri-too-long",
                _("The URL is %(length)d characters long; the API reads at most %(limit)d.")
                % {"length": length, "limit": MAX_API_URL_LENGTH},
            )
        response = self.get_response(request)
        if response.status_code < 400 or is_problem(response):
            return response
        return as_problem(response, *_what_happened(request, response.status_code))


def _what_happened(request: HttpRequest, status: int) -> tuple[str, str]:
    """The code and words of an error answered without them."""
    if status == 404:
        return "not-found", _("No API endpoint answers at %(path)s.") % {"path": request.path[:200]}
    if status == 405:
        return "method-not-allowed", _("%(method)s is not allowed here.") % {
            "method": request.method
        }
    if status >= 500:
        return "server-error", _("The server failed to answer this request; the error is logged.")
    return "error", _("The request was refused (HTTP %(status)d).") % {"status": status}


class BodySizeLimitMiddleware:
    """Refuses oversized bodies with 413 before anything reads them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = body_limit_for(request.path_info)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return problem_response(400, "bad-request", _("Content-Length is not a number."))
        if length > limit:
            return problem_response(
                413,
                "too-large",
                _("The request body is %(size)d bytes; the limit is %(limit)d.")
                % {"size": length, "limit": limit},
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
    response = problem_response(refused.status, code, refused.message)
    if refused.status == 401:
        response["WWW-Authenticate"] = "Token"
    return response
