"""Importing the settings writes no file, and refuses a value it cannot read.

Each case starts a fresh Python with a temporary MIX_DATA_DIR, as a server or a
management command would start, because the settings are read once per process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"DJANGO_SECRET_KEY": "test-secret-key", "MIX_ENCRYPTION_KEY": "test-encryption-key"}
# Reading a setting imports studio.settings, as every process of the app does first.
SETUP = "from django.conf import settings; print(settings.DEBUG)"


def start(data_dir: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    # Only this test's variables: none of the caller's DJANGO_*, MIX_* or DATABASE_URL.
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "MIX_", "DATABASE_"))
    }
    env.update(DJANGO_SETTINGS_MODULE="studio.settings", MIX_DATA_DIR=str(data_dir), **variables)
    return subprocess.run(
        [sys.executable, "-c", SETUP], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def files_under(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def improperly_configured(result: subprocess.CompletedProcess[str]) -> str:
    """The message of the ImproperlyConfigured that stopped the process."""
    assert result.returncode != 0, result.stdout
    prefix = "django.core.exceptions.ImproperlyConfigured: "
    lines = [line for line in result.stderr.splitlines() if line.startswith(prefix)]
    assert lines, result.stderr
    return lines[-1].removeprefix(prefix)


def test_importing_settings_with_keys_in_the_environment_writes_nothing(tmp_path):
    data = tmp_path / "data"
    result = start(data, **KEYS)
    assert result.returncode == 0, result.stderr
    assert not data.exists()
    assert files_under(tmp_path) == []


def test_importing_settings_with_key_files_reads_them_and_writes_nothing(tmp_path):
    made = subprocess.run(
        [sys.executable, "scripts/make_keys.py"],
        cwd=ROOT,
        env={**os.environ, "MIX_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "secret_key" in made.stdout and "encryption_key" in made.stdout
    before = files_under(tmp_path)
    assert before == ["encryption_key", "secret_key", "static"]
    result = start(tmp_path)
    assert result.returncode == 0, result.stderr
    assert files_under(tmp_path) == before


def test_importing_settings_without_any_key_says_how_to_make_one(tmp_path):
    message = improperly_configured(start(tmp_path))
    assert message.startswith("DJANGO_SECRET_KEY is not set and ")
    assert "scripts/make_keys.py" in message
    assert files_under(tmp_path) == []


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("DJANGO_DEBUG", "ture", "DJANGO_DEBUG must be one of "),
        ("MIX_MAX_BODY_BYTES", "1MB", "MIX_MAX_BODY_BYTES must be a whole number; it is '1MB'."),
        ("DATABASE_URL", "postgres//db/mix", "DATABASE_URL must be a database URL such as "),
        ("MIX_BACKEND", "tencnet", "MIX_BACKEND must be one of emulator, sandbox, tencent;"),
    ],
)
def test_a_value_that_cannot_be_read_stops_the_start(tmp_path, variable, value, expected):
    message = improperly_configured(start(tmp_path, **KEYS, **{variable: value}))
    assert message.startswith(expected)
