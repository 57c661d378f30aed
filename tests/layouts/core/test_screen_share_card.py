"""A screen share has a card of its own: a desktop with a window and a screen icon.

A camera's card is the user's colour with a white cross; a share's is mostly a light
window, so the two are told apart by how much of each picture is light.
"""

from __future__ import annotations

from PIL import Image

from layouts.core.geometry import Participant, regions
from layouts.core.render import SCREEN_INK, _user_colour, render

MAIN = ("8888", 0)


def document(stream_types: tuple[int, int], width: int = 640, height: int = 180) -> dict:
    half = width // 2
    return {
        "VideoEncode": {"Width": width, "Height": height, "Fps": 25, "BitRate": 1500, "Gop": 2},
        "LayoutParams": {
            "MixLayoutMode": 4,
            "MixLayoutList": [
                {
                    "LocationX": index * half,
                    "LocationY": 0,
                    "ImageWidth": half,
                    "ImageHeight": height,
                    "UserMediaStream": {"UserInfo": {"UserId": "alice"}, "StreamType": stream},
                }
                for index, stream in enumerate(stream_types)
            ],
        },
        "BackGroundColor": "0x000000",
    }


def light_share(image: Image.Image) -> float:
    """The share of pixels whose every channel is above 200 (a test card's colour never is)."""
    pixels = image.convert("RGB").get_flattened_data()
    return sum(1 for pixel in pixels if min(pixel) > 200) / (image.width * image.height)


def draw(doc: dict, *, scale: float = 1.0) -> Image.Image:
    people = [Participant("alice", *MAIN, screen=True)]
    return render(doc, regions(doc, people), load_image=lambda url: None, scale=scale).image


def test_a_screen_share_card_is_mostly_a_light_window_a_camera_card_is_not():
    image = draw(document((0, 1)))
    camera, screen = image.crop((0, 0, 320, 180)), image.crop((320, 0, 640, 180))

    assert light_share(camera) < 0.1
    assert light_share(screen) > 0.5


def test_the_share_shows_a_screen_icon_in_the_users_colour_in_the_middle():
    image = draw(document((0, 1), width=1280, height=360))
    # The icon's screen sits in the middle of the share, filled with the user's colour;
    # the camera's middle is the white centre cross.
    assert image.getpixel((960, 160)) == _user_colour("alice")
    assert image.getpixel((320, 180)) == (255, 255, 255)
    # Below the title bar, everything drawn in ink (the icon's frame and stand, the user
    # ID) sits in the middle third: clear of the corner where the program shows its clock.
    share = image.crop((640, round(360 * 0.15), 1280, 360))
    ink = [
        x
        for index, pixel in enumerate(share.get_flattened_data())
        if pixel == SCREEN_INK
        for x in [index % share.width]
    ]
    assert len(ink) > 500
    assert 640 / 3 < min(ink) and max(ink) < 640 * 2 / 3


def test_the_difference_holds_in_a_small_thumbnail():
    image = draw(document((1, 0)), scale=0.25)
    screen, camera = image.crop((0, 0, 80, 45)), image.crop((80, 0, 160, 45))

    assert light_share(screen) > 0.4
    assert light_share(camera) < 0.15
