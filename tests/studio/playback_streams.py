"""A CDN of the test's own: a small stream with volume-layout SEI, served on loopback.

What a real cloud task's playback URL plays, made here: H.264 frames encoded
with PyAV (libx264), each carrying the mixer's volume-layout SEI (reference C,
payload type 100) written with layouts.core.sei, cut into one-second MPEG-TS
segments listed by an HLS playlist, and the same video remuxed into one
HTTP-FLV file. A folder of them is served by http.server on 127.0.0.1 with
CORS (a browser plays it from the app's page, another origin), and every path
asked for is recorded, so a test can tell that the player really came.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import av
import numpy as np

from layouts.core import sei

WIDTH, HEIGHT, FPS = 320, 180, 10
GREEN = (0, 200, 0)
LAYOUT_PAYLOAD_TYPE = 100  # LayoutVolume.PayloadType's default (B.18)


def layout_payload(regions: list[dict[str, Any]], ts: int = 1_700_000_000) -> dict[str, Any]:
    """A volume-layout SEI payload in the mixer's shape (reference C)."""
    return {
        "app_data": "",
        "canvas": {"w": WIDTH, "h": HEIGHT},
        "regions": regions,
        "ver": "1.0",
        "ts": ts,
    }


def write_stream(
    folder: Path, regions: list[dict[str, Any]], *, segments: int = 6, colour=GREEN
) -> None:
    """index.m3u8 with `segments` one-second segments (0.ts, 1.ts, ...) and live.flv."""
    nal = sei.sei_nal(
        [sei.message(LAYOUT_PAYLOAD_TYPE, json.dumps(layout_payload(regions)).encode())]
    )
    packets = _encoded(segments, colour)
    cut = [packets[i * FPS : (i + 1) * FPS] for i in range(segments)]
    names = []
    for number, part in enumerate(cut):
        (folder / f"{number}.ts").write_bytes(_mpegts(part, nal))
        names.append(f"{number}.ts")
    lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-TARGETDURATION:1", "#EXT-X-MEDIA-SEQUENCE:0"]
    for name in names:
        lines += ["#EXTINF:1.000,", name]
    lines.append("#EXT-X-ENDLIST")
    (folder / "index.m3u8").write_text("\n".join(lines) + "\n")
    (folder / "live.flv").write_bytes(as_flv([(folder / name).read_bytes() for name in names]))


def _encoded(segments: int, colour) -> list[tuple[bytes, int, int, bool]]:
    codec = av.CodecContext.create("libx264", "w")
    codec.width, codec.height, codec.pix_fmt = WIDTH, HEIGHT, "yuv420p"
    codec.time_base = Fraction(1, FPS)
    codec.gop_size = FPS  # a key frame opens every one-second segment
    codec.options = {"preset": "ultrafast", "tune": "zerolatency", "sc_threshold": "0"}
    found = []
    for index in range(segments * FPS):
        picture = np.zeros((HEIGHT, WIDTH, 3), dtype=np.uint8)
        picture[:, :] = colour
        picture[:, (index * 8) % WIDTH : (index * 8) % WIDTH + 8] = 255  # something moves
        frame = av.VideoFrame.from_ndarray(picture, format="rgb24").reformat(format="yuv420p")
        frame.pts = index
        found.extend((bytes(p), p.pts, p.dts, p.is_keyframe) for p in codec.encode(frame))
    found.extend((bytes(p), p.pts, p.dts, p.is_keyframe) for p in codec.encode(None))
    return found


def _mpegts(packets: list[tuple[bytes, int, int, bool]], nal: bytes) -> bytes:
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mpegts") as output:
        stream = output.add_stream("h264", rate=FPS)
        stream.width, stream.height = WIDTH, HEIGHT
        stream.time_base = Fraction(1, FPS)
        for data, pts, dts, key in packets:
            packet = av.Packet(sei.insert_before_slices(data, nal))
            packet.pts, packet.dts, packet.stream = pts, dts, stream
            packet.time_base = Fraction(1, FPS)
            packet.is_keyframe = key
            output.mux(packet)
    return buffer.getvalue()


def as_flv(segments: list[bytes]) -> bytes:
    """The video of MPEG-TS segments remuxed into one FLV file, as an HTTP-FLV CDN sends it."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="flv") as output:
        stream = None
        for data in segments:
            with av.open(io.BytesIO(data), format="mpegts") as source:
                video = source.streams.video[0]
                if stream is None:
                    stream = output.add_stream_from_template(video)
                for packet in source.demux(video):
                    if packet.dts is not None:
                        packet.stream = stream
                        output.mux(packet)
    return buffer.getvalue()


@dataclass
class Served:
    host: str  # 127.0.0.1:port
    asked: list[str] = field(default_factory=list)  # every path asked for, in order

    def url(self, name: str) -> str:
        return f"http://{self.host}/{name}"


@contextlib.contextmanager
def serve_stream(folder: Path) -> Iterator[Served]:
    """`folder` served over HTTP on loopback with CORS, as a CDN serves a player."""
    served = Served("")
    handler = functools.partial(_CdnHandler, served, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    served.host = f"127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class _CdnHandler(SimpleHTTPRequestHandler):
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".m3u8": "application/vnd.apple.mpegurl",
        ".ts": "video/mp2t",
        ".flv": "video/x-flv",
    }

    def __init__(self, served: Served, *args: Any, **kwargs: Any) -> None:
        self.served = served
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.served.asked.append(self.path)
        super().do_GET()

    def do_OPTIONS(self) -> None:  # noqa: N802
        self.send_response(204)
        self.end_headers()

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Headers", "*")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002
        pass
