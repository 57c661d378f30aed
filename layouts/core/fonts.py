"""The renderer's face for the editor's canvas: Noto Sans CJK SC in WOFF2 slices.

The editor draws text watermarks in the face the renderer draws them with
(layouts/render.py: Noto Sans CJK SC from the `noto-cjk-sans-otc` package), so
Chinese looks the same on the canvas as in the preview whatever fonts the
producer's machine has. Browsers cannot read the package's font collection
(.ttc), and the SC face is some 16 MB; so it is cut into slices, each declared
with the `unicode-range` of its characters, and a browser fetches only the slices
holding characters it draws. The most used characters come first and in small
slices (GB 2312 level 1, the 3,755 commonest hanzi, then level 2), so everyday
Chinese needs two or three slices of a few hundred KB.

Slices are made from the package's own file with fontTools on first request and
kept on disk (`slice_file`); the glyphs, metrics and layout features are the
face's own. Pure: no Django.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# fontTools tells every glyph it keeps at INFO; the site logs at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FAMILY = "Mix Noto Sans SC"
# Changes whenever the slicing below changes, so browsers never keep a stale slice.
SLICING = "1"

FREQUENT_SLICE = 1300  # code points per slice of the GB 2312 characters
OTHER_SLICE = 3000  # code points per slice of everything else

# Latin, punctuation and symbols a Chinese title mixes in, and CJK punctuation.
BASIC_RANGES = (
    (0x0020, 0x024F),
    (0x02B0, 0x02FF),
    (0x0370, 0x03FF),
    (0x0400, 0x04FF),
    (0x2000, 0x206F),
    (0x20A0, 0x20CF),
    (0x2100, 0x218F),
    (0x2190, 0x21FF),
    (0x2460, 0x24FF),
    (0x2500, 0x25FF),
    (0x2600, 0x26FF),
    (0x3000, 0x303F),
    (0xFF00, 0xFFEF),
)


@dataclass(frozen=True)
class Slice:
    name: str
    codepoints: tuple[int, ...]

    @property
    def unicode_range(self) -> str:
        return unicode_range(self.codepoints)


def font_path() -> str:
    from noto_cjk_sans_otc import FONT_PATH

    path: str = FONT_PATH
    return path


@functools.lru_cache(maxsize=1)
def face_index() -> int:
    """The index of Noto Sans CJK SC in the collection (the renderer's face)."""
    from fontTools.ttLib import TTCollection

    collection = TTCollection(font_path(), lazy=True)
    for index, font in enumerate(collection.fonts):
        if font["name"].getDebugName(1) == "Noto Sans CJK SC":
            return index
    raise LookupError("Noto Sans CJK SC is not in the font collection")


@functools.lru_cache(maxsize=1)
def version() -> str:
    """A name for this build of the slices: the face's file, its size and the slicing."""
    path = Path(font_path())
    return f"{path.stat().st_size:x}-{face_index()}-{SLICING}"


def _gb2312_level(first_row: int, last_row: int) -> list[int]:
    """Characters of GB 2312 rows `first_row`..`last_row` in the standard's order."""
    found: list[int] = []
    for row in range(first_row, last_row + 1):
        for cell in range(0xA1, 0xFF):
            try:
                char = bytes((row, cell)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            found.append(ord(char))
    return found


def _chunks(codepoints: list[int], size: int) -> list[list[int]]:
    return [codepoints[start : start + size] for start in range(0, len(codepoints), size)]


@functools.lru_cache(maxsize=1)
def slices() -> tuple[Slice, ...]:
    """Every slice of the face, the commonest characters first."""
    from fontTools.ttLib import TTFont

    cmap = set(TTFont(font_path(), fontNumber=face_index(), lazy=True).getBestCmap())
    taken: set[int] = set()
    out: list[Slice] = []

    def add(prefix: str, codepoints: list[int], size: int) -> None:
        chosen = [cp for cp in codepoints if cp in cmap and cp not in taken]
        for number, part in enumerate(_chunks(chosen, size)):
            taken.update(part)
            out.append(Slice(f"{prefix}{number}", tuple(sorted(part))))

    basic = [cp for low, high in BASIC_RANGES for cp in range(low, high + 1)]
    add("basic", basic, len(basic))
    add("common", _gb2312_level(0xB0, 0xD7), FREQUENT_SLICE)  # level 1
    add("usual", _gb2312_level(0xD8, 0xF7), FREQUENT_SLICE)  # level 2
    add("hanzi", list(range(0x4E00, 0xA000)), OTHER_SLICE)
    add("other", sorted(cmap), OTHER_SLICE)
    return tuple(out)


def slice_named(name: str) -> Slice | None:
    return next((item for item in slices() if item.name == name), None)


def unicode_range(codepoints: tuple[int, ...]) -> str:
    """Runs of consecutive code points, as CSS writes them: "U+4E00-4E05,U+4E08"."""
    ordered = sorted(codepoints)
    if not ordered:
        return ""
    parts: list[str] = []
    start = previous = ordered[0]
    for cp in ordered[1:]:
        if cp == previous + 1:
            previous = cp
            continue
        parts.append(_run(start, previous))
        start = previous = cp
    parts.append(_run(start, previous))
    return ",".join(parts)


def _run(start: int, end: int) -> str:
    return f"U+{start:X}" if start == end else f"U+{start:X}-{end:X}"


def slice_bytes(item: Slice) -> bytes:
    """The WOFF2 font of one slice: the face's glyphs for its characters, nothing changed."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(font_path(), fontNumber=face_index(), lazy=True)
    options = subset.Options()
    options.flavor = "woff2"
    options.name_IDs = ["*"]  # keep the names, so the face still says what it is
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=item.codepoints)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


def slice_file(item: Slice, folder: Path) -> Path:
    """The slice on disk under `folder`, made the first time it is asked for."""
    path = folder / version() / f"{item.name}.woff2"
    if path.is_file():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    data = slice_bytes(item)
    # Written aside, then renamed: a concurrent reader never sees half a font.
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(handle, "wb") as file:
        file.write(data)
    os.replace(temporary, path)
    return path


def font_face_css(url_for: Callable[[str], str]) -> str:
    """@font-face rules for every slice; `url_for(name)` is where a slice is served."""
    rules = [
        "@font-face{"
        f'font-family:"{FAMILY}";'
        f'src:url("{url_for(item.name)}") format("woff2");'
        "font-weight:400;font-style:normal;font-display:block;"
        f"unicode-range:{item.unicode_range}}}"
        for item in slices()
    ]
    return "\n".join(rules) + "\n"
