"""The library's reads: order, search and tags through indexes, revisions."""

from __future__ import annotations

import pytest
from django.db import connection

from layouts import search, selectors, services
from layouts.models import Preset
from layouts.selectors import PresetFilters
from tests.factories import document

pytestmark = pytest.mark.django_db


def make(name: str, *, description: str = "", tags: tuple[str, ...] = ()) -> Preset:
    saved = services.create_preset(
        name=name, description=description, tags=list(tags), document=document(), user=None
    )
    return saved.preset


def names(filters: PresetFilters) -> list[str]:
    return list(selectors.preset_list(filters).values_list("name", flat=True))


@pytest.fixture
def library():
    make("Evening news", description="Two anchors side by side", tags=("News", "2-up"))
    make("Morning show", description="A host and a guest", tags=("talk",))
    make("Newsroom wall", description="Sixteen feeds", tags=("newsroom", "grid"))
    make("Concert", description='The "big" screen and the crowd', tags=("music",))


def test_the_library_is_in_name_order(library):
    assert names(PresetFilters()) == ["Concert", "Evening news", "Morning show", "Newsroom wall"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("news", ["Evening news", "Newsroom wall"]),  # in names, any case
        ("ANCHOR", ["Evening news"]),  # in a description
        ("talk", ["Morning show"]),  # in a tag
        ("room wa", ["Newsroom wall"]),  # across a space
        ('"big"', ["Concert"]),  # quotes are text, not search syntax
        ("xyz", []),
    ],
)
def test_search_finds_any_part_of_a_name_description_or_tag(library, text, expected):
    assert names(PresetFilters(search=text)) == expected


def test_search_for_one_or_two_characters_still_works(library):
    assert names(PresetFilters(search="2-")) == ["Evening news"]
    assert names(PresetFilters(search="ow")) == ["Concert", "Morning show"]


def test_the_tag_filter_is_exact_and_ignores_case(library):
    assert names(PresetFilters(tag="news")) == ["Evening news"]  # not "newsroom"
    assert names(PresetFilters(tag="NEWSROOM")) == ["Newsroom wall"]
    assert names(PresetFilters(tag="new")) == []


def test_search_and_tag_combine(library):
    assert names(PresetFilters(search="news", tag="grid")) == ["Newsroom wall"]


def test_starters_can_be_listed_alone(library):
    Preset.objects.filter(name="Concert").update(starter_key="concert")
    assert names(PresetFilters(starter=True)) == ["Concert"]
    assert "Concert" not in names(PresetFilters(starter=False))


def test_the_search_index_follows_renames_and_deletes(library):
    preset = Preset.objects.get(name="Concert")
    services.update_preset(
        preset.pk, expected_version=preset.version, changes={"name": "Opera"}, user=None
    )
    assert names(PresetFilters(search="opera")) == ["Opera"]
    assert names(PresetFilters(search="concert")) == []
    services.delete_preset(preset.pk)
    assert names(PresetFilters(search="opera")) == []


def test_presets_written_around_the_services_are_found_too(library):
    Preset.objects.bulk_create(
        [Preset(name="Bulk one", document=document(), tag_index="|imported|")]
    )
    assert names(PresetFilters(search="bulk")) == ["Bulk one"]
    assert names(PresetFilters(tag="imported")) == ["Bulk one"]


def test_a_list_carries_no_document_unless_asked(library):
    light = selectors.preset_list(PresetFilters()).first()
    assert "document" in light.get_deferred_fields()
    assert (int(light.canvas_width), int(light.canvas_height)) == (1280, 720)
    full = selectors.preset_list(PresetFilters(), documents=True).first()
    assert "document" not in full.get_deferred_fields()


def test_the_tags_are_listed_once_in_alphabetical_order(library):
    make("Late news", tags=("news", "Talk"))
    # Spelled as the first preset in library order has it ("Evening news", "Late news").
    assert selectors.preset_tags() == ["2-up", "grid", "music", "News", "newsroom", "Talk"]


def test_revisions_are_newest_first(library):
    preset = Preset.objects.get(name="Concert")
    services.update_preset(preset.pk, expected_version=1, changes={"name": "Concert 2"}, user=None)
    assert [r.version for r in selectors.preset_revisions(preset)] == [2, 1]


# ---------------------------------------------------------------------------
# The plans the database makes (SQLite; PostgreSQL's trigram indexes are in the
# same migration).


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(row[-1] for row in cursor.fetchall())


@pytest.fixture
def sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")


def test_a_page_of_the_library_is_read_in_index_order(sqlite, library):
    text = plan(selectors.preset_list(PresetFilters())[50:100])
    assert "preset_library_order" in text
    assert "TEMP B-TREE" not in text  # nothing is sorted


def test_search_reads_the_full_text_index(sqlite, library):
    text = plan(selectors.preset_list(PresetFilters(search="news")))
    assert f"SCAN {search.TABLE} VIRTUAL TABLE INDEX" in text


def test_the_tag_filter_reads_the_full_text_index(sqlite, library):
    text = plan(selectors.preset_list(PresetFilters(tag="news")))
    assert f"SCAN {search.TABLE} VIRTUAL TABLE INDEX" in text


def test_lost_triggers_are_put_back_after_migrate(sqlite, library):
    with connection.cursor() as cursor:
        for trigger in search.TRIGGERS:
            cursor.execute(f"DROP TRIGGER {trigger}")
        cursor.execute(f"DELETE FROM {search.TABLE}")  # as if a rebuilt table lost them
    assert search.repair_sqlite_index() is True
    make("After repair")
    assert names(PresetFilters(search="repair")) == ["After repair"]
    assert names(PresetFilters(search="concert")) == ["Concert"]  # the old rows are back
    assert search.repair_sqlite_index() is False


# ---------------------------------------------------------------------------
# Pages of ids, as the list endpoint cuts them.


def test_a_page_of_ids_follows_the_library_order(library):
    ids = selectors.preset_ids(PresetFilters())
    page = selectors.presets_by_id(list(ids[1:3]))
    assert [p.name for p in page] == ["Evening news", "Morning show"]


@pytest.mark.parametrize("advantage", [0, 10**9], ids=["sorting the matches", "walking the order"])
def test_search_matches_are_in_library_order_however_they_are_read(
    sqlite, library, monkeypatch, advantage
):
    for number in range(30):
        make(f"{'zeta' if number % 2 else 'alpha'} news {number:02d}")
    monkeypatch.setattr(search.Matches, "WALK_ADVANTAGE", advantage)
    found = selectors.preset_ids(PresetFilters(search="news"))
    assert isinstance(found, search.Matches)
    expected = list(
        selectors.preset_list(PresetFilters(search="news")).values_list("id", flat=True)
    )
    assert found.count() == len(expected) == 32
    assert found[0:10] + found[10:25] + found[25:50] == expected


def test_search_and_tag_combine_in_the_full_text_table(sqlite, library):
    found = selectors.preset_ids(PresetFilters(search="news", tag="grid"))
    assert isinstance(found, search.Matches)
    assert [p.name for p in selectors.presets_by_id(found[0:50])] == ["Newsroom wall"]


def test_a_starter_filter_or_a_short_search_reads_through_the_orm(library):
    assert not isinstance(selectors.preset_ids(PresetFilters(starter=True)), search.Matches)
    assert not isinstance(selectors.preset_ids(PresetFilters(search="ow")), search.Matches)


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the trigram indexes are PostgreSQL's")


def postgres_plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # A handful of rows is read faster by a scan; ask whether the index can serve.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_on_postgresql_search_reads_the_trigram_indexes(postgresql, library):
    # Unordered: the library-order index would otherwise serve the ORDER BY.
    text = postgres_plan(selectors.preset_list(PresetFilters(search="news")).order_by())
    for index in ("preset_name_trgm", "preset_description_trgm", "preset_tag_index_trgm"):
        assert f"Bitmap Index Scan on {index}" in text


def test_on_postgresql_the_tag_filter_reads_its_trigram_index(postgresql, library):
    text = postgres_plan(selectors.preset_list(PresetFilters(tag="news")).order_by())
    assert "Bitmap Index Scan on preset_tag_index_trgm" in text
