"""The pages' pure JavaScript modules, tested by Node's built-in test runner.

Every `*.test.js` under tests/js is found by a glob, so a new test file runs
without being listed here. The tests live outside static/ so that
`collectstatic` does not publish them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
TEST_FILES = sorted(HERE.rglob("*.test.js"))

# Files that exist today: the glob must find at least these, so a glob that
# silently matches nothing (a moved folder, a renamed suffix) fails here.
KNOWN = {
    "control/diff.test.js",
    "control/launch-request.test.js",
    "editor/doc.test.js",
    "editor/geometry.test.js",
    "editor/history.test.js",
    "editor/snapping.test.js",
    "editor/state.test.js",
    "library/names.test.js",
}


def test_the_glob_finds_every_known_test_file():
    found = {path.relative_to(HERE).as_posix() for path in TEST_FILES}
    assert KNOWN <= found, f"missing: {sorted(KNOWN - found)}"


def test_collectstatic_publishes_no_test_file():
    # What the staticfiles finders list is exactly what collectstatic copies.
    from django.contrib.staticfiles.finders import get_finders

    published = [path for finder in get_finders() for path, _storage in finder.list([])]
    assert any(path.endswith(".js") for path in published), "the finders found no JavaScript"
    assert [path for path in published if "test" in Path(path).name] == []


@pytest.mark.parametrize("path", TEST_FILES, ids=lambda path: path.relative_to(HERE).as_posix())
def test_unit_tests_pass_in_node(path):
    if shutil.which("node") is None:
        pytest.fail("Node.js is not installed; `make test` installs it with apt-get.")
    result = subprocess.run(
        ["node", "--test", str(path)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    output = result.stdout + result.stderr
    passed = re.search(r"^# pass (\d+)$", output, re.MULTILINE)
    assert result.returncode == 0, output
    assert passed is not None and int(passed.group(1)) > 0, output
