"""Which cloud a task talks to, and the emulator reached only through its interface."""

from __future__ import annotations

import pytest

from layouts.errors import MixStudioError
from studio.cloud import backends


@pytest.mark.parametrize("value", ["emulator", "sandbox"])
def test_the_emulator_is_chosen_by_its_name_or_its_former_one(settings, value):
    settings.MIX_BACKEND = value

    assert backends.backend_name() == backends.EMULATOR == "sandbox"  # as task rows say it


def test_an_unknown_backend_is_refused_naming_the_setting(settings):
    settings.MIX_BACKEND = "tencnet"

    with pytest.raises(MixStudioError) as refused:
        backends.backend_name()
    assert refused.value.field == "MIX_BACKEND"


def test_the_emulator_registers_itself_when_the_app_starts():
    emulator = backends.emulator()

    assert all(callable(getattr(emulator, name)) for name in ("answer", "program", "room"))


@pytest.mark.django_db
def test_the_emulator_knows_no_program_or_room_of_a_task_it_never_ran():
    assert backends.emulator().program("no-such-task") is None
    assert backends.emulator().room("no-such-task") is None
    assert backends.emulator().set_room("no-such-task", []) is False


def test_the_in_process_client_answers_in_this_thread(settings):
    settings.MIX_BACKEND = "emulator"
    settings.MIX_SANDBOX_URL = ""
    app = type("App", (), {"region": "ap-guangzhou"})()

    assert not backends.answers_may_be_late(backends.client_for(app))
