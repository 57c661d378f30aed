"""The interface language: the user's own choice, else the browser's.

Django's LocaleMiddleware picks the language from the language cookie, then
Accept-Language. A logged-in user's choice is kept on the user (UserPreferences),
so it follows them to any browser: it is copied into the session at login and
when they switch, and UserLanguageMiddleware applies it before the cookie and
the header. Anonymous visitors (the login page) keep theirs in the cookie.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from studio.control.models import UserPreferences

SESSION_KEY = "mix_language"


def is_offered(language: str) -> bool:
    return language in dict(settings.LANGUAGES)


def chosen_language(user: AbstractBaseUser) -> str:
    """The language the user chose, or "" when they never did."""
    found = UserPreferences.objects.filter(user=user).values_list("language", flat=True).first()
    return found if found and is_offered(found) else ""


def remember_language(user: AbstractBaseUser, language: str) -> None:
    UserPreferences.objects.update_or_create(user=user, defaults={"language": language})


def apply_at_login(sender: object, request: HttpRequest, user: AbstractBaseUser, **kwargs) -> None:
    """user_logged_in receiver: the session starts in the user's language."""
    language = chosen_language(user)
    if request is not None and language:
        request.session[SESSION_KEY] = language


@login_not_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language (cookie and redirect), and kept on the user when logged in."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if is_offered(language) and request.user.is_authenticated:
        remember_language(request.user, language)
        request.session[SESSION_KEY] = language
    return response


class UserLanguageMiddleware:
    """Activates the session's language (the user's choice); goes after AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.session.get(SESSION_KEY, "")
        if is_offered(language):
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
