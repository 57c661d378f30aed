"""Image URLs of a document: R45 (scheme, characters, format) and hosts the cloud cannot reach.

`check_image_url` judges one URL as the field walk meets it (`rules.fields`);
`check_image_hosts` judges every image the cloud would fetch for a document
against `ImageHosts` (a loopback or private host is an error at launch, a
warning in the editor, nothing for the emulator). The cloud ignores an image it
cannot use without failing the task, so most of these only warn.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from layouts.core.addresses import unreachable_host
from layouts.core.contract import video
from layouts.core.contract.fields import Field, get_str
from layouts.core.contract.problems import ERROR, UNREACHABLE_IMAGE, WARNING, Problem
from layouts.core.rules.document_context import DocumentContext
from layouts.core.text import gettext_noop

# R45: the only characters Tencent accepts in image URLs.
URL_CHARACTERS_RE = re.compile(video.IMAGE_URL_CHARACTERS)


def check_image_url(url: str, spec: Field, path: str) -> Iterator[Problem]:
    """R45: an http(s) URL of the characters the cloud accepts, in a format it takes."""
    if not url:
        return  # an empty URL means "no image"
    if not URL_CHARACTERS_RE.fullmatch(url):
        bad = sorted({c for c in url if not URL_CHARACTERS_RE.fullmatch(c)})
        yield Problem(
            path,
            "R45",
            ERROR,
            gettext_noop(
                "%(field)s contains characters the cloud does not accept (%(chars)s); "
                "percent-encode them."
            ),
            {"field": spec.name, "chars": " ".join(repr(c) for c in bad[:5])},
        )
        return
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - parses the port, which raises on junk such as ":x"
    except ValueError:
        parts = None  # e.g. a stray "[" in the host
    if parts is None or parts.scheme not in video.IMAGE_URL_SCHEMES or not parts.hostname:
        yield Problem(
            path,
            "R45",
            ERROR,
            gettext_noop("%(field)s must be an http:// or https:// URL."),
            {"field": spec.name},
        )
        return
    file_name = parts.path.rsplit("/", 1)[-1]
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if extension and extension not in spec.image_formats:
        yield Problem(
            path,
            "R45",
            WARNING,
            gettext_noop(
                "%(field)s looks like a .%(ext)s file; the cloud accepts only "
                "%(formats)s here and silently ignores other images."
            ),
            {"field": spec.name, "ext": extension, "formats": ", ".join(spec.image_formats)},
        )


def image_urls(ctx: DocumentContext) -> Iterator[tuple[str, str]]:
    """(path, URL) of every image the cloud would fetch for this document."""
    background = get_str(ctx.document, "BackgroundImageUrl")
    if background:
        yield "BackgroundImageUrl", background
    for slot in ctx.doc.slots:
        for name in ("BackgroundImageUrl", "TransparentUrl"):
            url = get_str(slot.raw, name)
            if url:
                yield f"{slot.path}.{name}", url
    for mark in ctx.doc.watermarks:
        url = (
            get_str(mark.body, "WaterMarkUrl") if mark.kind == video.WATERMARK_IMAGE_TYPE else None
        )
        if url:
            yield f"{mark.path}.WaterMarkImage.WaterMarkUrl", url


# One whole sentence per reason, so that each translates as a whole.
_UNREACHABLE_TEMPLATES = {
    "loopback": gettext_noop(
        "The cloud cannot fetch %(field)s: %(host)s is a loopback address, which only this "
        "machine can reach, so the image would silently not show."
    ),
    "private": gettext_noop(
        "The cloud cannot fetch %(field)s: %(host)s is a private network address, so the "
        "image would silently not show."
    ),
    "link-local": gettext_noop(
        "The cloud cannot fetch %(field)s: %(host)s is a link-local address, so the image "
        "would silently not show."
    ),
    "metadata": gettext_noop(
        "%(field)s points at %(host)s, a cloud metadata service; the cloud will not fetch "
        "an image from there."
    ),
    "local-name": gettext_noop(
        "The cloud cannot fetch %(field)s: %(host)s is a local host name, so the image "
        "would silently not show."
    ),
    "reserved": gettext_noop(
        "The cloud cannot fetch %(field)s: %(host)s is not on the public internet, so the "
        "image would silently not show."
    ),
}


def check_image_hosts(ctx: DocumentContext) -> Iterator[Problem]:
    """The cloud fetches every image itself and ignores one it cannot reach (R45)."""
    if ctx.image_hosts.severity is None:
        return
    for path, url in image_urls(ctx):
        found = unreachable_host(url, ctx.image_hosts.allowed)
        if found is None:
            continue
        host, kind = found
        yield Problem(
            path,
            UNREACHABLE_IMAGE,
            ctx.image_hosts.severity,
            _UNREACHABLE_TEMPLATES[kind],
            {"field": path.rsplit(".", 1)[-1], "host": host[:60]},
        )
