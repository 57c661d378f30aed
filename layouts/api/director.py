"""The auto-director over HTTP, saving nothing: its starter rule sets, and the dry run.

Each view parses its input with a small serializer, calls one function, and
serializes the result; errors are exceptions that `studio.api_errors` turns
into 4xx answers. Viewers may call both.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from layouts import selectors, services
from layouts.api.common import AnyJSONField, parse
from layouts.core import dry_run, roles, show
from layouts.core.director_starters import starter_sets
from layouts.director import director_for
from layouts.errors import MixStudioError, problems_payload


@extend_schema(
    tags=["layouts"],
    responses=inline_serializer(
        "RuleStarter",
        {
            "name": serializers.CharField(),
            "title": serializers.CharField(),
            "rules": serializers.ListField(child=serializers.DictField()),
        },
        many=True,
    ),
)
class RuleStartersView(APIView):
    """The auto-director's rule sets Mix Studio ships with, titled in the request's language."""

    def get(self, request: Request) -> Response:
        return Response(starter_sets(_))


class DryRunInput(serializers.Serializer):
    document = AnyJSONField(required=False, help_text="A VideoParams document (or give preset)")
    preset = serializers.IntegerField(
        required=False, help_text="A saved preset's id: its picture, room, roles, rules, scenario"
    )
    scenario = AnyJSONField(
        required=False,
        help_text='{"duration": s, "events": [...]}; default: the preset\'s own scenario',
    )
    rules = AnyJSONField(
        required=False, help_text="The auto-director's rules; default: the preset's own"
    )
    roles = AnyJSONField(
        required=False,
        help_text='{"slots", "watermarks", "exclude", "assign"}; default: the preset\'s own',
    )


@extend_schema(
    tags=["layouts"],
    request=DryRunInput,
    responses=inline_serializer(
        "DryRun",
        {
            "start": serializers.DictField(),
            "takes": serializers.ListField(child=serializers.DictField()),
            "truncated": serializers.BooleanField(),
            "warnings": serializers.ListField(child=serializers.DictField()),
        },
    ),
    description=(
        "Every cut the auto-director's rules would make over the scenario, in time order: "
        "for each, when (`at`, seconds), the rule, the event that set it off, the VideoParams "
        "sent and the regions as POST /api/layouts/regions/ answers for the room at that "
        "moment. Bad rules, roles, scenario or document are refused (400) naming the field "
        "(`rules[2].timing.hold`)."
    ),
)
class DryRunView(APIView):
    changes_nothing = True

    def post(self, request: Request) -> Response:
        return Response(rehearse(parse(DryRunInput, request.data)))


def rehearse(data: dict[str, Any]) -> dict[str, Any]:
    """The dry run of the input of DryRunView: everything checked, nothing saved."""
    document, main_room = services.scenario_subject(data.get("document"), data.get("preset"))
    kept = services.get_preset(data["preset"]).request if data.get("preset") is not None else {}
    warnings = services.check_document(document, main_room=main_room)
    scenario_json = _given_or_kept(data, "scenario", kept, show.SCENARIO)
    played = services.read_scenario_of(scenario_json, main_room)
    rules_json = _given_or_kept(data, "rules", kept, show.RULES)
    director, problems = director_for(
        document,
        rules_json=rules_json,
        roles_json=data["roles"] if "roles" in data else roles.roles_of(kept),
        main_room=main_room,
        rules_path="rules" if "rules" in data else f"{show.APP_KEY}.{show.RULES}",
        roles_path="roles" if "roles" in data else f"{show.APP_KEY}.{show.ROLES}",
    )
    answer = dry_run.dry_run(director, played, calibration=selectors.template_calibration().table)
    answer["warnings"] = problems_payload([*warnings, *problems])
    return answer


def _given_or_kept(data: dict[str, Any], name: str, kept: dict[str, Any], key: str) -> Any:
    if name in data:
        return data[name]
    part = kept.get(show.APP_KEY)
    found = part.get(key) if isinstance(part, dict) else None
    if found is None:
        raise MixStudioError(
            _("Give %(field)s, or a preset that keeps them.") % {"field": name}, field=name
        )
    return found
