"""One typed reader of a VideoParams document, for the rules, the geometry and the renderer.

`read_document` turns any JSON into a `Document` view without raising: a value of
the wrong type reads as absent (its default, or None where the API has none),
and entries of a list that are not objects are skipped but keep their index, so
paths still point at the right place. The validator reports the wrong types on
its own; every other consumer reads the document only through this view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, overload

from layouts.core.contract import video
from layouts.core.contract.fields import Shape, effective, get_int, get_list, get_obj, get_str
from layouts.core.contract.rooms import Room, UserKey, room_of

SLOTS_PATH = "LayoutParams.MixLayoutList"
MAX_VIDEO_USER_PATH = "LayoutParams.MaxVideoUser.UserMediaStream.UserInfo"


@dataclass(frozen=True, slots=True)
class Binding:
    """A UserMediaStream as written; room fields are None when left to the main room."""

    path: str  # of its UserInfo
    user_id: str | None  # None when UserId is missing or not a string
    room_id: str | None  # as written ("" is kept for the rules; it means the main room)
    room_id_type: int | None
    stream_type: int  # STREAM_CAMERA or STREAM_SCREEN

    @overload
    def key(self, main_room: Room) -> tuple[str, str, int]: ...
    @overload
    def key(self, main_room: Room | None) -> UserKey: ...
    def key(self, main_room: Room | None) -> UserKey:
        """(UserId, RoomId, RoomIdType) with the main room's for what is left out.

        An empty RoomId means the main room too: users compare equal by this key.
        """
        return (self.user_id or "", *room_of(self.room_id or None, self.room_id_type, main_room))

    @property
    def names_user(self) -> bool:
        """Whether it pins a user at all (an empty UserId pins nobody: auto-fill)."""
        return bool(self.user_id)


@dataclass(frozen=True, slots=True)
class Slot:
    """One MixLayoutList entry that is an object, with its index in the list."""

    index: int
    raw: dict[str, Any]
    x: int  # as written (may be negative; the rules report it)
    y: int
    width: int  # as written: 0 means the whole canvas in that dimension
    height: int
    zorder: int
    render_mode: int
    binding: Binding | None
    placeholder_url: str | None  # BackgroundImageUrl, None when empty
    placeholder_render_mode: int
    transparent_url: str | None
    crop: dict[str, Any] | None
    custom_render: dict[str, Any] | None
    colour_mode: int

    @property
    def path(self) -> str:
        return f"{SLOTS_PATH}[{self.index}]"

    @property
    def label(self) -> int:
        """The slot's number as a producer counts (from 1)."""
        return self.index + 1

    def rect(self, canvas_w: int, canvas_h: int) -> tuple[int, int, int, int]:
        """(x, y, w, h) on the canvas, a size of 0 standing for the canvas's own."""
        return (self.x, self.y, self.width or canvas_w, self.height or canvas_h)


@dataclass(frozen=True, slots=True)
class Watermark:
    """One WaterMarkList entry that is an object."""

    index: int
    raw: dict[str, Any]
    kind: int | None  # WaterMarkType (image or text) when it is one of those
    body_name: str  # "WaterMarkImage" or "WaterMarkText": the part its type needs
    body: dict[str, Any] | None  # that part, when it is an object

    @property
    def path(self) -> str:
        return f"WaterMarkList[{self.index}]"

    @property
    def zorder(self) -> int:
        image = self.kind == video.WATERMARK_IMAGE_TYPE
        shape = video.WATERMARK_IMAGE if image else video.WATERMARK_TEXT
        return effective(self.body, "ZOrder", shape) if self.body is not None else 0


@dataclass(frozen=True, slots=True)
class Document:
    raw: dict[str, Any]
    width: int | None  # VideoEncode.Width as written, None when absent or not an integer
    height: int | None
    layout: dict[str, Any] | None
    mode: int  # the mode in force: MixLayoutMode, or the default when absent or invalid
    mode_given: bool  # whether MixLayoutMode is written and valid
    slots: tuple[Slot, ...]
    max_video_user: Binding | None
    render_mode: int  # of the dynamic templates
    pure_audio_hold: bool
    watermarks: tuple[Watermark, ...]

    @property
    def custom(self) -> bool:
        return self.mode == video.MODE_CUSTOM

    def bindings(self) -> list[Binding]:
        """Every user the document names: slots in order, then the big-picture user."""
        named = [slot.binding for slot in self.slots if slot.binding is not None]
        if self.max_video_user is not None:
            named.append(self.max_video_user)
        return named

    def canvas_size(self) -> tuple[int, int]:
        """The canvas in pixels for drawing: a missing or negative side is 0."""
        return (max(self.width or 0, 0), max(self.height or 0, 0))


def read_document(document: Any) -> Document:
    raw = document if isinstance(document, dict) else {}
    encode = get_obj(raw, "VideoEncode")
    layout = get_obj(raw, "LayoutParams")
    written_mode = get_int(layout, "MixLayoutMode")
    mode_given = written_mode in video.LAYOUT_MODES
    return Document(
        raw=raw,
        width=get_int(encode, "Width"),
        height=get_int(encode, "Height"),
        layout=layout,
        mode=written_mode if written_mode is not None and mode_given else video.DEFAULT_MODE,
        mode_given=mode_given,
        slots=tuple(_read_slots(layout)),
        max_video_user=read_binding(
            get_obj(get_obj(layout, "MaxVideoUser"), "UserMediaStream"), MAX_VIDEO_USER_PATH
        ),
        render_mode=_choice(layout, "RenderMode", video.LAYOUT_PARAMS),
        pure_audio_hold=_choice(layout, "PureAudioHoldPlaceMode", video.LAYOUT_PARAMS)
        == video.AUDIO_TAKES_PICTURE,
        watermarks=tuple(_read_watermarks(raw)),
    )


def read_binding(stream: dict[str, Any] | None, path: str) -> Binding | None:
    """The user a UserMediaStream pins, or None when it has no UserInfo object."""
    info = get_obj(stream, "UserInfo")
    if info is None:
        return None
    stream_type = get_int(stream, "StreamType")
    return Binding(
        path=path,
        user_id=get_str(info, "UserId"),
        room_id=get_str(info, "RoomId"),
        room_id_type=get_int(info, "RoomIdType"),
        stream_type=video.STREAM_SCREEN
        if stream_type == video.STREAM_SCREEN
        else video.STREAM_CAMERA,
    )


def _read_slots(layout: dict[str, Any] | None) -> list[Slot]:
    slots = []
    for index, raw in enumerate(get_list(layout, "MixLayoutList")):
        if not isinstance(raw, dict):
            continue
        slots.append(
            Slot(
                index=index,
                raw=raw,
                x=get_int(raw, "LocationX") or 0,
                y=get_int(raw, "LocationY") or 0,
                width=get_int(raw, "ImageWidth") or 0,
                height=get_int(raw, "ImageHeight") or 0,
                zorder=get_int(raw, "ZOrder") or 0,
                render_mode=_choice(raw, "RenderMode", video.MCU_LAYOUT),
                binding=read_binding(
                    get_obj(raw, "UserMediaStream"),
                    f"{SLOTS_PATH}[{index}].UserMediaStream.UserInfo",
                ),
                placeholder_url=get_str(raw, "BackgroundImageUrl") or None,
                placeholder_render_mode=_choice(raw, "BackgroundRenderMode", video.MCU_LAYOUT),
                transparent_url=get_str(raw, "TransparentUrl") or None,
                crop=get_obj(raw, "CustomCrop"),
                custom_render=get_obj(raw, "BackgroundCustomRender"),
                colour_mode=_choice(raw, "BackGroundColorMode", video.MCU_LAYOUT),
            )
        )
    return slots


def _read_watermarks(document: dict[str, Any]) -> list[Watermark]:
    marks = []
    for index, raw in enumerate(get_list(document, "WaterMarkList")):
        if not isinstance(raw, dict):
            continue
        kind = get_int(raw, "WaterMarkType")
        kind = video.WATERMARK.by_name["WaterMarkType"].default if kind is None else kind
        body_name = video.WATERMARK_BODIES.get(kind, "WaterMarkImage")
        marks.append(
            Watermark(
                index=index,
                raw=raw,
                kind=kind if kind in video.WATERMARK_TYPES else None,
                body_name=body_name,
                body=get_obj(raw, body_name),
            )
        )
    return marks


def _choice(obj: dict[str, Any] | None, name: str, shape: Shape) -> int:
    """An integer choice as written when it is one of its choices, else its default."""
    spec = shape.by_name[name]
    value = get_int(obj, name)
    return value if value is not None and value in (spec.choices or ()) else spec.default


@dataclass(frozen=True, slots=True)
class AudioEntry:
    """One entry of an audio whitelist or blacklist (McuUserInfoParams)."""

    user: Binding
    sound_level: int | None  # as written, None when absent or not an integer
    index: int  # in the list, as written


def read_audio_list(audio_params: Any, list_name: str) -> list[AudioEntry]:
    """The users of AudioParams' `list_name` (one of bodies.AUDIO_LISTS) that name a UserInfo.

    Each keeps its index in the list: `user.path` is
    `AudioParams.<list_name>[<index>].UserInfo`, entries that are not objects
    or have no UserInfo object are skipped.
    """
    entries = []
    for index, entry in enumerate(get_list(audio_params, list_name)):
        path = f"AudioParams.{list_name}[{index}].UserInfo"
        user = read_binding(entry if isinstance(entry, dict) else None, path)
        if user is not None:
            entries.append(AudioEntry(user, get_int(entry, "SoundLevel"), index))
    return entries
