"""The contract as JSON: what the pages embed (#mx-contract) and `/api/layouts/schema/` answers.

The pages declare no constant of the API themselves; the editor, the launch
page and the live controls read ranges, defaults, lengths, choice labels,
`effective_in`, the room defaulting and the constants below from this JSON.
`translate` turns the English help and labels into the active language.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from layouts.core import director_rules, roles, scenario, show, variants
from layouts.core.contract import bodies, room_events, rooms, video
from layouts.core.contract.fields import COLOUR, IMAGE_URL, STR, Field
from layouts.core.text import gettext_noop

Translate = Callable[[str], str]


def _longest(pattern: re.Pattern[str]) -> int:
    """The longest text a pattern ending in `{m,n}` (the identity patterns of R8, R10) matches."""
    found = re.search(r"\{\d+,(\d+)\}$", pattern.pattern)
    if found is None:
        raise ValueError(f"no length in {pattern.pattern!r}")
    return int(found.group(1))


# The longest text a string field takes, by field name: the pages' `maxlength`.
MAX_LENGTHS = {
    "UserId": _longest(rooms.USER_ID_RE),  # R10
    "RoomId": max(_longest(rooms.STRING_ROOM_RE), _longest(rooms.INT_ROOM_RE)),  # R8
    "AppData": bodies.MAX_APP_DATA - 1,  # R48: shorter than MAX_APP_DATA
    "PayloadUuid": bodies.PAYLOAD_UUID_LENGTH,  # R49
    "RecordKey": bodies.MAX_RECORD_KEY_BYTES,  # B.19: ASCII only, so bytes are letters
    "UserDefineRecordPrefix": bodies.MAX_RECORD_PREFIX_BYTES,
}

# Words for request choices the tables name none for (B.3).
EXTRA_LABELS: dict[tuple[str, str], dict[Any, str]] = {
    ("AudioEncode", "Channel"): {
        bodies.MONO: gettext_noop("mono"),
        bodies.STEREO: gettext_noop("stereo"),
    },
    ("AudioEncode", "Codec"): {
        bodies.CODEC_LC_AAC: "LC-AAC",
        bodies.CODEC_HE_AAC: "HE-AAC",
        bodies.CODEC_HE_AAC_V2: "HE-AACv2",
    },
}

# B.5, as layouts.core.contract.rooms.room_of and Binding.key apply it: a MixUserInfo
# field left out (or an empty string) takes the value of the task's own Start-body
# field named here. A user listed without a RoomId is a user of the task's room.
USER_ROOM_DEFAULTS = {"RoomId": "RoomId", "RoomIdType": "RoomIdType"}


def describe_shapes(translate: Translate = lambda text: text) -> dict[str, list[dict[str, Any]]]:
    """Every field of every VideoParams object type, by shape name."""
    return {
        name: [_describe_field(spec, translate) for spec in shape.fields]
        for name, shape in video.SHAPES.items()
    }


def describe_request_shapes(
    translate: Translate = lambda text: text,
) -> dict[str, list[dict[str, Any]]]:
    """Every field of every other object type of a request body (B.1-B.4, B.15-B.22)."""
    return {
        name: [
            _describe_field(spec, translate, _request_labels(name, spec)) for spec in shape.fields
        ]
        for name, shape in bodies.SHAPES.items()
    }


def _request_labels(shape: str, spec: Field) -> dict[Any, str] | None:
    """A request field's words: its own, ours, or those of the VideoParams field it repeats.

    RoomIdType of a Start body or a push-back room means what MixUserInfo's does.
    """
    if spec.labels or (shape, spec.name) in EXTRA_LABELS:
        return spec.labels or EXTRA_LABELS[(shape, spec.name)]
    for other in video.SHAPES.values():
        twin = other.by_name.get(spec.name)
        if twin is not None and twin.labels and twin.choices == spec.choices:
            return twin.labels
    return None


def _describe_field(
    spec: Field, translate: Translate, labels: dict[Any, str] | None = None
) -> dict[str, Any]:
    labels = labels or spec.labels
    described = {
        "name": spec.name,
        "type": spec.type,
        "required": spec.required,
        "minimum": spec.minimum,
        "maximum": spec.maximum,
        "choices": list(spec.choices) if spec.choices else None,
        "labels": {str(k): translate(v) for k, v in labels.items()} if labels else None,
        "default": spec.default,
        "rule": spec.rule or None,
        "shape": spec.shape,
        "max_items": spec.max_items,
        "max_length": MAX_LENGTHS.get(spec.name) if spec.type == STR else None,
        "kind": spec.kind or None,
        "effective_in": list(spec.effective_in) if spec.effective_in else None,
        "help": translate(spec.help) if spec.help else None,
    }
    return {key: value for key, value in described.items() if value is not None}


def constants() -> dict[str, Any]:
    """The numbers and patterns of the API the editor needs besides the field tables."""
    return {
        "modes": {
            "floating": video.MODE_FLOATING,
            "screen_share": video.MODE_SCREEN_SHARE,
            "grid": video.MODE_GRID,
            "custom": video.MODE_CUSTOM,
        },
        "default_mode": video.DEFAULT_MODE,
        "dynamic_modes": list(video.DYNAMIC_MODES),
        "max_slots": video.MAX_SLOTS,
        "max_canvas_side": video.MAX_CANVAS_SIDE,
        "colour_pattern": video.COLOUR_PATTERN,
        "stream_types": {"camera": video.STREAM_CAMERA, "screen": video.STREAM_SCREEN},
        "watermark_types": {"image": video.WATERMARK_IMAGE_TYPE, "text": video.WATERMARK_TEXT_TYPE},
        "custom_placeholder_mode": video.CUSTOM_PLACEHOLDER_MODE,
        "max_outputs": bodies.MAX_OUTPUTS,
        # The launch page and the live controls: a whole show (layouts/show.py).
        "actions": {"start": bodies.START, "update": bodies.UPDATE},
        "updatable_keys": list(bodies.UPDATABLE_KEYS),
        "task_keys": list(show.TASK_KEYS),
        "envelope_keys": list(show.ENVELOPE_KEYS),
        "record_formats": list(bodies.RECORD_FORMATS),
        "app_key": show.APP_KEY,
        "outputs_off_key": show.OUTPUTS_OFF,
        # The `kind` a field description carries: image URLs get the asset picker.
        "field_kinds": {"image_url": IMAGE_URL, "colour": COLOUR},
        "max_lengths": dict(MAX_LENGTHS),  # also on each field: these serve the pages' prose
        "user_room_defaults": dict(USER_ROOM_DEFAULTS),
        "launch_form_start": launch_form_start(),
        # A show's variants (layouts/core/variants.py): where they are kept, the main
        # leg's name no variant may take, how many a show holds, what a name may be.
        "variants": {
            "key": show.VARIANTS,
            "main": variants.MAIN,
            "max": variants.MAX_VARIANTS,
            "name_pattern": variants.NAME_PATTERN.pattern,
        },
    }


def launch_form_start() -> dict[str, Any]:
    """What the launch form shows before a show fills it, by "Shape.Field".

    The API's own default where the form always sends the field; Mix Studio's
    choice where the API has none: an audio encode is whole or absent (R20), and
    a relayed video describes its upstream (R22), so the form starts from a
    common one.
    """
    return {
        "AgentParams.MaxIdleTime": bodies.AGENT_PARAMS.by_name["MaxIdleTime"].default,
        "AudioEncode.SampleRate": 48000,
        "AudioEncode.Channel": bodies.STEREO,
        "AudioEncode.BitRate": 64,
        "AudioEncode.Codec": bodies.AUDIO_ENCODE.by_name["Codec"].default,
        "VideoEncode.Width": 1280,
        "VideoEncode.Height": 720,
        "VideoEncode.Fps": 15,
        "VideoEncode.BitRate": 1000,
        "VideoEncode.Gop": 2,
        # The type after the volume SEI's default: the two may never share one
        # (shared-payload-type), or players would read this payload as the layout.
        "McuPassThrough.PayloadType": bodies.LAYOUT_VOLUME.by_name["PayloadType"].default + 1,
    }


def describe_scenario(translate: Translate = lambda text: text) -> dict[str, Any]:
    """What the editor's timeline needs of a scenario (layouts/core/scenario.py): where a
    show keeps it, its event types with their words, and its limits."""
    return {
        "key": show.SCENARIO,  # under constants.app_key
        "kinds": [{"name": kind, "label": translate(kind)} for kind in room_events.KINDS],
        "media": list(room_events.MEDIA),  # switched with "on"
        "speaking": room_events.SPEAKING,  # carries a "level"
        "enter": room_events.ENTER,
        "exit": room_events.EXIT,
        "max_level": room_events.MAX_LEVEL,
        "max_duration": scenario.MAX_DURATION,
        "max_events": scenario.MAX_EVENTS,
    }


# The rules panel's words for the auto-director's vocabulary (layouts/core/director_rules.py).
TRIGGER_LABELS = {
    director_rules.ENTER: gettext_noop("Someone enters"),
    director_rules.EXIT: gettext_noop("Someone leaves"),
    director_rules.CAMERA_ON: gettext_noop("A camera turns on"),
    director_rules.CAMERA_OFF: gettext_noop("A camera turns off"),
    director_rules.SCREEN_START: gettext_noop("A screen share starts"),
    director_rules.SCREEN_STOP: gettext_noop("A screen share stops"),
    director_rules.COUNT_ABOVE: gettext_noop("The head count rises above N"),
    director_rules.COUNT_BELOW: gettext_noop("The head count falls below N"),
    director_rules.NAMED_ENTERS: gettext_noop("A named person enters"),
    director_rules.ROLE_ENTERS: gettext_noop("Someone with a role enters"),
    director_rules.LOUDEST_CHANGES: gettext_noop("The loudest speaker changes"),
}
ACTION_LABELS = {
    director_rules.TAKE_PRESET: gettext_noop("Take a preset"),
    director_rules.TAKE_TABLE_ENTRY: gettext_noop("Take the entry for the head count"),
    director_rules.SHARER_BIG: gettext_noop("The shared screen big"),
    director_rules.LOUDEST_BIG: gettext_noop("The loudest speaker big"),
    director_rules.PUT_IN_SLOT: gettext_noop("Put someone in a slot"),
    director_rules.INCLUDE: gettext_noop("Include someone again"),
    director_rules.EXCLUDE: gettext_noop("Leave someone out"),
    director_rules.SLATE: gettext_noop("Take the slate"),
}
SHOT_LABELS = {
    director_rules.SHOW: gettext_noop("The show's own picture"),
    director_rules.SHARER_BIG: gettext_noop("Shared screen big"),
    director_rules.LOUDEST_BIG: gettext_noop("Loudest speaker big"),
    director_rules.GRID: gettext_noop("Grid"),
    director_rules.PIP: gettext_noop("Picture in picture"),
    director_rules.SLATE: gettext_noop("Slate"),
}
TARGET_LABELS = {
    director_rules.PROGRAM: gettext_noop("Program (on air)"),
    director_rules.PREVIEW: gettext_noop("Preview (staged: you take it)"),
}
STREAM_LABELS = {
    director_rules.CAMERA: gettext_noop("camera"),
    director_rules.SCREEN: gettext_noop("screen share"),
}
SMALL_LABELS = {
    roles.LOUDEST: gettext_noop("The loudest speaker small"),
    director_rules.NO_SMALL: gettext_noop("Nobody small"),
}
SEATS_LABELS = {
    director_rules.DYNAMIC: gettext_noop("Re-flow as people come and go"),
    director_rules.FIXED: gettext_noop("Everyone keeps their seat"),
}
ROLE_LABELS = {
    roles.SHARER: gettext_noop("whoever shares a screen"),
    roles.LOUDEST: gettext_noop("the loudest speaker"),
    roles.PREVIOUS_SPEAKER: gettext_noop("the previous speaker"),
    roles.HOST: gettext_noop("the host"),
    roles.NTH: gettext_noop("the n-th by join order"),
}
TIMING_LABELS = {
    "sensitivity": (
        gettext_noop("Sensitivity (s)"),
        gettext_noop("What set the rule off must last this long before it cuts."),
    ),
    "hold": (
        gettext_noop("Hold (s)"),
        gettext_noop("No other automatic cut within this long after this one."),
    ),
    "cooldown": (
        gettext_noop("Cooldown (s)"),
        gettext_noop("This rule cuts again only this long after it last did."),
    ),
}
# Who an action or a condition may name (director_rules._check_who): "any" role, only a
# role `assign` gives ("named": the host or one's own), or nobody by role ("none").
WHO_ROLES = {
    "condition": "any",
    director_rules.PUT_IN_SLOT: "any",
    director_rules.INCLUDE: "none",
    director_rules.EXCLUDE: "named",
}


def _choices(labels: dict[str, str], translate: Translate) -> list[dict[str, str]]:
    return [{"name": name, "label": translate(label)} for name, label in labels.items()]


def describe_rules(translate: Translate = lambda text: text) -> dict[str, Any]:
    """What the rules panel needs of the auto-director's rules: where a show keeps them,
    every trigger, action, shot, target and role with its words and parameters, and the
    limits `director_rules.check_rules` holds them to."""
    params = director_rules._TRIGGER_PARAMS  # the one table of what each trigger takes
    return {
        "key": show.RULES,  # under constants.app_key
        "roles_key": show.ROLES,  # who the slots show by role, beside the rules
        "triggers": [
            {
                "name": on,
                "label": translate(TRIGGER_LABELS[on]),
                "param": params.get(on),
                "person": on not in director_rules.PERSONLESS_TRIGGERS,
                # count-below counts down to nobody: below 0 is never crossed.
                **(
                    {"minimum": 1 if on == director_rules.COUNT_BELOW else 0}
                    if params.get(on) == "n"
                    else {}
                ),
            }
            for on in director_rules.TRIGGERS
        ],
        "actions": [
            {
                "name": do,
                "label": translate(ACTION_LABELS[do]),
                "keys": list(director_rules._ACTION_KEYS[do]),
                **({"who": WHO_ROLES[do]} if do in WHO_ROLES else {}),
            }
            for do in director_rules.ACTIONS
        ],
        "condition_who": WHO_ROLES["condition"],
        "shots": _choices({shot: SHOT_LABELS[shot] for shot in director_rules.SHOTS}, translate),
        "built_shots": list(director_rules.BUILT_SHOTS),
        "show": director_rules.SHOW,
        "targets": _choices(TARGET_LABELS, translate),
        "default_target": director_rules.PROGRAM,
        "streams": _choices(STREAM_LABELS, translate),
        "default_stream": director_rules.CAMERA,
        "small": _choices(SMALL_LABELS, translate),
        "seats": _choices(SEATS_LABELS, translate),
        "roles": _choices(ROLE_LABELS, translate),
        "host": roles.HOST,
        "nth": roles.NTH,
        "named_role_pattern": roles.NAMED_ROLE_RE.pattern,
        "timing": [
            {"name": name, "label": translate(label), "help": translate(help_text)}
            for name, (label, help_text) in TIMING_LABELS.items()
        ],
        # The lowest values check_rules accepts (its check_int and _check_seconds bounds):
        # counts, strips, slots and seconds from 0, the n-th person from 1.
        "min_count": 0,
        "min_strip": 0,
        "min_slot": 0,
        "min_seconds": 0,
        "min_nth": 1,
        "max_role_name": _longest(roles.NAMED_ROLE_RE),
        "max_rules": director_rules.MAX_RULES,
        "max_name": director_rules.MAX_NAME,
        "max_seconds": director_rules.MAX_SECONDS,
        "max_count": director_rules.MAX_COUNT,
        "max_table_entries": director_rules.MAX_TABLE_ENTRIES,
        "max_slate_text": director_rules.MAX_SLATE_TEXT,
        "max_url": director_rules.MAX_URL,
        "max_strip": director_rules.MAX_STRIP,
        "strip_tiles": director_rules.STRIP_TILES,
        "max_slot": video.MAX_SLOTS - 1,
        "max_nth": roles.MAX_NTH,
    }


def editor_contract(translate: Translate = lambda text: text) -> dict[str, Any]:
    return {
        "shapes": describe_shapes(translate),
        "request_shapes": describe_request_shapes(translate),
        "constants": constants(),
        "scenario": describe_scenario(translate),
        "rules": describe_rules(translate),
    }
