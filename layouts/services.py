"""Save, import and restore presets: every change of a preset goes through here.

Each change is one transaction that validates the document first, bumps the
version only if the caller edited the current one, and appends a revision,
so a refused change leaves nothing behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from layouts import rules
from layouts.contract import bodies
from layouts.contract.problems import Problem
from layouts.errors import LayoutInvalid, MixStudioError, NotFound, VersionConflict
from layouts.models import Preset, PresetRevision, tag_index_for

EDITABLE_FIELDS = ("name", "description", "tags", "document")


@dataclass(frozen=True)
class SavedPreset:
    preset: Preset
    warnings: list[Problem]


def document_problems(
    document: Any,
    *,
    with_transcoding: int | None = None,
    main_room: tuple[str, int] | None = None,
) -> list[Problem]:
    """Every problem of a document as the editor and library show it.

    Images the cloud cannot reach are a warning here: the document may still be
    launched in the emulator, and the launch check refuses them for the cloud.
    """
    hosts = rules.ImageHosts(
        severity=rules.WARNING, allowed=frozenset(settings.MIX_IMAGE_ALLOWED_HOSTS)
    )
    return rules.validate(
        document, with_transcoding=with_transcoding, main_room=main_room, image_hosts=hosts
    )


def check_document(
    document: Any,
    *,
    with_transcoding: int | None = None,
    main_room: tuple[str, int] | None = None,
) -> list[Problem]:
    """The warnings of a document; raises LayoutInvalid if it has errors."""
    problems = document_problems(document, with_transcoding=with_transcoding, main_room=main_room)
    if rules.has_errors(problems):
        raise LayoutInvalid(problems)
    return problems


def clean_tags(tags: Any) -> list[str]:
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise MixStudioError(_("tags must be a list of strings."), field="tags")
    cleaned: list[str] = []
    for tag in tags:
        tag = tag.strip()
        if "|" in tag or len(tag) > 50:
            raise MixStudioError(
                _('A tag is at most 50 characters and cannot contain "|".'), field="tags"
            )
        if tag and tag not in cleaned:
            cleaned.append(tag)
    return cleaned


@transaction.atomic
def create_preset(
    *,
    name: str,
    document: Any,
    user: AbstractBaseUser | None,
    description: str = "",
    tags: Any = (),
    note: str = "created",
    starter_key: str | None = None,
    check_context: dict[str, Any] | None = None,
) -> SavedPreset:
    warnings = check_document(document, **(check_context or {}))
    # The default is a tuple; a string is refused, not split into one-letter tags.
    tags = clean_tags(list(tags) if isinstance(tags, tuple) else tags)
    preset = Preset.objects.create(
        name=name,
        description=description,
        tags=tags,
        tag_index=tag_index_for(tags),
        document=document,
        version=1,
        created_by=acting_user(user),
        starter_key=starter_key,
    )
    _append_revision(preset, user, note)
    return SavedPreset(preset, warnings)


@transaction.atomic
def update_preset(
    preset_id: int,
    *,
    expected_version: int,
    changes: dict[str, Any],
    user: AbstractBaseUser | None,
    note: str = "updated",
) -> SavedPreset:
    """Apply `changes` (any of name, description, tags, document) as a new version."""
    preset = get_preset(preset_id)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise MixStudioError(
            _("%(field)s cannot be changed.") % {"field": sorted(unknown)[0]},
            field=sorted(unknown)[0],
        )
    if expected_version != preset.version:
        raise VersionConflict(preset.version, expected_version)
    warnings = check_document(changes.get("document", preset.document))
    values = dict(changes)
    if "tags" in values:
        values["tags"] = clean_tags(values["tags"])
        values["tag_index"] = tag_index_for(values["tags"])
    # The version in the WHERE clause makes the check and the write one atomic
    # step on every database: of two concurrent saves of version N, one wins.
    # QuerySet.update() skips auto_now, so updated_at is set here.
    updated = Preset.objects.filter(pk=preset.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now(), **values
    )
    if not updated:
        preset.refresh_from_db(fields=["version"])
        raise VersionConflict(preset.version, expected_version)
    preset.refresh_from_db()
    _append_revision(preset, user, note)
    return SavedPreset(preset, warnings)


@transaction.atomic
def restore_revision(
    preset_id: int,
    version: int,
    *,
    user: AbstractBaseUser | None,
    expected_version: int | None = None,
) -> SavedPreset:
    """Make an old version the newest one again (as a new version)."""
    preset = get_preset(preset_id)
    try:
        revision = preset.revisions.get(version=version)
    except PresetRevision.DoesNotExist:
        raise NotFound(
            _("Preset %(id)d has no version %(version)d.") % {"id": preset_id, "version": version},
            field="version",
        ) from None
    return update_preset(
        preset.pk,
        expected_version=preset.version if expected_version is None else expected_version,
        changes={
            "name": revision.name,
            "description": revision.description,
            "tags": revision.tags,
            "document": revision.document,
        },
        user=user,
        note=f"restored from version {version}",
    )


def import_preset(
    body: Any,
    *,
    user: AbstractBaseUser | None,
    name: str = "",
    description: str = "",
    tags: Any = (),
) -> SavedPreset:
    """A preset from a StartPublishCdnStream / UpdatePublishCdnStream body or a VideoParams.

    The stored document is exactly the VideoParams given, key for key.
    """
    extracted = extract_document(body)
    default_name = _("Imported %(source)s") % {"source": extracted.source}
    return create_preset(
        name=name.strip() or default_name,
        description=description,
        tags=tags,
        document=extracted.document,
        user=user,
        note=f"imported from {extracted.source}",
        check_context={
            "with_transcoding": extracted.with_transcoding,
            "main_room": extracted.room,
        },
    )


def extract_document(body: Any) -> bodies.ExtractedDocument:
    """The VideoParams a body carries, or MixStudioError saying why there is none."""
    try:
        return bodies.extract_video_params(body)
    except bodies.NotAVideoDocument as refusal:
        raise MixStudioError(refusal.render(_), field=refusal.path) from None


def delete_preset(preset_id: int) -> None:
    get_preset(preset_id).delete()


def get_preset(preset_id: int) -> Preset:
    try:
        # Beyond the largest key a database stores, no preset exists (and none is looked up).
        if not 0 < int(preset_id) < 2**63:
            raise Preset.DoesNotExist
        return Preset.objects.get(pk=preset_id)
    except (Preset.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("There is no preset %(id)s.") % {"id": str(preset_id)[:40]}) from None


def _append_revision(preset: Preset, user: AbstractBaseUser | None, note: str) -> None:
    PresetRevision.objects.create(
        preset=preset,
        version=preset.version,
        name=preset.name,
        description=preset.description,
        tags=preset.tags,
        document=preset.document,
        note=note,
        saved_by=acting_user(user),
    )


def acting_user(user: AbstractBaseUser | None) -> AbstractBaseUser | None:
    """The user to record as author: None for anonymous or system callers."""
    return user if user is not None and user.is_authenticated else None
