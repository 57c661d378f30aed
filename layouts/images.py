"""The one place that fetches the images documents point at.

Backgrounds, placeholders, masks and watermarks are URLs chosen by producers;
the server fetches them to draw previews. Every fetch is guarded against
server-side request forgery: only http(s), only public addresses (unless the
host is on MIX_IMAGE_ALLOWED_HOSTS), the socket goes to the address that was
checked, redirects are re-checked, and time, bytes and pixels are capped.

Uploaded assets (MIX_PUBLIC_BASE_URL + /media/assets/<name>) are read from the
storage they are kept in (layouts.assets) without any HTTP request.
"""

from __future__ import annotations

import hashlib
import io
import re
import socket
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.utils.translation import gettext
from PIL import Image
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool
from urllib3.exceptions import NewConnectionError
from urllib3.util.connection import create_connection

from layouts.core.addresses import is_allow_listed, is_public_address, local_host_kind
from layouts.core.render import ImageUnavailable
from layouts.core.rules.document import URL_CHARACTERS_RE
from layouts.core.text import Phrase, PhraseText, gettext_noop

MAX_BYTES = 5 * 1024 * 1024  # R45
ASSET_PATH = "/media/assets/"  # where uploaded assets are served (layouts.assets)
# R45 says "at most 2K" without defining it. We read 2K as 2560x1440 in either
# orientation: the longer side at most 2560 px and the shorter at most 1440 px.
MAX_LONG_SIDE = 2560
MAX_SHORT_SIDE = 1440
MAX_REDIRECTS = 3
FAILURE_CACHE_SECONDS = 30
# R45 names png, jpg/jpeg, bmp and gif (and "webm", a video format Pillow
# cannot decode). Limiting Pillow to these decoders also limits what untrusted
# bytes can reach.
DECODERS = ("PNG", "JPEG", "BMP", "GIF")
CHUNK_BYTES = 64 * 1024
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
DEFAULT_PORTS = {"http": 80, "https": 443}
ASSET_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")

DEFAULT_FETCH_TIMEOUT = 10  # seconds, the same as Tencent's own fetch (R45)
DEFAULT_CACHE_SECONDS = 300
USER_AGENT = "MixStudio-preview/1"

# getaddrinfo has no timeout of its own; running it here lets the deadline apply.
_resolver = ThreadPoolExecutor(max_workers=4, thread_name_prefix="image-dns")


def get_image(url: str) -> Image.Image:
    """Like fetch_image, through Django's cache (successes and, briefly, failures)."""
    key = "layouts.images:" + hashlib.sha256(url.encode()).hexdigest()
    cached = cache.get(key)
    if isinstance(cached, bytes):
        return validate_image_bytes(cached, url)
    if isinstance(cached, tuple):
        reason, message = cached
        raise ImageUnavailable(url, reason, message)
    try:
        data = _read_image_bytes(url)
        image = validate_image_bytes(data, url)
    except ImageUnavailable as error:
        cache.set(key, (error.reason, error.message), FAILURE_CACHE_SECONDS)
        raise
    cache.set(key, data, _setting("MIX_IMAGE_CACHE_SECONDS", DEFAULT_CACHE_SECONDS))
    return image


def fetch_image(url: str) -> Image.Image:
    """Fetch and decode the image at `url`, uncached. Returns a loaded RGBA image.

    Raises ImageUnavailable for anything unsafe, unreachable or not a usable image.
    """
    return validate_image_bytes(_read_image_bytes(url), url)


def validate_image_bytes(data: bytes, url: str = "") -> Image.Image:
    """Decode `data` under the R45 limits (5 MB, 2K) and return a loaded RGBA image.

    The size is checked from the header before the pixels are decoded.
    """
    subject = _subject(url)
    if len(data) > MAX_BYTES:
        raise _too_large(url)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        # Pillow's decoders raise many kinds of exception on hostile input,
        # hence the broad `except Exception` after the specific ones.
        try:
            image = Image.open(io.BytesIO(data), formats=DECODERS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ImageUnavailable(
                url,
                "too-many-pixels",
                _said(
                    gettext_noop("%(subject)s declares far more pixels than a preview can decode."),
                    {"subject": subject},
                ),
            ) from error
        except Exception as error:
            raise _not_an_image(url) from error
        width, height = image.size
        if max(width, height) > MAX_LONG_SIDE or min(width, height) > MAX_SHORT_SIDE:
            raise ImageUnavailable(
                url,
                "too-many-pixels",
                _said(
                    gettext_noop(
                        "%(subject)s is %(width)dx%(height)d px; images may be at most "
                        "%(long)dx%(short)d (or %(short)dx%(long)d) px (R45)."
                    ),
                    {
                        "subject": subject,
                        "width": width,
                        "height": height,
                        "long": MAX_LONG_SIDE,
                        "short": MAX_SHORT_SIDE,
                    },
                ),
            )
        try:
            image.load()
        except Exception as error:
            raise _not_an_image(url) from error
    return image.convert("RGBA")


# --- where the bytes come from ------------------------------------------------


@dataclass(frozen=True)
class _Target:
    """A URL whose host was resolved and checked, and the address to connect to."""

    url: str
    host: str
    port: int
    address: str


def _read_image_bytes(url: str) -> bytes:
    asset = _asset_path(url)
    if asset is not None:
        return _read_asset(url, asset)
    return _download(url)


def _asset_path(url: str) -> str | None:
    """The name in the storage of the uploaded asset `url` names, read there, not fetched.

    An asset URL is under MIX_PUBLIC_BASE_URL, or (without it) under the address the
    app is served on, which is a host of this machine or its network.
    """
    base = _setting("MIX_PUBLIC_BASE_URL", "").rstrip("/")
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return None
    ours = url.startswith(base + ASSET_PATH) if base else local_host_kind(host) is not None
    if not ours or not parts.path.startswith(ASSET_PATH):
        return None
    name = url.split(ASSET_PATH, 1)[1]  # with any query: an asset name has none
    if not ASSET_NAME_RE.fullmatch(name):
        raise ImageUnavailable(
            url,
            "bad-url",
            _said(gettext_noop("%(url)s does not name an uploaded asset."), {"url": url}),
        )
    return "assets/" + name  # as layouts.assets stores it


def _read_asset(url: str, key: str) -> bytes:
    try:
        with default_storage.open(key, "rb") as file:
            data = file.read(MAX_BYTES + 1)
    except OSError as error:
        raise ImageUnavailable(
            url,
            "http-status",
            _said(
                gettext_noop("The uploaded asset %(name)s does not exist."),
                {"name": key.rsplit("/", 1)[-1]},
            ),
        ) from error
    if len(data) > MAX_BYTES:
        raise _too_large(url)
    return data


@dataclass(frozen=True)
class FetchLimits:
    """What one guarded fetch may take; the defaults are an image's (R45)."""

    max_bytes: int = MAX_BYTES
    accept: str = "image/*"
    seconds: float | None = None  # None: MIX_IMAGE_FETCH_TIMEOUT
    # A live stream never ends: keep the first max_bytes (or what came in time) instead.
    partial: bool = False


IMAGE_LIMITS = FetchLimits()


def fetch_public_bytes(url: str, limits: FetchLimits) -> bytes:
    """The body at an http(s) URL, under the same SSRF guard as images but other limits.

    The on-air verifier reads playlists and stream segments through it.
    Raises ImageUnavailable (its `reason` says what went wrong).
    """
    return _download(url, limits)


def _download(url: str, limits: FetchLimits = IMAGE_LIMITS) -> bytes:
    seconds = limits.seconds or float(_setting("MIX_IMAGE_FETCH_TIMEOUT", DEFAULT_FETCH_TIMEOUT))
    try:
        with _Deadline(seconds) as deadline:
            return _follow_redirects(url, deadline, limits)
    except ImageUnavailable as error:
        # Messages name the redirect step that failed; `url` stays the one asked for.
        error.url = url
        raise


def _follow_redirects(url: str, deadline: _Deadline, limits: FetchLimits) -> bytes:
    visited: set[str] = set()
    for _hop in range(MAX_REDIRECTS + 1):
        if deadline.expired:
            raise _timed_out(url, deadline)
        visited.add(url)
        answer = _get(_vet(url, deadline), deadline, limits)
        if isinstance(answer, bytes):
            return answer
        if answer in visited:
            raise ImageUnavailable(
                url,
                "too-many-redirects",
                _said(gettext_noop("%(url)s redirects in a loop."), {"url": url}),
            )
        url = answer
    raise ImageUnavailable(
        url,
        "too-many-redirects",
        _said(
            gettext_noop(
                "The image URL redirected more than %(count)d times; the last step was %(url)s."
            ),
            {"count": MAX_REDIRECTS, "url": url},
        ),
    )


def _vet(url: str, deadline: _Deadline) -> _Target:
    """Parse `url`, resolve its host once and refuse non-public addresses."""
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        port = parts.port
    except ValueError as error:
        raise _bad_url(url) from error
    if scheme not in DEFAULT_PORTS:
        raise ImageUnavailable(
            url,
            "scheme",
            _said(gettext_noop("%(url)s is not an http:// or https:// URL."), {"url": url}),
        )
    host = parts.hostname
    if not URL_CHARACTERS_RE.fullmatch(url) or not host or parts.username or parts.password:
        raise _bad_url(url)
    port = port or DEFAULT_PORTS[scheme]
    addresses = _resolve(url, host, port, deadline)
    if not _is_allow_listed(host, port):
        for address in addresses:
            if not is_public_address(address):
                raise ImageUnavailable(
                    url,
                    "blocked-address",
                    _said(
                        gettext_noop(
                            "%(url)s points to %(address)s, a private or local network "
                            "address; images must come from the public internet."
                        ),
                        {"url": url, "address": address},
                    ),
                )
    return _Target(url, host, port, addresses[0])


def _resolve(url: str, host: str, port: int, deadline: _Deadline) -> list[str]:
    lookup = _resolver.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        infos = lookup.result(timeout=max(deadline.remaining(), 0))
    except TimeoutError as error:
        raise _timed_out(url, deadline) from error
    except (OSError, UnicodeError) as error:
        raise ImageUnavailable(
            url,
            "dns",
            _said(
                gettext_noop("The host %(host)s in %(url)s could not be found."),
                {"host": host, "url": url},
            ),
        ) from error
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise ImageUnavailable(
            url,
            "dns",
            _said(
                gettext_noop("The host %(host)s in %(url)s could not be found."),
                {"host": host, "url": url},
            ),
        )
    return addresses


def _is_allow_listed(host: str, port: int) -> bool:
    return is_allow_listed(host, port, _setting("MIX_IMAGE_ALLOWED_HOSTS", []))


def _get(target: _Target, deadline: _Deadline, limits: FetchLimits) -> bytes | str:
    """One GET to the vetted address: the body, or the absolute URL it redirects to."""
    url = target.url
    session = requests.Session()
    # Environment proxies would resolve the host again (and .netrc would send
    # credentials to arbitrary hosts), so the environment is ignored.
    session.trust_env = False
    session.verify = _setting("MIX_IMAGE_CA_BUNDLE", None) or True
    adapter = _PinnedAdapter(target, deadline)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    try:
        with (
            session,
            session.get(
                url,
                headers={
                    "User-Agent": USER_AGENT,
                    "Accept": limits.accept,
                    "Accept-Encoding": "identity",
                },
                allow_redirects=False,
                stream=True,
                timeout=max(deadline.remaining(), 0.001),
            ) as response,
        ):
            if response.is_redirect:
                return urljoin(url, response.headers["Location"])
            if response.status_code != 200:
                raise ImageUnavailable(
                    url,
                    "http-status",
                    _said(
                        gettext_noop("%(url)s answered HTTP %(status)d instead of an image."),
                        {"url": url, "status": response.status_code},
                    ),
                )
            if limits.partial:
                return _read_start(response, deadline, limits.max_bytes)
            return _read_body(response, url, deadline, limits.max_bytes)
    except OSError as error:  # requests' exceptions are OSErrors too
        if deadline.expired or isinstance(error, requests.Timeout):
            raise _timed_out(url, deadline) from error
        raise ImageUnavailable(
            url,
            "connection",
            _said(
                gettext_noop(
                    "Could not load %(url)s: the server at %(host)s did not answer properly."
                ),
                {"url": url, "host": target.host},
            ),
        ) from error


def _read_body(
    response: requests.Response, url: str, deadline: _Deadline, max_bytes: int = MAX_BYTES
) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(url)
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(CHUNK_BYTES):
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(url)
        chunks.append(chunk)
    # A body cut short by the deadline can end like a complete one.
    if deadline.expired:
        raise _timed_out(url, deadline)
    return b"".join(chunks)


def _read_start(response: requests.Response, deadline: _Deadline, max_bytes: int) -> bytes:
    """Up to `max_bytes` of a body that may never end, stopping quietly at the deadline."""
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(CHUNK_BYTES):
            chunks.append(chunk)
            size += len(chunk)
            if size >= max_bytes or deadline.expired:
                break
    except OSError:
        if not chunks:
            raise
    return b"".join(chunks)[:max_bytes]


class _Deadline:
    """The time budget of one fetch, across redirects and the body.

    Socket timeouts bound each read, not their sum, so a server trickling a
    byte at a time could hold a fetch open for ever. When the budget runs out,
    a timer shuts down every socket the fetch opened.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._expires_at = time.monotonic() + seconds
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._lock = threading.Lock()
        self._fired = False
        self._sockets: list[socket.socket] = []

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._timer.cancel()
        with self._lock:
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()

    @property
    def expired(self) -> bool:
        return self._fired or time.monotonic() >= self._expires_at

    def remaining(self) -> float:
        return self._expires_at - time.monotonic()

    def watch(self, sock: socket.socket) -> None:
        # A duplicate descriptor of the same connection: it still works after
        # TLS wraps (and detaches) the original, and it cannot be reused by an
        # unrelated socket before we close it.
        duplicate = sock.dup()
        with self._lock:
            self._sockets.append(duplicate)
            if self._fired:
                _shut(duplicate)

    def _expire(self) -> None:
        with self._lock:
            self._fired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


class _PinnedConnectionMixin:
    """Connects to the vetted address and port, never resolving the host again.

    The connection keeps the URL's host name for the Host header, TLS SNI and
    the certificate check.
    """

    def __init__(self, *args: Any, target: _Target, deadline: _Deadline, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._target = target
        self._deadline = deadline

    def _new_conn(self) -> socket.socket:
        try:
            sock = create_connection(
                (self._target.address, self._target.port),
                self.timeout,
                source_address=self.source_address,
                socket_options=self.socket_options,
            )
        except OSError as error:
            raise NewConnectionError(
                self, f"Could not connect to {self._target.address}: {error}"
            ) from error
        self._deadline.watch(sock)
        return sock


class _PinnedHTTPConnection(_PinnedConnectionMixin, HTTPConnection):
    pass


class _PinnedHTTPSConnection(_PinnedConnectionMixin, HTTPSConnection):
    pass


class _PinnedAdapter(HTTPAdapter):
    def __init__(self, target: _Target, deadline: _Deadline) -> None:
        self._pin = {"target": target, "deadline": deadline}
        super().__init__(max_retries=0)

    def get_connection_with_tls_context(
        self,
        request: requests.PreparedRequest,
        verify: bool | str | None,
        proxies: dict[str, str] | None = None,
        cert: Any = None,
    ) -> HTTPConnectionPool:
        pool = super().get_connection_with_tls_context(request, verify, proxies, cert)
        pool.ConnectionCls = (
            _PinnedHTTPSConnection if pool.scheme == "https" else _PinnedHTTPConnection
        )
        pool.conn_kw.update(self._pin)
        return pool


# --- helpers ------------------------------------------------------------------


def _said(template: str, params: dict[str, Any]) -> PhraseText:
    """A refusal's message: English that keeps its Phrase, so whoever shows it (a
    preview cached for every language, an API answer) says it in the reader's language
    (`in_language`)."""
    return Phrase(template, params).text()


def in_language(message: str) -> str:
    """A message of this module in the active language."""
    return message.phrase.render(gettext) if isinstance(message, PhraseText) else message


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def _subject(url: str) -> Phrase:
    """What a message calls the image: a Phrase, translated with the sentence around it."""
    if url:
        return Phrase(gettext_noop("The image at %(url)s"), {"url": url})
    return Phrase(gettext_noop("The uploaded image"))


def _bad_url(url: str) -> ImageUnavailable:
    return ImageUnavailable(
        url,
        "bad-url",
        _said(
            gettext_noop(
                "%(url)s is not a usable image URL; it needs a host name and only the "
                "characters the cloud accepts (R45), without a user name or password."
            ),
            {"url": url},
        ),
    )


def _too_large(url: str) -> ImageUnavailable:
    return ImageUnavailable(
        url,
        "too-large",
        _said(
            gettext_noop("%(subject)s is larger than %(mb)d MB (R45)."),
            {"subject": _subject(url), "mb": MAX_BYTES // (1024 * 1024)},
        ),
    )


def _not_an_image(url: str) -> ImageUnavailable:
    return ImageUnavailable(
        url,
        "not-an-image",
        _said(
            gettext_noop("%(subject)s is not a PNG, JPEG, BMP or GIF image."),
            {"subject": _subject(url)},
        ),
    )


def _timed_out(url: str, deadline: _Deadline) -> ImageUnavailable:
    return ImageUnavailable(
        url,
        "timeout",
        _said(
            gettext_noop("%(url)s did not deliver the image within %(seconds)g seconds."),
            {"url": url, "seconds": deadline.seconds},
        ),
    )
