"""R11: every robot a request logs in carries a UserSig issued for this app and robot.

A UserSig is present (the server verifies its signature with the app's key),
and what it claims is readable without that key (`layouts.core.usersig`): its
app, its user and its expiry, judged against the clock the caller passes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from layouts.core.contract import bodies
from layouts.core.contract.fields import get_int, get_list, get_obj, get_str
from layouts.core.contract.problems import ERROR, Problem, missing
from layouts.core.rules.request_context import Request
from layouts.core.text import gettext_noop
from layouts.core.usersig import MalformedUserSig, read_usersig


def check_usersigs_present(request: Request) -> Iterator[Problem]:
    """R11: the robot and every push-back robot carry a UserSig (verified by the server)."""
    for path, robot in _signed_robots(request):
        if "UserSig" not in robot or robot["UserSig"] == "":
            yield missing(f"{path}.UserSig", "R11")


def check_usersig_claims(request: Request) -> Iterator[Problem]:
    """R11: each UserSig given was issued for this app and this robot, and has not expired.

    What a UserSig claims is readable without the app's key (layouts/core/usersig.py);
    its signature is the server's to verify.
    """
    if request.now is None:
        return
    sdk_app_id = get_int(request.sent, "SdkAppId")
    for path, robot in _signed_robots(request):
        usersig, user_id = get_str(robot, "UserSig"), get_str(robot, "UserId")
        if not usersig:
            continue  # missing: check_usersigs_present says so
        try:
            claims, _signature = read_usersig(usersig)
        except MalformedUserSig:
            yield Problem(
                f"{path}.UserSig",
                "R11",
                ERROR,
                gettext_noop(
                    "The UserSig of %(robot)s cannot be read: a UserSig is zlib-compressed JSON "
                    "in base64 (TLSSigAPIv2). Paste it whole, or leave it out to have it generated."
                ),
                {"robot": path},
            )
            continue
        if sdk_app_id is not None and claims.sdk_app_id != sdk_app_id:
            yield Problem(
                f"{path}.UserSig",
                "R11",
                ERROR,
                gettext_noop(
                    "The UserSig of %(robot)s was issued for SdkAppId %(got)s, not for this "
                    "task's %(want)s: the cloud refuses it."
                ),
                {"robot": path, "got": str(claims.sdk_app_id), "want": str(sdk_app_id)},
            )
        if user_id is not None and claims.user_id != user_id:
            yield Problem(
                f"{path}.UserSig",
                "R11",
                ERROR,
                gettext_noop(
                    'The UserSig of %(robot)s was issued for UserId "%(got)s", not for the '
                    'robot "%(want)s": the cloud refuses it.'
                ),
                {"robot": path, "got": claims.user_id[:40], "want": user_id[:40]},
            )
        if claims.expires_at <= request.now:
            yield Problem(
                f"{path}.UserSig",
                "R11",
                ERROR,
                gettext_noop(
                    "The UserSig of %(robot)s expired on %(when)s (UTC): the cloud refuses it. "
                    "Give a fresh one, or leave it out to have it generated."
                ),
                {"robot": path, "when": _utc_text(claims.expires_at)},
            )


def _signed_robots(request: Request) -> Iterator[tuple[str, dict[str, Any]]]:
    """(path, object) of each robot this request logs in: AgentParams on Start, push-backs."""
    if request.action == bodies.START:
        agent = get_obj(request.sent, "AgentParams")
        if agent is not None:
            yield "AgentParams", agent
    for index, room in enumerate(get_list(request.sent, "FeedBackRoomParams")):
        if isinstance(room, dict):
            yield f"FeedBackRoomParams[{index}]", room


def _utc_text(seconds: int) -> str:
    try:
        moment = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
    except (OverflowError, OSError, ValueError):
        return str(seconds)
    return moment.strftime("%Y-%m-%d %H:%M")
