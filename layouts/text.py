"""Marks user-facing text in the pure modules for translation.

The pure modules (schema, rules, geometry) import nothing from Django, so they
mark their English text with `gettext_noop` (which `makemessages` collects)
and the API layer translates it with Django's gettext when it answers.
"""

from __future__ import annotations


def gettext_noop(message: str) -> str:
    return message
