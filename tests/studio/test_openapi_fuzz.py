"""Schemathesis over the schema as served: every operation answers as documented.

The schema is read from the live server at /api/schema/ with a producer's API
token, and every operation of it is called with generated requests, valid and
invalid, a few of each (a fixed seed, so a run repeats the one before), against
the live server on a real socket. Each answer must be no 5xx, of a status the
operation documents, in a documented media type, and of the documented shape.
Task and show starts also get valid emulator Start bodies, so the operations on
a live task meet one; path ids are drawn from objects that exist as well as
made up. Bounded: a few minutes on a two-core machine.
"""

from __future__ import annotations

import copy
import itertools

import pytest
import schemathesis
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import load_all_checks, not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.studio.program_helpers import start_request

load_all_checks()

SEED = 23  # the issue that asked for it
EXAMPLES = 20  # per operation: enough to reach every answer, few enough for CI
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
STARTS = ("tasks_create", "tasks_check_create", "shows_create")
# What a valid start answers: each run must have made one.
STARTED = {"tasks_create": 201, "tasks_check_create": 200, "shows_create": 201}
# Every operation runs; none is left out (nothing here can stop the test's own world:
# deleting a preset, an asset or a webhook only removes what the fuzzer made).
_rooms = itertools.count(9001)


def valid_start() -> dict:
    """A Start the emulator takes: a room of its own each time, so its robot is free."""
    return {"request": start_request(RoomId=str(next(_rooms)))}


@pytest.fixture
def producer_token(transactional_db):
    from rest_framework.authtoken.models import Token

    from tests.factories import make_user

    return Token.objects.create(user=make_user("fuzzer")).key


@pytest.fixture
def known_ids(transactional_db, producer_token, sandbox_profile, settings):
    """Objects the fuzzer's path ids may name: a preset, a running emulator task, a show
    and an asset (ids made up are tried as well)."""
    from rest_framework.test import APIClient

    from layouts import services
    from layouts.models import Asset
    from tests.factories import document

    settings.MIX_SANDBOX_CALLBACK_URL = ""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {producer_token}")
    preset = services.create_preset(name="fuzzed", document=document(), user=None).preset
    task = client.post("/api/tasks/", valid_start(), format="json")
    assert task.status_code == 201, task.json()
    show = client.post("/api/shows/", valid_start(), format="json")
    assert show.status_code == 201, show.json()
    asset = Asset.objects.create(
        name="a.png", original_name="a.png", content_type="image/png", width=8, height=8, size=1
    )
    return {
        "id": [preset.pk, task.json()["id"], asset.pk],
        "key": [show.json()["show"]],
        "version": [1],
    }


def operation_ids() -> list[str]:
    """Every operation of the schema, read in-process when the tests are collected; the
    run checks that the live server's schema has exactly these."""
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    return sorted(op["operationId"] for methods in paths.values() for op in methods.values())


OPERATIONS = operation_ids()
_raw: dict = {}


@pytest.fixture
def served_schema(live_server, producer_token):
    """The schema the live server serves to a producer's token, as Schemathesis reads it."""
    import requests

    auth = {"Authorization": f"Token {producer_token}"}
    if not _raw:  # one schema per run: the same for every operation
        answer = requests.get(
            f"{live_server.url}/api/schema/?format=json", headers=auth, timeout=60
        )
        assert answer.status_code == 200
        _raw.update(answer.json())
    config = schemathesis.Config.from_dict({"seed": SEED, "headers": auth})
    schema = schemathesis.openapi.from_dict(copy.deepcopy(_raw), config=config)
    schema.config.update(base_url=live_server.url, headers=auth)
    return schema


def cases(operation, known_ids: dict[str, list]) -> st.SearchStrategy:
    """Valid and invalid requests as the schema describes them; for an operation with a
    path id, some naming objects that exist; for a start, valid emulator starts too."""
    strategies = [
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    ]
    names = [p.name for p in operation.path_parameters]
    if names and all(known_ids.get(name) for name in names):
        strategies.append(
            st.fixed_dictionaries(
                {name: st.sampled_from(known_ids[name]) for name in names}
            ).flatmap(lambda ids: operation.as_strategy(path_parameters=ids))
        )
    if operation.definition.raw.get("operationId") in STARTS:
        strategies.append(
            st.builds(valid_start).flatmap(lambda body: operation.as_strategy(body=body))
        )
    return st.one_of(strategies)


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_every_operation_answers_as_its_schema_says(served_schema, known_ids, operation_id):
    operation = served_schema.find_operation_by_id(operation_id)

    @seed(SEED)  # the same requests every run
    @given(case=cases(operation, known_ids))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_documented(case):
        answered.add(case.call_and_validate(checks=CHECKS).status_code)

    answered: set[int] = set()
    answers_as_documented()
    if operation_id in STARTED:
        assert STARTED[operation_id] in answered, answered


def test_the_live_schema_has_every_operation_fuzzed(served_schema):
    served = sorted(
        op.definition.raw["operationId"]
        for op in (result.ok() for result in served_schema.get_all_operations())
    )
    assert served == OPERATIONS
