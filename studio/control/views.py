"""Site pages that belong to no single part of the product."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from layouts import assets
from layouts.core import show
from layouts.errors import NotFound
from layouts.models import Preset
from layouts.views import workspace_context
from studio.cloud import backends
from studio.control.api import TaskSerializer
from studio.control.models import MixTask
from studio.control.services import shows
from studio.roles import PRODUCER, has_role, role_required


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers; tells nothing secret."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        database = "unavailable"
    healthy = database == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "error", "database": database},
        status=200 if healthy else 503,
    )


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"preset_count": Preset.objects.count()})


def tasks_page(request: HttpRequest) -> HttpResponse:
    return render(request, "control/tasks.html", {"can_launch": has_role(request.user, PRODUCER)})


def wall_page(request: HttpRequest) -> HttpResponse:
    """Every running task's program at once, with its tally and CDN health."""
    return render(request, "control/wall.html", {"can_act": has_role(request.user, PRODUCER)})


@role_required(PRODUCER)
def launch_page(request: HttpRequest) -> HttpResponse:
    preset_id = request.GET.get("preset", "")
    return render(
        request,
        "control/launch.html",
        {
            "preset_id": int(preset_id) if preset_id.isdigit() else None,
            "playback_key": show.PLAYBACK_URLS,
            # Only the real cloud fetches from the internet; the emulator reads our assets.
            "asset_host_unreachable": assets.cloud_cannot_reach(request)
            if backends.backend_name() == backends.TENCENT
            else None,
            **workspace_context(),
        },
    )


def task_page(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(MixTask.objects.select_related("app_profile", "preset"), pk=pk)
    return render(
        request,
        "control/task.html",
        {
            "task": task,
            "task_json": TaskSerializer(task).data,
            "has_video": "VideoParams" in task.params,
            "can_act": has_role(request.user, PRODUCER),
            **workspace_context(),
        },
    )


def show_page(request: HttpRequest, key: object) -> HttpResponse:
    """A show's legs side by side: each leg's program and staged preview, one Take."""
    try:
        legs = shows.legs_of(str(key))
    except NotFound:
        raise Http404(str(key)) from None
    return render(
        request,
        "control/show.html",
        {
            "show_key": str(key),
            "show_json": {"show": str(key), "legs": TaskSerializer(legs, many=True).data},
            "preset_name": legs[0].preset.name if legs[0].preset else "",
            "room": legs[0].room_id,
            "can_act": has_role(request.user, PRODUCER),
            **workspace_context(),
        },
    )
