from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramConfig(AppConfig):
    name = "studio.cloud.emulator.program"
    label = "sandbox_program"
    verbose_name = _("Emulator program")

    def ready(self) -> None:
        from studio.cloud.emulator import core
        from studio.cloud.emulator.program import engine, recorder, services

        recorder.connect()
        core.call_received.connect(services.expire_idle_tasks, dispatch_uid="sandbox-idle-end")
        core.call_received.connect(engine.revive_stalled, dispatch_uid="sandbox-revive")
