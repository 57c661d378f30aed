"""The auto-director's rules as JSON: the vocabulary, the shape, checked and read.

Rules are JSON that the rules panel, the dry run and integrators rely on, kept
in a show's own part as `request["MixStudio"]["Rules"]` (an ordered list:
earlier rules win). Extra keys of a rule are allowed and ignored; unknown keys
inside its parts are refused, so a mistyped timing never runs unnoticed:

    {"name": "share-takes-over",            # 1 to 60 characters, unique in the list
     "enabled"?: true,
     "trigger": {"on": "enter" | "exit" | "camera-on" | "camera-off" | "screen-start" |
                       "screen-stop" | "count-above" | "count-below" | "named-enters" |
                       "role-enters" | "loudest-changes",
                 "n"?: count-above (0..), count-below (1..), "user"?: named-enters,
                 "role"?: role-enters ("host" or a role of one's own)},
     "condition"?: {"who"?: {"UserId"} | {"role", "user"?, "n"?},   # the trigger's person
                    "count_min"?, "count_max"?,                     # people in the room
                    "on_air_preset"?: <preset id> | "show" | "sharer-big" |
                                      "loudest-big" | "grid" | "slate",
                    "since_last_cut_min"?: seconds},
     "action": {"do": "take-preset", "preset": <preset id> | "show"}
             | {"do": "take-table-entry", "entries": [{"count": n, "preset"?: ...,
                                                       "shot"?: <a built shot>}],
                "seats"?: "dynamic" | "fixed"}
             | {"do": "sharer-big", "small"?: "loudest" | "none"}
             | {"do": "loudest-big", "strip"?: 0..8}
             | {"do": "put-in-slot", "slot": index, "who"?, "stream"?: "camera" | "screen"}
             | {"do": "include", "who"?: {"UserId"}}
             | {"do": "exclude", "who"?: {"UserId"} | {"role"}}
             | {"do": "slate", "text"?: ..., "image"?: http(s) URL},
     "timing"?: {"sensitivity"?: s, "hold"?: s, "cooldown"?: s},   # each 0 by default
     "target"?: "program" | "preview"}

"People in the room" are those the show's roles do not exclude
(layouts/core/roles.py); the count is how many. `who` left out means the
trigger's person (count triggers have none). A table entry applies from its
count up to the next entry's; its seats are "dynamic" (everyone re-flows in
join order as people come and go) or "fixed" (each person keeps the slot they
had, a newcomer takes the first empty one, and one who leaves leaves their slot
empty to its placeholder). A shot is what an action puts on air: a preset (by
id), "show" (the show's own picture) or one built from the show's canvas
(layouts/core/director_shots.py): "sharer-big", "loudest-big", "grid", "pip",
"slate".
What the rules do is layouts/core/director.py.

Pure: no Django.
"""

from __future__ import annotations

import math
from collections.abc import Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeGuard

from layouts.core import roles as roles_
from layouts.core.contract import video
from layouts.core.contract.fields import json_type_name
from layouts.core.contract.problems import (
    ERROR,
    UNKNOWN_FIELD,
    WRONG_TYPE,
    Problem,
    missing,
)
from layouts.core.roles import RoleSpec
from layouts.core.text import gettext_noop

# Triggers.
ENTER = "enter"
EXIT = "exit"
CAMERA_ON = "camera-on"
CAMERA_OFF = "camera-off"
SCREEN_START = "screen-start"
SCREEN_STOP = "screen-stop"
COUNT_ABOVE = "count-above"
COUNT_BELOW = "count-below"
NAMED_ENTERS = "named-enters"
ROLE_ENTERS = "role-enters"
LOUDEST_CHANGES = "loudest-changes"
TRIGGERS = (
    ENTER,
    EXIT,
    CAMERA_ON,
    CAMERA_OFF,
    SCREEN_START,
    SCREEN_STOP,
    COUNT_ABOVE,
    COUNT_BELOW,
    NAMED_ENTERS,
    ROLE_ENTERS,
    LOUDEST_CHANGES,
)
PERSONLESS_TRIGGERS = (COUNT_ABOVE, COUNT_BELOW)  # no "trigger's person"

# Actions.
TAKE_PRESET = "take-preset"
TAKE_TABLE_ENTRY = "take-table-entry"
SHARER_BIG = "sharer-big"
LOUDEST_BIG = "loudest-big"
PUT_IN_SLOT = "put-in-slot"
INCLUDE = "include"
EXCLUDE = "exclude"
SLATE = "slate"
ACTIONS = (
    TAKE_PRESET,
    TAKE_TABLE_ENTRY,
    SHARER_BIG,
    LOUDEST_BIG,
    PUT_IN_SLOT,
    INCLUDE,
    EXCLUDE,
    SLATE,
)

# Shots: what is on air, by name (a preset is named by its id).
SHOW = "show"
GRID = "grid"
PIP = "pip"
BUILT_SHOTS = (SHARER_BIG, LOUDEST_BIG, GRID, PIP, SLATE)
SHOTS = (SHOW, *BUILT_SHOTS)

PROGRAM = "program"
PREVIEW = "preview"
TARGETS = (PROGRAM, PREVIEW)
CAMERA = "camera"
SCREEN = "screen"
STREAMS = {CAMERA: video.STREAM_CAMERA, SCREEN: video.STREAM_SCREEN}
NO_SMALL = "none"
SMALL_CHOICES = (roles_.LOUDEST, NO_SMALL)
DYNAMIC = "dynamic"  # a table's seats: re-flowed as people come and go
FIXED = "fixed"  # each keeps their seat; an empty one shows its placeholder
SEATS = (DYNAMIC, FIXED)

DIRECTOR_RULE = "director"  # the rule code of the rules' own problems
MAX_RULES = 50
MAX_NAME = 60
MAX_SECONDS = 3600  # every timing, and since_last_cut_min
MAX_COUNT = 1000
MAX_TABLE_ENTRIES = 17  # a count from 0 to 16 pictures
MAX_SLATE_TEXT = 100
MAX_URL = 2000
STRIP_TILES = 4  # tiles a loudest-big strip has unless the action says
MAX_STRIP = 8
SECOND_MS = 1000


# ---------------------------------------------------------------------------
# Rules, typed.


@dataclass(frozen=True)
class Trigger:
    on: str
    n: int | None = None
    user: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class Who:
    """A person: by UserId, or as whoever fills a role."""

    user_id: str | None = None
    spec: RoleSpec | None = None


@dataclass(frozen=True)
class Condition:
    who: Who | None = None
    count_min: int | None = None
    count_max: int | None = None
    on_air: int | str | None = None  # a preset id or a shot name
    since_last_cut_ms: int | None = None


@dataclass(frozen=True)
class TableEntry:
    count: int
    take: int | str  # a preset id, "show" or a built shot


@dataclass(frozen=True)
class Action:
    do: str
    preset: int | str | None = None
    entries: tuple[TableEntry, ...] = ()
    seats: str = DYNAMIC
    small: str = roles_.LOUDEST
    strip: int = STRIP_TILES
    slot: int | None = None
    who: Who | None = None
    stream: int = video.STREAM_CAMERA
    text: str | None = None
    image: str | None = None


@dataclass(frozen=True)
class Timing:
    sensitivity_ms: int = 0
    hold_ms: int = 0
    cooldown_ms: int = 0


@dataclass(frozen=True)
class Rule:
    name: str
    trigger: Trigger
    action: Action
    condition: Condition = Condition()
    timing: Timing = Timing()
    target: str = PROGRAM
    enabled: bool = True


# ---------------------------------------------------------------------------
# Checking the JSON: every problem names the rule and the field.


def check_rules(data: Any, path: str = "rules") -> list[Problem]:
    """Every problem of a list of rules, e.g. at "rules[2].timing.hold"."""
    if not isinstance(data, list):
        return [_wrong_type(data, path.rsplit(".", 1)[-1], "a list", path)]
    if len(data) > MAX_RULES:
        return [
            _problem(
                path,
                gettext_noop("%(field)s holds %(count)d entries; at most %(max)d are allowed."),
                field=path.rsplit(".", 1)[-1],
                count=len(data),
                max=MAX_RULES,
            )
        ]
    problems: list[Problem] = []
    names: set[str] = set()
    for index, item in enumerate(data):
        rule_path = f"{path}[{index}]"
        name = item.get("name") if isinstance(item, dict) else None
        if isinstance(name, str) and name in names:
            problems.append(
                _problem(
                    f"{rule_path}.name",
                    gettext_noop(
                        'A rule named "%(name)s" comes earlier in the list; give each rule '
                        "its own name."
                    ),
                    name=name[:MAX_NAME],
                )
            )
        elif isinstance(name, str):
            names.add(name)
        problems.extend(_check_rule(item, rule_path))
    return problems


def _check_rule(item: Any, path: str) -> Iterator[Problem]:
    if not isinstance(item, dict):
        yield _wrong_type(item, "rules", "an object", path)
        return
    name = item.get("name")
    if name is None:
        yield missing(f"{path}.name", DIRECTOR_RULE)
    elif not isinstance(name, str) or not 0 < len(name.strip()) <= MAX_NAME:
        yield _problem(
            f"{path}.name",
            gettext_noop("%(field)s must be a text of 1 to %(max)d characters."),
            field="name",
            max=MAX_NAME,
        )
    if "enabled" in item and not isinstance(item["enabled"], bool):
        yield _wrong_type(item["enabled"], "enabled", "true or false", f"{path}.enabled")
    if "target" in item:
        yield from _check_choice(item["target"], "target", f"{path}.target", TARGETS)
    trigger = item.get("trigger")
    yield from _check_trigger(trigger, f"{path}.trigger")
    on = trigger.get("on") if isinstance(trigger, dict) else None
    has_person = on in TRIGGERS and on not in PERSONLESS_TRIGGERS
    if "condition" in item:
        yield from _check_condition(item["condition"], f"{path}.condition", on, has_person)
    yield from _check_action(item.get("action"), f"{path}.action", on, has_person)
    if "timing" in item:
        yield from _check_timing(item["timing"], f"{path}.timing")


_TRIGGER_PARAMS = {COUNT_ABOVE: "n", COUNT_BELOW: "n", NAMED_ENTERS: "user", ROLE_ENTERS: "role"}


def _check_trigger(trigger: Any, path: str) -> Iterator[Problem]:
    checked = yield from _known_keys(trigger, path, "trigger", ("on", "n", "user", "role"))
    if checked is None:
        return
    on = checked.get("on")
    if on is None:
        yield missing(f"{path}.on", DIRECTOR_RULE)
        return
    if on not in TRIGGERS:
        yield from _check_choice(on, "on", f"{path}.on", TRIGGERS)
        return
    wanted = _TRIGGER_PARAMS.get(on)
    for key in ("n", "user", "role"):
        if key in checked and key != wanted:
            yield _problem(
                f"{path}.{key}",
                gettext_noop("%(field)s has no meaning for the %(trigger)s trigger."),
                field=key,
                trigger=on,
            )
    if wanted is not None and wanted not in checked:
        yield missing(f"{path}.{wanted}", DIRECTOR_RULE)
    elif wanted == "n":
        low = 1 if on == COUNT_BELOW else 0
        yield from roles_.check_int(checked["n"], "n", f"{path}.n", low, MAX_COUNT)
    elif wanted == "user" and not roles_.is_user_id(checked["user"]):
        yield roles_.not_a_user_id(f"{path}.user", "user", DIRECTOR_RULE)
    elif wanted == "role" and not roles_.is_named_role(checked["role"]):
        yield _problem(
            f"{path}.role",
            gettext_noop(
                '"%(role)s" is no role someone enters with: use host or a name of your own '
                "(1 to 32 letters, digits, _ or -)."
            ),
            role=str(checked["role"])[:60],
        )


def _check_condition(condition: Any, path: str, on: Any, has_person: bool) -> Iterator[Problem]:
    keys = ("who", "count_min", "count_max", "on_air_preset", "since_last_cut_min")
    checked = yield from _known_keys(condition, path, "condition", keys)
    if checked is None:
        return
    if "who" in checked and not has_person and on in TRIGGERS:
        yield _problem(
            f"{path}.who",
            gettext_noop(
                "The %(trigger)s trigger is about nobody in particular: %(field)s has nobody "
                "to check."
            ),
            trigger=on,
            field="who",
        )
    elif "who" in checked:
        yield from _check_who(checked["who"], f"{path}.who", roles=True, on=on, needed=has_person)
    for key in ("count_min", "count_max"):
        if key in checked:
            yield from roles_.check_int(checked[key], key, f"{path}.{key}", 0, MAX_COUNT)
    low, high = checked.get("count_min"), checked.get("count_max")
    if _is_int(low) and _is_int(high) and low > high:
        yield _problem(
            f"{path}.count_max",
            gettext_noop("count_max (%(max)d) is below count_min (%(min)d): no count is both."),
            max=high,
            min=low,
        )
    if "on_air_preset" in checked:
        yield from _check_take(
            checked["on_air_preset"], "on_air_preset", f"{path}.on_air_preset", SHOTS
        )
    if "since_last_cut_min" in checked:
        yield from _check_seconds(
            checked["since_last_cut_min"], "since_last_cut_min", f"{path}.since_last_cut_min"
        )


_ACTION_KEYS = {
    TAKE_PRESET: ("preset",),
    TAKE_TABLE_ENTRY: ("entries", "seats"),
    SHARER_BIG: ("small",),
    LOUDEST_BIG: ("strip",),
    PUT_IN_SLOT: ("slot", "who", "stream"),
    INCLUDE: ("who",),
    EXCLUDE: ("who",),
    SLATE: ("text", "image"),
}


def _check_action(action: Any, path: str, on: Any, has_person: bool) -> Iterator[Problem]:
    if action is None:
        yield missing(path, DIRECTOR_RULE)
        return
    if not isinstance(action, dict):
        yield _wrong_type(action, "action", "an object", path)
        return
    do = action.get("do")
    if do is None:
        yield missing(f"{path}.do", DIRECTOR_RULE)
        return
    if do not in ACTIONS:
        yield from _check_choice(do, "do", f"{path}.do", ACTIONS)
        return
    checked = yield from _known_keys(action, path, "action", ("do", *_ACTION_KEYS[do]))
    if checked is None:
        return
    if do == TAKE_PRESET:
        if "preset" not in checked:
            yield missing(f"{path}.preset", DIRECTOR_RULE)
        else:
            yield from _check_take(checked["preset"], "preset", f"{path}.preset", (SHOW,))
    elif do == TAKE_TABLE_ENTRY:
        yield from _check_entries(checked.get("entries"), f"{path}.entries")
        if "seats" in checked:
            yield from _check_choice(checked["seats"], "seats", f"{path}.seats", SEATS)
    elif do == SHARER_BIG and "small" in checked:
        yield from _check_choice(checked["small"], "small", f"{path}.small", SMALL_CHOICES)
    elif do == LOUDEST_BIG and "strip" in checked:
        yield from roles_.check_int(checked["strip"], "strip", f"{path}.strip", 0, MAX_STRIP)
    elif do == PUT_IN_SLOT:
        if "slot" not in checked:
            yield missing(f"{path}.slot", DIRECTOR_RULE)
        else:
            yield from roles_.check_int(
                checked["slot"], "slot", f"{path}.slot", 0, video.MAX_SLOTS - 1
            )
        if "stream" in checked:
            yield from _check_choice(checked["stream"], "stream", f"{path}.stream", tuple(STREAMS))
    elif do == SLATE:
        yield from _check_slate(checked, path)
    if do in (PUT_IN_SLOT, INCLUDE, EXCLUDE):
        yield from _check_who(
            checked.get("who"),
            f"{path}.who",
            roles=do != INCLUDE,
            on=on,
            needed=has_person,
            named_only=do == EXCLUDE,
        )


def _check_who(
    who: Any,
    path: str,
    *,
    roles: bool,
    on: Any,
    needed: bool,
    named_only: bool = False,
) -> Iterator[Problem]:
    """A person: {"UserId"} or (`roles`) {"role", ...}; absent means the trigger's person,
    which a count trigger has not."""
    if who is None:
        if not needed and on in TRIGGERS:
            yield _problem(
                path,
                gettext_noop(
                    "The %(trigger)s trigger is about nobody in particular: name someone in "
                    "%(field)s."
                ),
                trigger=on,
                field="who",
            )
        return
    if not isinstance(who, dict):
        yield _wrong_type(who, "who", "an object", path)
        return
    if named_only or not roles or "role" not in who:
        yield from roles_.check_person(who, path, "who", roles=roles)
        return
    if "UserId" in who:
        yield _problem(
            path,
            gettext_noop("%(field)s names someone by UserId or by role, not both."),
            field="who",
        )
    yield from roles_.check_spec(who, "role", path)


def _check_entries(entries: Any, path: str) -> Iterator[Problem]:
    if entries is None:
        yield missing(path, DIRECTOR_RULE)
        return
    if not isinstance(entries, list) or not entries:
        yield _wrong_type(entries, "entries", "a list of at least one entry", path)
        return
    if len(entries) > MAX_TABLE_ENTRIES:
        yield _problem(
            path,
            gettext_noop("%(field)s holds %(count)d entries; at most %(max)d are allowed."),
            field="entries",
            count=len(entries),
            max=MAX_TABLE_ENTRIES,
        )
        return
    previous: int | None = None
    for index, entry in enumerate(entries):
        entry_path = f"{path}[{index}]"
        checked = yield from _known_keys(entry, entry_path, "entries", ("count", "preset", "shot"))
        if checked is None:
            continue
        count = checked.get("count")
        if count is None:
            yield missing(f"{entry_path}.count", DIRECTOR_RULE)
        elif _is_int(count) and previous is not None and count <= previous:
            yield _problem(
                f"{entry_path}.count",
                gettext_noop(
                    "Counts go up the table: %(count)d comes after %(previous)d. Each entry "
                    "applies from its count up to the next entry's."
                ),
                count=count,
                previous=previous,
            )
        else:
            yield from roles_.check_int(count, "count", f"{entry_path}.count", 0, MAX_COUNT)
        if _is_int(count):
            previous = count
        if ("preset" in checked) == ("shot" in checked):
            yield _problem(
                entry_path,
                gettext_noop("Each entry takes either a preset or a shot: give one of the two."),
            )
        elif "preset" in checked:
            yield from _check_take(checked["preset"], "preset", f"{entry_path}.preset", (SHOW,))
        else:
            yield from _check_choice(checked["shot"], "shot", f"{entry_path}.shot", BUILT_SHOTS)


def _check_slate(action: Mapping[str, Any], path: str) -> Iterator[Problem]:
    text = action.get("text")
    if text is not None and (not isinstance(text, str) or not 0 < len(text) <= MAX_SLATE_TEXT):
        yield _problem(
            f"{path}.text",
            gettext_noop("%(field)s must be a text of 1 to %(max)d characters."),
            field="text",
            max=MAX_SLATE_TEXT,
        )
    image = action.get("image")
    if image is not None and not (
        isinstance(image, str)
        and image.startswith(video.IMAGE_URL_SCHEMES)
        and "://" in image
        and len(image) <= MAX_URL
    ):
        yield _problem(
            f"{path}.image",
            gettext_noop("%(field)s must be an http:// or https:// URL."),
            field="image",
        )


def _check_timing(timing: Any, path: str) -> Iterator[Problem]:
    keys = ("sensitivity", "hold", "cooldown")
    checked = yield from _known_keys(timing, path, "timing", keys)
    if checked is None:
        return
    for key in keys:
        if key in checked:
            yield from _check_seconds(checked[key], key, f"{path}.{key}")


def _check_take(value: Any, name: str, path: str, shots: Sequence[str]) -> Iterator[Problem]:
    if (_is_int(value) and value > 0) or value in shots:
        return
    yield _problem(
        path,
        gettext_noop(
            "%(field)s must be a preset's id (a whole number from 1) or one of %(shots)s."
        ),
        field=name,
        shots=", ".join(shots),
    )


def _check_seconds(value: Any, name: str, path: str) -> Iterator[Problem]:
    if _is_number(value) and 0 <= value <= MAX_SECONDS:
        return
    yield _problem(
        path,
        gettext_noop("%(field)s must be a number of seconds from 0 to %(max)d."),
        field=name,
        max=MAX_SECONDS,
    )


def _check_choice(value: Any, name: str, path: str, choices: Sequence[str]) -> Iterator[Problem]:
    if value in choices:
        return
    yield _problem(
        path,
        gettext_noop('%(field)s must be one of %(choices)s, not "%(value)s".'),
        field=name,
        choices=", ".join(choices),
        value=str(value)[:60],
    )


def _known_keys(
    value: Any, path: str, shape: str, known: Sequence[str]
) -> Generator[Problem, None, dict[str, Any] | None]:
    """Problems of `value` as an object of `known` keys; returns the object (None when it
    is none)."""
    if value is None:
        yield missing(path, DIRECTOR_RULE)
        return None
    if not isinstance(value, dict):
        yield _wrong_type(value, shape, "an object", path)
        return None
    for key in value:
        if key not in known:
            yield Problem(
                f"{path}.{str(key)[:60]}",
                UNKNOWN_FIELD,
                ERROR,
                gettext_noop("%(field)s is not a part of %(shape)s."),
                {"field": str(key)[:60], "shape": shape},
            )
    return value


def read_rules(data: Any) -> tuple[Rule, ...]:
    """The rules of JSON that `check_rules` passed."""
    return tuple(_read_rule(item) for item in data)


def _read_rule(item: Mapping[str, Any]) -> Rule:
    trigger = item["trigger"]
    condition = item.get("condition") or {}
    action = item["action"]
    timing = item.get("timing") or {}
    since = condition.get("since_last_cut_min")
    return Rule(
        name=item["name"],
        trigger=Trigger(trigger["on"], trigger.get("n"), trigger.get("user"), trigger.get("role")),
        condition=Condition(
            who=_read_who(condition.get("who")),
            count_min=condition.get("count_min"),
            count_max=condition.get("count_max"),
            on_air=condition.get("on_air_preset"),
            since_last_cut_ms=_ms(since) if since is not None else None,
        ),
        action=Action(
            do=action["do"],
            preset=action.get("preset"),
            entries=tuple(
                TableEntry(entry["count"], entry.get("preset", entry.get("shot")))
                for entry in action.get("entries", ())
            ),
            seats=action.get("seats", DYNAMIC),
            small=action.get("small", roles_.LOUDEST),
            strip=action.get("strip", STRIP_TILES),
            slot=action.get("slot"),
            who=_read_who(action.get("who")),
            stream=STREAMS[action.get("stream", CAMERA)],
            text=action.get("text"),
            image=action.get("image"),
        ),
        timing=Timing(
            _ms(timing.get("sensitivity", 0)),
            _ms(timing.get("hold", 0)),
            _ms(timing.get("cooldown", 0)),
        ),
        target=item.get("target", PROGRAM),
        enabled=item.get("enabled", True),
    )


def _read_who(who: Any) -> Who | None:
    if not isinstance(who, dict):
        return None
    if "role" in who and "UserId" not in who:
        return Who(spec=roles_.read_spec(who))
    return Who(user_id=who.get("UserId"))


def preset_references(data: Any, path: str = "rules") -> list[tuple[str, int]]:
    """(path, preset id) of every preset the rules may take: the caller loads them."""
    found: list[tuple[str, int]] = []
    for index, item in enumerate(data if isinstance(data, list) else []):
        action = item.get("action") if isinstance(item, dict) else None
        if not isinstance(action, dict):
            continue
        action_path = f"{path}[{index}].action"
        if _is_int(action.get("preset")):
            found.append((f"{action_path}.preset", action["preset"]))
        entries = action.get("entries")
        for number, entry in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(entry, dict) and _is_int(entry.get("preset")):
                found.append((f"{action_path}.entries[{number}].preset", entry["preset"]))
    return found


# ---------------------------------------------------------------------------
# Small helpers.


def _ms(seconds: Any) -> int:
    return round(float(seconds) * SECOND_MS)


def _problem(path: str, template: str, **params: Any) -> Problem:
    return Problem(path, DIRECTOR_RULE, ERROR, template, params)


def _wrong_type(value: Any, name: str, expected: str, path: str) -> Problem:
    return Problem(
        path,
        WRONG_TYPE,
        ERROR,
        gettext_noop("%(field)s must be %(expected)s, not %(got)s."),
        {"field": name, "expected": expected, "got": json_type_name(value)},
    )


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
