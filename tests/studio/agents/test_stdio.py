"""`manage.py mcp --user NAME` as a subprocess on the test database, driven by the SDK's
own stdio client: the tools it lists, a preset and its picture, and a task planned,
taken and stopped (each change only with its plan or its confirmation)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from layouts import services as layout_services
from studio.control.models import MixTask
from tests.factories import document
from tests.studio.agents.conftest import (
    answer_of,
    over_stdio,
    png_size,
    refusal_of,
    start_task,
    three_up,
)
from tests.studio.agents.running import run_client

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_agent_reads_plans_takes_and_stops_over_stdio(producer, tmp_path):
    saved = layout_services.create_preset(name="Two up", document=document(slots=2), user=None)
    task = start_task(producer)

    async def session_of_an_agent() -> dict:
        seen: dict = {}
        async with over_stdio(producer.username, tmp_path) as session:
            seen["tools"] = {tool.name: tool for tool in (await session.list_tools()).tools}
            seen["preset"] = await session.call_tool("get_preset", {"preset_id": saved.preset.pk})
            seen["picture"] = await session.call_tool(
                "preview_preset", {"preset_id": saved.preset.pk, "width": 480}
            )
            seen["unplanned"] = await session.call_tool(
                "take", {"task_id": task.pk, "plan_id": "plan-AAAAAAAAAAAAAAAA"}
            )
            seen["plan"] = await session.call_tool(
                "plan_take", {"task_id": task.pk, "document": three_up()}
            )
            plan_id = answer_of(seen["plan"])["plan_id"]
            seen["take"] = await session.call_tool("take", {"task_id": task.pk, "plan_id": plan_id})
            seen["unconfirmed"] = await session.call_tool("stop_task", {"task_id": task.pk})
            seen["running"] = await session.call_tool("get_task", {"task_id": task.pk})
            seen["stop"] = await session.call_tool(
                "stop_task", {"task_id": task.pk, "confirm": True}
            )
        return seen

    seen = run_client(session_of_an_agent)

    tools = seen["tools"]
    assert tools["get_preset"].annotations.read_only_hint is True
    assert tools["plan_take"].annotations.read_only_hint is True
    for name in ("take", "slate", "stop_task"):
        assert tools[name].annotations.read_only_hint is False
        assert tools[name].annotations.destructive_hint is True
    assert answer_of(seen["preset"])["document"] == document(slots=2)
    assert png_size(seen["picture"]) == (480, 270)
    assert "There is no plan" in refusal_of(seen["unplanned"])
    plan = answer_of(seen["plan"])
    assert plan["update"]["SequenceNumber"] == task.sequence_number + 1
    assert answer_of(seen["take"])["task"]["sequence_number"] == task.sequence_number + 1
    assert seen["unconfirmed"].structured_content["error"] == "confirmation-required"
    assert answer_of(seen["running"])["status"] == MixTask.Status.RUNNING
    assert answer_of(seen["stop"])["status"] == MixTask.Status.STOPPED
    stopped = MixTask.objects.get(pk=task.pk)
    assert stopped.status == MixTask.Status.STOPPED
    assert len(stopped.params["VideoParams"]["LayoutParams"]["MixLayoutList"]) == 3


def test_the_stdio_server_acts_for_an_active_user_only(producer):
    producer.is_active = False
    producer.save()

    with pytest.raises(CommandError, match="no active user 'producer'"):
        call_command("mcp", user="producer")
    with pytest.raises(CommandError, match="no active user 'nobody'"):
        call_command("mcp", user="nobody")
