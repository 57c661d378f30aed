"""Whether parsed JSON can be stored: nesting depth and text every database takes.

PostgreSQL's jsonb refuses the NUL character and unpaired UTF-16 surrogates,
which JSON's \\u escapes can otherwise smuggle in; very deep nesting exhausts
anything that walks or stores the value. Walked without recursion.
"""

from __future__ import annotations

from typing import Any

TOO_DEEP = "too-deep"
BAD_TEXT = "bad-text"


def storage_problem(value: Any, *, max_depth: int) -> str | None:
    """TOO_DEEP, BAD_TEXT or None."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            if depth > max_depth:
                return TOO_DEEP
            for key, child in item.items():
                if not storable_text(key):
                    return BAD_TEXT
                stack.append((child, depth + 1))
        elif isinstance(item, list):
            if depth > max_depth:
                return TOO_DEEP
            stack.extend((child, depth + 1) for child in item)
        elif isinstance(item, str) and not storable_text(item):
            return BAD_TEXT
    return None


def storable_text(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
