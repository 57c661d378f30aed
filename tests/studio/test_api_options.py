"""OPTIONS on every route under /api/ answers without a server error.

API explorers and CORS preflights send OPTIONS to every path they know; the
routes are read from the URLconf itself, so a new endpoint is covered the day it
is added.
"""

from __future__ import annotations

import itertools

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from layouts import services as layout_services
from layouts.models import Asset
from studio.control.models import AppProfile, MixTask
from tests.factories import document, make_user

pytestmark = pytest.mark.django_db


def api_routes(patterns=None, prefix: str = ""):  # noqa: ANN201 - generator of (route, pattern)
    """(route text, pattern) of every URL pattern, nested includes walked."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from api_routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            route = (prefix + str(entry.pattern)).replace("^", "").replace("$", "")
            if route.startswith("api/"):
                yield route, entry


ROUTES = sorted(api_routes(), key=lambda item: item[0])


@pytest.fixture
def things(db):
    """One of each thing a route names, so each route is asked about something real."""
    preset = layout_services.create_preset(name="Two up", document=document(), user=None).preset
    app = AppProfile.objects.create(name="App", sdk_app_id=1400000009)
    task = MixTask.objects.create(app_profile=app, room_id="8001", status="running", params={})
    asset = Asset.objects.create(
        name="a.png", original_name="a.png", content_type="image/png", width=8, height=8, size=1
    )
    return {"presets": preset.pk, "tasks": task.pk, "assets": asset.pk}


# A value of each shape a route's parameters take: ids, UUIDs, names.
SAMPLES = ("1", "00000000-0000-4000-8000-000000000000", "name")


def url_of(route: str, pattern: URLPattern, things: dict[str, int]) -> str:
    """The route with each parameter filled: the thing it names where there is one, else
    the first sample its converter takes."""
    names = list(pattern.pattern.regex.groupindex)
    owner = route.split("/")[1]
    preferred = {"pk": str(things[owner])} if owner in things and "pk" in names else {}
    for values in itertools.product(SAMPLES, repeat=len(names)):
        kwargs = {**dict(zip(names, values, strict=True)), **preferred}
        try:
            return reverse(pattern.name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    raise AssertionError(f"no sample fits {route}")


def test_the_walk_finds_the_routes_it_must():
    names = {pattern.name for _route, pattern in ROUTES}
    assert {"preset-detail", "task-list", "task-events", "asset-list", "relay-callback"} <= names
    assert len(ROUTES) > 30


@pytest.mark.parametrize("role", ["producer", "viewer", None])
def test_options_on_every_api_route_is_never_a_server_error(things, role):
    client = APIClient()
    if role is not None:
        client.force_login(make_user(role, role=role))
    failures = []
    for route, pattern in ROUTES:
        url = url_of(route, pattern, things)
        response = client.options(url)
        if response.status_code >= 500:
            failures.append((url, response.status_code))
    assert failures == []


def test_options_on_a_preset_describes_it(things):
    client = APIClient()
    client.force_login(make_user("producer"))
    response = client.options(f"/api/presets/{things['presets']}/")
    assert response.status_code == 200
    assert response.json()["name"]
