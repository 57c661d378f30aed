"""Template context every page gets."""

from __future__ import annotations

from django.http import HttpRequest

from studio.roles import PRODUCER, has_role, role_of


def roles(request: HttpRequest) -> dict[str, object]:
    """The user's role, so pages show only what the role may do (the API enforces it)."""
    user = getattr(request, "user", None)
    return {"user_role": role_of(user), "can_produce": bool(user) and has_role(user, PRODUCER)}
