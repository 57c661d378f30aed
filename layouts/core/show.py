"""A show: a preset's picture and the rest of its StartPublishCdnStream body.

A preset keeps a whole production request in two parts, both in the API's own
shape: `document`, the VideoParams object (None for an audio-only show), and
`request`, every other key of the Start body, except the secrets: UserSigs are
generated or given at launch, storage keys are given again. `request` may carry
one key of ours, `APP_KEY`, which is never sent: it holds the CDN outputs that
are turned off (`OUTPUTS_OFF`), kept so that they can be turned on again,
where each output can be watched (`PLAYBACK_URLS`): the CDN's HLS or HTTP-FLV
address of a push URL, which the control room plays for a task on the real
cloud, the scenario the show is rehearsed with (`SCENARIO`, the JSON of
layouts/core/scenario.py), who its slots show by role (`ROLES`,
layouts/core/roles.py) and the auto-director's rules (`RULES`,
layouts/core/director.py).

`read_show` splits any Start or Update body (or a bare VideoParams) into those
parts, keeping every key; `start_body` joins them into the Start body again,
and `kept_body` into the body a show is kept as (our own part included).
Pure: no Django.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from layouts.core import addresses
from layouts.core.contract import bodies
from layouts.core.contract.fields import json_type_name
from layouts.core.contract.problems import ERROR, UNKNOWN_FIELD, WRONG_TYPE, Problem
from layouts.core.text import gettext_noop

APP_KEY = "MixStudio"  # ours: stripped from every body before it is checked or sent
OUTPUTS_OFF = "OutputsOff"  # under APP_KEY: McuPublishCdnParam objects not sent
# Under APP_KEY: [{"PublishCdnUrl": push URL, "PlaybackUrl": where viewers watch it}].
PLAYBACK_URLS = "PlaybackUrls"
PUSH_URL = "PublishCdnUrl"
PLAYBACK_URL = "PlaybackUrl"
# Under APP_KEY: {"duration", "events"}, the room to rehearse with (layouts/core/scenario.py).
SCENARIO = "Scenario"
# Under APP_KEY: who each slot shows by role (layouts/core/roles.py), and the auto-director's
# rules (layouts/core/director.py).
ROLES = "Roles"
RULES = "Rules"
# Under APP_KEY: the show at other output sizes, each a leg of its own (layouts/core/variants.py).
VARIANTS = "Variants"
APP_KEYS = (OUTPUTS_OFF, PLAYBACK_URLS, SCENARIO, ROLES, RULES, VARIANTS)
# How a playback URL is played, told by the end of its path (players pick by it too).
HLS = "hls"
FLV = "flv"
PLAYBACK_SUFFIXES = {".m3u8": HLS, ".flv": FLV}
PLAYBACK_SCHEMES = ("http", "https")
MAX_PLAYBACK_URL_LENGTH = 2000
PLAYBACK_RULE = "playback-url"  # Mix Studio's own check: not a rule of the cloud API
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


def kept_body(document: Any, request: dict[str, Any]) -> dict[str, Any]:
    """The body a show is kept as: its Start body, then our own part when it has one.

    What is checked when a show is saved, and what an export with our part gives
    (an import reads it back key for key). Never sent as it is: a launch takes
    `without_app_part` of it.
    """
    body = start_body(document, request)
    if APP_KEY in request:
        body[APP_KEY] = copy.deepcopy(request[APP_KEY])
    return body


def without_app_part(request: dict[str, Any]) -> dict[str, Any]:
    """The request as the API takes it: our key left out."""
    return {key: value for key, value in request.items() if key != APP_KEY}


def outputs_off(request: Any) -> list[Any]:
    """The CDN outputs a request keeps turned off (as given; the checks judge them)."""
    part = request.get(APP_KEY) if isinstance(request, dict) else None
    listed = part.get(OUTPUTS_OFF) if isinstance(part, dict) else None
    return copy.deepcopy(listed) if isinstance(listed, list) else []


def scenario_of(request: Any) -> Any:
    """The scenario a request keeps (as given: the checks judge it), or None."""
    part = request.get(APP_KEY) if isinstance(request, dict) else None
    return copy.deepcopy(part.get(SCENARIO)) if isinstance(part, dict) else None


def with_scenario(request: dict[str, Any], scenario: Any) -> dict[str, Any]:
    """A copy of the request keeping `scenario` in our own part (None: keeping none;
    our part is left out when nothing else is in it)."""
    kept = copy.deepcopy(request)
    part = kept.get(APP_KEY, {})
    if not isinstance(part, dict):
        return kept  # no place for it: the checks name the part's wrong type
    if scenario is None:
        part.pop(SCENARIO, None)
    else:
        part[SCENARIO] = copy.deepcopy(scenario)
    if part:
        kept[APP_KEY] = part
    else:
        kept.pop(APP_KEY, None)
    return kept


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


def playback_urls(request: Any) -> list[dict[str, str]]:
    """The playback URLs a request keeps, as given: only entries of two strings."""
    part = request.get(APP_KEY) if isinstance(request, dict) else None
    listed = part.get(PLAYBACK_URLS) if isinstance(part, dict) else None
    return [
        {PUSH_URL: entry[PUSH_URL], PLAYBACK_URL: entry[PLAYBACK_URL]}
        for entry in (listed if isinstance(listed, list) else [])
        if isinstance(entry, dict)
        and isinstance(entry.get(PUSH_URL), str)
        and isinstance(entry.get(PLAYBACK_URL), str)
    ]


def playback_kind(url: str) -> str | None:
    """HLS or FLV, as the URL's path ends (.m3u8, .flv); None for anything else."""
    try:
        path = urlsplit(url).path.lower()
    except ValueError:
        return None
    return next((kind for end, kind in PLAYBACK_SUFFIXES.items() if path.endswith(end)), None)


def check_playback_urls(request: Any, allowed: Iterable[str] = ()) -> list[Problem]:
    """Every problem of the playback URLs a request keeps (`APP_KEY`.`PLAYBACK_URLS`).

    Each names an output of the request (on or turned off) once, and plays over
    http(s) as HLS or HTTP-FLV from a public host: the app reads the stream's
    SEI itself, under the same guard as images, so a private address could
    never be read (`allowed`: MIX_IMAGE_ALLOWED_HOSTS, hosts trusted anyway).
    """
    part = request.get(APP_KEY) if isinstance(request, dict) else None
    if not isinstance(part, dict) or PLAYBACK_URLS not in part:
        return []
    listed = part[PLAYBACK_URLS]
    path = f"{APP_KEY}.{PLAYBACK_URLS}"
    if not isinstance(listed, list):
        return [_wrong_type(listed, PLAYBACK_URLS, "a list", path)]
    outputs = set(bodies.cdn_urls(request)) | set(
        bodies.cdn_urls({"PublishCdnParams": outputs_off(request)})
    )
    problems: list[Problem] = []
    if len(listed) > bodies.MAX_OUTPUTS:
        problems.append(
            Problem(
                path,
                PLAYBACK_RULE,
                ERROR,
                gettext_noop("%(field)s lists %(count)d entries; at most %(limit)d are kept."),
                {"field": PLAYBACK_URLS, "count": len(listed), "limit": bodies.MAX_OUTPUTS},
            )
        )
    seen: set[str] = set()
    for index, entry in enumerate(listed):
        problems.extend(_check_playback_entry(entry, f"{path}[{index}]", outputs, seen, allowed))
    return problems


def _check_playback_entry(
    entry: Any, path: str, outputs: set[str], seen: set[str], allowed: Iterable[str]
) -> Iterator[Problem]:
    if not isinstance(entry, dict):
        yield _wrong_type(entry, PLAYBACK_URLS, "an object", path)
        return
    for key in entry:
        if key not in (PUSH_URL, PLAYBACK_URL):
            yield Problem(
                f"{path}.{key}",
                UNKNOWN_FIELD,
                ERROR,
                gettext_noop("%(field)s is not a part of %(shape)s."),
                {"field": str(key)[:60], "shape": PLAYBACK_URLS},
            )
    push = entry.get(PUSH_URL)
    if not isinstance(push, str):
        yield _wrong_type(push, PUSH_URL, "a string", f"{path}.{PUSH_URL}")
    elif push not in outputs:
        yield Problem(
            f"{path}.{PUSH_URL}",
            PLAYBACK_RULE,
            ERROR,
            gettext_noop(
                "%(url)s is not one of the CDN outputs (PublishCdnParams): a playback URL "
                "belongs to an output."
            ),
            {"url": push[:200]},
        )
    elif push in seen:
        yield Problem(
            f"{path}.{PUSH_URL}",
            PLAYBACK_RULE,
            ERROR,
            gettext_noop("%(url)s already has a playback URL; give each output one."),
            {"url": push[:200]},
        )
    else:
        seen.add(push)
    url = entry.get(PLAYBACK_URL)
    if not isinstance(url, str):
        yield _wrong_type(url, PLAYBACK_URL, "a string", f"{path}.{PLAYBACK_URL}")
        return
    found = _playback_url_problem(url, allowed)
    if found is not None:
        template, params = found
        yield Problem(f"{path}.{PLAYBACK_URL}", PLAYBACK_RULE, ERROR, template, params)


def _playback_url_problem(url: str, allowed: Iterable[str]) -> tuple[str, dict[str, Any]] | None:
    shown = {"url": url[:200]}
    if len(url) > MAX_PLAYBACK_URL_LENGTH:
        return (
            gettext_noop("A playback URL is at most %(limit)d characters long."),
            {"limit": MAX_PLAYBACK_URL_LENGTH},
        )
    try:
        parts = urlsplit(url)
        scheme, host, _port = parts.scheme.lower(), parts.hostname, parts.port
    except ValueError:  # a malformed address, or a port out of range
        scheme, host = "", None
    if scheme not in PLAYBACK_SCHEMES or not host:
        return (
            gettext_noop(
                "%(url)s is not an http:// or https:// URL: give the address viewers play "
                "the output at."
            ),
            shown,
        )
    if playback_kind(url) is None:
        return (
            gettext_noop(
                "%(url)s is neither HLS nor HTTP-FLV: its path must end in .m3u8 or .flv."
            ),
            shown,
        )
    if addresses.unreachable_host(url, allowed) is not None:
        return (
            gettext_noop(
                "%(url)s points to a private or local network address; streams are read "
                "from the public internet only (or from hosts on MIX_IMAGE_ALLOWED_HOSTS)."
            ),
            shown,
        )
    return None


def _wrong_type(value: Any, name: str, expected: str, path: str) -> Problem:
    return Problem(
        path,
        WRONG_TYPE,
        ERROR,
        gettext_noop("%(field)s must be %(expected)s, not %(got)s."),
        {"field": name, "expected": expected, "got": json_type_name(value)},
    )
