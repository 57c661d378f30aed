"""UserSig generation and checking, the TLSSigAPIv2 algorithm (reference section H)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import zlib
from enum import Enum

# Reading a UserSig needs no key, so it is design time's (layouts/usersig.py);
# signing and verifying the signature are here.
from layouts.core.usersig import TO_USERSIG, MalformedUserSig, UserSigClaims, read_usersig

DEFAULT_EXPIRE_SECONDS = 86400 * 180


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
    return base64.b64encode(compressed).decode("ascii").translate(TO_USERSIG)


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
        return read_usersig(usersig)
    except MalformedUserSig as error:
        raise _malformed(error.reason) from error


def _malformed(reason: str) -> UserSigRejected:
    return UserSigRejected(UserSigProblem.MALFORMED, f"The UserSig is malformed: {reason}.")
