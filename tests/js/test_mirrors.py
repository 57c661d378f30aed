"""The editor's copy of default participants must match the server's.

The participants panel shows, synchronously, who the server will imagine in
the room; `static/js/editor/doc.js` mirrors `layouts.geometry.default_participants`
for that. This test runs both on the same documents so they cannot drift.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from layouts import geometry
from layouts.starters import STARTERS
from tests.factories import seed_examples

ROOT = Path(__file__).resolve().parents[2]


def documents() -> list[dict]:
    docs = [starter.document for starter in STARTERS]
    docs += [body["VideoParams"] for body in seed_examples() if "VideoParams" in body]
    docs.append(
        {
            "LayoutParams": {
                "MixLayoutMode": 2,
                "MaxVideoUser": {
                    "UserMediaStream": {"UserInfo": {"UserId": "host"}, "StreamType": 1}
                },
            }
        }
    )
    return docs


def test_js_default_participants_match_python():
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is missing; `make test` installs it.")
    docs = documents()
    script = (
        "import { defaultParticipants } from './static/js/editor/doc.js';\n"
        "let input = '';\n"
        "process.stdin.on('data', (chunk) => { input += chunk; });\n"
        "process.stdin.on('end', () => {\n"
        "  process.stdout.write(JSON.stringify(JSON.parse(input).map(defaultParticipants)));\n"
        "});\n"
    )
    result = subprocess.run(
        [node, "--input-type=module", "-e", script],
        cwd=ROOT,
        input=json.dumps(docs),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    from_js = json.loads(result.stdout)
    from_python = [
        [without_default_size(p.to_dict()) for p in geometry.default_participants(doc)]
        for doc in docs
    ]
    assert from_js == from_python


def without_default_size(person: dict) -> dict:
    """The editor leaves the default 1280x720 camera size unsaid."""
    if (person["width"], person["height"]) == (1280, 720):
        person = {k: v for k, v in person.items() if k not in ("width", "height")}
    return person
