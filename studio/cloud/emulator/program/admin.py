from django.contrib import admin
from django_tasks_db.models import DBTaskResult

from layouts.admin import ReadOnlyAdmin
from studio.cloud.emulator.program.models import ProgramChange, ProgramState


@admin.register(ProgramChange)
class ProgramChangeAdmin(ReadOnlyAdmin):
    list_display = ["task", "kind", "at", "sequence_number"]
    list_filter = ["kind"]
    search_fields = ["task__task_id"]


@admin.register(ProgramState)
class ProgramStateAdmin(ReadOnlyAdmin):
    """Where the engine is with each program: the part it draws next, the parts it skipped."""

    list_display = ["task", "next_part", "skipped", "ended", "updated_at"]
    list_filter = ["ended"]
    search_fields = ["task__task_id"]


# The job runner's own rows (one a part, pruned as the engine goes) are bookkeeping,
# and its admin speaks English only: the engine's state above is what to look at.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
