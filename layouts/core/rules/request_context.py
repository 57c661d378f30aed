"""What the rules of a request read: `Request`, and the users a request names.

`Request.sent` is the body as received; `params` is what will be in force if
it is accepted (the Start body itself, or the task's parameters merged with
the Update); `started` is what is in force now (Update only, when known). The
request rules read values only through the typed accessors of
`contract.fields`, which give None (or []) for a value of the wrong type.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from layouts.core.contract import bodies, video
from layouts.core.contract.document import Binding, read_audio_list, read_binding, read_document
from layouts.core.contract.fields import get_int, get_obj
from layouts.core.contract.rooms import Room, room_of
from layouts.core.rules.document_context import ImageHosts

# A server (the cloud, the emulator) accepts an image it cannot fetch and ignores it;
# the service layer passes the policy of the backend it is about to call.
SERVER_IMAGE_HOSTS = ImageHosts(severity=None)


@dataclass(frozen=True)
class Request:
    """What the cross-field rules of a request read (see the module docstring)."""

    action: str
    sent: dict[str, Any]
    params: dict[str, Any]
    started: dict[str, Any] | None
    image_hosts: ImageHosts = SERVER_IMAGE_HOSTS
    now: float | None = None  # when UserSigs are read (R11); None: left to the server

    @property
    def main_room(self) -> Room | None:
        return bodies.main_room(self.started if self.action == bodies.UPDATE else self.sent)

    @property
    def with_transcoding(self) -> int | None:
        # R55: an Update cannot change it, so the task's own value decides.
        for source in (self.started, self.sent):
            value = get_int(source, "WithTranscoding")
            if value in bodies.TRANSCODING_VALUES:
                return value
        return None

    @property
    def layout_mode(self) -> int | None:
        layout = get_obj(get_obj(self.params, "VideoParams"), "LayoutParams")
        mode = get_int(layout, "MixLayoutMode")
        return mode if mode in video.LAYOUT_MODES else None


def audio_users(params: Any) -> Iterator[Binding]:
    """The users of both audio lists, whitelist first, with their paths."""
    audio = get_obj(params, "AudioParams")
    for list_name in bodies.AUDIO_LISTS:
        for entry in read_audio_list(audio, list_name):
            yield entry.user


def single_user(params: Any) -> Iterator[Binding]:
    """The one user a relay (SingleSubscribeParams) passes on, if it names one."""
    stream = get_obj(get_obj(params, "SingleSubscribeParams"), "UserMediaStream")
    user = read_binding(stream, "SingleSubscribeParams.UserMediaStream.UserInfo")
    if user is not None:
        yield user


def layout_users(params: Any) -> Iterator[Binding]:
    """The users the VideoParams pins, their paths under VideoParams."""
    for user in read_document(get_obj(params, "VideoParams")).bindings():
        yield replace(user, path=f"VideoParams.{user.path}")


def user_room(user: Binding, main: Room | None) -> tuple[str | None, int | None]:
    """A user's room, the main room when it gives none (B.5)."""
    return room_of(user.room_id, user.room_id_type, main)
