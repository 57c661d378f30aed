"""Which hosts are on the public internet: the SSRF guard's judge and the cloud's reach.

The app fetches images (and streams) only from public addresses, and the cloud
can fetch an image only from a public host, so both questions are answered here
once. Pure: no Django, no DNS (the fetcher resolves names and asks about each
address; the rules can judge only what the URL itself says).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

# NAT64 (RFC 6052): the last 32 bits are the IPv4 host the gateway connects to.
NAT64_NETWORK = ipaddress.IPv6Network("64:ff9b::/96")
# Names that never lead to the public internet, whatever a resolver says.
LOCAL_NAMES = ("localhost",)
LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa")
# Cloud metadata services: reachable from inside a cloud machine only.
METADATA_HOSTS = frozenset(
    {"metadata.google.internal", "metadata.tencentyun.com", "169.254.169.254", "100.100.100.200"}
)


def is_public_address(address: str) -> bool:
    """True if `address` is a unicast address on the public internet.

    Loopback, private, link-local, multicast, reserved and unspecified
    addresses are not, nor IPv6 addresses that carry one of those as an
    embedded IPv4 address (IPv4-mapped, 6to4, NAT64).
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    judged: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        # Mapped and NAT64 addresses reach exactly their IPv4 host (and the
        # ipaddress module calls NAT64 "reserved"), so only that host is judged.
        if ip.ipv4_mapped is not None:
            judged = [ip.ipv4_mapped]
        elif ip in NAT64_NETWORK:
            judged = [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
        elif ip.sixtofour is not None:
            judged.append(ip.sixtofour)
    return all(_is_public(candidate) for candidate in judged)


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    # is_global alone misses multicast, and its exact meaning has moved between
    # Python versions, so the classes are named one by one as well.
    return ip.is_global and not (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def is_allow_listed(host: str, port: int | None, entries: Iterable[str]) -> bool:
    """Whether `host` (or `host:port`) is one of `entries` (MIX_IMAGE_ALLOWED_HOSTS)."""
    wanted = {entry.strip().lower() for entry in entries}
    host = host.lower()
    name = f"[{host}]" if ":" in host else host
    candidates = {host, name}
    if port is not None:
        candidates.add(f"{name}:{port}")
    return bool(candidates & wanted)


def local_host_kind(host: str) -> str | None:
    """Why the cloud can never reach `host`, judged from its name alone, or None.

    One of "loopback", "private", "link-local", "metadata", "local-name" (and
    "reserved" for other non-public addresses). A name that merely resolves to a
    private address is not caught here: only a resolver knows that.
    """
    host = host.lower().strip("[]")
    if host in METADATA_HOSTS:
        return "metadata"
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        if host in LOCAL_NAMES or host.endswith(LOCAL_SUFFIXES) or "." not in host:
            return "local-name"
        return None
    if is_public_address(str(ip)):
        return None
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_private:
        return "private"
    return "reserved"


def unreachable_host(url: str, allowed: Iterable[str] = ()) -> tuple[str, str] | None:
    """(host, kind) when the cloud can never fetch `url`, unless its host is allowed."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return None  # a malformed URL is R45's business
    if not host or is_allow_listed(host, port, allowed):
        return None
    kind = local_host_kind(host)
    return (host, kind) if kind else None
