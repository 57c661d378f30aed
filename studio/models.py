"""The control room's records: applications, mix tasks and their audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from studio import crypto


class AppProfile(models.Model):
    """A TRTC application (SdkAppId) and the keys Mix Studio holds for it."""

    name = models.CharField(_("name"), max_length=100)
    sdk_app_id = models.BigIntegerField(_("SdkAppId"), unique=True)
    region = models.CharField(_("region"), max_length=32, default="ap-guangzhou")
    # Encrypted with MIX_ENCRYPTION_KEY; read through the properties below.
    sdk_secret_key_encrypted = models.TextField(blank=True, default="", editable=False)
    callback_key_encrypted = models.TextField(blank=True, default="", editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("app profile")
        verbose_name_plural = _("app profiles")

    def __str__(self) -> str:
        return f"{self.name} ({self.sdk_app_id})"

    @property
    def sdk_secret_key(self) -> str:
        return crypto.decrypt(self.sdk_secret_key_encrypted)

    @sdk_secret_key.setter
    def sdk_secret_key(self, value: str) -> None:
        self.sdk_secret_key_encrypted = crypto.encrypt(value)

    @property
    def callback_key(self) -> str:
        return crypto.decrypt(self.callback_key_encrypted)

    @callback_key.setter
    def callback_key(self, value: str) -> None:
        self.callback_key_encrypted = crypto.encrypt(value)

    @property
    def has_sdk_secret_key(self) -> bool:
        return bool(self.sdk_secret_key_encrypted)


class MixTask(models.Model):
    class Status(models.TextChoices):
        STARTING = "starting", _("starting")
        RUNNING = "running", _("running")
        STOPPING = "stopping", _("stopping")
        STOPPED = "stopped", _("stopped")
        FAILED = "failed", _("failed")
        UNKNOWN = "unknown", _("unknown: check")

    app_profile = models.ForeignKey(
        AppProfile, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("app profile")
    )
    room_id = models.CharField(_("room"), max_length=64)
    room_id_type = models.PositiveSmallIntegerField(_("room type"), default=0)
    task_id = models.CharField(_("TaskId"), max_length=255, blank=True, default="", db_index=True)
    backend = models.CharField(_("backend"), max_length=20)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.STARTING
    )
    # The last SequenceNumber the cloud accepted, and the highest one handed out.
    sequence_number = models.BigIntegerField(_("sequence number"), default=0)
    sequence_reserved = models.BigIntegerField(default=0, editable=False)
    params = models.JSONField(_("parameters in force"), default=dict)
    cdn_status = models.JSONField(_("CDN status"), default=dict, blank=True)
    last_error = models.JSONField(_("last error"), default=dict, blank=True)
    preset = models.ForeignKey(
        "layouts.Preset",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
        verbose_name=_("preset"),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # The tasks page's order, with and without its ?status= filter.
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="task_list_order"),
            models.Index(fields=["status", "-created_at", "-id"], name="task_status_order"),
        ]
        verbose_name = _("mix task")
        verbose_name_plural = _("mix tasks")

    def __str__(self) -> str:
        return f"{self.room_id} · {self.task_id[:12] or '…'} ({self.status})"

    @property
    def is_live(self) -> bool:
        return self.status in (self.Status.RUNNING, self.Status.STARTING, self.Status.UNKNOWN)


class TaskEvent(models.Model):
    """Every call made for a task and every callback received: the audit log."""

    class Kind(models.TextChoices):
        CALL = "call", _("call")
        CALLBACK = "callback", _("callback")

    task = models.ForeignKey(
        MixTask, on_delete=models.CASCADE, related_name="events", verbose_name=_("task")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    action = models.CharField(_("action"), max_length=64)
    request = models.JSONField(_("request (secrets redacted)"), default=dict)
    response = models.JSONField(_("response"), default=dict)
    request_id = models.CharField(_("RequestId"), max_length=64, blank=True, default="")
    error_code = models.CharField(_("error code"), max_length=100, blank=True, default="")
    sequence_number = models.BigIntegerField(_("sequence number"), null=True, blank=True)
    latency_ms = models.PositiveIntegerField(_("latency (ms)"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    # When the call was made or the callback arrived; set by the writer, since a
    # call's event is written with the task's change that follows it.
    created_at = models.DateTimeField(_("at"), default=timezone.now, editable=False, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # The live task page asks for the events of one task after the last id it has.
        indexes = [models.Index(fields=["task", "id"], name="task_events_by_id")]
        verbose_name = _("task event")
        verbose_name_plural = _("task events")

    def __str__(self) -> str:
        return f"{self.action} {self.error_code or 'ok'}"


class RateLimitWindow(models.Model):
    """Recent call times of one action, shared by every worker (client side of R3)."""

    action = models.CharField(max_length=64, unique=True)
    recent_ms = models.JSONField(default=list)

    def __str__(self) -> str:
        return self.action


class UserPreferences(models.Model):
    """What a user chose for themselves, kept across sessions and browsers."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="preferences",
        verbose_name=_("user"),
    )
    # A code of settings.LANGUAGES; empty means "follow the browser".
    language = models.CharField(_("language"), max_length=16, blank=True, default="")

    class Meta:
        verbose_name = _("user preferences")
        verbose_name_plural = _("user preferences")

    def __str__(self) -> str:
        return str(self.user)
