"""The browser set-up itself: Chromium reaches the live server logged in."""

import pytest

from tests.browser.conftest import snapshot

pytestmark = pytest.mark.browser


def test_home_page_opens_logged_in(page):
    page.goto("/")
    assert page.locator("h1").inner_text() == "Mix Studio"
    assert "producer" in page.locator("header").inner_text()
    snapshot(page, "home")
