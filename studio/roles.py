"""Who may do what: viewer, producer and admin, from Django groups.

- viewer: sees presets, previews and tasks (every logged-in user is at least this);
- producer (group "producer"): also edits presets, uploads images, launches,
  updates and stops tasks;
- admin (group "admin", or a superuser such as the one `make run` creates):
  also app profiles and users, in the Django admin.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.admin import AdminSite
from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

VIEWER = "viewer"
PRODUCER = "producer"
ADMIN = "admin"
RANK = {VIEWER: 0, PRODUCER: 1, ADMIN: 2}


# Each request loads its own user object, so names kept on it are looked up
# once per request however many checks (permission, page, menu) ask.
GROUP_NAMES = "_mix_group_names"


def role_of(user: AbstractBaseUser) -> str | None:
    if not user or not user.is_authenticated:
        return None
    if user.is_superuser:
        return ADMIN
    names = getattr(user, GROUP_NAMES, None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        setattr(user, GROUP_NAMES, names)
    if ADMIN in names:
        return ADMIN
    return PRODUCER if PRODUCER in names else VIEWER


@receiver(m2m_changed)
def _forget_group_names(sender, instance, **kwargs) -> None:  # noqa: ANN001
    """`user.groups.add(...)` and the like change that user's role at once."""
    groups = getattr(type(instance), "groups", None)
    if groups is not None and sender is groups.through:
        instance.__dict__.pop(GROUP_NAMES, None)


def has_role(user: AbstractBaseUser, role: str) -> bool:
    current = role_of(user)
    return current is not None and RANK[current] >= RANK[role]


class RolePermission(BasePermission):
    """Reading needs a login; changing needs `view.required_role` (producer by default).

    Views that take a POST body but change nothing (validate, preview) set
    `changes_nothing = True` so viewers can use them.
    """

    message = _("Your role does not allow this; ask an admin to make you a producer.")

    def has_permission(self, request, view) -> bool:  # noqa: ANN001
        if role_of(request.user) is None:
            return False
        if request.method in SAFE_METHODS or getattr(view, "changes_nothing", False):
            return has_role(request.user, getattr(view, "read_role", VIEWER))
        return has_role(request.user, getattr(view, "required_role", PRODUCER))


class RoleBackend(BaseBackend):
    """Admins hold every model permission, so the admin group needs no per-model grants."""

    def has_perm(self, user_obj, perm, obj=None) -> bool:  # noqa: ANN001
        return user_obj.is_active and role_of(user_obj) == ADMIN

    def has_module_perms(self, user_obj, app_label) -> bool:  # noqa: ANN001
        return user_obj.is_active and role_of(user_obj) == ADMIN


class MixAdminSite(AdminSite):
    """The Django admin, open to the admin role (not to every staff member)."""

    site_header = "Mix Studio"
    site_title = "Mix Studio"

    def has_permission(self, request) -> bool:  # noqa: ANN001
        return request.user.is_active and has_role(request.user, ADMIN)


def role_required(role: str) -> Callable:
    """Page decorator: a 403 page for users below `role` (login is already required)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def guarded(request, *args, **kwargs):  # noqa: ANN001, ANN202
            if not has_role(request.user, role):
                raise PermissionDenied(f"This page needs the {role} role.")
            return view(request, *args, **kwargs)

        return guarded

    return decorator
