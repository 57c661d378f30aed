"""layouts.core.show: a body split into a show and joined again, every key kept.

Pure tests: run with `pytest tests/layouts/core/test_show.py -p no:django`.
"""

from __future__ import annotations

import copy

import pytest

from layouts.core import show
from tests.factories import document, seed_examples

SEED = seed_examples()


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
def test_splitting_and_joining_a_seed_example_gives_it_back_without_its_usersig(number):
    body = SEED[number - 1]
    found = show.read_show(body)
    joined = show.start_body(found.document, found.request)
    expected = copy.deepcopy(body)
    del expected["AgentParams"]["UserSig"]
    assert joined == expected
    assert list(joined) == list(body)
    assert found.withheld == ("AgentParams.UserSig",)


def test_an_audio_only_body_has_no_document():
    found = show.read_show(SEED[2])
    assert found.document is None and found.source == "StartPublishCdnStream"
    assert "VideoParams" not in show.start_body(None, found.request)


def test_the_body_given_is_not_changed():
    body = copy.deepcopy(SEED[0])
    show.read_show(body)
    assert body == SEED[0]


def test_an_update_body_leaves_out_the_task_it_named():
    body = {"SdkAppId": 1, "TaskId": "t", "SequenceNumber": 4, "SeiParams": {}}
    found = show.read_show(body)
    assert found.source == "UpdatePublishCdnStream"
    assert found.request == {"SdkAppId": 1, "SeiParams": {}}
    assert found.left_out == ("TaskId", "SequenceNumber")


def test_a_bare_video_params_object_is_a_document_and_nothing_else():
    found = show.read_show(document())
    assert found.document == document() and found.request == {} and not found.is_request


def test_video_params_goes_where_the_api_lists_it():
    request = {"RoomId": "1", "PublishCdnParams": [], "AudioParams": {}}
    assert list(show.start_body({"BackGroundColor": "0x000000"}, request)) == [
        "RoomId",
        "VideoParams",
        "PublishCdnParams",
        "AudioParams",
    ]


def test_our_own_part_is_never_in_the_start_body():
    request = {"RoomId": "1", show.APP_KEY: {show.OUTPUTS_OFF: [{"PublishCdnUrl": "rtmp://a/b"}]}}
    assert show.outputs_off(request) == [{"PublishCdnUrl": "rtmp://a/b"}]
    assert show.start_body(None, request) == {"RoomId": "1"}
    assert show.without_app_part(request) == {"RoomId": "1"}


def test_storage_keys_and_every_push_back_usersig_are_withheld():
    request = {
        "FeedBackRoomParams": [{"UserId": "a", "UserSig": "x"}, {"UserId": "b"}, "junk"],
        "RecordParams": {
            "McuStorageParams": {
                "CloudStorage": {"AccessKey": "k", "SecretKey": "s", "Bucket": "b"}
            }
        },
    }
    kept, withheld = show.withhold_secrets(request)
    assert withheld == [
        "FeedBackRoomParams[0].UserSig",
        "RecordParams.McuStorageParams.CloudStorage.AccessKey",
        "RecordParams.McuStorageParams.CloudStorage.SecretKey",
    ]
    assert kept["RecordParams"]["McuStorageParams"]["CloudStorage"] == {"Bucket": "b"}
    assert request["FeedBackRoomParams"][0]["UserSig"] == "x"  # a copy was changed
    assert show.secret_slots(kept) == [
        "FeedBackRoomParams[0].UserSig",
        "FeedBackRoomParams[1].UserSig",
        "RecordParams.McuStorageParams.CloudStorage.AccessKey",
        "RecordParams.McuStorageParams.CloudStorage.SecretKey",
    ]


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ([], ""),
        ({}, ""),
        ({"Response": {"TaskId": "x"}}, "Response"),
        ({"Action": "StopPublishCdnStream", "TaskId": "x"}, "Action"),
    ],
)
def test_what_is_no_show_is_refused_naming_where(body, path):
    with pytest.raises(show.NotAShow) as refused:
        show.read_show(body)
    assert refused.value.path == path
