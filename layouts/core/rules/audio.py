"""The audio of a request: its encoding and its two lists.

R20 (a Start carries AudioParams.AudioEncode), R32 (the codec combinations
the cloud refuses), R24 and R25 (the rooms of audio users), the notes of R26,
R33 and R34 (what the producer would hear; the cloud refuses none of them),
and a rule of our own: one user listed twice on one audio list. Ranges and
choices (R30, R31, R34's 0..100) are the field walk's. That AudioEncode cannot
change on Update (R55) is `rules.fixed_on_update`'.

An audio entry without a RoomId means the task's own room (B.5): users are
compared by `Binding.key`, which applies that default.
"""

from __future__ import annotations

from collections.abc import Iterator

from layouts.core.contract import bodies, video
from layouts.core.contract.document import Binding, read_audio_list, read_binding
from layouts.core.contract.fields import get_int, get_list, get_obj
from layouts.core.contract.problems import DUPLICATE_AUDIO_USER, ERROR, WARNING, Problem, missing
from layouts.core.contract.rooms import Room, UserKey
from layouts.core.rules.request_context import Request, audio_users, layout_users, user_room
from layouts.core.rules.users import outside_main_room, single_room_problem
from layouts.core.text import gettext_noop


def check_audio(request: Request) -> Iterator[Problem]:
    """R20 (Start carries AudioParams.AudioEncode) and R32 (codec combinations)."""
    sent = request.sent
    if request.action == bodies.START:
        if "AudioParams" not in sent:
            yield missing("AudioParams", "R20")
        elif isinstance(sent["AudioParams"], dict) and "AudioEncode" not in sent["AudioParams"]:
            yield missing("AudioParams.AudioEncode", "R20")
    encode = get_obj(get_obj(sent, "AudioParams"), "AudioEncode")
    codec = get_int(encode, "Codec")
    if codec == bodies.CODEC_HE_AAC_V2 and get_int(encode, "Channel") == bodies.MONO:
        yield Problem(
            "AudioParams.AudioEncode.Channel",
            "R32",
            ERROR,
            gettext_noop("HE-AACv2 (Codec 2) is stereo only: set Channel to 2."),
        )
    if (
        codec in bodies.HE_AAC_CODECS
        and get_int(encode, "SampleRate") == bodies.HE_AAC_REFUSED_SAMPLE_RATE
    ):
        yield Problem(
            "AudioParams.AudioEncode.SampleRate",
            "R32",
            ERROR,
            gettext_noop(
                "HE-AAC (Codec %(codec)d) cannot encode at 8000 Hz; choose 16000 Hz or more."
            ),
            {"codec": codec},
        )


def check_audio_rooms(request: Request) -> Iterator[Problem]:
    """R24 (dynamic layouts mix one room) and R25 (audio users match the layout's rooms)."""
    main = request.main_room
    if main is None:
        return
    mode = request.layout_mode
    heard = list(audio_users(request.params))
    if mode in video.DYNAMIC_MODES:
        for user in heard:
            if outside_main_room(user, main):
                room = user.room_id or main[0]
                yield single_room_problem(f"{user.path}.RoomId", mode, room, main)
        return
    if mode != video.MODE_CUSTOM:
        return
    layout_rooms: dict[str, set[str | None]] = {}
    for user in layout_users(request.params):
        if user.user_id is not None:
            layout_rooms.setdefault(user.user_id, set()).add(user_room(user, main)[0])
    for user in heard:
        rooms = layout_rooms.get(user.user_id) if user.user_id is not None else None
        room_id, _ = user_room(user, main)
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


def check_audio_notes(request: Request) -> Iterator[Problem]:
    """Notes on the audio lists: R26 (cross-room PK), R33 (the two lists), R34 (SoundLevel).

    None of these is refused by the cloud; each says what the producer would hear.
    """
    main = request.main_room
    audio = get_obj(request.params, "AudioParams")
    whitelist = [entry.user for entry in read_audio_list(audio, bodies.WHITELIST)]
    if main is not None and request.layout_mode == video.MODE_CUSTOM and not whitelist:
        other = next(
            (user for user in layout_users(request.params) if outside_main_room(user, main)),
            None,
        )
        if other is not None:
            yield Problem(
                f"AudioParams.{bodies.WHITELIST}",
                "R26",
                WARNING,
                gettext_noop(
                    "The layout mixes room %(room)s besides the task's room, and the audio "
                    "mixes everyone: a cross-room PK anchor's audio is then pulled twice and "
                    "heard twice. List the users to hear in SubscribeAudioList."
                ),
                {"room": str(user_room(other, main)[0])[:40]},
            )
    heard = {_audio_key(user, main) for user in whitelist}
    for index, entry in enumerate(get_list(audio, bodies.BLACKLIST)):
        path = f"AudioParams.{bodies.BLACKLIST}[{index}]"
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
    if request.action == bodies.UPDATE and sent_audio is not None:
        lists = [name for name in bodies.AUDIO_LISTS if name in sent_audio]
        if len(lists) == 1:
            (sent,) = lists
            (other_list,) = [name for name in bodies.AUDIO_LISTS if name != sent]
            yield Problem(
                f"AudioParams.{other_list}",
                "R33",
                WARNING,
                gettext_noop(
                    "This update sends %(sent)s without %(other)s; when either audio list is "
                    "sent, send both, so that what is heard does not depend on how the cloud "
                    "merges them."
                ),
                {"sent": sent, "other": other_list},
            )


def _audio_key(user: Binding, main: Room | None) -> tuple[str | None, str | None]:
    return user.user_id, user_room(user, main)[0]


def check_duplicate_audio_users(request: Request) -> Iterator[Problem]:
    """One user twice on one audio list (a rule of our own; the reference has no R-number).

    Entries are compared once rooms are defaulted: an entry without a RoomId
    means the task's room, so it repeats an entry naming that room. Which of
    two entries the cloud would apply (two SoundLevels, say) is undocumented,
    so the request is refused, naming the later entry.
    """
    main = request.main_room
    audio = get_obj(request.sent, "AudioParams")
    for list_name in bodies.AUDIO_LISTS:
        seen: dict[UserKey, int] = {}
        for entry in read_audio_list(audio, list_name):
            if not entry.user.user_id:
                continue  # no user at all: the field walk and R10 say so
            key = entry.user.key(main)
            if key not in seen:
                seen[key] = entry.index
                continue
            yield Problem(
                f"{entry.user.path}.UserId",
                DUPLICATE_AUDIO_USER,
                ERROR,
                gettext_noop(
                    'Entry %(n)d of %(list)s names user "%(user)s" again (entry %(other)d '
                    "already does; an entry without a RoomId means the task's room). List "
                    "each user once."
                ),
                {
                    "n": entry.index + 1,
                    "list": list_name,
                    "user": entry.user.user_id[:40],
                    "other": seen[key] + 1,
                },
            )
