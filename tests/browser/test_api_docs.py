"""The interactive API documentation works offline: everything from the app."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_api_docs_render_from_local_assets_only(page):
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Mix Studio API")
    expect(page.locator(".opblock-tag-section").first).to_be_visible()
    # The page fixture fails the test if any request went to another host.
