"""Migration 0006: presets saved before a preset was a whole show keep launching."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import document

BEFORE = [("layouts", "0005_search_table_own_copy")]
AFTER = [("layouts", "0006_preset_whole_show")]


@pytest.mark.django_db(transaction=True)
def test_a_preset_saved_before_gets_a_transcoded_request_and_keeps_its_document():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    preset = old.get_model("layouts", "Preset").objects.create(name="Old", document=document())
    old.get_model("layouts", "PresetRevision").objects.create(
        preset_id=preset.pk, version=1, name="Old", document=document()
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    migrated = new.get_model("layouts", "Preset").objects.get(pk=preset.pk)
    assert migrated.document == document()
    assert migrated.request == {"WithTranscoding": 1}
    assert migrated.meta == {}
    revision = new.get_model("layouts", "PresetRevision").objects.get(preset_id=preset.pk)
    assert revision.request == {"WithTranscoding": 1}

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # back to the newest for later tests
