"""layouts.services.import_preset, called directly."""

from __future__ import annotations

import copy

import pytest

from layouts import services
from layouts.errors import LayoutInvalid, MixStudioError
from layouts.models import Preset
from tests.factories import document, seed_examples

pytestmark = pytest.mark.django_db


def test_a_bare_video_params_is_stored_exactly(producer):
    preset = services.import_preset(document(), user=producer).preset
    assert preset.document == document()
    assert preset.name == "Imported VideoParams"


def test_a_start_body_stores_exactly_its_video_params(producer):
    body = seed_examples()[0]
    preset = services.import_preset(body, user=producer).preset
    assert preset.document == body["VideoParams"]
    assert preset.name == "Imported StartPublishCdnStream"


def test_the_revision_says_where_the_document_came_from(producer):
    body = {"SdkAppId": 1400188366, "TaskId": "abc", "VideoParams": document()}
    preset = services.import_preset(body, user=producer).preset
    assert preset.revisions.get().note == "imported from UpdatePublishCdnStream"


def test_a_given_name_replaces_the_default_one(producer):
    preset = services.import_preset(document(), user=producer, name="  Morning  ").preset
    assert preset.name == "Morning"


def test_an_audio_only_body_is_refused_naming_video_params(producer):
    with pytest.raises(MixStudioError) as refused:
        services.import_preset(seed_examples()[2], user=producer)
    assert refused.value.field == "VideoParams"
    assert not Preset.objects.exists()


def test_the_body_is_checked_in_its_own_context(producer):
    # A relay (WithTranscoding 0) cannot carry a layout (R13): only the body says it is one.
    body = copy.deepcopy(seed_examples()[1])
    body["VideoParams"] = {**body["VideoParams"], "LayoutParams": {"MixLayoutMode": 3}}
    with pytest.raises(LayoutInvalid) as refused:
        services.import_preset(body, user=producer)
    assert [p.rule for p in refused.value.problems if p.severity == "error"] == ["R13"]
    assert not Preset.objects.exists()


@pytest.mark.parametrize("body", [[], "text", None, {}])
def test_a_body_that_is_no_document_is_refused(producer, body):
    with pytest.raises(MixStudioError):
        services.import_preset(body, user=producer)
    assert not Preset.objects.exists()
