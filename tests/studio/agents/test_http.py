"""The MCP server at /mcp/ of the live server, through the SDK's streamable HTTP client,
with the REST API's tokens: what each role may do, and a Take only from a fresh plan."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from layouts import services as layout_services
from studio.agents import plans
from studio.control.models import MixTask
from studio.control.services import take
from tests.factories import document, make_user
from tests.studio.agents.conftest import (
    answer_of,
    over_http,
    png_size,
    refusal_of,
    start_task,
    three_up,
    token_of,
)
from tests.studio.agents.running import run_client

pytestmark = pytest.mark.django_db(transaction=True)

READ_TOOLS = {
    "list_presets",
    "get_preset",
    "validate_document",
    "preview_preset",
    "preview_document",
    "list_tasks",
    "get_task",
    "get_room",
    "list_events",
    "plan_take",
}
ON_AIR_TOOLS = {"take", "slate", "stop_task"}


def call(url: str, token: str, tool: str, arguments: dict[str, Any]) -> Any:
    """One tool call in a session of its own (the server keeps none between requests)."""

    async def calling() -> Any:
        async with over_http(url, token) as session:
            return await session.call_tool(tool, arguments)

    return run_client(calling)


@pytest.fixture
def url(live_server) -> str:
    return f"{live_server.url}/mcp/"


def test_every_tool_says_whether_it_reads_or_changes_the_air(url, viewer):
    token = token_of(viewer)

    async def listing():
        async with over_http(url, token) as session:
            return (await session.list_tools()).tools

    tools = {tool.name: tool for tool in run_client(listing)}

    assert set(tools) == READ_TOOLS | ON_AIR_TOOLS
    for name, tool in tools.items():
        assert tool.title and tool.description, name
        assert tool.annotations is not None and tool.annotations.title == tool.title
        if name in READ_TOOLS:
            assert tool.annotations.read_only_hint is True, name
        else:
            assert tool.annotations.read_only_hint is False, name
            assert tool.annotations.destructive_hint is True, name
    assert tools["stop_task"].annotations.idempotent_hint is True
    assert tools["take"].annotations.idempotent_hint is False
    assert {"task_id", "confirm"} <= set(tools["stop_task"].input_schema["properties"])


def test_without_a_valid_token_the_answer_is_401(url, client, viewer):
    hello = {"jsonrpc": "2.0", "id": 1, "method": "ping"}
    headers = {"Accept": "application/json, text/event-stream"}
    client.force_login(viewer)  # a logged-in session is not a token

    anonymous = requests.post(url, json=hello, headers=headers, timeout=10)
    wrong = requests.post(
        url, json=hello, headers={**headers, "Authorization": "Token not-a-key"}, timeout=10
    )
    with_session = client.post("/mcp/", hello, content_type="application/json", headers=headers)

    for response in (anonymous, wrong, with_session):
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == "Token"
        assert response.json()["error"] == "not-authenticated"


def test_a_viewer_reads_and_previews_presets_and_documents(url, viewer):
    saved = layout_services.create_preset(name="Two up", document=document(slots=2), user=None)
    token = token_of(viewer)

    listed = answer_of(call(url, token, "list_presets", {"search": "Two"}))
    read = answer_of(call(url, token, "get_preset", {"preset_id": saved.preset.pk}))
    thumbnail = call(url, token, "preview_preset", {"preset_id": saved.preset.pk, "width": 320})
    picture = call(url, token, "preview_document", {"document": document(slots=3), "scale": 0.25})

    assert listed["count"] == 1 and listed["results"][0]["id"] == saved.preset.pk
    assert listed["results"][0]["canvas"] == {"Width": 1280, "Height": 720}
    assert read["document"] == document(slots=2)
    assert png_size(thumbnail) == (320, 180)
    assert png_size(picture) == (320, 180)
    assert answer_of(picture)["approximate"] is False


def test_validation_names_the_field_and_the_rule(url, viewer):
    wide = document(slots=2)
    wide["LayoutParams"]["MixLayoutList"][1]["ImageWidth"] = 2000

    checked = answer_of(call(url, token_of(viewer), "validate_document", {"document": wide}))

    assert checked["valid"] is False
    problem = next(p for p in checked["problems"] if p["severity"] == "error")
    assert problem["path"].startswith("LayoutParams.MixLayoutList[1]")
    assert problem["rule"].startswith("R") and problem["message"]


def test_a_service_refusal_is_a_tool_error_in_its_own_words(url, viewer):
    token = token_of(viewer)

    missing = call(url, token, "get_task", {"task_id": 987654})
    flat = document()
    flat["VideoEncode"]["Height"] = 0
    undrawable = call(url, token, "preview_document", {"document": flat})
    past_the_end = call(url, token, "list_tasks", {"page": 3})

    assert refusal_of(missing) == "There is no task 987654."
    assert missing.structured_content["error"] == "not-found"
    assert refusal_of(undrawable).startswith("The output is 0 px wide or high")
    assert undrawable.structured_content["field"] == "document.VideoEncode"
    assert past_the_end.structured_content["field"] == "page"


def test_a_producer_plans_takes_and_stops_a_task(url, producer):
    task = start_task(producer)
    token = token_of(producer)

    plan = answer_of(call(url, token, "plan_take", {"task_id": task.pk, "document": three_up()}))
    room = answer_of(call(url, token, "get_room", {"task_id": task.pk}))
    taken = answer_of(call(url, token, "take", {"task_id": task.pk, "plan_id": plan["plan_id"]}))
    events = answer_of(call(url, token, "list_events", {"task_id": task.pk}))

    assert plan["valid"] and plan["changes"] and plan["expires_in_seconds"] == 60
    assert plan["update"]["SequenceNumber"] == task.sequence_number + 1
    assert len(plan["update"]["VideoParams"]["LayoutParams"]["MixLayoutList"]) == 3
    assert any(
        d["path"] == "LayoutParams.MixLayoutList[2]" and d["kind"] == "added"
        for d in plan["differences"]
    )
    assert "participants" in room
    assert taken["task"]["sequence_number"] == task.sequence_number + 1
    on_air = MixTask.objects.get(pk=task.pk)
    assert len(on_air.params["VideoParams"]["LayoutParams"]["MixLayoutList"]) == 3
    sent = [e for e in events["results"] if e["action"] == "UpdatePublishCdnStream"]
    assert [e["request"]["SequenceNumber"] for e in sent] == [plan["update"]["SequenceNumber"]]
    assert sent[0]["user"] == producer.username

    unconfirmed = call(url, token, "stop_task", {"task_id": task.pk})
    assert "`confirm` set to `true`" in refusal_of(unconfirmed)
    assert unconfirmed.structured_content["field"] == "confirm"
    assert MixTask.objects.get(pk=task.pk).status == MixTask.Status.RUNNING

    stopped = answer_of(call(url, token, "stop_task", {"task_id": task.pk, "confirm": True}))
    assert stopped["status"] == MixTask.Status.STOPPED


def test_a_take_needs_a_plan(url, producer):
    task = start_task(producer)

    refused = call(url, token_of(producer), "take", {"task_id": task.pk, "plan_id": "plan-x"})

    assert "There is no plan plan-x" in refusal_of(refused)
    assert refused.structured_content["error"] == "plan-refused"
    assert MixTask.objects.get(pk=task.pk).sequence_number == task.sequence_number


def test_a_plan_older_than_a_minute_is_refused(url, producer, monkeypatch):
    task = start_task(producer)
    token = token_of(producer)
    plan = answer_of(call(url, token, "plan_take", {"task_id": task.pk, "document": three_up()}))
    made = plans.clock()
    monkeypatch.setattr(plans, "clock", lambda: made + plans.PLAN_SECONDS + 1)

    refused = call(url, token, "take", {"task_id": task.pk, "plan_id": plan["plan_id"]})

    assert "seconds old" in refusal_of(refused)
    assert MixTask.objects.get(pk=task.pk).sequence_number == task.sequence_number


def test_a_plan_made_before_the_task_changed_is_refused(url, producer):
    task = start_task(producer)
    token = token_of(producer)
    plan = answer_of(call(url, token, "plan_take", {"task_id": task.pk, "document": three_up()}))
    take.take_task(task.pk, document=document(slots=1), user=producer)  # someone else's Take
    changed = MixTask.objects.get(pk=task.pk)

    refused = call(url, token, "take", {"task_id": task.pk, "plan_id": plan["plan_id"]})

    assert "has changed since plan" in refusal_of(refused)
    after = MixTask.objects.get(pk=task.pk)
    assert after.sequence_number == changed.sequence_number
    assert len(after.params["VideoParams"]["LayoutParams"]["MixLayoutList"]) == 1


def test_a_plan_is_its_makers_and_is_taken_once(url, producer):
    task = start_task(producer)
    other = make_user("other-producer", "producer")
    plan = answer_of(
        call(url, token_of(producer), "plan_take", {"task_id": task.pk, "document": three_up()})
    )
    arguments = {"task_id": task.pk, "plan_id": plan["plan_id"]}

    by_another = call(url, token_of(other), "take", arguments)
    first = call(url, token_of(producer), "take", arguments)
    again = call(url, token_of(producer), "take", arguments)

    assert "made by another user" in refusal_of(by_another)
    assert answer_of(first)["taken"] is True
    assert "There is no plan" in refusal_of(again)
    assert MixTask.objects.get(pk=task.pk).sequence_number == task.sequence_number + 1


def test_a_viewer_is_refused_every_change(url, producer, viewer):
    task = start_task(producer)
    token = token_of(viewer)
    plan = answer_of(
        call(url, token_of(producer), "plan_take", {"task_id": task.pk, "document": three_up()})
    )

    read = call(url, token, "get_task", {"task_id": task.pk})
    refusals = [
        call(url, token, "plan_take", {"task_id": task.pk, "document": three_up()}),
        call(url, token, "take", {"task_id": task.pk, "plan_id": plan["plan_id"]}),
        call(url, token, "slate", {"task_id": task.pk, "on": True, "confirm": True}),
        call(url, token, "stop_task", {"task_id": task.pk, "confirm": True}),
    ]

    assert answer_of(read)["status"] == MixTask.Status.RUNNING
    for refused in refusals:
        assert "ask an admin to make you a producer" in refusal_of(refused)
        assert refused.structured_content["error"] == "forbidden"
    after = MixTask.objects.get(pk=task.pk)
    assert after.status == MixTask.Status.RUNNING
    assert after.sequence_number == task.sequence_number


def test_the_slate_goes_on_air_and_off_only_when_confirmed(url, producer):
    task = start_task(producer)
    token = token_of(producer)

    unconfirmed = call(url, token, "slate", {"task_id": task.pk, "on": True})
    on = answer_of(call(url, token, "slate", {"task_id": task.pk, "on": True, "confirm": True}))
    on_air = MixTask.objects.get(pk=task.pk)
    off = answer_of(call(url, token, "slate", {"task_id": task.pk, "on": False, "confirm": True}))

    assert unconfirmed.structured_content["field"] == "confirm"
    assert on["slate"]["on"] is True and off["slate"]["on"] is False
    assert on_air.sequence_number == task.sequence_number + 1
    after = MixTask.objects.get(pk=task.pk)
    assert after.sequence_number == task.sequence_number + 2
    layout = after.params["VideoParams"]["LayoutParams"]
    assert layout == task.params["VideoParams"]["LayoutParams"]


def test_there_is_no_event_stream_to_hold_a_worker(url, viewer):
    response = requests.get(
        url,
        headers={"Authorization": f"Token {token_of(viewer)}", "Accept": "text/event-stream"},
        timeout=10,
    )

    assert response.status_code == 405
