"""The text a page shows, and the English words left in it.

Used by the tests that check a page read in Chinese has no string left that
was never marked for translation.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Text inside these is never shown, or is code (field paths, rule codes such as hidden-slot).
HIDDEN_ELEMENTS = {"script", "style", "template", "code"}
# Attributes a reader sees (or hears, for aria-label) as text.
TEXT_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip

# What stays in Latin letters in the Chinese interface: brand names, units,
# key names and the lowercase spellings of protocols and formats. Acronyms
# (JSON, URL, CDN, SEI), identifiers with capitals inside (VideoParams,
# SequenceNumber) and words with digits (R41, mp4) are API terms and rule
# codes, and are never counted as English.
ALLOWED_WORDS = {
    "Mix", "Studio", "Tencent", "Cloud", "Axes",
    "px", "kbps", "ms", "fps", "Hz",
    "Ctrl", "Shift", "Alt", "Del", "Esc", "Enter", "Control", "Command", "Mac",
    # API fields that are one plain word.
    "Sign", "Channel", "Codec",
    "null", "http", "https", "rtmp", "png", "jpeg", "jpg", "webp", "bmp", "gif", "hls", "aac",
    "flv",
}  # fmt: skip

WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
# Addresses (push URLs, image URLs) are data; their host and path words are not English.
URL = re.compile(r"[a-z][a-z0-9+.-]*://[^\s\"'<>，；。）]*")
# So are file names, host names and IDs: words joined by . _ or - with a digit or a dot.
COMPOUND = re.compile(r"[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)+")


def _without_data(text: str) -> str:
    text = URL.sub(" ", text)
    return COMPOUND.sub(lambda m: " " if re.search(r"[0-9.]", m.group()) else m.group(), text)


PLAIN_WORD = re.compile(r"[A-Z]?[a-z]+")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        # Open elements, each with whether its text is shown (and in the page's language).
        self.stack: list[tuple[str, bool]] = []

    @property
    def showing(self) -> bool:
        return all(shown for _tag, shown in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        # Text marked as another language (the language switch's "English") is meant.
        lang = (values.get("lang") or "zh").lower()
        shown = tag not in HIDDEN_ELEMENTS and lang.startswith("zh")
        if shown and self.showing:
            self.parts.extend(values[name] or "" for name in TEXT_ATTRIBUTES if name in values)
            if tag == "input" and values.get("type") in {"submit", "button", "reset"}:
                self.parts.append(values.get("value") or "")
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, shown))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        # HTML lets some end tags be left out (</p>, </li>): close back to the match.
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if self.showing:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The page's text and text attributes, scripts and styles left out."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return " ".join(" ".join(collector.parts).split())


def english_words(text: str) -> list[str]:
    """Plain English words (not API terms, codes, brands or units) in `text`."""
    return [
        word
        for word in WORD.findall(_without_data(text))
        if PLAIN_WORD.fullmatch(word) and len(word) > 1 and word not in ALLOWED_WORDS
    ]


def english_runs(text: str, context: int = 30) -> list[str]:
    """Each stretch of text around an English word, for a readable failure."""
    spans: list[list[int]] = []
    text = _without_data(text)
    for match in WORD.finditer(text):
        if english_words(match.group()):
            start, end = max(0, match.start() - context), match.end() + context
            if spans and start <= spans[-1][1]:
                spans[-1][1] = end
            else:
                spans.append([start, end])
    return [text[start:end] for start, end in spans]
