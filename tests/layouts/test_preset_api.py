"""The preset library over HTTP: CRUD, search, versions, revisions, bad input."""

from __future__ import annotations

import json

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from layouts.models import Preset, PresetRevision
from tests.factories import document, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return make_user("producer", password="a long password 123")


@pytest.fixture
def api(user):
    client = APIClient()
    client.force_login(user)
    return client


def create(api, name="Two up", **extra):
    body = {"name": name, "document": document(), **extra}
    response = api.post("/api/presets/", body, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_create_returns_the_preset_at_version_1(api):
    created = create(api, tags=["interview", "2 people"], description="Host and guest")
    assert created["version"] == 1
    assert created["name"] == "Two up"
    assert created["tags"] == ["interview", "2 people"]
    assert created["document"] == document()
    assert created["warnings"] == []
    assert set(created) >= {
        "id",
        "name",
        "description",
        "tags",
        "document",
        "version",
        "created_at",
        "updated_at",
    }


def test_create_records_who_created_it_and_a_first_revision(api, user):
    created = create(api)
    preset = Preset.objects.get(pk=created["id"])
    assert preset.created_by == user
    revision = PresetRevision.objects.get(preset=preset)
    assert (revision.version, revision.saved_by, revision.document) == (1, user, document())


def test_document_with_errors_is_refused_with_problems_and_nothing_saved(api):
    bad = document()
    bad["LayoutParams"]["MixLayoutList"][1]["LocationX"] = 700  # 700 + 640 > 1280
    response = api.post("/api/presets/", {"name": "Broken", "document": bad}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "layout-invalid"
    problem = next(p for p in body["problems"] if p["rule"] == "R41")
    assert problem["path"] == "LayoutParams.MixLayoutList[1].ImageWidth"
    assert "60 px" in problem["message"]
    assert Preset.objects.count() == 0
    assert PresetRevision.objects.count() == 0


def test_warnings_come_back_with_a_successful_save(api):
    doc = document()
    doc["FutureField"] = {"kept": True}
    created = create(api, document=doc)
    assert created["document"]["FutureField"] == {"kept": True}
    assert [w["rule"] for w in created["warnings"]] == ["unknown-field"]
    assert created["warnings"][0]["path"] == "FutureField"


def test_retrieve_list_and_delete(api):
    created = create(api)
    assert api.get(f"/api/presets/{created['id']}/").json()["name"] == "Two up"
    listing = api.get("/api/presets/").json()
    assert listing["count"] == 1
    assert listing["results"][0]["id"] == created["id"]
    assert api.delete(f"/api/presets/{created['id']}/").status_code == 204
    assert api.get(f"/api/presets/{created['id']}/").status_code == 404
    assert PresetRevision.objects.count() == 0


def test_missing_preset_is_404_with_a_message(api):
    response = api.get("/api/presets/999/")
    assert response.status_code == 404
    assert response.json()["error"] == "not-found"


def test_search_matches_name_description_and_tags(api):
    create(api, name="Evening news", tags=["news"])
    create(api, name="Game night", tags=["esports", "直播"])
    create(api, name="Quiet", description="for the late NEWS desk")

    def names(query):
        return sorted(p["name"] for p in api.get("/api/presets/", query).json()["results"])

    assert names({"search": "news"}) == ["Evening news", "Quiet"]
    assert names({"search": "直播"}) == ["Game night"]
    assert names({"tag": "ESPORTS"}) == ["Game night"]
    assert names({"tag": "esp"}) == []


def test_list_is_paginated(api):
    for index in range(5):
        create(api, name=f"Preset {index}")
    first = api.get("/api/presets/", {"page_size": 2}).json()
    assert first["count"] == 5
    assert len(first["results"]) == 2
    assert "page=2" in first["next"]
    third = api.get("/api/presets/", {"page": 3, "page_size": 2}).json()
    assert [p["name"] for p in third["results"]] == ["Preset 4"]


def test_put_with_the_current_version_saves_a_new_version(api):
    created = create(api)
    doc = document(slots=3)
    response = api.put(
        f"/api/presets/{created['id']}/",
        {"name": "Three up", "document": doc, "version": 1},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["version"] == 2
    assert response.json()["document"] == doc
    assert Preset.objects.get().name == "Three up"


def test_patch_changes_only_the_fields_given(api):
    created = create(api, tags=["a"])
    response = api.patch(
        f"/api/presets/{created['id']}/", {"name": "Renamed", "version": 1}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["tags"], body["document"], body["version"]) == (
        "Renamed",
        ["a"],
        document(),
        2,
    )


def test_saving_a_stale_version_answers_409_and_overwrites_nothing(api):
    created = create(api)
    url = f"/api/presets/{created['id']}/"
    assert api.patch(url, {"name": "First editor", "version": 1}, format="json").status_code == 200
    response = api.patch(url, {"name": "Second editor", "version": 1}, format="json")
    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    assert response.json()["error"] == "version-conflict"
    preset = Preset.objects.get()
    assert (preset.name, preset.version) == ("First editor", 2)
    assert PresetRevision.objects.count() == 2


def test_update_without_version_is_refused_naming_the_field(api):
    created = create(api)
    response = api.patch(f"/api/presets/{created['id']}/", {"name": "x"}, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "version"


def test_update_with_an_invalid_document_keeps_the_old_one(api):
    created = create(api)
    bad = document()
    bad["VideoEncode"]["Fps"] = 120
    response = api.patch(
        f"/api/presets/{created['id']}/", {"document": bad, "version": 1}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["problems"][0]["path"] == "VideoEncode.Fps"
    preset = Preset.objects.get()
    assert (preset.version, preset.document) == (1, document())


def test_revisions_list_every_saved_version_newest_first(api, user):
    created = create(api)
    url = f"/api/presets/{created['id']}/"
    api.patch(url, {"name": "v2", "version": 1}, format="json")
    api.patch(url, {"name": "v3", "version": 2}, format="json")
    revisions = api.get(f"{url}revisions/").json()["results"]
    assert [(r["version"], r["name"]) for r in revisions] == [(3, "v3"), (2, "v2"), (1, "Two up")]
    assert revisions[0]["saved_by"] == "producer"


def test_restore_makes_an_old_version_the_newest(api):
    created = create(api)
    url = f"/api/presets/{created['id']}/"
    api.put(url, {"name": "Three up", "document": document(slots=3), "version": 1}, format="json")
    response = api.post(f"{url}revisions/1/restore/", {}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["version"], body["name"], body["document"]) == (3, "Two up", document())
    notes = list(PresetRevision.objects.order_by("version").values_list("note", flat=True))
    assert notes == ["created", "updated", "restored from version 1"]


def test_restore_with_a_stale_version_answers_409(api):
    created = create(api)
    url = f"/api/presets/{created['id']}/"
    api.patch(url, {"name": "v2", "version": 1}, format="json")
    response = api.post(f"{url}revisions/1/restore/", {"version": 1}, format="json")
    assert response.status_code == 409
    assert Preset.objects.get().version == 2


def test_restore_of_a_missing_version_is_404(api):
    created = create(api)
    response = api.post(f"/api/presets/{created['id']}/revisions/7/restore/", {}, format="json")
    assert response.status_code == 404


def test_validate_endpoint_reports_problems_without_saving(api):
    bad = document()
    bad["BackGroundColor"] = "red"
    response = api.post("/api/layouts/validate/", {"document": bad}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is False
    assert body["problems"] == [
        {
            "path": "BackGroundColor",
            "rule": "R46",
            "severity": "error",
            "message": "BackGroundColor must be a colour written 0xRRGGBB (for example 0xcc0033), "
            'not "red".',
        }
    ]
    good = api.post("/api/layouts/validate/", {"document": document()}, format="json").json()
    assert good == {"valid": True, "problems": []}
    assert Preset.objects.count() == 0


def test_layout_schema_describes_every_field_with_its_rule(api):
    tables = api.get("/api/layouts/schema/").json()
    width = next(f for f in tables["VideoEncode"] if f["name"] == "Width")
    assert (width["minimum"], width["maximum"], width["rule"]) == (0, 1920, "R35")


class TestAccess:
    def test_anonymous_api_requests_are_refused(self, client):
        for method, url in [
            ("get", "/api/presets/"),
            ("post", "/api/presets/"),
            ("post", "/api/presets/import/"),
            ("post", "/api/layouts/validate/"),
            ("get", "/api/schema/"),
        ]:
            response = getattr(client, method)(url, content_type="application/json")
            assert response.status_code in (401, 403), (method, url)

    def test_anonymous_pages_redirect_to_login(self, client):
        for url in ["/", "/admin/"]:
            response = client.get(url)
            assert response.status_code == 302
            assert "login" in response["Location"]

    def test_health_check_and_login_page_are_public(self, client):
        assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}
        assert client.get("/accounts/login/").status_code == 200

    def test_token_authentication_works_for_the_api(self, user):
        token = Token.objects.create(user=user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        assert client.get("/api/presets/").status_code == 200

    def test_session_login_opens_the_pages(self, client, user):
        client.login(username="producer", password="a long password 123")
        assert client.get("/").status_code == 200
        assert client.get("/api/docs/").status_code == 200
        assert client.get("/api/schema/").status_code == 200


class TestBadInput:
    def post_raw(self, api, url, raw, content_type="application/json"):
        return api.generic("POST", url, raw, content_type=content_type)

    def test_malformed_json_is_a_400_with_a_message(self, api):
        response = self.post_raw(api, "/api/presets/", b'{"name": ')
        assert response.status_code == 400
        assert "JSON parse error" in response.json()["message"]

    def test_deeply_nested_json_is_refused_not_a_crash(self, api):
        response = self.post_raw(api, "/api/presets/import/", b"[" * 50000 + b"]" * 50000)
        assert response.status_code == 400
        assert "nested" in response.json()["message"]

    def test_moderately_nested_junk_inside_a_document_is_refused(self, api):
        junk = {"a": None}
        for _ in range(40):
            junk = {"a": junk}
        doc = document()
        doc["Extra"] = junk
        response = api.post("/api/presets/", {"name": "x", "document": doc}, format="json")
        assert response.status_code == 400
        assert Preset.objects.count() == 0

    def test_bodies_over_1_mb_are_refused_with_413(self, api):
        big = json.dumps({"name": "x", "document": {"pad": "x" * (1024 * 1024)}}).encode()
        response = self.post_raw(api, "/api/presets/", big)
        assert response.status_code == 413
        assert response.json()["error"] == "too-large"
        assert Preset.objects.count() == 0

    def test_non_object_bodies_and_documents_are_refused(self, api):
        assert self.post_raw(api, "/api/presets/", b"[1, 2]").status_code == 400
        response = api.post("/api/presets/", {"name": "x", "document": [1, 2]}, format="json")
        assert response.status_code == 400
        assert response.json()["problems"][0]["rule"] == "type"

    def test_wrong_field_types_name_the_field(self, api):
        response = api.post("/api/presets/", {"name": ["x"], "document": document()}, format="json")
        assert response.status_code == 400
        assert response.json()["field"] == "name"
        response = api.post(
            "/api/presets/", {"name": "x", "document": document(), "tags": "news"}, format="json"
        )
        assert response.status_code == 400
        assert response.json()["field"] == "tags"

    def test_nan_is_not_json(self, api):
        response = self.post_raw(api, "/api/layouts/validate/", b'{"document": NaN}')
        assert response.status_code == 400

    def test_form_encoded_bodies_are_refused_with_415(self, api):
        response = api.post("/api/presets/", {"name": "x"})
        assert response.status_code == 415


@pytest.mark.parametrize("text", ["\\u0000", "\\ud800", "\\udfff"])
def test_text_no_database_can_store_is_refused_with_400(api, text):
    raw = ('{"name": "x", "document": {"VideoEncode": {}, "Note": "a' + text + 'b"}}').encode()
    response = api.generic("POST", "/api/presets/", raw, content_type="application/json")
    assert response.status_code == 400
    assert "NUL" in response.json()["message"]
    assert Preset.objects.count() == 0
