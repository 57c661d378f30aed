"""The difference between two VideoParams documents, in the producer's words.

One sentence per change of an element: "Image watermark 1 (logo.png) removed",
"Slot 2 now shows guest-a (was guest-b)", "Bitrate 1500 → 3000 kbps",
"Layout: grid → custom". Elements are matched by what they are, never by their
place in a list, so removing the first of four watermarks is one sentence:

- a watermark by its kind and its image (WaterMarkUrl) or its text; one whose
  image or text changed in place keeps its place in the list;
- a slot of a custom layout by where it is (its rectangle) and whom it shows:
  the same place showing someone else is a rebinding ("Slot 2 now shows ..."),
  the same user somewhere else a move; a slot that shows nobody in particular
  (filled in join order) by its order among such slots;
- the big picture of the floating and screen-share templates by its user.

Both documents are read as the cloud reads them (`updates.normalised`):
defaults, empty lists and fields without effect in the layout mode say nothing,
so a document with its defaults spelled out (what a task keeps in force)
differs in nothing from the same one without them.

Each sentence is a Phrase (an English template and its parameters) that the
caller translates: POST /api/layouts/difference/ answers them for the task
page's Take review and the library's history. Pure: no Django.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from layouts.core.contract import video
from layouts.core.contract.fields import IMAGE_URL, OBJ, Field, Shape, canonical_json
from layouts.core.contract.problems import join_path
from layouts.core.text import Phrase, Term, gettext_noop
from layouts.core.updates import normalised

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
MOVED = "moved"
KINDS = (ADDED, REMOVED, CHANGED, MOVED)

_VIDEO = Field("VideoParams", OBJ, shape=video.VIDEO_PARAMS.name)
_TEXT_CHARS = 32  # a watermark's text longer than this is cut in the sentence
_VALUE_CHARS = 60  # so is any other value

_NONE = Term(gettext_noop("none"))
_NOT_SET = Term(gettext_noop("not set"))
_NEXT_TO_JOIN = Term(gettext_noop("the next to join"))
_ON = Term(gettext_noop("on"))
_OFF = Term(gettext_noop("off"))

# Words for the fields a sentence names; any other field is named as the API names it.
_FIELD_WORDS = {
    "ZOrder": Term(gettext_noop("layer")),
    "RenderMode": Term(gettext_noop("picture fit")),
    "BackgroundImageUrl": Term(gettext_noop("placeholder image")),
    "BackgroundRenderMode": Term(gettext_noop("placeholder fit")),
    "BackgroundCustomRender": Term(gettext_noop("placeholder size")),
    "TransparentUrl": Term(gettext_noop("mask")),
    "BackGroundColor": Term(gettext_noop("background colour")),
    "BackGroundColorMode": Term(gettext_noop("colour shows")),
    "CustomCrop": Term(gettext_noop("crop")),
    "EnableStreamSEI": Term(gettext_noop("SEI kept")),
    "PureAudioHoldPlaceMode": Term(gettext_noop("audio-only users")),
    "FontSize": Term(gettext_noop("font size")),
    "FontColor": Term(gettext_noop("text colour")),
    "Font": Term(gettext_noop("typeface")),
    "DynamicPosType": Term(gettext_noop("motion")),
}

_SLOT_RECT = ("LocationX", "LocationY", "ImageWidth", "ImageHeight")
_WATERMARK_RECT = ("LocationX", "LocationY", "WaterMarkWidth", "WaterMarkHeight")
_WATERMARK_SHAPES = {
    video.WATERMARK_IMAGE_TYPE: video.WATERMARK_IMAGE,
    video.WATERMARK_TEXT_TYPE: video.WATERMARK_TEXT,
}
_WATERMARK_IDENTITY = {
    video.WATERMARK_IMAGE_TYPE: "WaterMarkUrl",
    video.WATERMARK_TEXT_TYPE: "Text",
}
_HANDLED = (
    "VideoEncode",
    "LayoutParams",
    "BackGroundColor",
    "BackgroundImageUrl",
    "BackgroundRenderMode",
    "WaterMarkList",
)


@dataclass(frozen=True)
class Change:
    """One change of one element: what it is (`kind`), which (`element`), in a sentence.

    `path` is where the element is: in the later document, or in the earlier one
    when it was removed ("WaterMarkList[0]", "LayoutParams.MixLayoutList[1]").
    """

    kind: str
    element: Phrase
    sentence: Phrase
    path: str

    def to_dict(self, translate: Callable[[str], str] = lambda text: text) -> dict[str, str]:
        return {
            "sentence": self.sentence.render(translate),
            "element": self.element.render(translate),
            "kind": self.kind,
            "path": self.path,
        }


def differences(before: Any, after: Any) -> list[Change]:
    """What changes from `before` to `after` (two VideoParams), element by element.

    Either may be any JSON value: what is not an object of the expected kind
    reads as absent, so a document that breaks the rules is still described.
    """
    old, new = _as_cloud_reads(before), _as_cloud_reads(after)
    return [
        *_encode(_obj(old.get("VideoEncode")), _obj(new.get("VideoEncode"))),
        *_layout(_obj(old.get("LayoutParams")), _obj(new.get("LayoutParams"))),
        *_background(old, new),
        *_watermarks(_objects(old.get("WaterMarkList")), _objects(new.get("WaterMarkList"))),
        *_other_fields(old, new),
    ]


# ---- the canvas and the encode -------------------------------------------------------

_ENCODE_SENTENCES = {
    "BitRate": (gettext_noop("Bitrate"), gettext_noop("Bitrate %(before)s → %(after)s kbps")),
    "Fps": (gettext_noop("Frame rate"), gettext_noop("Frame rate %(before)s → %(after)s fps")),
    "Gop": (
        gettext_noop("Keyframe interval"),
        gettext_noop("Keyframe interval %(before)s → %(after)s s"),
    ),
}


def _encode(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    changes = []
    if _size(old) != _size(new):
        changes.append(
            Change(
                CHANGED,
                Phrase(gettext_noop("Canvas")),
                Phrase(
                    gettext_noop("Canvas %(before)s → %(after)s"),
                    {"before": _size(old), "after": _size(new)},
                ),
                "VideoEncode",
            )
        )
    for key, (element, template) in _ENCODE_SENTENCES.items():
        if _same(old.get(key), new.get(key)):
            continue
        changes.append(
            Change(
                CHANGED,
                Phrase(element),
                Phrase(template, {"before": _value(old.get(key)), "after": _value(new.get(key))}),
                f"VideoEncode.{key}",
            )
        )
    skip = ("Width", "Height", *_ENCODE_SENTENCES)
    changes += _field_changes(
        Phrase(gettext_noop("Encoding")), "VideoEncode", video.VIDEO_ENCODE, old, new, skip
    )
    return changes


def _size(encode: dict[str, Any]) -> object:
    width, height = encode.get("Width"), encode.get("Height")
    if width is None and height is None:
        return _NOT_SET
    return f"{_value(width)}×{_value(height)}"


# ---- the layout: its mode, the big picture, the slots ---------------------------------


def _layout(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    element = Phrase(gettext_noop("Layout"))
    old_mode, new_mode = _mode(old), _mode(new)
    changes = []
    if old_mode != new_mode:
        changes.append(
            Change(
                CHANGED,
                element,
                Phrase(
                    gettext_noop("Layout: %(before)s → %(after)s"),
                    {"before": video.MODE_NAMES[old_mode], "after": video.MODE_NAMES[new_mode]},
                ),
                "LayoutParams.MixLayoutMode",
            )
        )
    changes += _big_picture(old, new, new_mode)
    if old_mode == new_mode == video.MODE_CUSTOM:
        changes += _slots(_objects(old.get("MixLayoutList")), _objects(new.get("MixLayoutList")))
    skip = ("MixLayoutMode", "MaxVideoUser", "MixLayoutList")
    changes += _field_changes(element, "LayoutParams", video.LAYOUT_PARAMS, old, new, skip)
    return changes


def _big_picture(old: dict[str, Any], new: dict[str, Any], new_mode: int) -> list[Change]:
    before = _stream(_obj(old.get("MaxVideoUser")).get("UserMediaStream"))
    after = _stream(_obj(new.get("MaxVideoUser")).get("UserMediaStream"))
    if before == after:
        return []
    element = Phrase(gettext_noop("Big picture"))
    path = "LayoutParams.MaxVideoUser"
    if after is None:
        if new_mode not in (video.MODE_FLOATING, video.MODE_SCREEN_SHARE):
            return []  # the layout's own sentence says it: the new mode has no big picture
        sentence = Phrase(
            gettext_noop("The big picture no longer names %(user)s"), {"user": _who(before)}
        )
        return [Change(REMOVED, element, sentence, path)]
    if before is None:
        sentence = Phrase(gettext_noop("%(user)s moved to the big picture"), {"user": _who(after)})
    else:
        sentence = Phrase(
            gettext_noop("%(user)s moved to the big picture (was %(was)s)"),
            {"user": _who(after), "was": _who(before)},
        )
    return [Change(MOVED, element, sentence, path)]


def _slots(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[Change]:
    pairs = _Matcher(old, new)
    pairs.match(lambda slot: (_stream(slot.get("UserMediaStream")), _rect(slot, _SLOT_RECT)))
    pairs.match(lambda slot: _rect(slot, _SLOT_RECT))
    pairs.match(lambda slot: _stream(slot.get("UserMediaStream")))
    pairs.match_in_order(lambda slot: _stream(slot.get("UserMediaStream")) is None)
    big = _biggest(new)
    found: list[tuple[int, Change]] = []
    for after_index, before_index in pairs.pairs.items():
        for change in _slot_changes(old[before_index], new[after_index], after_index, big):
            found.append((after_index, change))
    for index in pairs.unmatched_before():
        element = _slot_name(old[index], index)
        sentence = Phrase(gettext_noop("%(element)s removed"), {"element": element})
        found.append((index, Change(REMOVED, element, sentence, _slot_path(index))))
    for index in pairs.unmatched_after():
        element = _slot_name(new[index], index)
        sentence = Phrase(gettext_noop("%(element)s added"), {"element": element})
        found.append((index, Change(ADDED, element, sentence, _slot_path(index))))
    return [change for _, change in sorted(found, key=lambda item: item[0])]


def _slot_changes(
    old: dict[str, Any], new: dict[str, Any], index: int, big: int | None
) -> list[Change]:
    element = _slot_name(new, index)
    path = _slot_path(index)
    changes = []
    before, after = _stream(old.get("UserMediaStream")), _stream(new.get("UserMediaStream"))
    if before != after:
        params = {"slot": index + 1, "user": _who(after), "was": _who(before)}
        if after is not None and index == big:
            template = gettext_noop(
                "%(user)s moved to the big picture (slot %(slot)s, was %(was)s)"
            )
            changes.append(Change(MOVED, element, Phrase(template, params), path))
        else:
            template = gettext_noop("Slot %(slot)s now shows %(user)s (was %(was)s)")
            changes.append(Change(CHANGED, element, Phrase(template, params), path))
    changes += _placement(element, path, old, new, _SLOT_RECT)
    skip = ("UserMediaStream", *_SLOT_RECT)
    changes += _field_changes(element, path, video.MCU_LAYOUT, old, new, skip)
    return changes


def _slot_name(slot: dict[str, Any], index: int) -> Phrase:
    user = _stream(slot.get("UserMediaStream"))
    if user is None:
        return Phrase(gettext_noop("Slot %(slot)s"), {"slot": index + 1})
    return Phrase(gettext_noop("Slot %(slot)s (%(user)s)"), {"slot": index + 1, "user": _who(user)})


def _slot_path(index: int) -> str:
    return f"LayoutParams.MixLayoutList[{index}]"


def _biggest(slots: list[dict[str, Any]]) -> int | None:
    """The index of the one slot larger than every other, if there is one among several."""
    areas = [_number(s.get("ImageWidth")) * _number(s.get("ImageHeight")) for s in slots]
    if len(areas) < 2:
        return None
    largest = max(areas)
    return areas.index(largest) if largest > 0 and areas.count(largest) == 1 else None


# ---- the background ------------------------------------------------------------------


def _background(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    changes = []
    colour = video.VIDEO_PARAMS.by_name["BackGroundColor"].default
    before, after = old.get("BackGroundColor", colour), new.get("BackGroundColor", colour)
    if not _same(before, after):
        changes.append(
            Change(
                CHANGED,
                Phrase(gettext_noop("Background colour")),
                Phrase(
                    gettext_noop("Background colour changed (%(before)s → %(after)s)"),
                    {"before": _value(before), "after": _value(after)},
                ),
                "BackGroundColor",
            )
        )
    element = Phrase(gettext_noop("Background image"))
    before, after = old.get("BackgroundImageUrl"), new.get("BackgroundImageUrl")
    if not _same(before, after):
        if after is None:
            kind, template = REMOVED, gettext_noop("Background image removed (%(before)s)")
        elif before is None:
            kind, template = ADDED, gettext_noop("Background image added (%(after)s)")
        else:
            kind, template = CHANGED, gettext_noop("Background image %(before)s → %(after)s")
        params = {"before": _file_name(before), "after": _file_name(after)}
        changes.append(Change(kind, element, Phrase(template, params), "BackgroundImageUrl"))
    spec = video.VIDEO_PARAMS.by_name["BackgroundRenderMode"]
    before = old.get("BackgroundRenderMode", spec.default)
    after = new.get("BackgroundRenderMode", spec.default)
    if not _same(before, after):
        params = {"before": _value(before, spec), "after": _value(after, spec)}
        template = gettext_noop("Background image fit: %(before)s → %(after)s")
        changes.append(Change(CHANGED, element, Phrase(template, params), "BackgroundRenderMode"))
    return changes


# ---- the watermarks ------------------------------------------------------------------


def _watermarks(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[Change]:
    pairs = _Matcher(old, new)
    pairs.match(_watermark_identity)
    # An image or a text changed in place: the same kind at the same place in the list.
    pairs.match_in_place(lambda watermark: _watermark_type(watermark))
    found: list[tuple[int, Change]] = []
    for after_index, before_index in pairs.pairs.items():
        for change in _watermark_changes(old[before_index], new[after_index], after_index):
            found.append((after_index, change))
    for index in pairs.unmatched_before():
        element = _watermark_name(old[index], index)
        sentence = Phrase(gettext_noop("%(element)s removed"), {"element": element})
        found.append((index, Change(REMOVED, element, sentence, f"WaterMarkList[{index}]")))
    for index in pairs.unmatched_after():
        element = _watermark_name(new[index], index)
        sentence = Phrase(gettext_noop("%(element)s added"), {"element": element})
        found.append((index, Change(ADDED, element, sentence, f"WaterMarkList[{index}]")))
    return [change for _, change in sorted(found, key=lambda item: item[0])]


def _watermark_changes(old: dict[str, Any], new: dict[str, Any], index: int) -> list[Change]:
    element = _watermark_name(new, index)
    path = f"WaterMarkList[{index}]"
    kind = _watermark_type(new)
    changes: list[Change] = []
    before, after = _watermark_identity(old), _watermark_identity(new)
    if before != after:
        was = _watermark_identity_text(old)
        now = _watermark_identity_text(new)
        params = {"index": index + 1, "before": was, "after": now}
        if kind == video.WATERMARK_TEXT_TYPE:
            template = gettext_noop(
                "Text watermark %(index)s now reads “%(after)s” (was “%(before)s”)"
            )
        else:
            template = gettext_noop(
                "Image watermark %(index)s now shows %(after)s (was %(before)s)"
            )
        changes.append(Change(CHANGED, element, Phrase(template, params), path))
    if not isinstance(kind, int) or kind not in video.WATERMARK_BODIES:
        return changes + _field_changes(element, path, video.WATERMARK, old, new, ())
    body_name = video.WATERMARK_BODIES[kind]
    old_body, new_body = _obj(old.get(body_name)), _obj(new.get(body_name))
    body_path = join_path(path, body_name)
    changes += _placement(element, body_path, old_body, new_body, _WATERMARK_RECT)
    skip = (_WATERMARK_IDENTITY[kind], *_WATERMARK_RECT)
    shape = _WATERMARK_SHAPES[kind]
    changes += _field_changes(element, body_path, shape, old_body, new_body, skip)
    changes += _field_changes(
        element, path, video.WATERMARK, old, new, ("WaterMarkType", body_name)
    )
    return changes


def _watermark_type(watermark: dict[str, Any]) -> object:
    return watermark.get("WaterMarkType", video.WATERMARK_IMAGE_TYPE)


def _watermark_identity(watermark: dict[str, Any]) -> tuple[int, str] | None:
    kind = _watermark_type(watermark)
    if not isinstance(kind, int) or kind not in _WATERMARK_IDENTITY:
        return None
    body = _obj(watermark.get(video.WATERMARK_BODIES[kind]))
    value = body.get(_WATERMARK_IDENTITY[kind])
    return (kind, value) if isinstance(value, str) and value else None


def _watermark_identity_text(watermark: dict[str, Any]) -> object:
    identity = _watermark_identity(watermark)
    if identity is None:
        return _NONE
    kind, value = identity
    return _cut(value, _TEXT_CHARS) if kind == video.WATERMARK_TEXT_TYPE else _file_name(value)


def _watermark_name(watermark: dict[str, Any], index: int) -> Phrase:
    kind = _watermark_type(watermark)
    identity = _watermark_identity(watermark)
    if kind == video.WATERMARK_TEXT_TYPE:
        if identity is None:
            return Phrase(gettext_noop("Text watermark %(index)s"), {"index": index + 1})
        return Phrase(
            gettext_noop("Text watermark “%(text)s”"),
            {"text": _watermark_identity_text(watermark)},
        )
    if kind == video.WATERMARK_IMAGE_TYPE:
        if identity is None:
            return Phrase(gettext_noop("Image watermark %(index)s"), {"index": index + 1})
        return Phrase(
            gettext_noop("Image watermark %(index)s (%(file)s)"),
            {"index": index + 1, "file": _watermark_identity_text(watermark)},
        )
    return Phrase(gettext_noop("Watermark %(index)s"), {"index": index + 1})


# ---- what no sentence above says -----------------------------------------------------


def _other_fields(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    changes = []
    for key in dict.fromkeys([*old, *new]):
        if key in _HANDLED or _same(old.get(key), new.get(key)):
            continue
        element = Phrase("%(field)s", {"field": key})
        sentence = Phrase(
            gettext_noop("%(field)s: %(before)s → %(after)s"),
            {"field": key, "before": _value(old.get(key)), "after": _value(new.get(key))},
        )
        changes.append(Change(CHANGED, element, sentence, key))
    return changes


def _placement(
    element: Phrase, path: str, old: dict[str, Any], new: dict[str, Any], rect: tuple[str, ...]
) -> list[Change]:
    """ "moved", "resized" or "moved and resized", from the rectangle's four fields."""
    before, after = _rect(old, rect), _rect(new, rect)
    moved, resized = before[:2] != after[:2], before[2:] != after[2:]
    if not (moved or resized):
        return []
    if moved and resized:
        template = gettext_noop("%(element)s moved and resized")
    elif moved:
        template = gettext_noop("%(element)s moved")
    else:
        template = gettext_noop("%(element)s resized")
    return [Change(MOVED, element, Phrase(template, {"element": element}), path)]


def _field_changes(
    element: Phrase,
    path: str,
    shape: Shape,
    old: dict[str, Any],
    new: dict[str, Any],
    skip: Iterable[str],
) -> list[Change]:
    """One sentence for every other field of one element that differs, or none."""
    skipped = set(skip)
    parts: list[Phrase] = []
    first = ""
    present = dict.fromkeys([*old, *new])
    known = [spec.name for spec in shape.fields if spec.name in present]
    for key in [*known, *(key for key in present if key not in shape.by_name)]:
        if key in skipped:
            continue
        spec = shape.by_name.get(key)
        default = spec.default if spec is not None else None
        before, after = old.get(key, default), new.get(key, default)
        if _same(before, after):
            continue
        first = first or key
        parts.append(
            Phrase(
                gettext_noop("%(field)s %(before)s → %(after)s"),
                {
                    "field": _FIELD_WORDS.get(key, key),
                    "before": _value(before, spec),
                    "after": _value(after, spec),
                },
            )
        )
    if not parts:
        return []
    listed = parts[0]
    for part in parts[1:]:
        listed = Phrase(gettext_noop("%(first)s, %(next)s"), {"first": listed, "next": part})
    sentence = Phrase(
        gettext_noop("%(element)s: %(changes)s"), {"element": element, "changes": listed}
    )
    return [Change(CHANGED, element, sentence, join_path(path, first) if len(parts) == 1 else path)]


# ---- matching elements by what they are ----------------------------------------------


class _Matcher:
    """Pairs the elements of two lists, pass by pass; each element is paired once."""

    def __init__(self, old: list[dict[str, Any]], new: list[dict[str, Any]]) -> None:
        self.old, self.new = old, new
        self.pairs: dict[int, int] = {}  # index in new -> index in old
        self._taken: set[int] = set()

    def match(self, key: Callable[[dict[str, Any]], object]) -> None:
        """Pairs each element with the first unpaired one of the same key (None: no key).

        In one pass over each list, however long a hostile document makes them.
        """
        waiting: dict[str, list[int]] = {}
        for before_index in reversed(self.unmatched_before()):
            found = key(self.old[before_index])
            if found is not None:
                waiting.setdefault(canonical_json(found), []).append(before_index)
        for after_index in self.unmatched_after():
            wanted = key(self.new[after_index])
            candidates = waiting.get(canonical_json(wanted)) if wanted is not None else None
            if candidates:
                self._pair(after_index, candidates.pop())

    def match_in_place(self, key: Callable[[dict[str, Any]], object]) -> None:
        """Pairs unpaired elements at the same index with the same key."""
        for index in self.unmatched_after():
            if index < len(self.old) and index not in self._taken:
                if _same(key(self.old[index]), key(self.new[index])):
                    self._pair(index, index)

    def match_in_order(self, which: Callable[[dict[str, Any]], bool]) -> None:
        """Pairs the unpaired elements `which` selects, the first with the first."""
        before = [i for i in self.unmatched_before() if which(self.old[i])]
        after = [i for i in self.unmatched_after() if which(self.new[i])]
        for after_index, before_index in zip(after, before, strict=False):
            self._pair(after_index, before_index)

    def unmatched_before(self) -> list[int]:
        return [i for i in range(len(self.old)) if i not in self._taken]

    def unmatched_after(self) -> list[int]:
        return [i for i in range(len(self.new)) if i not in self.pairs]

    def _pair(self, after_index: int, before_index: int) -> None:
        self.pairs[after_index] = before_index
        self._taken.add(before_index)


# ---- reading values -------------------------------------------------------------------


def _as_cloud_reads(document: Any) -> dict[str, Any]:
    if not isinstance(document, dict):
        return {}
    read = json.loads(normalised(document, _VIDEO))
    return read if isinstance(read, dict) else {}


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _objects(value: Any) -> list[dict[str, Any]]:
    return [_obj(item) for item in value] if isinstance(value, list) else []


def _mode(layout: dict[str, Any]) -> int:
    mode = layout.get("MixLayoutMode", video.DEFAULT_MODE)
    return mode if type(mode) is int and mode in video.LAYOUT_MODES else video.DEFAULT_MODE


def _same(a: Any, b: Any) -> bool:
    return canonical_json(a) == canonical_json(b)


def _number(value: Any) -> int:
    return value if type(value) is int else 0


def _rect(element: dict[str, Any], names: tuple[str, ...]) -> tuple[object, ...]:
    return tuple(element.get(name, 0) for name in names)


def _stream(value: Any) -> tuple[str, str, object, object] | None:
    """Who a UserMediaStream shows: (UserId, RoomId, RoomIdType, StreamType), or None."""
    stream = _obj(value)
    user = _obj(stream.get("UserInfo"))
    user_id = user.get("UserId")
    if not isinstance(user_id, str) or not user_id:
        return None
    room = user.get("RoomId")
    kind = stream.get("StreamType", video.STREAM_CAMERA)
    return (user_id, room if isinstance(room, str) else "", user.get("RoomIdType"), kind)


def _who(stream: tuple[str, str, object, object] | None) -> object:
    if stream is None:
        return _NEXT_TO_JOIN
    user_id, _, _, kind = stream
    if kind == video.STREAM_SCREEN:
        return Phrase(gettext_noop("%(user)s's screen share"), {"user": user_id})
    return user_id


def _value(value: Any, spec: Field | None = None) -> object:
    if value is None:
        return _NONE
    if spec is not None and spec.labels and isinstance(value, (int, str)):
        label = spec.labels.get(value)
        if label is not None:
            return Term(label)
    if spec is not None and spec.choices == video.SWITCH and value in video.SWITCH:
        return _ON if value == 1 else _OFF
    if isinstance(value, str):
        if spec is not None and spec.kind == IMAGE_URL:
            return _file_name(value)
        return _cut(value, _VALUE_CHARS)
    if isinstance(value, (dict, list)):
        return _cut(canonical_json(value), _VALUE_CHARS)
    return json.dumps(value)


def _file_name(url: Any) -> object:
    """The last part of an image's URL ("logo.png"), without its query."""
    if not isinstance(url, str) or not url:
        return _NONE
    path = url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    return _cut(path.rsplit("/", 1)[-1] or url, _VALUE_CHARS)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
