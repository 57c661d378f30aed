"""A show's auto-director from its parts as given or kept: rules and roles checked,
the presets its rules take read from the library.

The dry run (layouts/api/director.py) and the live runtime of a task
(studio/control/services/director.py) build their Director here, so both run
the same rules over the same shots.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from django.utils.translation import gettext as _

from layouts import services
from layouts.core import director_rules, reflow, roles, variants
from layouts.core.contract.problems import Problem, first_error, has_errors
from layouts.core.contract.rooms import Room
from layouts.core.director import Director
from layouts.core.director_shots import Shot
from layouts.errors import MixStudioError, NotFound, ProblemsRefused


class RulesRefused(ProblemsRefused):
    code = "rules-invalid"

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(_refusal(_("The rules have %(count)d error(s)."), problems), problems)
        self.field = _first_path(problems)


class RolesRefused(ProblemsRefused):
    code = "roles-invalid"

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(_refusal(_("The roles have %(count)d error(s)."), problems), problems)
        self.field = _first_path(problems)


def checked_rules(rules_json: Any, path: str = "rules") -> list[Problem]:
    """The rules' warnings; RulesRefused naming the rule and the field for an error."""
    problems = director_rules.check_rules(rules_json, path)
    if has_errors(problems):
        raise RulesRefused(problems)
    return problems


def checked_roles(roles_json: Any, document: Any, path: str = "roles") -> list[Problem]:
    """The roles' warnings (none for no roles); RolesRefused for an error."""
    if roles_json is None:
        return []
    problems = roles.check_roles(roles_json, path, document)
    if has_errors(problems):
        raise RolesRefused(problems)
    return problems


def director_for(
    document: dict[str, Any],
    *,
    rules_json: Any,
    roles_json: Any = None,
    main_room: Room | None = None,
    rules_path: str = "rules",
    roles_path: str = "roles",
    also_excluded: Iterable[str] = (),
    leg: str | None = None,
) -> tuple[Director, list[Problem]]:
    """The Director of a show whose picture is `document`, and the warnings of its rules
    and roles. `also_excluded` are UserIds kept out of every picture besides those the
    roles exclude (a task's own robot). On a leg of a show (`leg`, a variant's name), a
    rule that takes a preset takes that preset's variant of the same name, or its
    picture reflowed to the leg's size."""
    warnings = checked_rules(rules_json, rules_path)
    warnings += checked_roles(roles_json, document, roles_path)
    show_roles = roles.read_roles(roles_json)
    extra = tuple(roles.Exclusion(user_id=user) for user in also_excluded if user)
    if extra:
        show_roles = replace(show_roles, exclude=(*show_roles.exclude, *extra))
    director = Director(
        rules=director_rules.read_rules(rules_json),
        show=Shot(director_rules.SHOW, document, show_roles),
        library=library_of(rules_json, rules_path, leg=leg, canvas=_canvas(document)),
        main_room=main_room,
    )
    return director, warnings


def library_of(
    rules_json: Any,
    path: str = "rules",
    *,
    leg: str | None = None,
    canvas: tuple[int, int] | None = None,
) -> dict[int, Shot]:
    """The presets the rules take, by id, each with its own roles; on a leg, each
    preset's picture for that leg (see director_for)."""
    library: dict[int, Shot] = {}
    for field, preset_id in director_rules.preset_references(rules_json, path):
        if preset_id in library:
            continue
        try:
            preset = services.get_preset(preset_id)
        except NotFound as error:
            raise MixStudioError(error.message, field=field) from None
        if not isinstance(preset.document, dict):
            raise MixStudioError(
                _("Preset %(id)d is audio only: there is no picture to take.") % {"id": preset_id},
                field=field,
            )
        library[preset_id] = Shot(
            preset_id,
            _for_leg(preset.request, preset.document, leg, canvas),
            roles.read_roles(roles.roles_of(preset.request)),
        )
    return library


def _for_leg(
    request: Any, document: dict[str, Any], leg: str | None, canvas: tuple[int, int] | None
) -> dict[str, Any]:
    if leg is None or leg == variants.MAIN:
        return document
    found = variants.variant_document(request, document, leg)
    if found is not document or canvas is None or _canvas(document) == canvas:
        return found
    return reflow.reflow(document, *canvas)


def _canvas(document: Any) -> tuple[int, int] | None:
    encode = document.get("VideoEncode") if isinstance(document, dict) else None
    if not isinstance(encode, dict):
        return None
    width, height = encode.get("Width"), encode.get("Height")
    return (width, height) if isinstance(width, int) and isinstance(height, int) else None


def _refusal(summary: str, problems: list[Problem]) -> str:
    first = first_error(problems)
    count = sum(1 for problem in problems if problem.severity == "error")
    text = summary % {"count": count}
    return f"{text} {first.path}: {first.render(_)}" if first is not None else text


def _first_path(problems: list[Problem]) -> str:
    first = first_error(problems)
    return first.path if first is not None else ""
