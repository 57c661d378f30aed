"""What an Update does to a task, and the Update that brings a task to a staged state.

R53 says an absent parameter means "unchanged". We read it as strictly as it can
be read, at every level of nesting: an object in an Update is merged key by key
into the one in force, an array or a scalar replaces the old value, and a key an
Update leaves out keeps its old value. `merge_update` is that model; the emulator
applies it, and the app keeps a task's "parameters in force" with it.

`update_for` is its inverse: from what is in force and what the producer staged,
the fields of the one UpdatePublishCdnStream that leaves the task exactly as
staged (up to defaults). Each part that changes is sent whole, with every field
that the staged part no longer has said explicitly (its default, `[]` for a
list, `""` for an image), so the result is the same whether the cloud merges
objects or replaces them. A removal that no value can say (an object such as
MaxVideoUser) is refused, unless the field has no effect in the staged mode.
AudioParams is the exception R55 makes: its AudioEncode is fixed for the task's
life, so a staged AudioParams without one keeps it, an unchanged one is left
out of the body, and a changed one is refused; its two lists always go
together (R33). What only a Start sets (the room, the robot and its
MaxIdleTime, WithTranscoding, RecordParams: R55) is compared too, and a staged
change to it is refused naming the field (`start_only_changes`), never taken
for "nothing to send". Secrets are not compared: a task never keeps them.
Pure: no Django.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from layouts.core import show
from layouts.core.contract import bodies, video
from layouts.core.contract.fields import IMAGE_URL, LIST, OBJ, Field, Shape, canonical_json
from layouts.core.contract.problems import ERROR, Problem, join_path
from layouts.core.text import gettext_noop

_LAYOUT_SHAPE = video.LAYOUT_PARAMS.name
_REMOVAL_TEMPLATE = gettext_noop(
    "%(field)s cannot be removed from a running task: an update that leaves it out keeps "
    "it on air (R53), and the API has no value that clears it. Give it another value, "
    "or stop the task and start it again without it."
)
_AUDIO_ENCODE_TEMPLATE = gettext_noop(
    "The audio encoding cannot change while the task runs (R55): %(field)s differs from "
    "its value at start. Change only the audio lists, or stop the task and start it again."
)
_UNMET_TEMPLATE = gettext_noop(
    "No update can put %(field)s on air exactly as staged; nothing was sent."
)
_START_ONLY_TEMPLATE = gettext_noop(
    "%(field)s cannot change on a running task: it is set at Start (R55). Stop the task "
    "and start it again with the new value; nothing was sent."
)
# R55: what only a Start sets; SdkAppId names the app, not the task's state.
START_ONLY_KEYS = tuple(
    spec.name
    for spec in bodies.START_REQUEST.fields
    if spec.name not in bodies.UPDATABLE_KEYS and spec.name != "SdkAppId"
)


def merge_update(in_force: dict[str, Any] | None, update: dict[str, Any]) -> dict[str, Any]:
    """The parameters in force after `update` is accepted (R53, at every level)."""
    merged = copy.deepcopy(in_force) if isinstance(in_force, dict) else {}
    for key, value in update.items():
        if key not in bodies.UPDATE_ONLY_KEYS:
            merged[key] = _merged(merged.get(key), value)
    return merged


def _merged(old: Any, new: Any) -> Any:
    if not isinstance(old, dict) or not isinstance(new, dict):
        return copy.deepcopy(new)
    merged = dict(old)
    for key, value in new.items():
        merged[key] = _merged(old.get(key), value)
    return merged


@dataclass(frozen=True)
class UpdatePlan:
    """The Update fields that bring the task to the staged state, or why none can."""

    body: dict[str, Any] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()

    @property
    def changes_anything(self) -> bool:
        return bool(self.body)


def update_for(in_force: dict[str, Any], staged: dict[str, Any]) -> UpdatePlan:
    """The UpdatePublishCdnStream fields (no SdkAppId, TaskId, SequenceNumber) for `staged`.

    Both are Start-shaped parameter sets. Only the parts R54 lets an Update change
    are compared; the checks of `layouts.core.rules.request` judge the rest (R23, R55).
    """
    body: dict[str, Any] = {}
    problems: list[Problem] = start_only_changes(in_force, staged)
    staged = _audio_encode_kept(in_force, staged)
    for key in bodies.UPDATABLE_KEYS:
        spec = bodies.UPDATE_REQUEST.by_name[key]
        old, new = in_force.get(key), staged.get(key)
        if normalised(old, spec) == normalised(new, spec):
            continue
        if key not in staged:
            cleared = _clear_value(old, spec)
            if cleared is None:
                problems.append(_cannot_remove(key))
            else:
                body[key] = cleared
            continue
        body[key] = _explicit(old, new, spec, key, problems, mode=None)
        if key == "AudioParams":
            body[key] = _audio_update(old, body[key], problems)
    if not problems:
        problems.extend(_unmet(in_force, body, staged))
    return UpdatePlan(body=body, problems=tuple(problems))


def start_only_changes(in_force: dict[str, Any], staged: dict[str, Any]) -> list[Problem]:
    """R55: a refusal for each field only a Start sets whose staged value differs.

    Compared up to defaults and without secrets (UserSigs, storage keys), which
    a task never keeps; each problem names the field that changed.
    """
    old, _ = show.withhold_secrets({k: in_force[k] for k in START_ONLY_KEYS if k in in_force})
    new, _ = show.withhold_secrets({k: staged[k] for k in START_ONLY_KEYS if k in staged})
    problems = []
    for key in START_ONLY_KEYS:
        spec = bodies.START_REQUEST.by_name[key]
        for path in _changed_paths(old.get(key), new.get(key), spec, key):
            name = path.rsplit(".", 1)[-1]
            problems.append(Problem(path, "R55", ERROR, _START_ONLY_TEMPLATE, {"field": name}))
    return problems


def _changed_paths(old: Any, new: Any, spec: Field | None, path: str) -> list[str]:
    """The deepest fields where `new` differs from `old` (up to defaults), or `path` itself."""
    if spec is not None and spec.default is not None:
        old = spec.default if old is None else old
        new = spec.default if new is None else new
    if normalised(old, spec) == normalised(new, spec):
        return []
    shape = _shape_of(spec)
    if shape is None or not isinstance(old, dict) or not isinstance(new, dict):
        return [path]
    changed = []
    for key in dict.fromkeys([*old, *new]):
        child = shape.by_name.get(key)
        changed.extend(_changed_paths(old.get(key), new.get(key), child, join_path(path, key)))
    return changed or [path]


def _audio_encode_kept(in_force: dict[str, Any], staged: dict[str, Any]) -> dict[str, Any]:
    """`staged`, its AudioParams holding the AudioEncode in force when it gives none (R55)."""
    old, new = in_force.get("AudioParams"), staged.get("AudioParams")
    if not isinstance(old, dict) or not isinstance(new, dict):
        return staged
    if "AudioEncode" not in old or "AudioEncode" in new:
        return staged
    return {**staged, "AudioParams": {**new, "AudioEncode": copy.deepcopy(old["AudioEncode"])}}


def _audio_update(old: Any, sent: Any, problems: list[Problem]) -> Any:
    """The AudioParams of an Update: both lists (R33), the encode only to be refused (R55)."""
    if not isinstance(sent, dict):
        return sent
    result = dict(sent)
    old_encode = old.get("AudioEncode") if isinstance(old, dict) else None
    encode_spec = bodies.AUDIO_PARAMS.by_name["AudioEncode"]
    if "AudioEncode" in result:
        if normalised(result["AudioEncode"], encode_spec) == normalised(old_encode, encode_spec):
            del result["AudioEncode"]  # "equal to the Start values or absent": absent
        else:
            path = "AudioParams.AudioEncode"
            problems.append(Problem(path, "R55", ERROR, _AUDIO_ENCODE_TEMPLATE, {"field": path}))
    for name in bodies.AUDIO_LISTS:
        result.setdefault(name, [])
    return result


def _unmet(in_force: dict[str, Any], body: dict[str, Any], staged: dict[str, Any]) -> list[Problem]:
    """Parts the plan would not bring to the staged state: a plan with any is never sent."""
    merged = merge_update(in_force, body)
    unmet = []
    for key in bodies.UPDATABLE_KEYS:
        spec = bodies.UPDATE_REQUEST.by_name[key]
        if normalised(merged.get(key), spec) != normalised(staged.get(key), spec):
            unmet.append(Problem(key, "R53", ERROR, _UNMET_TEMPLATE, {"field": key}))
    return unmet


def _explicit(
    old: Any, new: Any, spec: Field, path: str, problems: list[Problem], mode: int | None
) -> Any:
    """`new`, with every key of `old` it lacks said explicitly, at every level."""
    shape = _shape_of(spec)
    if spec.type == LIST and isinstance(new, list):
        return copy.deepcopy(new)  # an array replaces the old one whole
    if shape is None or not isinstance(new, dict):
        return copy.deepcopy(new)
    if shape.name == _LAYOUT_SHAPE:
        mode = _mode_of(new)
    old = old if isinstance(old, dict) else {}
    result: dict[str, Any] = {}
    for key, value in new.items():
        child = shape.by_name.get(key)
        if child is None:
            result[key] = copy.deepcopy(value)
        else:
            child_path = join_path(path, key)
            result[key] = _explicit(old.get(key), value, child, child_path, problems, mode)
    for key, value in old.items():
        if key in new:
            continue
        child = shape.by_name.get(key)
        cleared = _clear_value(value, child) if child is not None else None
        if cleared is not None:
            result[key] = cleared
        elif child is not None and not _has_effect(child, shape, mode):
            continue  # left in force where it does nothing; cleared once it would matter
        else:
            problems.append(_cannot_remove(join_path(path, key)))
    return result


def _clear_value(old: Any, spec: Field) -> Any:
    """The value that says "no longer set" for a field that had `old`, or None if none can."""
    if spec.type == LIST:
        return []
    if spec.type == OBJ:
        return None  # an object's presence is itself a setting (e.g. MaxVideoUser)
    if spec.default is not None:
        return spec.default
    if spec.kind == IMAGE_URL:
        return ""  # an empty URL means "no image"
    return None


def _has_effect(spec: Field, shape: Shape, mode: int | None) -> bool:
    if spec.effective_in is None or shape.name != _LAYOUT_SHAPE:
        return True
    return (mode if mode is not None else video.DEFAULT_MODE) in spec.effective_in


def _cannot_remove(path: str) -> Problem:
    return Problem(path, "R53", ERROR, _REMOVAL_TEMPLATE, {"field": path})


# -- equal up to defaults --------------------------------------------------------------


def normalised(value: Any, spec: Field | None, mode: int | None = None) -> str:
    """Canonical text of a value, without what says nothing (defaults, [], "", no-effect keys).

    Two values with the same normalised text put the same thing on air.
    """
    return canonical_json(_strip(value, spec, mode))


def _strip(value: Any, spec: Field | None, mode: int | None) -> Any:
    shape = _shape_of(spec) if spec is not None else None
    if isinstance(value, list):
        item_spec = Field(spec.name, OBJ, shape=spec.shape) if spec and spec.shape else None
        return [_strip(item, item_spec, mode) for item in value]
    if shape is None or not isinstance(value, dict):
        return value
    if shape.name == _LAYOUT_SHAPE:
        mode = _mode_of(value)
    kept = {}
    for key, item in value.items():
        child = shape.by_name.get(key)
        if child is not None and _says_nothing(item, child, shape, mode):
            continue
        kept[key] = _strip(item, child, mode)
    return kept


def _says_nothing(value: Any, spec: Field, shape: Shape, mode: int | None) -> bool:
    if not _has_effect(spec, shape, mode):
        return True
    if spec.default is not None and value == spec.default and type(value) is type(spec.default):
        return True
    if spec.type == LIST and value == []:
        return True
    return spec.kind == IMAGE_URL and value == ""


def _mode_of(layout: dict[str, Any]) -> int:
    mode = layout.get("MixLayoutMode")
    return mode if type(mode) is int and mode in video.LAYOUT_MODES else video.DEFAULT_MODE


def _shape_of(spec: Field | None) -> Shape | None:
    if spec is None or spec.shape is None:
        return None
    return bodies.SHAPES.get(spec.shape) or video.SHAPES.get(spec.shape)
