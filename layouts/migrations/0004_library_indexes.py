"""Indexes for the library: its order, and search and tags (layouts/search.py)."""

from django.db import migrations, models

TABLE = "layouts_preset_search"

SQLITE_CREATE = [
    f"""CREATE VIRTUAL TABLE {TABLE} USING fts5(
  name, description, tag_index,
  content='layouts_preset', content_rowid='id', tokenize='trigram'
)""",
    f"""CREATE TRIGGER layouts_preset_search_ai AFTER INSERT ON layouts_preset
BEGIN
  INSERT INTO {TABLE}(rowid, name, description, tag_index)
  VALUES (new.id, new.name, new.description, new.tag_index);
END""",
    f"""CREATE TRIGGER layouts_preset_search_ad AFTER DELETE ON layouts_preset
BEGIN
  INSERT INTO {TABLE}({TABLE}, rowid, name, description, tag_index)
  VALUES ('delete', old.id, old.name, old.description, old.tag_index);
END""",
    f"""CREATE TRIGGER layouts_preset_search_au
AFTER UPDATE OF name, description, tag_index ON layouts_preset
BEGIN
  INSERT INTO {TABLE}({TABLE}, rowid, name, description, tag_index)
  VALUES ('delete', old.id, old.name, old.description, old.tag_index);
  INSERT INTO {TABLE}(rowid, name, description, tag_index)
  VALUES (new.id, new.name, new.description, new.tag_index);
END""",
    f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS layouts_preset_search_ai",
    "DROP TRIGGER IF EXISTS layouts_preset_search_ad",
    "DROP TRIGGER IF EXISTS layouts_preset_search_au",
    f"DROP TABLE IF EXISTS {TABLE}",
]
# The expressions are those of Django's icontains (UPPER) and of the tag
# filter's contains (tag_index is stored lower-cased).
POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX preset_name_trgm ON layouts_preset USING gin (UPPER(name) gin_trgm_ops)",
    "CREATE INDEX preset_description_trgm ON layouts_preset "
    "USING gin (UPPER(description) gin_trgm_ops)",
    "CREATE INDEX preset_tag_index_trgm ON layouts_preset USING gin (tag_index gin_trgm_ops)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS preset_name_trgm",
    "DROP INDEX IF EXISTS preset_description_trgm",
    "DROP INDEX IF EXISTS preset_tag_index_trgm",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("layouts", "0003_template_capture"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="preset",
            index=models.Index(fields=["name", "id"], name="preset_library_order"),
        ),
        migrations.RunPython(
            run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
