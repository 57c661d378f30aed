"""layouts.core.contract.relay: the relay-to-CDN callback's numbers (reference G.2, G.3)."""

from __future__ import annotations

from layouts.core.contract import relay


def test_the_event_numbers_are_those_of_g2():
    assert (relay.EVENT_GROUP_CLOUD_PUBLISH, relay.EVENT_TYPE_CDN_STATUS) == (4, 401)


def test_every_push_state_of_g3_has_its_number_and_a_name():
    assert [
        relay.IDLE,
        relay.CONNECTING,
        relay.RUNNING,
        relay.RECOVERING,
        relay.FAILURE,
        relay.DISCONNECTING,
    ] == [0, 1, 2, 3, 4, 5]
    assert relay.STATUS_NAMES == {
        0: "idle",
        1: "connecting",
        2: "running",
        3: "recovering",
        4: "failure",
        5: "disconnecting",
    }
