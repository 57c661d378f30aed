"""The library's tag list comes from a table of its own (PresetTag), kept by the services.

Every write of a preset's tags or name keeps the table; a deleted preset's rows
go with it; the migration fills it from the presets already there; and the list
is read from that table alone, whatever the size of the library.
"""

from __future__ import annotations

import importlib
import re
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from layouts import selectors, services
from layouts.models import Preset, PresetTag
from tests.factories import document

pytestmark = pytest.mark.django_db

PRESET_TABLE = re.compile(r"\blayouts_preset\b")  # the presets' own table, not layouts_presettag


def make(name: str, *tags: str) -> Preset:
    return services.create_preset(name=name, tags=list(tags), document=document(), user=None).preset


def retag(preset: Preset, *tags: str) -> Preset:
    preset.refresh_from_db()
    return services.update_preset(
        preset.pk, expected_version=preset.version, changes={"tags": list(tags)}, user=None
    ).preset


def test_created_presets_bring_their_tags():
    make("Evening news", "News", "2-up")
    make("Concert", "music")
    assert selectors.preset_tags() == ["2-up", "music", "News"]


def test_a_changed_tag_list_replaces_the_old_one():
    news = make("Evening news", "News", "2-up")
    make("Concert", "music", "2-up")
    retag(news, "talk")
    # "2-up" stays: the concert still carries it; "News" is gone with the last preset using it.
    assert selectors.preset_tags() == ["2-up", "music", "talk"]
    assert sorted(PresetTag.objects.filter(preset=news).values_list("tag", flat=True)) == ["talk"]


def test_a_deleted_preset_takes_its_tags_with_it():
    news = make("Evening news", "News")
    make("Concert", "music")
    services.delete_preset(news.pk)
    assert selectors.preset_tags() == ["music"]
    assert not PresetTag.objects.filter(preset_id=news.pk).exists()


def test_a_restored_version_brings_its_tags_back():
    news = make("Evening news", "News", "2-up")
    retag(news, "talk")
    news.refresh_from_db()
    services.restore_revision(news.pk, 1, user=None, expected_version=news.version)
    assert selectors.preset_tags() == ["2-up", "News"]


def test_an_imported_preset_brings_its_tags(api):
    services.import_preset(document(), user=None, name="Pasted", tags=["Imported", "wall"])
    assert selectors.preset_tags() == ["Imported", "wall"]
    assert api.get("/api/presets/tags/").json() == {"tags": ["Imported", "wall"]}


def test_a_duplicate_made_in_the_library_brings_its_tags(api):
    original = make("Evening news", "News")
    # The library duplicates by creating a copy of the preset through the API.
    copy = api.get(f"/api/presets/{original.pk}/").json()
    answer = api.post(
        "/api/presets/",
        {"name": "Evening news (copy)", "tags": copy["tags"], "document": copy["document"]},
        format="json",
    )
    assert answer.status_code == 201
    services.delete_preset(original.pk)
    assert api.get("/api/presets/tags/").json() == {"tags": ["News"]}


def test_the_api_follows_a_change_of_tags(api):
    preset = make("Evening news", "News")
    answer = api.patch(
        f"/api/presets/{preset.pk}/", {"version": 1, "tags": ["late", "News"]}, format="json"
    )
    assert answer.status_code == 200
    assert api.get("/api/presets/tags/").json() == {"tags": ["late", "News"]}


def test_the_spelling_is_the_first_in_the_library_order_and_follows_a_rename():
    late = make("Late news", "news")
    make("Morning news", "NEWS")
    assert selectors.preset_tags() == ["news"]  # "Late news" comes first by name
    late.refresh_from_db()
    services.update_preset(
        late.pk, expected_version=late.version, changes={"name": "Zulu news"}, user=None
    )
    assert selectors.preset_tags() == ["NEWS"]  # now "Morning news" comes first


def test_one_preset_gives_each_tag_once_in_its_first_spelling():
    make("Evening news", "News", "news", "NEWS")
    assert list(PresetTag.objects.values_list("tag", "key")) == [("News", "news")]
    assert selectors.preset_tags() == ["News"]


def test_the_tag_list_reads_no_preset_row():
    for number in range(30):
        make(f"Preset {number}", f"tag {number % 7}", "Shared")
    with CaptureQueriesContext(connection) as queries:
        tags = selectors.preset_tags()
    assert tags == ["Shared", *(f"tag {n}" for n in range(7))]
    assert len(queries.captured_queries) == 1
    (sql,) = (query["sql"] for query in queries.captured_queries)
    assert "layouts_presettag" in sql
    assert not PRESET_TABLE.search(sql), sql


def test_an_empty_library_has_no_tags():
    make("Untagged")
    assert selectors.preset_tags() == []


def test_the_migration_fills_the_table_from_the_presets_already_there():
    make("Evening news", "News", "2-up")
    make("Concert", "music", "news")
    Preset.objects.bulk_create([Preset(name="Bulk", document=document(), tags=["wall", 7, "Wall"])])
    # "Concert" comes first in the library's order, so its spelling of "news" is the one.
    expected = ["2-up", "music", "news", "wall"]
    PresetTag.objects.all().delete()
    assert selectors.preset_tags() == []
    migration = importlib.import_module("layouts.migrations.0008_preset_tag_table")
    migration.fill_from_presets(apps, SimpleNamespace(connection=connection))
    assert selectors.preset_tags() == expected


@pytest.mark.skipif(connection.vendor != "sqlite", reason="EXPLAIN QUERY PLAN is SQLite's")
def test_the_tag_list_seeks_its_index_once_per_tag():
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + selectors._tags_sql())
        plan = [row[3] for row in cursor.fetchall()]
    # The first row after each key, in the index alone, then that row: seeks, no scan.
    assert "SEARCH t USING COVERING INDEX preset_tag_first_spelling (key>?)" in plan
    assert "SEARCH n USING INTEGER PRIMARY KEY (rowid=?)" in plan
