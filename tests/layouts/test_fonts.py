"""The canvas's face served to the editor: CSS and WOFF2 slices (layouts.core.fonts makes them)."""

from __future__ import annotations

import pytest

from layouts.core import fonts


@pytest.mark.django_db
def test_the_css_declares_every_slice_and_the_slices_are_served_for_long(
    client, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    css = client.get("/fonts/canvas.css")
    assert css.status_code == 200
    assert css["Content-Type"].startswith("text/css")
    text = css.content.decode()
    assert text.count("@font-face") == len(fonts.slices())
    assert 'font-family:"Mix Noto Sans SC"' in text
    url = f"/fonts/{fonts.version()}/basic0.woff2"
    assert url in text
    served = client.get(url)
    assert served.status_code == 200
    assert served["Content-Type"] == "font/woff2"
    assert "immutable" in served["Cache-Control"]
    body = b"".join(served.streaming_content)
    assert body[:4] == b"wOF2"
    assert (tmp_path / "fonts" / fonts.version() / "basic0.woff2").read_bytes() == body
    assert client.get(f"/fonts/{fonts.version()}/nothing.woff2").status_code == 404
    assert client.get("/fonts/old-version/basic0.woff2").status_code == 404
