"""layouts.core.sei: SEI messages written into H.264 access units and read back."""

from __future__ import annotations

import json

import pytest

from layouts.core import sei

UUID = bytes(range(16))
SLICE = b"\x00\x00\x00\x01\x65" + b"\x88\x84\x00\x00\x03"  # an IDR slice NAL
PARAMETERS = b"\x00\x00\x00\x01\x67\x42\x00\x1f" + b"\x00\x00\x00\x01\x68\xce\x3c\x80"


def volume_message(payload_type: int = 100) -> sei.SeiMessage:
    content = {"app_data": "", "canvas": {"w": 1280, "h": 720}, "regions": [], "ts": 1}
    return sei.message(payload_type, json.dumps(content).encode())


def test_user_data_unregistered_needs_a_16_byte_uuid_before_its_content():
    item = sei.message(sei.USER_DATA_UNREGISTERED, b"hello", UUID)
    assert (item.uuid, item.content, item.payload) == (UUID, b"hello", UUID + b"hello")
    with pytest.raises(ValueError):
        sei.message(sei.USER_DATA_UNREGISTERED, b"hello")
    other = sei.message(100, b"hello")
    assert (other.uuid, other.content) == (None, b"hello")


def test_messages_survive_a_round_trip_through_an_annex_b_access_unit():
    long = sei.message(300, b"\x00\x00\x01" * 100)  # a type and size over 255, start codes inside
    messages = [volume_message(), sei.message(sei.USER_DATA_UNREGISTERED, b"x", UUID), long]
    unit = sei.insert_before_slices(PARAMETERS + SLICE, sei.sei_nal(messages))
    assert sei.read_messages(unit) == messages


def test_the_sei_goes_after_the_parameter_sets_and_before_the_first_slice():
    unit = sei.insert_before_slices(PARAMETERS + SLICE, sei.sei_nal([volume_message()]))
    assert unit.startswith(PARAMETERS + b"\x00\x00\x00\x01\x06")
    assert unit.endswith(SLICE)
    assert sei.insert_before_slices(PARAMETERS, b"\x06x") == PARAMETERS + b"\x00\x00\x00\x01\x06x"


def test_messages_are_read_from_length_prefixed_packets_too():
    nal = sei.sei_nal([volume_message()])
    packet = (
        len(nal).to_bytes(4, "big") + nal + (6).to_bytes(4, "big") + b"\x65\x88\x84\x00\x00\x00"
    )
    assert sei.read_messages(packet, length_size=4) == [volume_message()]
    assert sei.length_size_of(b"\x01\x42\x00\x1f\xff") == 4
    assert sei.length_size_of(b"\x00\x00\x00\x01") is None
    assert sei.length_size_of(None) is None


def test_emulation_prevention_is_added_and_removed():
    raw = b"\x00\x00\x00\x00\x00\x01\x00\x00\x03"
    escaped = sei.add_emulation_prevention(raw)
    assert b"\x00\x00\x00" not in escaped and b"\x00\x00\x01" not in escaped
    assert sei.remove_emulation_prevention(escaped) == raw


def test_a_truncated_sei_keeps_the_whole_messages_before_the_break():
    nal = sei.sei_nal([volume_message(), sei.message(101, b"abcdef")])
    unit = b"\x00\x00\x00\x01" + nal[:-4]
    assert sei.read_messages(unit) == [volume_message()]


def test_the_volume_layout_json_is_recognised_by_its_shape_and_type():
    item = volume_message()
    assert sei.volume_layout(item)["canvas"] == {"w": 1280, "h": 720}
    assert sei.volume_layout(item, payload_type=100) is not None
    assert sei.volume_layout(item, payload_type=101) is None
    assert sei.volume_layout(sei.message(100, b"not json")) is None
    assert sei.volume_layout(sei.message(100, b'{"regions": []}')) is None
