"""The control room's records: applications, mix tasks and their audit log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layouts.core.storable import storable_copy
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
    """One cloud task, from the Start sent to the Stop confirmed.

    The states, and what moves a task between them (the task services in
    studio/control/services/ and the relay callbacks in studio/control/callbacks.py
    do the moving):

    - `starting`: the Start is sent and its answer awaited. The answer's
      TaskId is written the moment it arrives, even after the producer's
      request gave up waiting (then the answer is read in the background).
      → `running` with the TaskId; → `failed` when the cloud refuses or the
      request certainly never left; → `unknown` when the answer is lost.
    - `running`: the cloud accepted the Start and the TaskId is known.
      → `stopping` on Stop; → `stopped` when an update or a check finds
      that the task has ended, or when the emulator ends it by itself
      (MaxIdleTime, R29; `studio.cloud.signals.task_ended_by_cloud`).
    - `unknown`: the outcome of the last call is not known (a lost answer,
      or the app died waiting). Nothing is guessed: the robot and room are
      kept, so that the TaskId can still be learnt from the event log, from a
      relay callback naming this room and robot, or by Reconcile (which sends
      the Start again: the seated robot refuses it if the first one runs).
      → `running` once the TaskId is known and the task answers; → `stopped`
      when it has ended.
    - `stopping`: the Stop is sent. → `stopped` when the cloud confirms or
      says the task had already ended; → `unknown` when the answer is lost.
    - `stopped`, `failed`: final.

    Stop works from `starting` and `unknown` too: with a TaskId it sends the
    Stop; without one it reconciles first, and if the TaskId is still not
    known it keeps `stop_wanted`, so that the task is stopped as soon as a
    relay callback names it.
    """

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
    # AgentParams.UserId: with the room, what finds the task again when its TaskId is lost.
    robot_user_id = models.CharField(_("robot UserId"), max_length=64, blank=True, default="")
    task_id = models.CharField(_("TaskId"), max_length=255, blank=True, default="", db_index=True)
    backend = models.CharField(_("backend"), max_length=20)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.STARTING
    )
    # The SequenceNumber of the parameters in force (the highest the cloud
    # accepted), and the highest one handed out.
    sequence_number = models.BigIntegerField(_("sequence number"), default=0)
    sequence_reserved = models.BigIntegerField(default=0, editable=False)
    params = models.JSONField(_("parameters in force"), default=dict)
    cdn_status = models.JSONField(_("CDN status"), default=dict, blank=True)
    last_error = models.JSONField(_("last error"), default=dict, blank=True)
    # CDN outputs (McuPublishCdnParam objects) the producer turned off on air: not
    # in force and never sent, kept so that each can be turned on again as it was.
    outputs_off = models.JSONField(_("outputs turned off"), default=list, blank=True)
    # Where viewers watch each CDN output ([{"PublishCdnUrl", "PlaybackUrl"}], our own
    # part of a show, layouts.core.show.PLAYBACK_URLS): the monitor plays it, never sent.
    playback_urls = models.JSONField(_("playback URLs"), default=list, blank=True)
    # Stop was asked for while the TaskId was unknown: stop the task once it is learnt.
    stop_wanted = models.BooleanField(_("stop wanted"), default=False)
    # The RecordKey that wanted Stop carries (B.22), checked when it was asked for.
    stop_record_key = models.JSONField(_("RecordKey of the wanted stop"), null=True, blank=True)
    # The legs of one show (a preset with variants, layouts/core/variants.py) share a key;
    # `leg` is the variant's name ("main" for the show's own picture). Blank: no show.
    show_key = models.CharField(_("show"), max_length=36, blank=True, default="", db_index=True)
    leg = models.CharField(_("leg"), max_length=16, blank=True, default="")
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
        return self.status in LIVE_STATUSES


# Statuses in which a task may hold its robots' seats in the cloud.
LIVE_STATUSES = (
    MixTask.Status.STARTING,
    MixTask.Status.RUNNING,
    MixTask.Status.UNKNOWN,
    MixTask.Status.STOPPING,
)
# Statuses a task never leaves: nothing is left to send or to find out.
FINAL_STATUSES = (MixTask.Status.STOPPED, MixTask.Status.FAILED)
# Statuses of a task that may run without the cloud having said so: an answer
# that names its TaskId, or accepts an update, makes it running.
UNCONFIRMED_STATUSES = (MixTask.Status.STARTING, MixTask.Status.UNKNOWN)


class TaskEvent(models.Model):
    """Every call made for a task and every callback received: the audit log."""

    class Kind(models.TextChoices):
        CALL = "call", _("call")
        CALLBACK = "callback", _("callback")
        RECONCILE = "reconcile", _("reconcile")
        ROOM = "room", _("room")
        DIRECTOR = "director", _("auto-director")

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
    # Written before a call is sent and cleared when its answer comes: a row
    # still awaiting after a crash is a call whose outcome Reconcile must find.
    awaiting_answer = models.BooleanField(_("awaiting the answer"), default=False)
    # A callback's content hash: the same event is applied at most once.
    dedupe_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
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

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Whatever came in (a callback, a cloud answer), what is stored can be shown again.
        self.request = storable_copy(self.request)
        self.response = storable_copy(self.response)
        super().save(*args, **kwargs)


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


class TaskRoom(models.Model):
    """Who is in a task's room: the one room state (layouts/core/room.py, as JSON).

    Room and media callbacks of the real cloud and the emulator's simulated room
    change it through one path (studio/control/services/room.py).
    """

    task = models.OneToOneField(
        MixTask, on_delete=models.CASCADE, related_name="room", verbose_name=_("task")
    )
    state = models.JSONField(_("room state"), default=dict)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("task room")
        verbose_name_plural = _("task rooms")

    def __str__(self) -> str:
        return str(self.task)


class TaskDirector(models.Model):
    """The auto-director of a running task: its rules, whether it is paused, its timers'
    state (layouts/core/director.py, as JSON) and the slate.

    One row per task that has rules or a slate; the room it watches is TaskRoom.
    Changed only through studio/control/services/director.py.
    """

    task = models.OneToOneField(
        MixTask, on_delete=models.CASCADE, related_name="director", verbose_name=_("task")
    )
    rules = models.JSONField(_("rules"), default=list, blank=True)
    roles = models.JSONField(_("roles"), null=True, blank=True)
    paused = models.BooleanField(_("automation paused"), default=False)
    state = models.JSONField(_("director state"), default=dict, blank=True)
    # The shot on air as the director knows it: {"shot": name, "document": VideoParams}.
    on_air = models.JSONField(_("on air"), default=dict, blank=True)
    # A shot a rule aimed at the preview: {"rule", "shot", "document", "at"}; {} for none.
    staged = models.JSONField(_("staged by a rule"), default=dict, blank=True)
    slate_preset = models.ForeignKey(
        "layouts.Preset",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("slate preset"),
    )
    # While the slate is on air: what to take back on release ({"shot", "document"}).
    slate_return = models.JSONField(_("taken back after the slate"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("task director")
        verbose_name_plural = _("task directors")

    def __str__(self) -> str:
        return f"{self.task}"


class IdempotencyKey(models.Model):
    """An `Idempotency-Key` a user sent with a task Start, and the task it answers.

    The same key with the same body within a day answers this task again instead
    of starting another; another body with the key is refused (422). A row whose
    task is empty is a Start still on its way. Written only through
    studio/control/services/idempotency.py.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    key = models.CharField(_("key"), max_length=255)
    # SHA-256 of the body as JSON with sorted keys: the same body in another key order matches.
    body_hash = models.CharField(_("body hash"), max_length=64)
    task = models.ForeignKey(
        MixTask,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("task"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_per_user")
        ]
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")

    def __str__(self) -> str:
        return self.key
