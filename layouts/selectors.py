"""Reads of design-time data that more than one feature needs."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Max, Q, QuerySet
from django.db.models.fields.json import KT

from layouts import search, starters
from layouts.core import calibration, geometry
from layouts.models import Asset, Preset, PresetRevision, PresetTag, TemplateCapture


@dataclass(frozen=True)
class TemplateCalibration:
    """The measured template geometry, ready to pass to `geometry.regions`."""

    table: geometry.Calibration
    fingerprint: str  # changes whenever a capture is added or removed

    def regions(
        self,
        document: Any,
        participants: list[geometry.Participant] | None,
        *,
        main_room: tuple[str, int] | None = None,
    ) -> geometry.Layout:
        return geometry.regions(document, participants, main_room=main_room, calibration=self.table)


# The memo of this process, per app, with the stamp it was built under. The stamp
# lives in the shared cache, so a change made in any process (a web worker, a
# job runner, the admin) reaches every other: each call reads the stamp (a cache
# read, no query) and rebuilds from the database only when it moved.
CALIBRATION_STAMP = "layouts:calibration-stamp"
_memo: dict[int | None, tuple[str, TemplateCalibration]] = {}


def template_calibration(sdk_app_id: int | None = None) -> TemplateCalibration:
    """The accepted captures that apply, folded into one table; rebuilt only when they change.

    Those of no app (imported by an administrator) apply everywhere; an app's
    own (proposed by Verify, accepted by an administrator) only where a task of
    that app (`sdk_app_id`) is judged. The editor's previews have no app.
    Read once per change (`calibration_changed`), not once per call.
    """
    stamp = _calibration_stamp()
    cached = _memo.get(sdk_app_id)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    rows = TemplateCapture.objects.filter(status=TemplateCapture.Status.ACCEPTED)
    if sdk_app_id is None:
        rows = rows.filter(sdk_app_id__isnull=True)
    else:
        rows = rows.filter(Q(sdk_app_id__isnull=True) | Q(sdk_app_id=sdk_app_id))
    # A review stamps reviewed_at, so accepting one and rejecting another changes it too.
    summary = rows.aggregate(count=Count("id"), last=Max("id"), reviewed=Max("reviewed_at"))
    fingerprint = hashlib.sha256(json.dumps(summary, default=str).encode()).hexdigest()[:16]
    if cached is not None and cached[1].fingerprint == fingerprint:
        result = cached[1]  # another app's captures changed, not these
    else:
        captures = [
            calibration.Capture(row.mode, tuple(row.participants), tuple(row.payloads))
            for row in rows.only("mode", "participants", "payloads")
        ]
        result = TemplateCalibration(calibration.calibration_table(captures), fingerprint)
    _memo[sdk_app_id] = (stamp, result)
    return result


def calibration_changed() -> None:
    """The template captures changed: every process rebuilds its calibration at its next call.

    Called by the captures' post_save and post_delete (layouts/apps.py) and after
    a review's bulk update. The stamp moves now and again once the transaction
    commits, so a process that rebuilt in between, from the rows as they were
    before the commit, does not keep that table.
    """
    _new_calibration_stamp()
    transaction.on_commit(_new_calibration_stamp)


def _calibration_stamp() -> str:
    stamp = cache.get(CALIBRATION_STAMP)
    if stamp is None:  # never set, or evicted: a new one (every process then rebuilds)
        cache.add(CALIBRATION_STAMP, uuid.uuid4().hex, timeout=None)
        stamp = cache.get(CALIBRATION_STAMP)
    # A cache that keeps nothing (DummyCache) leaves no stamp: then every call rebuilds.
    return stamp if stamp is not None else uuid.uuid4().hex


def _new_calibration_stamp() -> None:
    cache.set(CALIBRATION_STAMP, uuid.uuid4().hex, timeout=None)


# ---------------------------------------------------------------------------
# The preset library.


@dataclass(frozen=True)
class PresetFilters:
    search: str = ""  # part of a name, description or tag
    tag: str = ""  # one exact tag, case-insensitive
    starter: bool | None = None  # only starters (True), only others (False)


# What a list answer shows of each preset: everything but the document, whose
# canvas size alone is read from it (inside the database).
LIST_FIELDS = (
    "id",
    "name",
    "description",
    "tags",
    "version",
    "starter_key",
    "created_at",
    "updated_at",
)


def preset_list(filters: PresetFilters, *, documents: bool = False) -> QuerySet[Preset]:
    """The library in its order (name, id), filtered; documents only when asked for."""
    presets = Preset.objects.all()
    if filters.search:
        also = starters.shown_text_query(filters.search)
        presets = search.search(presets, filters.search, also=also)
    if filters.tag:
        presets = search.with_tag(presets, filters.tag)
    if filters.starter is not None:
        presets = presets.filter(starter_key__isnull=not filters.starter)
    if not documents:
        presets = presets.only(*LIST_FIELDS).annotate(
            canvas_width=KT("document__VideoEncode__Width"),
            canvas_height=KT("document__VideoEncode__Height"),
        )
    return presets


def preset_ids(filters: PresetFilters) -> QuerySet | search.Matches:
    """The ids of `preset_list(filters)` in its order, for a page to be cut from.

    A search or tag filter on SQLite is counted and ordered in the full-text
    table alone; the page's presets are then read by `presets_by_id`.
    """
    # The full-text table holds the stored text; a search for what the page shows
    # translated also reads the presets (the starters and their tags are few).
    translated = bool(filters.search) and starters.shown_text_query(filters.search) is not None
    if filters.starter is None and not translated:
        found = search.matches(filters.search, filters.tag)
        if found is not None:
            return found
    return preset_list(filters, documents=True).values_list("id", flat=True)


def presets_by_id(ids: list[int], *, documents: bool = False) -> list[Preset]:
    """Those presets, in the order of `ids`."""
    rows = preset_list(PresetFilters(), documents=documents).filter(pk__in=ids)
    found = {preset.pk: preset for preset in rows}
    return [found[pk] for pk in ids if pk in found]


def preset_tags() -> list[str]:
    """Every tag in the library, once (the first spelling met), in alphabetical order.

    Read from the tag table alone (PresetTag), never from the presets: one seek
    per distinct tag in its (key, preset_name, preset, tag) index, so the answer
    costs the same in a library of a hundred presets and of a hundred thousand.
    The spelling is that of the first preset in the library's order (name, id).
    """
    with connection.cursor() as cursor:
        cursor.execute(_tags_sql())
        rows = cursor.fetchall()
    return [tag for _key, tag in sorted(rows)]


def _tags_sql() -> str:
    q = connection.ops.quote_name
    table, row_id, key, tag = q(PresetTag._meta.db_table), q("id"), q("key"), q("tag")
    order = f"{key}, {q('preset_name')}, {q('preset_id')}"
    # A loose index scan, which SQLite and PostgreSQL both run as seeks: each step
    # reads the first row after the last key in the index's order, which is the
    # next key's first spelling. SELECT DISTINCT would read every row of the index.
    return f"""
WITH RECURSIVE firsts({key}, {tag}) AS (
  SELECT {key}, {tag} FROM (SELECT {key}, {tag} FROM {table} ORDER BY {order} LIMIT 1) AS head
  UNION ALL
  SELECT n.{key}, n.{tag} FROM firsts, {table} n
  WHERE n.{row_id} = (
    SELECT t.{row_id} FROM {table} t WHERE t.{key} > firsts.{key} ORDER BY {order} LIMIT 1
  )
)
SELECT {key}, {tag} FROM firsts"""


def preset_revisions(preset: Preset) -> QuerySet[PresetRevision]:
    """Every saved version of a preset, newest first."""
    return preset.revisions.select_related("saved_by").order_by("-version")


# ---------------------------------------------------------------------------
# Assets: where each uploaded image is used.

ASSET_PATH = "/media/assets/"  # where assets are served (layouts.assets), on any host


@dataclass(frozen=True)
class AssetUse:
    """A preset that shows an asset, and the fields that point at it."""

    preset_id: int
    preset_name: str
    paths: tuple[str, ...]


def asset_uses(assets: Iterable[Asset]) -> dict[int, list[AssetUse]]:
    """For each asset (by id), the presets whose document points at it, by name order.

    An asset's URL may carry any host (the public address changes), so a field uses
    an asset when its URL's path is the asset's path. Only presets whose document
    mentions the asset folder at all are read.
    """
    by_name = {asset.name: asset.pk for asset in assets}
    found: dict[int, list[AssetUse]] = {pk: [] for pk in by_name.values()}
    if not by_name:
        return found
    candidates = (
        Preset.objects.filter(document__icontains=ASSET_PATH)
        .only("id", "name", "document")
        .order_by("name", "id")
    )
    for preset in candidates.iterator(chunk_size=500):
        paths: dict[str, list[str]] = {}
        for path, value in _strings(preset.document, ""):
            name = _asset_name(value)
            if name in by_name:
                paths.setdefault(name, []).append(path)
        for name, where in paths.items():
            found[by_name[name]].append(AssetUse(preset.pk, preset.name, tuple(where)))
    return found


def asset_references(document: Any) -> dict[str, list[str]]:
    """The asset names a document points at, each with the paths that show it."""
    found: dict[str, list[str]] = {}
    for path, value in _strings(document, ""):
        name = _asset_name(value)
        if name:
            found.setdefault(name, []).append(path)
    return found


def _asset_name(value: str) -> str | None:
    try:
        path = urlsplit(value).path
    except ValueError:
        return None
    return path[len(ASSET_PATH) :] if path.startswith(ASSET_PATH) else None


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """(path, text) of every string in a JSON value, paths as problems write them."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")
