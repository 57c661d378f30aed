from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Preset(models.Model):
    """A saved show: its picture (VideoParams), the rest of its request, and its name.

    `document` is the VideoParams object in the API's own field names, or None
    for an audio-only show. `request` is the rest of a StartPublishCdnStream
    body in the API's own shape, without VideoParams and without secrets
    (UserSigs, storage keys), which are given at launch; the keys of ours it
    may carry are listed in layouts/show.py and never sent. `meta` is the
    editor's own (layer names, hidden and locked flags, guides): never sent.
    """

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, default="")
    tags = models.JSONField(_("tags"), default=list, blank=True)
    document = models.JSONField(_("document"), null=True, blank=True)
    request = models.JSONField(_("request"), default=dict, blank=True)
    meta = models.JSONField(_("editor data"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    # "|tag one|tag two|", lower-cased: lets every database search tags the same
    # way (JSON text differs between backends and escapes non-ASCII).
    tag_index = models.TextField(default="|", editable=False)
    # Set on the presets that ship with Mix Studio so that loading them is idempotent.
    starter_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        # The library's order, so a page is read from the index, not sorted.
        # Search and the tag filter use layouts/search.py's index (migration 0004).
        indexes = [models.Index(fields=["name", "id"], name="preset_library_order")]
        verbose_name = _("preset")
        verbose_name_plural = _("presets")

    def __str__(self) -> str:
        return self.name


def tag_index_for(tags: list[str]) -> str:
    return "|" + "".join(f"{tag.lower()}|" for tag in tags)


class PresetTag(models.Model):
    """One tag of one preset: the library's tag list is read from these rows alone.

    Kept by layouts/services.py wherever a preset's tags or name are written
    (`keep_tags`). `key` is the tag lower-cased (one per preset); `preset_name`
    copies the preset's name so that the first spelling in the library's order
    (name, id) is read from the index below without reading any preset.
    """

    # The unique (preset, key) index serves the lookups by preset (cascades, rewrites).
    preset = models.ForeignKey(
        Preset,
        on_delete=models.CASCADE,
        related_name="tag_rows",
        db_index=False,
        verbose_name=_("preset"),
    )
    tag = models.TextField(_("tag"))
    key = models.TextField(editable=False)
    preset_name = models.CharField(max_length=200, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["preset", "key"], name="preset_tag_once"),
        ]
        indexes = [
            models.Index(fields=["key", "preset_name", "preset"], name="preset_tag_first_spelling")
        ]
        verbose_name = _("preset tag")
        verbose_name_plural = _("preset tags")

    def __str__(self) -> str:
        return self.tag


def tag_rows_for(preset: Preset) -> list[PresetTag]:
    """The PresetTag rows of a preset's tags: its first spelling of each key."""
    rows: dict[str, PresetTag] = {}
    for tag in preset.tags or []:
        if isinstance(tag, str) and tag.lower() not in rows:
            rows[tag.lower()] = PresetTag(
                preset_id=preset.pk, tag=tag, key=tag.lower(), preset_name=preset.name
            )
    return list(rows.values())


class PresetRevision(models.Model):
    """An append-only copy of every saved version of a preset."""

    preset = models.ForeignKey(
        Preset, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("preset")
    )
    version = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, default="")
    tags = models.JSONField(_("tags"), default=list)
    document = models.JSONField(_("document"), null=True, blank=True)
    request = models.JSONField(_("request"), default=dict, blank=True)
    meta = models.JSONField(_("editor data"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True, default="")
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("saved by"),
    )
    saved_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        ordering = ["preset", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["preset", "version"], name="one_revision_per_version")
        ]
        verbose_name = _("preset revision")
        verbose_name_plural = _("preset revisions")

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class Asset(models.Model):
    """An uploaded image that documents can point at (placeholders, masks, watermarks).

    Its bytes are in the default storage (a folder, or a bucket every instance
    shares) at assets/<name>, named by content hash, so the same file uploaded
    twice is one asset, and served publicly by the app: the cloud fetches it too.
    """

    name = models.CharField(_("file name"), max_length=100, unique=True)
    original_name = models.CharField(_("original name"), max_length=255, blank=True, default="")
    content_type = models.CharField(_("content type"), max_length=50)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("asset")
        verbose_name_plural = _("assets")

    def __str__(self) -> str:
        return self.original_name or self.name


class TemplateCapture(models.Model):
    """Volume-layout SEI read from a real stream, kept to calibrate the dynamic templates.

    Tencent publishes no pixels for the floating, grid and screen-share templates
    (reference D.3); these captures are where their real geometry comes from.

    Anyone who can point Verify at a stream can make one, so a capture Verify
    stores is a proposal: it calibrates nothing until an administrator accepts
    it (admin action "Accept as calibration"), and then only for the app
    (SdkAppId) whose task showed it. Captures with no app, imported by an
    administrator (manage.py import_captures), calibrate everywhere, the
    editor's previews (which have no app) included. A row made without a status
    is accepted: only an administrator's tools make rows that way.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    source = models.CharField(_("source"), max_length=500, blank=True, default="")
    mode = models.PositiveSmallIntegerField(_("MixLayoutMode"))
    canvas_w = models.PositiveIntegerField(_("canvas width"))
    canvas_h = models.PositiveIntegerField(_("canvas height"))
    # UserIds in join order, as the room was when the capture was taken.
    participants = models.JSONField(_("participants"), default=list, blank=True)
    payloads = models.JSONField(_("SEI payloads"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACCEPTED
    )
    # The app of the task whose stream showed it; None: every app's (an import).
    sdk_app_id = models.BigIntegerField(_("SdkAppId"), null=True, blank=True)
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("captured by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("template capture")
        verbose_name_plural = _("template captures")

    def __str__(self) -> str:
        return f"mode {self.mode} {self.canvas_w}x{self.canvas_h} ({self.source or self.pk})"
