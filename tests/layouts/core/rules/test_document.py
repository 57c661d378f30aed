"""layouts.core.rules.document: validate() runs every check, never raises, never changes its input.

The rules themselves are tested by topic beside this file. Pure tests: run with
`pytest tests/layouts/core/rules -p no:django`.
"""

from __future__ import annotations

import copy
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layouts.core.contract import video
from layouts.core.contract.problems import ERROR, WARNING, Problem
from layouts.core.rules.document import validate
from tests.layouts.core.rules.documents import (
    MAIN_ROOM,
    base_document,
    slots,
    summary,
)


def test_base_document_has_no_problems():
    assert validate(base_document()) == []


# ---------------------------------------------------------------------------
# The document itself and types (checked before any range or cross-field rule).


@pytest.mark.parametrize(
    ("document", "word"),
    [([], "an array"), (None, "null"), ("{}", "a string"), (7, "an integer"), (True, "a boolean")],
)
def test_document_that_is_not_an_object_is_one_type_error(document, word):
    problems = validate(document)

    assert summary(problems) == [("", "type", ERROR)]
    assert word in problems[0].message


def test_validate_does_not_change_the_document():
    document = base_document()
    document["Extra"] = {"kept": [1, 2]}
    slots(document)[0]["ImageWidth"] = 0
    slots(document)[1]["LocationX"] = "640"
    slots(document)[3]["BackgroundRenderMode"] = 4
    document["WaterMarkList"].append({"WaterMarkType": 1})
    before = copy.deepcopy(document)

    problems = validate(document, with_transcoding=0, main_room=MAIN_ROOM)

    assert problems
    assert document == before


# ---------------------------------------------------------------------------
# Properties.

URL_ALPHABET = string.ascii_letters + string.digits + "-._~:/?#[]@!&()*+,%=;|"
COLOUR = st.text("0123456789abcdefABCDEF", min_size=6, max_size=6).map(lambda s: "0x" + s)

PLACEHOLDER_URL = st.sampled_from(
    [
        "https://cdn.example.com/wait.png",
        "https://cdn.example.com/wait.gif",
        "http://img.example.org/a/b.jpeg?v=1",
    ]
)


@st.composite
def valid_slot(draw, canvas_w: int, canvas_h: int, user: str | None, stream_type: int) -> dict:
    x = draw(st.integers(0, canvas_w - 1))
    y = draw(st.integers(0, canvas_h - 1))
    entry = {
        "LocationX": x,
        "LocationY": y,
        "ImageWidth": draw(st.integers(1, canvas_w - x)),
        "ImageHeight": draw(st.integers(1, canvas_h - y)),
        "ZOrder": draw(st.integers(0, 15)),
        "RenderMode": draw(st.sampled_from([0, 1, 2])),
        "BackgroundRenderMode": draw(st.sampled_from([0, 1, 2, 3, 4])),
    }
    if user is not None:
        info = {"UserId": user}
        if draw(st.booleans()):
            info.update(RoomId=str(draw(st.integers(1, 4294967294))), RoomIdType=0)
        entry["UserMediaStream"] = {"UserInfo": info, "StreamType": stream_type}
    if draw(st.booleans()):
        entry["BackgroundImageUrl"] = draw(PLACEHOLDER_URL)
    if entry["BackgroundRenderMode"] == 4:
        width = draw(st.integers(1, entry["ImageWidth"]))
        height = draw(st.integers(1, entry["ImageHeight"]))
        entry["BackgroundCustomRender"] = {
            "Width": width,
            "Height": height,
            "Radius": draw(st.integers(0, min(width, height) // 2)),
        }
    if draw(st.booleans()):
        cx, cy = draw(st.integers(0, 9999)), draw(st.integers(0, 9999))
        entry["CustomCrop"] = {
            "LocationX": cx,
            "LocationY": cy,
            "Width": draw(st.integers(1, 10000 - cx)),
            "Height": draw(st.integers(1, 10000 - cy)),
        }
    return entry


@st.composite
def valid_watermark(draw, canvas_w: int, canvas_h: int) -> dict:
    x, y = draw(st.integers(0, canvas_w)), draw(st.integers(0, canvas_h))
    box = {
        "LocationX": x,
        "LocationY": y,
        "WaterMarkWidth": draw(st.integers(0, canvas_w - x)),
        "WaterMarkHeight": draw(st.integers(0, canvas_h - y)),
        "DynamicPosType": draw(st.sampled_from([0, 1, 2])),
    }
    if draw(st.booleans()):
        box["WaterMarkUrl"] = "https://cdn.example.com/logo.png"
        return {"WaterMarkType": 0, "WaterMarkImage": box}
    box.update(
        Text=draw(st.text(min_size=1, max_size=20)),
        FontSize=draw(st.integers(1, 200)),
        FontColor=draw(COLOUR),
        BackGroundColor=draw(COLOUR),
        Font=draw(st.sampled_from(["Tencent", "SourceHanSans"])),
    )
    return {"WaterMarkType": 1, "WaterMarkText": box}


@st.composite
def valid_documents(draw) -> dict:
    width, height = draw(st.integers(1, 1920)), draw(st.integers(1, 1920))
    count = draw(st.integers(0, 16))
    bindings = draw(
        st.lists(
            st.tuples(st.sampled_from([f"user{n}" for n in range(12)]), st.integers(0, 1)),
            min_size=count,
            max_size=count,
            unique=True,
        )
    )
    layout = []
    for user, stream_type in bindings:
        bound = draw(st.booleans())
        layout.append(draw(valid_slot(width, height, user if bound else None, stream_type)))
    document = {
        "VideoEncode": {
            "Width": width,
            "Height": height,
            "Fps": draw(st.integers(1, 60)),
            "BitRate": draw(st.integers(1, 10000)),
            "Gop": draw(st.integers(1, 5)),
        },
        "LayoutParams": {"MixLayoutMode": 4, "MixLayoutList": layout},
        "BackGroundColor": draw(COLOUR),
        "WaterMarkList": draw(st.lists(valid_watermark(width, height), max_size=3)),
    }
    if draw(st.booleans()):
        document["BackgroundImageUrl"] = "https://cdn.example.com/bg.jpg"
        document["BackgroundRenderMode"] = draw(st.sampled_from([0, 1, 2]))
    return document


@settings(max_examples=150, deadline=None, database=None, derandomize=True)
@given(valid_documents())
def test_generated_valid_custom_layouts_have_no_errors(document):
    problems = validate(document, with_transcoding=1, main_room=MAIN_ROOM)

    assert [p for p in problems if p.severity == ERROR] == []
    assert {p.rule for p in problems} <= {"hidden-slot", "same-zorder", "R38", "R35"}


FIELD_NAMES = sorted({f.name for shape in video.SHAPES.values() for f in shape.fields})
URLISH = st.text(URL_ALPHABET, max_size=12).map(lambda s: "http://" + s)

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | URLISH
    | st.sampled_from(["0xcc0033", "195044", "4294967295", "anchor", "https://x.example/a.png"])
)

KEYS = st.sampled_from(FIELD_NAMES) | st.text(max_size=8)

ANY_JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=6),
    max_leaves=30,
)


def assert_well_formed(problems: list[Problem]) -> None:
    for problem in problems:
        assert isinstance(problem.path, str)
        assert isinstance(problem.rule, str) and problem.rule
        assert problem.severity in (ERROR, WARNING)
        assert isinstance(problem.message, str) and problem.message


@settings(max_examples=200, deadline=None, database=None, derandomize=True)
@given(ANY_JSON, st.sampled_from([None, 0, 1]))
def test_any_json_gives_well_formed_problems_and_never_raises(document, with_transcoding):
    before = copy.deepcopy(document)

    problems = validate(document, with_transcoding=with_transcoding, main_room=MAIN_ROOM)

    assert_well_formed(problems)
    assert repr(document) == repr(before)


def paths_of(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths_of(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths_of(item, (*prefix, index))


BASE_PATHS = list(paths_of(base_document()))[1:]


@settings(max_examples=200, deadline=None, database=None, derandomize=True)
@given(st.sampled_from(BASE_PATHS), ANY_JSON)
def test_any_value_anywhere_in_a_valid_document_never_raises(path, value):
    document = base_document()
    target = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value

    assert_well_formed(validate(document, with_transcoding=1, main_room=MAIN_ROOM))


# ---------------------------------------------------------------------------
# The names other modules import from the two entry modules stay where they are.


def test_the_entry_modules_keep_the_names_others_import():
    from layouts.core.rules import document, request

    for name in ("validate", "has_errors", "ImageHosts", "ERROR", "WARNING", "URL_CHARACTERS_RE"):
        assert hasattr(document, name), name
    for name in (
        "check_start",
        "check_update",
        "check_stop",
        "check_request",
        "check_show",
        "check_app_part",
        "suggested_bitrate",
    ):
        assert callable(getattr(request, name)), name


def test_the_checks_run_in_the_order_of_cross_field_checks():
    from layouts.core.rules.document import CROSS_FIELD_CHECKS

    names = [check.__name__ for check in CROSS_FIELD_CHECKS]
    assert names[:2] == ["check_canvas", "check_transcoding"]
    assert names[-1] == "check_image_hosts"
    assert len(set(names)) == len(names)
