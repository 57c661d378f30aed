"""The HTTP conventions of the JSON API: one error format (RFC 9457 problem details),
Location on every 201, Retry-After on 429 and 503, idempotent Stop.

Errors are read over the whole middleware stack (Django's test client), and over
real HTTP (the live server) where the server's own handling is the subject: a URL
too long, a crash.
"""

from __future__ import annotations

import copy
import io

import pytest
import requests
from django.test import Client
from PIL import Image
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from layouts.errors import MixStudioError
from studio import api_errors
from studio.cloud.errors import CloudError
from studio.control import selectors
from studio.control.models import MixTask, TaskEvent
from studio.middleware import MAX_API_URL_LENGTH
from tests.factories import document, make_user, seed_examples

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
RFC_MEMBERS = {"type", "title", "status", "detail", "code"}


def start_request(example: int = 1) -> dict:
    body = copy.deepcopy(seed_examples()[example - 1])
    body.pop("SdkAppId")
    body["AgentParams"].pop("UserSig")
    body["AgentParams"].pop("UserId")
    return body


def assert_problem(response, status: int, code: str) -> dict:
    """The answer is problem details with this status and code, and the older keys too."""
    assert response.status_code == status
    assert response["Content-Type"].split(";")[0] == PROBLEM
    body = response.json()
    assert RFC_MEMBERS <= body.keys()
    assert (body["status"], body["code"]) == (status, code)
    assert body["type"].startswith("https://www.rfc-editor.org/rfc/")
    assert body["title"] and body["detail"]
    # What the pages and older clients read stays: error and message.
    assert (body["error"], body["message"]) == (body["code"], body["detail"])
    return body


@pytest.fixture
def crashing_client():
    client = Client(raise_request_exception=False)
    client.force_login(make_user("producer"))
    return client


# ---------------------------------------------------------------------------
# Every error under /api/ is a problem.


def test_an_unrouted_api_path_is_a_problem_not_an_html_page(api):
    body = assert_problem(api.get("/api/no-such-thing/"), 404, "not-found")
    assert "/api/no-such-thing/" in body["detail"]


def test_an_unrouted_api_path_is_a_problem_for_anonymous_callers_too(client):
    assert_problem(client.get("/api/tasks/1/nothing-here/"), 404, "not-found")


def test_a_page_that_does_not_exist_keeps_its_html_page(api):
    response = api.get("/no-such-page/", HTTP_ACCEPT="text/html")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_missing_object_keeps_its_own_code_and_words(api):
    body = assert_problem(api.get("/api/tasks/999999/"), 404, "not-found")
    assert "999999" in body["detail"]


def test_a_method_not_allowed_is_a_problem_with_allow(api):
    response = api.delete("/api/tasks/")
    body = assert_problem(response, 405, "method-not-allowed")
    assert "DELETE" in body["detail"]
    assert "POST" in response["Allow"]


def test_an_anonymous_caller_gets_a_401_problem_with_www_authenticate(client):
    response = client.get("/api/tasks/")
    assert_problem(response, 401, "not-authenticated")
    assert response["WWW-Authenticate"] == "Token"


def test_a_viewer_refused_a_change_gets_a_403_problem(db):
    viewer = APIClient()
    viewer.force_login(make_user("viewer", role="viewer"))
    assert_problem(viewer.post("/api/presets/", {}, format="json"), 403, "permission-denied")


def test_bad_input_names_the_field_and_the_rule(api):
    response = api.post("/api/presets/", {"document": None}, format="json")
    body = assert_problem(response, 400, "invalid")
    assert body["field"] == "name"
    assert {"path": "name", "rule": "request"}.items() <= body["problems"][0].items()


def test_a_layout_refused_lists_every_problem_with_path_and_rule(api):
    bad = document()
    bad["VideoEncode"]["Width"] = 99999
    response = api.post("/api/presets/", {"name": "x", "document": bad}, format="json")
    body = assert_problem(response, 400, "layout-invalid")
    assert all({"path", "rule", "severity", "message"} <= p.keys() for p in body["problems"])
    assert "document.VideoEncode.Width" == body["field"]


def test_codes_have_one_spelling_drfs_included(api):
    # DRF's own codes (not_found, parse_error) are spelled as ours: not-found, parse-error.
    response = api.generic(
        "POST", "/api/layouts/validate/", "{not json", content_type="application/json"
    )
    assert_problem(response, 400, "parse-error")
    listed = api.post("/api/layouts/validate/", "[1]", content_type="application/json")
    assert_problem(listed, 400, "parse-error")


def test_an_error_keeps_the_members_its_clients_read(api):
    created = api.post("/api/presets/", {"name": "a", "document": document()}, format="json")
    url = f"/api/presets/{created.json()['id']}/"
    api.patch(url, {"name": "b", "version": 1}, format="json")
    stale = api.patch(url, {"name": "c", "version": 1}, format="json")
    body = assert_problem(stale, 409, "version-conflict")
    assert (body["current_version"], body["field"]) == (2, "version")


def test_a_browser_asking_for_html_still_gets_the_problem(api):
    assert_problem(api.get("/api/tasks/999999/", HTTP_ACCEPT="text/html"), 404, "not-found")


def test_an_image_endpoint_answers_its_errors_as_problems(api):
    response = api.get("/api/presets/999999/preview.png", HTTP_ACCEPT="image/png")
    assert_problem(response, 404, "not-found")


def test_a_body_over_the_limit_is_a_413_problem(api, settings):
    settings.MIX_MAX_BODY_BYTES = 100
    response = api.post("/api/layouts/validate/", {"document": "x" * 200}, format="json")
    assert_problem(response, 413, "too-large")


def test_a_crash_is_a_500_problem(crashing_client, monkeypatch):
    def crash() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "app_profiles", crash)
    body = assert_problem(crashing_client.get("/api/apps/"), 500, "server-error")
    assert "boom" not in str(body)


def test_a_crash_under_a_page_keeps_the_html_page(crashing_client, monkeypatch):
    from studio.control import views

    def crash(*args, **kwargs) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "render", crash)
    response = crashing_client.get("/tasks/")
    assert response.status_code == 500
    assert not response["Content-Type"].startswith(PROBLEM)


def test_a_task_id_unknowns_own_status_moves_aside_for_the_http_status():
    body = api_errors.problem(409, "task-id-unknown", "d", {"status": "unknown", "task": 3})
    assert (body["status"], body["task_status"], body["task"]) == (409, "unknown", 3)


# ---------------------------------------------------------------------------
# Retry-After on every 429 and 503.


class Unavailable(MixStudioError):
    status_code = 503
    code = "unavailable"


@pytest.mark.parametrize(
    "error, status, code",
    [
        (CloudError("RequestLimitExceeded", "too fast", "r-1"), 429, "cloud-error"),
        (Unavailable("down for a moment"), 503, "unavailable"),
    ],
)
def test_429_and_503_say_when_to_retry(api, monkeypatch, error, status, code):
    def refuse() -> None:
        raise error

    monkeypatch.setattr(selectors, "app_profiles", refuse)
    response = api.get("/api/apps/")
    assert_problem(response, status, code)
    assert int(response["Retry-After"]) >= 1


def test_a_retry_after_of_its_own_is_kept(api, monkeypatch):
    from studio.onair.services import VerifyBusy

    def busy() -> None:
        raise VerifyBusy(7)

    monkeypatch.setattr(selectors, "app_profiles", busy)
    response = api.get("/api/apps/")
    assert_problem(response, 429, "verify-busy")
    assert response["Retry-After"] == "7"


# ---------------------------------------------------------------------------
# Over real HTTP: the server's own refusals.


@pytest.fixture
def token_headers(transactional_db):
    user = make_user("integrator")
    return {"Authorization": f"Token {Token.objects.create(user=user).key}"}


def test_an_api_url_too_long_is_a_414_problem_over_http(live_server, token_headers):
    long_query = "x" * MAX_API_URL_LENGTH
    response = requests.get(
        f"{live_server.url}/api/presets/?search={long_query}", headers=token_headers, timeout=10
    )
    assert response.status_code == 414
    assert response.headers["Content-Type"].split(";")[0] == PROBLEM
    body = response.json()
    assert (body["status"], body["code"]) == (414, "uri-too-long")


def test_an_api_url_just_under_the_limit_is_read(live_server, token_headers):
    path = "/api/presets/?search="
    query = "x" * (MAX_API_URL_LENGTH - len(path) - len("search="))
    response = requests.get(f"{live_server.url}{path}{query}", headers=token_headers, timeout=10)
    assert response.status_code == 400  # read, and the search judged too long: not a 414
    assert response.json()["field"] == "search"


def test_a_crash_is_a_500_problem_over_http(live_server, token_headers, monkeypatch):
    def crash() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "app_profiles", crash)
    response = requests.get(f"{live_server.url}/api/apps/", headers=token_headers, timeout=10)
    assert response.status_code == 500
    assert response.headers["Content-Type"].split(";")[0] == PROBLEM
    assert response.json()["code"] == "server-error"


# ---------------------------------------------------------------------------
# Location on every 201 Created.


def png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "red.png"
    return buffer


def created_answers(api) -> dict[str, object]:
    return {
        "preset": api.post("/api/presets/", {"name": "a", "document": document()}, format="json"),
        "import": api.post("/api/presets/import/?name=b", document(), format="json"),
        "asset": api.post("/api/assets/", {"file": png()}, format="multipart"),
        "task": api.post("/api/tasks/", {"request": start_request()}, format="json"),
    }


def test_every_201_has_a_location_that_answers_the_thing_created(api):
    for name, response in created_answers(api).items():
        assert response.status_code == 201, (name, response.json())
        location = response["Location"]
        assert location.startswith("/api/"), name
        fetched = api.get(location)
        assert fetched.status_code == 200, name
        assert fetched.json()["id"] == response.json()["id"], name


# ---------------------------------------------------------------------------
# Stop is idempotent.


def test_stopping_a_stopped_task_answers_200_with_the_task_and_sends_nothing(api):
    task = api.post("/api/tasks/", {"request": start_request()}, format="json").json()
    first = api.post(f"/api/tasks/{task['id']}/stop/")
    again = api.post(f"/api/tasks/{task['id']}/stop/")
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json()["id"] == task["id"]
    assert again.json()["status"] == "stopped"
    assert again.json()["stopped_at"] == first.json()["stopped_at"]
    assert TaskEvent.objects.filter(action="StopPublishCdnStream").count() == 1


def test_stopping_a_failed_task_answers_200_with_the_task(api):
    task = api.post("/api/tasks/", {"request": start_request()}, format="json").json()
    MixTask.objects.filter(pk=task["id"]).update(status="failed")
    response = api.post(f"/api/tasks/{task['id']}/stop/")
    assert (response.status_code, response.json()["status"]) == (200, "failed")
