"""Where viewers watch each CDN output: checked with a launch, kept with the task.

A show keeps its outputs' playback URLs in our own part of the body
(`show.PLAYBACK_URLS`, never sent). A launch checks them beside the Start body
(`show.check_playback_urls`: http(s), HLS or HTTP-FLV, a public host as the
images' SSRF guard judges it, an output of the show) and the task keeps them,
so that the program monitor plays the real cloud's program and Verify reads it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from layouts.core import show
from layouts.core.contract.problems import Problem, has_errors
from layouts.errors import problems_payload
from layouts.models import Preset
from studio.control.models import AppProfile, MixTask
from studio.control.selectors import get_task
from studio.control.services import launch
from studio.control.services.build import launch_show, refuse_errors, stored
from studio.control.services.errors import AwaitingAnswer


def playback_problems(request: Any) -> list[Problem]:
    """The problems of the playback URLs a request (a show, our part included) keeps."""
    return show.check_playback_urls(request, allowed=settings.MIX_IMAGE_ALLOWED_HOSTS)


def check_launch(
    *, app: AppProfile, request: Any, preset: Preset | None = None, fill_from_preset: bool = True
) -> dict[str, Any]:
    """`launch.check_launch`, the playback URLs' problems with the others."""
    answer = launch.check_launch(
        app=app, request=request, preset=preset, fill_from_preset=fill_from_preset
    )
    whole = launch_show(request, preset, fill_from_preset=fill_from_preset)
    problems = playback_problems(whole)
    answer["problems"] = [*answer["problems"], *problems_payload(problems)]
    answer["valid"] = answer["valid"] and not has_errors(problems)
    answer["playback_urls"] = show.playback_urls(whole)
    return answer


def start_task(
    *,
    app: AppProfile,
    request: Any,
    user: AbstractBaseUser | None,
    preset: Preset | None = None,
    fill_from_preset: bool = True,
) -> MixTask:
    """`launch.start_task`, refused before sending when a playback URL is wrong; the
    task keeps its playback URLs (also while its Start's answer is awaited)."""
    wanted: list[dict[str, str]] = []
    if isinstance(request, dict):
        whole = launch_show(request, preset, fill_from_preset=fill_from_preset)
        refuse_errors(playback_problems(whole))
        wanted = show.playback_urls(whole)
    try:
        task = launch.start_task(
            app=app, request=request, user=user, preset=preset, fill_from_preset=fill_from_preset
        )
    except AwaitingAnswer as waiting:
        keep_playback(waiting.task_pk, wanted)
        raise
    return keep_playback(task.pk, wanted) if wanted else task


def keep_playback(task_pk: int, entries: list[dict[str, str]]) -> MixTask:
    with transaction.atomic():
        MixTask.objects.filter(pk=task_pk).update(
            playback_urls=stored(entries), updated_at=timezone.now()
        )
    return get_task(task_pk)
