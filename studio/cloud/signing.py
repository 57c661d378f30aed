"""TC3-HMAC-SHA256 request signing for the TRTC API (reference section E).

`sign_request` is the client side; `verify_authorization` is the server side used by the
emulator. Both sign exactly the bytes that go on the wire: re-serialising the JSON body
changes the signature.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone

ALGORITHM = "TC3-HMAC-SHA256"
SERVICE = "trtc"
TERMINATOR = "tc3_request"
API_VERSION = "2019-07-22"
JSON_CONTENT_TYPE = "application/json"
MAX_SKEW_SECONDS = 300  # R4
REQUIRED_SIGNED_HEADERS = frozenset({"content-type", "host"})

_SIGNATURE_PATTERN = re.compile(r"[0-9a-f]{64}")
_TIMESTAMP_PATTERN = re.compile(r"[0-9]{1,12}")


@dataclass(frozen=True)
class Authorization:
    """The parts of an `Authorization: TC3-HMAC-SHA256 ...` header."""

    secret_id: str
    date: str
    service: str
    signed_headers: tuple[str, ...]
    signature: str


@dataclass(frozen=True)
class VerifiedRequest:
    """What `verify_authorization` established about a request it accepted."""

    secret_id: str
    timestamp: int
    date: str


class AuthorizationRejected(Exception):
    """A request whose signature the server refuses; `code` is Tencent's error code."""

    code = "AuthFailure"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidAuthorization(AuthorizationRejected):
    """Authorization or X-TC-Timestamp is missing or not in the TC3 format."""

    code = "AuthFailure.InvalidAuthorization"


class SignatureExpired(AuthorizationRejected):
    code = "AuthFailure.SignatureExpire"


class SecretIdNotFound(AuthorizationRejected):
    code = "AuthFailure.SecretIdNotFound"


class SignatureMismatch(AuthorizationRejected):
    code = "AuthFailure.SignatureFailure"


def utc_date(timestamp: int) -> str:
    # Always UTC: between 00:00 and 08:00 Beijing time the local date is a day ahead (V3).
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).strftime("%Y-%m-%d")


def hash_payload(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def canonical_request(signed_headers: Mapping[str, str], body: bytes) -> str:
    """The canonical request of `POST /` for the given signed headers, in the order given.

    Names are lower-cased and values trimmed but otherwise kept as sent. Tencent's v3 page
    also lower-cases values; the official SDK does not, and we follow the SDK.
    """
    canonical_headers = "".join(
        f"{name.lower()}:{value.strip()}\n" for name, value in signed_headers.items()
    )
    names = ";".join(name.lower() for name in signed_headers)
    # canonical_headers ends with "\n" and the join adds another, hence the blank line.
    # The third line is the query string, always empty for POST.
    return "\n".join(["POST", "/", "", canonical_headers, names, hash_payload(body)])


def credential_scope(date: str) -> str:
    return f"{date}/{SERVICE}/{TERMINATOR}"


def string_to_sign(timestamp: int, canonical: str) -> str:
    hashed_canonical = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    scope = credential_scope(utc_date(timestamp))
    return f"{ALGORITHM}\n{timestamp}\n{scope}\n{hashed_canonical}"


def signing_key(secret_key: str, date: str) -> bytes:
    k_date = _hmac(("TC3" + secret_key).encode("utf-8"), date)
    k_service = _hmac(k_date, SERVICE)
    return _hmac(k_service, TERMINATOR)


def compute_signature(
    secret_key: str, timestamp: int, signed_headers: Mapping[str, str], body: bytes
) -> str:
    to_sign = string_to_sign(timestamp, canonical_request(signed_headers, body))
    key = signing_key(secret_key, utc_date(timestamp))
    return hmac.new(key, to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def authorization_header(
    secret_id: str, date: str, signed_header_names: tuple[str, ...], signature: str
) -> str:
    return (
        f"{ALGORITHM} Credential={secret_id}/{credential_scope(date)}, "
        f"SignedHeaders={';'.join(signed_header_names)}, Signature={signature}"
    )


def sign_request(
    *,
    secret_id: str,
    secret_key: str,
    host: str,
    action: str,
    body: bytes,
    timestamp: int,
    region: str,
    version: str = API_VERSION,
    content_type: str = JSON_CONTENT_TYPE,
    token: str | None = None,
    language: str | None = None,
) -> dict[str, str]:
    """All headers to send with `body` to `POST https://{host}/`.

    Only Content-Type and Host are signed, as the SDK does; the X-TC-* headers are not.
    """
    signed = {"content-type": content_type, "host": host}
    signature = compute_signature(secret_key, timestamp, signed, body)
    headers = {
        "Host": host,
        "Content-Type": content_type,
        "Authorization": authorization_header(
            secret_id, utc_date(timestamp), tuple(signed), signature
        ),
        "X-TC-Action": action,
        "X-TC-Version": version,
        "X-TC-Timestamp": str(timestamp),
        "X-TC-Region": region,
    }
    if token is not None:
        headers["X-TC-Token"] = token
    if language is not None:
        headers["X-TC-Language"] = language
    return headers


def parse_authorization(value: str) -> Authorization:
    """Split `TC3-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` into parts."""
    algorithm, _, rest = value.strip().partition(" ")
    if algorithm != ALGORITHM:
        raise InvalidAuthorization(f"Authorization must start with {ALGORITHM}.")
    parts = [item.strip().partition("=") for item in rest.split(",")]
    fields = {name: field_value for name, equals, field_value in parts if equals}
    if len(parts) != 3 or sorted(fields) != ["Credential", "Signature", "SignedHeaders"]:
        raise InvalidAuthorization(
            "Authorization must have exactly Credential, SignedHeaders and Signature."
        )

    credential = fields["Credential"].split("/")
    if len(credential) != 4 or not credential[0] or credential[3] != TERMINATOR:
        raise InvalidAuthorization(
            f"Credential must be <SecretId>/<YYYY-MM-DD>/{SERVICE}/{TERMINATOR}."
        )
    secret_id, date, service, _ = credential
    if service != SERVICE:
        raise InvalidAuthorization(f"Credential names service {service!r}; expected {SERVICE!r}.")

    signed_headers = tuple(fields["SignedHeaders"].split(";"))
    missing = REQUIRED_SIGNED_HEADERS - set(signed_headers)
    if missing:
        raise InvalidAuthorization(f"SignedHeaders must include {', '.join(sorted(missing))}.")

    signature = fields["Signature"]
    if not _SIGNATURE_PATTERN.fullmatch(signature):
        raise InvalidAuthorization("Signature must be 64 lower-case hexadecimal characters.")
    return Authorization(secret_id, date, service, signed_headers, signature)


def verify_authorization(
    headers: Mapping[str, str],
    body: bytes,
    secret_lookup: Callable[[str], str | None],
    now: float,
    max_skew: int = MAX_SKEW_SECONDS,
) -> VerifiedRequest:
    """Check a TC3 request as the TRTC server would (R4, R5).

    `headers` may use any letter case. `secret_lookup` maps a SecretId to its SecretKey, or
    to None when the id is unknown. Raises a subclass of AuthorizationRejected.
    """
    by_name = {name.lower(): value for name, value in headers.items()}
    raw_authorization = by_name.get("authorization")
    if not raw_authorization:
        raise InvalidAuthorization("The Authorization header is missing.")
    authorization = parse_authorization(raw_authorization)
    absent = [name for name in authorization.signed_headers if name not in by_name]
    if absent:
        raise InvalidAuthorization(f"Signed header(s) {', '.join(absent)} are not in the request.")

    raw_timestamp = by_name.get("x-tc-timestamp", "").strip()
    if not _TIMESTAMP_PATTERN.fullmatch(raw_timestamp):
        raise InvalidAuthorization("X-TC-Timestamp must be the Unix time in whole seconds.")
    timestamp = int(raw_timestamp)
    skew = abs(now - timestamp)
    if skew > max_skew:
        raise SignatureExpired(
            f"X-TC-Timestamp {timestamp} is {skew:g} s away from server time; "
            f"it must be within {max_skew} s (R4)."
        )

    secret_key = secret_lookup(authorization.secret_id)
    if secret_key is None:
        raise SecretIdNotFound("The SecretId is not known to this server (R5).")

    expected_date = utc_date(timestamp)
    if authorization.date != expected_date:
        raise SignatureMismatch(
            f"Credential date {authorization.date} is not {expected_date}, "
            "the UTC date of X-TC-Timestamp (R5)."
        )

    signed = {name: by_name[name] for name in authorization.signed_headers}
    if not any(
        hmac.compare_digest(
            compute_signature(secret_key, timestamp, {**signed, "host": host}, body),
            authorization.signature,
        )
        for host in host_variants(signed["host"])
    ):
        raise SignatureMismatch(
            "The signature does not match this request: check the SecretKey, and sign the "
            "exact body bytes, Content-Type and Host that are sent (R5)."
        )
    return VerifiedRequest(authorization.secret_id, timestamp, expected_date)


def host_variants(host: str) -> tuple[str, ...]:
    """The Host values a client may have signed: as sent, and without its port.

    The official Node.js SDK signs the endpoint's host name alone while its HTTP
    library sends `Host: name:port`; the cloud listens on 443 and never sees a
    port, so only a server on another port (the emulator) meets the difference.
    """
    name, colon, port = host.rpartition(":")
    if colon and port.isdigit() and name and not name.endswith(":"):
        return (host, name)
    return (host,)


def _hmac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()
