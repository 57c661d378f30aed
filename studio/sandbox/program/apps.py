from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramConfig(AppConfig):
    name = "studio.sandbox.program"
    label = "sandbox_program"
    verbose_name = _("Emulator program")

    def ready(self) -> None:
        from studio.sandbox.program import recorder

        recorder.connect()
