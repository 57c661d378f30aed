"""layouts.core.sei: SEI messages written into H.264 access units and read back."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# ---------------------------------------------------------------------------
# Any bytes a stream carries: the strict reader says "not a volume layout", never raises.


def layout_bytes(text: str) -> sei.SeiMessage:
    return sei.message(100, text.encode())


CANVAS = '"canvas": {"w": 1280, "h": 720}'


@pytest.mark.parametrize(
    "content",
    [
        '{"canvas": {"w": NaN, "h": 720}, "regions": []}',
        '{"canvas": {"w": Infinity, "h": 720}, "regions": []}',
        '{"canvas": {"w": -Infinity, "h": 720}, "regions": []}',
        '{"canvas": {"w": 1e999, "h": 720}, "regions": []}',
        '{"canvas": {"w": ' + "9" * 400 + ', "h": 720}, "regions": []}',
        '{"canvas": {"w": ' + "9" * 5000 + ', "h": 720}, "regions": []}',
        '{"canvas": {"w": 9007199254740993, "h": 720}, "regions": []}',
        "{" + CANVAS + ', "regions": [' + "[" * 100_000 + "]" * 100_000 + "]}",
        "{" + CANVAS + ', "regions": [], "app_data": [[[[[[[[[[1]]]]]]]]]]}',
        "{" + CANVAS + ', "regions": [{"uid": "\\ud800"}]}',
        "{" + CANVAS + ', "regions": [{"uid": "a\\u0000"}]}',
        "{" + CANVAS + ', "regions": [' + ", ".join(['{"uid": "a"}'] * 65) + "]}",
        "{" + CANVAS + ', "regions": [], "app_data": "' + "x" * 70_000 + '"}',
        "{" + CANVAS + ', "regions": [',
    ],
    ids=[
        "NaN",
        "Infinity",
        "-Infinity",
        "a float past the largest",
        "400 digits",
        "5000 digits",
        "past 2**53",
        "100000 levels deep",
        "9 levels deep",
        "a lone surrogate",
        "a NUL character",
        "65 regions",
        "70 KB",
        "cut short",
    ],
)
def test_hostile_json_is_not_a_volume_layout(content):
    assert sei.volume_layout(layout_bytes(content)) is None


def test_invalid_utf8_is_not_a_volume_layout():
    content = b'{"canvas": {"w": 1, "h": 1}, "regions": [{"uid": "\xff\xfe"}]}'
    assert sei.volume_layout(sei.message(100, content)) is None


def test_brackets_inside_strings_do_not_count_as_nesting():
    uid = '[[[[[[[[[[{{{{{{{{{{\\"]]]]'  # JSON text: an escaped quote among brackets
    found = sei.volume_layout(layout_bytes("{" + CANVAS + ', "regions": [{"uid": "' + uid + '"}]}'))
    assert found is not None
    assert found["regions"][0]["uid"] == '[[[[[[[[[[{{{{{{{{{{"]]]]'


def test_wrong_types_where_numbers_belong_are_passed_on_for_the_comparison_to_report():
    found = sei.volume_layout(
        layout_bytes('{"canvas": {"w": "wide", "h": 720}, "regions": [{"uid": "a", "x": []}]}')
    )
    assert found == {"canvas": {"w": "wide", "h": 720}, "regions": [{"uid": "a", "x": []}]}


def test_numbers_up_to_2_to_the_53_are_read():
    found = sei.volume_layout(
        layout_bytes("{" + CANVAS + ', "regions": [], "ts": 9007199254740992, "f": -1.5e3}')
    )
    assert (found["ts"], found["f"]) == (2**53, -1500.0)


def test_the_layout_payload_type_is_the_tasks_or_the_default():
    assert sei.layout_payload_type({"SeiParams": {"LayoutVolume": {"PayloadType": 130}}}) == 130
    assert sei.layout_payload_type({"SeiParams": {"LayoutVolume": {}}}) == 100
    assert sei.layout_payload_type({"SeiParams": {"LayoutVolume": {"PayloadType": "130"}}}) == 100
    assert sei.layout_payload_type({}) == 100
    assert sei.layout_payload_type(None) == 100


# ---------------------------------------------------------------------------
# Any bytes in a packet: a list of messages, read in bounded time.


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from([None, 1, 2, 4]))
def test_any_packet_gives_a_list_of_messages(packet, length_size):
    found = sei.read_messages(packet, length_size=length_size)
    assert len(found) <= sei.MAX_MESSAGES_READ
    for item in found:
        sei.volume_layout(item)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300).map(lambda data: data.replace(b"\x03", b"\x00\x00\x03")))
def test_emulation_prevention_is_removed_as_the_byte_by_byte_rule_says(data):
    assert sei.remove_emulation_prevention(data) == byte_by_byte(data)


def byte_by_byte(data: bytes) -> bytes:
    """H.264 7.4.1: a 03 after two zero bytes is dropped, and the count starts again."""
    out = bytearray()
    zeros = 0
    for byte in data:
        if zeros >= 2 and byte == 3:
            zeros = 0
            continue
        out.append(byte)
        zeros = zeros + 1 if byte == 0 else 0
    return bytes(out)


def test_a_packet_of_millions_of_messages_is_read_to_the_limit_quickly():
    rbsp = b"\x64\x01x" * 1_000_000  # type 100, size 1, one byte: a million messages
    packet = b"\x00\x00\x00\x01\x06" + rbsp + b"\x80" + (b"\x00\x00\x01\x06\x64\x00" * 100_000)
    started = time.monotonic()
    found = sei.read_messages(packet)
    assert len(found) == sei.MAX_MESSAGES_READ
    assert time.monotonic() - started < 1


def test_a_size_of_a_million_ff_bytes_is_given_up_quickly():
    packet = b"\x00\x00\x00\x01\x06\x64" + b"\xff" * 1_000_000 + b"\x01x\x80"
    started = time.monotonic()
    assert sei.read_messages(packet) == []
    assert time.monotonic() - started < 1


def test_a_length_prefix_past_the_end_reads_nothing_past_it():
    nal = sei.sei_nal([volume_message()])
    packet = len(nal).to_bytes(4, "big") + nal + (10**6).to_bytes(4, "big") + b"\x06\x64"
    assert sei.read_messages(packet, length_size=4) == [volume_message()]
