from __future__ import annotations

from django.core.management.base import BaseCommand

from studio.cloud import backends


class Command(BaseCommand):
    help = (
        "Makes sure the emulator's app profile exists and holds its SDK key, when "
        "MIX_BACKEND is sandbox; does nothing against the real cloud."
    )

    def handle(self, *args: object, **options: object) -> None:
        if backends.backend_name() != backends.SANDBOX:
            self.stdout.write("MIX_BACKEND is not sandbox: no emulator app profile is needed.")
            return
        app = backends.sandbox_app()
        self.stdout.write(f"The emulator's app profile {app.sdk_app_id} is ready.")
