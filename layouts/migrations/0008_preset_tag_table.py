"""The library's tags get a table of their own (PresetTag), filled from every preset.

The tag list (`GET /api/presets/tags/`) read and decoded every preset's tags;
it now reads this table alone, through its (key, preset_name, preset) index.
"""

import django.db.models.deletion
from django.db import migrations, models

CHUNK = 2000


def fill_from_presets(apps, schema_editor):
    Preset = apps.get_model("layouts", "Preset")
    PresetTag = apps.get_model("layouts", "PresetTag")
    alias = schema_editor.connection.alias
    batch = []
    presets = Preset.objects.using(alias).order_by().values_list("id", "name", "tags")
    for preset_id, name, tags in presets.iterator(chunk_size=CHUNK):
        keys = set()
        for tag in tags if isinstance(tags, list) else []:
            if isinstance(tag, str) and tag.lower() not in keys:
                keys.add(tag.lower())
                batch.append(
                    PresetTag(preset_id=preset_id, tag=tag, key=tag.lower(), preset_name=name)
                )
        if len(batch) >= CHUNK:
            PresetTag.objects.using(alias).bulk_create(batch)
            batch = []
    PresetTag.objects.using(alias).bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("layouts", "0007_template_capture_review"),
    ]

    operations = [
        migrations.CreateModel(
            name="PresetTag",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("tag", models.TextField(verbose_name="tag")),
                ("key", models.TextField(editable=False)),
                ("preset_name", models.CharField(editable=False, max_length=200)),
                (
                    "preset",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tag_rows",
                        to="layouts.preset",
                        verbose_name="preset",
                    ),
                ),
            ],
            options={
                "verbose_name": "preset tag",
                "verbose_name_plural": "preset tags",
                "indexes": [
                    models.Index(
                        fields=["key", "preset_name", "preset"], name="preset_tag_first_spelling"
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("preset", "key"), name="preset_tag_once")
                ],
            },
        ),
        migrations.RunPython(fill_from_presets, migrations.RunPython.noop, elidable=True),
    ]
