"""H.264 SEI: writing messages into access units and reading them back.

Pure: bytes in, bytes out. The emulator writes the volume-layout and
pass-through SEI (reference C, B.18) into the packets it encodes; the verifier
reads them from any stream FFmpeg demuxes, whether its packets are Annex B
(MPEG-TS, HLS) or length-prefixed (FLV, RTMP: the avcC form).
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from layouts.core.contract.bodies import LAYOUT_VOLUME, SEI_UUID_PAYLOAD_TYPE
from layouts.core.storable import storage_problem

NAL_SEI = 6
VCL_TYPES = frozenset(range(1, 6))  # coded slices, IDR (5) included
# The SEI payload type of user_data_unregistered (a UUID, then any bytes): what the
# API's pass-through PayloadType 5 writes (R49).
USER_DATA_UNREGISTERED = SEI_UUID_PAYLOAD_TYPE
UUID_BYTES = 16
LAYOUT_PAYLOAD_TYPE_DEFAULT: int = LAYOUT_VOLUME.by_name["PayloadType"].default  # R48
START_CODE = b"\x00\x00\x00\x01"
RBSP_TRAILING = b"\x80"

# What a volume-layout payload may be, read from a stream anyone can craft. The
# real one (reference C) is an object of a list of objects, a few hundred bytes
# per picture, with AppData under 4096 characters and pixel counts and a Unix
# time for numbers; anything far beyond that is not one, and is not parsed.
MAX_LAYOUT_BYTES = 64 * 1024
MAX_LAYOUT_DEPTH = 8  # the real payload nests 3 deep: payload, regions, region
MAX_LAYOUT_REGIONS = 64  # at most 16 inputs are mixed (D.1); room to spare
MAX_LAYOUT_NUMBER = 2**53  # exactly representable everywhere JSON goes (JavaScript too)
_MAX_NUMBER_DIGITS = len(str(MAX_LAYOUT_NUMBER))
# A packet comes from a stream anyone can craft: what of it is read. A real access
# unit has parameter sets, an SEI NAL unit or two and its slices; an SEI payload's
# size is coded as 0xFF bytes worth 255 each (H.264 7.3.2.3.1): 4096 of them say 1 MiB.
MAX_NALS_READ = 1024
MAX_MESSAGES_READ = 64
MAX_FF_BYTES = 4096
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")


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
    """Every SEI message in a packet: Annex B, or `length_size`-byte length prefixes.

    Any bytes give a list, never an exception: a truncated or malformed NAL unit
    keeps the whole messages before the break, and at most MAX_MESSAGES_READ
    messages of the first MAX_NALS_READ NAL units are read.
    """
    nals = _length_prefixed(packet, length_size) if length_size else _annexb_nals(packet)
    found: list[SeiMessage] = []
    for nal in itertools.islice(nals, MAX_NALS_READ):
        if nal and nal[0] & 0x1F == NAL_SEI:
            rbsp = remove_emulation_prevention(nal[1:])
            found.extend(_parse_sei(rbsp, MAX_MESSAGES_READ - len(found)))
            if len(found) >= MAX_MESSAGES_READ:
                break
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
    Content that is not strictly that JSON within the limits above (NaN,
    nesting, huge numbers, invalid UTF-8, text no database stores) is
    something else too: never an exception.
    """
    if payload_type is not None and item.payload_type != payload_type:
        return None
    value = strict_json(item.content)
    if not isinstance(value, dict) or not isinstance(value.get("canvas"), dict):
        return None
    regions = value.get("regions")
    if not isinstance(regions, list) or len(regions) > MAX_LAYOUT_REGIONS:
        return None
    return value


def layout_payload_type(params: Mapping[str, Any] | None) -> int:
    """The PayloadType of the volume-layout SEI of a task with these parameters.

    Its LayoutVolume's, or the default (100) when it gives none or asks for no
    layout SEI at all: a reader that knows the task then takes no other message
    for the layout (the pass-through may carry any JSON).
    """
    sei = params.get("SeiParams") if isinstance(params, Mapping) else None
    volume = sei.get("LayoutVolume") if isinstance(sei, Mapping) else None
    value = volume.get("PayloadType") if isinstance(volume, Mapping) else None
    return value if type(value) is int else LAYOUT_PAYLOAD_TYPE_DEFAULT


def strict_json(content: bytes) -> Any:
    """`content` parsed as JSON within the volume-layout limits, or None.

    JSON's parser recurses and Python's accepts NaN, Infinity and numbers of
    any length, so the nesting is measured before parsing (without
    recursion) and every number is checked as it is read.
    """
    if len(content) > MAX_LAYOUT_BYTES:
        return None
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if _nesting(text) > MAX_LAYOUT_DEPTH:
        return None
    try:
        value = json.loads(
            text, parse_constant=_refuse_constant, parse_int=_bounded_int, parse_float=_finite
        )
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
        return None
    if storage_problem(value, max_depth=MAX_LAYOUT_DEPTH) is not None:
        return None
    return value


def _nesting(text: str) -> int:
    """How deep the arrays and objects of JSON `text` nest (brackets in strings do not count)."""
    brackets = _NOT_A_BRACKET.sub("", _JSON_STRING.sub("", text))
    depth = deepest = 0
    for bracket in brackets:
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _bounded_int(text: str) -> int:
    # The digits are counted first: int() of thousands of them is slow, or refused.
    if len(text.lstrip("-")) > _MAX_NUMBER_DIGITS:
        raise ValueError("number out of range")
    value = int(text)
    if abs(value) > MAX_LAYOUT_NUMBER:
        raise ValueError("number out of range")
    return value


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or abs(value) > MAX_LAYOUT_NUMBER:
        raise ValueError("number out of range")
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
    # Each 00 00 03 loses its 03; matches never overlap (each ends in the 03 it
    # removes), so a left-to-right replace is the byte-by-byte rule, at C speed.
    return data.replace(b"\x00\x00\x03", b"\x00\x00")


def _ff_coded(value: int) -> bytes:
    """SEI payload type and size: 0xFF for each 255, then the rest (H.264 7.3.2.3.1)."""
    return b"\xff" * (value // 255) + bytes([value % 255])


def _parse_sei(rbsp: bytes, limit: int) -> list[SeiMessage]:
    found: list[SeiMessage] = []
    position = 0
    while len(found) < limit and position < len(rbsp) and rbsp[position:] != RBSP_TRAILING:
        payload_type, position = _read_ff_coded(rbsp, position)
        size, position = _read_ff_coded(rbsp, position)
        if payload_type is None or size is None or position + size > len(rbsp):
            break  # truncated or not an SEI we can read: keep what was whole
        found.append(SeiMessage(payload_type, rbsp[position : position + size]))
        position += size
    return found


def _read_ff_coded(data: bytes, position: int) -> tuple[int | None, int]:
    value = 0
    end = min(len(data), position + MAX_FF_BYTES)
    while position < end:
        byte = data[position]
        position += 1
        value += byte
        if byte != 0xFF:
            return value, position
    return None, position  # cut short, or larger than anything read here


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


def _annexb_nals(data: bytes) -> Iterator[bytes]:
    """Each NAL unit, as it is found (a crafted packet may hold millions)."""
    header = None
    for start, next_header in _annexb_starts(data):
        if header is not None:
            yield data[header:start].rstrip(b"\x00")
        header = next_header
    if header is not None:
        yield data[header:]


def _length_prefixed(data: bytes, length_size: int) -> Iterator[bytes]:
    position = 0
    while position + length_size <= len(data):
        size = int.from_bytes(data[position : position + length_size], "big")
        position += length_size
        if size <= 0 or position + size > len(data):
            return
        yield data[position : position + size]
        position += size
