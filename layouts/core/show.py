"""A show: a preset's picture and the rest of its StartPublishCdnStream body.

A preset keeps a whole production request in two parts, both in the API's own
shape: `document`, the VideoParams object (None for an audio-only show), and
`request`, every other key of the Start body, except the secrets: UserSigs are
generated or given at launch, storage keys are given again. `request` may carry
one key of ours, `APP_KEY`, which is never sent: it holds the CDN outputs that
are turned off (`OUTPUTS_OFF`), kept so that they can be turned on again.

`read_show` splits any Start or Update body (or a bare VideoParams) into those
parts, keeping every key; `start_body` joins them into the Start body again.
Pure: no Django.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from layouts.core.contract import bodies
from layouts.core.contract.fields import json_type_name
from layouts.core.text import gettext_noop

APP_KEY = "MixStudio"  # ours: stripped from every body before it is checked or sent
OUTPUTS_OFF = "OutputsOff"  # under APP_KEY: McuPublishCdnParam objects not sent
APP_KEYS = (OUTPUTS_OFF,)
# Keys that name one running task (or the call itself): a show starts new tasks.
TASK_KEYS = ("TaskId", "SequenceNumber")
ENVELOPE_KEYS = ("Action",)
VIDEO_KEY = "VideoParams"

# Where secrets sit in a Start body (B.1, B.17, B.19): never kept, never answered.
_SECRETS_OF_ROBOT = ("UserSig",)
_SECRETS_OF_STORAGE = ("AccessKey", "SecretKey")


class NotAShow(bodies.NotAVideoDocument):
    """The JSON given is no request body or VideoParams; `template` % `params` says why."""


@dataclass(frozen=True)
class Show:
    """A body split for keeping: the picture, the rest, and what was not kept."""

    document: Any  # the VideoParams given (checked elsewhere), or None: audio only
    request: dict[str, Any]
    source: str  # "VideoParams", START or UPDATE
    withheld: tuple[str, ...] = field(default=())  # paths of secrets left out
    left_out: tuple[str, ...] = field(default=())  # keys that named a running task

    @property
    def is_request(self) -> bool:
        return self.source != VIDEO_KEY


def read_show(body: Any) -> Show:
    """Split a Start or Update body, or a bare VideoParams object, keeping every key.

    A body is a request when it carries any request-level key (RoomId,
    AgentParams, TaskId, ...); it is a bare VideoParams object otherwise.
    """
    if not isinstance(body, dict):
        raise NotAShow(
            gettext_noop("The JSON must be an object, not %(got)s."), got=json_type_name(body)
        )
    if "Response" in body and len(body) == 1:
        raise NotAShow(gettext_noop("This is an API response, not a request body."), "Response")
    if not (bodies.REQUEST_ONLY_KEYS | {APP_KEY}) & body.keys():
        if not body:
            raise NotAShow(gettext_noop("The JSON object is empty."))
        return Show(document=copy.deepcopy(body), request={}, source=VIDEO_KEY)
    action = body.get("Action")
    if action is not None and action not in bodies.LAYOUT_ACTIONS:
        raise NotAShow(
            gettext_noop('Action "%(action)s" carries no show; expected one of %(known)s.'),
            "Action",
            action=str(action)[:60],
            known=", ".join(bodies.LAYOUT_ACTIONS),
        )
    source = action or (bodies.UPDATE if "TaskId" in body else bodies.START)
    rest = {
        key: copy.deepcopy(value)
        for key, value in body.items()
        if key not in (VIDEO_KEY, *TASK_KEYS, *ENVELOPE_KEYS)
    }
    request, withheld = withhold_secrets(rest)
    return Show(
        document=copy.deepcopy(body[VIDEO_KEY]) if VIDEO_KEY in body else None,
        request=request,
        source=source,
        withheld=tuple(withheld),
        left_out=tuple(key for key in TASK_KEYS if key in body),
    )


def withhold_secrets(request: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A copy without UserSigs and storage keys, and the paths of those left out."""
    kept = copy.deepcopy(request)
    withheld: list[str] = []
    robots: list[tuple[str, Any]] = [("AgentParams", kept.get("AgentParams"))]
    rooms = kept.get("FeedBackRoomParams")
    if isinstance(rooms, list):
        robots.extend((f"FeedBackRoomParams[{i}]", room) for i, room in enumerate(rooms))
    for path, robot in robots:
        withheld.extend(_drop(robot, path, _SECRETS_OF_ROBOT))
    storage = _dig(kept, "RecordParams", "McuStorageParams", "CloudStorage")
    path = "RecordParams.McuStorageParams.CloudStorage"
    withheld.extend(_drop(storage, path, _SECRETS_OF_STORAGE))
    return kept, withheld


def _drop(holder: Any, path: str, names: tuple[str, ...]) -> list[str]:
    if not isinstance(holder, dict):
        return []
    dropped = [name for name in names if name in holder]
    for name in dropped:
        del holder[name]
    return [f"{path}.{name}" for name in dropped]


def _dig(value: Any, *keys: str) -> Any:
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def start_body(document: Any, request: dict[str, Any]) -> dict[str, Any]:
    """The StartPublishCdnStream body of a show: every key of the API, none of ours.

    VideoParams goes where the API's table lists it, among the keys present.
    """
    order = [spec.name for spec in bodies.START_REQUEST.fields]
    after_video = set(order[order.index(VIDEO_KEY) + 1 :])
    body: dict[str, Any] = {}
    for key, value in request.items():
        if key == APP_KEY:
            continue
        if document is not None and VIDEO_KEY not in body and key in after_video:
            body[VIDEO_KEY] = copy.deepcopy(document)
        body[key] = copy.deepcopy(value)
    if document is not None and VIDEO_KEY not in body:
        body[VIDEO_KEY] = copy.deepcopy(document)
    return body


def without_app_part(request: dict[str, Any]) -> dict[str, Any]:
    """The request as the API takes it: our key left out."""
    return {key: value for key, value in request.items() if key != APP_KEY}


def outputs_off(request: Any) -> list[Any]:
    """The CDN outputs a request keeps turned off (as given; the checks judge them)."""
    part = request.get(APP_KEY) if isinstance(request, dict) else None
    listed = part.get(OUTPUTS_OFF) if isinstance(part, dict) else None
    return copy.deepcopy(listed) if isinstance(listed, list) else []


def secret_slots(body: dict[str, Any]) -> list[str]:
    """Where a launch puts the secrets a show never keeps (UserSigs, storage keys)."""
    slots = []
    if isinstance(body.get("AgentParams"), dict):
        slots.append("AgentParams.UserSig")
    rooms = body.get("FeedBackRoomParams")
    if isinstance(rooms, list):
        slots.extend(
            f"FeedBackRoomParams[{i}].UserSig"
            for i, room in enumerate(rooms)
            if isinstance(room, dict)
        )
    storage = _dig(body, "RecordParams", "McuStorageParams", "CloudStorage")
    if isinstance(storage, dict):
        path = "RecordParams.McuStorageParams.CloudStorage"
        slots.extend(f"{path}.{name}" for name in _SECRETS_OF_STORAGE)
    return slots
