from __future__ import annotations

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from layouts.admin import ReadOnlyAdmin, pretty_json
from layouts.core.storable import storable_copy
from layouts.errors import MixStudioError
from studio import redaction
from studio.control.models import AppProfile, MixTask, TaskEvent
from studio.control.services import reconcile, stop


def shown_json(value: object) -> str:
    """Stored JSON as an admin may see it: secrets masked by name and shape."""
    return pretty_json(redaction.redact(storable_copy(value)))


class AppProfileForm(forms.ModelForm):
    # Write-only: the stored keys are never sent back to the browser.
    sdk_secret_key = forms.CharField(
        label=_("SDK secret key"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Used to generate UserSigs for robots. Leave empty to keep the stored key."),
    )
    callback_key = forms.CharField(
        label=_("callback key"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Verifies relay callbacks (Sign). Leave empty to keep the stored key."),
    )
    clear_keys = forms.BooleanField(label=_("remove both stored keys"), required=False)

    class Meta:
        model = AppProfile
        fields = ["name", "sdk_app_id", "region"]

    def save(self, commit: bool = True) -> AppProfile:
        app = super().save(commit=False)
        if self.cleaned_data.get("clear_keys"):
            app.sdk_secret_key_encrypted = ""
            app.callback_key_encrypted = ""
        if self.cleaned_data.get("sdk_secret_key"):
            app.sdk_secret_key = self.cleaned_data["sdk_secret_key"]
        if self.cleaned_data.get("callback_key"):
            app.callback_key = self.cleaned_data["callback_key"]
        if commit:
            app.save()
        return app


@admin.register(AppProfile)
class AppProfileAdmin(admin.ModelAdmin):
    form = AppProfileForm
    list_display = ["name", "sdk_app_id", "region", "holds_sdk_key", "holds_callback_key"]
    search_fields = ["name", "sdk_app_id"]

    @admin.display(boolean=True, description=_("SDK key stored"))
    def holds_sdk_key(self, app: AppProfile) -> bool:
        return bool(app.sdk_secret_key_encrypted)

    @admin.display(boolean=True, description=_("callback key stored"))
    def holds_callback_key(self, app: AppProfile) -> bool:
        return bool(app.callback_key_encrypted)


class TaskEventInline(admin.TabularInline):
    model = TaskEvent
    fields = [
        "created_at",
        "kind",
        "action",
        "sequence_number",
        "error_code",
        "request_id",
        "latency_ms",
        "user",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-created_at"]

    def has_add_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False


@admin.register(MixTask)
class MixTaskAdmin(admin.ModelAdmin):
    list_display = [
        "room_id",
        "task_id_short",
        "status",
        "backend",
        "sequence_number",
        "preset",
        "started_by",
        "created_at",
    ]
    list_filter = ["status", "backend"]
    search_fields = ["room_id", "task_id"]
    readonly_fields = [
        "app_profile",
        "room_id",
        "room_id_type",
        "task_id",
        "backend",
        "status",
        "sequence_number",
        "robot_user_id",
        "stop_wanted",
        "pretty_params",
        "shown_cdn_status",
        "shown_last_error",
        "preset",
        "started_by",
        "created_at",
        "updated_at",
        "stopped_at",
    ]
    exclude = ["params", "cdn_status", "last_error"]
    inlines = [TaskEventInline]
    actions = ["stop_tasks", "reconcile_tasks"]

    @admin.display(description=_("TaskId"))
    def task_id_short(self, task: MixTask) -> str:
        return task.task_id[:16] + ("…" if len(task.task_id) > 16 else "")

    @admin.display(description=_("parameters in force"))
    def pretty_params(self, task: MixTask) -> str:
        return shown_json(task.params)

    @admin.display(description=_("CDN status"))
    def shown_cdn_status(self, task: MixTask) -> str:
        return shown_json(task.cdn_status)

    @admin.display(description=_("last error"))
    def shown_last_error(self, task: MixTask) -> str:
        return shown_json(task.last_error)

    def has_add_permission(self, request) -> bool:  # noqa: ANN001
        return False

    @admin.action(description=_("Stop the selected tasks"))
    def stop_tasks(self, request, queryset) -> None:  # noqa: ANN001
        for task in queryset:
            try:
                stop.stop_task(task.pk, user=request.user)
                self.message_user(request, _("Stopped %(task)s.") % {"task": task})
            except MixStudioError as error:
                self.message_user(request, f"{task}: {error.message}", messages.ERROR)

    @admin.action(description=_("Reconcile the selected tasks with the cloud"))
    def reconcile_tasks(self, request, queryset) -> None:  # noqa: ANN001
        for task in queryset:
            try:
                report = reconcile.reconcile_task(task.pk, user=request.user)
            except MixStudioError as error:
                self.message_user(request, f"{task}: {error.message}", messages.ERROR)
                continue
            found = " ".join(finding.message for finding in report.findings)
            self.message_user(
                request,
                _("Task #%(id)d is %(status)s. %(found)s")
                % {"id": task.pk, "status": report.status, "found": found},
            )


@admin.register(TaskEvent)
class TaskEventAdmin(ReadOnlyAdmin):
    fields = [
        "task",
        "kind",
        "action",
        "shown_request",
        "shown_response",
        "request_id",
        "error_code",
        "sequence_number",
        "latency_ms",
        "awaiting_answer",
        "user",
        "created_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("request (secrets redacted)"))
    def shown_request(self, event: TaskEvent) -> str:
        return shown_json(event.request)

    @admin.display(description=_("response"))
    def shown_response(self, event: TaskEvent) -> str:
        return shown_json(event.response)

    list_display = [
        "created_at",
        "task",
        "kind",
        "action",
        "sequence_number",
        "error_code",
        "request_id",
        "latency_ms",
        "user",
    ]
    list_filter = ["kind", "action", "error_code"]
    search_fields = ["request_id", "task__task_id", "task__room_id"]


admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class LoginLockAdmin(AccessAttemptAdmin):
    """Failed logins by account and address (django-axes), with the unlock an admin needs."""

    actions = [*AccessAttemptAdmin.actions, "unlock"]

    @admin.action(description=_("Unlock: forget these failed logins"))
    def unlock(self, request, queryset) -> None:  # noqa: ANN001
        count = queryset.count()
        # Deleting the attempts is what unlocks; axes' signals clear its cache too.
        for attempt in queryset:
            attempt.delete()
        self.message_user(
            request, _("Unlocked %(count)d login(s) that had failed too often.") % {"count": count}
        )
