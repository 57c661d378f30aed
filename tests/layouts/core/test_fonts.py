"""layouts.core.fonts: the renderer's Noto Sans CJK SC, cut into WOFF2 slices."""

from __future__ import annotations

import io

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
