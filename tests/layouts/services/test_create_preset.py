"""layouts.services.create_preset, called directly."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from layouts import services
from layouts.errors import LayoutInvalid, MixStudioError
from layouts.models import Preset, PresetRevision
from tests.factories import document

pytestmark = pytest.mark.django_db


def test_a_valid_document_is_stored_key_for_key_at_version_1(producer):
    doc = document()
    doc["FutureField"] = {"kept": True}
    preset = services.create_preset(name="Two up", document=doc, user=producer).preset
    preset.refresh_from_db()
    assert (preset.name, preset.version, preset.document) == ("Two up", 1, doc)


def test_an_unknown_key_comes_back_as_a_warning(producer):
    doc = {**document(), "FutureField": 1}
    warnings = services.create_preset(name="n", document=doc, user=producer).warnings
    assert [(w.path, w.severity) for w in warnings] == [("FutureField", "warning")]


def test_the_first_revision_records_the_author(producer):
    preset = services.create_preset(name="n", document=document(), user=producer).preset
    assert preset.created_by == producer
    revision = PresetRevision.objects.get(preset=preset)
    assert (revision.version, revision.saved_by, revision.note) == (1, producer, "created")
    assert revision.document == document()


def test_an_anonymous_caller_is_recorded_as_nobody(db):
    preset = services.create_preset(name="n", document=document(), user=AnonymousUser()).preset
    assert preset.created_by is None
    assert preset.revisions.get().saved_by is None


def test_a_document_with_errors_is_refused_and_nothing_is_saved(producer):
    bad = document()
    bad["LayoutParams"]["MixLayoutList"][1]["LocationX"] = 700  # 700 + 640 > 1280
    with pytest.raises(LayoutInvalid) as refused:
        services.create_preset(name="Broken", document=bad, user=producer)
    assert "LayoutParams.MixLayoutList[1].ImageWidth" in [p.path for p in refused.value.problems]
    assert not Preset.objects.exists()
    assert not PresetRevision.objects.exists()


def test_tags_are_trimmed_deduplicated_and_indexed(producer):
    tags = [" News ", "News", "", "早间"]
    preset = services.create_preset(name="n", document=document(), user=producer, tags=tags).preset
    assert preset.tags == ["News", "早间"]
    assert preset.tag_index == "|news|早间|"


@pytest.mark.parametrize("tags", [["a|b"], ["x" * 51], "news", [1]])
def test_a_bad_tag_is_refused_naming_the_field_and_nothing_is_saved(producer, tags):
    with pytest.raises(MixStudioError) as refused:
        services.create_preset(name="n", document=document(), user=producer, tags=tags)
    assert refused.value.field == "tags"
    assert not Preset.objects.exists()
