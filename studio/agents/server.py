"""The MCP server: every tool an agent sees, with its title, description, arguments
and annotations (read-only, destructive), built with the official `mcp` SDK.

The tools' work is in tools.py. Each tool here runs it as the calling user
(caller.py) in Django's own thread (asgiref's sync_to_async, thread-sensitive:
a web request's thread, or the stdio server's one database thread), after the
role check the REST API makes: viewers use the read tools, producers the rest.
A refusal of a service comes back as a tool error (`isError`) in the service's
own words with its code, field and problems; it is never a crash.

Changing what is on air takes two steps: plan_take (a dry run, kept 60 s as a
plan) and take (only with that plan's id, on the same state). slate and
stop_task act at once but only with `confirm: true`.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Annotated, Any, Literal

from asgiref.sync import sync_to_async
from django.core.serializers.json import DjangoJSONEncoder
from django.db import close_old_connections
from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult, ImageContent, TextContent, ToolAnnotations
from pydantic import Field

from layouts.core.storable import storable_copy
from layouts.errors import MixStudioError, ProblemsRefused
from studio.agents import caller, tools
from studio.control.services.director import SLATE_TEXT_MAX
from studio.control.services.errors import AwaitingAnswer
from studio.redaction import redact
from studio.roles import PRODUCER, VIEWER

INSTRUCTIONS = """\
Mix Studio designs and runs Tencent Cloud TRTC cloud mixes. A preset's document is the
API's VideoParams object (the picture of the mix); a task is a running mix.
Read freely: list_presets, get_preset, validate_document, preview_preset and
preview_document (PNG pictures), list_tasks, get_task, get_room, list_events.
To change what a running task shows: plan_take with the whole new document, show the
producer the update and the differences it answers, then take with its plan_id within
60 seconds. A take is refused when the task changed after the plan; plan again.
slate and stop_task change the program at once: ask the producer first and only then
pass confirm: true. Viewers may only read; planning and every change need a producer.
"""

SHOWN_PROBLEMS = 10  # problems listed in an error's text; all of them are in its JSON

# No subscriptions: a listen would hold a web worker's thread for as long as the client likes.
server = MCPServer("Mix Studio", instructions=INSTRUCTIONS, subscriptions=False)


def reads(title: str) -> dict[str, Any]:
    """Registration of a tool that changes nothing."""
    return {
        "title": title,
        "annotations": ToolAnnotations(title=title, read_only_hint=True, open_world_hint=False),
    }


def changes_air(title: str, *, idempotent: bool) -> dict[str, Any]:
    """Registration of a tool that changes what a task sends to the cloud and its viewers."""
    return {
        "title": title,
        "annotations": ToolAnnotations(
            title=title,
            read_only_hint=False,
            destructive_hint=True,
            idempotent_hint=idempotent,
            open_world_hint=True,
        ),
    }


PresetId = Annotated[int, Field(ge=1, description="The preset's id, as list_presets gives it")]
TaskId = Annotated[int, Field(ge=1, description="The task's id, as list_tasks gives it")]
Page = Annotated[int, Field(ge=1, description="Page number, from 1")]
PageSize = Annotated[int, Field(ge=1, le=200, description="Items per page, 1 to 200")]
Document = Annotated[
    dict[str, Any],
    Field(
        description="A VideoParams object, whole, in the TRTC API's own field names "
        "(VideoEncode, LayoutParams, BackGroundColor, WaterMarkList...), as get_preset's "
        "`document` or get_task's `params.VideoParams` show it"
    ),
]
Confirm = Annotated[
    bool,
    Field(
        strict=True,
        description="true only once the producer has agreed; anything else changes nothing",
    ),
]
TaskStatus = Literal["", "starting", "running", "stopping", "stopped", "failed", "unknown"]


# ---------------------------------------------------------------------------
# Presets and documents.


@server.tool(**reads("List presets"))
async def list_presets(
    search: Annotated[
        str, Field(max_length=200, description="Part of a name, description or tag")
    ] = "",
    tag: Annotated[str, Field(max_length=50, description="One exact tag, any case")] = "",
    page: Page = 1,
    page_size: PageSize = 20,
) -> CallToolResult:
    """The preset library in its order (name, id), a page at a time: each preset's id,
    name, description, tags, version and canvas size (no document: use get_preset).
    Answers {count, page, pages, results}."""
    return await called(
        VIEWER, tools.list_presets, search=search, tag=tag, page=page, page_size=page_size
    )


@server.tool(**reads("Read a preset"))
async def get_preset(preset_id: PresetId) -> CallToolResult:
    """One preset whole: its `document` (the VideoParams a task sends), `request` (the rest
    of its StartPublishCdnStream body) and `version`. Secrets are masked unless you are a
    producer."""
    return await called(VIEWER, tools.get_preset, preset_id=preset_id)


@server.tool(**reads("Validate a document"))
async def validate_document(
    document: Document,
    with_transcoding: Annotated[
        Literal[0, 1] | None,
        Field(description="The task's WithTranscoding (0 or 1), when the document is for one"),
    ] = None,
) -> CallToolResult:
    """Check a VideoParams document against every rule of the cloud API without saving
    it. Answers {valid, problems}: each problem names the field (`path`), the rule it
    breaks (`rule`, e.g. R41), its `severity` (error refuses, warning does not) and what to
    change (`message`)."""
    return await called(
        VIEWER, tools.validate_document, document=document, with_transcoding=with_transcoding
    )


@server.tool(**reads("Preview a preset"))
async def preview_preset(
    preset_id: PresetId,
    width: Annotated[int, Field(ge=16, le=1920, description="Picture width in px")] = 640,
) -> CallToolResult:
    """The picture a saved preset puts on air, as a PNG image (with the users it binds
    and imagined guests as test cards), and whether the template geometry is
    approximate."""
    return await called(VIEWER, tools.preview_preset, preset_id=preset_id, width=width)


@server.tool(**reads("Preview a document"))
async def preview_document(
    document: Document,
    participants: Annotated[
        list[dict[str, Any]] | None,
        Field(
            description='Who is in the room, in join order: [{"UserId", "RoomId", '
            '"RoomIdType", "camera", "audio", "screen", "width", "height"}]; absent: the '
            "users the document binds, plus guests"
        ),
    ] = None,
    scale: Annotated[float, Field(gt=0, le=1, description="Size of the picture, 0 to 1")] = 0.5,
    overlay: Annotated[bool, Field(description="Outline and name every region")] = False,
) -> CallToolResult:
    """Render a VideoParams document (saved or not) as the cloud would mix it, as a PNG
    image. A document whose canvas cannot exist is refused naming the field; other
    problems still draw (check them with validate_document)."""
    return await called(
        VIEWER,
        tools.preview_document,
        document=document,
        participants=participants,
        scale=scale,
        overlay=overlay,
    )


# ---------------------------------------------------------------------------
# Tasks.


@server.tool(**reads("List tasks"))
async def list_tasks(
    status: Annotated[TaskStatus, Field(description="Only tasks with this status")] = "",
    page: Page = 1,
    page_size: PageSize = 20,
) -> CallToolResult:
    """Mix tasks, newest first, a page at a time: status, SequenceNumber, room, outputs
    (push URLs' secrets masked), who started it. Answers {count, page, pages, results}."""
    return await called(VIEWER, tools.list_tasks, status=status, page=page, page_size=page_size)


@server.tool(**reads("Read a task"))
async def get_task(task_id: TaskId) -> CallToolResult:
    """One task: status, `sequence_number`, `params` (every parameter in force; its
    VideoParams is the document on air), outputs turned off, CDN status, last error.
    Secrets are masked."""
    return await called(VIEWER, tools.get_task, task_id=task_id)


@server.tool(**reads("Read a task's room"))
async def get_room(task_id: TaskId) -> CallToolResult:
    """Who is in the task's room (UserId, RoomId, camera, audio, screen, level) and where
    the program shows each of them (`on_air`: slot or tile, camera or screen)."""
    return await called(VIEWER, tools.get_room, task_id=task_id)


@server.tool(**reads("List a task's events"))
async def list_events(
    task_id: TaskId,
    after: Annotated[int, Field(ge=0, description="Only events newer than this event id")] = 0,
    page: Page = 1,
    page_size: PageSize = 20,
) -> CallToolResult:
    """The task's event log, newest first: every call to the cloud (Start, Update, Stop)
    with its request and answer, and every callback, secrets masked."""
    return await called(
        VIEWER, tools.list_events, task_id=task_id, after=after, page=page, page_size=page_size
    )


@server.tool(
    title="Plan a Take (dry run)",
    annotations=ToolAnnotations(
        title="Plan a Take (dry run)", read_only_hint=True, open_world_hint=False
    ),
)
async def plan_take(task_id: TaskId, document: Document) -> CallToolResult:
    """Dry run of a Take: what putting `document` on air on this running task would send,
    sending nothing. Answers the exact UpdatePublishCdnStream body (`update`, secrets
    hidden), its `problems`, the `differences` from what is on air in words, and a
    `plan_id` to pass to take within 60 seconds (null when there is nothing to take or
    the update would be refused). Producers only."""
    return await called(PRODUCER, tools.plan_take, task_id=task_id, document=document)


@server.tool(**changes_air("Take a plan (on air)", idempotent=False))
async def take(
    task_id: TaskId,
    plan_id: Annotated[str, Field(max_length=64, description="The plan_id plan_take answered")],
) -> CallToolResult:
    """Put a planned document on air: sends exactly the Update plan_take showed. Refused,
    sending nothing, unless the plan is yours, at most 60 seconds old and the task has not
    changed since (same SequenceNumber and parameters); then plan again. A plan is taken
    once. Producers only."""
    return await called(PRODUCER, tools.take, task_id=task_id, plan_id=plan_id)


@server.tool(**changes_air("Slate on or off (on air)", idempotent=False))
async def slate(
    task_id: TaskId,
    on: Annotated[bool, Field(description="true: slate on air; false: take back what was there")],
    confirm: Confirm = False,
    text: Annotated[
        str | None, Field(max_length=SLATE_TEXT_MAX, description="The built-in slate's words")
    ] = None,
    seconds: Annotated[
        float | None, Field(ge=1, le=3600, description="Take the slate off by itself after this")
    ] = None,
) -> CallToolResult:
    """Put the task's slate on air at once (its slate preset, else the show's canvas and
    logos with `text`), or take it off and put back what was on air before. Changes the
    program immediately: ask the producer, then pass confirm: true. Producers only."""
    return await called(
        PRODUCER,
        tools.slate,
        task_id=task_id,
        on=on,
        confirm=confirm,
        text=text,
        seconds=seconds,
    )


@server.tool(**changes_air("Stop a task", idempotent=True))
async def stop_task(task_id: TaskId, confirm: Confirm = False) -> CallToolResult:
    """Stop the task: its program ends on every output. A task already stopped is answered
    as it is. Ask the producer, then pass confirm: true; anything else sends nothing.
    Producers only."""
    return await called(PRODUCER, tools.stop_task, task_id=task_id, confirm=confirm)


# ---------------------------------------------------------------------------
# Running a tool.


async def called(role: str, work: Callable[..., Any], **arguments: Any) -> CallToolResult:
    """`work` done as the caller, in Django's thread, and its answer as a tool result."""
    return await sync_to_async(run_as_caller, thread_sensitive=True)(role, work, arguments)


def run_as_caller(role: str, work: Callable[..., Any], arguments: dict[str, Any]) -> CallToolResult:
    own_connections = caller.owns_connections()
    if own_connections:
        close_old_connections()  # what a web request does when it starts and ends
    try:
        user = caller.current_user(role)
        return answer(work(user, **arguments))
    except AwaitingAnswer as waiting:
        return answer(tools.awaiting(waiting.task_pk, waiting.message))
    except MixStudioError as error:
        return refusal(error)
    finally:
        if own_connections:
            close_old_connections()


def answer(result: Any) -> CallToolResult:
    if isinstance(result, tools.Picture):
        return CallToolResult(
            content=[
                ImageContent(data=base64.b64encode(result.png).decode(), mime_type="image/png"),
                TextContent(text=as_json(result.facts)),
            ],
            structured_content=json.loads(as_json(result.facts)),
        )
    text = as_json(result)
    return CallToolResult(content=[TextContent(text=text)], structured_content=json.loads(text))


def refusal(error: MixStudioError) -> CallToolResult:
    """A tool error in the service's words: what the REST API's problem details carry."""
    payload = redact(storable_copy(error.payload()))
    lines = [str(payload.get("message", ""))]
    if payload.get("field"):
        lines.append(f"field: {payload['field']}")
    if isinstance(error, ProblemsRefused):
        for problem in payload.get("problems", [])[:SHOWN_PROBLEMS]:
            lines.append(f"{problem['path']}: {problem['message']} ({problem['rule']})")
    return CallToolResult(
        content=[TextContent(text="\n".join(lines))],
        structured_content=json.loads(as_json(payload)),
        is_error=True,
    )


def as_json(value: Any) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
