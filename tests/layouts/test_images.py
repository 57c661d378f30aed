"""Fetching producers' images safely: layouts.images.

Every test talks to real HTTP servers on 127.0.0.1. A guard refuses (and
records) any connection to another address before a packet leaves, so tests
can check that refused addresses were never contacted.
"""

from __future__ import annotations

import datetime
import io
import socket
import ssl
import struct
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.core.cache import cache
from PIL import Image

from layouts.images import (
    MAX_BYTES,
    ImageUnavailable,
    fetch_image,
    get_image,
    is_public_address,
    validate_image_bytes,
)

LOOPBACK = {"127.0.0.1", "::1"}
RED = (255, 0, 0, 255)
BLUE = (0, 0, 255, 255)
MB = 1024 * 1024

Route = Callable[[BaseHTTPRequestHandler], None]


# --- images ---------------------------------------------------------------------


def png_bytes(size: tuple[int, int] = (4, 3)) -> bytes:
    """A blue PNG with one red pixel at (1, 1)."""
    image = Image.new("RGBA", size, BLUE)
    image.putpixel((1, 1), RED)
    return encode(image, "PNG")


def encode(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A 1x1 PNG whose header claims `width` x `height`.

    Its pixel data is far too short for the claimed size, so a full decode
    fails: a refusal for size proves the header was read first.
    """
    data = bytearray(encode(Image.new("L", (1, 1)), "PNG"))
    ihdr = bytes(data[12:16]) + struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(ihdr))
    return bytes(data)


# --- local servers ------------------------------------------------------------------


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address) -> None:
        """Clients hanging up mid-answer is what the refusal tests expect."""


class LocalServer:
    def __init__(self, routes: dict[str, Route], tls: ssl.SSLContext | None = None) -> None:
        self.routes = routes
        self.seen: list[Seen] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.seen.append(Seen(self.path, dict(self.headers)))
                route = owner.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                try:
                    route(self)
                except OSError:
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = QuietServer(("127.0.0.1", 0), Handler)
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.netloc = f"127.0.0.1:{self.port}"
        # A short poll interval keeps shutdown (and so each test's teardown) fast.
        threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://{self.netloc}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def image(body: bytes, content_type: str = "image/png") -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return route


def redirect(location: str) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return route


def declares_length(length: int, then_wait: float) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "image/png")
        handler.send_header("Content-Length", str(length))
        handler.end_headers()
        time.sleep(then_wait)

    return route


def stall(seconds: float) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        image(png_bytes())(handler)

    return route


def trickle_headers(delay: float) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.wfile.write(b"HTTP/1.0 200 OK\r\nX-Slow: ")
        for _ in range(50):
            time.sleep(delay)
            handler.wfile.write(b"a")

    return route


def trickle_body(delay: float) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        for _ in range(1000):
            time.sleep(delay)
            handler.wfile.write(b"x")

    return route


@dataclass
class Stream:
    """A body of `total` bytes without Content-Length, sent in slow chunks."""

    total: int
    chunk: int = 256 * 1024
    delay: float = 0.002
    sent: int = field(default=0, init=False)

    def __call__(self, handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "image/png")
        handler.end_headers()
        while self.sent < self.total:
            handler.wfile.write(b"\0" * self.chunk)
            self.sent += self.chunk
            time.sleep(self.delay)


# --- fixtures -----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every outbound connection attempt; those not to loopback are refused unsent.

    Only this test's own thread (and the image fetcher's resolver) count: a server
    another test left behind may still be talking to itself on loopback.
    """
    attempts: list[tuple[str, int]] = []
    real_connect = socket.socket.connect
    test_thread = threading.get_ident()

    def guarded_connect(sock: socket.socket, address: tuple) -> None:
        if address[0] not in LOOPBACK or threading.get_ident() == test_thread:
            attempts.append((address[0], address[1]))
        if address[0] not in LOOPBACK:
            raise ConnectionRefusedError(f"test guard: no connections to {address[0]}")
        real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    return attempts


@pytest.fixture(autouse=True)
def defaults(settings) -> None:
    settings.MIX_IMAGE_ALLOWED_HOSTS = []
    settings.MIX_IMAGE_FETCH_TIMEOUT = 5
    settings.MIX_PUBLIC_BASE_URL = "http://studio.test"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def serve():
    servers: list[LocalServer] = []

    def start(routes: dict[str, Route], tls: ssl.SSLContext | None = None) -> LocalServer:
        server = LocalServer(routes, tls)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


class FakeDNS:
    def __init__(self) -> None:
        self.answers: dict[str, list[list[str]]] = {}
        self.lookups: list[str] = []


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> FakeDNS:
    """Names in `answers` resolve to the given addresses, one answer per lookup
    (the last repeats); every lookup is recorded."""
    fake = FakeDNS()
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        fake.lookups.append(host)
        if host not in fake.answers:
            return real_getaddrinfo(host, port, *args, **kwargs)
        answers = fake.answers[host]
        addresses = answers.pop(0) if len(answers) > 1 else answers[0]
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (a, port, 0, 0))
            if ":" in a
            else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in addresses
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return fake


def refusal(url: str) -> ImageUnavailable:
    with pytest.raises(ImageUnavailable) as caught:
        fetch_image(url)
    return caught.value


# --- loading ---------------------------------------------------------------------------


def test_an_allow_listed_png_loads_as_rgba(serve, settings):
    server = serve({"/pic.png": image(png_bytes())})
    settings.MIX_IMAGE_ALLOWED_HOSTS = [server.netloc]

    loaded = fetch_image(server.url("/pic.png"))

    assert (loaded.mode, loaded.size) == ("RGBA", (4, 3))
    assert loaded.getpixel((1, 1)) == RED
    assert loaded.getpixel((0, 0)) == BLUE


def test_an_allow_listed_jpeg_loads(serve, settings):
    server = serve({"/pic.jpg": image(encode(Image.new("RGB", (8, 8), (0, 128, 255)), "JPEG"))})
    settings.MIX_IMAGE_ALLOWED_HOSTS = ["127.0.0.1"]

    red, green, blue, alpha = fetch_image(server.url("/pic.jpg")).getpixel((4, 4))

    assert abs(red - 0) <= 3 and abs(green - 128) <= 3 and abs(blue - 255) <= 3
    assert alpha == 255


def test_content_is_judged_by_decoding_not_by_name_or_type(serve, settings):
    server = serve({"/notes.txt": image(png_bytes(), content_type="text/plain")})
    settings.MIX_IMAGE_ALLOWED_HOSTS = [server.netloc]

    assert fetch_image(server.url("/notes.txt")).getpixel((1, 1)) == RED


def test_a_body_that_is_not_an_image_is_refused(serve, settings):
    server = serve({"/pic.png": image(b"<html>Not found, sorry</html>")})
    settings.MIX_IMAGE_ALLOWED_HOSTS = [server.netloc]

    assert refusal(server.url("/pic.png")).reason == "not-an-image"


def test_an_error_status_is_refused(serve, settings):
    server = serve({})
    settings.MIX_IMAGE_ALLOWED_HOSTS = [server.netloc]

    error = refusal(server.url("/missing.png"))

    assert error.reason == "http-status"
    assert "404" in error.message


# --- addresses -------------------------------------------------------------------------

BLOCKED = [
    "127.0.0.1",
    "::1",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "169.254.169.254",
    "224.0.0.1",
    "0.0.0.0",
    "240.0.0.1",
    "::ffff:127.0.0.1",
    "fe80::1",
    "fc00::1",
    "100.64.0.1",
    "ff02::1",
    "::",
    "2002:7f00:1::",
    "64:ff9b::a00:1",
]


@pytest.mark.parametrize("address", BLOCKED)
def test_the_checker_refuses_non_public_addresses(address):
    assert not is_public_address(address)


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "2606:4700:4700::1111", "::ffff:93.184.216.34", "64:ff9b::808:808"]
)
def test_the_checker_accepts_public_addresses(address):
    assert is_public_address(address)


@pytest.mark.parametrize("address", BLOCKED)
def test_literal_non_public_hosts_are_refused_before_connecting(address, connections):
    host = f"[{address}]" if ":" in address else address

    error = refusal(f"http://{host}/pic.png")

    assert error.reason == "blocked-address"
    assert connections == []


@pytest.mark.parametrize("host", ["2130706433", "0x7f000001", "127.1"])
def test_numeric_spellings_of_loopback_are_refused(host, connections):
    assert refusal(f"http://{host}/pic.png").reason == "blocked-address"
    assert connections == []


def test_a_local_server_not_on_the_allow_list_is_refused(serve, connections):
    server = serve({"/pic.png": image(png_bytes())})

    error = refusal(server.url("/pic.png"))

    assert error.reason == "blocked-address"
    assert "127.0.0.1" in error.message
    assert server.seen == [] and connections == []


def test_a_name_resolving_to_a_private_address_is_refused(dns, connections):
    dns.answers["intranet.test"] = [["10.0.0.7"]]

    assert refusal("http://intranet.test/pic.png").reason == "blocked-address"
    assert connections == []


def test_a_name_with_any_private_address_is_refused(dns, connections):
    dns.answers["mixed.test"] = [["93.184.216.34", "10.0.0.7"]]

    assert refusal("http://mixed.test/pic.png").reason == "blocked-address"
    assert connections == []


def test_the_connection_goes_to_the_checked_address_without_a_second_lookup(
    serve, settings, dns, connections
):
    server = serve({"/pic.png": image(png_bytes())})
    dns.answers["images.test"] = [["127.0.0.1"]]
    settings.MIX_IMAGE_ALLOWED_HOSTS = ["images.test"]

    loaded = fetch_image(f"http://images.test:{server.port}/pic.png")

    assert loaded.getpixel((1, 1)) == RED
    assert dns.lookups.count("images.test") == 1
    assert connections == [("127.0.0.1", server.port)]
    assert server.seen[0].headers["Host"] == f"images.test:{server.port}"


def test_a_name_that_rebinds_to_loopback_after_the_check_is_not_followed(dns, connections):
    dns.answers["rebind.test"] = [["93.184.216.34"], ["127.0.0.1"]]

    error = refusal("http://rebind.test/pic.png")

    assert error.reason == "connection"
    assert dns.lookups.count("rebind.test") == 1
    assert connections == [("93.184.216.34", 80)]


# --- URLs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["ftp://127.0.0.1/pic.png", "file:///etc/passwd", "gopher://127.0.0.1:70/_x"]
)
def test_schemes_other_than_http_and_https_are_refused(url, connections):
    assert refusal(url).reason == "scheme"
    assert connections == []


@pytest.mark.parametrize(
    "url",
    [
        "http://images.test/a b.png",
        "http://images.test/$.png",
        "http://user:secret@images.test/pic.png",
        "http:///pic.png",
        "http://images.test:99999/pic.png",
    ],
)
def test_malformed_urls_are_refused(url, dns, connections):
    assert refusal(url).reason == "bad-url"
    assert dns.lookups == [] and connections == []


# --- redirects -------------------------------------------------------------------------


def test_a_redirect_to_a_port_that_is_not_allow_listed_is_refused(serve, settings, connections):
    elsewhere = serve({"/pic.png": image(png_bytes())})
    server = serve({"/start": redirect(elsewhere.url("/pic.png"))})
    settings.MIX_IMAGE_ALLOWED_HOSTS = [server.netloc]

    error = refusal(server.url("/start"))

    assert error.reason == "blocked-address"
    assert error.url == server.url("/start")
    assert elsewhere.seen == []
    assert connections == [("127.0.0.1", server.port)]


@pytest.mark.parametrize("location", ["file:///etc/passwd", "gopher://127.0.0.1:70/_x"])
def test_a_redirect_to_another_scheme_is_refused(serve, settings, location):
    server = serve({"/start": redirect(location)})
    settings.MIX_IMAGE_ALLOWED_HOSTS = [server.netloc]

    assert refusal(server.url("/start")).reason == "scheme"


def chain(length: int) -> dict[str, Route]:
    """/r<length> redirects step by step down to /r1, which redirects to the image."""
    routes: dict[str, Route] = {"/pic.png": image(png_bytes())}
    for step in range(1, length + 1):
        routes[f"/r{step}"] = redirect(f"/r{step - 1}" if step > 1 else "/pic.png")
    return routes


def test_three_redirects_are_followed(serve, settings):
    server = serve(chain(3))
    settings.MIX_IMAGE_ALLOWED_HOSTS = [server.netloc]

    assert fetch_image(server.url("/r3")).getpixel((1, 1)) == RED
    assert [seen.path for seen in server.seen] == ["/r3", "/r2", "/r1", "/pic.png"]


def test_a_fourth_redirect_is_refused(serve, settings):
    server = serve(chain(4))
    settings.MIX_IMAGE_ALLOWED_HOSTS = [server.netloc]

    assert refusal(server.url("/r4")).reason == "too-many-redirects"
    assert [seen.path for seen in server.seen] == ["/r4", "/r3", "/r2", "/r1"]


@pytest.mark.parametrize(
    "routes", [{"/a": redirect("/a")}, {"/a": redirect("/b"), "/b": redirect("/a")}]
)
def test_a_redirect_loop_is_refused(serve, settings, routes):
    server = serve(routes)
    settings.MIX_IMAGE_ALLOWED_HOSTS = [server.netloc]

    error = refusal(server.url("/a"))

    assert error.reason == "too-many-redirects"
    assert "loop" in error.message


# --- size and pixels ---------------------------------------------------------------------


def test_an_oversized_content_length_is_refused_before_the_body(serve, settings):
    server = serve({"/big.png": declares_length(MAX_BYTES + 1, then_wait=3)})
    settings.MIX_IMAGE_ALLOWED_HOSTS = [server.netloc]

    started = time.monotonic()
    assert refusal(server.url("/big.png")).reason == "too-large"
    assert time.monotonic() - started < 1


def test_an_oversized_body_without_length_is_refused_while_streaming(serve, settings):
    stream = Stream(total=64 * MB)
    server = serve({"/big.png": stream})
    settings.MIX_IMAGE_ALLOWED_HOSTS = [server.netloc]

    assert refusal(server.url("/big.png")).reason == "too-large"
    time.sleep(0.1)
    assert stream.sent < 32 * MB


def test_bytes_over_five_megabytes_are_refused():
    with pytest.raises(ImageUnavailable) as caught:
        validate_image_bytes(b"\0" * (MAX_BYTES + 1))
    assert caught.value.reason == "too-large"


@pytest.mark.parametrize("size", [(2560, 1440), (1440, 2560), (1, 1)])
def test_images_up_to_2k_in_either_orientation_are_accepted(size):
    assert validate_image_bytes(encode(Image.new("RGB", size), "PNG")).size == size


@pytest.mark.parametrize("size", [(2561, 1440), (2560, 1441), (1441, 2560), (1440, 2561)])
def test_images_beyond_2k_are_refused(size):
    with pytest.raises(ImageUnavailable) as caught:
        validate_image_bytes(encode(Image.new("RGB", size), "PNG"))
    assert caught.value.reason == "too-many-pixels"
    assert f"{size[0]}x{size[1]}" in caught.value.message


def test_a_crafted_header_of_ordinary_size_fails_only_when_decoded():
    with pytest.raises(ImageUnavailable) as caught:
        validate_image_bytes(png_declaring(100, 100))
    assert caught.value.reason == "not-an-image"


@pytest.mark.parametrize(
    "size",
    [
        (3000, 2000),  # beyond 2K
        (10000, 10000),  # beyond Image.MAX_IMAGE_PIXELS: Pillow's warning, made an error
        (20000, 20000),  # beyond twice that: Pillow's DecompressionBombError
    ],
)
def test_a_huge_declared_size_is_refused_from_the_header(size):
    with pytest.raises(ImageUnavailable) as caught:
        validate_image_bytes(png_declaring(*size))
    assert caught.value.reason == "too-many-pixels"


def test_a_decompression_bomb_from_a_server_is_refused(serve, settings):
    server = serve({"/bomb.png": image(png_declaring(20000, 20000))})
    settings.MIX_IMAGE_ALLOWED_HOSTS = [server.netloc]

    assert refusal(server.url("/bomb.png")).reason == "too-many-pixels"


def test_an_image_larger_than_2k_from_a_server_is_refused(serve, settings):
    server = serve({"/wide.png": image(encode(Image.new("RGB", (2600, 1000)), "PNG"))})
    settings.MIX_IMAGE_ALLOWED_HOSTS = [server.netloc]

    assert refusal(server.url("/wide.png")).reason == "too-many-pixels"


# --- time ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "route",
    [stall(3), trickle_headers(0.2), trickle_body(0.2)],
    ids=["stalls", "trickles-headers", "trickles-body"],
)
def test_a_slow_server_is_cut_off_at_the_deadline(serve, settings, route):
    server = serve({"/slow.png": route})
    settings.MIX_IMAGE_ALLOWED_HOSTS = [server.netloc]
    settings.MIX_IMAGE_FETCH_TIMEOUT = 1

    started = time.monotonic()
    assert refusal(server.url("/slow.png")).reason == "timeout"
    assert time.monotonic() - started < 1.8


# --- https -------------------------------------------------------------------------------------


def tls_files(directory: Path, hostname: str) -> tuple[Path, ssl.SSLContext, list[str]]:
    """A CA file, and a server context with a certificate for `hostname` that
    records the SNI names clients send."""
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Mix Studio test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hostname)]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(hostname)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_file = directory / "ca.pem"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    chain_file = directory / "server.pem"
    chain_file.write_bytes(
        cert.public_bytes(serialization.Encoding.PEM)
        + key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(chain_file)
    sni_names: list[str] = []
    context.sni_callback = lambda _socket, name, _context: sni_names.append(name)
    return ca_file, context, sni_names


def test_https_to_the_checked_address_verifies_the_certificate_for_the_host_name(
    serve, settings, dns, connections, tmp_path
):
    ca_file, context, sni_names = tls_files(tmp_path, "images.test")
    server = serve({"/pic.png": image(png_bytes())}, tls=context)
    dns.answers["images.test"] = [["127.0.0.1"]]
    settings.MIX_IMAGE_ALLOWED_HOSTS = ["images.test"]
    settings.MIX_IMAGE_CA_BUNDLE = str(ca_file)

    loaded = fetch_image(f"https://images.test:{server.port}/pic.png")

    assert loaded.getpixel((1, 1)) == RED
    assert sni_names == ["images.test"]
    assert connections == [("127.0.0.1", server.port)]
    assert server.seen[0].headers["Host"] == f"images.test:{server.port}"


def test_https_with_a_certificate_for_another_name_is_refused(serve, settings, dns, tmp_path):
    ca_file, context, _names = tls_files(tmp_path, "other.test")
    server = serve({"/pic.png": image(png_bytes())}, tls=context)
    dns.answers["images.test"] = [["127.0.0.1"]]
    settings.MIX_IMAGE_ALLOWED_HOSTS = ["images.test"]
    settings.MIX_IMAGE_CA_BUNDLE = str(ca_file)

    assert refusal(f"https://images.test:{server.port}/pic.png").reason == "connection"
    assert server.seen == []


# --- caching -----------------------------------------------------------------------------------


def test_get_image_fetches_a_url_once(serve, settings):
    server = serve({"/pic.png": image(png_bytes())})
    settings.MIX_IMAGE_ALLOWED_HOSTS = [server.netloc]

    first = get_image(server.url("/pic.png"))
    second = get_image(server.url("/pic.png"))

    assert len(server.seen) == 1
    assert first.getpixel((1, 1)) == second.getpixel((1, 1)) == RED


def test_get_image_remembers_a_failure_briefly(serve, settings):
    server = serve({})
    settings.MIX_IMAGE_ALLOWED_HOSTS = [server.netloc]

    for _ in range(2):
        with pytest.raises(ImageUnavailable) as caught:
            get_image(server.url("/missing.png"))
        assert caught.value.reason == "http-status"
    assert len(server.seen) == 1


def test_fetch_image_is_not_cached(serve, settings):
    server = serve({"/pic.png": image(png_bytes())})
    settings.MIX_IMAGE_ALLOWED_HOSTS = [server.netloc]

    fetch_image(server.url("/pic.png"))
    fetch_image(server.url("/pic.png"))

    assert len(server.seen) == 2


# --- uploaded assets ---------------------------------------------------------------------------


def test_an_uploaded_asset_is_read_from_media_root_without_network(
    settings, tmp_path, dns, connections
):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "logo-1.png").write_bytes(png_bytes())

    loaded = get_image("http://studio.test/media/assets/logo-1.png")

    assert loaded.getpixel((1, 1)) == RED
    assert dns.lookups == [] and connections == []


@pytest.mark.parametrize(
    "name", ["../secret.png", "..%2fsecret.png", "sub/logo.png", ".hidden.png", "logo.png?v=2"]
)
def test_asset_names_cannot_leave_the_assets_folder(settings, tmp_path, dns, connections, name):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "secret.png").write_bytes(png_bytes())

    assert refusal(f"http://studio.test/media/assets/{name}").reason == "bad-url"
    assert dns.lookups == [] and connections == []


def test_a_missing_asset_is_refused(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    assert refusal("http://studio.test/media/assets/gone.png").reason == "http-status"
