"""Template captures become proposals until an administrator accepts them, per app.

Existing rows read from a stream (their source is a URL: Verify stored them)
become proposals, since nobody vetted them; imported ones (their source is a
file name) stay accepted. Neither has an app: an accepted one calibrates
every app, as before.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def streams_become_proposals(apps, schema_editor):
    TemplateCapture = apps.get_model("layouts", "TemplateCapture")
    TemplateCapture.objects.filter(source__contains="://").update(status="proposed")


class Migration(migrations.Migration):
    dependencies = [
        ("layouts", "0006_preset_whole_show"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="templatecapture",
            name="status",
            field=models.CharField(
                choices=[
                    ("proposed", "proposed"),
                    ("accepted", "accepted"),
                    ("rejected", "rejected"),
                ],
                default="accepted",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="templatecapture",
            name="sdk_app_id",
            field=models.BigIntegerField(blank=True, null=True, verbose_name="SdkAppId"),
        ),
        migrations.AddField(
            model_name="templatecapture",
            name="reviewed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="reviewed by",
            ),
        ),
        migrations.AddField(
            model_name="templatecapture",
            name="reviewed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="reviewed at"),
        ),
        migrations.RunPython(streams_become_proposals, migrations.RunPython.noop),
    ]
