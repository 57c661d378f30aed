from __future__ import annotations

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Makes sure an administrator exists. Its password is MIX_ADMIN_PASSWORD, or a "
        "generated one printed once; an existing administrator is left unchanged."
    )

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--username", default=os.environ.get("MIX_ADMIN_USER", "admin"))

    def handle(self, *args: object, username: str, **options: object) -> None:
        users = get_user_model()
        if users.objects.filter(is_superuser=True).exists():
            self.stdout.write("An administrator account already exists.")
            return
        password = os.environ.get("MIX_ADMIN_PASSWORD")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        users.objects.create_superuser(username=username, email="", password=password)
        if generated:
            # Printed to the terminal that ran the command, once; never logged. The
            # password goes last and alone on its line, so it is easy to find and copy.
            self.stdout.write(
                f"Created administrator '{username}'. Write down its password, on the next "
                "line: it is not stored anywhere in clear and will not be shown again.\n"
                f"{password}"
            )
        else:
            self.stdout.write(f"Created administrator '{username}' with MIX_ADMIN_PASSWORD.")
