from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulatorConfig(AppConfig):
    """The built-in emulator of the cloud's three actions. Its label stays "sandbox",
    the label its tables and migrations have always had."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "studio.cloud.emulator"
    label = "sandbox"
    verbose_name = _("TRTC emulator")

    def ready(self) -> None:
        from studio.cloud import backends
        from studio.cloud.emulator.backend import BuiltInEmulator

        backends.register_emulator(BuiltInEmulator())
