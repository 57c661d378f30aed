"""The `Sign` header of TRTC relay-to-CDN callbacks (reference section G.4)."""

from __future__ import annotations

import base64
import hashlib
import hmac


def callback_sign(key: str, body: bytes) -> str:
    """base64(HMAC-SHA256(key, body)), standard alphabet with padding."""
    digest = hmac.new(key.encode("utf-8"), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def is_valid_callback_sign(key: str, body: bytes, sign: str | None) -> bool:
    """Whether `sign` is the Sign header for this raw body.

    Pass the body exactly as received: a parsed and re-serialised body signs differently.
    """
    if sign is None:
        return False
    return hmac.compare_digest(callback_sign(key, body).encode("ascii"), sign.encode("utf-8"))
