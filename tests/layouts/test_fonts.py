"""The canvas's face: the renderer's Noto Sans CJK SC, cut into WOFF2 slices."""

from __future__ import annotations

import io

import pytest
from fontTools.ttLib import TTFont

from layouts.core import fonts


def test_runs_of_code_points_are_written_as_css_ranges():
    assert fonts.unicode_range((0x4E08, 0x4E00, 0x4E01, 0x4E02, 0x41)) == "U+41,U+4E00-4E02,U+4E08"


def test_every_character_of_the_face_is_in_exactly_one_slice_and_common_ones_come_first():
    seen: dict[int, str] = {}
    for item in fonts.slices():
        for cp in item.codepoints:
            assert cp not in seen, (hex(cp), seen[cp], item.name)
            seen[cp] = item.name
    face = TTFont(fonts.font_path(), fontNumber=fonts.face_index(), lazy=True)
    assert set(seen) == set(face.getBestCmap())
    # Everyday Chinese (GB 2312 level 1) is in the small "common" slices, level 2 next.
    for char in "直播中欢迎来到深新闻":
        assert seen[ord(char)].startswith("common"), char
    assert seen[ord("圳")].startswith("usual")
    assert seen[ord("A")] == seen[ord("：")] == "basic0"


def test_a_slice_has_the_face_s_own_glyphs_and_widths():
    item = fonts.slice_named("basic0")
    cut = TTFont(io.BytesIO(fonts.slice_bytes(item)))
    face = TTFont(fonts.font_path(), fontNumber=fonts.face_index(), lazy=True)
    assert cut.flavor == "woff2"
    assert set(cut.getBestCmap()) == set(item.codepoints)
    for char in "AVa：（":
        ours, theirs = cut.getBestCmap()[ord(char)], face.getBestCmap()[ord(char)]
        assert cut["hmtx"][ours] == face["hmtx"][theirs], char
    assert cut["name"].getDebugName(1) == "Noto Sans CJK SC"


@pytest.mark.django_db
def test_the_css_declares_every_slice_and_the_slices_are_served_for_long(
    client, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    css = client.get("/fonts/canvas.css")
    assert css.status_code == 200
    assert css["Content-Type"].startswith("text/css")
    text = css.content.decode()
    assert text.count("@font-face") == len(fonts.slices())
    assert 'font-family:"Mix Noto Sans SC"' in text
    url = f"/fonts/{fonts.version()}/basic0.woff2"
    assert url in text
    served = client.get(url)
    assert served.status_code == 200
    assert served["Content-Type"] == "font/woff2"
    assert "immutable" in served["Cache-Control"]
    body = b"".join(served.streaming_content)
    assert body[:4] == b"wOF2"
    assert (tmp_path / "fonts" / fonts.version() / "basic0.woff2").read_bytes() == body
    assert client.get(f"/fonts/{fonts.version()}/nothing.woff2").status_code == 404
    assert client.get("/fonts/old-version/basic0.woff2").status_code == 404
