"""layouts.services.update_preset, called directly."""

from __future__ import annotations

import pytest

from layouts import services
from layouts.errors import LayoutInvalid, MixStudioError, NotFound, VersionConflict
from layouts.models import Preset
from tests.factories import document

pytestmark = pytest.mark.django_db


def test_an_edit_of_the_current_version_saves_the_next_version(preset, producer):
    saved = services.update_preset(
        preset.pk, expected_version=1, changes={"document": document(slots=3)}, user=producer
    )
    stored = Preset.objects.get(pk=preset.pk)
    assert (stored.version, stored.document) == (2, document(slots=3))
    assert saved.preset.version == 2


def test_fields_not_given_keep_their_values(preset, producer):
    services.update_preset(
        preset.pk, expected_version=1, changes={"name": "Renamed"}, user=producer
    )
    stored = Preset.objects.get(pk=preset.pk)
    assert (stored.name, stored.tags, stored.document) == ("Renamed", ["news"], document())


def test_each_version_appends_a_revision_with_its_note(preset, producer):
    services.update_preset(
        preset.pk, expected_version=1, changes={"name": "B"}, user=producer, note="renamed"
    )
    revisions = list(preset.revisions.order_by("version").values_list("version", "name", "note"))
    assert revisions == [(1, "Two up", "created"), (2, "B", "renamed")]


def test_a_stale_version_is_refused_and_overwrites_nothing(preset, producer):
    services.update_preset(preset.pk, expected_version=1, changes={"name": "First"}, user=producer)
    with pytest.raises(VersionConflict) as conflict:
        services.update_preset(
            preset.pk, expected_version=1, changes={"name": "Second"}, user=producer
        )
    assert conflict.value.current_version == 2
    assert conflict.value.field == "version"
    stored = Preset.objects.get(pk=preset.pk)
    assert (stored.version, stored.name, stored.revisions.count()) == (2, "First", 2)


def test_a_document_with_errors_keeps_the_stored_one(preset, producer):
    bad = document()
    bad["VideoEncode"]["Fps"] = 0
    with pytest.raises(LayoutInvalid):
        services.update_preset(
            preset.pk, expected_version=1, changes={"document": bad}, user=producer
        )
    stored = Preset.objects.get(pk=preset.pk)
    assert (stored.version, stored.document, stored.revisions.count()) == (1, document(), 1)


def test_a_field_that_cannot_be_edited_is_refused_by_name(preset, producer):
    with pytest.raises(MixStudioError) as refused:
        services.update_preset(preset.pk, expected_version=1, changes={"version": 9}, user=producer)
    assert refused.value.field == "version"
    assert Preset.objects.get(pk=preset.pk).version == 1


def test_new_tags_rewrite_the_tag_index(preset, producer):
    services.update_preset(
        preset.pk, expected_version=1, changes={"tags": ["Sport"]}, user=producer
    )
    assert Preset.objects.get(pk=preset.pk).tag_index == "|sport|"


def test_a_missing_preset_is_not_found(db, producer):
    with pytest.raises(NotFound):
        services.update_preset(999, expected_version=1, changes={"name": "x"}, user=producer)
