"""Search and the tag filter of the preset library, through an index the database can use.

- SQLite: an FTS5 table with the trigram tokenizer holding its own copy of
  name, description and tag_index (migrations 0004 and 0005, kept in step by
  triggers), so `MATCH` finds any part of three characters or more,
  case-insensitively, without a scan; and the matches are counted and put in
  the library's order (name, id) from that table alone, never reading the
  presets' rows, whose documents make them wide.
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
COLUMNS = "name, description, tag_index"

# Every way a row changes (services, the admin, bulk_create, raw SQL) reaches
# the index through these.
SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER IF NOT EXISTS {TRIGGERS[0]} AFTER INSERT ON layouts_preset
BEGIN
  INSERT INTO {TABLE}(rowid, {COLUMNS}) VALUES (new.id, new.name, new.description, new.tag_index);
END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TRIGGERS[1]} AFTER DELETE ON layouts_preset
BEGIN
  DELETE FROM {TABLE} WHERE rowid = old.id;
END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TRIGGERS[2]}
AFTER UPDATE OF {COLUMNS} ON layouts_preset
BEGIN
  DELETE FROM {TABLE} WHERE rowid = old.id;
  INSERT INTO {TABLE}(rowid, {COLUMNS}) VALUES (new.id, new.name, new.description, new.tag_index);
END""",
)
SQLITE_FILL = f"INSERT INTO {TABLE}(rowid, {COLUMNS}) SELECT id, {COLUMNS} FROM layouts_preset"


def search(presets: QuerySet, text: str, *, also: Q | None = None) -> QuerySet:
    """Presets whose name, description or a tag contains `text` (case-insensitive), and
    those `also` names (what a page shows them as, when that is not what is stored)."""
    found = search_condition(text)
    return presets.filter(found if also is None else found | also)


def search_condition(text: str) -> Q:
    """The filter of `search`, as a condition."""
    if connection.vendor == "sqlite" and len(text) >= TRIGRAM:
        return _fts_condition(_phrase(text))
    lowered = text.lower()
    # tag_index is stored lower-cased, so a case-sensitive LIKE is enough there
    # (and is what PostgreSQL's trigram index on it serves).
    return Q(name__icontains=text) | Q(description__icontains=text) | Q(tag_index__contains=lowered)


def with_tag(presets: QuerySet, tag: str) -> QuerySet:
    """Presets carrying `tag` exactly (case-insensitive)."""
    return presets.filter(tag_condition(tag))


def tag_condition(tag: str) -> Q:
    """The filter of `with_tag`, as a condition."""
    if connection.vendor == "sqlite":
        return _fts_condition(_tag_expression(tag))
    return Q(tag_index__contains=_tag_needle(tag))


class Matches:
    """The ids of the presets matching a search and/or a tag, in the library's order.

    What Django's paginator needs (`count()` and slicing), answered from the
    full-text table and the library-order index, never the presets' rows.
    """

    # Walking the library-order index costs about a fifth of sorting per entry.
    WALK_ADVANTAGE = 5

    def __init__(self, expression: str) -> None:
        self.expression = expression
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = _one(
                f"SELECT count(*) FROM {TABLE} WHERE {TABLE} MATCH %s", [self.expression]
            )
        return self._count

    def __getitem__(self, window: slice) -> list[int]:
        start = window.start or 0
        size = -1 if window.stop is None else max(window.stop - start, 0)
        found = self.count()
        if size >= 0 and self._walk_is_cheaper(start + size, found):
            # In library order until enough matches are met: cheap when they are many.
            sql = (
                f"SELECT id FROM layouts_preset INDEXED BY preset_library_order "
                f"WHERE id IN (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s) "
                "ORDER BY name, id LIMIT %s OFFSET %s"
            )
        else:
            # Sorting the matches themselves: cheap when they are few.
            sql = (
                f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s "
                "ORDER BY name, rowid LIMIT %s OFFSET %s"
            )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.expression, size, start])
            return [row[0] for row in cursor.fetchall()]

    def _walk_is_cheaper(self, needed: int, found: int) -> bool:
        if found == 0:
            return False
        # The walk meets `needed` matches after about needed * library / found entries.
        library = _one("SELECT coalesce(max(id), 0) FROM layouts_preset", [])
        return needed * library < self.WALK_ADVANTAGE * found * found


def _one(sql: str, params: list) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def matches(text: str, tag: str) -> Matches | None:
    """The matches of a search and/or a tag from the full-text table, where there is one."""
    if connection.vendor != "sqlite" or not (text or tag) or 0 < len(text) < TRIGRAM:
        return None
    parts = ([_phrase(text)] if text else []) + ([_tag_expression(tag)] if tag else [])
    return Matches(" AND ".join(parts))


def _tag_needle(tag: str) -> str:
    return f"|{tag.lower()}|"


def _tag_expression(tag: str) -> str:
    return f"tag_index : {_phrase(_tag_needle(tag))}"


def _phrase(text: str) -> str:
    # A quoted FTS5 string matches its characters literally, operators included.
    return '"' + text.replace('"', '""') + '"'


def _fts(presets: QuerySet, expression: str) -> QuerySet:
    return presets.filter(_fts_condition(expression))


def _fts_condition(expression: str) -> Q:
    return Q(id__in=RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [expression]))


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
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(SQLITE_FILL)
    return True
