"""Shared media: an image uploaded on one instance is served, drawn and deleted by another.

The asset library keeps its bytes only in Django's default storage (MIX_STORAGE_BACKEND,
MIX_STORAGE_OPTIONS), never in a folder of the instance that received them. Two app
instances here are two gunicorn processes with a data folder each (their own cache,
their own MEDIA_ROOT), sharing only the database and the storage; all traffic is on
loopback.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.db import connection
from PIL import Image
from rest_framework.authtoken.models import Token

from studio import env
from tests.bench.servers import free_port, wait_for_port
from tests.factories import document, make_user
from tests.processes import stop

ROOT = Path(settings.BASE_DIR)


def png(colour: tuple[int, int, int], size: tuple[int, int] = (64, 36)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def database_url() -> str:
    """The URL of the test database, for processes that are not this one."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    if connection.vendor == "postgresql":
        user = quote(db.get("USER") or "", safe="")
        password = quote(db.get("PASSWORD") or "", safe="")
        host = db.get("HOST") or "localhost"
        return f"postgres://{user}:{password}@{host}:{db.get('PORT') or 5432}/{db['NAME']}"
    pytest.skip(f"no URL is written here for a {connection.vendor} database")


@contextmanager
def instance(data_dir: Path, shared_storage: Path) -> Iterator[str]:
    """The app under gunicorn with a data folder (cache, MEDIA_ROOT) of its own."""
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "MIX_ENCRYPTION_KEY": settings.MIX_ENCRYPTION_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "",
        "MIX_DATA_DIR": str(data_dir),
        # Only the storage is shared: each instance's MEDIA_ROOT and file cache are its own.
        "MIX_MEDIA_ROOT": "",
        "MIX_STORAGE_BACKEND": "django.core.files.storage.FileSystemStorage",
        "MIX_STORAGE_OPTIONS": json.dumps({"location": str(shared_storage)}),
        "MIX_PUBLIC_BASE_URL": "",
    }
    for shared_cache in ("MIX_CACHE_BACKEND", "MIX_CACHE_LOCATION"):  # the file cache
        environment.pop(shared_cache, None)
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    arguments = [gunicorn, "studio.wsgi", "--bind", f"127.0.0.1:{port}", "--preload"]
    arguments += ["--workers", "1", "--threads", "2", "--log-level", "warning"]
    data_dir.mkdir(parents=True)
    log = (data_dir / "gunicorn.log").open("wb")
    process = subprocess.Popen(
        arguments, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        try:
            # --preload: the app is loaded before the port is bound.
            wait_for_port(port, process, seconds=60)
        except RuntimeError:
            log.flush()
            raise RuntimeError((data_dir / "gunicorn.log").read_text()[-3000:]) from None
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)
        log.close()


@pytest.mark.django_db(transaction=True)
def test_an_image_uploaded_on_one_instance_is_served_drawn_and_deleted_by_another(tmp_path):
    token = Token.objects.create(user=make_user("producer")).key
    http = requests.Session()
    http.headers["Authorization"] = f"Token {token}"
    shared = tmp_path / "shared-storage"
    picture = png((0, 90, 200))

    with instance(tmp_path / "a", shared) as a, instance(tmp_path / "b", shared) as b:
        uploaded = http.post(
            f"{a}/api/assets/", files={"file": ("logo.png", picture, "image/png")}, timeout=30
        )
        assert uploaded.status_code == 201, uploaded.text
        asset = uploaded.json()
        name = asset["name"]
        assert asset["url"] == f"{a}/media/assets/{name}"
        # The bytes are in the storage, not in a folder of the instance that took them.
        assert (shared / "assets" / name).read_bytes() == picture
        assert not list((tmp_path / "a").rglob(name))

        served = requests.get(f"{b}/media/assets/{name}", timeout=30)  # no login: the cloud's way
        assert served.status_code == 200
        assert served.content == picture
        assert served.headers["Content-Type"] == "image/png"
        assert http.get(f"{b}/api/assets/{asset['id']}/", timeout=30).json()["name"] == name

        # B draws the image A's URL names, read from the storage (its own cache is empty).
        backdrop = document(1280, 720, slots=0)
        backdrop["BackgroundImageUrl"] = asset["url"]
        preview = http.post(f"{b}/api/layouts/preview/", json={"document": backdrop}, timeout=60)
        assert preview.status_code == 200, preview.text
        assert json.loads(preview.headers["X-Mix-Warnings"]) == []
        drawn = Image.open(io.BytesIO(preview.content)).convert("RGB")
        assert drawn.getpixel((640, 360)) == (0, 90, 200)

        # A preset saved on A holds the image: B refuses to delete it, and A still serves it.
        watermark = document(1280, 720, slots=1)
        watermark["WaterMarkList"] = [
            {
                "WaterMarkType": 0,
                "WaterMarkImage": {
                    "WaterMarkUrl": asset["url"],
                    "WaterMarkWidth": 64,
                    "WaterMarkHeight": 36,
                    "LocationX": 10,
                    "LocationY": 10,
                    "ZOrder": 3,
                },
            }
        ]
        saved = http.post(
            f"{a}/api/presets/", json={"name": "Evening news", "document": watermark}, timeout=30
        )
        assert saved.status_code == 201, saved.text
        refused = http.delete(f"{b}/api/assets/{asset['id']}/", timeout=30)
        assert refused.status_code == 409
        assert refused.json()["code"] == "asset-in-use"
        assert [use["name"] for use in refused.json()["presets"]] == ["Evening news"]
        assert requests.get(f"{a}/media/assets/{name}", timeout=30).content == picture

        # Once no preset shows it, B deletes it, and A answers 404 from then on.
        assert http.delete(f"{a}/api/presets/{saved.json()['id']}/", timeout=30).ok
        assert http.delete(f"{b}/api/assets/{asset['id']}/", timeout=30).status_code == 204
        assert requests.get(f"{a}/media/assets/{name}", timeout=30).status_code == 404
        assert http.get(f"{a}/api/assets/{asset['id']}/", timeout=30).status_code == 404
        assert not (shared / "assets" / name).exists()


@pytest.fixture
def memory_storage(settings):
    """A storage with no path on any disk, as an S3 bucket has none."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    return default_storage


@pytest.mark.django_db
def test_assets_live_only_in_the_configured_storage(
    api, client, memory_storage, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    picture = png((200, 40, 0))

    file = io.BytesIO(picture)
    file.name = "red.png"
    asset = api.post("/api/assets/", {"file": file}, format="multipart").json()

    assert memory_storage.open(f"assets/{asset['name']}").read() == picture
    assert not list(tmp_path.rglob("*"))  # nothing under MEDIA_ROOT
    served = client.get(f"/media/assets/{asset['name']}")
    assert b"".join(served.streaming_content) == picture
    backdrop = document(1280, 720, slots=0)
    backdrop["BackgroundImageUrl"] = asset["url"]
    preview = api.post("/api/layouts/preview/", {"document": backdrop}, format="json")
    drawn = Image.open(io.BytesIO(preview.content)).convert("RGB")
    assert drawn.getpixel((640, 360)) == (200, 40, 0)

    with django_capture_on_commit_callbacks(execute=True):
        assert api.delete(f"/api/assets/{asset['id']}/").status_code == 204
    assert not memory_storage.exists(f"assets/{asset['name']}")
    assert client.get(f"/media/assets/{asset['name']}").status_code == 404


@pytest.mark.django_db
def test_an_asset_whose_bytes_the_storage_lost_is_a_404_not_a_500(
    api, client, memory_storage, settings, tmp_path
):
    file = io.BytesIO(png((0, 0, 0)))
    file.name = "black.png"
    asset = api.post("/api/assets/", {"file": file}, format="multipart").json()
    memory_storage.delete(f"assets/{asset['name']}")

    assert client.get(f"/media/assets/{asset['name']}").status_code == 404
    # Uploading the same bytes again stores them again.
    file = io.BytesIO(png((0, 0, 0)))
    file.name = "black.png"
    again = api.post("/api/assets/", {"file": file}, format="multipart").json()
    assert again["id"] == asset["id"]
    assert client.get(f"/media/assets/{asset['name']}").status_code == 200


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("bucket_name=media", "is not JSON (line 1, column 1)"),
        ('["media"]', "is an array"),
        ("null", "is null"),
        ('{"secret_key": "hunter2"', "is not JSON (line 1, column 25)"),
    ],
)
def test_storage_options_that_are_not_a_json_object_stop_the_start(value, said):
    with pytest.raises(env.EnvError) as refusal:
        env.env_json_object("MIX_STORAGE_OPTIONS", {"MIX_STORAGE_OPTIONS": value})
    assert str(refusal.value).startswith("MIX_STORAGE_OPTIONS must be a JSON object")
    assert said in str(refusal.value)
    assert "hunter2" not in str(refusal.value)  # options may hold a key: never shown


def test_storage_options_are_read_as_given():
    options = '{"bucket_name": "mix-1250000000", "location": "mixstudio"}'
    assert env.env_json_object("X", {"X": options}) == {
        "bucket_name": "mix-1250000000",
        "location": "mixstudio",
    }
    assert env.env_json_object("X", {"X": " "}) == {}


def test_a_storage_backend_that_is_not_a_dotted_path_stops_the_start():
    default = "django.core.files.storage.FileSystemStorage"
    assert env.env_dotted_path("X", default, {"X": ""}) == default
    assert env.env_dotted_path("X", default, {"X": "storages.backends.s3.S3Storage"}) == (
        "storages.backends.s3.S3Storage"
    )
    with pytest.raises(env.EnvError, match="X must be the dotted path of a class"):
        env.env_dotted_path("X", default, {"X": "S3Storage"})


def test_a_bad_storage_setting_names_the_variable_at_start(tmp_path):
    """The settings module refuses it with ImproperlyConfigured, as every other variable."""
    environment = {
        **os.environ,
        "MIX_STORAGE_OPTIONS": "{bucket}",
        "DJANGO_SECRET_KEY": "x",
        "MIX_ENCRYPTION_KEY": "x",
        "MIX_DATA_DIR": str(tmp_path),
    }
    started = subprocess.run(
        [sys.executable, "-c", "import studio.settings"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert started.returncode != 0
    assert ImproperlyConfigured.__name__ in started.stderr
    assert "MIX_STORAGE_OPTIONS must be a JSON object" in started.stderr
