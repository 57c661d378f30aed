"""POST /api/presets/import/ and GET /api/presets/{id}/request/: a whole show in and out.

A Start or Update body (audio only included) becomes a preset keeping every key;
the preset answers its StartPublishCdnStream body again, key for key, without
the secrets it never kept.
"""

from __future__ import annotations

import copy
import json

import pytest

from layouts.models import Preset, PresetRevision
from tests.factories import document, seed_examples

pytestmark = pytest.mark.django_db

SEED = seed_examples()


def post_json(api, body, query=""):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return api.generic("POST", f"/api/presets/import/{query}", raw, content_type="application/json")


def without_usersigs(body):
    """The body as a preset answers it: no UserSig anywhere."""
    body = copy.deepcopy(body)
    body.get("AgentParams", {}).pop("UserSig", None)
    for room in body.get("FeedBackRoomParams", []):
        room.pop("UserSig", None)
    return body


def test_the_seed_file_has_five_examples():
    assert len(SEED) == 5
    assert ["VideoParams" in body for body in SEED] == [True, True, False, True, True]


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
def test_seed_example_comes_back_from_request_key_for_key_without_its_usersig(api, number):
    body = SEED[number - 1]
    created = post_json(api, body, f"?name=Example%20{number}")
    assert created.status_code == 201, created.json()
    assert created.json()["withheld"] == ["AgentParams.UserSig"]
    exported = api.get(f"/api/presets/{created.json()['id']}/request/")
    assert exported.status_code == 200
    assert exported.json() == without_usersigs(body)
    assert list(exported.json()) == list(body)  # the order given, too
    assert exported["X-Mix-Withheld"] == "AgentParams.UserSig"


@pytest.mark.parametrize("number", [1, 2, 4, 5])
def test_seed_example_keeps_exactly_its_video_params_as_the_document(api, number):
    body = SEED[number - 1]
    created = post_json(api, body).json()
    assert created["document"] == body["VideoParams"]
    stored = Preset.objects.get(pk=created["id"])
    assert stored.document == body["VideoParams"]
    assert "VideoParams" not in stored.request


def test_the_audio_only_example_is_a_show_without_a_picture(api):
    response = post_json(api, SEED[2], "?name=Audio")
    assert response.status_code == 201, response.json()
    preset = Preset.objects.get(pk=response.json()["id"])
    assert preset.document is None
    assert preset.request["SingleSubscribeParams"] == SEED[2]["SingleSubscribeParams"]
    assert preset.request["AudioParams"] == SEED[2]["AudioParams"]
    assert api.get(f"/api/presets/{preset.pk}/preview.png").status_code == 200


def test_no_usersig_is_stored_in_the_preset_or_its_revision(api):
    created = post_json(api, SEED[0]).json()
    usersig = SEED[0]["AgentParams"]["UserSig"]
    preset = Preset.objects.get(pk=created["id"])
    revision = PresetRevision.objects.get(preset=preset)
    for stored in (preset.request, revision.request):
        assert usersig not in json.dumps(stored)
        assert stored["AgentParams"] == {"MaxIdleTime": 30, "UserId": "trtc_partner_test_1"}
    assert usersig not in json.dumps(created)


def test_storage_keys_and_push_back_usersigs_are_withheld(api):
    body = copy.deepcopy(SEED[0])
    body["FeedBackRoomParams"] = [
        {"RoomId": "777", "RoomIdType": 0, "UserId": "fb_robot", "UserSig": "eJwsecret"}
    ]
    body["RecordParams"] = {
        "UniRecord": 1,
        "McuStorageParams": {
            "CloudStorage": {
                "Vendor": 0,
                "Region": "ap-guangzhou",
                "Bucket": "b",
                "AccessKey": "AKIDsecret",
                "SecretKey": "very-secret",
            }
        },
    }
    created = post_json(api, body).json()
    assert sorted(created["withheld"]) == [
        "AgentParams.UserSig",
        "FeedBackRoomParams[0].UserSig",
        "RecordParams.McuStorageParams.CloudStorage.AccessKey",
        "RecordParams.McuStorageParams.CloudStorage.SecretKey",
    ]
    exported = api.get(f"/api/presets/{created['id']}/request/")
    text = json.dumps(exported.json())
    assert "AKIDsecret" not in text and "very-secret" not in text and "eJwsecret" not in text
    assert exported.json()["RecordParams"]["McuStorageParams"]["CloudStorage"] == {
        "Vendor": 0,
        "Region": "ap-guangzhou",
        "Bucket": "b",
    }
    assert exported["X-Mix-Withheld"].split(", ") == [
        "AgentParams.UserSig",
        "FeedBackRoomParams[0].UserSig",
        "RecordParams.McuStorageParams.CloudStorage.AccessKey",
        "RecordParams.McuStorageParams.CloudStorage.SecretKey",
    ]


def test_an_exported_body_imports_again_unchanged(api):
    first = post_json(api, SEED[0]).json()
    exported = api.get(f"/api/presets/{first['id']}/request/").json()
    second = post_json(api, exported)
    assert second.status_code == 201, second.json()
    assert api.get(f"/api/presets/{second.json()['id']}/request/").json() == exported


def test_seed_example_4_warns_that_zero_size_means_the_whole_canvas(api):
    created = post_json(api, SEED[3]).json()
    zero = [w for w in created["warnings"] if w["rule"] == "zero-size"]
    assert [w["path"] for w in zero] == [
        "VideoParams.LayoutParams.MixLayoutList[0].ImageWidth",
        "VideoParams.LayoutParams.MixLayoutList[0].ImageHeight",
    ]


def test_a_bare_video_params_object_imports_as_a_transcoded_show(api):
    response = post_json(api, document(), "?name=Bare")
    assert response.status_code == 201
    assert response.json()["document"] == document()
    assert response.json()["request"] == {"WithTranscoding": 1}


def test_an_update_body_keeps_every_part_but_the_task_it_named(api):
    body = {
        "SdkAppId": 1400188366,
        "TaskId": "abc",
        "SequenceNumber": 3,
        "WithTranscoding": 1,
        "AudioParams": {"UnSubscribeAudioList": [{"UserInfo": {"UserId": "guest"}}]},
        "VideoParams": document(slots=4),
        "SeiParams": {"LayoutVolume": {"AppData": "show-42"}},
    }
    created = post_json(api, body).json()
    assert created["document"] == document(slots=4)
    assert created["name"] == "Imported UpdatePublishCdnStream"
    assert created["left_out"] == ["TaskId", "SequenceNumber"]
    assert created["request"] == {
        "SdkAppId": 1400188366,
        "WithTranscoding": 1,
        "AudioParams": body["AudioParams"],
        "SeiParams": body["SeiParams"],
    }


def test_a_partial_start_body_is_kept_whole_with_a_warning_for_each_launch_time_part(api):
    body = {"RoomId": "8888", "RoomIdType": 0, "VideoParams": document()}
    response = post_json(api, body)
    assert response.status_code == 201, response.json()
    warned = {(w["path"], w["rule"]) for w in response.json()["warnings"]}
    assert {
        ("SdkAppId", "R7"),
        ("AgentParams", "R7"),
        ("WithTranscoding", "R7"),
        ("AudioParams", "R20"),
        ("PublishCdnParams", "R15"),
    } <= warned
    assert all(w["severity"] == "warning" for w in response.json()["warnings"])


def test_a_malformed_body_gets_every_problem_with_its_path_and_rule_and_saves_nothing(api):
    body = copy.deepcopy(SEED[0])
    body["AudioParams"]["AudioEncode"]["SampleRate"] = 22050
    body["PublishCdnParams"][1]["PublishCdnUrl"] = "http://not-rtmp.example.com/x"
    body["VideoParams"]["BackGroundColor"] = "#FF0000"
    body["Volume"] = 3
    response = post_json(api, body)
    assert response.status_code == 400
    errors = {
        (p["path"], p["rule"]) for p in response.json()["problems"] if p["severity"] == "error"
    }
    assert errors == {
        ("AudioParams.AudioEncode.SampleRate", "R30"),
        ("PublishCdnParams[1].PublishCdnUrl", "R18"),
        ("VideoParams.BackGroundColor", "R46"),
        ("Volume", "unknown-field"),
    }
    assert response.json()["field"] in {path for path, _rule in errors}
    assert Preset.objects.count() == 0 and PresetRevision.objects.count() == 0


def test_an_unknown_action_is_refused(api):
    response = post_json(api, {"Action": "DescribeRoomInfo", "VideoParams": document()})
    assert response.status_code == 400
    assert response.json()["field"] == "Action"


def test_relay_body_with_a_layout_is_refused_by_r13(api):
    body = dict(SEED[1])
    body["VideoParams"] = {**body["VideoParams"], "LayoutParams": {"MixLayoutMode": 3}}
    response = post_json(api, body)
    assert response.status_code == 400
    assert "R13" in [p["rule"] for p in response.json()["problems"] if p["severity"] == "error"]


@pytest.mark.parametrize(
    "raw", [b"[]", b'"text"', b"42", b"null", b"{}", b'{"VideoParams": 5, "RoomId": "1"}']
)
def test_non_documents_are_refused_with_400(api, raw):
    response = post_json(api, raw)
    assert response.status_code == 400
    assert response.json()["message"]
    assert Preset.objects.count() == 0


def test_extract_reads_a_pasted_body_without_saving(api):
    response = api.post("/api/layouts/extract/", SEED[0], format="json")
    assert response.status_code == 200
    assert response.json() == {
        "document": SEED[0]["VideoParams"],
        "source": "StartPublishCdnStream",
    }
    assert Preset.objects.count() == 0


def test_request_of_a_preset_made_in_the_editor_is_its_picture_transcoded(api):
    created = api.post("/api/presets/", {"name": "n", "document": document()}, format="json")
    assert created.status_code == 201
    exported = api.get(f"/api/presets/{created.json()['id']}/request/").json()
    assert exported == {"WithTranscoding": 1, "VideoParams": document()}
    assert api.get("/api/presets/999999/request/").status_code == 404
