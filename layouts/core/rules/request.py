"""check_start / check_update / check_stop: every rule a server can check in a request.

The request types are data in `layouts.core.contract.bodies`; the VideoParams inside
a request is checked by `layouts.core.rules.document.validate`, so the editor, the service
layer and the emulator apply one set of layout rules. Each problem names the
field path and the rule (R-number, or a short code of our own). Nothing here
imports Django.

Order: field by field, a value's type is checked before its range, and rules
that relate several fields read only values whose type was right, so any JSON
gives problems and never an exception. The problems come back sorted so that the
first error is the one a server would meet first: wrong types, then unknown
fields, then missing ones, then everything else.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from layouts.core import show
from layouts.core.contract import bodies, video
from layouts.core.contract.bodies import (
    AUDIO,
    AUDIO_ENCODE,
    AUDIO_LISTS,
    MAX_APP_DATA,
    SEI_RESERVED_TYPE,
    START,
    START_REQUEST,
    STOP,
    STOP_REQUEST,
    UPDATE,
    UPDATE_REQUEST,
    VIDEO,
)
from layouts.core.contract.document import Binding, read_audio_list, read_binding, read_document
from layouts.core.contract.fields import (
    LIST,
    Field,
    Shape,
    get_int,
    get_list,
    get_obj,
    get_str,
    json_type_name,
)
from layouts.core.contract.problems import (
    ERROR,
    UNKNOWN_FIELD,
    WARNING,
    WRONG_TYPE,
    Problem,
    is_missing,
    missing,
)
from layouts.core.contract.rooms import Room, room_of
from layouts.core.rules import document as layout_rules
from layouts.core.rules.document import ImageHosts
from layouts.core.text import gettext_noop
from layouts.core.updates import merge_update
from layouts.core.usersig import MalformedUserSig, read_usersig

RECORD_NAME_RE = re.compile(r"[A-Za-z0-9_-]*")  # B.19 RecordKey, UserDefineRecordPrefix
HEX32_RE = re.compile(r"[0-9A-Fa-f]{32}")  # R49 PayloadUuid


# ---------------------------------------------------------------------------
# The three checks.


# A server (the cloud, the emulator) accepts an image it cannot fetch and ignores it;
# the service layer passes the policy of the backend it is about to call.
SERVER_IMAGE_HOSTS = ImageHosts(severity=None)


def check_start(
    body: Any, *, image_hosts: ImageHosts = SERVER_IMAGE_HOSTS, now: float | None = None
) -> list[Problem]:
    """Every problem of a StartPublishCdnStream body.

    `now` (Unix seconds) is when the UserSigs are read for their app, user and
    expiry (R11); None leaves them to the server, which verifies them with its key.
    """
    if not isinstance(body, dict):
        return [_not_an_object(body)]
    request = _Request(
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
    request = _Request(
        action=UPDATE, sent=body, params=params, started=started, image_hosts=image_hosts, now=now
    )
    return _checked(request, UPDATE_REQUEST, UPDATE_CHECKS)


def _checked(request: _Request, shape: Shape, checks: tuple) -> list[Problem]:
    """Field by field, then the VideoParams inside, then the rules across fields, in order."""
    problems = list(REQUEST_WALKER.check_object(request.sent, shape, ""))
    problems.extend(_check_video(request))
    for check in checks:
        problems.extend(check(request))
    return _ordered(problems)


def check_stop(body: Any) -> list[Problem]:
    """Every problem of a StopPublishCdnStream body (R56)."""
    if not isinstance(body, dict):
        return [_not_an_object(body)]
    problems = list(REQUEST_WALKER.check_object(body, STOP_REQUEST, ""))
    record_key = get_str(body, "RecordKey")
    if record_key is not None:
        problems.extend(_check_record_name(record_key, "RecordKey", 128))
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


# ---------------------------------------------------------------------------
# Field by field: unknown fields, missing fields, types, ranges.


def _shape_named(name: str) -> Shape:
    return bodies.SHAPES.get(name) or video.SHAPES[name]


def _not_an_object(body: Any) -> Problem:
    return Problem(
        "",
        "R6",
        ERROR,
        gettext_noop("The request body must be a JSON object, not %(got)s."),
        {"got": json_type_name(body)},
    )


# The same walk as the document's, but a request's own fields are all known:
# an unknown one is refused (R6), while VideoParams keeps its unknown fields
# and is checked by layouts.core.rules.document.validate.
REQUEST_WALKER = layout_rules.FieldWalker(
    shape_named=_shape_named,
    unknown_severity=ERROR,
    unknown_template=gettext_noop("%(field)s is not a parameter of %(shape)s (R6)."),
    skip_shapes=bodies.DELEGATED_SHAPES,
)


_PHASES = {WRONG_TYPE: 0, "R6": 0, UNKNOWN_FIELD: 1}


def _ordered(problems: list[Problem]) -> list[Problem]:
    def phase(problem: Problem) -> int:
        if is_missing(problem):
            return 2
        return _PHASES.get(problem.rule, 3)

    return sorted(problems, key=phase)


# ---------------------------------------------------------------------------
# Rules that relate several fields. They read values only through the typed
# accessors below, which return None (or []) for a value of the wrong type.


@dataclass(frozen=True)
class _Request:
    """What the cross-field rules read.

    `sent` is the body as received; `params` is what will be in force if it is
    accepted (the Start body itself, or the task's parameters merged with the
    update); `started` is what is in force now (Update only, when known).
    """

    action: str
    sent: dict[str, Any]
    params: dict[str, Any]
    started: dict[str, Any] | None
    image_hosts: ImageHosts = SERVER_IMAGE_HOSTS
    now: float | None = None  # when UserSigs are read (R11); None: left to the server

    @property
    def main_room(self) -> tuple[str, int] | None:
        return bodies.main_room(self.started if self.action == UPDATE else self.sent)

    @property
    def with_transcoding(self) -> int | None:
        # R55: an Update cannot change it, so the task's own value decides.
        for source in (self.started, self.sent):
            value = get_int(source, "WithTranscoding")
            if value in (0, 1):
                return value
        return None

    @property
    def layout_mode(self) -> int | None:
        layout = get_obj(get_obj(self.params, "VideoParams"), "LayoutParams")
        mode = get_int(layout, "MixLayoutMode")
        return mode if mode in video.MODE_NAMES else None


def _audio_users(params: Any) -> Iterator[Binding]:
    audio = get_obj(params, "AudioParams")
    for list_name in AUDIO_LISTS:
        for entry in read_audio_list(audio, list_name):
            yield entry.user


def _single_user(params: Any) -> Iterator[Binding]:
    stream = get_obj(get_obj(params, "SingleSubscribeParams"), "UserMediaStream")
    user = read_binding(stream, "SingleSubscribeParams.UserMediaStream.UserInfo")
    if user is not None:
        yield user


def _layout_users(params: Any) -> Iterator[Binding]:
    for user in read_document(get_obj(params, "VideoParams")).bindings():
        yield replace(user, path=f"VideoParams.{user.path}")


def _room_of(user: Binding, main: Room | None) -> tuple[str | None, int | None]:
    return room_of(user.room_id, user.room_id_type, main)


def check_rooms(request: _Request) -> Iterator[Problem]:
    """R8: room IDs match their RoomIdType (the main room, push-back rooms, audio users)."""
    sent = request.sent
    if request.action == START:
        room_id, room_type = get_str(sent, "RoomId"), get_int(sent, "RoomIdType")
        if room_id is not None:
            yield from layout_rules.check_room_id(room_id, room_type, "RoomId")
    for index, room in enumerate(get_list(sent, "FeedBackRoomParams")):
        room_id = get_str(room, "RoomId")
        if room_id is not None:
            path = f"FeedBackRoomParams[{index}].RoomId"
            yield from layout_rules.check_room_id(room_id, get_int(room, "RoomIdType"), path)
    for user in (*_audio_users(sent), *_single_user(sent)):
        if user.room_id is not None:
            _, room_type = _room_of(user, request.main_room)
            yield from layout_rules.check_room_id(user.room_id, room_type, f"{user.path}.RoomId")


def check_user_ids(request: _Request) -> Iterator[Problem]:
    """R10 for robots and audio users (layouts.core.rules.document checks the layout's users)."""
    for path, user_id in _robots(request.sent):
        yield from layout_rules.check_user_id(user_id, path)
    for user in (*_audio_users(request.sent), *_single_user(request.sent)):
        if user.user_id is not None:
            yield from layout_rules.check_user_id(user.user_id, f"{user.path}.UserId")


def _robots(params: Any) -> Iterator[tuple[str, str]]:
    """(path, UserId) of the robot and of every push-back robot."""
    agent_id = get_str(get_obj(params, "AgentParams"), "UserId")
    if agent_id is not None:
        yield "AgentParams.UserId", agent_id
    for index, room in enumerate(get_list(params, "FeedBackRoomParams")):
        user_id = get_str(room, "UserId")
        if user_id is not None:
            yield f"FeedBackRoomParams[{index}].UserId", user_id


def check_robots(request: _Request) -> Iterator[Problem]:
    """R9: each robot is unique in the request and is not one of the users it mixes."""
    seen: dict[str, str] = {}
    for path, user_id in _robots(request.params):
        if user_id in seen:
            yield Problem(
                path,
                "R9",
                ERROR,
                gettext_noop(
                    'Robot "%(user)s" is also %(other)s; every robot needs its own '
                    "UserId or the cloud kicks one out and the task dies."
                ),
                {"user": user_id[:40], "other": seen[user_id]},
            )
        else:
            seen[user_id] = path
    main = request.main_room
    users = [*_layout_users(request.params), *_audio_users(request.params)]
    users.extend(_single_user(request.params))
    for path, room_id, _room_type, robot_id in bodies.robot_seats(request.params):
        for user in users:
            user_room = _room_of(user, main)
            if user.user_id == robot_id and user_room[0] == room_id:
                yield Problem(
                    path,
                    "R9",
                    ERROR,
                    gettext_noop(
                        'Robot "%(user)s" has the UserId of a user this task mixes '
                        "(%(where)s); the robot would kick that user out of room %(room)s."
                    ),
                    {"user": robot_id[:40], "where": user.path, "room": room_id[:40]},
                )
                break


def check_usersigs_present(request: _Request) -> Iterator[Problem]:
    """R11: the robot and every push-back robot carry a UserSig (verified by the server)."""
    robots = []
    if request.action == START and get_obj(request.sent, "AgentParams") is not None:
        robots.append(("AgentParams", request.sent["AgentParams"]))
    for index, room in enumerate(get_list(request.sent, "FeedBackRoomParams")):
        if isinstance(room, dict):
            robots.append((f"FeedBackRoomParams[{index}]", room))
    for path, robot in robots:
        if "UserSig" not in robot or robot["UserSig"] == "":
            yield missing(f"{path}.UserSig", "R11")


def check_usersig_claims(request: _Request) -> Iterator[Problem]:
    """R11: each UserSig given was issued for this app and this robot, and has not expired.

    What a UserSig claims is readable without the app's key (layouts/usersig.py);
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


def _signed_robots(request: _Request) -> Iterator[tuple[str, Any]]:
    """(path, object) of each robot this request logs in: AgentParams on Start, push-backs."""
    if request.action == START:
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


def check_transcoding(request: _Request) -> Iterator[Problem]:
    """R14 (single-stream relay needs WithTranscoding 0) and R54 (video updates need 1)."""
    with_transcoding = request.with_transcoding
    if "SingleSubscribeParams" in request.sent and with_transcoding == 1:
        yield Problem(
            "SingleSubscribeParams",
            "R14",
            ERROR,
            gettext_noop(
                "SingleSubscribeParams relays one stream unchanged, which needs "
                "WithTranscoding 0; this task transcodes (WithTranscoding 1)."
            ),
        )
    if request.action == START:
        if with_transcoding == 0 and "VideoParams" in request.sent:
            if "SingleSubscribeParams" not in request.sent:
                yield Problem(
                    "SingleSubscribeParams",
                    "R14",
                    ERROR,
                    gettext_noop(
                        "Without transcoding (WithTranscoding 0) the task relays one stream "
                        "unchanged; name it in SingleSubscribeParams."
                    ),
                )
    elif with_transcoding == 0 and "VideoParams" in request.sent:
        yield Problem(
            "VideoParams",
            "R54",
            ERROR,
            gettext_noop(
                "This task relays one stream unchanged (WithTranscoding 0), so its video "
                "parameters cannot be updated; only a transcoding task's can."
            ),
        )


def check_outputs(request: _Request) -> Iterator[Problem]:
    """R15: the task pushes somewhere (a CDN or a room)."""
    if request.action == UPDATE and request.started is None:
        # Without the task, only an update that sends both lists can be judged.
        if not ("PublishCdnParams" in request.sent and "FeedBackRoomParams" in request.sent):
            return
    targets = get_list(request.params, "PublishCdnParams")
    rooms = get_list(request.params, "FeedBackRoomParams")
    if targets or rooms:
        return
    for key in ("PublishCdnParams", "FeedBackRoomParams"):
        value = request.params.get(key)
        if value is not None and not isinstance(value, list):
            return  # the wrong type is reported on its own
    yield Problem(
        "PublishCdnParams",
        "R15",
        ERROR,
        gettext_noop(
            "The task has nowhere to send the mix: give at least one CDN URL in "
            "PublishCdnParams or one room in FeedBackRoomParams."
        ),
    )


def check_cdn_urls(request: _Request) -> Iterator[Problem]:
    """R18: rtmp:// URLs, each at most once in a task."""
    seen: dict[str, int] = {}
    for index, target in enumerate(get_list(request.sent, "PublishCdnParams")):
        url = get_str(target, "PublishCdnUrl")
        if url is None:
            continue
        path = f"PublishCdnParams[{index}].PublishCdnUrl"
        if not _is_rtmp_url(url):
            yield Problem(
                path,
                "R18",
                ERROR,
                gettext_noop('CDN URL "%(value)s" must be an rtmp:// address.'),
                # Without the query: push URLs carry their txSecret there.
                {"value": url.split("?", 1)[0][:60]},
            )
        elif url in seen:
            yield Problem(
                path,
                "R18",
                ERROR,
                gettext_noop(
                    "CDN URL %(n)d repeats URL %(other)d; pushing one stream twice to the "
                    "same address makes both pushes flap."
                ),
                {"n": index + 1, "other": seen[url] + 1},
            )
        else:
            seen[url] = index


def _is_rtmp_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError:
        return False
    return url.startswith("rtmp://") and bool(hostname) and not any(c.isspace() for c in url)


def check_audio(request: _Request) -> Iterator[Problem]:
    """R20 (Start carries AudioParams.AudioEncode) and R32 (codec combinations)."""
    sent = request.sent
    if request.action == START:
        if "AudioParams" not in sent:
            yield missing("AudioParams", "R20")
        elif isinstance(sent["AudioParams"], dict) and "AudioEncode" not in sent["AudioParams"]:
            yield missing("AudioParams.AudioEncode", "R20")
    encode = get_obj(get_obj(sent, "AudioParams"), "AudioEncode")
    codec = get_int(encode, "Codec")
    if codec == 2 and get_int(encode, "Channel") == 1:
        yield Problem(
            "AudioParams.AudioEncode.Channel",
            "R32",
            ERROR,
            gettext_noop("HE-AACv2 (Codec 2) is stereo only: set Channel to 2."),
        )
    if codec in (1, 2) and get_int(encode, "SampleRate") == 8000:
        yield Problem(
            "AudioParams.AudioEncode.SampleRate",
            "R32",
            ERROR,
            gettext_noop(
                "HE-AAC (Codec %(codec)d) cannot encode at 8000 Hz; choose 16000 Hz or more."
            ),
            {"codec": codec},
        )


def check_audio_rooms(request: _Request) -> Iterator[Problem]:
    """R24 (dynamic layouts mix one room) and R25 (audio users match the layout's rooms)."""
    main = request.main_room
    if main is None:
        return
    mode = request.layout_mode
    audio_users = list(_audio_users(request.params))
    if mode in video.DYNAMIC_MODES:
        for user in audio_users:
            if layout_rules.outside_main_room(user, main):
                room = user.room_id or main[0]
                yield layout_rules.single_room_problem(f"{user.path}.RoomId", mode, room, main)
        return
    if mode != video.CUSTOM_MODE:
        return
    layout_rooms: dict[str, set[str | None]] = {}
    for user in _layout_users(request.params):
        if user.user_id is not None:
            layout_rooms.setdefault(user.user_id, set()).add(_room_of(user, main)[0])
    for user in audio_users:
        rooms = layout_rooms.get(user.user_id) if user.user_id is not None else None
        room_id, _ = _room_of(user, main)
        if rooms and room_id not in rooms:
            yield Problem(
                f"{user.path}.RoomId",
                "R25",
                ERROR,
                gettext_noop(
                    'User "%(user)s" is in room %(room)s here but in room %(layout)s in '
                    "the layout; a user's RoomId (default: the task's room) must match."
                ),
                {
                    "user": str(user.user_id)[:40],
                    "room": str(room_id)[:40],
                    "layout": ", ".join(sorted(str(r)[:40] for r in rooms)),
                },
            )


def _whitelisted(params: Any) -> list[Binding]:
    audio = get_obj(params, "AudioParams")
    users = []
    for index, entry in enumerate(get_list(audio, "SubscribeAudioList")):
        path = f"AudioParams.SubscribeAudioList[{index}].UserInfo"
        user = read_binding(entry if isinstance(entry, dict) else None, path)
        if user is not None:
            users.append(user)
    return users


def check_audio_notes(request: _Request) -> Iterator[Problem]:
    """Notes on the audio lists: R26 (cross-room PK), R33 (the two lists), R34 (SoundLevel).

    None of these is refused by the cloud; each says what the producer would hear.
    """
    main = request.main_room
    audio = get_obj(request.params, "AudioParams")
    whitelist = _whitelisted(request.params)
    if main is not None and request.layout_mode == video.CUSTOM_MODE and not whitelist:
        other = next(
            (
                user
                for user in _layout_users(request.params)
                if layout_rules.outside_main_room(user, main)
            ),
            None,
        )
        if other is not None:
            yield Problem(
                "AudioParams.SubscribeAudioList",
                "R26",
                WARNING,
                gettext_noop(
                    "The layout mixes room %(room)s besides the task's room, and the audio "
                    "mixes everyone: a cross-room PK anchor's audio is then pulled twice and "
                    "heard twice. List the users to hear in SubscribeAudioList."
                ),
                {"room": str(_room_of(other, main)[0])[:40]},
            )
    heard = {_audio_key(user, main): user for user in whitelist}
    for index, entry in enumerate(get_list(audio, "UnSubscribeAudioList")):
        path = f"AudioParams.UnSubscribeAudioList[{index}]"
        user = read_binding(entry if isinstance(entry, dict) else None, f"{path}.UserInfo")
        if user is not None and _audio_key(user, main) in heard:
            yield Problem(
                f"{path}.UserInfo.UserId",
                "R33",
                WARNING,
                gettext_noop(
                    'User "%(user)s" is on both audio lists: a user on the blacklist is not '
                    "heard, whitelist or not."
                ),
                {"user": str(user.user_id)[:40]},
            )
        if isinstance(entry, dict) and "SoundLevel" in entry:
            yield Problem(
                f"{path}.SoundLevel",
                "R34",
                WARNING,
                gettext_noop(
                    "SoundLevel has no effect on the blacklist: only the levels of "
                    "whitelisted users (SubscribeAudioList) apply."
                ),
            )
    sent_audio = get_obj(request.sent, "AudioParams")
    if request.action == UPDATE and sent_audio is not None:
        lists = [
            name for name in ("SubscribeAudioList", "UnSubscribeAudioList") if name in sent_audio
        ]
        if len(lists) == 1:
            other_list = (
                "UnSubscribeAudioList" if lists[0] == "SubscribeAudioList" else "SubscribeAudioList"
            )
            yield Problem(
                f"AudioParams.{other_list}",
                "R33",
                WARNING,
                gettext_noop(
                    "This update sends %(sent)s without %(other)s; when either audio list is "
                    "sent, send both, so that what is heard does not depend on how the cloud "
                    "merges them."
                ),
                {"sent": lists[0], "other": other_list},
            )


def _audio_key(user: Binding, main: Room | None) -> tuple[str | None, str | None]:
    return user.user_id, _room_of(user, main)[0]


# Mix Studio's own rule of thumb, not a rule of Tencent's: the bitrates Tencent's
# Web SDK recommends for these sizes at 15 fps (trtc.io/document/59654, "Set
# Encoding Profile"), interpolated by pixel count and scaled with the square root
# of the frame rate. Only a bitrate under a quarter of that is worth a warning.
BITRATE_HEURISTIC = "bitrate-heuristic"
BITRATE_ANCHORS = (  # (pixels, kbps at 15 fps)
    (160 * 120, 200),
    (320 * 180, 350),
    (320 * 240, 400),
    (640 * 360, 800),
    (640 * 480, 900),
    (1280 * 720, 1500),
    (1920 * 1080, 2000),
)
BITRATE_ANCHOR_FPS = 15
BITRATE_LOW_SHARE = 0.25


def suggested_bitrate(width: int, height: int, fps: int) -> int:
    """The kbps the heuristic above expects for this size and frame rate."""
    pixels = width * height
    low_pixels, low_rate = 0, 0
    rate = None
    for anchor_pixels, anchor_rate in BITRATE_ANCHORS:
        if pixels <= anchor_pixels:
            share = (pixels - low_pixels) / (anchor_pixels - low_pixels)
            rate = low_rate + share * (anchor_rate - low_rate)
            break
        low_pixels, low_rate = anchor_pixels, anchor_rate
    if rate is None:  # beyond 1080p: in proportion to the pixels
        rate = low_rate * pixels / low_pixels
    return round(rate * (max(fps, 1) / BITRATE_ANCHOR_FPS) ** 0.5)


def check_bitrate(request: _Request) -> Iterator[Problem]:
    """A video bitrate far too low for its size and frame rate (the app's own heuristic)."""
    if request.with_transcoding != 1:
        return  # a relay's VideoEncode describes the upstream as it is (R22)
    if get_obj(get_obj(request.sent, "VideoParams"), "VideoEncode") is None:
        return
    encode = get_obj(get_obj(request.params, "VideoParams"), "VideoEncode")
    width, height = get_int(encode, "Width"), get_int(encode, "Height")
    fps, bitrate = get_int(encode, "Fps"), get_int(encode, "BitRate")
    if None in (width, height, fps, bitrate) or min(width, height, fps, bitrate) <= 0:
        return
    values = {"Width": width, "Height": height, "Fps": fps, "BitRate": bitrate}
    for name, value in values.items():
        limit = video.VIDEO_ENCODE.by_name[name].maximum
        if limit is not None and value > limit:
            return  # out of range: R35 says so, and no rule of thumb applies
    suggested = suggested_bitrate(width, height, fps)
    if bitrate >= suggested * BITRATE_LOW_SHARE:
        return
    yield Problem(
        "VideoParams.VideoEncode.BitRate",
        BITRATE_HEURISTIC,
        WARNING,
        gettext_noop(
            "%(bitrate)d kbps is very little for %(width)dx%(height)d at %(fps)d fps: expect a "
            "blocky picture. Mix Studio's own rule of thumb, scaled from the bitrates Tencent's "
            "Web SDK recommends (1500 kbps for 720p at 15 fps), suggests about %(suggested)d kbps."
        ),
        {"bitrate": bitrate, "width": width, "height": height, "fps": fps, "suggested": suggested},
    )


def _check_sei_payload_type(
    value: int, path: str, rule: str, *, allow_5: bool
) -> Iterator[Problem]:
    allowed = (100 <= value <= 254 and value != SEI_RESERVED_TYPE) or (allow_5 and value == 5)
    if not allowed:
        yield Problem(
            path,
            rule,
            ERROR,
            gettext_noop("PayloadType must be %(allowed)s, not %(value)d."),
            {
                "allowed": ("5 or " if allow_5 else "") + "100 to 254 (except 244)",
                "value": value,
            },
        )


def check_sei(request: _Request) -> Iterator[Problem]:
    """R48 (volume-layout SEI) and R49 (pass-through SEI)."""
    sei = get_obj(request.sent, "SeiParams")
    volume = get_obj(sei, "LayoutVolume")
    app_data = get_str(volume, "AppData")
    if app_data is not None and len(app_data) >= MAX_APP_DATA:
        yield Problem(
            "SeiParams.LayoutVolume.AppData",
            "R48",
            ERROR,
            gettext_noop("AppData has %(length)d characters; it must be shorter than %(max)d."),
            {"length": len(app_data), "max": MAX_APP_DATA},
        )
    payload_type = get_int(volume, "PayloadType")
    if payload_type == SEI_RESERVED_TYPE:
        path = "SeiParams.LayoutVolume.PayloadType"
        yield from _check_sei_payload_type(payload_type, path, "R48", allow_5=False)
    passthrough = get_obj(sei, "PassThrough")
    payload_type = get_int(passthrough, "PayloadType")
    if payload_type is None:
        return
    path = "SeiParams.PassThrough.PayloadType"
    yield from _check_sei_payload_type(payload_type, path, "R49", allow_5=True)
    uuid = get_str(passthrough, "PayloadUuid")
    if payload_type == 5 and (uuid is None or not HEX32_RE.fullmatch(uuid)):
        yield Problem(
            "SeiParams.PassThrough.PayloadUuid",
            "R49",
            ERROR,
            gettext_noop("PayloadType 5 needs a PayloadUuid of exactly 32 hexadecimal characters."),
        )


def _check_record_name(value: str, path: str, max_bytes: int) -> Iterator[Problem]:
    # The pattern is ASCII, so once it matches, characters are bytes; checking it
    # first also keeps lone surrogates (valid JSON, not UTF-8) away from encode().
    if not RECORD_NAME_RE.fullmatch(value) or len(value) > max_bytes:
        yield Problem(
            path,
            "B.19",
            ERROR,
            gettext_noop("%(field)s must be at most %(max)d letters, digits, _ or -."),
            {"field": path.rsplit(".", 1)[-1], "max": max_bytes},
        )


def check_record(request: _Request) -> Iterator[Problem]:
    """B.19: relay recording parameters."""
    record = get_obj(request.sent, "RecordParams")
    if record is None:
        return
    for name, max_bytes in (("RecordKey", 128), ("UserDefineRecordPrefix", 64)):
        value = get_str(record, name)
        if value is not None:
            yield from _check_record_name(value, f"RecordParams.{name}", max_bytes)
    formats = [f for f in get_list(record, "RecordFormat") if isinstance(f, str)]
    for index, value in enumerate(get_list(record, "RecordFormat")):
        if isinstance(value, str) and value not in ("hls", "mp4", "aac"):
            yield Problem(
                f"RecordParams.RecordFormat[{index}]",
                "B.19",
                ERROR,
                gettext_noop('Recording format "%(value)s" must be hls, mp4 or aac.'),
                {"value": value[:20]},
            )
    if "mp4" in formats and "aac" in formats:
        yield Problem(
            "RecordParams.RecordFormat",
            "B.19",
            ERROR,
            gettext_noop("A recording cannot be both mp4 and aac; choose one."),
        )
    storage = get_obj(record, "McuStorageParams")
    if storage is not None and ("CloudStorage" in storage) == ("McuCloudVod" in storage):
        yield Problem(
            "RecordParams.McuStorageParams",
            "B.19",
            ERROR,
            gettext_noop("Give exactly one storage: CloudStorage or McuCloudVod."),
        )


def check_fixed_on_update(request: _Request) -> Iterator[Problem]:
    """R23 (media kind) and R55 (audio encoding, WithTranscoding) stay as started."""
    started, sent = request.started, request.sent
    if started is None:
        return
    kind = bodies.media_kind(started)
    if kind == AUDIO and "VideoParams" in sent:
        yield Problem(
            "VideoParams",
            "R23",
            ERROR,
            gettext_noop(
                "This task is audio only; it cannot start sending video. Stop it and "
                "start a new task with VideoParams."
            ),
        )
    if kind == VIDEO and "AudioParams" in sent:
        yield Problem(
            "AudioParams",
            "R23",
            ERROR,
            gettext_noop("This task is video only; it cannot start sending audio."),
        )
    started_wt, sent_wt = get_int(started, "WithTranscoding"), get_int(sent, "WithTranscoding")
    if sent_wt in (0, 1) and started_wt in (0, 1) and sent_wt != started_wt:
        yield Problem(
            "WithTranscoding",
            "R55",
            ERROR,
            gettext_noop(
                "The task was started with WithTranscoding %(old)d; an update must send "
                "the same value, not %(new)d."
            ),
            {"old": started_wt, "new": sent_wt},
        )
    new_encode = get_obj(get_obj(sent, "AudioParams"), "AudioEncode")
    if new_encode is None or kind == VIDEO:
        return
    old_encode = get_obj(get_obj(started, "AudioParams"), "AudioEncode") or {}
    for name in AUDIO_ENCODE.by_name:
        spec = AUDIO_ENCODE.by_name[name]
        old = old_encode.get(name, spec.default)
        new = new_encode.get(name, spec.default)
        if old != new or type(old) is not type(new):
            yield Problem(
                f"AudioParams.AudioEncode.{name}",
                "R55",
                ERROR,
                gettext_noop(
                    "The audio encoding cannot change while the task runs: %(field)s "
                    "was %(old)s at start. Send the start values or leave AudioEncode out."
                ),
                {"field": name, "old": "unset" if old is None else str(old)[:20]},
            )


def _check_video(request: _Request) -> Iterator[Problem]:
    """R13, R21, R24, R35-R47 through layouts.core.rules.document, paths prefixed with VideoParams."""
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


# The checks both actions share; Start also checks recording, Update what it may not change.
COMMON_CHECKS = (
    check_rooms,
    check_user_ids,
    check_usersigs_present,
    check_usersig_claims,
    check_robots,
    check_transcoding,
    check_outputs,
    check_cdn_urls,
    check_audio,
    check_audio_rooms,
    check_audio_notes,
    check_sei,
    check_bitrate,
)
START_CHECKS = (*COMMON_CHECKS, check_record)
UPDATE_CHECKS = (check_fixed_on_update, *COMMON_CHECKS)


# ---------------------------------------------------------------------------
# A show: a body kept as a preset (layouts/show.py), judged before it is saved.

# What a show may leave to its launch: a room, a robot, an app, outputs (R15)...
GIVEN_AT_LAUNCH_RULES = frozenset({"R15"})


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
    Everything else is as the API says.
    """
    if not isinstance(body, dict):
        return [_not_an_object(body)]
    sent = show.without_app_part(body)
    if action == UPDATE:
        problems = check_update(sent, image_hosts=image_hosts)
    else:
        problems = check_start(sent, image_hosts=image_hosts)
    kept = []
    for problem in problems:
        if problem.rule == "R11" and is_missing(problem):
            continue
        if problem.severity == ERROR and (
            is_missing(problem) or problem.rule in GIVEN_AT_LAUNCH_RULES
        ):
            if launch_severity is None:
                continue
            problem = replace(problem, severity=launch_severity)
        kept.append(problem)
    if show.APP_KEY in body:
        kept.extend(check_app_part(body[show.APP_KEY]))
    return _ordered(kept)


_OUTPUTS_OFF = Field(
    show.OUTPUTS_OFF,
    LIST,
    shape=bodies.PUBLISH_CDN_PARAM.name,
    max_items=bodies.MAX_OUTPUTS,
    rule="R16",
)


def check_app_part(value: Any) -> Iterator[Problem]:
    """Mix Studio's own part of a request (`show.APP_KEY`): outputs turned off."""
    if not isinstance(value, dict):
        yield layout_rules.wrong_type(value, show.APP_KEY, "an object", show.APP_KEY)
        return
    for key in value:
        if key not in show.APP_KEYS:
            yield Problem(
                f"{show.APP_KEY}.{key}",
                UNKNOWN_FIELD,
                ERROR,
                gettext_noop("%(field)s is not a part of %(shape)s."),
                {"field": str(key)[:60], "shape": show.APP_KEY},
            )
    if show.OUTPUTS_OFF in value:
        path = f"{show.APP_KEY}.{show.OUTPUTS_OFF}"
        yield from REQUEST_WALKER.check_value(value[show.OUTPUTS_OFF], _OUTPUTS_OFF, path)
