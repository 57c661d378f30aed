"""UserSig generation and checking, the TLSSigAPIv2 algorithm (reference section H)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
import zlib
from dataclasses import dataclass
from enum import Enum

DEFAULT_EXPIRE_SECONDS = 86400 * 180
# A real UserSig decompresses to about 200 bytes; refuse anything that inflates far beyond.
_MAX_JSON_BYTES = 64 * 1024

# TLSSigAPIv2 makes base64 URL-safe with its own substitutions, not base64url.
_TO_USERSIG = str.maketrans("+/=", "*-_")
_FROM_USERSIG = str.maketrans("*-_", "+/=")


class UserSigProblem(Enum):
    MALFORMED = "malformed"
    WRONG_APP = "wrong_app"
    WRONG_USER = "wrong_user"
    EXPIRED = "expired"
    BAD_SIGNATURE = "bad_signature"


class UserSigRejected(Exception):
    def __init__(self, problem: UserSigProblem, message: str) -> None:
        super().__init__(message)
        self.problem = problem
        self.message = message


@dataclass(frozen=True)
class UserSigClaims:
    sdk_app_id: int
    user_id: str
    issued_at: int
    expire: int

    @property
    def expires_at(self) -> int:
        return self.issued_at + self.expire


def gen_usersig(
    sdk_app_id: int,
    user_id: str,
    secret_key: str,
    expire: int = DEFAULT_EXPIRE_SECONDS,
    now: int | None = None,
) -> str:
    issued_at = int(time.time()) if now is None else now
    document = {
        "TLS.ver": "2.0",
        "TLS.identifier": user_id,
        "TLS.sdkappid": sdk_app_id,
        "TLS.expire": expire,
        "TLS.time": issued_at,
        "TLS.sig": _tls_sig(secret_key, user_id, sdk_app_id, issued_at, expire),
    }
    # Key order and json.dumps' default spacing match the reference library, so the
    # result is byte-identical to its output (vector US-1).
    compressed = zlib.compress(json.dumps(document).encode("utf-8"))
    return base64.b64encode(compressed).decode("ascii").translate(_TO_USERSIG)


def verify_usersig(
    usersig: str,
    sdk_app_id: int,
    user_id: str,
    secret_key: str,
    now: int | None = None,
) -> UserSigClaims:
    """Return the claims of a valid UserSig for this app and user; raise UserSigRejected."""
    claims, signature = _decode(usersig)
    if claims.sdk_app_id != sdk_app_id:
        raise UserSigRejected(
            UserSigProblem.WRONG_APP,
            f"The UserSig was issued for SdkAppId {claims.sdk_app_id}, not {sdk_app_id}.",
        )
    if claims.user_id != user_id:
        raise UserSigRejected(
            UserSigProblem.WRONG_USER,
            f"The UserSig was issued for UserId {claims.user_id!r}, not {user_id!r}.",
        )
    current = int(time.time()) if now is None else now
    if claims.expires_at <= current:
        raise UserSigRejected(
            UserSigProblem.EXPIRED, f"The UserSig expired at Unix time {claims.expires_at}."
        )
    expected = _tls_sig(secret_key, user_id, sdk_app_id, claims.issued_at, claims.expire)
    if not hmac.compare_digest(expected.encode("ascii"), signature.encode("utf-8")):
        raise UserSigRejected(
            UserSigProblem.BAD_SIGNATURE,
            "The UserSig was not signed with this application's secret key.",
        )
    return claims


def _tls_sig(secret_key: str, user_id: str, sdk_app_id: int, issued_at: int, expire: int) -> str:
    content = (
        f"TLS.identifier:{user_id}\n"
        f"TLS.sdkappid:{sdk_app_id}\n"
        f"TLS.time:{issued_at}\n"
        f"TLS.expire:{expire}\n"
    )
    digest = hmac.new(secret_key.encode("utf-8"), content.encode("utf-8"), hashlib.sha256)
    return base64.b64encode(digest.digest()).decode("ascii")


def _decode(usersig: str) -> tuple[UserSigClaims, str]:
    try:
        compressed = base64.b64decode(usersig.translate(_FROM_USERSIG), validate=True)
        inflater = zlib.decompressobj()
        raw = inflater.decompress(compressed, _MAX_JSON_BYTES)
        if inflater.unconsumed_tail:
            raise _malformed("it decompresses to more than 64 KiB")
        document = json.loads(raw)
    except (binascii.Error, ValueError, zlib.error) as error:
        raise _malformed("it is not base64-encoded, zlib-compressed JSON") from error

    if not isinstance(document, dict):
        raise _malformed("its JSON is not an object")
    fields = {
        "TLS.identifier": str,
        "TLS.sdkappid": int,
        "TLS.time": int,
        "TLS.expire": int,
        "TLS.sig": str,
    }
    for name, kind in fields.items():
        value = document.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise _malformed(f"{name} is missing or not a {kind.__name__}")
    claims = UserSigClaims(
        sdk_app_id=document["TLS.sdkappid"],
        user_id=document["TLS.identifier"],
        issued_at=document["TLS.time"],
        expire=document["TLS.expire"],
    )
    return claims, document["TLS.sig"]


def _malformed(reason: str) -> UserSigRejected:
    return UserSigRejected(UserSigProblem.MALFORMED, f"The UserSig is malformed: {reason}.")
