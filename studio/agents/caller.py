"""Who is calling a tool, and whether their role lets them.

The caller is set once per connection (the stdio command's --user) or per HTTP
request (the API token's user) and read by every tool; the user row is read
again at each call, so a role taken away or an account deactivated applies at
once, as it does for the REST API.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from layouts.errors import MixStudioError
from studio.roles import PRODUCER, RolePermission, has_role

_CALLER: ContextVar[int | None] = ContextVar("mix_mcp_caller", default=None)
# True for a long-lived connection (stdio), which opens and closes its database
# connections per call as a web request does; a web request does it itself.
_OWNS_CONNECTIONS: ContextVar[bool] = ContextVar("mix_mcp_owns_connections", default=False)


class NotAllowed(MixStudioError):
    """The caller's role (or account) does not allow this tool."""

    status_code = 403
    code = "forbidden"


@contextmanager
def acting_as(user_pk: int, *, long_lived: bool = False) -> Iterator[None]:
    """Every tool called inside runs as this user (`long_lived`: for a whole stdio session)."""
    token = _CALLER.set(user_pk)
    owns = _OWNS_CONNECTIONS.set(long_lived)
    try:
        yield
    finally:
        _OWNS_CONNECTIONS.reset(owns)
        _CALLER.reset(token)


def owns_connections() -> bool:
    return _OWNS_CONNECTIONS.get()


def current_user(role: str) -> AbstractBaseUser:
    """The calling user, read now, if their role is at least `role`; NotAllowed otherwise."""
    user_pk = _CALLER.get()
    user = get_user_model().objects.filter(pk=user_pk, is_active=True).first()
    if user is None:
        raise NotAllowed(_("The account this connection acts for is inactive or gone."))
    if not has_role(user, role):
        if role == PRODUCER:
            raise NotAllowed(str(RolePermission.message))
        raise NotAllowed(_("Your role does not allow this tool."))
    return user
