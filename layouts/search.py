"""Search and the tag filter of the preset library, through an index the database can use.

- SQLite: an FTS5 table with the trigram tokenizer over name, description and
  tag_index (created with its triggers by migration 0004), so `MATCH` finds any
  part of three characters or more, case-insensitively, without a scan.
- PostgreSQL: trigram GIN indexes (pg_trgm) that serve the same `LIKE '%...%'`
  the other databases run.
- Anything else, and search text under three characters (trigrams cannot
  index it): a plain `LIKE` scan.

The tag filter looks for "|tag|" in tag_index, which the same indexes serve.
"""

from __future__ import annotations

from django.db import connection, connections
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

TABLE = "layouts_preset_search"
TRIGGERS = ("layouts_preset_search_ai", "layouts_preset_search_ad", "layouts_preset_search_au")
TRIGRAM = 3

# Kept in step with layouts_preset by triggers, so every way a row changes
# (services, the admin, bulk_create, raw SQL) reaches the index.
SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER IF NOT EXISTS {TRIGGERS[0]} AFTER INSERT ON layouts_preset
BEGIN
  INSERT INTO {TABLE}(rowid, name, description, tag_index)
  VALUES (new.id, new.name, new.description, new.tag_index);
END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TRIGGERS[1]} AFTER DELETE ON layouts_preset
BEGIN
  INSERT INTO {TABLE}({TABLE}, rowid, name, description, tag_index)
  VALUES ('delete', old.id, old.name, old.description, old.tag_index);
END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TRIGGERS[2]}
AFTER UPDATE OF name, description, tag_index ON layouts_preset
BEGIN
  INSERT INTO {TABLE}({TABLE}, rowid, name, description, tag_index)
  VALUES ('delete', old.id, old.name, old.description, old.tag_index);
  INSERT INTO {TABLE}(rowid, name, description, tag_index)
  VALUES (new.id, new.name, new.description, new.tag_index);
END""",
)


def search(presets: QuerySet, text: str) -> QuerySet:
    """Presets whose name, description or a tag contains `text` (case-insensitive)."""
    if connection.vendor == "sqlite" and len(text) >= TRIGRAM:
        return _fts(presets, _phrase(text))
    lowered = text.lower()
    # tag_index is stored lower-cased, so a case-sensitive LIKE is enough there
    # (and is what PostgreSQL's trigram index on it serves).
    return presets.filter(
        Q(name__icontains=text) | Q(description__icontains=text) | Q(tag_index__contains=lowered)
    )


def with_tag(presets: QuerySet, tag: str) -> QuerySet:
    """Presets carrying `tag` exactly (case-insensitive)."""
    needle = f"|{tag.lower()}|"
    if connection.vendor == "sqlite":
        return _fts(presets, f"tag_index : {_phrase(needle)}")
    return presets.filter(tag_index__contains=needle)


def _phrase(text: str) -> str:
    # A quoted FTS5 string matches its characters literally, operators included.
    return '"' + text.replace('"', '""') + '"'


def _fts(presets: QuerySet, expression: str) -> QuerySet:
    return presets.filter(
        id__in=RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [expression])
    )


def repair_sqlite_index(using: str = "default") -> bool:
    """Re-create the triggers and refill the index if a migration lost them.

    SQLite cannot alter most columns in place, so Django rebuilds a table to
    change it, and the rebuilt table has no triggers. Runs after `migrate`;
    True when it had something to repair.
    """
    target = connections[using]
    if target.vendor != "sqlite":
        return False
    with target.cursor() as cursor:
        names = {
            row[0]
            for row in cursor.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')"
            ).fetchall()
        }
        if TABLE not in names or set(TRIGGERS) <= names:
            return False
        for statement in SQLITE_TRIGGERS:
            cursor.execute(statement)
        cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')")
    return True
