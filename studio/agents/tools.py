"""What each MCP tool does, on the Django side: parse nothing, call one service or
selector, answer what the REST API answers.

Each function takes the calling user (whose role server.py has checked) and the
tool's arguments, already typed by the tool's schema, and returns a JSON-ready
dict, or a Picture for the previews. Errors are the services' own exceptions
(layouts.errors.MixStudioError); server.py turns them into tool errors.
Secrets are masked as the REST API masks them: the same serializers answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.paginator import EmptyPage, Paginator
from django.utils.translation import gettext as _

from layouts import preview, selectors, services
from layouts.api.presets import PresetListItemSerializer, PresetSerializer
from layouts.core.rules import document as rules
from layouts.core.text import PhraseText
from layouts.errors import MixStudioError, problems_payload
from studio.agents import plans
from studio.control import selectors as control_selectors
from studio.control.api import TaskEventSerializer, TaskListItemSerializer, TaskSerializer
from studio.control.director_api import status_of
from studio.control.selectors import get_task as read_task
from studio.control.services import director, stop
from studio.onair import services as onair


@dataclass(frozen=True)
class Picture:
    """A rendered preview: the PNG, and what the REST API says beside it in headers."""

    png: bytes
    facts: dict[str, Any]


def list_presets(
    user: AbstractBaseUser, *, search: str, tag: str, page: int, page_size: int
) -> dict[str, Any]:
    filters = selectors.PresetFilters(search=search.strip(), tag=tag.strip())
    ids, answer = page_of(selectors.preset_ids(filters), page, page_size)
    presets = selectors.presets_by_id(list(ids))
    answer["results"] = PresetListItemSerializer(presets, many=True).data
    return answer


def get_preset(user: AbstractBaseUser, *, preset_id: int) -> dict[str, Any]:
    preset = services.get_preset(preset_id)
    return PresetSerializer(preset, context={"request": SimpleNamespace(user=user)}).data


def validate_document(
    user: AbstractBaseUser, *, document: dict[str, Any], with_transcoding: int | None
) -> dict[str, Any]:
    problems = services.document_problems(document, with_transcoding=with_transcoding)
    return {"valid": not rules.has_errors(problems), "problems": problems_payload(problems)}


def preview_preset(user: AbstractBaseUser, *, preset_id: int, width: int) -> Picture:
    return picture(preview.preset_thumbnail(services.get_preset(preset_id), width))


def preview_document(
    user: AbstractBaseUser,
    *,
    document: dict[str, Any],
    participants: list[dict[str, Any]] | None,
    scale: float,
    overlay: bool,
) -> Picture:
    image = preview.preview_image(
        document, preview.parse_scenario(participants), fmt="png", scale=scale, overlay=overlay
    )
    return picture(image)


def picture(image: preview.PreviewImage) -> Picture:
    warnings = [
        {key: _shown(value) for key, value in warning.items()} for warning in image.warnings
    ]
    return Picture(
        image.data,
        {
            "content_type": image.content_type,
            "approximate": image.approximate,
            "calibration_captures": image.captures,
            "warnings": warnings,
        },
    )


def list_tasks(user: AbstractBaseUser, *, status: str, page: int, page_size: int) -> dict[str, Any]:
    tasks = control_selectors.task_list(control_selectors.TaskFilters(status=status))
    rows, answer = page_of(tasks, page, page_size)
    answer["results"] = TaskListItemSerializer(rows, many=True).data
    return answer


def get_task(user: AbstractBaseUser, *, task_id: int) -> dict[str, Any]:
    return TaskSerializer(read_task(task_id)).data


def get_room(user: AbstractBaseUser, *, task_id: int) -> dict[str, Any]:
    return onair.room_of(read_task(task_id))


def list_events(
    user: AbstractBaseUser, *, task_id: int, after: int, page: int, page_size: int
) -> dict[str, Any]:
    events = control_selectors.task_events(read_task(task_id), after=after)
    rows, answer = page_of(events, page, page_size)
    answer["results"] = TaskEventSerializer(rows, many=True).data
    return answer


def plan_take(user: AbstractBaseUser, *, task_id: int, document: dict[str, Any]) -> dict[str, Any]:
    return plans.make_plan(task_id, document, user)


def take(user: AbstractBaseUser, *, task_id: int, plan_id: str) -> dict[str, Any]:
    task = plans.take_plan(task_id, plan_id, user)
    return {"taken": True, "task": TaskSerializer(task).data}


def slate(
    user: AbstractBaseUser,
    *,
    task_id: int,
    on: bool,
    confirm: bool,
    text: str | None,
    seconds: float | None,
) -> dict[str, Any]:
    task = read_task(task_id)
    if confirm is not True:
        raise Unconfirmed(
            (
                _(
                    "Putting the slate on air replaces task %(task)d's program on every output. "
                    "Nothing was sent: ask the producer, then call `slate` again with `confirm` "
                    "set to `true`."
                )
                if on
                else _(
                    "Taking the slate off puts back on air what task %(task)d showed before "
                    "it. Nothing was sent: ask the producer, then call `slate` again with "
                    "`confirm` set to `true`."
                )
            )
            % {"task": task.pk}
        )
    row = director.slate(task.pk, on=on, user=user, text=text, seconds=seconds)
    return status_of(read_task(task.pk), row)


def stop_task(user: AbstractBaseUser, *, task_id: int, confirm: bool) -> dict[str, Any]:
    task = read_task(task_id)
    if confirm is not True:
        raise Unconfirmed(
            _(
                "Stopping ends task %(task)d's program on every output; a stopped task cannot "
                "be resumed. Nothing was sent: ask the producer, then call `stop_task` again "
                "with `confirm` set to `true`."
            )
            % {"task": task.pk}
        )
    return TaskSerializer(stop.stop_task(task.pk, user=user)).data


class Unconfirmed(MixStudioError):
    """A tool that changes what is on air, called without confirm: true."""

    code = "confirmation-required"

    def __init__(self, message: str) -> None:
        super().__init__(message, field="confirm")


def awaiting(task_pk: int, message: str) -> dict[str, Any]:
    """The REST API's 202: the call left, its answer is awaited; the task as it stands."""
    return {
        "awaiting_answer": True,
        "message": message,
        "task": TaskSerializer(read_task(task_pk)).data,
    }


def page_of(items: Any, page: int, page_size: int) -> tuple[Any, dict[str, Any]]:
    """The page's items, and the list's answer without its results."""
    paginator = Paginator(items, page_size)
    try:
        rows = paginator.page(page)
    except EmptyPage:
        raise MixStudioError(
            _("There is no page %(page)d: the list has %(pages)d page(s).")
            % {"page": page, "pages": paginator.num_pages},
            field="page",
        ) from None
    return rows.object_list, {
        "count": paginator.count,
        "page": page,
        "pages": paginator.num_pages,
        "results": [],
    }


def _shown(value: Any) -> Any:
    return value.phrase.render(_) if isinstance(value, PhraseText) else value
