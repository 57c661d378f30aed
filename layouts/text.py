"""Marks user-facing text in the pure modules for translation.

The pure modules (schema, rules, geometry) import nothing from Django, so they
mark their English text with `gettext_noop` (which `makemessages` collects)
and the API layer translates it with Django's gettext when it answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping


def gettext_noop(message: str) -> str:
    return message


class Term(str):
    """A translatable word set into a message ("floating", "width"), translated with it.

    Every other parameter of a message (field names, user IDs, values) is data
    and is set in as it is.
    """


def translate_params(
    params: Mapping[str, object], translate: Callable[[str], str]
) -> dict[str, object]:
    """`params` with each Term translated."""
    return {key: translate(v) if isinstance(v, Term) else v for key, v in params.items()}
