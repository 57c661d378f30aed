"""GET /api/apps/ is a read; the emulator's app profile is made by an explicit step."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from studio.control.models import AppProfile

pytestmark = pytest.mark.django_db

SANDBOX_ID = 1400000001


@pytest.fixture(autouse=True)
def _emulator(settings):
    settings.MIX_BACKEND = "sandbox"
    settings.MIX_SANDBOX_SDK_APP_ID = SANDBOX_ID


def statements(api, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
    return response.status_code, [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize("made", [False, True], ids=["before ensure_sandbox_app", "after"])
def test_listing_the_apps_only_reads(api, request, made):
    if made:
        request.getfixturevalue("sandbox_profile")
    AppProfile.objects.create(name="Another", sdk_app_id=1400000002)
    status, sql = statements(api, "/api/apps/")
    assert status == 200
    assert sql, "the list read nothing"
    assert [text for text in sql if not text.lstrip().upper().startswith("SELECT")] == []


def test_listing_the_apps_does_not_create_the_emulators_profile(api):
    response = api.get("/api/apps/")
    assert response.status_code == 200
    assert response.json() == []
    assert not AppProfile.objects.exists()


def test_the_emulators_profile_is_listed_first_without_its_keys(api, sandbox_profile):
    AppProfile.objects.create(name="A first by name", sdk_app_id=1400000002)
    listed = api.get("/api/apps/").json()
    assert [app["sdk_app_id"] for app in listed] == [SANDBOX_ID, 1400000002]
    assert listed[0]["holds_sdk_key"] is True
    assert set(listed[0]) == {"id", "name", "sdk_app_id", "region", "holds_sdk_key"}


def test_against_the_real_cloud_the_apps_are_listed_by_name(api, settings, sandbox_profile):
    settings.MIX_BACKEND = "tencent"
    AppProfile.objects.create(name="A first by name", sdk_app_id=1400000002)
    listed = api.get("/api/apps/").json()
    assert [app["sdk_app_id"] for app in listed] == [1400000002, SANDBOX_ID]


@pytest.mark.parametrize("name", ["ensure_emulator_app", "ensure_sandbox_app"])
def test_ensure_emulator_app_creates_the_profile_once_with_its_sdk_key(settings, name):
    settings.MIX_SANDBOX_SDK_SECRET_KEY = "the-emulators-sdk-key"
    out = StringIO()
    call_command(name, stdout=out)
    call_command(name, stdout=out)
    app = AppProfile.objects.get()
    assert app.sdk_app_id == SANDBOX_ID
    assert app.sdk_secret_key == "the-emulators-sdk-key"
    assert f"{SANDBOX_ID} is ready" in out.getvalue()
    assert "the-emulators-sdk-key" not in out.getvalue()


def test_ensure_emulator_app_does_nothing_against_the_real_cloud(settings):
    settings.MIX_BACKEND = "tencent"
    out = StringIO()
    call_command("ensure_emulator_app", stdout=out)
    assert not AppProfile.objects.exists()
    assert "not emulator" in out.getvalue()
