from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("studio", "0005_reconcile_and_callbacks"),
    ]

    operations = [
        migrations.AddField(
            model_name="mixtask",
            name="outputs_off",
            field=models.JSONField(blank=True, default=list, verbose_name="outputs turned off"),
        ),
    ]
