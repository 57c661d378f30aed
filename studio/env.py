"""Typed readers of environment variables, and the generated development keys.

Pure: no Django. Each reader takes the variable's name and a default, reads
`environ` (os.environ unless given), and raises `EnvError` naming the variable,
what it accepts and what it got, so a typo such as `DJANGO_DEBUG=ture` stops the
app at start-up instead of silently meaning "off". An empty value counts as
unset, as `VAR=` in a shell or compose file usually means "use the default".

studio/settings.py turns `EnvError` into Django's ImproperlyConfigured;
scripts/make_keys.py writes the key files that `read_key` reads.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Iterable, Mapping
from pathlib import Path

import dj_database_url

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})

# The keys a development machine generates into its data folder, by variable.
KEY_FILES: Mapping[str, str] = {
    "DJANGO_SECRET_KEY": "secret_key",
    "MIX_ENCRYPTION_KEY": "encryption_key",
}

# Shown values are cut, so a pasted blob does not fill the error.
_SHOWN = 60


class EnvError(ValueError):
    """An environment variable holds a value its reader cannot use."""


def _raw(name: str, environ: Mapping[str, str] | None) -> str | None:
    value = (os.environ if environ is None else environ).get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def _shown(value: str) -> str:
    return repr(value if len(value) <= _SHOWN else value[:_SHOWN] + "…")


def env_str(name: str, default: str, environ: Mapping[str, str] | None = None) -> str:
    value = _raw(name, environ)
    return default if value is None else value


def env_bool(name: str, default: bool, environ: Mapping[str, str] | None = None) -> bool:
    value = _raw(name, environ)
    if value is None:
        return default
    word = value.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise EnvError(
        f"{name} must be one of {', '.join(sorted(TRUE_WORDS))} (on) or "
        f"{', '.join(sorted(FALSE_WORDS))} (off); it is {_shown(value)}."
    )


def _in_range(name: str, number: float, minimum: float | None, maximum: float | None) -> None:
    if minimum is not None and number < minimum:
        raise EnvError(f"{name} must be at least {minimum}; it is {number}.")
    if maximum is not None and number > maximum:
        raise EnvError(f"{name} must be at most {maximum}; it is {number}.")


def env_int(
    name: str,
    default: int,
    environ: Mapping[str, str] | None = None,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int:
    value = _raw(name, environ)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise EnvError(f"{name} must be a whole number; it is {_shown(value)}.") from None
    _in_range(name, number, minimum, maximum)
    return number


def env_float(
    name: str,
    default: float,
    environ: Mapping[str, str] | None = None,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
) -> float:
    value = _raw(name, environ)
    if value is None:
        return default
    try:
        number = float(value)
    except ValueError:
        raise EnvError(f"{name} must be a number such as 2.5; it is {_shown(value)}.") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise EnvError(f"{name} must be a finite number; it is {_shown(value)}.")
    _in_range(name, number, minimum, maximum)
    return number


def env_list(name: str, default: str = "", environ: Mapping[str, str] | None = None) -> list[str]:
    """A comma-separated list (the default is written the same way); blank items are dropped."""
    value = _raw(name, environ)
    text = default if value is None else value
    return [item.strip() for item in text.split(",") if item.strip()]


def env_choice(
    name: str, default: str, choices: Iterable[str], environ: Mapping[str, str] | None = None
) -> str:
    allowed = tuple(choices)
    value = _raw(name, environ)
    if value is None:
        return default
    if value not in allowed:
        raise EnvError(f"{name} must be one of {', '.join(allowed)}; it is {_shown(value)}.")
    return value


def env_database_url(
    name: str, default: str, environ: Mapping[str, str] | None = None, *, conn_max_age: int = 0
) -> dict:
    """Django's DATABASES entry for a URL. The value is never shown: it may hold a password."""
    value = _raw(name, environ)
    try:
        return dict(dj_database_url.parse(value or default, conn_max_age=conn_max_age))
    except ValueError:
        text = value or default
        scheme = text.partition("://")[0] if "://" in text else ""
        got = (
            f"this one (scheme {scheme!r}) cannot be read"
            if scheme
            else "this one has no scheme://"
        )
        raise EnvError(
            f"{name} must be a database URL such as postgres://USER:PASSWORD@HOST:5432/NAME "
            f"or sqlite:////absolute/path.sqlite3 (postgres, mysql, sqlite and the other "
            f"schemes dj-database-url knows; special characters in a password "
            f"percent-encoded); {got}."
        ) from None


_DOTTED_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+")


def env_dotted_path(name: str, default: str, environ: Mapping[str, str] | None = None) -> str:
    """The dotted path of a class, such as a storage or cache backend (not imported here)."""
    value = _raw(name, environ)
    if value is None:
        return default
    if not _DOTTED_PATH.fullmatch(value):
        raise EnvError(
            f"{name} must be the dotted path of a class, such as {default}; it is {_shown(value)}."
        )
    return value


def env_json_object(name: str, environ: Mapping[str, str] | None = None) -> dict:
    """A JSON object (empty when unset). The value is never shown: it may hold a key."""
    value = _raw(name, environ)
    if value is None:
        return {}
    wanted = f'{name} must be a JSON object such as {{"bucket_name": "media"}}'
    try:
        found = json.loads(value)
    except json.JSONDecodeError as error:
        raise EnvError(
            f"{wanted}; this one is not JSON (line {error.lineno}, column {error.colno})."
        ) from None
    if not isinstance(found, dict):
        kind = {list: "an array", str: "a string", bool: "true or false"}.get(
            type(found), "null" if found is None else "a number"
        )
        raise EnvError(f"{wanted}; this one is {kind}.")
    return found


def data_dir(base_dir: Path, environ: Mapping[str, str] | None = None) -> Path:
    """Where the SQLite file, the generated keys, the cache and uploads live."""
    return Path(env_str("MIX_DATA_DIR", str(base_dir / "var"), environ))


def read_key(name: str, folder: Path, environ: Mapping[str, str] | None = None) -> str:
    """A key from the environment, else from its file in the data folder."""
    value = _raw(name, environ)
    if value is not None:
        return value
    key_file = folder / KEY_FILES[name]
    try:
        key = key_file.read_text().strip()
    except FileNotFoundError:
        key = ""
    if not key:
        raise EnvError(
            f"{name} is not set and {key_file} does not exist or is empty. "
            f"Set {name} (in production), or run `make run` / `make test` or "
            f"`python scripts/make_keys.py`, which generate the development keys "
            f"into the data folder (MIX_DATA_DIR)."
        )
    return key


def make_key_files(folder: Path, environ: Mapping[str, str] | None = None) -> list[Path]:
    """Create the data folder and each key file the environment does not replace.

    Existing files are kept (a new encryption key would make stored secrets
    unreadable). Returns the files written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, file_name in KEY_FILES.items():
        key_file = folder / file_name
        if _raw(name, environ) is not None or key_file.exists():
            continue
        # O_EXCL: two commands starting at once never overwrite each other's key.
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
        written.append(key_file)
    return written
