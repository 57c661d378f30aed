"""The pages' pure JavaScript modules, tested by Node's built-in test runner.

Every `*.test.js` under tests/js is found by a glob, so a new test file runs
without being listed here. The tests live outside static/ so that
`collectstatic` does not publish them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from layouts.core.page_contract import editor_contract

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
TEST_FILES = sorted(HERE.rglob("*.test.js"))

# Files that exist today: the glob must find at least these, so a glob that
# silently matches nothing (a moved folder, a renamed suffix) fails here.
KNOWN = {
    "control/diff.test.js",
    "control/launch-request.test.js",
    "control/live-actions.test.js",
    "control/room-view.test.js",
    "control/task-store.test.js",
    "editor/actions.test.js",
    "editor/doc.test.js",
    "editor/geometry.test.js",
    "editor/history.test.js",
    "editor/safeareas.test.js",
    "editor/snapping.test.js",
    "editor/state.test.js",
    "editor/variants.test.js",
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


@pytest.fixture(scope="module")
def contract_file(tmp_path_factory) -> Path:
    """The contract the pages embed, for the modules that read it."""
    path = tmp_path_factory.mktemp("contract") / "contract.json"
    path.write_text(json.dumps(editor_contract()), encoding="utf-8")
    return path


@pytest.mark.parametrize("path", TEST_FILES, ids=lambda path: path.relative_to(HERE).as_posix())
def test_unit_tests_pass_in_node(path, contract_file):
    if shutil.which("node") is None:
        pytest.fail("Node.js is not installed; `make test` installs it with apt-get.")
    result = subprocess.run(
        ["node", "--import", str(HERE / "contract-setup.js"), "--test", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "MX_CONTRACT": str(contract_file)},
    )
    output = result.stdout + result.stderr
    passed = re.search(r"^# pass (\d+)$", output, re.MULTILINE)
    assert result.returncode == 0, output
    assert passed is not None and int(passed.group(1)) > 0, output
