"""Previews in the real cache backends: the default file cache and Redis."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from django.core.cache import cache

from layouts import preview, selectors, services
from layouts.core import render
from tests.factories import document, make_user
from tests.redis_server import redis_server

pytestmark = pytest.mark.django_db

FILE = "studio.cache.FileCache"
REDIS = "django.core.cache.backends.redis.RedisCache"


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(params=["file", "redis"])
def backend(request, settings, tmp_path):
    """The cache as configured in production: the default, or Redis."""
    if request.param == "file":
        settings.CACHES = {"default": {"BACKEND": FILE, "LOCATION": str(tmp_path / "cache")}}
    else:
        url = request.getfixturevalue("redis_url")
        settings.CACHES = {"default": {"BACKEND": REDIS, "LOCATION": url}}
    cache.clear()
    yield request.param
    cache.clear()


def stored_values(backend: str, settings) -> list[bytes]:
    """The raw bytes of every entry the backend holds, but the calibration's stamp."""
    if backend == "file":
        folder = settings.CACHES["default"]["LOCATION"]
        stamp = Path(cache._key_to_file(selectors.CALIBRATION_STAMP))
        return [path.read_bytes() for path in Path(folder).glob("*.mixcache") if path != stamp]
    client = cache._cache.get_client()
    stamp = cache.make_key(selectors.CALIBRATION_STAMP).encode()
    return [client.get(key) for key in client.keys("*") if key != stamp]


@pytest.fixture
def preset():
    owner = make_user("owner")
    return services.create_preset(name="Cached", document=document(), user=owner).preset


def test_a_thumbnail_is_stored_once(backend, settings, preset):
    preview.preset_thumbnail(preset, 320)
    assert len(stored_values(backend, settings)) == 1


def test_the_png_is_stored_as_it_was_encoded(backend, settings, preset):
    image = preview.preset_thumbnail(preset, 320)
    [raw] = stored_values(backend, settings)
    assert image.data.startswith(b"\x89PNG")
    assert image.data in raw  # not recompressed: the PNG's own bytes are in the entry


def test_a_second_request_is_read_from_the_cache(backend, preset, monkeypatch):
    first = preview.preset_thumbnail(preset, 320)
    renders = []
    monkeypatch.setattr(render, "render", lambda *a, **k: renders.append(a))
    again = preview.preset_thumbnail(preset, 320)
    assert renders == []
    assert again.data == first.data


def test_the_editor_preview_of_the_same_picture_shares_the_entry(backend, settings, preset):
    thumbnail = preview.preset_thumbnail(preset, 320)
    scale = 320 / preset.document["VideoEncode"]["Width"]
    same = preview.preview_image(preset.document, None, fmt="png", scale=scale)
    assert same.data == thumbnail.data
    assert len(stored_values(backend, settings)) == 1


def test_an_edited_preset_gets_a_fresh_thumbnail(backend, preset):
    before = preview.preset_thumbnail(preset, 320)
    changed = document(slots=3)
    saved = services.update_preset(
        preset.pk, expected_version=preset.version, changes={"document": changed}, user=None
    )
    assert preview.preset_thumbnail(saved.preset, 320).data != before.data


def test_the_file_cache_entry_is_a_plain_pickle(settings, tmp_path, preset):
    settings.CACHES = {"default": {"BACKEND": FILE, "LOCATION": str(tmp_path / "plain")}}
    image = preview.preset_thumbnail(preset, 320)
    stamp = Path(cache._key_to_file(selectors.CALIBRATION_STAMP))
    [path] = (p for p in (tmp_path / "plain").glob("*.mixcache") if p != stamp)
    with path.open("rb") as entry:
        pickle.load(entry)  # the expiry time comes first
        assert pickle.load(entry) == image


def test_the_default_cache_holds_a_few_thousand_thumbnails():
    from studio import settings as project

    default = project.CACHES["default"]
    assert default["BACKEND"] == FILE
    assert default["OPTIONS"]["MAX_ENTRIES"] >= 3000


def test_the_file_cache_keeps_every_entry_up_to_its_size(settings, tmp_path):
    settings.CACHES = {
        "default": {
            "BACKEND": FILE,
            "LOCATION": str(tmp_path / "c"),
            "OPTIONS": {"MAX_ENTRIES": 600},
        }
    }
    for index in range(600):
        cache.set(f"thumb-{index}", b"x" * 100)
    assert sum(cache.get(f"thumb-{index}") is not None for index in range(600)) == 600
