"""Save, import and restore presets: every change of a preset goes through here.

A preset is a whole show (layouts/show.py): its document (VideoParams, or None
for audio only), the rest of its Start body (`request`, secrets never kept) and
the editor's own `meta`. Each change is one transaction that validates the
show first, bumps the version only if the caller edited the current one, and
appends a revision, so a refused change leaves nothing behind.
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

from layouts import selectors
from layouts.core import geometry, scenario, show
from layouts.core.contract import bodies
from layouts.core.contract.problems import Problem
from layouts.core.contract.rooms import Room
from layouts.core.rules import document as rules
from layouts.core.rules import request as request_rules
from layouts.core.rules.bitrate import check_bitrate
from layouts.core.rules.request_context import Request as RequestRead
from layouts.errors import (
    LayoutInvalid,
    MixStudioError,
    NotFound,
    ProblemsRefused,
    ShowInvalid,
    VersionConflict,
)
from layouts.models import Asset, Preset, PresetRevision, PresetTag, tag_index_for, tag_rows_for

EDITABLE_FIELDS = ("name", "description", "tags", "document", "request", "meta")
# Keys a preset's request never holds: the document is VideoParams; the others
# name one running task or the call itself.
NOT_IN_REQUEST = (show.VIDEO_KEY, *show.TASK_KEYS, *show.ENVELOPE_KEYS)


class ScenarioRefused(ProblemsRefused):
    code = "scenario-invalid"

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        super().__init__(
            _("The scenario cannot be played: %(problem)s") % {"problem": first.render(_)},
            [problem.under("scenario") for problem in problems],
            field=f"scenario.{first.path}" if first.path else "scenario",
        )


class MissingAsset(MixStudioError):
    status_code = 400
    code = "missing-asset"

    def __init__(self, name: str, path: str) -> None:
        super().__init__(
            _(
                "%(path)s shows the image %(name)s, which is no longer in the asset "
                "library; upload it again or choose another. Nothing was saved."
            )
            % {"path": path, "name": name},
            field=path,
        )


@dataclass(frozen=True)
class SavedPreset:
    preset: Preset
    warnings: list[Problem]
    withheld: tuple[str, ...] = ()  # secrets given and not kept (UserSigs, storage keys)
    left_out: tuple[str, ...] = ()  # keys that named a running task (TaskId, SequenceNumber)


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
    problems = rules.validate(
        document, with_transcoding=with_transcoding, main_room=main_room, image_hosts=hosts
    )
    # The bitrate rule of thumb is a request rule (a relay's VideoEncode is the upstream's,
    # R22); the editor is where the bitrate is typed, so it is said here too, read in a
    # Start body around the document (a picture is transcoded unless the show says not).
    if isinstance(document, dict):
        transcoding = bodies.TRANSCODING_ON if with_transcoding is None else with_transcoding
        around = {show.VIDEO_KEY: document, "WithTranscoding": transcoding}
        request = RequestRead(action=bodies.START, sent=around, params=around, started=None)
        inside = f"{show.VIDEO_KEY}."
        problems.extend(
            Problem(p.path.removeprefix(inside), p.rule, p.severity, p.template, p.params)
            for p in check_bitrate(request)
        )
    return problems


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


def editor_image_hosts() -> rules.ImageHosts:
    return rules.ImageHosts(
        severity=rules.WARNING, allowed=frozenset(settings.MIX_IMAGE_ALLOWED_HOSTS)
    )


@dataclass(frozen=True)
class CleanShow:
    document: Any
    request: dict[str, Any]
    meta: dict[str, Any]
    warnings: list[Problem]
    withheld: tuple[str, ...]


def check_show(document: Any, request: Any, meta: Any) -> CleanShow:
    """The parts of a preset as they will be stored, and their warnings; raises on errors.

    The document's problems have paths inside the document (as the editor shows
    them); the request's have paths inside the request. Secrets given in the
    request are left out, never refused.
    """
    if document is not None and not isinstance(document, dict):
        # The layout rules word this one; a null document is an audio-only show.
        check_document(document)
    if not isinstance(request, dict):
        raise MixStudioError(_("request must be a JSON object."), field="request")
    if not isinstance(meta, dict):
        raise MixStudioError(_("meta must be a JSON object."), field="meta")
    for key in NOT_IN_REQUEST:
        if key in request:
            raise MixStudioError(
                _("%(field)s does not belong in a preset's request; %(why)s")
                % {"field": key, "why": _not_in_request_reason(key)},
                field=f"request.{key}",
            )
    require_assets(document)
    kept, withheld = show.withhold_secrets(request)
    warnings: list[Problem] = []
    if document is not None:
        warnings = check_document(
            document,
            with_transcoding=_with_transcoding(kept),
            main_room=bodies.main_room(kept),
        )
    # The whole body, so that rules relating the request to the picture are met,
    # with our own part (outputs off, playback URLs, the scenario), never sent but
    # kept; the picture's own problems are the document check's, above.
    body = show.kept_body(document if isinstance(document, dict) else None, kept)
    request_problems = [
        problem
        for problem in request_rules.check_show(
            body, image_hosts=editor_image_hosts(), launch_severity=None
        )
        if not _in_video_params(problem.path)
    ]
    if rules.has_errors(request_problems):
        raise ShowInvalid(request_problems, path_prefix="request")
    return CleanShow(document, kept, meta, warnings + request_problems, tuple(withheld))


def _in_video_params(path: str) -> bool:
    return path == show.VIDEO_KEY or path.startswith((f"{show.VIDEO_KEY}.", f"{show.VIDEO_KEY}["))


def _not_in_request_reason(key: str) -> str:
    if key == show.VIDEO_KEY:
        return _("the picture is the preset's document.")
    return _("a preset starts new tasks, so it names no running one.")


def _with_transcoding(request: dict[str, Any]) -> int | None:
    value = request.get("WithTranscoding")
    return value if type(value) is int and value in (0, 1) else None


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
    request: Any = None,
    meta: Any = None,
    note: str = "created",
    starter_key: str | None = None,
) -> SavedPreset:
    """A new preset. Without a request, a picture means a transcoded mix (R13); so it
    does with a request of our own part alone (a new show's scenario, from the editor)."""
    if request is None or (isinstance(request, dict) and list(request) == [show.APP_KEY]):
        ours = request or {}
        request = {"WithTranscoding": 1, **ours} if document is not None else ours
    cleaned = check_show(document, request, {} if meta is None else meta)
    # The default is a tuple; a string is refused, not split into one-letter tags.
    tags = clean_tags(list(tags) if isinstance(tags, tuple) else tags)
    preset = Preset.objects.create(
        name=name,
        description=description,
        tags=tags,
        tag_index=tag_index_for(tags),
        document=cleaned.document,
        request=cleaned.request,
        meta=cleaned.meta,
        version=1,
        created_by=acting_user(user),
        starter_key=starter_key,
    )
    keep_tags(preset, created=True)
    _append_revision(preset, user, note)
    return SavedPreset(preset, cleaned.warnings, cleaned.withheld)


@transaction.atomic
def update_preset(
    preset_id: int,
    *,
    expected_version: int,
    changes: dict[str, Any],
    user: AbstractBaseUser | None,
    note: str = "updated",
) -> SavedPreset:
    """Apply `changes` (any of EDITABLE_FIELDS) as a new version."""
    preset = get_preset(preset_id)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise MixStudioError(
            _("%(field)s cannot be changed.") % {"field": sorted(unknown)[0]},
            field=sorted(unknown)[0],
        )
    if expected_version != preset.version:
        raise VersionConflict(preset.version, expected_version)
    cleaned = check_show(
        changes.get("document", preset.document),
        changes.get("request", preset.request),
        changes.get("meta", preset.meta),
    )
    values = dict(changes)
    if "request" in values:
        values["request"] = cleaned.request
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
    if "tags" in values or "name" in values:
        keep_tags(preset)
    _append_revision(preset, user, note)
    return SavedPreset(preset, cleaned.warnings, cleaned.withheld)


def require_assets(document: Any) -> None:
    """Every picture of this app's asset library that the document shows still exists.

    Called inside the saving transaction: the asset rows stay locked until it
    commits, and a deletion locks the same row, so either the deletion sees
    this preset use the asset (and is refused) or it came first and this save
    is refused. A preset never points at a picture that is gone.
    """
    wanted = selectors.asset_references(document)
    if not wanted:
        return
    present = set(
        Asset.objects.select_for_update().filter(name__in=wanted).values_list("name", flat=True)
    )
    for name, paths in wanted.items():
        if name not in present:
            raise MissingAsset(name, paths[0])


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
            "request": revision.request,
            "meta": revision.meta,
        },
        user=user,
        note=f"restored from version {version}",
    )


@transaction.atomic
def import_preset(
    body: Any,
    *,
    user: AbstractBaseUser | None,
    name: str = "",
    description: str = "",
    tags: Any = (),
) -> SavedPreset:
    """A preset from a StartPublishCdnStream / UpdatePublishCdnStream body or a VideoParams.

    Every key is kept as given, in the API's shape: VideoParams becomes the
    document (none: an audio-only show), the rest the request, without its
    secrets; an Update's TaskId and SequenceNumber are left out. The problems of
    a request body have paths inside that body; a refused body saves nothing.
    """
    found = read_body(body)
    if found.is_request:
        problems = request_rules.check_show(
            show.kept_body(found.document, found.request)
            | ({} if found.source == bodies.START else _update_keys(body)),
            action=found.source,
            image_hosts=editor_image_hosts(),
        )
        if rules.has_errors(problems):
            raise ShowInvalid(problems)
        request = found.request
    else:
        problems = check_document(found.document)
        request = {"WithTranscoding": 1}
    require_assets(found.document)
    default_name = _("Imported %(source)s") % {"source": found.source}
    tags = clean_tags(list(tags) if isinstance(tags, tuple) else tags)
    preset = Preset.objects.create(
        name=name.strip() or default_name,
        description=description,
        tags=tags,
        tag_index=tag_index_for(tags),
        document=found.document,
        request=request,
        meta={},
        version=1,
        created_by=acting_user(user),
    )
    keep_tags(preset, created=True)
    _append_revision(preset, user, f"imported from {found.source}")
    return SavedPreset(preset, problems, found.withheld, found.left_out)


def _update_keys(body: dict[str, Any]) -> dict[str, Any]:
    """What an Update body needs besides its show to be judged as an Update."""
    return {key: body[key] for key in show.TASK_KEYS if key in body}


def read_body(body: Any) -> show.Show:
    """A body split into its show, or MixStudioError saying why it is none."""
    try:
        return show.read_show(body)
    except show.NotAShow as refusal:
        raise MixStudioError(refusal.render(_), field=refusal.path) from None


def extract_document(body: Any) -> bodies.ExtractedDocument:
    """The VideoParams a body carries, or MixStudioError saying why there is none."""
    try:
        return bodies.extract_video_params(body)
    except bodies.NotAVideoDocument as refusal:
        raise MixStudioError(refusal.render(_), field=refusal.path) from None


def preset_start_body(preset: Preset, *, with_app_part: bool = False) -> dict[str, Any]:
    """The preset's StartPublishCdnStream body, in the API's shape, without secrets;
    `with_app_part`: with our own part too (outputs off, playback URLs, the scenario),
    which an import keeps and the cloud never takes."""
    if with_app_part:
        return show.kept_body(preset.document, preset.request)
    return show.start_body(preset.document, preset.request)


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


def keep_tags(preset: Preset, *, created: bool = False) -> None:
    """The tag table (PresetTag) made to match a preset just written, in its transaction.

    Every write of a preset's tags or name comes here (create, import, update and
    so restore and duplicate, which are a create); a deleted preset's rows go with
    it (cascade). The library's tag list is read from that table alone.
    """
    if not created:
        PresetTag.objects.filter(preset=preset).delete()
    PresetTag.objects.bulk_create(tag_rows_for(preset))


def _append_revision(preset: Preset, user: AbstractBaseUser | None, note: str) -> None:
    PresetRevision.objects.create(
        preset=preset,
        version=preset.version,
        name=preset.name,
        description=preset.description,
        tags=preset.tags,
        document=preset.document,
        request=preset.request,
        meta=preset.meta,
        note=note,
        saved_by=acting_user(user),
    )


def acting_user(user: AbstractBaseUser | None) -> AbstractBaseUser | None:
    """The user to record as author: None for anonymous or system callers."""
    return user if user is not None and user.is_authenticated else None


def scenario_subject(document: Any, preset_id: int | None) -> tuple[dict[str, Any], Room]:
    """The picture a scenario plays through and the room its people default to:
    a preset's (its own room), or a document's (the previews' stand-in room)."""
    if preset_id is not None:
        preset = get_preset(preset_id)
        if not isinstance(preset.document, dict):
            raise MixStudioError(
                _("This preset is audio only: there is no picture to play."), field="preset"
            )
        return preset.document, bodies.main_room(preset.request) or geometry.PREVIEW_MAIN_ROOM
    if not isinstance(document, dict):
        raise MixStudioError(_("Give a document or a preset."), field="document")
    return document, geometry.PREVIEW_MAIN_ROOM


def scenario_main_room(preset_id: int | None) -> Room:
    """The room a scenario's people are in unless an event names one: a preset's own
    room (also of an audio-only show), or else the previews' stand-in room."""
    if preset_id is None:
        return geometry.PREVIEW_MAIN_ROOM
    return bodies.main_room(get_preset(preset_id).request) or geometry.PREVIEW_MAIN_ROOM


def read_scenario_of(data: Any, main_room: Room) -> scenario.Scenario:
    """The scenario, or ScenarioRefused naming every problem (paths under "scenario")."""
    try:
        return scenario.read_scenario(data, main_room)
    except scenario.ScenarioInvalid as invalid:
        raise ScenarioRefused(invalid.problems) from None
