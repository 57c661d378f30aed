"""check_start / check_update / check_stop / check_show: every rule a server can check in a request.

The request types are data in `layouts.core.contract.bodies`; the VideoParams
inside a request is checked by `layouts.core.rules.document.validate`, so the
editor, the service layer and the emulator apply one set of layout rules. Each
problem names the field path and the rule (R-number, or a short code of our
own). The rules live by topic (see `layouts.core.rules`); this module holds
the entries, which checks each action runs (`START_CHECKS`, `UPDATE_CHECKS`),
and the order of the problems. A new request rule goes into its topic's module
and into `COMMON_CHECKS` (or the list of the one action it concerns).

Order: field by field, a value's type is checked before its range, and rules
that relate several fields read only values whose type was right, so any JSON
gives problems and never an exception. The problems come back sorted so that the
first error is the one a server would meet first: wrong types, then unknown
fields, then missing ones, then everything else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from layouts.core import show
from layouts.core.contract.bodies import (
    MAX_RECORD_KEY_BYTES,
    START,
    START_REQUEST,
    STOP,
    STOP_REQUEST,
    UPDATE,
    UPDATE_REQUEST,
    main_room,
)
from layouts.core.contract.fields import Shape, get_obj, get_str, json_type_name
from layouts.core.contract.problems import (
    ERROR,
    UNKNOWN_FIELD,
    WARNING,
    WRONG_TYPE,
    Problem,
    is_missing,
)
from layouts.core.rules import document as layout_rules
from layouts.core.rules.audio import (
    check_audio,
    check_audio_notes,
    check_audio_rooms,
    check_duplicate_audio_users,
)
from layouts.core.rules.bitrate import check_bitrate, suggested_bitrate
from layouts.core.rules.document_context import ImageHosts
from layouts.core.rules.fields import REQUEST_WALKER
from layouts.core.rules.fixed_on_update import check_fixed_on_update
from layouts.core.rules.outputs import check_cdn_urls, check_outputs
from layouts.core.rules.record import check_record, check_record_name
from layouts.core.rules.request_context import SERVER_IMAGE_HOSTS, Request
from layouts.core.rules.robots import check_robots, check_rooms, check_user_ids
from layouts.core.rules.sei import check_sei
from layouts.core.rules.show import check_app_part, for_show
from layouts.core.rules.transcoding import check_transcoding
from layouts.core.rules.usersigs import check_usersig_claims, check_usersigs_present
from layouts.core.text import gettext_noop
from layouts.core.updates import merge_update

# Names others import from here.
__all__ = [
    "COMMON_CHECKS",
    "SERVER_IMAGE_HOSTS",
    "START_CHECKS",
    "UPDATE_CHECKS",
    "check_app_part",
    "check_request",
    "check_show",
    "check_start",
    "check_stop",
    "check_update",
    "suggested_bitrate",
]

RequestCheck = Callable[[Request], Iterator[Problem]]

# The checks both actions share; Start also checks recording, Update what it may not change.
COMMON_CHECKS: tuple[RequestCheck, ...] = (
    check_rooms,
    check_user_ids,
    check_usersigs_present,
    check_usersig_claims,
    check_robots,
    check_transcoding,
    check_outputs,
    check_cdn_urls,
    check_audio,
    check_duplicate_audio_users,
    check_audio_rooms,
    check_audio_notes,
    check_sei,
    check_bitrate,
)
START_CHECKS: tuple[RequestCheck, ...] = (*COMMON_CHECKS, check_record)
UPDATE_CHECKS: tuple[RequestCheck, ...] = (check_fixed_on_update, *COMMON_CHECKS)


def check_start(
    body: Any, *, image_hosts: ImageHosts = SERVER_IMAGE_HOSTS, now: float | None = None
) -> list[Problem]:
    """Every problem of a StartPublishCdnStream body.

    `now` (Unix seconds) is when the UserSigs are read for their app, user and
    expiry (R11); None leaves them to the server, which verifies them with its key.
    """
    if not isinstance(body, dict):
        return [_not_an_object(body)]
    request = Request(
        action=START, sent=body, params=body, started=None, image_hosts=image_hosts, now=now
    )
    return _checked(request, START_REQUEST, START_CHECKS)


def check_update(
    body: Any,
    *,
    started: dict[str, Any] | None = None,
    image_hosts: ImageHosts = SERVER_IMAGE_HOSTS,
    now: float | None = None,
) -> list[Problem]:
    """Every problem of an UpdatePublishCdnStream body.

    `started` is what is in force on the task: the Start body merged with the
    accepted updates (`merge_update`). Without it, the rules that compare with
    the task (R23, R55, the merged layout) are skipped.
    """
    if not isinstance(body, dict):
        return [_not_an_object(body)]
    if not isinstance(started, dict):
        started = None
    params = merge_update(started, body) if started is not None else body
    request = Request(
        action=UPDATE, sent=body, params=params, started=started, image_hosts=image_hosts, now=now
    )
    return _checked(request, UPDATE_REQUEST, UPDATE_CHECKS)


def check_stop(body: Any) -> list[Problem]:
    """Every problem of a StopPublishCdnStream body (R56)."""
    if not isinstance(body, dict):
        return [_not_an_object(body)]
    problems = list(REQUEST_WALKER.check_object(body, STOP_REQUEST, ""))
    record_key = get_str(body, "RecordKey")
    if record_key is not None:
        problems.extend(check_record_name(record_key, "RecordKey", MAX_RECORD_KEY_BYTES))
    return _ordered(problems)


def check_request(
    action: str, body: Any, *, started: dict[str, Any] | None = None
) -> list[Problem]:
    """The check of `action` (one of ACTIONS)."""
    if action == START:
        return check_start(body)
    if action == UPDATE:
        return check_update(body, started=started)
    if action == STOP:
        return check_stop(body)
    raise ValueError(action)


def check_show(
    body: Any,
    *,
    action: str = START,
    image_hosts: ImageHosts = SERVER_IMAGE_HOSTS,
    launch_severity: str | None = WARNING,
) -> list[Problem]:
    """Every problem of a body kept as a show (a preset), without its launch-time parts.

    `body` is the Start body of the show (`show.start_body`), or an Update body
    being imported. What a launch gives (a missing field, the outputs of R15) is
    of `launch_severity` here (None: not said at all), the launch check makes it
    an error; UserSigs are never kept, so their absence is no problem at all.
    Everything else is as the API says (`rules.show`).
    """
    if not isinstance(body, dict):
        return [_not_an_object(body)]
    sent = show.without_app_part(body)
    if action == UPDATE:
        problems = check_update(sent, image_hosts=image_hosts)
    else:
        problems = check_start(sent, image_hosts=image_hosts)
    kept = for_show(problems, launch_severity)
    if show.APP_KEY in body:
        kept.extend(check_app_part(body[show.APP_KEY], main_room=main_room(body)))
        kept.extend(show.check_playback_urls(body, allowed=image_hosts.allowed))
    return _ordered(kept)


def _checked(request: Request, shape: Shape, checks: Iterable[RequestCheck]) -> list[Problem]:
    """Field by field, then the VideoParams inside, then the rules across fields, in order."""
    problems = list(REQUEST_WALKER.check_object(request.sent, shape, ""))
    problems.extend(_check_video(request))
    for check in checks:
        problems.extend(check(request))
    return _ordered(problems)


def _check_video(request: Request) -> Iterator[Problem]:
    """R13, R21, R24, R35-R47 through rules.document, paths prefixed with VideoParams."""
    sent_video = request.sent.get("VideoParams")
    if not isinstance(sent_video, dict):
        return  # absent, or its wrong type was reported
    merged_video = get_obj(request.params, "VideoParams")
    partial = request.action == UPDATE and request.started is None
    document = sent_video if partial or merged_video is None else merged_video
    problems = layout_rules.validate(
        document,
        with_transcoding=request.with_transcoding,
        main_room=request.main_room,
        image_hosts=request.image_hosts,
    )
    for problem in problems:
        if partial and problem.rule == "R21" and is_missing(problem):
            continue  # an update sends only what changes (R53)
        yield problem.under("VideoParams")


def _not_an_object(body: Any) -> Problem:
    return Problem(
        "",
        "R6",
        ERROR,
        gettext_noop("The request body must be a JSON object, not %(got)s."),
        {"got": json_type_name(body)},
    )


_PHASES = {WRONG_TYPE: 0, "R6": 0, UNKNOWN_FIELD: 1}


def _ordered(problems: list[Problem]) -> list[Problem]:
    """Wrong types first, then unknown fields, then missing ones, then everything else."""

    def phase(problem: Problem) -> int:
        if is_missing(problem):
            return 2
        return _PHASES.get(problem.rule, 3)

    return sorted(problems, key=phase)
