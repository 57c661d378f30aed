"""The editor's pure JavaScript modules, tested by Node's built-in test runner."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "static" / "js" / "editor" / "tests"


def test_editor_unit_tests_pass_in_node():
    if shutil.which("node") is None:
        pytest.fail("Node.js is not installed; `make test` installs it with apt-get.")
    result = subprocess.run(
        ["node", "--test", str(TESTS.relative_to(ROOT)) + "/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    passed = re.search(r"^# pass (\d+)$", output, re.MULTILINE)
    assert result.returncode == 0, output
    assert passed is not None and int(passed.group(1)) > 0, output
