"""Pages and files of the design-time side."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from layouts import assets
from layouts.api import PresetSerializer
from layouts.contract.editor import editor_contract
from layouts.errors import NotFound
from layouts.models import Preset


@login_not_required  # the cloud fetches placeholders and watermarks from here too
@require_GET
def asset_file(request: HttpRequest, name: str) -> FileResponse:
    try:
        path, content_type = assets.asset_file(name)
    except NotFound:
        raise Http404(name) from None
    response = FileResponse(path.open("rb"), content_type=content_type)
    # Content-addressed names never change meaning, so they may be cached for long.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def library(request: HttpRequest) -> HttpResponse:
    return render(request, "layouts/library.html")


def editor(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The editor, on a saved preset or (without pk) on a new document.

    A new document starts from `?from=<preset id>` (a copy of it, e.g. a
    starter) or from an empty 1280x720 custom layout.
    """
    preset = get_object_or_404(Preset, pk=pk) if pk is not None else None
    source = None
    if preset is None and request.GET.get("from", "").isdigit():
        source = Preset.objects.filter(pk=int(request.GET["from"])).first()
    initial = {
        "preset": PresetSerializer(preset).data if preset else None,
        # An audio-only show has no picture yet: the editor starts one on a blank canvas.
        "document": ((preset or source).document if (preset or source) else None)
        or blank_document(),
        "name": preset.name if preset else (source.name if source else ""),
    }
    return render(
        request,
        "layouts/editor.html",
        {"initial": initial, "preset": preset, **workspace_context()},
    )


def workspace_context() -> dict:
    """What every page that hosts the editing workspace embeds: the API's contract."""
    return {"contract": editor_contract(gettext)}


def blank_document() -> dict:
    return {
        "VideoEncode": {"Width": 1280, "Height": 720, "Fps": 25, "BitRate": 1500, "Gop": 2},
        "LayoutParams": {"MixLayoutMode": 4, "MixLayoutList": []},
        "BackGroundColor": "0x000000",
    }
