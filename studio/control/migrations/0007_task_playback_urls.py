from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("studio", "0006_task_outputs_off"),
    ]

    operations = [
        migrations.AddField(
            model_name="mixtask",
            name="playback_urls",
            field=models.JSONField(blank=True, default=list, verbose_name="playback URLs"),
        ),
    ]
