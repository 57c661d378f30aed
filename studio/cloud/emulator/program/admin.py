from django.contrib import admin

from layouts.admin import ReadOnlyAdmin
from studio.cloud.emulator.program.models import ProgramChange


@admin.register(ProgramChange)
class ProgramChangeAdmin(ReadOnlyAdmin):
    list_display = ["task", "kind", "at", "sequence_number"]
    list_filter = ["kind"]
    search_fields = ["task__task_id"]
