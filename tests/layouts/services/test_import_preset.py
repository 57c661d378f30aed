"""layouts.services.import_preset, called directly."""

from __future__ import annotations

import copy

import pytest

from layouts import services
from layouts.errors import MixStudioError, ShowInvalid
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


def test_a_start_body_keeps_the_rest_of_its_keys_as_the_request(producer):
    body = seed_examples()[0]
    saved = services.import_preset(body, user=producer)
    rest = {key: value for key, value in body.items() if key != "VideoParams"}
    rest["AgentParams"] = {"MaxIdleTime": 30, "UserId": "trtc_partner_test_1"}
    assert saved.preset.request == rest
    assert saved.withheld == ("AgentParams.UserSig",)


def test_the_revision_says_where_the_document_came_from(producer):
    body = {"SdkAppId": 1400188366, "TaskId": "abc", "VideoParams": document()}
    preset = services.import_preset(body, user=producer).preset
    assert preset.revisions.get().note == "imported from UpdatePublishCdnStream"


def test_a_given_name_replaces_the_default_one(producer):
    preset = services.import_preset(document(), user=producer, name="  Morning  ").preset
    assert preset.name == "Morning"


def test_an_audio_only_body_is_a_show_without_a_document(producer):
    preset = services.import_preset(seed_examples()[2], user=producer).preset
    assert preset.document is None
    assert preset.revisions.get().document is None
    assert preset.revisions.get().request == preset.request


def test_the_body_is_checked_in_its_own_context(producer):
    # A relay (WithTranscoding 0) cannot carry a layout (R13): only the body says it is one.
    body = copy.deepcopy(seed_examples()[1])
    body["VideoParams"] = {**body["VideoParams"], "LayoutParams": {"MixLayoutMode": 3}}
    with pytest.raises(ShowInvalid) as refused:
        services.import_preset(body, user=producer)
    assert [p.rule for p in refused.value.problems if p.severity == "error"] == ["R13"]
    assert refused.value.field == "VideoParams.LayoutParams"
    assert not Preset.objects.exists()


@pytest.mark.parametrize("body", [[], "text", None, {}])
def test_a_body_that_is_no_document_is_refused(producer, body):
    with pytest.raises(MixStudioError):
        services.import_preset(body, user=producer)
    assert not Preset.objects.exists()
