"""The emulator's own state: the tasks it has started, as the cloud would keep them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SandboxApp(models.Model):
    """One row per application, locked while a Start checks and seats its robots (R9).

    Without it two concurrent Starts could both find a robot's seat free on a
    database that, unlike SQLite, lets both transactions read before writing.
    """

    sdk_app_id = models.BigIntegerField(_("SdkAppId"), unique=True)

    def __str__(self) -> str:
        return str(self.sdk_app_id)


class RateWindow(models.Model):
    """Recent call times of one action, as the cloud counts them (its side of R3)."""

    action = models.CharField(max_length=64, unique=True)
    recent_ms = models.JSONField(default=list)

    def __str__(self) -> str:
        return self.action


class SandboxTask(models.Model):
    """One relay task of the emulator; `params` never holds a UserSig or storage key."""

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        STOPPED = "stopped", _("stopped")

    class MediaKind(models.TextChoices):
        # R23: fixed for the task's whole life.
        AUDIO = "audio", _("audio only")
        AUDIO_VIDEO = "audio+video", _("audio and video")
        VIDEO = "video", _("video only")

    sdk_app_id = models.BigIntegerField(_("SdkAppId"))
    task_id = models.CharField(_("TaskId"), max_length=128, unique=True)
    room_id = models.CharField(_("room"), max_length=64)
    room_id_type = models.PositiveSmallIntegerField(_("room ID type"))
    robot_user_id = models.CharField(_("robot UserId"), max_length=64)
    with_transcoding = models.PositiveSmallIntegerField(_("with transcoding"))
    media_kind = models.CharField(_("media kind"), max_length=16, choices=MediaKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RUNNING
    )
    last_sequence_number = models.BigIntegerField(_("last SequenceNumber"), null=True, blank=True)
    # The Start body merged with every accepted update (R53), secrets removed.
    params = models.JSONField(_("parameters"), default=dict)
    cdn_urls = models.JSONField(_("CDN URLs"), default=list)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["sdk_app_id", "status"], name="sandbox_app_status")]
        verbose_name = _("sandbox task")
        verbose_name_plural = _("sandbox tasks")

    def __str__(self) -> str:
        return f"{self.task_id[:12]}… ({self.status})"

    @property
    def is_running(self) -> bool:
        return self.status == self.Status.RUNNING
