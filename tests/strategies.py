"""Hypothesis strategies for valid VideoParams documents, shared by the take tests.

A document drawn here passes every error rule (slots and watermarks inside the
canvas, unique bindings, images on public hosts), so that the emulator accepts
it and a test can compare what ends up in force with what was staged.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

CANVAS = (1280, 720)
USERS = ("anchor", "guest-a", "guest-b", "guest-c", "guest-d")
IMAGES = (
    "https://img.example.com/logo.png",
    "https://img.example.com/frame.jpg",
    "https://cdn.example.org/badge.png",
)
COLOURS = ("0x000000", "0x112233", "0xCC0033", "0xFFFFFF")


@st.composite
def rects(draw: st.DrawFn, canvas: tuple[int, int] = CANVAS) -> tuple[int, int, int, int]:
    width = draw(st.integers(16, canvas[0]))
    height = draw(st.integers(16, canvas[1]))
    x = draw(st.integers(0, canvas[0] - width))
    y = draw(st.integers(0, canvas[1] - height))
    return x, y, width, height


def user_stream(user: str, stream_type: int | None = None) -> dict[str, Any]:
    stream: dict[str, Any] = {"UserInfo": {"UserId": user}}
    if stream_type is not None:
        stream["StreamType"] = stream_type
    return stream


@st.composite
def slots(draw: st.DrawFn) -> list[dict[str, Any]]:
    count = draw(st.integers(0, 4))
    bound = draw(st.lists(st.sampled_from(USERS), unique=True, max_size=count))
    result = []
    for index in range(count):
        x, y, w, h = draw(rects())
        slot: dict[str, Any] = {
            "ImageWidth": w,
            "ImageHeight": h,
            "LocationX": x,
            "LocationY": y,
            "ZOrder": index + draw(st.integers(0, 2)),
        }
        if index < len(bound):
            slot["UserMediaStream"] = user_stream(bound[index], draw(st.sampled_from((None, 0))))
        if draw(st.booleans()):
            slot["RenderMode"] = draw(st.sampled_from((0, 1, 2)))
        if draw(st.booleans()):
            slot["BackgroundImageUrl"] = draw(st.sampled_from(IMAGES))
        if draw(st.booleans()):
            slot["CustomCrop"] = {"LocationX": 0, "LocationY": 0, "Width": 640, "Height": 360}
        result.append(slot)
    return result


@st.composite
def watermarks(draw: st.DrawFn) -> list[dict[str, Any]]:
    marks = []
    for _ in range(draw(st.integers(0, 2))):
        x, y, w, h = draw(rects())
        box = {"LocationX": x, "LocationY": y, "WaterMarkWidth": w, "WaterMarkHeight": h}
        if draw(st.booleans()):
            marks.append(
                {
                    "WaterMarkType": 0,
                    "WaterMarkImage": {"WaterMarkUrl": draw(st.sampled_from(IMAGES)), **box},
                }
            )
        else:
            text = {
                "Text": draw(st.sampled_from(("LIVE", "直播", "Score 2:1"))),
                "FontSize": 32,
                **box,
            }
            if draw(st.booleans()):
                text["FontColor"] = draw(st.sampled_from(COLOURS))
            marks.append({"WaterMarkType": 1, "WaterMarkText": text})
    return marks


@st.composite
def layout_params(draw: st.DrawFn) -> dict[str, Any]:
    mode = draw(st.sampled_from((1, 2, 3, 4)))
    layout: dict[str, Any] = {"MixLayoutMode": mode}
    if mode == 4:
        layout["MixLayoutList"] = draw(slots())
    else:
        if mode in (1, 2) and draw(st.booleans()):
            layout["MaxVideoUser"] = {"UserMediaStream": user_stream(draw(st.sampled_from(USERS)))}
        if draw(st.booleans()):
            layout["RenderMode"] = draw(st.sampled_from((0, 1, 2)))
        if draw(st.booleans()):
            layout["PureAudioHoldPlaceMode"] = draw(st.sampled_from((0, 1)))
    return layout


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "VideoEncode": {
            "Width": CANVAS[0],
            "Height": CANVAS[1],
            "Fps": draw(st.sampled_from((15, 25, 30))),
            "BitRate": draw(st.sampled_from((1200, 1800, 2500))),
            "Gop": draw(st.sampled_from((1, 2, 3))),
        },
        "LayoutParams": draw(layout_params()),
    }
    if draw(st.booleans()):
        doc["BackGroundColor"] = draw(st.sampled_from(COLOURS))
    if draw(st.booleans()):
        doc["BackgroundImageUrl"] = draw(st.sampled_from(IMAGES))
        if draw(st.booleans()):
            doc["BackgroundRenderMode"] = draw(st.sampled_from((0, 1, 2)))
    marks = draw(watermarks())
    if marks or draw(st.booleans()):
        doc["WaterMarkList"] = marks
    return doc
