"""layouts.core.rules.request_context: what the request rules read; the users a request names."""

from __future__ import annotations

import pytest

from layouts.core.contract import bodies
from layouts.core.rules.request_context import (
    SERVER_IMAGE_HOSTS,
    Request,
    audio_users,
    layout_users,
    single_user,
    user_room,
)
from tests.layouts.core.rules.requests import RELAY_ONE, put, start_body, update_body


def request(action: str, sent: dict, started: dict | None = None) -> Request:
    return Request(action=action, sent=sent, params=sent, started=started)


def test_the_main_room_is_the_start_bodys_or_on_update_the_tasks():
    started = put(start_body(), "RoomIdType", 1)
    assert request(bodies.START, start_body()).main_room == ("8888", 0)
    update = update_body(RoomId="1", RoomIdType=0)  # refused as unknown fields anyway
    assert request(bodies.UPDATE, update, started).main_room == ("8888", 1)
    assert request(bodies.UPDATE, update).main_room is None


@pytest.mark.parametrize(
    ("started", "sent", "value"),
    [(1, 0, 1), (0, 1, 0), (None, 1, 1), (None, 2, None), (None, "1", None)],
)
def test_with_transcoding_is_the_tasks_own_before_what_an_update_claims(started, sent, value):
    task = None if started is None else {"WithTranscoding": started}
    assert request(bodies.UPDATE, {"WithTranscoding": sent}, task).with_transcoding == value


def test_the_layout_mode_is_read_from_the_parameters_in_force():
    assert request(bodies.START, start_body()).layout_mode == 4
    grid = put(start_body(), "VideoParams.LayoutParams.MixLayoutMode", 3)
    assert request(bodies.START, grid).layout_mode == 3
    wrong = put(start_body(), "VideoParams.LayoutParams.MixLayoutMode", 7)
    assert request(bodies.START, wrong).layout_mode is None


def test_servers_judge_no_image_host():
    assert SERVER_IMAGE_HOSTS.severity is None
    assert request(bodies.START, {}).image_hosts == SERVER_IMAGE_HOSTS


def test_audio_users_are_the_whitelist_then_the_blacklist_with_their_paths():
    body = put(start_body(), "AudioParams.UnSubscribeAudioList", [{"UserInfo": {"UserId": "x"}}])
    assert [(u.user_id, u.path) for u in audio_users(body)] == [
        ("host_a", "AudioParams.SubscribeAudioList[0].UserInfo"),
        ("x", "AudioParams.UnSubscribeAudioList[0].UserInfo"),
    ]


def test_the_layouts_users_have_paths_under_video_params():
    assert [(u.user_id, u.path) for u in layout_users(start_body())] == [
        ("host_a", "VideoParams.LayoutParams.MixLayoutList[0].UserMediaStream.UserInfo"),
        ("host_b", "VideoParams.LayoutParams.MixLayoutList[1].UserMediaStream.UserInfo"),
    ]


def test_the_relayed_user_is_named_once_or_not_at_all():
    (relayed,) = single_user(RELAY_ONE)
    assert (relayed.user_id, relayed.path) == (
        "host_a",
        "SingleSubscribeParams.UserMediaStream.UserInfo",
    )
    assert list(single_user(start_body())) == []


def test_a_users_room_defaults_to_the_main_room():
    (user,) = audio_users({"AudioParams": {"SubscribeAudioList": [{"UserInfo": {"UserId": "u"}}]}})
    assert user_room(user, ("8888", 1)) == ("8888", 1)
    assert user_room(user, None) == (None, None)
