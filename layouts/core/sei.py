"""H.264 SEI: writing messages into access units and reading them back.

Pure: bytes in, bytes out. The emulator writes the volume-layout and
pass-through SEI (reference C, B.18) into the packets it encodes; the verifier
reads them from any stream FFmpeg demuxes, whether its packets are Annex B
(MPEG-TS, HLS) or length-prefixed (FLV, RTMP: the avcC form).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from layouts.core.contract.bodies import SEI_UUID_PAYLOAD_TYPE

NAL_SEI = 6
VCL_TYPES = frozenset(range(1, 6))  # coded slices, IDR (5) included
# The SEI payload type of user_data_unregistered (a UUID, then any bytes): what the
# API's pass-through PayloadType 5 writes (R49).
USER_DATA_UNREGISTERED = SEI_UUID_PAYLOAD_TYPE
UUID_BYTES = 16
START_CODE = b"\x00\x00\x00\x01"
RBSP_TRAILING = b"\x80"


@dataclass(frozen=True, slots=True)
class SeiMessage:
    payload_type: int
    payload: bytes  # for user_data_unregistered, the 16-byte UUID comes first

    @property
    def uuid(self) -> bytes | None:
        if self.payload_type != USER_DATA_UNREGISTERED or len(self.payload) < UUID_BYTES:
            return None
        return self.payload[:UUID_BYTES]

    @property
    def content(self) -> bytes:
        """The payload without the UUID of user_data_unregistered."""
        if self.uuid is not None:
            return self.payload[UUID_BYTES:]
        return self.payload


def message(payload_type: int, content: bytes, uuid: bytes | None = None) -> SeiMessage:
    """A message of `payload_type`; type 5 carries `uuid` (16 bytes) before the content."""
    if payload_type == USER_DATA_UNREGISTERED:
        if uuid is None or len(uuid) != UUID_BYTES:
            raise ValueError("user_data_unregistered needs a 16-byte UUID")
        return SeiMessage(payload_type, uuid + content)
    return SeiMessage(payload_type, content)


def sei_nal(messages: Iterable[SeiMessage]) -> bytes:
    """One SEI NAL unit (header included, no start code) holding `messages`."""
    rbsp = bytearray()
    for item in messages:
        rbsp += _ff_coded(item.payload_type) + _ff_coded(len(item.payload)) + item.payload
    rbsp += RBSP_TRAILING
    return bytes([NAL_SEI]) + add_emulation_prevention(bytes(rbsp))


def insert_before_slices(access_unit: bytes, nal: bytes) -> bytes:
    """The Annex B access unit with `nal` placed before its first slice.

    H.264 requires SEI to precede the first VCL NAL unit of the access unit, and
    after any SPS and PPS, which is where an encoder's own SEI sits too.
    """
    for start, header in _annexb_starts(access_unit):
        if access_unit[header] & 0x1F in VCL_TYPES:
            return access_unit[:start] + START_CODE + nal + access_unit[start:]
    return access_unit + START_CODE + nal


def read_messages(packet: bytes, *, length_size: int | None = None) -> list[SeiMessage]:
    """Every SEI message in a packet: Annex B, or `length_size`-byte length prefixes."""
    nals = _length_prefixed(packet, length_size) if length_size else _annexb_nals(packet)
    found: list[SeiMessage] = []
    for nal in nals:
        if nal and nal[0] & 0x1F == NAL_SEI:
            found.extend(_parse_sei(remove_emulation_prevention(nal[1:])))
    return found


def length_size_of(extradata: bytes | None) -> int | None:
    """Bytes of each NAL length in avcC extradata (FLV, MP4); None for Annex B streams."""
    if extradata and len(extradata) >= 5 and extradata[0] == 1:
        return (extradata[4] & 0x03) + 1
    return None


def volume_layout(item: SeiMessage, payload_type: int | None = None) -> dict[str, Any] | None:
    """The section C JSON carried by `item`, or None if it is something else.

    Tencent sends it with the task's PayloadType (default 100); when the caller
    does not know the type, any message whose content is that JSON counts.
    """
    if payload_type is not None and item.payload_type != payload_type:
        return None
    try:
        value = json.loads(item.content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(value, dict) or not isinstance(value.get("regions"), list):
        return None
    if not isinstance(value.get("canvas"), dict):
        return None
    return value


def add_emulation_prevention(rbsp: bytes) -> bytes:
    out = bytearray()
    zeros = 0
    for byte in rbsp:
        if zeros >= 2 and byte <= 3:
            out.append(3)
            zeros = 0
        out.append(byte)
        zeros = zeros + 1 if byte == 0 else 0
    return bytes(out)


def remove_emulation_prevention(data: bytes) -> bytes:
    if b"\x00\x00\x03" not in data:
        return data
    out = bytearray()
    zeros = 0
    for byte in data:
        if zeros >= 2 and byte == 3:
            zeros = 0
            continue
        out.append(byte)
        zeros = zeros + 1 if byte == 0 else 0
    return bytes(out)


def _ff_coded(value: int) -> bytes:
    """SEI payload type and size: 0xFF for each 255, then the rest (H.264 7.3.2.3.1)."""
    return b"\xff" * (value // 255) + bytes([value % 255])


def _parse_sei(rbsp: bytes) -> list[SeiMessage]:
    found = []
    position = 0
    while position < len(rbsp) and rbsp[position:] != RBSP_TRAILING:
        payload_type, position = _read_ff_coded(rbsp, position)
        size, position = _read_ff_coded(rbsp, position)
        if payload_type is None or size is None or position + size > len(rbsp):
            break  # truncated or not an SEI we can read: keep what was whole
        found.append(SeiMessage(payload_type, rbsp[position : position + size]))
        position += size
    return found


def _read_ff_coded(data: bytes, position: int) -> tuple[int | None, int]:
    value = 0
    while position < len(data):
        byte = data[position]
        position += 1
        value += byte
        if byte != 0xFF:
            return value, position
    return None, position


def _annexb_starts(data: bytes) -> Iterator[tuple[int, int]]:
    """(start of the start code, first byte of the NAL header) for each NAL unit."""
    position = 0
    while True:
        found = data.find(b"\x00\x00\x01", position)
        if found < 0 or found + 3 >= len(data):
            return
        start = found - 1 if found > 0 and data[found - 1] == 0 else found
        yield start, found + 3
        position = found + 3


def _annexb_nals(data: bytes) -> list[bytes]:
    starts = list(_annexb_starts(data))
    nals = []
    for index, (_start, header) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(data)
        nals.append(data[header:end].rstrip(b"\x00") if index + 1 < len(starts) else data[header:])
    return nals


def _length_prefixed(data: bytes, length_size: int) -> list[bytes]:
    nals = []
    position = 0
    while position + length_size <= len(data):
        size = int.from_bytes(data[position : position + length_size], "big")
        position += length_size
        if size <= 0 or position + size > len(data):
            break
        nals.append(data[position : position + size])
        position += size
    return nals
