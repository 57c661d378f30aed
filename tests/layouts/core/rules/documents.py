"""Valid VideoParams documents for the rules' tests, and small ways to change copies of them."""

from __future__ import annotations

from layouts.core.contract.problems import Problem

W, H = 1280, 720
MAIN_ROOM = ("8888", 0)

# ---------------------------------------------------------------------------
# A valid base document and small ways to change copies of it.


def user_stream(user_id: str, stream_type: int = 0, **user_info) -> dict:
    return {"UserInfo": {"UserId": user_id, **user_info}, "StreamType": stream_type}


def slot(x: int, y: int, w: int, h: int, *, user=None, stream_type=0, **fields) -> dict:
    entry = {"LocationX": x, "LocationY": y, "ImageWidth": w, "ImageHeight": h, **fields}
    if user is not None:
        entry["UserMediaStream"] = user_stream(user, stream_type)
    return entry


def image_watermark(x=1140, y=20, w=120, h=40, **fields) -> dict:
    image = {
        "WaterMarkUrl": "https://cdn.example.com/logo.png",
        "WaterMarkWidth": w,
        "WaterMarkHeight": h,
        "LocationX": x,
        "LocationY": y,
        "ZOrder": 10,
        **fields,
    }
    return {"WaterMarkType": 0, "WaterMarkImage": image}


def text_watermark(**fields) -> dict:
    text = {
        "Text": "Live",
        "WaterMarkWidth": 200,
        "WaterMarkHeight": 40,
        "LocationX": 20,
        "LocationY": 660,
        "FontSize": 24,
        "FontColor": "0xFFFFFF",
        "Font": "SourceHanSans",
        **fields,
    }
    return {"WaterMarkType": 1, "WaterMarkText": text}


def base_document() -> dict:
    """1280x720 custom layout: four slots, an image and a text watermark; no problems."""
    return {
        "VideoEncode": {"Width": W, "Height": H, "Fps": 15, "BitRate": 1500, "Gop": 2},
        "LayoutParams": {
            "MixLayoutMode": 4,
            "MixLayoutList": [
                slot(0, 0, 640, 360, user="anchor", ZOrder=0),
                slot(640, 0, 640, 360, user="guest", ZOrder=0),
                slot(0, 360, 640, 360, user="anchor", stream_type=1, ZOrder=1),
                slot(
                    960,
                    540,
                    320,
                    180,
                    ZOrder=2,
                    BackgroundImageUrl="https://cdn.example.com/waiting.gif",
                ),
            ],
        },
        "BackGroundColor": "0x000000",
        "WaterMarkList": [image_watermark(), text_watermark()],
    }


def slots(document: dict) -> list:
    return document["LayoutParams"]["MixLayoutList"]


def dynamic_document(mode: int, **layout_params) -> dict:
    document = base_document()
    document["LayoutParams"] = {"MixLayoutMode": mode, **layout_params}
    return document


def max_video_user(user_id: str = "anchor", **user_info) -> dict:
    return {"UserMediaStream": user_stream(user_id, **user_info)}


def with_rule(problems: list[Problem], rule: str) -> list[Problem]:
    return [p for p in problems if p.rule == rule]


def the_problem(problems: list[Problem], rule: str) -> Problem:
    """The one problem citing `rule`; fails if there is none or several."""
    found = with_rule(problems, rule)
    assert len(found) == 1, [(p.path, p.rule, p.message) for p in problems]
    return found[0]


def summary(problems: list[Problem]) -> list[tuple[str, str, str]]:
    return [(p.path, p.rule, p.severity) for p in problems]
