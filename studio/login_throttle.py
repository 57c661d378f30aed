"""Login throttling: failures slow the answer down, then lock (django-axes).

Axes counts failed logins per account and per address (either locks) and
refuses logins once `MIX_LOGIN_FAILURE_LIMIT` is reached, for
`MIX_LOGIN_LOCK_MINUTES` or until an admin unlocks them (admin: Access
attempts, "Unlock"). Before the lock, each failure beyond the first few is
answered a little later, so guessing is slow from the start. This module
holds the pieces Mix Studio adds: the backend, the delay, the page that says
what happened, and the client address behind a trusted proxy.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

sleep: Callable[[float], None] = time.sleep  # replaced by tests that count the delays


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' lockout check, for logins that come from a request.

    Code that authenticates without a request (a management command, the
    test client's `login()`) has no client to throttle, so it is let through
    to the next backend instead of failing.
    """

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def login_delay(failures: int) -> float:
    """Seconds to hold the answer to the `failures`-th failed login in a row."""
    free = settings.MIX_LOGIN_FREE_FAILURES
    if failures <= free:
        return 0.0
    return min((failures - free) * settings.MIX_LOGIN_DELAY_SECONDS, settings.MIX_LOGIN_MAX_DELAY)


def slow_down(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **_: Any
) -> None:
    """user_login_failed receiver, connected after axes' own so the failure is counted."""
    if request is None or getattr(request, "axes_locked_out", False):
        return
    delay = login_delay(AxesProxyHandler.get_failures(request, credentials))
    if delay > 0:
        sleep(delay)


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The login page again, saying why it refuses and for how long (429)."""
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    if minutes:
        message = _(
            "Too many failed logins for this account or from this address. Logins are locked "
            "for %(minutes)d minutes; an admin can unlock them sooner."
        ) % {"minutes": minutes}
    else:
        message = _(
            "Too many failed logins for this account or from this address. Ask an admin to "
            "unlock them."
        )
    form = AuthenticationForm(request)
    context = {"form": form, "locked_message": message, "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or the one the trusted proxies in front saw.

    With MIX_TRUSTED_PROXY_HOPS = n, the n-th address from the right of
    X-Forwarded-For is the client; the addresses left of it are the client's
    own claims and are not trusted.
    """
    hops = settings.MIX_TRUSTED_PROXY_HOPS
    remote = request.META.get("REMOTE_ADDR")
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    return forwarded[-hops] if len(forwarded) >= hops else remote
