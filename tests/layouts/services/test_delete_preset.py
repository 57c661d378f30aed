"""layouts.services.delete_preset, called directly."""

from __future__ import annotations

import pytest

from layouts import services
from layouts.errors import NotFound
from layouts.models import Preset, PresetRevision
from tests.factories import document

pytestmark = pytest.mark.django_db


def test_the_preset_and_its_revisions_are_deleted(preset):
    services.delete_preset(preset.pk)
    assert not Preset.objects.filter(pk=preset.pk).exists()
    assert not PresetRevision.objects.filter(preset_id=preset.pk).exists()


def test_other_presets_stay(preset, producer):
    other = services.create_preset(name="Other", document=document(), user=producer).preset
    services.delete_preset(preset.pk)
    assert list(Preset.objects.values_list("pk", flat=True)) == [other.pk]
    assert other.revisions.count() == 1


def test_a_missing_preset_is_not_found(db):
    with pytest.raises(NotFound):
        services.delete_preset(999)
