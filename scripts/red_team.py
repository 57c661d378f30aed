"""The red team's table: hostile bodies, forged and replayed callbacks, secrets, stuck tasks.

Run as `.venv/bin/python scripts/red_team.py`. It runs the replay module
tests/test_hostile_world.py (every endpoint fed hostile values at every path
and generated bodies, bad path parameters, forged and replayed relay
callbacks, every page and answer and log line scanned for secrets, answers
lost mid-start, mid-update and mid-stop), which counts what it tried and
what went wrong, and prints those figures. It exits non-zero when any
figure but the first is not zero, or when the module failed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
MODULE = "tests/test_hostile_world.py"
ROWS = (
    ("bodies_tried", "Bodies tried"),
    ("server_errors", "5xx answers"),
    ("headers_over_8kb", "Headers over 8 KB"),
    ("forgeries_accepted", "Forged callbacks accepted"),
    ("replays_accepted", "Replayed callbacks accepted"),
    ("secrets_shown", "Secrets shown (answers, pages, admin, log)"),
    ("stuck_tasks", "Stuck tasks (lost start, update, stop answers)"),
)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "red-team.json"
        env = {**os.environ, "MIX_RED_TEAM_REPORT": str(report)}
        run = subprocess.run(
            [sys.executable, "-m", "pytest", MODULE, "-q", "-p", "no:cacheprovider"],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
        )
        figures = json.loads(report.read_text()) if report.exists() else {}
    width = max(len(label) for _key, label in ROWS)
    print(f"{'What':<{width}}  Count")
    print(f"{'-' * width}  -----")
    for key, label in ROWS:
        print(f"{label:<{width}}  {figures.get(key, 0):>5}")
    summary = run.stdout.strip().splitlines()[-1:] or ["(no summary)"]
    print(f"\n{MODULE}: {summary[0]}")
    bad = any(figures.get(key, 0) for key, _label in ROWS[1:])
    if run.returncode != 0 or bad:
        print(run.stdout[-4000:], file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
