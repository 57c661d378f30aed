"""Rendering: the program picture, checked by sampling pixels.

Images come from a fake loader serving pictures made here; no network, no database.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image

from layouts.core.geometry import Participant, regions
from layouts.core.render import ImageUnavailable, RenderResult, encode, render

RED = (255, 0, 0)
GREEN = (0, 255, 0)
BLUE = (0, 0, 255)
YELLOW = (255, 255, 0)
ORANGE = (255, 128, 0)
PURPLE = (128, 0, 128)
BLACK = (0, 0, 0)
CANVAS = (0x33, 0x66, 0x99)
CANVAS_HEX = "0x336699"
MAIN = ("8888", 0)


def solid(colour, size=(1280, 720), mode="RGBA"):
    return Image.new(mode, size, colour)


def quadrants(size=(1280, 720)):
    """Top-left red, top-right green, bottom-left blue, bottom-right yellow."""
    w, h = size
    image = Image.new("RGB", size)
    image.paste(RED, (0, 0, w // 2, h // 2))
    image.paste(GREEN, (w // 2, 0, w, h // 2))
    image.paste(BLUE, (0, h // 2, w // 2, h))
    image.paste(YELLOW, (w // 2, h // 2, w, h))
    return image


def left_quarter_red():
    """200 x 100: the left quarter red, the rest green."""
    image = solid((*GREEN, 255), (200, 100))
    image.paste((*RED, 255), (0, 0, 50, 100))
    return image


def left_half_clear(colour, size):
    """Opaque `colour` on the right half, fully transparent on the left half."""
    image = solid((*colour, 255), size)
    image.paste((0, 0, 0, 0), (0, 0, size[0] // 2, size[1]))
    return image


IMAGES = {
    "http://img/quarter.png": left_quarter_red,
    "http://img/wide-green.png": lambda: solid((*GREEN, 255), (200, 100)),
    "http://img/green.png": lambda: solid((*GREEN, 255), (100, 100)),
    "http://img/half-yellow.png": lambda: left_half_clear(YELLOW, (100, 50)),
    "http://img/mask.png": lambda: left_half_clear(BLACK, (64, 64)),
}
MISSING = "http://img/missing.png"
BROKEN = "http://img/broken.png"


def fake_load(url):
    if url == MISSING:
        raise ImageUnavailable(url, "http-status", f"{url} answered HTTP 404 instead of an image.")
    if url == BROKEN:
        raise OSError("truncated image")
    return IMAGES[url]()


def document(width=400, height=300, slots=(), **fields):
    return {
        "VideoEncode": {"Width": width, "Height": height, "Fps": 25, "BitRate": 1500, "Gop": 2},
        "LayoutParams": {"MixLayoutMode": 4, "MixLayoutList": list(slots)},
        "BackGroundColor": CANVAS_HEX,
        **fields,
    }


def slot(x, y, w, h, *, user=None, **fields):
    entry = {"LocationX": x, "LocationY": y, "ImageWidth": w, "ImageHeight": h, **fields}
    if user is not None:
        entry["UserMediaStream"] = {"UserInfo": {"UserId": user}, "StreamType": 0}
    return entry


def people(*user_ids):
    return [Participant(user_id, *MAIN) for user_id in user_ids]


def draw(doc, users=(), *, standins=None, **options) -> RenderResult:
    layout = regions(doc, people(*users))
    return render(doc, layout, load_image=fake_load, standins=standins, **options)


def pixel(result, x, y):
    return result.image.getpixel((x, y))


def count(image, colour):
    """How many pixels of `image` are exactly `colour`."""
    colours = image.getcolors(image.width * image.height)
    return sum(number for number, value in colours if value == colour)


def near(actual, expected, tolerance=6):
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


# --- canvas ---------------------------------------------------------------------------


def test_canvas_is_painted_in_its_background_colour():
    result = draw(document())
    assert result.image.mode == "RGB"
    assert result.image.size == (400, 300)
    assert pixel(result, 0, 0) == CANVAS
    assert pixel(result, 399, 299) == CANVAS


def test_canvas_without_colour_is_black():
    doc = document()
    del doc["BackGroundColor"]
    assert pixel(draw(doc), 200, 150) == BLACK


def test_canvas_image_stretches_by_default():
    result = draw(document(400, 400, BackgroundImageUrl="http://img/quarter.png"))
    # The red quarter of the 200 x 100 image becomes the left 100 px of the canvas.
    assert near(pixel(result, 2, 2), RED)
    assert near(pixel(result, 2, 397), RED)
    assert near(pixel(result, 397, 2), GREEN)
    assert near(pixel(result, 397, 397), GREEN)


def test_canvas_image_fit_leaves_black_bars():
    result = draw(
        document(400, 400, BackgroundImageUrl="http://img/quarter.png", BackgroundRenderMode=1)
    )
    # 200 x 100 fitted into 400 x 400 is 400 x 200, centred: black above and below.
    assert pixel(result, 200, 10) == BLACK
    assert pixel(result, 200, 390) == BLACK
    assert near(pixel(result, 200, 200), GREEN)
    assert near(pixel(result, 10, 200), RED)


def test_canvas_image_crop_fills_the_canvas_from_the_middle_of_the_image():
    result = draw(
        document(400, 400, BackgroundImageUrl="http://img/quarter.png", BackgroundRenderMode=0)
    )
    # Scaled to 800 x 400 and centre-cropped: the red left quarter is cut off.
    for x, y in ((2, 2), (2, 397), (397, 2), (397, 397), (200, 200)):
        assert near(pixel(result, x, y), GREEN)


# --- streams ----------------------------------------------------------------------------

SQUARE = (100, 50, 200, 200)  # a square slot; the stand-in is 16:9


def square_slot_render(render_mode, **fields):
    doc = document(slots=[slot(*SQUARE, user="alice", RenderMode=render_mode, **fields)])
    return draw(doc, ["alice"], standins={"alice": solid(ORANGE, mode="RGB")})


def test_crop_mode_fills_the_slot_to_every_edge():
    result = square_slot_render(0)
    for x, y in ((200, 50), (200, 249), (100, 150), (299, 150)):
        assert near(pixel(result, x, y), ORANGE), (x, y)
    assert pixel(result, 99, 150) == CANVAS
    assert pixel(result, 300, 150) == CANVAS


def test_fit_mode_1_shows_the_canvas_above_and_below():
    result = square_slot_render(1)
    # 1280 x 720 fitted into 200 x 200 is 200 x 112: bars of 44 px above and below.
    assert pixel(result, 200, 55) == CANVAS
    assert pixel(result, 200, 244) == CANVAS
    assert near(pixel(result, 200, 150), ORANGE)
    assert near(pixel(result, 101, 150), ORANGE)


def test_fit_mode_2_puts_black_bars_above_and_below():
    result = square_slot_render(2)
    assert pixel(result, 200, 55) == BLACK
    assert pixel(result, 200, 244) == BLACK
    assert near(pixel(result, 200, 150), ORANGE)


def test_fit_mode_1_bars_show_lower_slots_unless_colour_mode_bit_1_is_set():
    def bar_pixel(colour_mode):
        below = slot(0, 0, 400, 300, user="bob", ZOrder=0)
        above = slot(*SQUARE, user="alice", ZOrder=1, RenderMode=1, BackGroundColorMode=colour_mode)
        standins = {"alice": solid(ORANGE, mode="RGB"), "bob": solid(PURPLE, mode="RGB")}
        return pixel(
            draw(document(slots=[below, above]), ["alice", "bob"], standins=standins), 200, 55
        )

    assert near(bar_pixel(0), PURPLE)
    assert near(bar_pixel(1), PURPLE)  # bit 0 is about placeholders
    assert bar_pixel(2) == CANVAS
    assert bar_pixel(3) == CANVAS


def test_custom_crop_shows_only_the_chosen_part_of_the_stream():
    crop = {"LocationX": 640, "LocationY": 360, "Width": 640, "Height": 360}
    doc = document(slots=[slot(40, 40, 160, 90, user="alice", CustomCrop=crop)])
    result = draw(doc, ["alice"], standins={"alice": quadrants()})
    for x in range(44, 196, 8):
        for y in range(44, 126, 8):
            assert near(pixel(result, x, y), YELLOW, 12), (x, y)


def test_custom_crop_past_the_stream_is_clamped_to_it():
    crop = {"LocationX": 0, "LocationY": 0, "Width": 640, "Height": 5000}
    doc = document(slots=[slot(40, 40, 160, 180, user="alice", CustomCrop=crop, RenderMode=2)])
    result = draw(doc, ["alice"], standins={"alice": quadrants()})
    # The left half of the stream (red over blue), 640 x 720, fitted into 160 x 180.
    assert near(pixel(result, 120, 60), RED, 12)
    assert near(pixel(result, 120, 200), BLUE, 12)


def test_a_user_without_stand_in_gets_a_test_card_of_their_own_colour():
    doc = document(slots=[slot(0, 0, 200, 150, user="alice"), slot(200, 0, 200, 150, user="bob")])
    result = draw(doc, ["alice", "bob"])
    alice, bob = pixel(result, 30, 30), pixel(result, 230, 30)
    assert alice != bob
    assert CANVAS not in (alice, bob)
    assert result.warnings == []


def test_higher_zorder_wins_where_slots_overlap():
    doc = document(
        slots=[
            slot(0, 0, 200, 200, user="alice", ZOrder=2),
            slot(100, 100, 200, 200, user="bob", ZOrder=1),
        ]
    )
    standins = {"alice": solid(RED, mode="RGB"), "bob": solid(BLUE, mode="RGB")}
    result = draw(doc, ["alice", "bob"], standins=standins)
    assert near(pixel(result, 150, 150), RED)
    assert near(pixel(result, 250, 250), BLUE)


def test_list_order_breaks_zorder_ties():
    doc = document(slots=[slot(0, 0, 200, 200, user="alice"), slot(100, 100, 200, 200, user="bob")])
    standins = {"alice": solid(RED, mode="RGB"), "bob": solid(BLUE, mode="RGB")}
    assert near(pixel(draw(doc, ["alice", "bob"], standins=standins), 150, 150), BLUE)


def test_empty_slot_draws_nothing():
    result = draw(document(slots=[slot(*SQUARE)]))
    assert pixel(result, 200, 150) == CANVAS


def test_audio_only_tile_is_dark_grey():
    doc = document(
        LayoutParams={"MixLayoutMode": 3, "PureAudioHoldPlaceMode": 1},
    )
    users = [Participant("alice", *MAIN, camera=False)]
    result = render(doc, regions(doc, users), load_image=fake_load)
    assert pixel(result, 2, 2) == (48, 48, 48)


# --- placeholders -------------------------------------------------------------------

PLACEHOLDER_SLOT = (50, 50, 100, 100)


def placeholder_render(url, mode, **fields):
    doc = document(
        200,
        200,
        slots=[
            slot(
                *PLACEHOLDER_SLOT,
                user="ghost",  # bound but absent
                BackgroundImageUrl=url,
                BackgroundRenderMode=mode,
                **fields,
            )
        ],
    )
    return draw(doc, [])


def test_placeholder_crop_fills_the_slot_from_the_middle_of_the_image():
    result = placeholder_render("http://img/quarter.png", 0)
    for x, y in ((51, 51), (51, 148), (148, 51), (100, 100)):
        assert near(pixel(result, x, y), GREEN), (x, y)


def test_placeholder_fit_shows_the_canvas_colour_above_and_below():
    result = placeholder_render("http://img/wide-green.png", 1)
    assert pixel(result, 100, 55) == CANVAS
    assert pixel(result, 100, 145) == CANVAS
    assert near(pixel(result, 100, 100), GREEN)


def test_placeholder_fit_bars_show_lower_slots_unless_colour_mode_bit_0_is_set():
    def bar_pixel(colour_mode):
        below = slot(0, 0, 200, 200, user="bob", ZOrder=0)
        above = slot(
            *PLACEHOLDER_SLOT,
            user="ghost",
            ZOrder=1,
            BackgroundImageUrl="http://img/wide-green.png",
            BackgroundRenderMode=1,
            BackGroundColorMode=colour_mode,
        )
        doc = document(200, 200, slots=[below, above])
        return pixel(draw(doc, ["bob"], standins={"bob": solid(PURPLE, mode="RGB")}), 100, 55)

    assert near(bar_pixel(0), PURPLE)
    assert near(bar_pixel(2), PURPLE)  # bit 1 is about the stream
    assert bar_pixel(1) == CANVAS
    assert bar_pixel(3) == CANVAS


def test_placeholder_fit_on_black_puts_black_bars_above_and_below():
    result = placeholder_render("http://img/wide-green.png", 2)
    assert pixel(result, 100, 55) == BLACK
    assert pixel(result, 100, 145) == BLACK
    assert near(pixel(result, 100, 100), GREEN)


def test_placeholder_stretches_by_default():
    doc = document(
        200,
        200,
        slots=[slot(*PLACEHOLDER_SLOT, user="ghost", BackgroundImageUrl="http://img/quarter.png")],
    )
    result = draw(doc, [])
    # The red quarter becomes the left 25 px of the slot, top to bottom.
    assert near(pixel(result, 52, 52), RED)
    assert near(pixel(result, 52, 147), RED)
    assert near(pixel(result, 147, 52), GREEN)


def test_placeholder_custom_size_is_centred_with_rounded_corners():
    custom = {"Width": 80, "Height": 60, "Radius": 20}
    result = placeholder_render("http://img/green.png", 4, BackgroundCustomRender=custom)
    # The 80 x 60 picture spans x 60..139, y 70..129.
    assert near(pixel(result, 100, 100), GREEN)
    assert near(pixel(result, 61, 100), GREEN)
    assert near(pixel(result, 100, 71), GREEN)
    assert pixel(result, 61, 71) == CANVAS  # cut off by the corner radius
    assert pixel(result, 138, 128) == CANVAS
    assert pixel(result, 55, 100) == CANVAS  # in the slot, outside the picture
    assert pixel(result, 100, 65) == CANVAS
    # The curve is antialiased: some corner pixel lies between the two colours.
    corner = [pixel(result, x, y) for x in range(60, 70) for y in range(70, 80)]
    assert any(value not in (CANVAS,) and not near(value, GREEN) for value in corner)


def test_placeholder_is_not_drawn_for_a_user_who_is_present():
    doc = document(
        200,
        200,
        slots=[slot(*PLACEHOLDER_SLOT, user="alice", BackgroundImageUrl="http://img/green.png")],
    )
    result = draw(doc, ["alice"], standins={"alice": solid(ORANGE, mode="RGB")})
    assert near(pixel(result, 100, 100), ORANGE)


# --- masks and watermarks -----------------------------------------------------------


def masked_render(render_mode):
    doc = document(
        200,
        100,
        slots=[
            slot(
                0,
                0,
                100,
                100,
                user="alice",
                RenderMode=render_mode,
                TransparentUrl="http://img/mask.png",
            )
        ],
    )
    return draw(doc, ["alice"], standins={"alice": solid(RED, (100, 100), mode="RGB")})


def test_transparent_url_hides_the_stream_where_the_mask_is_clear():
    result = masked_render(0)
    assert pixel(result, 25, 50) == CANVAS
    assert near(pixel(result, 75, 50), RED)


def test_transparent_url_is_ignored_unless_render_mode_is_crop():
    result = masked_render(2)
    assert near(pixel(result, 25, 50), RED)


def image_watermark(url, *, x=10, y=10, w=100, h=50, z=0):
    return {
        "WaterMarkType": 0,
        "WaterMarkImage": {
            "WaterMarkUrl": url,
            "WaterMarkWidth": w,
            "WaterMarkHeight": h,
            "LocationX": x,
            "LocationY": y,
            "ZOrder": z,
        },
    }


def text_watermark(text, **fields):
    body = {
        "Text": text,
        "WaterMarkWidth": 200,
        "WaterMarkHeight": 60,
        "LocationX": 10,
        "LocationY": 10,
        "FontSize": 30,
        **fields,
    }
    return {"WaterMarkType": 1, "WaterMarkText": body}


def test_image_watermark_shows_what_is_beneath_where_it_is_transparent():
    result = draw(document(WaterMarkList=[image_watermark("http://img/half-yellow.png")]))
    assert pixel(result, 30, 35) == CANVAS
    assert near(pixel(result, 90, 35), YELLOW)
    assert pixel(result, 115, 35) == CANVAS


def test_watermark_sits_above_slots_of_its_zorder_and_below_higher_ones():
    doc = document(
        slots=[
            slot(0, 0, 100, 100, user="alice", ZOrder=1),
            slot(100, 0, 100, 100, user="bob", ZOrder=2),
        ],
        WaterMarkList=[image_watermark("http://img/green.png", x=50, y=0, w=100, h=100, z=1)],
    )
    standins = {"alice": solid(RED, mode="RGB"), "bob": solid(BLUE, mode="RGB")}
    result = draw(doc, ["alice", "bob"], standins=standins)
    assert near(pixel(result, 75, 50), GREEN)  # over alice (same ZOrder)
    assert near(pixel(result, 125, 50), BLUE)  # under bob (higher ZOrder)


def test_text_watermark_fills_its_box_and_draws_text_in_font_colour():
    mark = text_watermark("LIVE", BackGroundColor="0x800000", FontColor="0x00FF00")
    result = draw(document(WaterMarkList=[mark]))
    assert pixel(result, 11, 11) == (0x80, 0, 0)
    assert pixel(result, 208, 68) == (0x80, 0, 0)
    assert pixel(result, 211, 40) == CANVAS
    box = result.image.crop((10, 10, 210, 70))
    assert count(box, GREEN) > 30


def test_text_watermark_without_background_colour_is_transparent():
    result = draw(document(WaterMarkList=[text_watermark("LIVE")]))
    assert pixel(result, 11, 11) == CANVAS
    box = result.image.crop((10, 10, 210, 70))
    assert count(box, (255, 255, 255)) > 30


def text_bitmap(text, font="SourceHanSans"):
    mark = text_watermark(text, Font=font, FontSize=40, WaterMarkWidth=300, WaterMarkHeight=60)
    doc = document(WaterMarkList=[mark], BackGroundColor="0x000000")
    return draw(doc).image.crop((10, 10, 310, 70)).convert("L")


def lit(bitmap):
    return sum(bitmap.histogram()[129:])


def test_chinese_text_draws_real_glyphs():
    unsupported = "\U0010fffd"  # private use: no font has it, so it draws .notdef
    notdef = text_bitmap(unsupported).tobytes()
    glyphs = [text_bitmap(character).tobytes() for character in "新闻直播"]
    assert len(set(glyphs)) == 4
    assert notdef not in glyphs
    assert text_bitmap("新闻直播").tobytes() != text_bitmap(unsupported * 4).tobytes()
    assert lit(text_bitmap("新闻直播")) > 200


def test_tencent_font_draws_like_source_han_sans():
    assert text_bitmap("新闻直播", "Tencent").tobytes() == text_bitmap("新闻直播").tobytes()


# --- images that cannot be loaded ---------------------------------------------------


def is_red(value):
    return value[0] > 200 and value[1] < 80 and value[2] < 80


def test_unavailable_placeholder_is_marked_and_reported():
    result = placeholder_render(MISSING, 3)
    assert is_red(pixel(result, 50, 100))  # the red outline on the slot's left edge
    assert is_red(pixel(result, 100, 100))  # where the two diagonals cross
    assert result.warnings == [
        {
            "path": "LayoutParams.MixLayoutList[0].BackgroundImageUrl",
            "rule": "image-unavailable",
            "severity": "warning",
            "message": result.warnings[0]["message"],
        }
    ]
    assert MISSING in result.warnings[0]["message"]


def test_unavailable_watermark_is_marked_and_reported():
    doc = document(WaterMarkList=[text_watermark("LIVE"), image_watermark(MISSING, x=200, y=100)])
    result = draw(doc)
    assert is_red(pixel(result, 200, 125))
    assert [warning["path"] for warning in result.warnings] == [
        "WaterMarkList[1].WaterMarkImage.WaterMarkUrl"
    ]


def test_unavailable_canvas_image_leaves_the_colour_and_a_banner():
    result = draw(document(BackgroundImageUrl=MISSING))
    assert is_red(pixel(result, 4, 4))
    assert pixel(result, 200, 200) == CANVAS
    assert [warning["path"] for warning in result.warnings] == ["BackgroundImageUrl"]


def test_unavailable_mask_shows_the_stream_unmasked_and_is_reported():
    doc = document(slots=[slot(0, 0, 100, 100, user="alice", TransparentUrl=BROKEN)])
    result = draw(doc, ["alice"], standins={"alice": solid(ORANGE, mode="RGB")})
    assert near(pixel(result, 25, 40), ORANGE)
    assert is_red(pixel(result, 0, 40))
    assert [warning["path"] for warning in result.warnings] == [
        "LayoutParams.MixLayoutList[0].TransparentUrl"
    ]
    assert "truncated image" in result.warnings[0]["message"]


def test_pictures_reaching_far_past_the_canvas_draw_only_what_shows():
    huge = 10**9
    custom = {"Width": huge, "Height": huge, "Radius": huge // 2}
    doc = document(
        slots=[
            slot(300, 200, huge, huge, user="alice", ZOrder=1),
            slot(
                0,
                200,
                huge,
                huge,
                user="ghost",
                BackgroundImageUrl="http://img/green.png",
                BackgroundRenderMode=4,
                BackgroundCustomRender=custom,
            ),
        ],
        WaterMarkList=[text_watermark("LIVE", WaterMarkWidth=huge, FontSize=huge, LocationY=0)],
    )
    result = draw(doc, ["alice"], standins={"alice": solid(ORANGE, mode="RGB")}, overlay=True)
    assert near(pixel(result, 350, 250), ORANGE)
    assert result.image.size == (400, 300)


# --- overlay, scale, encoding -------------------------------------------------------


def test_overlay_outlines_each_slot():
    doc = document(slots=[slot(*SQUARE, user="alice")])
    standins = {"alice": solid(ORANGE, mode="RGB")}
    clean = draw(doc, ["alice"], standins=standins)
    marked = draw(doc, ["alice"], standins=standins, overlay=True)
    assert pixel(marked, 200, 249) != pixel(clean, 200, 249)
    assert pixel(marked, 200, 150) == pixel(clean, 200, 150)


def test_overlay_outlines_empty_slots_too():
    doc = document(slots=[slot(*SQUARE)])
    assert pixel(draw(doc, overlay=True), 299, 150) != CANVAS


def test_half_scale_halves_the_picture():
    doc = document(slots=[slot(*SQUARE, user="alice")])
    result = draw(doc, ["alice"], standins={"alice": solid(ORANGE, mode="RGB")}, scale=0.5)
    assert result.image.size == (200, 150)
    assert near(pixel(result, 100, 75), ORANGE)
    assert pixel(result, 45, 75) == CANVAS


def test_scale_out_of_range_is_refused():
    with pytest.raises(ValueError):
        draw(document(), scale=1.5)


@pytest.mark.parametrize(
    ("fmt", "mime", "pillow_format"),
    [("png", "image/png", "PNG"), ("jpeg", "image/jpeg", "JPEG"), ("webp", "image/webp", "WEBP")],
)
def test_encode_gives_decodable_bytes_of_the_same_size(fmt, mime, pillow_format):
    data, content_type = encode(draw(document()).image, fmt)
    assert content_type == mime
    decoded = Image.open(io.BytesIO(data))
    assert decoded.format == pillow_format
    assert decoded.size == (400, 300)


def test_encode_refuses_other_formats():
    with pytest.raises(ValueError):
        encode(draw(document()).image, "gif")
