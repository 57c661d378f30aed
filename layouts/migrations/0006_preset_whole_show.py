"""A preset keeps the whole show: the rest of its request beside its picture.

`document` may be null (an audio-only show); `request` holds the rest of the
StartPublishCdnStream body without VideoParams and secrets; `meta` is the
editor's own. Presets saved before this held only a picture, and a picture is
only sent in a transcoded mix (R13), so they are given WithTranscoding 1 and
launch as they did.
"""

from django.db import migrations, models


def whole_show(apps, schema_editor):
    for model_name in ("Preset", "PresetRevision"):
        model = apps.get_model("layouts", model_name)
        model.objects.filter(document__isnull=False, request={}).update(
            request={"WithTranscoding": 1}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("layouts", "0005_search_table_own_copy"),
    ]

    operations = [
        migrations.AlterField(
            model_name="preset",
            name="document",
            field=models.JSONField(blank=True, null=True, verbose_name="document"),
        ),
        migrations.AlterField(
            model_name="presetrevision",
            name="document",
            field=models.JSONField(blank=True, null=True, verbose_name="document"),
        ),
        migrations.AddField(
            model_name="preset",
            name="request",
            field=models.JSONField(blank=True, default=dict, verbose_name="request"),
        ),
        migrations.AddField(
            model_name="preset",
            name="meta",
            field=models.JSONField(blank=True, default=dict, verbose_name="editor data"),
        ),
        migrations.AddField(
            model_name="presetrevision",
            name="request",
            field=models.JSONField(blank=True, default=dict, verbose_name="request"),
        ),
        migrations.AddField(
            model_name="presetrevision",
            name="meta",
            field=models.JSONField(blank=True, default=dict, verbose_name="editor data"),
        ),
        migrations.RunPython(whole_show, migrations.RunPython.noop),
    ]
