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


def storable_copy(value: Any) -> Any:
    """A copy whose text every database stores and every page can show again.

    Lone surrogates (which JSON's \\u escapes allow) and NUL characters become
    U+FFFD, in keys and values alike, so a body received once can always be
    read back and rendered. Walked without recursion.
    """
    root: list[Any] = [None]
    stack: list[tuple[Any, Any, Any]] = [(value, root, 0)]
    while stack:
        item, parent, slot = stack.pop()
        if isinstance(item, dict):
            copy: dict[Any, Any] = {}
            for key, child in item.items():
                clean_key = storable_string(key) if isinstance(key, str) else key
                copy[clean_key] = None
                stack.append((child, copy, clean_key))
            parent[slot] = copy
        elif isinstance(item, list):
            items: list[Any] = [None] * len(item)
            stack.extend((child, items, index) for index, child in enumerate(item))
            parent[slot] = items
        elif isinstance(item, str):
            parent[slot] = storable_string(item)
        else:
            parent[slot] = item
    return root[0]


def storable_string(text: str) -> str:
    if storable_text(text):
        return text
    # Through UTF-16 a high and low half that belong together become one
    # character again; a lone half decodes to U+FFFD.
    fixed = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return fixed.replace("\x00", "\ufffd")
