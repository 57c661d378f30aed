"""Encryption at rest for the secrets an app profile holds (SDK and callback keys)."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    raw = settings.MIX_ENCRYPTION_KEY
    # Any string from the environment becomes a valid Fernet key.
    key = base64.urlsafe_b64encode(hashlib.sha256(raw.encode()).digest())
    return Fernet(key)


def encrypt(plain: str) -> str:
    return _fernet().encrypt(plain.encode()).decode() if plain else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ValueError(
            "A stored secret cannot be decrypted: MIX_ENCRYPTION_KEY changed since it was saved."
        ) from None
