"""The full-text table keeps its own copy of the text it indexes.

An external-content table reads a column back from the preset's row, so
ordering a search's matches by name read every matched row, documents and
all. With its own copy the matches are counted and ordered from the index.
"""

from django.db import migrations

TABLE = "layouts_preset_search"
COLUMNS = "name, description, tag_index"

DROP = [
    "DROP TRIGGER IF EXISTS layouts_preset_search_ai",
    "DROP TRIGGER IF EXISTS layouts_preset_search_ad",
    "DROP TRIGGER IF EXISTS layouts_preset_search_au",
    f"DROP TABLE IF EXISTS {TABLE}",
]
CREATE = [
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5({COLUMNS}, tokenize='trigram')",
    f"""CREATE TRIGGER layouts_preset_search_ai AFTER INSERT ON layouts_preset
BEGIN
  INSERT INTO {TABLE}(rowid, {COLUMNS}) VALUES (new.id, new.name, new.description, new.tag_index);
END""",
    f"""CREATE TRIGGER layouts_preset_search_ad AFTER DELETE ON layouts_preset
BEGIN
  DELETE FROM {TABLE} WHERE rowid = old.id;
END""",
    f"""CREATE TRIGGER layouts_preset_search_au
AFTER UPDATE OF {COLUMNS} ON layouts_preset
BEGIN
  DELETE FROM {TABLE} WHERE rowid = old.id;
  INSERT INTO {TABLE}(rowid, {COLUMNS}) VALUES (new.id, new.name, new.description, new.tag_index);
END""",
    f"INSERT INTO {TABLE}(rowid, {COLUMNS}) SELECT id, {COLUMNS} FROM layouts_preset",
]
# 0004's external-content table, for going back.
EXTERNAL = [
    f"""CREATE VIRTUAL TABLE {TABLE} USING fts5(
  {COLUMNS}, content='layouts_preset', content_rowid='id', tokenize='trigram'
)""",
    f"""CREATE TRIGGER layouts_preset_search_ai AFTER INSERT ON layouts_preset
BEGIN
  INSERT INTO {TABLE}(rowid, {COLUMNS}) VALUES (new.id, new.name, new.description, new.tag_index);
END""",
    f"""CREATE TRIGGER layouts_preset_search_ad AFTER DELETE ON layouts_preset
BEGIN
  INSERT INTO {TABLE}({TABLE}, rowid, {COLUMNS})
  VALUES ('delete', old.id, old.name, old.description, old.tag_index);
END""",
    f"""CREATE TRIGGER layouts_preset_search_au
AFTER UPDATE OF {COLUMNS} ON layouts_preset
BEGIN
  INSERT INTO {TABLE}({TABLE}, rowid, {COLUMNS})
  VALUES ('delete', old.id, old.name, old.description, old.tag_index);
  INSERT INTO {TABLE}(rowid, {COLUMNS}) VALUES (new.id, new.name, new.description, new.tag_index);
END""",
    f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("layouts", "0004_library_indexes"),
    ]

    operations = [
        migrations.RunPython(run(DROP + CREATE), run(DROP + EXTERNAL)),
    ]
