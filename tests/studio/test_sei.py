"""H.264 SEI written and read back, Annex B and length-prefixed (pure)."""

from __future__ import annotations

from layouts.core import sei

SLICE = b"\x00\x00\x00\x01\x65\x88\x84\x00"
SPS = b"\x00\x00\x00\x01\x67\x64\x00\x0c"


def test_a_message_goes_before_the_first_slice_and_reads_back():
    item = sei.message(100, b'{"regions":[],"canvas":{"w":2,"h":2}}')
    unit = sei.insert_before_slices(SPS + SLICE, sei.sei_nal([item]))

    assert unit.startswith(SPS) and unit.endswith(SLICE)
    assert sei.read_messages(unit) == [item]
    assert sei.volume_layout(sei.read_messages(unit)[0], 100) == {
        "regions": [],
        "canvas": {"w": 2, "h": 2},
    }


def test_zero_bytes_in_a_payload_survive_emulation_prevention():
    item = sei.message(5, b"\x00\x00\x01\x00\x00\x00\x03tail", uuid=bytes(16))
    nal = sei.sei_nal([item])

    assert b"\x00\x00\x00" not in nal and b"\x00\x00\x01" not in nal
    [read] = sei.read_messages(b"\x00\x00\x01" + nal)
    assert read.uuid == bytes(16)
    assert read.content == b"\x00\x00\x01\x00\x00\x00\x03tail"


def test_large_payloads_use_ff_coded_sizes():
    item = sei.message(254, b"x" * 600)

    assert sei.read_messages(b"\x00\x00\x01" + sei.sei_nal([item])) == [item]


def test_length_prefixed_packets_as_flv_carries_them():
    nal = sei.sei_nal([sei.message(100, b"{}")])
    packet = len(nal).to_bytes(4, "big") + nal + (4).to_bytes(4, "big") + b"\x65\x88\x84\x00"
    extradata = bytes([1, 0x64, 0, 0x0C, 0xFF])

    assert sei.length_size_of(extradata) == 4
    assert sei.read_messages(packet, length_size=4) == [sei.message(100, b"{}")]


def test_other_json_is_not_a_volume_layout():
    assert sei.volume_layout(sei.message(100, b'{"cue": 1}')) is None
    assert sei.volume_layout(sei.message(101, b'{"regions":[],"canvas":{}}'), 100) is None


def test_the_pinned_pyav_wheel_has_the_encoders_and_muxers_the_program_needs():
    import av

    assert {"libx264", "aac", "h264"} <= av.codecs_available
    assert {"mpegts", "flv", "hls"} <= av.formats_available
