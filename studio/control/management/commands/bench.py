"""`manage.py bench` (`make bench`): every speed figure beside its baseline of the same run.

It never touches the configured database: it re-runs itself against a fresh
SQLite file in a temporary data folder, serves the app with gunicorn (as
`make run` does) and the emulator with `trtc_emulator`, each on a free loopback
port, and prints one Markdown table. The editor's drag-to-preview figure needs
a browser: `make bench-editor` prints it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

CHILD = "MIX_BENCH_DATA_DIR"
SIZES = (100, 10_000, 100_000)
QUICK_SIZES = (100, 2_000, 10_000)


class Command(BaseCommand):
    help = "Measures lists, task API, emulator, cache and previews; prints one table."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument(
            "--quick",
            action="store_true",
            help=f"libraries of {', '.join(map(str, QUICK_SIZES))} presets instead of "
            f"{', '.join(map(str, SIZES))}",
        )

    def handle(self, *args: object, quick: bool, **options: object) -> None:
        if os.environ.get(CHILD) != str(settings.DATA_DIR):
            self._run_in_a_fresh_folder(quick)
            return
        self._measure(QUICK_SIZES if quick else SIZES)

    def _run_in_a_fresh_folder(self, quick: bool) -> None:
        root = Path(settings.BASE_DIR)
        folder = tempfile.mkdtemp(prefix="mix-bench-")
        env = {
            **os.environ,
            CHILD: folder,
            "MIX_DATA_DIR": folder,
            "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
            "MIX_BACKEND": "emulator",
            "MIX_SANDBOX_URL": "",
            "MIX_LOG_LEVEL": "WARNING",
            "NO_PROXY": "127.0.0.1,localhost",
        }
        for name in ("MIX_CACHE_BACKEND", "MIX_CACHE_LOCATION", "DJANGO_SECRET_KEY"):
            env.pop(name, None)
        prepare = [
            [sys.executable, "scripts/make_keys.py"],
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        ]
        measure = [sys.executable, "manage.py", "bench", *(["--quick"] if quick else [])]
        try:
            for step in prepare:
                _run(step, root, env, stdout=subprocess.DEVNULL)
            _run(measure, root, env, stdout=None)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _measure(self, sizes: tuple[int, int, int]) -> None:
        import requests
        from django.contrib.auth import get_user_model
        from rest_framework.authtoken.models import Token

        from tests.bench import cache, emulator, lists, pages, preview, table, tasks
        from tests.bench.servers import app_server, emulator_server

        began = time.monotonic()
        user = get_user_model().objects.create_superuser("bench", password=None)
        token = Token.objects.create(user=user).key
        rows = []
        with ExitStack() as servers:
            app = servers.enter_context(app_server())
            emulator_url = servers.enter_context(emulator_server())
            session = requests.Session()
            session.headers["Authorization"] = f"Token {token}"
            self._note("lists")
            rows += lists.rows(session, app, sizes)
            self._note("task API")
            rows += tasks.rows(app, token)
            rows += pages.role_rows(_producer())
            rows += pages.static_rows(app)
            self._note("emulator")
            rows += emulator.rows(emulator_url)
        self._note("cache")
        rows += cache.rows()
        self._note("previews")
        rows += preview.rows()
        self.stdout.write(table.render(rows))
        self.stdout.write(
            f"\n{len(rows)} figures in {time.monotonic() - began:.0f} s on {os.cpu_count()} cores; "
            "drag end to preview visible: `make bench-editor`."
        )

    def _note(self, what: str) -> None:
        self.stderr.write(f"bench: {what}…")


def _producer():  # noqa: ANN202 - a user
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    producer = get_user_model().objects.create_user("bench-producer", password=None)
    producer.groups.add(Group.objects.get_or_create(name="producer")[0])
    return producer


def _run(arguments: list[str], root: Path, env: dict[str, str], stdout: int | None) -> None:
    done = subprocess.run(arguments, cwd=root, env=env, stdout=stdout)
    if done.returncode:
        raise CommandError(f"{' '.join(arguments[1:])} failed ({done.returncode})")
