"""The emulator as the app's backends see it (`studio.cloud.backends.Emulator`).

Registered when the emulator app starts (apps.py); the control room and the
on-air checks reach the emulator only through this object.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse

from layouts.core.contract.room_events import RoomEvent
from layouts.core.geometry import Participant
from layouts.core.scenario import Scenario
from studio.cloud.emulator import core
from studio.cloud.emulator.program import scenario_jobs, selectors, services


class BuiltInEmulator:
    def answer(self, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
        status, answer, callbacks = core.handle(headers, body)
        core.deliver(callbacks)
        return status, answer

    def program(self, task_id: str) -> dict[str, Any] | None:
        task = selectors.task_with_id(task_id)
        if task is None:
            return None
        sei = reverse("sandbox-segment-sei", args=[task.pk, 0])
        status = selectors.program_status(task)
        return {
            "hls": reverse("sandbox-playlist", args=[task.pk]),
            # Every segment's and part's SEI is at its media URL with .json for .ts.
            "sei": sei.replace("/0.json", "/{n}.json"),
            "live": [
                reverse("sandbox-live", args=[selectors.stream_name(url)]) for url in task.cdn_urls
            ],
            "segment_seconds": selectors.segment_seconds(),
            "part_seconds": selectors.part_seconds(),
            # "live", "paused" (the engine is too busy to keep up) or "ended".
            "status": status,
            "ended": status == selectors.ENDED or not task.is_running,
        }

    def room(self, task_id: str) -> list[Participant] | None:
        task = selectors.task_with_id(task_id)
        return None if task is None else list(selectors.participants_now(task))

    def set_room(self, task_id: str, participants: Sequence[Participant]) -> bool:
        task = selectors.task_with_id(task_id)
        if task is None:
            return False
        try:
            services.set_room(task, participants)
        except services.RoomClosed:
            return False
        return True

    def room_events(self, task_id: str, events: Sequence[RoomEvent]) -> bool:
        task = selectors.task_with_id(task_id)
        if task is None:
            return False
        try:
            services.change_room(task, events)
        except services.RoomClosed:
            return False
        return True

    def play_scenario(self, task_id: str, scenario: Scenario) -> dict[str, Any] | None:
        task = selectors.task_with_id(task_id)
        if task is None or not task.is_running:
            return None
        origin = selectors.timeline_of(task).started_at
        return scenario_jobs.start(task, scenario, origin=origin).to_dict()

    def scenario(self, task_id: str, action: str | None = None) -> dict[str, Any] | None:
        task = selectors.task_with_id(task_id)
        if task is None:
            return None
        found = scenario_jobs.state(task)
        if action is not None and task.is_running:
            try:
                found = scenario_jobs.act(task, action)
            except services.RoomClosed:
                pass  # it ended meanwhile: the rehearsal stays where it was
        return None if found is None else found.to_dict()
