"""Watching a program without a session: the API token, or a signed short-lived URL.

The emulator's program (`/sandbox/program/<id>/...`, `/sandbox/live/<stream>.m3u8`)
is also watched by players that hold no session cookie: ffplay, VLC, a script.
They present the API token (`Authorization: Token <key>`, as the API takes it)
or a URL signed for one user that expires (`?sig=`). A playlist fetched through
a signed URL lists its segments signed the same way (same user, same expiry),
so a player that knows nothing of tokens follows it to the end of the grant.

Signed with django.core.signing under a salt of its own: the payload names the
path it opens (a program's folder, or one live playlist), the user and the
expiry; `max_age` refuses anything older than the longest grant as well, so a
token outlives neither its own expiry nor the configured lifetime.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

QUERY = "sig"  # redaction masks a `sig` query value in logs and answers
SALT = "mixstudio.program-url"
DEFAULT_SECONDS = 900  # MIX_PROGRAM_URL_SECONDS: long enough to start a player, short to leak
PLAYLIST_TYPE = "application/vnd.apple.mpegurl"
# What a grant opens: all of one program's folder, or one live playlist.
_PROGRAM_FOLDER = re.compile(r"^/sandbox/program/\d+/")
_LIVE_PLAYLIST = re.compile(r"^/sandbox/live/[^/]+\.m3u8$")
_TAG_URI = re.compile(r'URI="([^"]*)"')


@dataclass(frozen=True)
class Grant:
    """A signed URL's permission: who watches, until when (Unix seconds)."""

    user_pk: int
    expires: int


class Refused(Exception):
    """Credentials were presented and are not good; `status` is the HTTP answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def lifetime() -> int:
    return int(getattr(settings, "MIX_PROGRAM_URL_SECONDS", DEFAULT_SECONDS))


def scope_of(path: str) -> str | None:
    """What a grant for `path` opens, or None when `path` is no program URL."""
    folder = _PROGRAM_FOLDER.match(path)
    if folder:
        return folder.group(0)
    return path if _LIVE_PLAYLIST.match(path) else None


def is_program_path(path: str) -> bool:
    return scope_of(path) is not None


def sign_path(path: str, grant: Grant) -> str:
    """`path` with a `sig` that opens its scope to the grant's user until its expiry."""
    scope = scope_of(urlsplit(path).path)
    if scope is None:
        raise ValueError(f"{path} is not a program URL")
    return _with_token(path, scope, grant)


def _with_token(uri: str, scope: str, grant: Grant) -> str:
    token = signing.dumps({"s": scope, "u": grant.user_pk, "e": grant.expires}, salt=SALT)
    joiner = "&" if "?" in uri else "?"
    return f"{uri}{joiner}{QUERY}={quote(token, safe='')}"


def grant_for(user: AbstractBaseUser, seconds: int | None = None) -> Grant:
    """A grant for `user` from now, for `seconds` (MIX_PROGRAM_URL_SECONDS by default)."""
    return Grant(int(user.pk), int(time.time()) + (lifetime() if seconds is None else seconds))


def signed_url(base_url: str, path: str, grant: Grant) -> str:
    """The absolute signed URL of `path` on the app at `base_url`."""
    return urljoin(base_url, sign_path(path, grant))


# --- checking a request -------------------------------------------------------------


def authenticate(request: HttpRequest) -> tuple[AbstractBaseUser | None, Grant | None]:
    """The user a program request presents by token or signature, and the grant if signed.

    (None, None): it presents neither. Raises Refused when what it presents is
    not good (an unknown token, an altered or expired signature).
    """
    try:
        found = TokenAuthentication().authenticate(request)
    except AuthenticationFailed as error:
        raise Refused(401, str(error.detail)) from None
    if found is not None:
        return found[0], None
    token = request.GET.get(QUERY)
    if token is None:
        return None, None
    grant = read_grant(token, request.path_info)
    user = get_user_model().objects.filter(pk=grant.user_pk, is_active=True).first()
    if user is None:
        raise Refused(403, _("The user this URL was signed for can no longer watch."))
    return user, grant


def read_grant(token: str, path: str) -> Grant:
    """The grant `token` carries for `path`; Refused if altered, expired or for another path."""
    try:
        payload: Any = signing.loads(token, salt=SALT, max_age=lifetime())
    except signing.SignatureExpired:
        raise Refused(403, _("This signed URL has expired; ask the API for a new one.")) from None
    except signing.BadSignature:
        raise Refused(403, _("This signed URL was altered or is not one of ours.")) from None
    scope, user_pk, expires = payload.get("s"), payload.get("u"), payload.get("e")
    if not isinstance(expires, int) or expires < time.time():
        raise Refused(403, _("This signed URL has expired; ask the API for a new one."))
    opens = isinstance(scope, str) and (
        path.startswith(scope) if scope.endswith("/") else path == scope
    )
    if not opens or not isinstance(user_pk, int):
        raise Refused(403, _("This signed URL does not open this address."))
    return Grant(user_pk, expires)


# --- a signed playlist's segments -------------------------------------------------


def sign_playlist(response: HttpResponse, request_path: str, grant: Grant) -> HttpResponse:
    """A playlist answered to a signed URL lists its program URLs signed with the same grant."""
    if response.status_code != 200 or not response.get("Content-Type", "").startswith(
        PLAYLIST_TYPE
    ):
        return response
    text = response.content.decode("utf-8")
    lines = [_signed_line(line, request_path, grant) for line in text.split("\n")]
    response.content = "\n".join(lines).encode("utf-8")
    return response


def _signed_line(line: str, request_path: str, grant: Grant) -> str:
    """A URI line signed; in a tag, each URI="..." attribute (low-latency parts, hints)."""
    uri = line.strip()
    if not uri:
        return line
    if uri.startswith("#"):
        return _TAG_URI.sub(lambda found: _signed_attribute(found, request_path, grant), line)
    return _signed_uri(uri, request_path, grant)


def _signed_attribute(found: re.Match[str], request_path: str, grant: Grant) -> str:
    return f'URI="{_signed_uri(found.group(1), request_path, grant)}"'


def _signed_uri(uri: str, request_path: str, grant: Grant) -> str:
    scope = scope_of(urlsplit(urljoin(request_path, uri)).path)
    return uri if scope is None else _with_token(uri, scope, grant)
