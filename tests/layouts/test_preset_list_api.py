"""GET /api/presets/ answers light items; documents and tags only when asked."""

from __future__ import annotations

import pytest

from layouts import services
from tests.factories import document

pytestmark = pytest.mark.django_db


@pytest.fixture
def presets():
    for name, tags in (("Two up", ["Interview"]), ("Grid", ["wall", "interview"])):
        services.create_preset(name=name, tags=tags, document=document(1920, 1080), user=None)


def test_list_items_have_no_document_but_their_canvas(api, presets):
    item = api.get("/api/presets/").json()["results"][0]
    assert "document" not in item
    assert item["name"] == "Grid"
    assert item["canvas"] == {"Width": 1920, "Height": 1080}
    assert set(item) == {
        "id",
        "name",
        "description",
        "tags",
        "version",
        "starter",
        "canvas",
        "created_at",
        "updated_at",
        "display_name",
        "display_description",
        "display_tags",
    }


def test_fields_document_adds_each_document(api, presets):
    item = api.get("/api/presets/?fields=document").json()["results"][0]
    assert item["document"] == document(1920, 1080)
    assert item["canvas"] == {"Width": 1920, "Height": 1080}


def test_an_unknown_field_is_a_400_naming_it(api, presets):
    response = api.get("/api/presets/?fields=params")
    assert response.status_code == 400
    assert response.json()["field"] == "fields"


def test_starter_must_be_true_or_false(api, presets):
    response = api.get("/api/presets/?starter=perhaps")
    assert response.status_code == 400
    assert response.json()["field"] == "starter"
    assert api.get("/api/presets/?starter=false").json()["count"] == 2


def test_the_tags_endpoint_lists_every_tag_once(api, presets):
    # Spelled as the first preset in library order ("Grid") has it.
    assert api.get("/api/presets/tags/").json() == {"tags": ["interview", "wall"]}


def test_search_and_tag_go_through_the_api(api, presets):
    assert [p["name"] for p in api.get("/api/presets/?search=gri").json()["results"]] == ["Grid"]
    assert api.get("/api/presets/?tag=INTERVIEW").json()["count"] == 2


def test_search_results_page_through_in_library_order(api):
    for name in ("news e", "news c", "news a", "weather", "news d", "news b"):
        services.create_preset(name=name, document=document(), user=None)
    pages = [api.get(f"/api/presets/?search=news&page_size=2&page={n}").json() for n in (1, 2, 3)]
    assert {page["count"] for page in pages} == {5}
    assert [p["name"] for page in pages for p in page["results"]] == [
        "news a",
        "news b",
        "news c",
        "news d",
        "news e",
    ]
    assert api.get("/api/presets/?search=news&page_size=2&page=4").status_code == 404
