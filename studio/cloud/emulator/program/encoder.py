"""A span of program (a part or a segment) as MPEG-TS bytes: H.264 with the task's SEI,
and AAC; with the SEI it wrote, for the monitor's overlay.

Everything here is a function of the timeline and the span: frame times, key
frames, SEI instants and audio samples are all counted from the Start, so spans
drawn apart (by different workers, at different times) join up as one stream.
Each span starts with a key frame of its own: whichever worker draws the next
one starts a new encoder.

What is on air between two changes (the document, its regions, the still frame,
the room and the mix gains; for a relay, the relayed user's own picture and
sound: relay.py) is worked out once per change and kept in an `OnAirMemo`,
which the engine keeps for its worker process: a frame only adds what moves.
"""

from __future__ import annotations

import io
import json
import math
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import av
import numpy as np

from layouts.core import geometry, sei
from layouts.core.geometry import Layout, Participant
from studio.cloud.emulator.program import audio, relay, room
from studio.cloud.emulator.program.picture import LoadImage, Still
from studio.cloud.emulator.program.timeline import (
    EPSILON,
    Part,
    Segment,
    Timeline,
    frame_times,
    video_encode,
)

VIDEO_CLOCK = 90_000  # MPEG-TS time base
AAC_FRAME = 1024  # samples per AAC frame
# Encoded and dropped on either side of a span, so that its first and last kept frames
# are coded with their true neighbours: AAC frames overlap, and a decoder joins the
# last frame of one span to the first of the next without a click.
AAC_PREROLL_FRAMES = 2
AAC_POSTROLL_FRAMES = 2
DEFAULT_AUDIO = {"SampleRate": 48000, "Channel": 2, "BitRate": 64}
LAYOUT_VOLUME_DEFAULTS = {"AppData": "", "PayloadType": 100, "Interval": 1000, "FollowIdr": 0}
PASS_THROUGH_DEFAULTS = {"Interval": 1000, "FollowIdr": 0}
MAX_PAYLOAD_BYTES = 64 * 1024
MEMO_ENTRIES = 12  # still frames a worker keeps: 6 MB each at 1080p

LayoutFor = Callable[[Mapping[str, Any], Sequence[Participant], tuple[str, int]], Layout]


@dataclass(frozen=True)
class EncoderSettings:
    preset: str = "veryfast"
    threads: int = 1


@dataclass(frozen=True)
class Rendered:
    """A span's MPEG-TS bytes and the SEI written into it, one entry per message."""

    data: bytes
    sei: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class OnAir:
    """What is on air from one change (of parameters or of room) to the next."""

    params: Mapping[str, Any]
    people: tuple[Participant, ...]
    layout: Layout
    still: Still | None  # None for an audio-only task
    gains: Mapping[str, float]
    encode: dict[str, int] | None  # the picture's VideoEncode (a relay's at its stream's size)


class OnAirMemo:
    """The last few `OnAir` worked out, by key; oldest forgotten first."""

    def __init__(self, entries: int = MEMO_ENTRIES) -> None:
        self.entries = entries
        self._kept: OrderedDict[Hashable, OnAir] = OrderedDict()

    def get(self, key: Hashable, make: Callable[[], OnAir]) -> OnAir:
        found = self._kept.get(key)
        if found is None:
            found = self._kept[key] = make()
            while len(self._kept) > self.entries:
                self._kept.popitem(last=False)
        else:
            self._kept.move_to_end(key)
        return found


def default_layout_for(
    document: Mapping[str, Any], people: Sequence[Participant], main_room: tuple[str, int]
) -> Layout:
    return geometry.regions(dict(document), list(people), main_room=main_room)


class Program:
    """Draws and sounds a task's program."""

    def __init__(
        self,
        timeline: Timeline,
        *,
        load_image: LoadImage,
        layout_for: LayoutFor = default_layout_for,
        settings: EncoderSettings | None = None,
        memo: OnAirMemo | None = None,
        memo_key: Hashable = None,
    ) -> None:
        self.timeline = timeline
        self.load_image = load_image
        self.layout_for = layout_for
        self.settings = settings or EncoderSettings()
        self.memo = memo or OnAirMemo()
        # Whatever else the drawing depends on (the calibration of the templates).
        self.memo_key = memo_key

    # What is on air at t ------------------------------------------------------------

    def on_air_at(self, t: float) -> OnAir:
        timeline = self.timeline
        index, told = timeline.change_index_at(t), timeline.room_index_at(t)
        change = timeline.changes[index]
        room_at = timeline.rooms[told].at if told >= 0 else None
        key = (timeline.task_id, self.memo_key, index, change.at, told, room_at)
        return self.memo.get(key, lambda: self._on_air(index, told))

    def _on_air(self, index: int, told: int) -> OnAir:
        timeline = self.timeline
        params = timeline.changes[index].params
        told_room = timeline.rooms[told].participants if told >= 0 else None
        relayed = relay.relay_of(params, told_room, timeline.room)
        if relayed is not None:
            still = None
            if relayed.encode is not None:
                still = Still(relay.STILL_DOCUMENT, relayed.layout, load_image=self.load_image)
            return OnAir(
                params, relayed.people, relayed.layout, still, relayed.gains, relayed.encode
            )
        people = room.named_until(timeline, index) if told_room is None else told_room
        document = params.get("VideoParams") or {}
        layout = self.layout_for(document, people, timeline.room)
        encode = video_encode(params)
        still = None
        if encode is not None:
            still = Still(document, layout, load_image=self.load_image)
        gains = audio.mix_gains(params.get("AudioParams"), people, timeline.room)
        return OnAir(params, people, layout, still, gains, encode)

    def mixed_levels_at(self, t: float, on_air: OnAir | None = None) -> dict[str, int]:
        on_air = on_air or self.on_air_at(t)
        timeline = self.timeline
        levels = audio.levels_at(timeline.task_id, on_air.people, t, timeline.started_at)
        return audio.mixed_levels(levels, on_air.gains)

    def sei_messages_at(
        self, t: float, *, previous: float, key_frame: bool
    ) -> list[tuple[sei.SeiMessage, dict[str, Any]]]:
        """The SEI the task asks for on the frame at `t` (the frame before is at `previous`),
        each with what the monitor's overlay reads of it."""
        on_air = self.on_air_at(t)
        sei_params = on_air.params.get("SeiParams")
        if not isinstance(sei_params, Mapping):
            return []
        messages = []
        layout_volume = sei_params.get("LayoutVolume")
        if isinstance(layout_volume, Mapping):
            options = {**LAYOUT_VOLUME_DEFAULTS, **layout_volume}
            if self._due(options, t, previous, key_frame):
                payload = geometry.volume_sei(
                    on_air.layout,
                    app_data=str(options["AppData"]),
                    volumes=self.mixed_levels_at(t, on_air),
                    ts=int(t),
                )
                content = json.dumps(payload, separators=(",", ":")).encode("utf-8")
                payload_type = int(options["PayloadType"])
                messages.append(
                    (
                        sei.message(payload_type, content),
                        {"payload_type": payload_type, "layout_volume": payload},
                    )
                )
        pass_through = sei_params.get("PassThrough")
        if isinstance(pass_through, Mapping) and isinstance(
            pass_through.get("PayloadContent"), str
        ):
            options = {**PASS_THROUGH_DEFAULTS, **pass_through}
            if self._due(options, t, previous, key_frame):
                content = options["PayloadContent"].encode("utf-8")[:MAX_PAYLOAD_BYTES]
                payload_type = int(options.get("PayloadType", sei.USER_DATA_UNREGISTERED))
                uuid = None
                if payload_type == sei.USER_DATA_UNREGISTERED:
                    uuid = bytes.fromhex(str(options.get("PayloadUuid", "0" * 32)))
                text = content.decode("utf-8", "replace")
                messages.append(
                    (
                        sei.message(payload_type, content, uuid),
                        {"payload_type": payload_type, "content": text},
                    )
                )
        return messages

    def _due(self, options: Mapping[str, Any], t: float, previous: float, key_frame: bool) -> bool:
        """Every Interval ms counted from the Start, and on key frames with FollowIdr (R48)."""
        interval = options.get("Interval")
        interval = interval if type(interval) is int and interval > 0 else 1000
        start = self.timeline.started_at
        tick = math.floor((t - start + EPSILON) * 1000 / interval)
        before = math.floor((previous - start + EPSILON) * 1000 / interval)
        return tick != before or (options.get("FollowIdr") == 1 and key_frame)

    # Encoding -----------------------------------------------------------------------

    def render(self, span: Part | Segment) -> Rendered:
        """`span` as an MPEG-TS file that starts with a key frame, and the SEI in it."""
        on_air = self.on_air_at(span.start)
        params, encode = on_air.params, on_air.encode
        written: list[dict[str, Any]] = []
        buffer = io.BytesIO()
        with av.open(buffer, "w", format="mpegts") as output:
            video = self.video_stream(output, encode) if encode else None
            sound = self.audio_stream(output, params)
            if video is not None and encode is not None:
                self._encode_video(output, video, span, encode, written)
            if sound is not None:
                self._encode_audio(output, sound, span)
        return Rendered(buffer.getvalue(), tuple(written))

    def segment_bytes(self, segment: Segment | Part) -> bytes:
        """`segment` as an MPEG-TS file."""
        return self.render(segment).data

    def video_stream(self, output: Any, encode: dict[str, int]) -> Any:
        """The H.264 stream of `output` as the task's VideoEncode asks (the bench's too)."""
        stream = output.add_stream("libx264", rate=encode["Fps"])
        # H.264 needs even sizes for 4:2:0; Tencent's encoder rounds the same way.
        stream.width = max(encode["Width"] // 2 * 2, 2)
        stream.height = max(encode["Height"] // 2 * 2, 2)
        stream.pix_fmt = "yuv420p"
        stream.time_base = Fraction(1, VIDEO_CLOCK)
        stream.codec_context.time_base = Fraction(1, VIDEO_CLOCK)
        stream.bit_rate = encode["BitRate"] * 1000
        stream.gop_size = encode["Gop"] * encode["Fps"]
        stream.codec_context.thread_count = self.settings.threads
        stream.options = {
            "preset": self.settings.preset,
            # No B-frames and no look-ahead: a live encoder's setting, and each
            # packet is then one frame in display order, ready for its SEI.
            "tune": "zerolatency",
            "forced-idr": "1",
            "maxrate": str(encode["BitRate"] * 1000),
            "bufsize": str(encode["BitRate"] * 2000),
            "x264-params": "scenecut=0",
        }
        return stream

    def audio_stream(self, output: Any, params: Mapping[str, Any]) -> Any:
        """The AAC stream of `output` as the task's AudioEncode asks, or None (no sound)."""
        audio_params = params.get("AudioParams")
        if not isinstance(audio_params, Mapping):
            return None
        encode = audio_params.get("AudioEncode")
        encode = {**DEFAULT_AUDIO, **(encode if isinstance(encode, Mapping) else {})}
        # FFmpeg's own AAC encoder makes LC-AAC only: HE-AAC (Codec 1, 2) is sent as LC.
        stream = output.add_stream("aac", rate=int(encode["SampleRate"]))
        stream.layout = "stereo" if encode["Channel"] == 2 else "mono"
        stream.bit_rate = int(encode["BitRate"]) * 1000
        return stream

    def _encode_video(
        self,
        output: Any,
        stream: Any,
        span: Part | Segment,
        encode: dict[str, int],
        written: list[dict[str, Any]],
    ) -> None:
        fps, gop = encode["Fps"], encode["Gop"]
        start = self.timeline.started_at
        size = (stream.width, stream.height)
        for index, t in enumerate(frame_times(span, fps, start)):
            previous = t - 1 / fps
            key_frame = index == 0 or math.floor((t - start + EPSILON) / gop) != math.floor(
                (previous - start + EPSILON) / gop
            )
            on_air = self.on_air_at(t)
            if on_air.still is None:
                continue
            image = on_air.still.frame(t, self.mixed_levels_at(t, on_air))
            if image.size != size:
                image = image.resize(size)
            frame = av.VideoFrame.from_image(image)
            frame.pts = round((t - start) * VIDEO_CLOCK)
            frame.time_base = stream.time_base
            if key_frame:
                frame.pict_type = av.video.frame.PictureType.I
            messages = self.sei_messages_at(t, previous=previous, key_frame=key_frame)
            written.extend(
                {"at": round(t, 3), "key_frame": key_frame, **described}
                for _message, described in messages
            )
            for packet in stream.encode(frame):
                self._mux_video(output, stream, packet, [message for message, _ in messages])
                messages = []
        for packet in stream.encode(None):
            output.mux(packet)

    @staticmethod
    def _mux_video(output: Any, stream: Any, packet: Any, messages: list[sei.SeiMessage]) -> None:
        if not messages:
            output.mux(packet)
            return
        data = sei.insert_before_slices(bytes(packet), sei.sei_nal(messages))
        rewritten = av.Packet(data)
        rewritten.pts, rewritten.dts = packet.pts, packet.dts
        rewritten.time_base = packet.time_base
        rewritten.is_keyframe = packet.is_keyframe
        rewritten.stream = stream
        output.mux(rewritten)

    def _encode_audio(self, output: Any, stream: Any, span: Part | Segment) -> None:
        rate = stream.codec_context.sample_rate
        channels = stream.codec_context.layout.nb_channels
        start = self.timeline.started_at
        first = math.ceil(math.ceil((span.start - start - EPSILON) * rate) / AAC_FRAME)
        last = math.ceil(math.ceil((span.end - start - EPSILON) * rate) / AAC_FRAME)
        begin, finish = max(first - AAC_PREROLL_FRAMES, 0), last + AAC_POSTROLL_FRAMES
        mono = audio.synthesize(
            first_sample=begin * AAC_FRAME,
            blocks=finish - begin,
            block_size=AAC_FRAME,
            sample_rate=rate,
            voices=self._voices(
                [start + n * AAC_FRAME / rate for n in range(begin, finish)], rate, span.end
            ),
        )
        layout_name = "stereo" if channels == 2 else "mono"
        for number in range(begin, finish):
            offset = (number - begin) * AAC_FRAME
            samples = np.tile(mono[offset : offset + AAC_FRAME], (channels, 1))
            frame = av.AudioFrame.from_ndarray(samples, format="fltp", layout=layout_name)
            frame.sample_rate = rate
            frame.pts = number * AAC_FRAME
            frame.time_base = Fraction(1, rate)
            for packet in stream.encode(frame):
                self._mux_audio(output, packet, first * AAC_FRAME, last * AAC_FRAME)
        for packet in stream.encode(None):
            self._mux_audio(output, packet, first * AAC_FRAME, last * AAC_FRAME)

    @staticmethod
    def _mux_audio(output: Any, packet: Any, keep_from: int, keep_to: int) -> None:
        if packet.pts is not None and keep_from <= packet.pts < keep_to:
            output.mux(packet)

    def _voices(
        self, block_starts: Sequence[float], rate: int, end: float
    ) -> list[tuple[float, list[float], list[float]]]:
        """Voice i (the i-th person in join order, at its own pitch): its gain in the mix
        at the start and at the end of each AAC block, with the room and the gains
        in force when the block starts. Blocks past the span's `end` (encoded, then
        dropped) keep what is on air at its end: the span depends on nothing later."""
        task, start = self.timeline.task_id, self.timeline.started_at
        block = AAC_FRAME / rate
        heard: list[tuple[list[float], list[float]]] = []
        for number, t in enumerate(block_starts):
            on_air = self.on_air_at(min(t, end - 1e-3))
            level_from = audio.levels_at(task, on_air.people, t, start)
            level_to = audio.levels_at(task, on_air.people, t + block, start)
            while len(heard) < len(on_air.people):
                heard.append(([0.0] * len(block_starts), [0.0] * len(block_starts)))
            for index, person in enumerate(on_air.people):
                gain = on_air.gains[person.user_id] / 100
                heard[index][0][number] = level_from[person.user_id] * gain
                heard[index][1][number] = level_to[person.user_id] * gain
        return [(audio.pitch_of(index), *gains) for index, gains in enumerate(heard)]
