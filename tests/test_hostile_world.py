"""The red team's replay: hostile bodies against every endpoint, forged and replayed
callbacks, every page scanned for secrets, answers lost mid-call.

Each test counts what it tried and what went wrong into `TALLY`; with
MIX_RED_TEAM_REPORT set, the figures are written there as JSON when the module
ends (`scripts/red_team.py` runs this module and prints them as a table).
The assertions are the issue's "done when": no 5xx, no header over 8 KB, no
forgery or replay accepted, no credential shown, no task left out of reach.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from layouts import services as layout_services
from studio.cloud import backends
from studio.cloud.callback import callback_sign
from studio.cloud.emulator import core
from studio.cloud.emulator.models import SandboxTask
from studio.cloud.errors import CloudUnreachable
from studio.control.models import AppProfile, MixTask
from studio.control.services import launch, profiles, reconcile, stop, take
from studio.redaction import looks_like_usersig
from tests.factories import document, make_user, seed_examples

pytestmark = pytest.mark.django_db

TALLY: Counter[str] = Counter()
FIGURES = (
    ("bodies_tried", "Bodies tried"),
    ("server_errors", "5xx answers"),
    ("headers_over_8kb", "Headers over 8 KB"),
    ("forgeries_accepted", "Forgeries accepted"),
    ("replays_accepted", "Replays accepted"),
    ("secrets_shown", "Secrets shown"),
    ("stuck_tasks", "Stuck tasks"),
)
HEADER_LIMIT = 8 * 1024

# Planted canaries, not credentials: the scans fail if any of them is ever shown.
TX_SECRET = "REDTEAMTXSECRET0001"
ACCESS_KEY = "REDTEAMACCESSKEY0001"
STORAGE_CANARY = "REDTEAM-storage-canary-1"
APP_SDK_KEY = "red-team-sdk-secret-key-of-the-app"
APP_CALLBACK_KEY = "RedTeamCallbackKey01"
IMAGE_SIGN = "REDTEAMSIGN0001"
# Preset documents keep their image URLs whole (the editor saves them back), so the
# signed one goes in the task's body, which viewers see masked.
LONG_IMAGE = "https://images.example.com/" + "a" * 100_000 + ".png"

# Raw JSON texts put in place of one value of a valid body.
TOKENS = (
    "1e309",
    "-1e309",
    "Infinity",
    "-Infinity",
    "NaN",
    "1" + "0" * 400,
    "-9223372036854775809",
    "1.7976931348623157e308",
    "5e-324",
    '"\\ud800"',
    '"a\\u0000b"',
    "[]",
    "{}",
    '"text"',
    "true",
    "null",
    "-1",
    "0.5",
    "[" * 40 + "]" * 40,
    '{"a":' * 40 + "1" + "}" * 40,
    json.dumps("rtmp://h/live/x?txSecret=" + "y" * 3000),
    json.dumps("x" * 20_000),
)
MARK = "__HOSTILE_VALUE__"


@pytest.fixture(scope="module", autouse=True)
def report():
    yield
    path = os.environ.get("MIX_RED_TEAM_REPORT")
    if path:
        Path(path).write_text(json.dumps(dict(TALLY), indent=2))


# -- the world under attack -------------------------------------------------------------


def secret_start_body() -> dict[str, Any]:
    body = copy.deepcopy(seed_examples()[0])
    body.pop("SdkAppId")
    body["AgentParams"].pop("UserSig")
    body["PublishCdnParams"][0]["PublishCdnUrl"] += f"?txSecret={TX_SECRET}&txTime=6A0B1C2D"
    body["VideoParams"]["BackgroundImageUrl"] = f"https://cos.example.com/bg.png?sign={IMAGE_SIGN}"
    body["RecordParams"] = {
        "UniRecord": 3,
        "RecordFormat": ["hls"],
        "StreamType": 0,
        "McuStorageParams": {
            "CloudStorage": {
                "Vendor": 0,
                "Region": "ap-guangzhou",
                "Bucket": "b-1250000000",
                "AccessKey": ACCESS_KEY,
                "SecretKey": STORAGE_CANARY,
                "FileNamePrefix": ["mix"],
            }
        },
    }
    return body


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MIX_SANDBOX_SDK_SECRET_KEY = APP_SDK_KEY
    core.RATE_LIMITER.clear()
    owner = make_user("owner")
    app = profiles.emulator_app()
    app.sdk_secret_key = APP_SDK_KEY
    app.callback_key = APP_CALLBACK_KEY
    app.save()
    doc = document()
    doc["BackgroundImageUrl"] = LONG_IMAGE
    preset = layout_services.create_preset(name="p", document=doc, user=owner).preset
    task = launch.start_task(app=app, request=secret_start_body(), user=owner)
    take.update_task(task.pk, request={"VideoParams": {"BackGroundColor": "0x102030"}}, user=owner)
    producer = APIClient()
    producer.force_login(make_user("producer"))
    return {"app": app, "preset": preset.pk, "task": task, "producer": producer}


def send(client: APIClient, method: str, url: str, raw: str | bytes | None = None):
    TALLY["bodies_tried"] += 1
    if raw is None:
        response = getattr(client, method)(url)
    else:
        response = client.generic(method.upper(), url, raw, content_type="application/json")
    judge(response, method, url, raw)
    return response


def judge(response, method: str, url: str, raw: Any) -> None:
    header_bytes = sum(len(k) + len(str(v)) + 4 for k, v in response.items())
    if header_bytes > HEADER_LIMIT:
        TALLY["headers_over_8kb"] += 1
    if response.status_code >= 500:
        TALLY["server_errors"] += 1
    shown = secrets_in(response.content.decode("utf-8", "replace"))
    TALLY["secrets_shown"] += len(shown)
    assert response.status_code < 500, (method, url, str(raw)[:300], response.content[:300])
    assert header_bytes <= HEADER_LIMIT, (method, url, header_bytes)
    assert not shown, (method, url, shown)


SECRET_VALUES = (
    TX_SECRET,
    ACCESS_KEY,
    STORAGE_CANARY,
    APP_SDK_KEY,
    APP_CALLBACK_KEY,
    IMAGE_SIGN,
)
_USERSIG_TOKEN = re.compile(r"e[JNAF][A-Za-z0-9*\-_]{24,}")


def secrets_in(text: str) -> list[str]:
    from django.conf import settings

    found = [value for value in SECRET_VALUES if value in text]
    found += [key for key in (settings.MIX_SANDBOX_SECRET_KEY,) if key in text]
    found += [token[:12] for token in _USERSIG_TOKEN.findall(text) if looks_like_usersig(token)]
    return found


# -- hostile values at every path of a valid body ----------------------------------------------


def paths_of(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path to a value of `value`, containers included."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            found += paths_of(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += paths_of(child, (*prefix, index))
    return found


def with_token(body: Any, path: tuple, token: str) -> str:
    marked = copy.deepcopy(body)
    parent = marked
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = MARK
    return json.dumps(marked).replace(json.dumps(MARK), token)


def replay_every_path(client: APIClient, method: str, url: str, body: Any, tokens=TOKENS) -> int:
    tried = 0
    for path in paths_of(body):
        for token in tokens:
            send(client, method, url, with_token(body, path, token))
            tried += 1
    return tried


NUMBER_TOKENS = TOKENS[:9] + ("[]", '"text"', "null")


def endpoint_bodies(world) -> list[tuple[str, str, Any, tuple]]:
    p, t = world["preset"], world["task"].pk
    start = secret_start_body()
    doc = document(slots=3)
    update = {"VideoParams": {"BackGroundColor": "0x123456", "LayoutParams": doc["LayoutParams"]}}
    update["PublishCdnParams"] = [
        {"PublishCdnUrl": "rtmp://a.example.com/live/b", "IsTencentCdn": 1}
    ]
    update["FeedBackRoomParams"] = [{"RoomId": "77", "RoomIdType": 0, "UserId": "fb_robot_77"}]
    return [
        ("post", "/api/layouts/validate/", {"document": doc}, TOKENS),
        ("post", "/api/layouts/extract/", {"VideoParams": doc}, TOKENS),
        ("post", "/api/presets/import/?name=x", {"VideoParams": doc}, TOKENS),
        ("post", "/api/presets/", {"name": "n", "document": doc}, TOKENS),
        ("patch", f"/api/presets/{p}/", {"name": "m", "version": 1, "document": doc}, TOKENS),
        ("put", f"/api/presets/{p}/", {"name": "m", "version": 1, "document": doc}, NUMBER_TOKENS),
        ("post", f"/api/presets/{p}/revisions/1/restore/", {"version": 1}, TOKENS),
        ("post", "/api/layouts/regions/", {"document": doc, "participants": []}, TOKENS),
        (
            "post",
            "/api/layouts/preview/",
            {"document": document(slots=1), "scale": 0.05},
            NUMBER_TOKENS,
        ),
        ("post", "/api/tasks/check/", {"request": start}, TOKENS),
        ("post", "/api/tasks/", {"request": start}, NUMBER_TOKENS),
        ("post", f"/api/tasks/{t}/update/", {"request": update}, TOKENS),
    ]


@pytest.mark.parametrize("index", range(12))
def test_hostile_values_at_every_path_never_answer_5xx(world, index):
    method, url, body, tokens = endpoint_bodies(world)[index]
    tried = replay_every_path(world["producer"], method, url, body, tokens)
    assert tried > 0


def test_scalar_parts_named_in_the_issue_answer_4xx_naming_the_field(world):
    client = world["producer"]
    start = secret_start_body()
    for key in ("PublishCdnParams", "FeedBackRoomParams"):
        for scalar in (5, "x", True, 1.5, None, {"a": 1}):
            body = {**start, key: scalar}
            for url in ("/api/tasks/check/", "/api/tasks/"):
                response = send(client, "post", url, json.dumps({"request": body}))
                if response.status_code >= 400:
                    assert key in response.json().get("field", "") + json.dumps(
                        response.json().get("problems", [])
                    )
            update = {"request": {key: scalar}}
            send(client, "post", f"/api/tasks/{world['task'].pk}/update/", json.dumps(update))
    extract = send(client, "post", "/api/layouts/extract/", '{"VideoEncode":{"Width":1e309}}')
    assert extract.status_code == 400
    assert extract.json()["field"] == "VideoEncode.Width"


JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(["rtmp://h/x?txSecret=q", "http://127.0.0.1:1/a.png", "0x123456", ""]),
)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "VideoEncode",
                    "Width",
                    "Height",
                    "LayoutParams",
                    "MixLayoutList",
                    "PublishCdnParams",
                    "FeedBackRoomParams",
                    "AgentParams",
                    "UserId",
                    "RoomId",
                    "document",
                    "request",
                    "participants",
                    "EventInfo",
                    "Payload",
                ]
            )
            | st.text(max_size=8),
            children,
            max_size=5,
        )
    ),
    max_leaves=25,
)


@hypothesis_settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(value=JSON_VALUES, target=st.integers(min_value=0, max_value=11))
def test_generated_bodies_never_answer_5xx(world, value, target):
    method, url, _body, _tokens = endpoint_bodies(world)[target]
    send(world["producer"], method, url, json.dumps(value))
    send(world["producer"], method, url, json.dumps({"request": value, "document": value}))


BAD_IDS = ("abc", "1e3", "-1", "0", "99999999999999999999999", "1.5", "%00", "１")


def test_bad_path_parameters_are_404_not_500(world):
    client = world["producer"]
    for bad in BAD_IDS:
        for method, url, raw in [
            ("get", f"/api/presets/{bad}/", None),
            ("patch", f"/api/presets/{bad}/", '{"version": 1}'),
            ("put", f"/api/presets/{bad}/", '{"version": 1}'),
            ("delete", f"/api/presets/{bad}/", None),
            ("get", f"/api/presets/{bad}/revisions/", None),
            ("post", f"/api/presets/{bad}/revisions/1/restore/", "{}"),
            ("post", f"/api/presets/{world['preset']}/revisions/{bad}/restore/", "{}"),
            ("get", f"/api/presets/{bad}/preview.png", None),
            ("get", f"/api/tasks/{bad}/", None),
            ("get", f"/api/tasks/{bad}/events/", None),
            ("post", f"/api/tasks/{bad}/stop/", None),
            ("post", f"/api/tasks/{bad}/reconcile/", None),
            ("get", f"/tasks/{bad}/", None),
            ("get", f"/presets/{bad}/edit", None),
        ]:
            response = send(client, method, url, raw)
            assert response.status_code in (400, 404, 405), (method, url, response.status_code)
    for query in ("after=abc", "after=99999999999999999999999", "after=-1"):
        send(client, "get", f"/api/tasks/{world['task'].pk}/events/?{query}")
    for width in ("abc", "1e3", "99999999999999999999", "-5"):
        send(client, "get", f"/api/presets/{world['preset']}/preview.png?width={width}")


def test_a_preset_with_a_huge_image_url_has_small_headers(world):
    response = send(world["producer"], "get", f"/api/presets/{world['preset']}/preview.png")
    assert response.status_code == 200
    assert len(response["X-Mix-Warnings"]) < 1024
    assert "a" * 200 not in response["X-Mix-Warnings"]
    assert int(response["X-Mix-Warning-Count"]) >= 1


# -- callbacks: forged and replayed --------------------------------------------------------


def relay_body(task_id: str, ms: int, status: int = 2) -> bytes:
    return json.dumps(
        {
            "EventGroupId": 4,
            "EventType": 401,
            "CallbackTs": ms,
            "EventInfo": {
                "RoomId": "295066",
                "RoomType": 0,
                "EventMsTs": ms,
                "UserId": "robot",
                "TaskId": task_id,
                "Payload": {"Url": "rtmp://x.example.com/live/y", "Status": status},
            },
        },
        indent="\t",
    ).encode()


def post_callback(raw: bytes, sign: str | None, app_id: str | None):
    TALLY["bodies_tried"] += 1
    headers = {}
    if sign is not None:
        headers["HTTP_SIGN"] = sign
    if app_id is not None:
        headers["HTTP_SDKAPPID"] = app_id
    response = APIClient().generic(
        "POST", "/api/callbacks/relay/", raw, content_type="application/json", **headers
    )
    judge(response, "post", "/api/callbacks/relay/", raw)
    return response


def test_forged_callbacks_are_never_accepted(world, settings):
    settings.MIX_CALLBACK_KEY = "the-fallback-key"
    other = AppProfile(name="Other", sdk_app_id=1400188366)
    other.callback_key = "other-apps-key"
    other.save()
    task = world["task"]
    own = str(world["app"].sdk_app_id)
    forgeries = []
    for index in range(40):
        raw = relay_body(task.task_id, 1_800_000_000_000 + index, status=4)
        forgeries += [
            (raw, callback_sign("wrong key", raw), own),
            (raw, callback_sign("other-apps-key", raw), own),
            (raw, callback_sign("other-apps-key", raw), str(other.sdk_app_id)),
            (raw, callback_sign("the-fallback-key", raw), own),
            (raw, callback_sign("the-fallback-key", raw), "abc"),
            (raw, callback_sign("the-fallback-key", raw), None),
            (raw, None, own),
            (raw, "", own),
            (raw, callback_sign(APP_CALLBACK_KEY, raw + b" "), own),
            (raw, callback_sign(APP_CALLBACK_KEY, raw)[:-2] + "==", own),
        ]
    before = MixTask.objects.get(pk=task.pk).cdn_status
    for raw, sign, app_id in forgeries:
        answer = post_callback(raw, sign, app_id)
        if answer.status_code == 200 and answer.json().get("recorded"):
            TALLY["forgeries_accepted"] += 1
    assert MixTask.objects.get(pk=task.pk).cdn_status == before
    assert task.events.filter(kind="callback").count() == 0
    assert TALLY["forgeries_accepted"] == 0


def test_replayed_callbacks_are_applied_once(world):
    task = world["task"]
    own = str(world["app"].sdk_app_id)
    for index in range(10):
        raw = relay_body(task.task_id, 1_900_000_000_000 + index)
        sign = callback_sign(APP_CALLBACK_KEY, raw)
        recorded = [post_callback(raw, sign, own).json()["recorded"] for _ in range(20)]
        TALLY["replays_accepted"] += recorded.count(True) - 1
        assert recorded.count(True) == 1
    assert task.events.filter(kind="callback").count() == 10


# -- secrets on every page and answer ---------------------------------------------------------


def test_no_secret_on_any_page_answer_or_log_line(world, caplog):
    caplog.set_level(logging.DEBUG)
    task, p = world["task"], world["preset"]
    # A callback carrying the push URL, and an error answer that echoes it.
    raw = relay_body(task.task_id, 2_000_000_000_000).replace(
        b"rtmp://x.example.com/live/y",
        f"rtmp://x.example.com/live/y?txSecret={TX_SECRET}".encode(),
    )
    post_callback(raw, callback_sign(APP_CALLBACK_KEY, raw), str(world["app"].sdk_app_id))
    urls = [
        "/",
        "/presets/",
        "/tasks/",
        "/tasks/launch",
        f"/tasks/{task.pk}/",
        f"/presets/{p}/edit",
        "/api/tasks/",
        f"/api/tasks/{task.pk}/",
        f"/api/tasks/{task.pk}/events/",
        "/api/apps/",
        f"/api/presets/{p}/",
    ]
    admin_urls = [
        "/admin/studio/mixtask/",
        f"/admin/studio/mixtask/{task.pk}/change/",
        "/admin/studio/taskevent/",
        "/admin/studio/appprofile/",
        f"/admin/studio/appprofile/{world['app'].pk}/change/",
        *[f"/admin/studio/taskevent/{event.pk}/change/" for event in task.events.all()],
    ]
    for role in ("viewer", "producer", "admin"):
        client = APIClient()
        client.force_login(make_user(f"scan-{role}", role))
        for url in urls + (admin_urls if role == "admin" else []):
            response = send(client, "get", url)
            forbidden = role == "viewer" and url == "/tasks/launch"
            assert response.status_code == (403 if forbidden else 200), url
    check = {"request": secret_start_body()}
    send(world["producer"], "post", "/api/tasks/check/", json.dumps(check))
    logged = "\n".join(record.getMessage() for record in caplog.records)
    shown = secrets_in(logged)
    TALLY["secrets_shown"] += len(shown)
    assert not shown


# -- answers lost mid-call: no task out of reach ---------------------------------------------


class LosingSandbox(backends.InProcessEmulator):
    """The emulator in-process; the answers of the actions in `lose` never come back.

    The emulator's relay callbacks are kept and handed to the app, as the
    cloud delivers them whatever happened to the API answer.
    """

    lose: set[str] = set()
    callbacks: list = []

    def send(self, url, headers, body, timeout):  # noqa: ANN001, ANN201
        status, answer, callbacks = core.handle(headers, body)
        LosingSandbox.callbacks.extend(callbacks)
        if headers.get("X-TC-Action") in LosingSandbox.lose:
            raise CloudUnreachable("the answer was lost", maybe_delivered=True)
        return status, answer


def deliver_callbacks() -> None:
    for callback in LosingSandbox.callbacks:
        post_callback(callback.body, callback.headers["Sign"], callback.headers["SdkAppId"])
    LosingSandbox.callbacks.clear()


@pytest.fixture
def losing(world, settings, monkeypatch):
    settings.MIX_SANDBOX_CALLBACK_URL = "http://app.invalid/api/callbacks/relay/"
    settings.MIX_SANDBOX_CALLBACK_KEY = APP_CALLBACK_KEY
    monkeypatch.setattr(backends, "InProcessEmulator", LosingSandbox)
    LosingSandbox.lose, LosingSandbox.callbacks = set(), []
    stop.stop_task(world["task"].pk, user=None)
    return world


def scenario(api: APIClient, lose: set[str], *, deliver: bool) -> None:
    body = {"request": secret_start_body()}
    LosingSandbox.lose = lose & {"StartPublishCdnStream"}
    created = api.post("/api/tasks/", body, format="json")
    task = MixTask.objects.order_by("-id").first()
    if "UpdatePublishCdnStream" in lose and created.status_code == 201:
        LosingSandbox.lose = {"UpdatePublishCdnStream"}
        change = {"request": {"VideoParams": {"BackGroundColor": "0x445566"}}}
        api.post(f"/api/tasks/{task.pk}/update/", change, format="json")
    if deliver:
        deliver_callbacks()
    LosingSandbox.lose = lose & {"StopPublishCdnStream"}
    api.post(f"/api/tasks/{task.pk}/stop/")
    LosingSandbox.lose = set()
    if deliver:
        deliver_callbacks()
    reconcile.reconcile_task(task.pk, user=None)
    api.post(f"/api/tasks/{task.pk}/stop/")


@pytest.mark.parametrize(
    "lose",
    [
        {"StartPublishCdnStream"},
        {"UpdatePublishCdnStream"},
        {"StopPublishCdnStream"},
        {"UpdatePublishCdnStream", "StopPublishCdnStream"},
    ],
    ids=["start", "update", "stop", "update+stop"],
)
def test_no_task_is_left_running_out_of_reach(losing, lose):
    scenario(losing["producer"], lose, deliver=True)
    running = SandboxTask.objects.filter(status="running").count()
    live = MixTask.objects.filter(status__in=["starting", "running", "unknown", "stopping"])
    stuck = running + live.count()
    TALLY["stuck_tasks"] += stuck
    assert stuck == 0, (running, list(live.values("status", "task_id", "last_error")))
    # And the room is free again: the same Start runs.
    again = losing["producer"].post("/api/tasks/", {"request": secret_start_body()}, format="json")
    assert again.status_code == 201, again.json()
