"""A body kept as a show (a preset): what its launch gives, and Mix Studio's own part.

A show may leave out what a launch gives (a room, a robot, an app, the
outputs of R15): `for_show` turns those errors into notes of the severity the
caller asks for, and drops missing UserSigs and storage keys, which a show
never keeps.
`check_app_part` checks our own key of a body (`show.APP_KEY`), which is never
sent: the CDN outputs turned off, the scenario the show is rehearsed with, who
its slots show by role and the auto-director's rules.
The entry is `rules.request.check_show`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from layouts.core import director_rules, geometry, roles, scenario, show, variants
from layouts.core.contract import bodies
from layouts.core.contract.fields import LIST, Field
from layouts.core.contract.problems import ERROR, UNKNOWN_FIELD, Problem, is_missing
from layouts.core.contract.rooms import Room
from layouts.core.rules import document as document_rules
from layouts.core.rules.fields import REQUEST_WALKER, wrong_type
from layouts.core.rules.record import is_withheld_storage_key
from layouts.core.text import gettext_noop

# What a show may leave to its launch: a room, a robot, an app, outputs (R15)...
GIVEN_AT_LAUNCH_RULES = frozenset({"R15"})


def for_show(problems: Iterable[Problem], launch_severity: str | None) -> list[Problem]:
    """The problems of a show's body as a show has them (see the module docstring).

    What a launch gives (a missing field, the outputs of R15) becomes of
    `launch_severity` (None: not said at all); a missing UserSig or storage key
    is no problem.
    """
    kept = []
    for problem in problems:
        if (problem.rule == "R11" and is_missing(problem)) or is_withheld_storage_key(problem):
            continue
        if problem.severity == ERROR and (
            is_missing(problem) or problem.rule in GIVEN_AT_LAUNCH_RULES
        ):
            if launch_severity is None:
                continue
            problem = replace(problem, severity=launch_severity)
        kept.append(problem)
    return kept


_VARIANT_OUTPUTS = Field(
    variants.OUTPUTS,
    LIST,
    shape=bodies.PUBLISH_CDN_PARAM.name,
    max_items=bodies.MAX_OUTPUTS,
    rule="R16",
)

_OUTPUTS_OFF = Field(
    show.OUTPUTS_OFF,
    LIST,
    shape=bodies.PUBLISH_CDN_PARAM.name,
    max_items=bodies.MAX_OUTPUTS,
    rule="R16",
)


def check_app_part(value: Any, main_room: Room | None = None) -> Iterator[Problem]:
    """Mix Studio's own part of a request (`show.APP_KEY`): outputs turned off, the scenario,
    the roles and the rules.

    The scenario's people are in `main_room` unless an event names a room: the
    show's own room (`bodies.main_room`); a show without one rehearses in the
    previews' stand-in room, as its previews do.
    """
    if not isinstance(value, dict):
        yield wrong_type(value, show.APP_KEY, "an object", show.APP_KEY)
        return
    for key in value:
        if key not in show.APP_KEYS:
            yield Problem(
                f"{show.APP_KEY}.{key}",
                UNKNOWN_FIELD,
                ERROR,
                gettext_noop("%(field)s is not a part of %(shape)s."),
                {"field": str(key)[:60], "shape": show.APP_KEY},
            )
    if show.OUTPUTS_OFF in value:
        path = f"{show.APP_KEY}.{show.OUTPUTS_OFF}"
        yield from REQUEST_WALKER.check_value(value[show.OUTPUTS_OFF], _OUTPUTS_OFF, path)
    if show.SCENARIO in value:
        room = main_room or geometry.PREVIEW_MAIN_ROOM
        path = f"{show.APP_KEY}.{show.SCENARIO}"
        for problem in scenario.check_scenario(value[show.SCENARIO], room):
            yield problem.under(path)
    if show.ROLES in value:
        yield from roles.check_roles(value[show.ROLES], f"{show.APP_KEY}.{show.ROLES}")
    if show.RULES in value:
        yield from director_rules.check_rules(value[show.RULES], f"{show.APP_KEY}.{show.RULES}")
    if show.VARIANTS in value:
        yield from _check_variants(value[show.VARIANTS], main_room)


def _check_variants(value: Any, main_room: Room | None) -> Iterator[Problem]:
    """The variants' list, then each variant's picture and outputs as any are checked,
    their problems under the variant's own path."""
    path = f"{show.APP_KEY}.{show.VARIANTS}"
    shape = list(variants.check_variants(value, path))
    yield from shape
    if not isinstance(value, list):
        return
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            continue
        item_path = f"{path}[{index}]"
        if isinstance(item.get(show.VIDEO_KEY), dict):
            for problem in document_rules.validate(item[show.VIDEO_KEY], main_room=main_room):
                yield problem.under(f"{item_path}.{show.VIDEO_KEY}")
        if variants.OUTPUTS in item:
            yield from REQUEST_WALKER.check_value(
                item[variants.OUTPUTS], _VARIANT_OUTPUTS, f"{item_path}.{variants.OUTPUTS}"
            )
