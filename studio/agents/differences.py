"""The difference between two documents, field by field and in words.

What the task page's Take review shows as a table (static/js/editor/doc.js,
`diffDocuments`), said in sentences an agent can repeat to a producer: the
deepest fields that differ, each with its value on air and its staged value.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _

from studio import redaction

VALUE_CHARS = 120  # a value longer than this is cut in the words (the JSON keeps it whole)


def differences(before: Any, after: Any, limit: int = 200) -> list[dict[str, Any]]:
    """Every field where `after` differs from `before`: {"path", "before", "after", "text"}.

    Objects are compared key by key and lists item by item; anything else (or an
    object against a list) differs as a whole. A field absent on one side is
    None there. At most `limit` fields, in document order.
    """
    found: list[tuple[str, Any, Any]] = []
    _walk(before, after, "", found, limit)
    rows = []
    for path, old, new in found:
        old, new = redaction.redact(old), redaction.redact(new)
        rows.append({"path": path, "before": old, "after": new, "text": in_words(path, old, new)})
    return rows


def _walk(old: Any, new: Any, path: str, found: list[tuple[str, Any, Any]], limit: int) -> None:
    if len(found) >= limit:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in dict.fromkeys([*old, *new]):
            _walk(old.get(key), new.get(key), f"{path}.{key}" if path else str(key), found, limit)
        return
    if isinstance(old, list) and isinstance(new, list):
        for index in range(max(len(old), len(new))):
            _walk(
                old[index] if index < len(old) else None,
                new[index] if index < len(new) else None,
                f"{path}[{index}]",
                found,
                limit,
            )
        return
    if _json(old) != _json(new):
        found.append((path, old, new))


def in_words(path: str, before: Any, after: Any) -> str:
    where = path or _("The whole document")
    if before is None:
        return _("%(path)s is added: %(after)s.") % {"path": where, "after": _shown(after)}
    if after is None:
        return _("%(path)s is removed (it was %(before)s).") % {
            "path": where,
            "before": _shown(before),
        }
    return _("%(path)s changes from %(before)s to %(after)s.") % {
        "path": where,
        "before": _shown(before),
        "after": _shown(after),
    }


def summary(found: list[dict[str, Any]]) -> str:
    if not found:
        return _("Nothing differs: the document is the one on air.")
    return _("%(count)d field(s) differ from what is on air.") % {"count": len(found)}


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= VALUE_CHARS else text[: VALUE_CHARS - 1] + "…"
