"""A relay (WithTranscoding 0): the program is one user's own stream, passed on unchanged.

R14: without transcoding a task relays the one stream its SingleSubscribeParams
names. Nothing is mixed (R13): no layout, background or watermark applies and
the audio lists, which choose whom a mix hears (R33), have no one to choose
between. So the picture is that user's own picture at its own size (R22: the
task's VideoEncode describes the upstream, and gives only the rate, bit rate
and GOP here), the sound is their own voice, and the volume-layout SEI shows
one region: them, over the whole picture.

The user is read from the simulated room at the moment; one the room does not
hold (or a room nobody told the emulator about) is imagined, as the preview
imagines guests: sending camera and sound at the size VideoEncode says. An
Update naming someone else (R54) switches the program from the next part, as
any Take does. Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from layouts.core.contract import bodies, video
from layouts.core.contract.document import read_binding
from layouts.core.contract.rooms import Room
from layouts.core.geometry import (
    KIND_VIDEO,
    SCREEN_SHARE_SOURCE_SIZE,
    Layout,
    Participant,
    Region,
)
from studio.cloud.emulator.program.timeline import video_encode

# The emulator draws at most R35's largest side; a larger stream is scaled down whole.
MAX_SIDE = video.MAX_CANVAS_SIDE
DEFAULT_SOURCE_SIZE = (1280, 720)  # a Participant's, when VideoEncode gives none
REASON = "relay"
# What the picture is drawn over where the stream leaves it bare (a user without
# camera): nothing but the canvas, which a relay cannot colour (R13).
STILL_DOCUMENT: Mapping[str, Any] = {}


@dataclass(frozen=True)
class Relay:
    """What a relay puts on air while one user is relayed."""

    user: Participant  # as the room holds them, or imagined
    stream_type: int  # STREAM_CAMERA or STREAM_SCREEN
    people: tuple[Participant, ...]  # the room, with the user joined last if imagined
    layout: Layout  # the user's one region over the whole picture (none if they send no video)
    encode: dict[str, int] | None  # VideoEncode at the user's size; None for an audio-only task
    gains: Mapping[str, float]  # only the relayed user is heard


def relay_of(
    params: Mapping[str, Any], told: Sequence[Participant] | None, main_room: Room
) -> Relay | None:
    """What the task relays with these parameters in the room as a producer `told` it
    (None: nobody has), or None when it mixes (WithTranscoding 1, or a relay that
    names nobody: R14 refuses it at the Start).

    An untold room holds the relayed user alone: the guests a preview imagines fill
    a layout's pictures, and a relay has none.
    """
    people = () if told is None else tuple(told)
    if params.get("WithTranscoding") != bodies.TRANSCODING_OFF:
        return None
    single = params.get("SingleSubscribeParams")
    stream = single.get("UserMediaStream") if isinstance(single, dict) else None
    binding = read_binding(stream if isinstance(stream, dict) else None, "SingleSubscribeParams")
    if binding is None or not binding.names_user:
        return None
    key = binding.key(main_room)
    encode = video_encode(params)
    user = next((person for person in people if person.key == key), None)
    if user is None:
        # R22: VideoEncode describes the stream relayed, so it is the size imagined.
        imagined = (encode["Width"], encode["Height"]) if encode else DEFAULT_SOURCE_SIZE
        screen = binding.stream_type == video.STREAM_SCREEN
        user = Participant(*key, screen=screen, width=imagined[0], height=imagined[1])
        room: tuple[Participant, ...] = (*people, user)
        width, height = fitted(*imagined)
    else:
        room = people
        width, height = fitted(*source_size(user, binding.stream_type))
    return Relay(
        user=user,
        stream_type=binding.stream_type,
        people=room,
        layout=_layout(user, binding.stream_type, width, height, room),
        encode=None if encode is None else {**encode, "Width": width, "Height": height},
        gains={person.user_id: _heard(person, user) for person in room},
    )


def source_size(user: Participant, stream_type: int) -> tuple[int, int]:
    """The size of a user's stream in the room: their camera's, or a screen share's."""
    return (
        SCREEN_SHARE_SOURCE_SIZE
        if stream_type == video.STREAM_SCREEN
        else (user.width, user.height)
    )


def fitted(width: int, height: int) -> tuple[int, int]:
    """A stream's size as drawn: scaled down whole to at most MAX_SIDE a side, in even
    pixels (H.264's 4:2:0 needs them; the encoder would drop the odd row anyway)."""
    scale = min(1.0, MAX_SIDE / max(width, height))
    return (_even(width * scale), _even(height * scale))


def _heard(person: Participant, user: Participant) -> float:
    return 1.0 if person.key == user.key and person.audio else 0.0


def _layout(
    user: Participant, stream_type: int, width: int, height: int, room: Sequence[Participant]
) -> Layout:
    sends = user.screen if stream_type == video.STREAM_SCREEN else user.camera
    region = Region(
        kind=KIND_VIDEO,
        user_id=user.user_id,
        room_id=user.room_id,
        room_id_type=user.room_id_type,
        stream_type=stream_type,
        slot_index=None,
        x=0,
        y=0,
        w=width,
        h=height,
        zorder=0,
        render_mode=video.RENDER_CROP,
        reason=REASON,
        source_width=width,
        source_height=height,
    )
    return Layout(
        canvas_w=width,
        canvas_h=height,
        approximate=False,
        regions=(region,) if sends else (),
        not_shown=tuple(
            person.user_id for person in room if not (sends and person.key == user.key)
        ),
        mode=0,  # no MixLayoutMode: nothing is laid out
    )


def _even(length: float) -> int:
    return max(round(length) // 2 * 2, 2)
