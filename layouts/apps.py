from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LayoutsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "layouts"
    verbose_name = _("Layouts")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_repair_search_index, sender=self, dispatch_uid="layouts-search")


def _repair_search_index(sender, using: str = "default", **kwargs) -> None:  # noqa: ANN001
    from layouts import search

    search.repair_sqlite_index(using)
