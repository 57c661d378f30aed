"""What a UserSig says about itself: its app, user and expiry (TLSSigAPIv2, reference H).

Reading these needs no key: a UserSig is zlib-compressed JSON in its own base64
alphabet, and only its signature needs the app's secret key. So design time can
tell, before anything is sent, that a pasted UserSig belongs to another app or
user or has expired (R11); the emulator and studio/trtc/usersig.py verify the
signature on top of this. Pure: no Django.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from dataclasses import dataclass

# A real UserSig decompresses to about 200 bytes; refuse anything that inflates far beyond.
MAX_JSON_BYTES = 64 * 1024

# TLSSigAPIv2 makes base64 URL-safe with its own substitutions, not base64url.
TO_USERSIG = str.maketrans("+/=", "*-_")
FROM_USERSIG = str.maketrans("*-_", "+/=")

_FIELDS = {
    "TLS.identifier": str,
    "TLS.sdkappid": int,
    "TLS.time": int,
    "TLS.expire": int,
    "TLS.sig": str,
}


class MalformedUserSig(ValueError):
    """Not a UserSig at all; `reason` says which part is wrong (English)."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"The UserSig is malformed: {reason}.")
        self.reason = reason


@dataclass(frozen=True)
class UserSigClaims:
    sdk_app_id: int
    user_id: str
    issued_at: int
    expire: int

    @property
    def expires_at(self) -> int:
        return self.issued_at + self.expire


def read_usersig(usersig: str) -> tuple[UserSigClaims, str]:
    """The claims of a UserSig and its TLS.sig, or MalformedUserSig."""
    try:
        compressed = base64.b64decode(usersig.translate(FROM_USERSIG), validate=True)
        inflater = zlib.decompressobj()
        raw = inflater.decompress(compressed, MAX_JSON_BYTES)
        if inflater.unconsumed_tail:
            raise MalformedUserSig("it decompresses to more than 64 KiB")
        document = json.loads(raw)
    except (binascii.Error, ValueError, zlib.error) as error:
        if isinstance(error, MalformedUserSig):
            raise
        raise MalformedUserSig("it is not base64-encoded, zlib-compressed JSON") from error
    if not isinstance(document, dict):
        raise MalformedUserSig("its JSON is not an object")
    for name, kind in _FIELDS.items():
        value = document.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise MalformedUserSig(f"{name} is missing or not a {kind.__name__}")
    claims = UserSigClaims(
        sdk_app_id=document["TLS.sdkappid"],
        user_id=document["TLS.identifier"],
        issued_at=document["TLS.time"],
        expire=document["TLS.expire"],
    )
    return claims, document["TLS.sig"]
