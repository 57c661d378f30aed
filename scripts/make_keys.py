"""Prepare the data folder: create it and generate the development keys.

Run as `python scripts/make_keys.py` (`make run` and `make test` do). Importing
the settings writes no file, so this is the one step that does: the folder
named by MIX_DATA_DIR (var/ by default), its static/ folder for collectstatic,
and `secret_key` and `encryption_key` for each of DJANGO_SECRET_KEY and
MIX_ENCRYPTION_KEY that the environment does not set. Existing keys are kept:
a new encryption key would leave the stored SDK and callback keys unreadable.
It does not import Django's settings, so it works before any key exists.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from studio import env  # noqa: E402  (needs the repository on sys.path)


def main() -> int:
    folder = env.data_dir(ROOT)
    written = env.make_key_files(folder)
    # collectstatic fills it; WhiteNoise warns at start-up while it is missing.
    (folder / "static").mkdir(exist_ok=True)
    for path in written:
        print(f"Generated {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
