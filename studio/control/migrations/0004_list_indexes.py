"""Indexes for the task list (its order, ?status=) and a task's events by id."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("studio", "0003_userpreferences"),
    ]

    operations = [
        migrations.AlterField(
            model_name="taskevent",
            name="created_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                verbose_name="at",
            ),
        ),
        migrations.AddIndex(
            model_name="mixtask",
            index=models.Index(fields=["-created_at", "-id"], name="task_list_order"),
        ),
        migrations.AddIndex(
            model_name="mixtask",
            index=models.Index(fields=["status", "-created_at", "-id"], name="task_status_order"),
        ),
        migrations.AddIndex(
            model_name="taskevent",
            index=models.Index(fields=["task", "id"], name="task_events_by_id"),
        ),
    ]
