"""The API schema tells the truth: every error it can answer, and bodies typed by the contract.

A drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])
that runs over the generated schema once:

- Errors: every operation lists the 4xx it can answer, each as `application/problem+json`
  (RFC 9457, studio/api_errors.py) with the shared `Problem` component: 400 where it
  reads a body or parameters, 401 and 403 where it needs a login (or a signed callback),
  404 where its path names something, 413 and 415 where it reads a body, and the answers
  of its own (a version conflict's 409, a cloud refusal's 422, a rate limit's 429 with
  Retry-After, the cloud's 502 and 504) from `OWN_ANSWERS`.
- Bodies: the contract's object types, generated from its field tables by
  layouts/core/json_schema.py, become components, and the JSON fields the views take
  or answer as "any JSON" (a document, a Start body, a scenario, rules) refer to them,
  by component and property in `TYPED`.

Lists are already described as served (layouts/api/common.py's pagination).
"""

from __future__ import annotations

import copy
from http import HTTPStatus
from typing import Any

from layouts.core import json_schema
from layouts.core.contract import bodies, video
from studio.api_errors import PROBLEM_CONTENT_TYPE

PROBLEM = "Problem"
PROBLEM_ITEM = "ProblemItem"

# What each error status means for a client, whatever the operation.
MEANINGS = {
    400: "The request is not what this operation reads; `field` and `problems` say where.",
    401: "No valid API token or session (or, for a callback, no valid Sign).",
    403: "The caller's role does not allow this.",
    404: "No such object (at this path, or named in the body), or the page asked for is "
    "past the last.",
    409: "The object's state refuses this now (a stale version, a task not live, in use).",
    413: "The request body is larger than this operation reads.",
    415: "The body is not in a media type this operation reads.",
    422: "Well formed, but refused: the cloud's own refusal, or an Idempotency-Key reused "
    "with another body.",
    429: "Too many at once: wait the Retry-After seconds and try again.",
    502: "The cloud answered something that is not an API answer.",
    504: "The cloud did not answer in time; the request may or may not have run.",
}

CLOUD = (409, 422, 429, 502, 504)  # a call that reaches the cloud (or the emulator)
PRESET = (404,)  # a body that names a preset by id: no such preset
# Answers of an operation's own, beyond what its shape says (by operation id).
OWN_ANSWERS: dict[str, tuple[int, ...]] = {
    "assets_destroy": (409,),
    "presets_update": (409,),
    "presets_partial_update": (409,),
    "presets_destroy": (409,),
    "presets_revisions_restore_create": (409,),
    "layouts_dry_run_create": PRESET,
    "scenarios_render_create": (*PRESET, 429),
    "scenarios_room_create": PRESET,
    "tasks_create": (*PRESET, *CLOUD),
    "tasks_check_create": (*PRESET, 409),
    "tasks_update_create": CLOUD,
    "tasks_take_create": CLOUD,
    "tasks_stop_create": CLOUD,
    "tasks_reconcile_create": CLOUD,
    "tasks_slate_create": CLOUD,
    "tasks_director_partial_update": CLOUD,
    "tasks_room_create": (409,),
    "tasks_room_events_create": (409,),
    "tasks_scenario_create": (409,),
    "tasks_verify_create": (409, 429),
    "tasks_program_retrieve": (409, 429),
    # The program has no finished segment to read yet: the stream is unreadable (400).
    "tasks_program_sei_retrieve": (400, 409, 429),
    "shows_create": (*PRESET, *CLOUD),
    "shows_take_create": CLOUD,
    "shows_slate_create": CLOUD,
    "shows_stop_create": CLOUD,
}

_ref = json_schema.component_ref
_document = {"$ref": _ref(video.VIDEO_PARAMS.name)}
_problems = {"type": "array", "items": {"$ref": _ref(PROBLEM_ITEM)}}
_outputs = {"type": "array", "items": {"$ref": _ref(bodies.PUBLISH_CDN_PARAM.name)}}
_show_request = {"$ref": _ref(json_schema.SHOW_REQUEST)}
_scenario = {"$ref": _ref(json_schema.SCENARIO)}
_rules = {"$ref": _ref(json_schema.RULES)}
_roles = {"$ref": _ref(json_schema.ROLES)}
_start_body = {"$ref": _ref(json_schema.START_BODY)}
_playback_url = {"$ref": _ref(json_schema.PLAYBACK_URL)}

# The JSON fields typed by the contract: component -> property -> its schema.
TYPED: dict[str, dict[str, dict[str, Any]]] = {
    # What the API reads.
    "ValidateInputRequest": {"document": _document},
    "ReflowInputRequest": {"document": _document},
    "ScenarioInputRequest": {"document": _document},
    "PreviewInputRequest": {"document": _document},
    "PresetCreateInputRequest": {
        "document": _document,
        "request": _show_request,
    },
    "PresetUpdateInputRequest": {
        "document": _document,
        "request": _show_request,
    },
    "PatchedPresetPatchInputRequest": {
        "document": _document,
        "request": _show_request,
    },
    "ScenarioRenderInputRequest": {
        "document": _document,
        "scenario": _scenario,
    },
    "ScenarioRoomInputRequest": {
        "document": _document,
        "scenario": _scenario,
    },
    "DryRunInputRequest": {
        "document": _document,
        "scenario": _scenario,
        "rules": _rules,
        "roles": _roles,
    },
    "PatchedDirectorInputRequest": {
        "rules": _rules,
        "roles": _roles,
    },
    "StartInputRequest": {
        "request": _start_body,
        "scenario": _scenario,
    },
    "UpdateInputRequest": {"request": {"$ref": _ref(json_schema.UPDATE_BODY)}},
    "TakeInputRequest": {
        "document": _document,
        "request": _show_request,
    },
    "StopInputRequest": {
        "RecordKey": json_schema.field_schema(bodies.STOP_REQUEST.by_name["RecordKey"]),
    },
    "ShowTakeInputRequest": {
        "legs": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {
                "type": "object",
                "required": ["document"],
                "properties": {"document": _document},
            },
        }
    },
    # What the API answers.
    "Preset": {"document": _document, "request": _show_request},
    "PresetRevision": {
        "document": _document,
        "request": _show_request,
    },
    "ReflowResult": {"document": _document, "problems": _problems},
    "ValidationResult": {"problems": _problems},
    "DryRun": {"warnings": _problems},
    "ScenarioStarter": {"scenario": _scenario},
    "RuleStarter": {"rules": _rules},
    "Task": {
        "params": _start_body,
        "outputs_off": _outputs,
        "playback_urls": {"type": "array", "items": _playback_url},
    },
    "TaskListItem": {
        "outputs": _outputs,
        "outputs_off": _outputs,
        "playback_urls": {"type": "array", "items": _playback_url},
    },
}


def problem_schemas() -> dict[str, dict[str, Any]]:
    """The problem-details body (RFC 9457 with our members) and one judged problem."""
    return {
        PROBLEM: {
            "type": "object",
            "description": (
                "Problem details (RFC 9457): every 4xx and 5xx answer under /api/. `code` is "
                "the finer kind of problem (kebab-case); `error` and `message` repeat `code` "
                "and `detail` for earlier clients. An error may add members of its own "
                "(a cloud's `cloud_code`, the `holder` of a seat)."
            ),
            "required": ["type", "title", "status", "detail", "code"],
            "properties": {
                "type": {"type": "string", "description": "Where the status is defined"},
                "title": {"type": "string", "description": "The status's name"},
                "status": {"type": "integer", "minimum": 400, "maximum": 599},
                "detail": {"type": "string", "description": "This occurrence, for a person"},
                "code": {"type": "string", "example": "not-found"},
                "field": {"type": "string", "description": "The one field to blame"},
                "problems": {
                    "type": "array",
                    "items": {"$ref": _ref(PROBLEM_ITEM)},
                    "description": "Where a body was judged: each problem with its path",
                },
                "error": {"type": "string", "description": "The same as code"},
                "message": {"type": "string", "description": "The same as detail"},
            },
        },
        PROBLEM_ITEM: {
            "type": "object",
            "required": ["path", "rule", "severity", "message"],
            "properties": {
                "path": {"type": "string", "example": "VideoParams.VideoEncode.Width"},
                "rule": {"type": "string", "example": "R35"},
                "severity": {"type": "string", "example": "error"},
                "message": {"type": "string"},
            },
        },
    }


def document_errors_and_contract(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """The postprocessing hook: the contract's schemas, typed fields, and every error."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in {**json_schema.contract_schemas(), **problem_schemas()}.items():
        schemas.setdefault(name, schema)
    for component, properties in TYPED.items():
        found = schemas.get(component, {}).get("properties", {})
        for name, typed in properties.items():
            if name in found:
                found[name] = _typed(found[name], typed)
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if isinstance(operation, dict) and "responses" in operation:
                _add_errors(operation)
    return result


def error_statuses(operation: dict[str, Any]) -> list[int]:
    """The 4xx and 5xx one operation can answer."""
    reads_body = "requestBody" in operation
    parameters = operation.get("parameters", [])
    statuses = set(OWN_ANSWERS.get(operation.get("operationId", ""), ()))
    if reads_body or any(p.get("in") in ("query", "header") for p in parameters):
        statuses.add(400)
    if any(scheme for scheme in operation.get("security", [{}])):
        statuses.update((401, 403))
    elif reads_body:
        statuses.add(401)  # a callback's Sign
    if any(p.get("in") == "path" or p.get("name") == "page" for p in parameters):
        statuses.add(404)  # nothing at that path, or a page past the last
    if reads_body:
        statuses.update((413, 415))
    return sorted(statuses)


def _add_errors(operation: dict[str, Any]) -> None:
    responses = operation["responses"]
    for status in error_statuses(operation):
        answer: dict[str, Any] = {
            "description": f"{_title(status)}. {MEANINGS[status]}",
            "content": {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": _ref(PROBLEM)}}},
        }
        if status in (429, 503):
            answer["headers"] = {
                "Retry-After": {
                    "schema": {"type": "integer", "minimum": 0},
                    "description": "Seconds to wait before trying again",
                }
            }
        responses[str(status)] = answer


def _title(status: int) -> str:
    return HTTPStatus(status).phrase


def _typed(untyped: dict[str, Any], typed: dict[str, Any]) -> dict[str, Any]:
    """`typed` in place of an untyped property, keeping what the serializer said of it
    (read only, nullable, its description and default)."""
    kept = {
        key: untyped[key]
        for key in ("readOnly", "nullable", "description", "title", "default")
        if key in untyped
    }
    typed = copy.deepcopy(typed)
    if "$ref" in typed:
        return {"allOf": [typed], **kept} if kept else typed
    return {**typed, **kept}
