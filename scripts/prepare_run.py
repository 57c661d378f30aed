"""The last steps of a start before serving, in one process (`make run`, `make serve`).

Run as `python scripts/prepare_run.py --url URL --engines FILE [--admin] [--deploy]`.
Each `manage.py` command loads Django anew (some 2 s each on the development
machine); here they share one load:

- with --deploy, `manage.py check --deploy` (warnings are printed, errors stop);
- `migrate` (quick when there is nothing to apply);
- `load_starter_presets` and `ensure_sandbox_app` (the emulator's app profile,
  nothing against the real cloud);
- writes MIX_PROGRAM_ENGINES, as the settings read it, to FILE, for the Makefile
  to start that many `manage.py db_worker` processes;
- prints "Mix Studio: URL" and, with --admin, runs `ensure_admin` last, so that a
  first run's generated password is the last line before the server's own log.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the address the app will answer on")
    parser.add_argument("--engines", required=True, type=Path, help="where to write the count")
    parser.add_argument("--admin", action="store_true", help="make sure an administrator exists")
    parser.add_argument("--deploy", action="store_true", help="run Django's deployment checks")
    options = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "studio.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    if options.deploy:
        call_command("check", deploy=True)
    call_command("migrate", interactive=False)
    call_command("load_starter_presets")
    call_command("ensure_sandbox_app")
    options.engines.parent.mkdir(parents=True, exist_ok=True)
    options.engines.write_text(f"{settings.MIX_PROGRAM_ENGINES}\n")
    print(f"Mix Studio: {options.url}", flush=True)
    if options.admin:
        call_command("ensure_admin")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
