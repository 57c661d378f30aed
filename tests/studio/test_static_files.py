"""What `collectstatic` publishes with the configured storage, and how it is served."""

from __future__ import annotations

import gzip
import re

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from tests.factories import make_user


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """collectstatic, once, into a fresh folder with the storage of studio/settings.py."""
    from studio import settings as project

    root = tmp_path_factory.mktemp("static")
    with override_settings(STORAGES=project.STORAGES, STATIC_ROOT=root):
        call_command("collectstatic", "--noinput", "-v0")
    return root


@pytest.fixture
def serving(published, settings):
    """The app serving that folder as `make run` does."""
    from studio import settings as project

    settings.STORAGES = project.STORAGES
    settings.STATIC_ROOT = published
    settings.WHITENOISE_USE_FINDERS = False
    return published


def test_the_project_publishes_with_hashed_names_and_gzip_copies(published):
    from studio import settings as project

    assert project.STORAGES["staticfiles"]["BACKEND"] == "studio.staticfiles.StaticStorage"
    hashed = sorted(published.glob("js/editor/main.*.js"))
    assert len(hashed) == 1 and re.fullmatch(r"main\.[0-9a-f]{12}\.js", hashed[0].name)
    packed = hashed[0].with_name(hashed[0].name + ".gz")
    assert gzip.decompress(packed.read_bytes()) == hashed[0].read_bytes()
    assert packed.stat().st_size < hashed[0].stat().st_size / 2


def test_module_imports_point_at_hashed_names(published):
    main = next(published.glob("js/editor/main.*.js")).read_text()
    imports = re.findall(r'from "([^"]+)"', main)
    assert imports
    for target in imports:
        assert re.search(r"\.[0-9a-f]{12}\.js$", target), target
        assert (published / "js" / "editor" / target).resolve().exists(), target


def test_every_published_module_imports_files_that_exist(published):
    # A comment's "export ... from" once made the storage hash a name twice.
    hashed = [
        path
        for path in published.glob("js/**/*.js")
        if re.search(r"\.[0-9a-f]{12}\.js$", path.name)
    ]
    assert hashed
    for module in hashed:
        for target in re.findall(r'(?:from|import)\s*\(?\s*"(\.{1,2}/[^"]+)"', module.read_text()):
            assert (module.parent / target).resolve().exists(), f"{module.name} imports {target}"


@pytest.mark.django_db
def test_pages_link_hashed_files_that_are_served_compressed(serving):
    client = Client()  # its WhiteNoise reads STATIC_ROOT at the first request
    client.force_login(make_user("reader", "viewer"))
    page = client.get("/presets/").content.decode()
    css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)
    assert css, "the library page links its stylesheet by hashed name"
    answer = client.get(css.group(1), HTTP_ACCEPT_ENCODING="gzip")
    assert answer.status_code == 200
    assert answer["Content-Encoding"] == "gzip"
    assert "immutable" in answer["Cache-Control"]
