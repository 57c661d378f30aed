"""The auto-director of a running task over HTTP: its rules, pause and the slate.

GET  /api/tasks/{id}/director/  what the director holds and where it is (viewers too)
PATCH /api/tasks/{id}/director/ {"rules"?, "roles"?, "paused"?, "slate_preset"?}
POST /api/tasks/{id}/slate/     {"on": true | false, "text"?, "seconds"?}

Each view parses, calls one service and answers the director's status; a bad
rule is refused (400) naming the rule and the field (`rules[1].timing.hold`).
"""

from __future__ import annotations

import datetime
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from layouts import services as layout_services
from layouts.api.common import AnyJSONField, parse
from layouts.core.director import state_from_json
from studio.control import selectors
from studio.control.models import MixTask, TaskDirector
from studio.control.selectors import get_task
from studio.control.services import director

SLATE_MAX_SECONDS = 3600


class DirectorInput(serializers.Serializer):
    rules = AnyJSONField(required=False, help_text="The rules, in priority order (the whole list)")
    roles = AnyJSONField(
        required=False,
        allow_null=True,
        help_text='{"slots", "watermarks", "exclude", "assign"}, or null for none',
    )
    paused = serializers.BooleanField(required=False, help_text="Pause or resume automation")
    slate_preset = serializers.IntegerField(
        required=False, allow_null=True, help_text="The preset put on air as the slate"
    )


class SlateInput(serializers.Serializer):
    on = serializers.BooleanField(default=True, help_text="true: slate on air; false: take back")
    text = serializers.CharField(
        required=False, max_length=director.SLATE_TEXT_MAX, help_text="The built-in slate's text"
    )
    seconds = serializers.FloatField(
        required=False,
        min_value=1,
        max_value=SLATE_MAX_SECONDS,
        help_text="Release the slate by itself after this long",
    )


def status_of(task: MixTask, row: TaskDirector | None) -> dict[str, Any]:
    """The director's status as the task page and integrators read it."""
    if row is None:
        return {
            "rules": [],
            "roles": None,
            "paused": False,
            "phase": "watching",
            "next_due": None,
            "hold_until": None,
            "on_air": None,
            "staged": None,
            "slate": {"on": False, "preset": None},
            "notes": [],
        }
    state = state_from_json(row.state.get("machine"))
    return {
        "rules": row.rules,
        "roles": row.roles,
        "paused": row.paused,
        "phase": state.phase,
        "next_due": _when(state.next_due_ms),
        "hold_until": _when(state.hold_until_ms or None),
        "on_air": {"shot": row.on_air.get("shot")} if row.on_air else None,
        "staged": row.staged or None,
        "slate": {"on": row.slate_return is not None, "preset": row.slate_preset_id},
        "notes": [
            {"rule": note.rule, "phase": note.phase, "step": note.step} for note in state.notes
        ],
    }


def _when(ms: int | None) -> str | None:
    if ms is None:
        return None
    return datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.UTC).isoformat()


@extend_schema(tags=["tasks"], request=DirectorInput, responses={200: {"type": "object"}})
class TaskDirectorView(APIView):
    def get(self, request: Request, pk: int) -> Response:
        task = get_task(pk)
        return Response(status_of(task, selectors.task_director(task)))

    def patch(self, request: Request, pk: int) -> Response:
        data = parse(DirectorInput, request.data)
        task = get_task(pk)
        changes: dict[str, Any] = {
            key: data[key] for key in ("rules", "roles", "paused") if key in data
        }
        if "slate_preset" in data:
            chosen = data["slate_preset"]
            changes["slate_preset"] = (
                layout_services.get_preset(chosen) if chosen is not None else None
            )
        row = director.configure(task.pk, user=request.user, **changes)
        return Response(status_of(task, row))


@extend_schema(tags=["tasks"], request=SlateInput, responses={200: {"type": "object"}})
class TaskSlateView(APIView):
    def post(self, request: Request, pk: int) -> Response:
        data = parse(SlateInput, request.data)
        row = director.slate(
            pk,
            on=data["on"],
            user=request.user,
            text=data.get("text"),
            seconds=data.get("seconds"),
        )
        return Response(status_of(get_task(pk), row))
