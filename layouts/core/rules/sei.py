"""SEI a task writes into its stream: R48 (the volume-layout SEI) and R49 (pass-through).

PayloadType is 100..254 except Tencent's own 244 (R48, R49), or 5 for a
pass-through that then carries a 32-hex-digit PayloadUuid (R49); AppData is
shorter than 4096 characters (R48). The numbers are `contract.bodies`'.

Our own rule (`shared-payload-type`): the two never share a PayloadType. The
reference does not forbid it, but a reader knows the volume-layout SEI by its
type alone, so a pass-through payload of that type would be read as the layout
(by players, the live page's overlay and Verify).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from layouts.core.contract import bodies
from layouts.core.contract.fields import get_int, get_obj, get_str
from layouts.core.contract.problems import ERROR, SHARED_PAYLOAD_TYPE, Problem
from layouts.core.rules.request_context import Request
from layouts.core.text import gettext_noop

PAYLOAD_UUID_RE = re.compile(bodies.PAYLOAD_UUID_PATTERN)
LAYOUT_VOLUME_TYPE_DEFAULT = bodies.LAYOUT_VOLUME.by_name["PayloadType"].default


def _payload_type_allowed(value: int, *, allow_uuid_type: bool) -> bool:
    in_range = bodies.SEI_MIN_PAYLOAD_TYPE <= value <= bodies.SEI_MAX_PAYLOAD_TYPE
    if in_range and value != bodies.SEI_RESERVED_TYPE:
        return True
    return allow_uuid_type and value == bodies.SEI_UUID_PAYLOAD_TYPE


def _allowed_text(*, allow_uuid_type: bool) -> str:
    text = (
        f"{bodies.SEI_MIN_PAYLOAD_TYPE} to {bodies.SEI_MAX_PAYLOAD_TYPE} "
        f"(except {bodies.SEI_RESERVED_TYPE})"
    )
    return f"{bodies.SEI_UUID_PAYLOAD_TYPE} or {text}" if allow_uuid_type else text


def _check_sei_payload_type(
    value: int, path: str, rule: str, *, allow_uuid_type: bool
) -> Iterator[Problem]:
    if not _payload_type_allowed(value, allow_uuid_type=allow_uuid_type):
        yield Problem(
            path,
            rule,
            ERROR,
            gettext_noop("PayloadType must be %(allowed)s, not %(value)d."),
            {"allowed": _allowed_text(allow_uuid_type=allow_uuid_type), "value": value},
        )


def check_sei(request: Request) -> Iterator[Problem]:
    """R48 (volume-layout SEI), R49 (pass-through SEI) and the types they must not share."""
    yield from check_shared_payload_type(request)
    sei = get_obj(request.sent, "SeiParams")
    volume = get_obj(sei, "LayoutVolume")
    app_data = get_str(volume, "AppData")
    if app_data is not None and len(app_data) >= bodies.MAX_APP_DATA:
        yield Problem(
            "SeiParams.LayoutVolume.AppData",
            "R48",
            ERROR,
            gettext_noop("AppData has %(length)d characters; it must be shorter than %(max)d."),
            {"length": len(app_data), "max": bodies.MAX_APP_DATA},
        )
    payload_type = get_int(volume, "PayloadType")
    if payload_type == bodies.SEI_RESERVED_TYPE:
        path = "SeiParams.LayoutVolume.PayloadType"
        yield from _check_sei_payload_type(payload_type, path, "R48", allow_uuid_type=False)
    passthrough = get_obj(sei, "PassThrough")
    payload_type = get_int(passthrough, "PayloadType")
    if payload_type is None:
        return
    path = "SeiParams.PassThrough.PayloadType"
    yield from _check_sei_payload_type(payload_type, path, "R49", allow_uuid_type=True)
    uuid = get_str(passthrough, "PayloadUuid")
    if payload_type == bodies.SEI_UUID_PAYLOAD_TYPE and (
        uuid is None or not PAYLOAD_UUID_RE.fullmatch(uuid)
    ):
        yield Problem(
            "SeiParams.PassThrough.PayloadUuid",
            "R49",
            ERROR,
            gettext_noop("PayloadType 5 needs a PayloadUuid of exactly 32 hexadecimal characters."),
        )


def check_shared_payload_type(request: Request) -> Iterator[Problem]:
    """The pass-through SEI never takes the volume-layout SEI's PayloadType.

    Read from what will be in force, so an Update that changes either one is
    judged against the other one on the task.
    """
    sei = get_obj(request.params, "SeiParams")
    volume, passthrough = get_obj(sei, "LayoutVolume"), get_obj(sei, "PassThrough")
    if volume is None or passthrough is None:
        return
    shared = get_int(passthrough, "PayloadType")
    if "PayloadType" in volume:
        volume_type = get_int(volume, "PayloadType")
        template = gettext_noop(
            "PayloadType %(value)d is also the volume-layout SEI's "
            "(SeiParams.LayoutVolume.PayloadType): players and Verify would read this "
            "pass-through payload as the layout. Give one of them another type."
        )
    else:
        volume_type = LAYOUT_VOLUME_TYPE_DEFAULT
        template = gettext_noop(
            "PayloadType %(value)d is also the volume-layout SEI's "
            "(SeiParams.LayoutVolume.PayloadType, %(value)d when not given): players and "
            "Verify would read this pass-through payload as the layout. Give one of them "
            "another type."
        )
    if shared is None or shared != volume_type:
        return
    yield Problem(
        "SeiParams.PassThrough.PayloadType", SHARED_PAYLOAD_TYPE, ERROR, template, {"value": shared}
    )
