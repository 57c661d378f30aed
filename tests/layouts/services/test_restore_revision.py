"""layouts.services.restore_revision, called directly."""

from __future__ import annotations

import pytest

from layouts import services
from layouts.errors import NotFound, VersionConflict
from layouts.models import Preset
from tests.factories import document

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited(preset, producer):
    """The preset at version 2: renamed, retagged, three slots."""
    changes = {"name": "Three up", "tags": ["sport"], "document": document(slots=3)}
    services.update_preset(preset.pk, expected_version=1, changes=changes, user=producer)
    return Preset.objects.get(pk=preset.pk)


def test_an_old_version_comes_back_as_a_new_version(edited, producer):
    restored = services.restore_revision(edited.pk, 1, user=producer).preset
    assert restored.version == 3
    assert (restored.name, restored.tags, restored.document) == ("Two up", ["news"], document())


def test_the_history_keeps_every_version_and_says_what_was_restored(edited, producer):
    services.restore_revision(edited.pk, 1, user=producer)
    notes = list(edited.revisions.order_by("version").values_list("version", "note"))
    assert notes == [(1, "created"), (2, "updated"), (3, "restored from version 1")]


def test_a_stale_expected_version_is_refused_and_changes_nothing(edited, producer):
    with pytest.raises(VersionConflict) as conflict:
        services.restore_revision(edited.pk, 1, user=producer, expected_version=1)
    assert conflict.value.current_version == 2
    stored = Preset.objects.get(pk=edited.pk)
    assert (stored.version, stored.name) == (2, "Three up")


def test_a_version_that_never_existed_is_not_found_naming_the_version(edited, producer):
    with pytest.raises(NotFound) as missing:
        services.restore_revision(edited.pk, 7, user=producer)
    assert missing.value.field == "version"
    assert Preset.objects.get(pk=edited.pk).version == 2
