"""`manage.py ensure_emulator_app`: the emulator's app profile, made when it is missing.

`ensure_sandbox_app`, its former name, runs the same command.

The profile is the control room's (an AppProfile), so the command is too: the
emulator itself knows no app profiles.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from studio.cloud import backends
from studio.control.services import profiles


class Command(BaseCommand):
    help = (
        "Makes sure the emulator's app profile exists and holds its SDK key, when "
        "MIX_BACKEND is emulator (or sandbox); does nothing against the real cloud."
    )

    def handle(self, *args: object, **options: object) -> None:
        if backends.backend_name() != backends.EMULATOR:
            self.stdout.write("MIX_BACKEND is not emulator: no emulator app profile is needed.")
            return
        app = profiles.emulator_app()
        self.stdout.write(f"The emulator's app profile {app.sdk_app_id} is ready.")
