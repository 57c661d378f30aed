"""The pages' pure JavaScript modules, tested by Node's built-in test runner."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUITES = ["static/js/editor/tests/", "static/js/control/tests/"]


@pytest.mark.parametrize("suite", SUITES)
def test_unit_tests_pass_in_node(suite):
    if shutil.which("node") is None:
        pytest.fail("Node.js is not installed; `make test` installs it with apt-get.")
    result = subprocess.run(
        ["node", "--test", suite], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    output = result.stdout + result.stderr
    passed = re.search(r"^# pass (\d+)$", output, re.MULTILINE)
    assert result.returncode == 0, output
    assert passed is not None and int(passed.group(1)) > 0, output
