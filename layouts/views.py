"""Pages and files of the design-time side."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET

from layouts import assets, starters
from layouts.api.presets import PresetSerializer
from layouts.core import fonts
from layouts.core.contract import video
from layouts.core.page_contract import editor_contract
from layouts.errors import NotFound
from layouts.models import Preset
from studio.roles import PRODUCER, has_role


@dataclass(frozen=True)
class LayoutSize:
    label: str
    width: int
    height: int


# A preset's name as long as the database keeps it: the pages' `maxlength`.
PRESET_NAME_LENGTH = Preset._meta.get_field("name").max_length
# A new layout's canvas has some size: VideoEncode allows 0 (R35), which draws nothing.
NEW_LAYOUT_MIN_SIDE = 1

# What "New" offers, most used first; the first is the size of a new layout.
NEW_LAYOUT_SIZES = (
    LayoutSize(gettext_lazy("1080p (16:9)"), 1920, 1080),
    LayoutSize(gettext_lazy("720p (16:9)"), 1280, 720),
    LayoutSize(gettext_lazy("Vertical 9:16"), 1080, 1920),
    LayoutSize(gettext_lazy("Square 1:1"), 1080, 1080),
)


@login_not_required  # the cloud fetches placeholders and watermarks from here too
@require_GET
def asset_file(request: HttpRequest, name: str) -> FileResponse:
    try:
        stored, content_type = assets.asset_file(name)  # read from the shared storage
    except NotFound:
        raise Http404(name) from None
    response = FileResponse(stored, content_type=content_type)
    # Content-addressed names never change meaning, so they may be cached for long.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def library(request: HttpRequest) -> HttpResponse:
    return render(request, "layouts/library.html", {"name_length": PRESET_NAME_LENGTH})


def asset_library(request: HttpRequest) -> HttpResponse:
    """The uploaded images: thumbnails, sizes, where each is used; upload and delete."""
    return render(request, "layouts/assets.html")


def editor(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The editor, on a saved preset or (without pk) on a new document.

    A new document starts from `?from=<preset id>` (a copy of it, e.g. a
    starter) or from an empty custom layout of `?size=WxH` (or `?width=&height=`);
    without a size, the page asks for one.

    A viewer opens a saved preset read-only (no Save, nothing on the page changes the
    show) and cannot start a new one.
    """
    read_only = not has_role(request.user, PRODUCER)
    if pk is None and read_only:
        raise PermissionDenied("Only producers make new presets.")
    preset = get_object_or_404(Preset, pk=pk) if pk is not None else None
    source = None
    if preset is None and request.GET.get("from", "").isdigit():
        source = Preset.objects.filter(pk=int(request.GET["from"])).first()
    size, size_error = requested_size(request.GET)
    ask_size = preset is None and source is None and size is None
    initial = {
        "preset": PresetSerializer(preset, context={"request": request}).data if preset else None,
        # An audio-only show has no picture yet: the editor starts one on a blank canvas.
        "document": ((preset or source).document if (preset or source) else None)
        or blank_document(*(size or (NEW_LAYOUT_SIZES[0].width, NEW_LAYOUT_SIZES[0].height))),
        # A copy of a starter is named as the page shows the starter (its own language).
        "name": preset.name if preset else (_shown_name(source) if source else ""),
        # A copy keeps the layer names, flags and guides of what it copies.
        "layer_meta": source.meta if source else None,
    }
    context = {
        "initial": initial,
        "preset": preset,
        "preset_title": _shown_name(preset) if preset else "",
        "ask_size": ask_size,
        "size_error": size_error,
        "new_sizes": NEW_LAYOUT_SIZES,
        "min_side": NEW_LAYOUT_MIN_SIDE,
        "name_length": PRESET_NAME_LENGTH,
        "read_only": read_only,
        **workspace_context(),
    }
    return render(request, "layouts/editor.html", context)


def _shown_name(preset: Preset) -> str:
    """The name a page shows: a starter's own name in the reader's language."""
    return starters.shown(preset.starter_key, preset.name, preset.description, []).name


def requested_size(query: dict) -> tuple[tuple[int, int] | None, str]:
    """(width, height) asked for by `?size=1920x1080` or `?width=&height=`, and why not."""
    raw = query.get("size", "")
    width, _, height = raw.partition("x") if raw else (query.get("width", ""), "", "")
    if not raw:
        height = query.get("height", "")
    if not width and not height:
        return None, ""
    if width.isdigit() and height.isdigit():
        w, h = int(width), int(height)
        least, most = NEW_LAYOUT_MIN_SIDE, video.MAX_CANVAS_SIDE
        if least <= w <= most and least <= h <= most:
            return (w, h), ""
    return None, gettext("Width and height are whole numbers from 1 to %(max)d px (R35).") % {
        "max": video.MAX_CANVAS_SIDE
    }


def workspace_context() -> dict:
    """What every page that hosts the editing workspace embeds: the API's contract."""
    return {"contract": editor_contract(gettext)}


def blank_document(width: int = 1280, height: int = 720) -> dict:
    """An empty custom layout of that size."""
    return {
        "VideoEncode": {"Width": width, "Height": height, "Fps": 25, "BitRate": 1500, "Gop": 2},
        "LayoutParams": {"MixLayoutMode": video.MODE_CUSTOM, "MixLayoutList": []},
        "BackGroundColor": "0x000000",
    }


# ---------------------------------------------------------------------------
# The renderer's face, for the canvas (layouts/fonts.py).


def _fonts_folder() -> Path:
    return Path(settings.DATA_DIR) / "fonts"


@login_not_required  # a public font; the login page may well draw with it one day
@require_GET
def canvas_font_css(request: HttpRequest) -> HttpResponse:
    version = fonts.version()
    css = fonts.font_face_css(
        lambda name: reverse("canvas-font", kwargs={"version": version, "name": name})
    )
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    # The slices' URLs carry the version, so the rules may be cached for a day.
    response["Cache-Control"] = "public, max-age=86400"
    return response


@login_not_required
@require_GET
def canvas_font(request: HttpRequest, version: str, name: str) -> FileResponse:
    item = fonts.slice_named(name)
    if item is None or version != fonts.version():
        raise Http404(name)
    response = FileResponse(
        fonts.slice_file(item, _fonts_folder()).open("rb"), content_type="font/woff2"
    )
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
