"""A video bitrate far too low for its size and frame rate: the app's own rule of thumb.

Not a rule of Tencent's, so only a warning (`BITRATE_HEURISTIC`): the bitrates
Tencent's Web SDK recommends for these sizes at 15 fps (trtc.io/document/59654,
"Set Encoding Profile"), interpolated by pixel count and scaled with the square
root of the frame rate. Only a bitrate under a quarter of that is worth a word.
The ranges of VideoEncode are R35's, in the field walk.
"""

from __future__ import annotations

from collections.abc import Iterator

from layouts.core.contract import bodies, video
from layouts.core.contract.fields import get_int, get_obj
from layouts.core.contract.problems import WARNING, Problem
from layouts.core.rules.request_context import Request
from layouts.core.text import gettext_noop

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
    scale: float = (max(fps, 1) / BITRATE_ANCHOR_FPS) ** 0.5
    return round(rate * scale)


def check_bitrate(request: Request) -> Iterator[Problem]:
    """A video bitrate far too low for its size and frame rate (the app's own heuristic)."""
    if request.with_transcoding != bodies.TRANSCODING_ON:
        return  # a relay's VideoEncode describes the upstream as it is (R22)
    if get_obj(get_obj(request.sent, "VideoParams"), "VideoEncode") is None:
        return
    encode = get_obj(get_obj(request.params, "VideoParams"), "VideoEncode")
    width, height = get_int(encode, "Width"), get_int(encode, "Height")
    fps, bitrate = get_int(encode, "Fps"), get_int(encode, "BitRate")
    if width is None or height is None or fps is None or bitrate is None:
        return
    if min(width, height, fps, bitrate) <= 0:
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
