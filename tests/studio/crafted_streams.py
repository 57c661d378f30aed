"""Streams whose SEI a test writes byte for byte, served from a loopback HTTP server of its own.

What an outside stream may carry is anyone's choice, so the verifier's tests
craft it: a few H.264 frames (encoded once), each with an SEI NAL unit put
before its slices, in MPEG-TS, listed by an HLS playlist and served on
127.0.0.1 only, promptly, late or a byte at a time (always for a bounded time).
"""

from __future__ import annotations

import contextlib
import functools
import io
import threading
import time
from collections.abc import Iterator
from fractions import Fraction
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import av
import numpy as np

from layouts.core import sei

FRAMES = 6
# A trickling answer stops by itself after this long, whether or not anyone still reads.
TRICKLE_LIMIT_SECONDS = 10.0


@functools.cache
def _encoded() -> tuple[tuple[bytes, int, int, bool], ...]:
    """A few small H.264 frames: (Annex B bytes, pts, dts, key frame)."""
    codec = av.CodecContext.create("libx264", "w")
    codec.width, codec.height, codec.pix_fmt = 64, 36, "yuv420p"
    codec.time_base = Fraction(1, 10)
    codec.options = {"preset": "ultrafast", "tune": "zerolatency"}
    found = []
    for index in range(FRAMES):
        frame = av.VideoFrame.from_ndarray(
            np.full((36, 64, 3), index * 40, dtype=np.uint8), format="rgb24"
        )
        frame.pts = index
        for packet in codec.encode(frame.reformat(format="yuv420p")):
            found.append((bytes(packet), packet.pts, packet.dts, packet.is_keyframe))
    for packet in codec.encode(None):
        found.append((bytes(packet), packet.pts, packet.dts, packet.is_keyframe))
    return tuple(found)


def segment(sei_nal: bytes | None) -> bytes:
    """An MPEG-TS segment whose every frame carries `sei_nal` (a whole NAL unit, header first)."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mpegts") as output:
        stream = output.add_stream("h264", rate=10)
        stream.width, stream.height = 64, 36
        stream.time_base = Fraction(1, 10)
        for data, pts, dts, key in _encoded():
            if sei_nal is not None:
                data = sei.insert_before_slices(data, sei_nal)
            packet = av.Packet(data)
            packet.pts, packet.dts, packet.time_base = pts, dts, Fraction(1, 10)
            packet.is_keyframe = key
            packet.stream = stream
            output.mux(packet)
    return buffer.getvalue()


def sei_segment(*contents: bytes, payload_type: int = 100) -> bytes:
    """A segment whose frames carry one SEI NAL unit holding a message per content."""
    return segment(sei.sei_nal([sei.message(payload_type, content) for content in contents]))


def playlist(*names: str) -> bytes:
    lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-TARGETDURATION:1"]
    for name in names:
        lines += ["#EXTINF:0.6,", name]
    return ("\n".join([*lines, "#EXT-X-ENDLIST"]) + "\n").encode()


def hls(segment_bytes: bytes) -> dict[str, bytes]:
    """The files of a one-segment HLS stream."""
    return {"/index.m3u8": playlist("0.ts"), "/0.ts": segment_bytes}


@contextlib.contextmanager
def serve(
    files: dict[str, bytes], *, delay: float = 0.0, trickle: float | None = None
) -> Iterator[str]:
    """`files` served on 127.0.0.1; yields "127.0.0.1:port".

    Each answer starts `delay` seconds after its request; with `trickle`, its body
    then comes one byte every `trickle` seconds, for at most TRICKLE_LIMIT_SECONDS.
    """

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = files.get(self.path.split("?", 1)[0])
            time.sleep(delay)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(OSError):  # the reader gave up: that is the point
                if trickle is None:
                    self.wfile.write(body)
                    return
                stop = time.monotonic() + TRICKLE_LIMIT_SECONDS
                for index in range(len(body)):
                    if time.monotonic() > stop:
                        return
                    self.wfile.write(body[index : index + 1])
                    self.wfile.flush()
                    time.sleep(trickle)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def cloud_task(
    *, sdk_app_id: int = 1400012345, mode: int = 3, sei_params: dict | None = None, **params: Any
):
    """A running task of the real cloud (no call is made): a 320x180 template and its SEI."""
    from studio.control.models import AppProfile, MixTask

    profile, _created = AppProfile.objects.get_or_create(
        sdk_app_id=sdk_app_id, defaults={"name": f"Live {sdk_app_id}"}
    )
    video = {
        "VideoEncode": {"Width": 320, "Height": 180, "Fps": 10, "BitRate": 400, "Gop": 1},
        "LayoutParams": {"MixLayoutMode": mode},
    }
    return MixTask.objects.create(
        app_profile=profile,
        room_id="8001",
        room_id_type=0,
        backend="tencent",
        status=MixTask.Status.RUNNING,
        task_id=f"real-{sdk_app_id}-{MixTask.objects.count()}",
        params={
            "RoomId": "8001",
            "VideoParams": video,
            "SeiParams": {"LayoutVolume": {}} if sei_params is None else sei_params,
            **params,
        },
    )


def layout_json(regions: list[tuple[str, int, int, int, int]], *, w: int = 320, h: int = 180):
    """Volume-layout SEI content (reference C) showing `regions` (uid, x, y, w, h)."""
    import json

    return json.dumps(
        {
            "app_data": "",
            "canvas": {"w": w, "h": h},
            "regions": [
                {"uid": uid, "zorder": 1, "volume": 50, "x": x, "y": y, "w": rw, "h": rh}
                for uid, x, y, rw, rh in regions
            ],
            "ver": "1.0",
            "ts": 1700000000,
        }
    ).encode()
