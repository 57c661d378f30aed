"""Secrets masked by their shape, wherever they sit in a value or a text.

A name list alone misses secrets under names nobody listed (a storage
`AccessKey`) and secrets inside ordinary strings (the `txSecret` of a CDN
push URL, a UserSig pasted into a URL). Three shapes are recognised:

- a key whose name says secret (`SecretKey`, `AccessKey`, `UserSig`, `Token`,
  `Password`, `Sign`, ...): its whole value is masked;
- a URL (in any string, also inside a sentence) whose query carries a value
  named like a secret (`txSecret`, `sign`, `token`, `auth_key`, `key`,
  `signature`, ...) or whose user part holds a password: only those values
  are masked, so the URL stays recognisable;
- a UserSig (TLSSigAPIv2: zlib-compressed JSON in its own base64 alphabet)
  and a TC3 `Authorization` signature, under any name.

Two strengths: `redact` for everything a person or a log can see, and
`strip_credentials` for what the app stores to act on later. The stored
copy keeps push URLs whole, because the app must send them again (a
reconcile, an update that keeps the outputs); credentials it can recreate
or never needs again (UserSigs, storage keys) are never stored.

Pure: no Django.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
import zlib
from collections.abc import Iterable
from typing import Any

MASK = "***"

# Key names, compared without case, whose value is a secret whatever it looks like.
SECRET_NAMES = frozenset(
    {
        "usersig",
        "secretkey",
        "secretid",
        "accesskey",
        "accesskeyid",
        "accesskeysecret",
        "sign",
        "signature",
        "authorization",
        "sdksecretkey",
        "callbackkey",
        "token",
        "sessiontoken",
        "securitytoken",
        "password",
        "privatemapkey",
        "apikey",
        "txsecret",
    }
)
# Name endings that mark a secret key name (`CosSecretKey`, `MyPassword`).
SECRET_NAME_ENDINGS = ("secretkey", "accesskey", "password", "usersig", "token", "secret")

# Query parameter names, compared without case, whose value is a secret.
SECRET_QUERY_NAMES = frozenset(
    {
        "txsecret",
        "sign",
        "signature",
        "sig",
        "token",
        "auth_key",
        "authkey",
        "auth",
        "secret",
        "key",
        "password",
        "pwd",
        "usersig",
        "access_token",
        "x-amz-signature",
        "x-amz-credential",
        "x-amz-security-token",
        "q-signature",
        "ossaccesskeyid",
    }
)
SECRET_QUERY_PARTS = ("secret", "token", "signature", "password", "credential", "auth")
SECRET_QUERY_ENDINGS = ("key", "sign", "sig")

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]{1,15}://[^\s\"'<>\\]+")
_QUERY_PAIR = re.compile(r"(?P<lead>[?&;])(?P<name>[^=&;#?]+)=(?P<value>[^&;#]*)")
_USERINFO = re.compile(r"^(?P<scheme>[^:]+://)(?P<user>[^:@/]*):(?P<password>[^@/]*)@")
# TLSSigAPIv2 output starts with zlib's header in base64: eJ (default level), eN, eA, eF.
_USERSIG = re.compile(r"e[JNAF][A-Za-z0-9*\-_]{24,}")
_TC3_SIGNATURE = re.compile(r"(Signature=)[0-9a-fA-F]{16,}")
_TC3_CREDENTIAL = re.compile(r"(Credential=)[^,\s]+")
_FROM_USERSIG = str.maketrans("*-_", "+/=")


def redact(value: Any) -> Any:
    """A copy fit to show: every secret of every shape masked, dict keys included."""
    return _walk(value, mask_strings=True)


def strip_credentials(value: Any) -> Any:
    """A copy fit to store and act on: secret-named values and UserSigs masked, URLs whole."""
    return _walk(value, mask_strings=False)


def mask_text(text: str) -> str:
    """The text with URL query secrets, URL passwords, UserSigs and TC3 signatures masked."""
    if not isinstance(text, str) or not text:
        return text
    text = _URL.sub(lambda match: mask_url(match.group(0)), text)
    text = _TC3_SIGNATURE.sub(lambda match: match.group(1) + MASK, text)
    text = _TC3_CREDENTIAL.sub(lambda match: match.group(1) + MASK, text)
    return _USERSIG.sub(
        lambda match: MASK if looks_like_usersig(match.group(0)) else match[0], text
    )


def mask_url(url: str) -> str:
    """The URL with its secret query values and its password masked; the rest unchanged."""
    url = _USERINFO.sub(
        lambda match: (
            f"{match['scheme']}{match['user']}:{MASK}@" if match["password"] else match[0]
        ),
        url,
    )
    if "?" not in url and ";" not in url:
        return url
    return _QUERY_PAIR.sub(_mask_pair, url)


def is_secret_name(name: str) -> bool:
    lowered = name.lower()
    return lowered in SECRET_NAMES or lowered.endswith(SECRET_NAME_ENDINGS)


def is_secret_query_name(name: str) -> bool:
    lowered = name.lower()
    return (
        lowered in SECRET_QUERY_NAMES
        or any(part in lowered for part in SECRET_QUERY_PARTS)
        or lowered.endswith(SECRET_QUERY_ENDINGS)
    )


def looks_like_usersig(text: str) -> bool:
    """Whether the text decodes as a TLSSigAPIv2 UserSig (zlib JSON holding TLS.sig)."""
    try:
        raw = base64.b64decode(text.translate(_FROM_USERSIG), validate=True)
        inflated = zlib.decompressobj().decompress(raw, 4096)
    except (binascii.Error, ValueError, zlib.error):
        return False
    return b"TLS.sig" in inflated or b"TLS.identifier" in inflated


def restore_masked_urls(targets: Any, known_urls: Iterable[str]) -> Any:
    """PublishCdnParams whose URLs are the shown (masked) form of a known URL get it back.

    A page shows `rtmp://…?txSecret=***`; an update that sends that text
    back means "keep this output", not "push to a URL whose secret is ***".
    """
    if not isinstance(targets, list):
        return targets
    by_mask = {mask_url(url): url for url in known_urls if isinstance(url, str)}
    restored = []
    for target in targets:
        if isinstance(target, dict) and isinstance(target.get("PublishCdnUrl"), str):
            url = target["PublishCdnUrl"]
            if url in by_mask and url != by_mask[url]:
                target = {**target, "PublishCdnUrl": by_mask[url]}
        restored.append(target)
    return restored


def cut(text: str, limit: int) -> str:
    """At most `limit` characters, the cut marked with an ellipsis."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


class RedactingFilter(logging.Filter):
    """A logging filter that masks secrets of every shape in messages and tracebacks."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string must not lose the record
            message = str(record.msg)
        record.msg, record.args = mask_text(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = mask_text(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        return True


def install_log_record_factory() -> None:
    """Mask every log record's message as it is made, whichever handler gets it.

    The handler filter above also covers tracebacks, which are formatted later.
    """
    previous = logging.getLogRecordFactory()
    if getattr(previous, "masks_secrets", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - leave a malformed record to the handler
            return record
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return record

    factory.masks_secrets = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


def _mask_pair(match: re.Match[str]) -> str:
    if match["value"] and is_secret_query_name(match["name"]):
        return f"{match['lead']}{match['name']}={MASK}"
    return match.group(0)


def _walk(value: Any, *, mask_strings: bool) -> Any:
    """Without recursion, so that no depth of nesting can exhaust the stack."""
    root: list[Any] = [None]
    stack: list[tuple[Any, Any, Any]] = [(value, root, 0)]
    while stack:
        item, parent, slot = stack.pop()
        if isinstance(item, dict):
            copy: dict[Any, Any] = {}
            for key, child in item.items():
                shown_key = mask_text(key) if mask_strings and isinstance(key, str) else key
                if isinstance(key, str) and is_secret_name(key) and child not in (None, "", {}, []):
                    copy[shown_key] = MASK
                else:
                    copy[shown_key] = None
                    stack.append((child, copy, shown_key))
            parent[slot] = copy
        elif isinstance(item, list):
            items: list[Any] = [None] * len(item)
            stack.extend((child, items, index) for index, child in enumerate(item))
            parent[slot] = items
        elif isinstance(item, str):
            parent[slot] = _masked_string(item, mask_strings)
        else:
            parent[slot] = item
    return root[0]


def _masked_string(text: str, mask_strings: bool) -> str:
    if mask_strings:
        return mask_text(text)
    # Stored copies keep URLs but never a UserSig, whatever key holds it.
    return _USERSIG.sub(lambda match: MASK if looks_like_usersig(match[0]) else match[0], text)
