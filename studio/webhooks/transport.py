"""Sending a delivery: one POST to a URL checked by the images' SSRF guard.

A webhook URL is chosen by a user and requested by the server, as an image
URL is, so it gets the same guard (layouts/images.py): http(s) only, no
credentials in the URL, the host resolved once and every address public
(unless the host is on MIX_IMAGE_ALLOWED_HOSTS, as for images), the socket
connected to the address that was checked, and one deadline over the
whole attempt. It is checked when the webhook is registered and again at
every attempt, since a name may resolve elsewhere later. Redirects are not
followed: a receiver that moved is told so by a failed delivery.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.utils.translation import gettext as _

from layouts import images
from layouts.core.addresses import is_allow_listed, is_public_address
from layouts.core.rules.document import URL_CHARACTERS_RE
from layouts.errors import MixStudioError

USER_AGENT = "MixStudio-Webhooks/1"
MAX_URL_LENGTH = 2000
ANSWER_BYTES = 512  # of a refusal's body, kept as its error


class WebhookUrlRefused(MixStudioError):
    status_code = 400
    code = "webhook-url-refused"


@dataclass(frozen=True)
class Attempt:
    """What one POST came to: the HTTP status (None: no answer) and what went wrong."""

    status_code: int | None
    error: str = ""

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def check_url(url: str) -> None:
    """Refuse (WebhookUrlRefused, field "url") a URL the guard would not send to."""
    with images._Deadline(settings.MIX_WEBHOOK_TIMEOUT) as deadline:
        _vet(url, deadline)


def post(url: str, body: bytes, headers: dict[str, str]) -> Attempt:
    """POST `body` to `url` under the guard, within MIX_WEBHOOK_TIMEOUT."""
    seconds = settings.MIX_WEBHOOK_TIMEOUT
    try:
        with images._Deadline(seconds) as deadline:
            target = _vet(url, deadline)
            return _send(target, body, headers, deadline)
    except WebhookUrlRefused as refused:
        return Attempt(None, refused.message)


def _vet(url: str, deadline: images._Deadline) -> images._Target:
    if len(url) > MAX_URL_LENGTH:
        raise WebhookUrlRefused(
            _("The URL is longer than %(count)d characters.") % {"count": MAX_URL_LENGTH},
            field="url",
        )
    try:
        parts = urlsplit(url)
        scheme, host, port = parts.scheme.lower(), parts.hostname, parts.port
    except ValueError:
        raise _malformed() from None
    if scheme not in images.DEFAULT_PORTS:
        raise WebhookUrlRefused(
            _("A webhook URL must start with https:// or http://."), field="url"
        )
    if not URL_CHARACTERS_RE.fullmatch(url) or not host or parts.username or parts.password:
        raise _malformed()
    port = port or images.DEFAULT_PORTS[scheme]
    try:
        addresses = images._resolve(url, host, port, deadline)
    except images.ImageUnavailable as error:
        if error.reason == "timeout":  # the guard's own message speaks of images
            raise WebhookUrlRefused(
                _("The host %(host)s could not be looked up within %(seconds)g s.")
                % {"host": host, "seconds": deadline.seconds},
                field="url",
            ) from None
        raise WebhookUrlRefused(images.in_language(error.message), field="url") from None
    if not is_allow_listed(host, port, settings.MIX_IMAGE_ALLOWED_HOSTS):
        for address in addresses:
            if not is_public_address(address):
                raise WebhookUrlRefused(
                    _(
                        "%(url)s points to %(address)s, a private or local network address; "
                        "webhooks are sent to the public internet only."
                    )
                    % {"url": url, "address": address},
                    field="url",
                )
    return images._Target(url, host, port, addresses[0])


def _malformed() -> WebhookUrlRefused:
    return WebhookUrlRefused(
        _("The URL is not a valid http(s) URL (no user name or password in it)."), field="url"
    )


def _send(
    target: images._Target, body: bytes, headers: dict[str, str], deadline: images._Deadline
) -> Attempt:
    session = requests.Session()
    # Environment proxies would resolve the host again (and .netrc would send
    # credentials to any host): the environment is ignored, as for images.
    session.trust_env = False
    session.verify = settings.MIX_IMAGE_CA_BUNDLE or True
    adapter = images._PinnedAdapter(target, deadline)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    try:
        with (
            session,
            session.post(
                target.url,
                data=body,
                headers={"User-Agent": USER_AGENT, "Content-Type": "application/json", **headers},
                allow_redirects=False,
                stream=True,
                timeout=max(deadline.remaining(), 0.001),
            ) as response,
        ):
            if 200 <= response.status_code < 300:
                return Attempt(response.status_code)
            return Attempt(response.status_code, _answer_of(response))
    except OSError as error:  # requests' exceptions are OSErrors too
        if deadline.expired or isinstance(error, requests.Timeout):
            return Attempt(
                None,
                _("No answer within %(seconds)g s.") % {"seconds": deadline.seconds},
            )
        return Attempt(
            None,
            _("Could not connect to %(host)s: %(reason)s")
            % {"host": target.host, "reason": type(error).__name__},
        )


def _answer_of(response: requests.Response) -> str:
    """The start of a refusal's body, as text: what the receiver said."""
    head = b""
    try:
        for chunk in response.iter_content(ANSWER_BYTES):
            head = chunk[:ANSWER_BYTES]
            break
    except OSError:
        pass
    text = head.decode("utf-8", errors="replace").strip()
    answer = _("The receiver answered HTTP %(status)d.") % {"status": response.status_code}
    if response.is_redirect:
        answer += " " + _("Redirects are not followed.")
    return f"{answer} {text}" if text else answer
