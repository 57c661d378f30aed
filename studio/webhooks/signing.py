"""How a webhook delivery is signed, and how a receiver checks it.

The signature is HMAC-SHA256, keyed with the webhook's secret, over
`<timestamp>.<body>`: the Unix seconds of the `X-MixStudio-Timestamp` header,
a dot, and the body's bytes exactly as sent. Signing the timestamp with the
body lets a receiver refuse a replayed delivery by its age (a captured
request cannot be given a fresh timestamp without the secret). The header
says `sha256=<hex>`, so another algorithm could come beside it one day.

Pure: no Django.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

SCHEME = "sha256"
SECRET_PREFIX = "whsec_"
# A receiver's default tolerance for the timestamp, either way (clocks drift).
TOLERANCE_SECONDS = 300


def new_secret() -> str:
    """A fresh secret: 32 random bytes, URL-safe, with a prefix that says what it is."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The `X-MixStudio-Signature` value: `sha256=` and the hex HMAC of `<timestamp>.<body>`."""
    signed = str(timestamp).encode("ascii") + b"." + body
    digest = hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()
    return f"{SCHEME}={digest}"


def verify(
    secret: str,
    body: bytes,
    timestamp: str,
    signature_header: str,
    *,
    now: float,
    tolerance: float = TOLERANCE_SECONDS,
) -> bool:
    """Whether a delivery is genuine and fresh: the signature matches and the timestamp
    is within `tolerance` seconds of `now`."""
    if not timestamp.isascii() or not timestamp.isdigit():
        return False
    if abs(now - int(timestamp)) > tolerance:
        return False
    expected = signature(secret, int(timestamp), body)
    return hmac.compare_digest(expected.encode("ascii"), signature_header.encode("utf-8"))
