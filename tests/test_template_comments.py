"""Django's {# ... #} comment ends on its own line: one broken over lines is shown on the
page as text (a multi-line note belongs in {% comment %} ... {% endcomment %})."""

from __future__ import annotations

from pathlib import Path

import pytest

TEMPLATES = sorted((Path(__file__).resolve().parents[1] / "templates").rglob("*.html"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_every_short_comment_closes_on_its_line(template):
    open_lines = [
        number
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), start=1)
        if line.count("{#") > line.count("#}")
    ]
    assert open_lines == [], f"{template.name}: a {{# comment runs past line {open_lines}"
