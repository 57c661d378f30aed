"""POST /mcp/: the MCP server over streamable HTTP, with the REST API's tokens.

The SDK's streamable HTTP transport is an ASGI application; the app is served by
gunicorn as WSGI. Rather than adding an ASGI-to-WSGI adapter or a second server,
each request runs the SDK's own transport in its stateless JSON mode
(`StreamableHTTPSessionManager(stateless=True, json_response=True)`): one
JSON-RPC message in, one JSON answer out, no session and no stream kept between
requests, which is exactly a WSGI request. asgiref (Django's own) runs it with
`async_to_sync` in the request's thread, and the tools' Django work comes back to
that same thread (`sync_to_async`, thread-sensitive), so the request's database
connection, language and clean-up apply as for any view. What this gives up is
what needs a held connection: server-to-client requests and the GET event
stream (answered 405 here, before the SDK would hold the thread open), which
none of the tools uses.

The caller is the user of the `Authorization: Token <key>` header (DRF's
authtoken, as /api/ takes it), whose role applies to every tool; without a valid
token the answer is 401. No session cookie is read, so there is no CSRF to check.
"""

from __future__ import annotations

import logging
from typing import Any

import anyio
from asgiref.sync import async_to_sync
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from studio.agents import caller
from studio.agents.server import server

# Django checks the Host header (ALLOWED_HOSTS) before this view runs; the SDK's
# own DNS-rebinding check would only refuse the hosts Django allows.
SECURITY = None
# Each request runs a transport of its own: its start and stop are no news.
logging.getLogger("mcp.server.streamable_http_manager").setLevel(logging.WARNING)
logging.getLogger("mcp.server.streamable_http").setLevel(logging.WARNING)
# Headers of the transport's answer that the WSGI server sets itself.
HOP_BY_HOP = frozenset({"content-length", "connection", "transfer-encoding"})


@csrf_exempt
@login_not_required
@require_POST  # a GET would open an event stream that holds a worker's thread
def mcp_endpoint(request: HttpRequest) -> HttpResponse:
    try:
        found = TokenAuthentication().authenticate(request)
    except AuthenticationFailed as failed:
        return unauthorized(str(failed.detail))
    if found is None:
        return unauthorized(
            _(
                "Send a user's API token: Authorization: Token <key> "
                "(manage.py drf_create_token <user> makes one)."
            )
        )
    user, _token = found
    with caller.acting_as(user.pk):
        status, headers, body = async_to_sync(serve)(asgi_scope(request), request.body)
    response = HttpResponse(body, status=status)
    for name, value in headers:
        if name.lower() not in HOP_BY_HOP:
            response[name] = value
    return response


def unauthorized(message: str) -> JsonResponse:
    response = JsonResponse({"error": "not-authenticated", "message": message}, status=401)
    response["WWW-Authenticate"] = "Token"
    return response


async def serve(scope: dict[str, Any], body: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
    """One request through the SDK's transport: its status, headers and body."""
    manager = StreamableHTTPSessionManager(
        app=server._lowlevel_server,  # noqa: SLF001 - the one MCP server; MCPServer gives no other handle
        stateless=True,
        json_response=True,
        security_settings=SECURITY,
    )
    answered = anyio.Event()
    start: dict[str, Any] = {}
    chunks: list[bytes] = []
    sent_body = False

    async def receive() -> dict[str, Any]:
        nonlocal sent_body
        if not sent_body:
            sent_body = True
            return {"type": "http.request", "body": body, "more_body": False}
        await answered.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                answered.set()

    async with manager.run():
        await manager.handle_request(scope, receive, send)
    headers = [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, value in start.get("headers", [])
    ]
    return start.get("status", 500), headers, b"".join(chunks)


def asgi_scope(request: HttpRequest) -> dict[str, Any]:
    """The ASGI scope of a Django request (its headers as the WSGI server read them)."""
    port = request.get_port()
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": request.method,
        "scheme": request.scheme,
        "path": request.path,
        "raw_path": request.path.encode(),
        "root_path": "",
        "query_string": request.META.get("QUERY_STRING", "").encode("latin-1"),
        "headers": [
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in request.headers.items()
        ],
        "client": (request.META.get("REMOTE_ADDR", ""), 0),
        "server": (request.get_host().rsplit(":", 1)[0], int(port) if port.isdigit() else 80),
    }
