"""Building the request bodies: the launch's show, robots and their UserSigs, CDN flags.

Also the two ways a body leaves the building: masked for answers, pages and
logs (`redact`), or without credentials for storage (`stored`).
"""

from __future__ import annotations

import copy
from typing import Any

from django.conf import settings

from layouts.core import show
from layouts.core.contract import bodies
from layouts.core.contract.problems import ERROR, Problem
from layouts.core.rules.document import ImageHosts
from layouts.models import Preset
from studio import redaction
from studio.cloud import backends, usersig
from studio.control.models import AppProfile
from studio.control.services.errors import RequestInvalid

ROBOT_PREFIX = "mixstudio_robot_"  # R9: a reserved prefix keeps robots apart from people
REDACTED = redaction.MASK


def image_hosts_for(backend: str) -> ImageHosts:
    """How to judge images the cloud cannot reach: refused for the real cloud only.

    The emulator runs beside the app and may fetch its own assets, so it is not
    held to what Tencent's servers can reach.
    """
    if backend != backends.TENCENT:
        return ImageHosts(severity=None)
    return ImageHosts(severity=ERROR, allowed=frozenset(settings.MIX_IMAGE_ALLOWED_HOSTS))


def robot_user_id(room_id: str) -> str:
    """The default robot UserId: reserved prefix + room, cut to the 32-byte limit (R10)."""
    safe_room = "".join(c if c.isalnum() or c in "_-" else "_" for c in room_id)
    return (ROBOT_PREFIX + safe_room)[:32]


def launch_show(
    request: dict[str, Any], preset: Preset | None, *, fill_from_preset: bool = True
) -> dict[str, Any]:
    """The request to launch: the preset's whole show under the parts the request gives.

    Each top-level part the request gives replaces the preset's whole; with
    `fill_from_preset` off the preset is only recorded as the task's source
    (the launch page sends the whole body it shows). Our own part (the outputs
    turned off, `show.APP_KEY`) is still in it.
    """
    if preset is None or not fill_from_preset:
        return copy.deepcopy(request)
    base = show.start_body(preset.document, preset.request)
    if show.APP_KEY in preset.request and show.APP_KEY not in request:
        base[show.APP_KEY] = copy.deepcopy(preset.request[show.APP_KEY])
    return {**base, **copy.deepcopy(request)}


def build_start_body(
    app: AppProfile,
    request: dict[str, Any],
    preset: Preset | None,
    *,
    fill_from_preset: bool = True,
) -> dict[str, Any]:
    body = show.without_app_part(launch_show(request, preset, fill_from_preset=fill_from_preset))
    body["SdkAppId"] = app.sdk_app_id
    body.setdefault("WithTranscoding", 1)
    agent = body.setdefault("AgentParams", {})
    if isinstance(agent, dict) and isinstance(body.get("RoomId"), str):
        agent.setdefault("UserId", robot_user_id(body["RoomId"]))
    # Key for key: an output without IsTencentCdn goes without it (the cloud takes 1, R19).
    sign_robots(app, body)
    drop_masked_storage_keys(body)
    return body


def listed(body: dict[str, Any], key: str) -> list[Any]:
    # The rules name a non-list here; building the body must not trip over it first.
    value = body.get(key)
    return value if isinstance(value, list) else []


def explicit_cdn_flags(body: dict[str, Any]) -> None:
    """R19 said out loud on an Update's outputs (the default is 1, the fee depends on it).

    A launch sends the show key for key and never calls this.
    """
    for target in listed(body, "PublishCdnParams"):
        if isinstance(target, dict):
            target.setdefault("IsTencentCdn", 1)


def sign_robots(app: AppProfile, body: dict[str, Any]) -> None:
    """Fill missing UserSigs of the robot and push-back robots when the app holds the key.

    A UserSig shown as the mask (a body read back from storage) counts as missing.
    """
    for _path, robot in bodies.robots(body):
        if robot.get("UserSig") == REDACTED:
            robot.pop("UserSig")
        if robot.get("UserSig"):
            continue
        user_id = robot.get("UserId")
        if isinstance(user_id, str) and app.has_sdk_secret_key:
            robot["UserSig"] = usersig.gen_usersig(app.sdk_app_id, user_id, app.sdk_secret_key)


def drop_masked_storage_keys(body: dict[str, Any]) -> None:
    """A storage key shown as the mask (a body read back from an answer) counts as missing,
    so the launch check names it as the cloud would (MissingParameter.AccessKey)."""
    record = body.get("RecordParams")
    storage = record.get("McuStorageParams") if isinstance(record, dict) else None
    cloud = storage.get(bodies.CLOUD_STORAGE_KEY) if isinstance(storage, dict) else None
    if not isinstance(cloud, dict):
        return
    for name in bodies.STORAGE_SECRETS:
        if cloud.get(name) == REDACTED:
            cloud.pop(name)


def redact(value: Any) -> Any:
    """A copy with every secret masked, by name and by shape, for answers, pages and logs."""
    return redaction.redact(value)


def stored(value: Any) -> Any:
    """A copy fit to keep: no credential, push URLs whole (the app must send them again)."""
    return redaction.strip_credentials(value)


def refuse_errors(problems: list[Problem]) -> None:
    if any(p.severity == ERROR for p in problems):
        raise RequestInvalid(problems)
