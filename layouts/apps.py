from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LayoutsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "layouts"
    verbose_name = _("Layouts")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save

        post_migrate.connect(_repair_search_index, sender=self, dispatch_uid="layouts-search")
        # The calibration memo (selectors.template_calibration) is rebuilt when a capture
        # is written or deleted; a review's bulk update tells it itself (captures.py).
        capture = self.get_model("TemplateCapture")
        post_save.connect(_calibration_changed, sender=capture, dispatch_uid="layouts-capture-save")
        post_delete.connect(
            _calibration_changed, sender=capture, dispatch_uid="layouts-capture-deleted"
        )


def _repair_search_index(sender, using: str = "default", **kwargs) -> None:  # noqa: ANN001
    from layouts import search

    search.repair_sqlite_index(using)


def _calibration_changed(sender, **kwargs) -> None:  # noqa: ANN001
    from layouts import selectors

    selectors.calibration_changed()
