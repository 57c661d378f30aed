"""The contract as JSON Schema: every shape of the field tables, and the show around them.

Nothing here is written field by field: each object type of the contract
(`contract.video.SHAPES`, the VideoParams document; `contract.bodies.SHAPES`, the rest
of a request body) becomes one schema from its Field rows (JSON type, required, range,
choices, default, colour and image-URL kinds, nesting, list bounds), and Mix Studio's own
part of a show (`show.APP_KEY`: outputs off, playback URLs, the scenario, roles, the
auto-director's rules, variants) is built from the constants of the modules that check
it (layouts/core/scenario.py, roles.py, director_rules.py, variants.py).

`contract_schemas()` answers them all by name, each referring to the others with
`ref(name)` (OpenAPI's `#/components/schemas/<name>` by default), for the API schema
(studio/openapi.py) and for integrators' own validators.

What the schemas say is what the checks refuse (types, required fields, ranges,
choices, colours, the characters of image URLs), never more: a value they allow may
still be refused by a rule across fields (R13's transcoding, a slot out of the canvas),
and the answer names that rule. Objects stay open (extra keys are allowed by the
schema) because the document keeps unknown fields with a warning; a request's own
unknown fields are refused by R6, as their descriptions say. The keywords used are
those JSON Schema and OpenAPI 3.0 share (no `const`, no type lists, no boolean
`exclusiveMinimum`), so one output serves both.

Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from layouts.core import director_rules, roles, scenario, show, variants
from layouts.core.contract import bodies, room_events, rooms, video
from layouts.core.contract.fields import (
    COLOUR,
    IMAGE_URL,
    INT,
    LIST,
    OBJ,
    STR,
    STRING_LIST,
    Field,
    Shape,
)

Schema = dict[str, Any]
RefOf = Callable[[str], str]

COMPONENTS = "#/components/schemas/"

# The names of the schemas built here beside the contract's own object types.
START_BODY = "StartRequest"  # what POST /api/tasks/ and /api/shows/ take as `request`
UPDATE_BODY = "UpdateRequest"  # what POST /api/tasks/{id}/update/ takes as `request`
SHOW_REQUEST = "ShowRequest"  # a preset's `request`: the Start body without VideoParams
APP_PART = "MixStudioPart"  # show.APP_KEY: ours, never sent
PLAYBACK_URL = "PlaybackUrl"
SCENARIO = "Scenario"
SCENARIO_EVENT = "ScenarioEvent"
ROLES = "Roles"
RULE = "DirectorRule"
RULES = "DirectorRules"
VARIANT = "Variant"
PERSON = "Person"

_JSON_TYPES = {INT: "integer", STR: "string", OBJ: "object", LIST: "array"}
ROOM_ID_DESCRIPTION = (
    "A numeric room (RoomIdType 0) is 1 to 4294967294 written in digits; a string room "
    "(RoomIdType 1) is 1 to 64 of letters, digits and the characters R8 allows."
)


def component_ref(name: str) -> str:
    """Where OpenAPI keeps a schema named `name`."""
    return COMPONENTS + name


def field_schema(spec: Field, ref: RefOf = component_ref) -> Schema:
    """The JSON Schema of one Field row: its type, range or choices, default, kind, items."""
    if spec.type == OBJ and spec.shape is not None:
        return {"$ref": ref(spec.shape)}
    schema: Schema = {"type": _JSON_TYPES[spec.type]}
    if spec.choices is not None:
        schema["enum"] = list(spec.choices)
    else:
        if spec.minimum is not None:
            schema["minimum"] = spec.minimum
        if spec.maximum is not None:
            schema["maximum"] = spec.maximum
    if spec.kind == COLOUR:
        schema["pattern"] = f"^{video.COLOUR_PATTERN}$"
    elif spec.kind == IMAGE_URL:
        # R45's characters are an error; the scheme and format are said in words.
        schema["pattern"] = f"^{video.IMAGE_URL_CHARACTERS}$"
    if spec.type == LIST:
        if spec.kind == STRING_LIST:
            schema["items"] = {"type": "string"}
        elif spec.shape is not None:
            schema["items"] = {"$ref": ref(spec.shape)}
        if spec.max_items is not None:
            schema["maxItems"] = spec.max_items
    if spec.default is not None:
        schema["default"] = spec.default
    description = _field_words(spec)
    if description:
        schema["description"] = description
    return schema


def shape_schema(shape: Shape, ref: RefOf = component_ref, *, required: bool = True) -> Schema:
    """The JSON Schema of one object type; `required=False` leaves its own fields optional
    (what a preset or a launch leaves out, another part supplies)."""
    schema: Schema = {
        "type": "object",
        "properties": {spec.name: field_schema(spec, ref) for spec in shape.fields},
    }
    names = [spec.name for spec in shape.fields if spec.required]
    if required and names:
        schema["required"] = names
    return schema


def contract_schemas(ref: RefOf = component_ref) -> dict[str, Schema]:
    """Every schema by name: the contract's object types, then the show built around them."""
    schemas: dict[str, Schema] = {}
    for name, shape in video.SHAPES.items():
        schemas[name] = _described(
            shape_schema(shape, ref),
            "Unknown fields are kept with a warning and sent unchanged.",
        )
    for name, shape in bodies.SHAPES.items():
        schemas[name] = _described(shape_schema(shape, ref), "Unknown fields are refused (R6).")
    schemas.update(_show_schemas(ref))
    return schemas


def _show_schemas(ref: RefOf) -> dict[str, Schema]:
    start = bodies.START_REQUEST
    body = shape_schema(start, ref, required=False)
    needed = ", ".join(spec.name for spec in start.fields if spec.required)
    body["properties"]["SdkAppId"] = {
        **body["properties"]["SdkAppId"],
        "description": "Picks the app profile; absent: the emulator's own.",
    }
    body["properties"][show.APP_KEY] = {"$ref": ref(APP_PART)}
    kept = {
        "type": "object",
        "properties": {
            name: value for name, value in body["properties"].items() if name != show.VIDEO_KEY
        },
        "description": (
            "The rest of a show's StartPublishCdnStream body, without VideoParams (the "
            "preset's document), TaskId, SequenceNumber and Action: UserSigs and storage keys "
            f"are never kept. Every part is optional here; a launch needs {needed}."
        ),
    }
    body["description"] = (
        "A StartPublishCdnStream body (B.20) with Mix Studio's own part (MixStudio, never "
        f"sent). What it leaves out the preset launched supplies; without a preset, {needed} "
        "are needed (SdkAppId: the emulator's own when absent). UserSigs are generated when "
        "absent. Unknown fields are refused (R6)."
    )
    update = shape_schema(bodies.UPDATE_REQUEST, ref, required=False)
    update["description"] = (
        "An UpdatePublishCdnStream body (B.21): SdkAppId, TaskId and SequenceNumber are the "
        "task's, filled in when absent. Unknown fields are refused (R6)."
    )
    publish = {"$ref": ref(bodies.PUBLISH_CDN_PARAM.name)}
    return {
        START_BODY: body,
        UPDATE_BODY: update,
        SHOW_REQUEST: kept,
        APP_PART: {
            "type": "object",
            "description": "Mix Studio's own part of a show: kept with it, never sent.",
            "properties": {
                show.OUTPUTS_OFF: {
                    "type": "array",
                    "items": publish,
                    "maxItems": bodies.MAX_OUTPUTS,
                    "description": "CDN outputs turned off: not sent, kept to turn on again.",
                },
                show.PLAYBACK_URLS: {
                    "type": "array",
                    "items": {"$ref": ref(PLAYBACK_URL)},
                    "maxItems": bodies.MAX_OUTPUTS,
                },
                show.SCENARIO: {"$ref": ref(SCENARIO)},
                show.ROLES: {"$ref": ref(ROLES)},
                show.RULES: {"$ref": ref(RULES)},
                show.VARIANTS: {
                    "type": "array",
                    "items": {"$ref": ref(VARIANT)},
                    "maxItems": variants.MAX_VARIANTS,
                },
            },
        },
        PLAYBACK_URL: {
            "type": "object",
            "required": [show.PUSH_URL, show.PLAYBACK_URL],
            "description": (
                "Where viewers watch one CDN output: an http(s) URL ending "
                f"{' or '.join(show.PLAYBACK_SUFFIXES)} on a public host."
            ),
            "properties": {
                show.PUSH_URL: {"type": "string"},
                show.PLAYBACK_URL: {"type": "string", "maxLength": show.MAX_PLAYBACK_URL_LENGTH},
            },
        },
        SCENARIO: _scenario_schema(ref),
        SCENARIO_EVENT: _scenario_event_schema(),
        ROLES: _roles_schema(ref),
        PERSON: _person_schema(),
        RULES: {
            "type": "array",
            "items": {"$ref": ref(RULE)},
            "maxItems": director_rules.MAX_RULES,
            "description": "The auto-director's rules, in priority order: earlier rules win.",
        },
        RULE: _rule_schema(ref),
        VARIANT: {
            "type": "object",
            "required": [variants.NAME, show.VIDEO_KEY],
            "description": "The show at another output size, a leg of its own.",
            "properties": {
                variants.NAME: {"type": "string", "pattern": variants.NAME_PATTERN.pattern},
                show.VIDEO_KEY: {"$ref": ref(video.VIDEO_PARAMS.name)},
                variants.OUTPUTS: {
                    "type": "array",
                    "items": publish,
                    "maxItems": bodies.MAX_OUTPUTS,
                },
                variants.CLEAN: {"type": "boolean", "default": False},
            },
        },
    }


def _scenario_schema(ref: RefOf) -> Schema:
    return {
        "type": "object",
        "required": ["duration", "events"],
        "description": "A room's life written down ahead, to rehearse a show with.",
        "properties": {
            "duration": {
                "type": "number",
                "minimum": 0,
                "maximum": scenario.MAX_DURATION,
                "description": "Seconds, above 0.",
            },
            "events": {
                "type": "array",
                "items": {"$ref": ref(SCENARIO_EVENT)},
                "maxItems": scenario.MAX_EVENTS,
            },
        },
    }


def _scenario_event_schema() -> Schema:
    return {
        "type": "object",
        "required": ["at", "type", "UserId"],
        "properties": {
            "at": {
                "type": "number",
                "minimum": 0,
                "maximum": scenario.MAX_DURATION,
                "description": "Seconds from the start, at most the scenario's duration.",
            },
            "type": {"type": "string", "enum": list(room_events.KINDS)},
            "UserId": _user_id(),
            "RoomId": {"type": "string", "description": ROOM_ID_DESCRIPTION},
            "RoomIdType": {"type": "integer", "enum": list(rooms.ROOM_TYPES)},
            "on": {"type": "boolean", "description": f"{', '.join(room_events.MEDIA)}: on or off"},
            "level": {
                "type": "integer",
                "minimum": 0,
                "maximum": room_events.MAX_LEVEL,
                "description": f"{room_events.SPEAKING}: how loud",
            },
        },
    }


def _roles_schema(ref: RefOf) -> Schema:
    named = {"type": "string", "pattern": f"^{roles.NAMED_ROLE_RE.pattern}$"}
    role = {
        "type": "string",
        "description": f"{', '.join(roles.BUILT_IN_ROLES)}, or a role of one's own",
    }
    return {
        "type": "object",
        "description": "Who each slot and watermark shows by role; every part optional.",
        "properties": {
            "slots": {
                "type": "array",
                "maxItems": video.MAX_SLOTS,
                "items": {
                    "type": "object",
                    "required": ["slot", "role"],
                    "properties": {
                        "slot": {"type": "integer", "minimum": 0, "maximum": video.MAX_SLOTS - 1},
                        "role": role,
                        "user": _user_id(),
                        "n": {"type": "integer", "minimum": 1, "maximum": roles.MAX_NTH},
                    },
                },
            },
            "watermarks": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["watermark", "visible_when"],
                    "properties": {
                        "watermark": {"type": "integer", "minimum": 0},
                        "visible_when": role,
                        "user": _user_id(),
                        "n": {"type": "integer", "minimum": 1, "maximum": roles.MAX_NTH},
                    },
                },
            },
            "exclude": {
                "type": "array",
                "maxItems": roles.MAX_ENTRIES,
                "items": {"$ref": ref(PERSON)},
            },
            "assign": {
                "type": "object",
                "additionalProperties": named,
                "maxProperties": roles.MAX_ENTRIES,
                "description": "The role each UserId has: host or a role of one's own.",
            },
        },
    }


def _person_schema() -> Schema:
    return {
        "type": "object",
        "description": "A person: by UserId, or whoever fills a role.",
        "properties": {
            "UserId": _user_id(),
            "role": {"type": "string"},
            "user": _user_id(),
            "n": {"type": "integer", "minimum": 1, "maximum": roles.MAX_NTH},
        },
    }


def _rule_schema(ref: RefOf) -> Schema:
    rules = director_rules
    seconds = {"type": "number", "minimum": 0, "maximum": rules.MAX_SECONDS}
    count = {"type": "integer", "minimum": 0, "maximum": rules.MAX_COUNT}
    take = {
        "anyOf": [
            {"type": "integer", "minimum": 1, "description": "A preset's id"},
            {"type": "string", "enum": list(rules.SHOTS)},
        ]
    }
    action_keys: Mapping[str, Schema] = {
        "preset": {"anyOf": [take["anyOf"][0], {"type": "string", "enum": [rules.SHOW]}]},
        "entries": {
            "type": "array",
            "maxItems": rules.MAX_TABLE_ENTRIES,
            "items": {
                "type": "object",
                "required": ["count"],
                "properties": {"count": count, "preset": take, "shot": take},
            },
        },
        "seats": {"type": "string", "enum": list(rules.SEATS)},
        "small": {"type": "string", "enum": list(rules.SMALL_CHOICES)},
        "strip": {"type": "integer", "minimum": 0, "maximum": rules.MAX_STRIP},
        "slot": {"type": "integer", "minimum": 0, "maximum": video.MAX_SLOTS - 1},
        "who": {"$ref": ref(PERSON)},
        "stream": {"type": "string", "enum": list(rules.STREAMS)},
        "text": {"type": "string", "maxLength": rules.MAX_SLATE_TEXT},
        "image": {"type": "string", "maxLength": rules.MAX_URL},
    }
    return {
        "type": "object",
        "required": ["name", "trigger", "action"],
        "properties": {
            "name": {
                "type": "string",
                "minLength": 1,
                "description": f"1 to {rules.MAX_NAME} characters, unique in the list.",
            },
            "enabled": {"type": "boolean", "default": True},
            "trigger": {
                "type": "object",
                "required": ["on"],
                "properties": {
                    "on": {"type": "string", "enum": list(rules.TRIGGERS)},
                    "n": count,
                    "user": _user_id(),
                    "role": {"type": "string"},
                },
            },
            "condition": {
                "type": "object",
                "properties": {
                    "who": {"$ref": ref(PERSON)},
                    "count_min": count,
                    "count_max": count,
                    "on_air_preset": take,
                    "since_last_cut_min": seconds,
                },
            },
            "action": {
                "anyOf": [_action_schema(do, keys, action_keys) for do, keys in _action_table()],
            },
            "timing": {
                "type": "object",
                "properties": {name: seconds for name in ("sensitivity", "hold", "cooldown")},
            },
            "target": {"type": "string", "enum": list(rules.TARGETS), "default": rules.PROGRAM},
        },
    }


def _action_table() -> Iterable[tuple[str, tuple[str, ...]]]:
    table: Mapping[str, tuple[str, ...]] = director_rules._ACTION_KEYS  # the one table
    return ((do, table[do]) for do in director_rules.ACTIONS)


def _action_schema(do: str, keys: tuple[str, ...], shapes: Mapping[str, Schema]) -> Schema:
    required = ["do", "preset"] if do == director_rules.TAKE_PRESET else ["do"]
    return {
        "type": "object",
        "required": required,
        "properties": {"do": {"type": "string", "enum": [do]}, **{k: shapes[k] for k in keys}},
    }


def _user_id() -> Schema:
    return {"type": "string", "pattern": f"^{rooms.USER_ID_RE.pattern}$"}


def _described(schema: Schema, words: str) -> Schema:
    schema["description"] = words
    return schema


def _field_words(spec: Field) -> str:
    words = spec.help
    if spec.rule and spec.rule[:1] in ("R", "B"):
        words = f"{words} ({spec.rule})" if words else f"({spec.rule})"
    if spec.kind == IMAGE_URL:
        formats = ", ".join(spec.image_formats)
        words = f"{words} An http(s) URL" + (f" of a {formats} image." if formats else ".")
    if spec.effective_in is not None:
        modes = ", ".join(str(mode) for mode in spec.effective_in)
        words = f"{words} Has an effect in MixLayoutMode {modes} only."
    return words.strip()
