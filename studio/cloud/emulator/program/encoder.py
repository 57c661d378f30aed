"""One segment of program as MPEG-TS bytes: H.264 with the task's SEI, and AAC.

Everything here is a function of the timeline and the segment's span: frame
times, key frames, SEI instants and audio samples are all counted from the
Start, so segments rendered apart (by different workers, at different times)
join up as one stream.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import av
import numpy as np

from layouts.core import geometry, sei
from layouts.core.geometry import Layout, Participant
from studio.cloud.emulator.program import audio, room
from studio.cloud.emulator.program.picture import LoadImage, Still
from studio.cloud.emulator.program.timeline import Segment, Timeline, frame_times, video_encode

VIDEO_CLOCK = 90_000  # MPEG-TS time base
AAC_FRAME = 1024  # samples per AAC frame
AAC_PREROLL_FRAMES = 2  # encoded and dropped, so the first kept frame has its past
DEFAULT_AUDIO = {"SampleRate": 48000, "Channel": 2, "BitRate": 64}
LAYOUT_VOLUME_DEFAULTS = {"AppData": "", "PayloadType": 100, "Interval": 1000, "FollowIdr": 0}
PASS_THROUGH_DEFAULTS = {"Interval": 1000, "FollowIdr": 0}
MAX_PAYLOAD_BYTES = 64 * 1024

LayoutFor = Callable[[Mapping[str, Any], Sequence[Participant], tuple[str, int]], Layout]


@dataclass(frozen=True)
class EncoderSettings:
    preset: str = "veryfast"
    threads: int = 1


def default_layout_for(
    document: Mapping[str, Any], people: Sequence[Participant], main_room: tuple[str, int]
) -> Layout:
    return geometry.regions(dict(document), list(people), main_room=main_room)


class Program:
    """Draws and sounds a task's program; keeps the still frames it has drawn."""

    def __init__(
        self,
        timeline: Timeline,
        *,
        load_image: LoadImage,
        layout_for: LayoutFor = default_layout_for,
        settings: EncoderSettings | None = None,
    ) -> None:
        self.timeline = timeline
        self.load_image = load_image
        self.layout_for = layout_for
        self.settings = settings or EncoderSettings()
        self._stills: dict[tuple[Any, ...], tuple[Layout, Still]] = {}

    # What is on air at t ------------------------------------------------------------

    def people_at(self, t: float) -> tuple[Participant, ...]:
        return room.participants_at(self.timeline, t)

    def layout_at(self, t: float) -> tuple[Layout, Still]:
        change = self.timeline.change_at(t)
        people = self.people_at(t)
        key = (id(change), people)
        if key not in self._stills:
            document = change.params.get("VideoParams") or {}
            layout = self.layout_for(document, people, self.timeline.room)
            self._stills[key] = (layout, Still(document, layout, load_image=self.load_image))
        return self._stills[key]

    def mixed_levels_at(self, t: float) -> dict[str, int]:
        people = self.people_at(t)
        levels = audio.levels_at(self.timeline.task_id, people, t, self.timeline.started_at)
        params = self.timeline.params_at(t)
        gains = audio.mix_gains(params.get("AudioParams"), people, self.timeline.room)
        return audio.mixed_levels(levels, gains)

    def sei_messages_at(
        self, t: float, *, previous: float, key_frame: bool
    ) -> list[sei.SeiMessage]:
        """The SEI the task asks for on the frame at `t` (the frame before is at `previous`)."""
        params = self.timeline.params_at(t)
        sei_params = params.get("SeiParams")
        if not isinstance(sei_params, Mapping):
            return []
        messages = []
        layout_volume = sei_params.get("LayoutVolume")
        if isinstance(layout_volume, Mapping):
            options = {**LAYOUT_VOLUME_DEFAULTS, **layout_volume}
            if self._due(options, t, previous, key_frame):
                layout, _still = self.layout_at(t)
                payload = geometry.volume_sei(
                    layout,
                    app_data=str(options["AppData"]),
                    volumes=self.mixed_levels_at(t),
                    ts=int(t),
                )
                content = json.dumps(payload, separators=(",", ":")).encode("utf-8")
                messages.append(sei.message(int(options["PayloadType"]), content))
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
                messages.append(sei.message(payload_type, content, uuid))
        return messages

    def _due(self, options: Mapping[str, Any], t: float, previous: float, key_frame: bool) -> bool:
        """Every Interval ms counted from the Start, and on key frames with FollowIdr (R48)."""
        interval = options.get("Interval")
        interval = interval if type(interval) is int and interval > 0 else 1000
        start = self.timeline.started_at
        tick = math.floor((t - start) * 1000 / interval + 1e-6)
        before = math.floor((previous - start) * 1000 / interval + 1e-6)
        return tick != before or (options.get("FollowIdr") == 1 and key_frame)

    # Encoding -----------------------------------------------------------------------

    def segment_bytes(self, segment: Segment) -> bytes:
        """Segment `segment` as an MPEG-TS file."""
        params = self.timeline.params_at(segment.start)
        encode = video_encode(params)
        buffer = io.BytesIO()
        with av.open(buffer, "w", format="mpegts") as output:
            video = self._video_stream(output, encode) if encode else None
            sound = self._audio_stream(output, params)
            if video is not None:
                self._encode_video(output, video, segment, encode)
            if sound is not None:
                self._encode_audio(output, sound, segment)
        return buffer.getvalue()

    def _video_stream(self, output: Any, encode: dict[str, int]) -> Any:
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

    def _audio_stream(self, output: Any, params: Mapping[str, Any]) -> Any:
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
        self, output: Any, stream: Any, segment: Segment, encode: dict[str, int]
    ) -> None:
        fps, gop = encode["Fps"], encode["Gop"]
        start = self.timeline.started_at
        for index, t in enumerate(frame_times(segment, fps)):
            previous = t - 1 / fps
            key_frame = index == 0 or math.floor((t - start) / gop + 1e-6) != math.floor(
                (previous - start) / gop + 1e-6
            )
            layout, still = self.layout_at(t)
            image = still.frame(t, self.mixed_levels_at(t))
            if image.size != (stream.width, stream.height):
                image = image.resize((stream.width, stream.height))
            frame = av.VideoFrame.from_image(image)
            frame.pts = round((t - start) * VIDEO_CLOCK)
            frame.time_base = stream.time_base
            if key_frame:
                frame.pict_type = av.video.frame.PictureType.I
            messages = self.sei_messages_at(t, previous=previous, key_frame=key_frame)
            for packet in stream.encode(frame):
                self._mux_video(output, stream, packet, messages)
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

    def _encode_audio(self, output: Any, stream: Any, segment: Segment) -> None:
        rate = stream.codec_context.sample_rate
        channels = stream.codec_context.layout.nb_channels
        start = self.timeline.started_at
        first = math.ceil(math.ceil((segment.start - start) * rate - 1e-6) / AAC_FRAME)
        last = math.ceil(math.ceil((segment.end - start) * rate - 1e-6) / AAC_FRAME)
        layout_name = "stereo" if channels == 2 else "mono"
        for number in range(max(first - AAC_PREROLL_FRAMES, 0), last):
            block_start = number * AAC_FRAME
            t0 = start + block_start / rate
            t1 = start + (block_start + AAC_FRAME) / rate
            samples = audio.synthesize(
                first_sample=block_start,
                count=AAC_FRAME,
                sample_rate=rate,
                channels=channels,
                voices=self._voices(t0, t1),
            )
            frame = av.AudioFrame.from_ndarray(
                np.ascontiguousarray(samples), format="fltp", layout=layout_name
            )
            frame.sample_rate = rate
            frame.pts = block_start
            frame.time_base = Fraction(1, rate)
            for packet in stream.encode(frame):
                self._mux_audio(output, packet, first * AAC_FRAME, last * AAC_FRAME)
        for packet in stream.encode(None):
            self._mux_audio(output, packet, first * AAC_FRAME, last * AAC_FRAME)

    @staticmethod
    def _mux_audio(output: Any, packet: Any, keep_from: int, keep_to: int) -> None:
        if packet.pts is not None and keep_from <= packet.pts < keep_to:
            output.mux(packet)

    def _voices(self, t0: float, t1: float) -> list[tuple[float, float, float]]:
        people = self.people_at(t0)
        params = self.timeline.params_at(t0)
        gains = audio.mix_gains(params.get("AudioParams"), people, self.timeline.room)
        task, start = self.timeline.task_id, self.timeline.started_at
        level_from = audio.levels_at(task, people, t0, start)
        level_to = audio.levels_at(task, people, t1, start)
        return [
            (
                audio.pitch_of(index),
                level_from[person.user_id] / 100 * gains[person.user_id],
                level_to[person.user_id] / 100 * gains[person.user_id],
            )
            for index, person in enumerate(people)
        ]
