"""What the pages cost to load and to check: static files on the wire, role lookups."""

from __future__ import annotations

import re
from pathlib import Path
from unittest import mock

import requests
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from studio import roles
from tests.bench.table import Row

HASHED = re.compile(r"\.[0-9a-f]{12}\.(js|css)$")


def editor_files() -> list[str]:
    """URL paths of the editor's JS and CSS as collectstatic published them."""
    root = Path(settings.STATIC_ROOT)
    found = [*(root / "js" / "editor").glob("*.js"), *(root / "css").glob("editor.*.css")]
    return [
        settings.STATIC_URL + path.relative_to(root).as_posix()
        for path in found
        if HASHED.search(path.name)
    ]


def wire_bytes(base: str, paths: list[str], encoding: str) -> int:
    session = requests.Session()
    total = 0
    for path in paths:
        answer = session.get(base + path, headers={"Accept-Encoding": encoding}, timeout=10)
        answer.raise_for_status()
        total += int(answer.headers["Content-Length"])  # as sent, before requests decodes it
    return total


def static_rows(base: str) -> list[Row]:
    paths = editor_files()
    packed = wire_bytes(base, paths, "gzip")
    plain = wire_bytes(base, paths, "identity")
    return [
        Row(
            "Static",
            f"editor JS+CSS on the wire ({len(paths)} files, gzip)",
            packed / 1024,
            "uncompressed",
            plain / 1024,
            "KiB",
            at_most=0.5,
        )
    ]


def role_rows(user) -> list[Row]:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    client.get("/api/tasks/")  # warm
    with (
        CaptureQueriesContext(connection) as queries,
        mock.patch.object(roles, "role_of", wraps=roles.role_of) as checks,
    ):
        client.get("/api/tasks/")
    groups = sum('"auth_group"' in query["sql"] for query in queries.captured_queries)
    return [
        Row(
            "Task API",
            "role queries per API request",
            groups,
            "role checks made",
            checks.call_count,
            "",
        )
    ]
