"""Every endpoint against every role: viewer reads, producer changes, admin administers."""

from __future__ import annotations

import copy
import io

import pytest
from PIL import Image
from rest_framework.test import APIClient

from layouts import services as layout_services
from studio.control.services import launch, profiles
from studio.roles import ADMIN, PRODUCER, VIEWER, role_of
from tests.factories import document, make_user, seed_examples

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    owner = make_user("owner", PRODUCER)
    preset = layout_services.create_preset(name="p", document=document(), user=owner).preset
    body = copy.deepcopy(seed_examples()[0])
    body.pop("SdkAppId")
    body["AgentParams"].pop("UserSig")
    task = launch.start_task(app=profiles.emulator_app(), request=body, user=owner)
    return {"preset": preset.pk, "task": task.pk}


def png():
    data = io.BytesIO()
    Image.new("RGB", (8, 8)).save(data, "PNG")
    data.seek(0)
    data.name = "x.png"
    return data


def endpoints(ids):
    p, t = ids["preset"], ids["task"]
    doc = {"document": document()}
    # (method, url, body, changes something)
    return [
        ("get", "/api/presets/", None, False),
        ("get", f"/api/presets/{p}/", None, False),
        ("get", f"/api/presets/{p}/revisions/", None, False),
        ("get", f"/api/presets/{p}/preview.png", None, False),
        ("get", "/api/layouts/schema/", None, False),
        ("post", "/api/layouts/validate/", doc, False),
        ("post", "/api/layouts/regions/", doc, False),
        ("post", "/api/layouts/preview/", {**doc, "scale": 0.1}, False),
        ("get", "/api/assets/", None, False),
        ("get", "/api/tasks/", None, False),
        ("get", "/api/apps/", None, False),
        ("post", "/api/tasks/check/", {"request": {"RoomId": "1"}}, False),
        ("post", "/api/layouts/extract/", document(), False),
        ("get", f"/api/tasks/{t}/", None, False),
        ("get", f"/api/tasks/{t}/events/", None, False),
        ("post", "/api/presets/", {"name": "n", **doc}, True),
        ("patch", f"/api/presets/{p}/", {"name": "m", "version": 1}, True),
        ("put", f"/api/presets/{p}/", {"name": "m", "version": 2, **doc}, True),
        ("post", f"/api/presets/{p}/revisions/1/restore/", {}, True),
        ("post", "/api/presets/import/", document(), True),
        ("post", "/api/assets/", "upload", True),
        (
            "post",
            f"/api/tasks/{t}/update/",
            {"request": {"VideoParams": {"BackGroundColor": "0x123456"}}},
            True,
        ),
        ("post", f"/api/tasks/{t}/stop/", None, True),
        ("post", "/api/tasks/", {"request": {}}, True),
        ("delete", f"/api/presets/{p}/", None, True),
    ]


def call(client, method, url, body):
    if body == "upload":
        return client.post(url, {"file": png()}, format="multipart")
    return getattr(client, method)(url, body, format="json")


@pytest.mark.parametrize("role", [VIEWER, PRODUCER, ADMIN])
def test_each_role_against_every_endpoint(world, role):
    client = APIClient()
    client.force_login(make_user(f"user-{role}", role))
    for method, url, body, changes in endpoints(world):
        response = call(client, method, url, body)
        forbidden = response.status_code == 403
        expected_forbidden = role == VIEWER and changes
        assert forbidden == expected_forbidden, (
            role,
            method,
            url,
            response.status_code,
            response.content[:200],
        )


def test_anonymous_callers_get_nothing(world):
    client = APIClient()
    for method, url, body, _changes in endpoints(world):
        response = call(client, method, url, body)
        assert response.status_code == 401, (method, url, response.status_code)


def test_roles_come_from_groups_and_superusers():
    from django.contrib.auth import get_user_model

    assert role_of(make_user("v", VIEWER)) == VIEWER
    assert role_of(make_user("p", PRODUCER)) == PRODUCER
    assert role_of(make_user("a", ADMIN)) == ADMIN
    assert role_of(get_user_model().objects.create_superuser("root", "", "pw")) == ADMIN


def test_the_admin_group_can_manage_users_and_app_profiles(client):
    client.force_login(make_user("boss", ADMIN))
    assert client.get("/admin/auth/user/").status_code == 200
    response = client.post(
        "/admin/studio/appprofile/add/",
        {
            "name": "Live",
            "sdk_app_id": "1400188366",
            "region": "ap-guangzhou",
            "sdk_secret_key": "the-sdk-key",
            "callback_key": "the-callback-key",
        },
    )
    assert response.status_code == 302
    from studio.control.models import AppProfile

    app = AppProfile.objects.get(sdk_app_id=1400188366)
    assert app.sdk_secret_key == "the-sdk-key"
    assert "the-sdk-key" not in app.sdk_secret_key_encrypted
    page = client.get(f"/admin/studio/appprofile/{app.pk}/change/").content.decode()
    assert "the-sdk-key" not in page and "the-callback-key" not in page


def test_only_admins_reach_the_admin_site(world, client):
    for role, allowed in [(VIEWER, False), (PRODUCER, False), (ADMIN, True)]:
        client.force_login(make_user(f"site-{role}", role))
        response = client.get("/admin/studio/appprofile/")
        assert (response.status_code == 200) == allowed, role


@pytest.mark.parametrize(
    ("role", "launch_allowed"), [(VIEWER, False), (PRODUCER, True), (ADMIN, True)]
)
def test_pages_follow_the_role(world, client, role, launch_allowed):
    client.force_login(make_user(f"page-{role}", role))
    assert (client.get("/tasks/launch").status_code == 200) == launch_allowed
    for url in [
        "/",
        "/presets/",
        "/tasks/",
        f"/tasks/{world['task']}/",
        f"/presets/{world['preset']}/edit",
    ]:
        assert client.get(url).status_code == 200, (role, url)
    tasks = client.get("/tasks/").content.decode()
    assert ("Launch a task" in tasks) == launch_allowed
    live = client.get(f"/tasks/{world['task']}/").content.decode()
    assert ('id="take"' in live) == launch_allowed
    assert ('id="stop"' in live) == launch_allowed
    library = client.get("/presets/").content.decode()
    assert ('data-launch-url="/tasks/launch"' in library) == launch_allowed


def group_queries(queries) -> int:
    return sum('"auth_group"' in query["sql"] for query in queries)


def test_one_api_request_looks_the_role_up_once():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = APIClient()
    client.force_login(make_user("looker", PRODUCER))
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/tasks/").status_code == 200
    assert group_queries(captured.captured_queries) == 1


def test_a_page_looks_the_role_up_once(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(make_user("page-looker", PRODUCER))
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/tasks/").status_code == 200
    assert group_queries(captured.captured_queries) == 1


def test_joining_a_group_changes_the_role_of_the_same_user_object():
    user = make_user("climber", VIEWER)
    assert role_of(user) == VIEWER
    user.groups.add(make_user("other", PRODUCER).groups.get())
    assert role_of(user) == PRODUCER
    user.groups.clear()
    assert role_of(user) == VIEWER
