"""Pages and files of the design-time side."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from layouts import assets
from layouts.errors import NotFound


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
