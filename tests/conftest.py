import pytest


@pytest.fixture(autouse=True)
def _isolated_cache(request):
    """Each test gets an empty in-memory cache, whatever the configured backend."""
    if not request.config.pluginmanager.hasplugin("django"):
        yield  # pure-module tests run without Django
        return
    settings = request.getfixturevalue("settings")
    # Real hashing costs ~0.3 s a user; tests check behaviour, not key stretching.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}
    }
    # Pages link static files by their plain names, which the live server serves
    # from static/ as they are now: no collectstatic before a test run.
    # tests/studio/test_static_files.py checks the storage `make run` publishes with.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api(db):
    """An API client logged in as a producer."""
    from rest_framework.test import APIClient

    from tests.factories import make_user

    client = APIClient()
    client.force_login(make_user("producer"))
    return client


@pytest.fixture
def sandbox_profile(db):
    """The emulator's app profile, made as `make run` makes it (manage.py ensure_sandbox_app)."""
    from io import StringIO

    from django.conf import settings
    from django.core.management import call_command

    from studio.control.models import AppProfile

    call_command("ensure_sandbox_app", stdout=StringIO())
    return AppProfile.objects.get(sdk_app_id=settings.MIX_SANDBOX_SDK_APP_ID)
