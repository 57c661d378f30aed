"""The Django admin over presets: pretty document, validation, versions, revisions."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model

from layouts import services
from layouts.models import Preset, PresetRevision
from tests.factories import document

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = get_user_model().objects.create_superuser("boss", password="pw-for-tests-only")
    client.force_login(admin)
    return client


@pytest.fixture
def preset():
    return services.create_preset(name="Two up", document=document(), user=None).preset


def form_data(preset, **changes):
    data = {
        "name": preset.name,
        "description": preset.description,
        "tags": json.dumps(preset.tags),
        "document": json.dumps(preset.document),
        "loaded_version": preset.version,
        "revisions-TOTAL_FORMS": "0",
        "revisions-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_change_page_shows_the_document_pretty_printed(admin_client, preset):
    page = admin_client.get(f"/admin/layouts/preset/{preset.pk}/change/").content.decode()
    # Indented one level per object (key order is the database's: jsonb sorts keys).
    assert "\n    &quot;Width&quot;: 1280" in page
    assert "\n  &quot;VideoEncode&quot;: {" in page


def test_saving_in_admin_bumps_the_version_and_appends_a_revision(admin_client, preset):
    doc = document(slots=3)
    response = admin_client.post(
        f"/admin/layouts/preset/{preset.pk}/change/",
        form_data(preset, name="Three up", document=json.dumps(doc)),
    )
    assert response.status_code == 302
    preset.refresh_from_db()
    assert (preset.name, preset.version, preset.document) == ("Three up", 2, doc)
    assert PresetRevision.objects.get(preset=preset, version=2).note == "updated in admin"


def test_admin_refuses_a_document_with_errors(admin_client, preset):
    bad = document()
    bad["VideoEncode"]["Gop"] = 9
    response = admin_client.post(
        f"/admin/layouts/preset/{preset.pk}/change/", form_data(preset, document=json.dumps(bad))
    )
    assert response.status_code == 200
    assert "VideoEncode.Gop" in response.content.decode()
    preset.refresh_from_db()
    assert preset.version == 1


def test_admin_refuses_a_stale_edit(admin_client, preset):
    stale = form_data(preset, name="Late edit")
    services.update_preset(preset.pk, expected_version=1, changes={"name": "Won"}, user=None)
    response = admin_client.post(f"/admin/layouts/preset/{preset.pk}/change/", stale)
    assert response.status_code == 200
    assert "nothing was overwritten" in response.content.decode()
    preset.refresh_from_db()
    assert preset.name == "Won"


def test_admin_can_add_a_preset(admin_client):
    response = admin_client.post(
        "/admin/layouts/preset/add/",
        {
            "name": "Made in admin",
            "description": "",
            "tags": '["admin"]',
            "document": json.dumps(document()),
            "revisions-TOTAL_FORMS": "0",
            "revisions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    preset = Preset.objects.get()
    assert (preset.name, preset.tags, preset.version) == ("Made in admin", ["admin"], 1)
    assert preset.revisions.count() == 1


def test_revisions_are_read_only_in_admin(admin_client, preset):
    revision = preset.revisions.get()
    assert admin_client.get("/admin/layouts/presetrevision/add/").status_code == 403
    page = admin_client.get(f"/admin/layouts/presetrevision/{revision.pk}/change/")
    assert page.status_code == 200
    assert b'name="name"' not in page.content
    response = admin_client.post(
        f"/admin/layouts/presetrevision/{revision.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert PresetRevision.objects.count() == 1
