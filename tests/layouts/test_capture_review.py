"""A capture Verify stores is a proposal: it moves no picture until an administrator accepts it.

Anyone who can run Verify chooses the stream it reads, so one crafted stream
must not recalibrate everyone's templates. A proposal is kept for the app of
its task; accepted in the admin ("Accept as calibration"), it calibrates that
app's tasks only. Imported captures (manage.py import_captures) are an
administrator's act and calibrate everywhere at once, previews included.
"""

from __future__ import annotations

import importlib
import json
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from layouts import selectors
from layouts.core import geometry
from layouts.models import TemplateCapture
from tests.factories import make_user
from tests.studio.crafted_streams import cloud_task, hls, layout_json, sei_segment, serve

pytestmark = pytest.mark.django_db

APP, OTHER_APP = 1400012345, 1400054321
PEOPLE = ["ann", "bob", "cy", "dee"]
RULE = [(0, 0, 640, 360), (640, 0, 640, 360), (0, 360, 640, 360), (640, 360, 640, 360)]
CRAFTED = [(600, 0, 40, 40), (0, 0, 40, 40), (0, 600, 40, 40), (1200, 600, 40, 40)]


def grid_document() -> dict:
    return {
        "VideoEncode": {"Width": 1280, "Height": 720, "Fps": 15, "BitRate": 1500, "Gop": 2},
        "LayoutParams": {"MixLayoutMode": 3},
    }


def participants() -> list[dict]:
    return [{"UserId": name, "RoomId": "8001", "RoomIdType": 0} for name in PEOPLE]


def editor_regions(api) -> list[tuple[int, int, int, int]]:
    """The regions the editor's preview shows another producer (no app)."""
    answer = api.post(
        "/api/layouts/regions/",
        {"document": grid_document(), "participants": participants()},
        format="json",
    )
    assert answer.status_code == 200, answer.json()
    return [(r["x"], r["y"], r["w"], r["h"]) for r in answer.json()["regions"]]


def app_regions(sdk_app_id: int | None) -> list[tuple[int, int, int, int]]:
    """The regions a task of that app is judged with."""
    people = [geometry.Participant(name, "8001", 0) for name in PEOPLE]
    layout = selectors.template_calibration(sdk_app_id).regions(
        grid_document(), people, main_room=("8001", 0)
    )
    return [(r.x, r.y, r.w, r.h) for r in layout.regions]


def verify_crafted_stream(api, settings, sdk_app_id: int = APP) -> dict:
    task = cloud_task(sdk_app_id=sdk_app_id, VideoParams=grid_document())
    content = layout_json(
        [(name, *rect) for name, rect in zip(PEOPLE, CRAFTED, strict=True)], w=1280, h=720
    )
    with serve(hls(sei_segment(content))) as host:
        settings.MIX_IMAGE_ALLOWED_HOSTS = [host]
        answer = api.post(
            f"/api/tasks/{task.pk}/verify/", {"url": f"http://{host}/index.m3u8"}, format="json"
        )
    assert answer.status_code == 200, answer.json()
    return answer.json()


@pytest.fixture
def admin(client):
    client.force_login(make_user("boss", role="admin"))
    return client


def review(admin, capture_id: int, action: str) -> None:
    answer = admin.post(
        "/admin/layouts/templatecapture/",
        {"action": action, "_selected_action": [capture_id]},
    )
    assert answer.status_code == 302, answer.content[:500]


def test_a_crafted_stream_moves_no_picture_until_an_administrator_accepts_it(api, settings):
    verdict = verify_crafted_stream(api, settings)

    capture = TemplateCapture.objects.get(pk=verdict["capture"])
    assert (capture.status, capture.sdk_app_id) == ("proposed", APP)
    assert editor_regions(api) == RULE
    assert app_regions(APP) == RULE
    assert verify_crafted_stream(api, settings)["as_designed"] is False


def test_an_accepted_capture_calibrates_its_apps_tasks_only(api, settings, admin):
    verdict = verify_crafted_stream(api, settings)
    review(admin, verdict["capture"], "accept")

    capture = TemplateCapture.objects.get(pk=verdict["capture"])
    assert (capture.status, capture.reviewed_by.username) == ("accepted", "boss")
    assert app_regions(APP) == CRAFTED
    assert app_regions(OTHER_APP) == RULE
    assert editor_regions(api) == RULE  # the editor's previews have no app
    assert verify_crafted_stream(api, settings)["as_designed"] is True
    assert verify_crafted_stream(api, settings, sdk_app_id=OTHER_APP)["as_designed"] is False


def test_a_rejected_capture_calibrates_nothing_again(api, settings, admin):
    verdict = verify_crafted_stream(api, settings)
    review(admin, verdict["capture"], "accept")
    review(admin, verdict["capture"], "reject")

    assert TemplateCapture.objects.get(pk=verdict["capture"]).status == "rejected"
    assert app_regions(APP) == RULE


def test_the_admin_page_of_a_capture_pictures_its_regions_beside_the_rules(api, settings, admin):
    verdict = verify_crafted_stream(api, settings)
    page = admin.get(f"/admin/layouts/templatecapture/{verdict['capture']}/change/")

    assert page.status_code == 200
    html = page.content.decode()
    assert 'aria-label="Measured"' in html and 'aria-label="Rule (approximate)"' in html
    assert 'x="600" y="0" width="40" height="40"' in html  # measured
    assert 'x="640" y="360" width="640" height="360"' in html  # the rule's
    assert "Accept as calibration" in admin.get("/admin/layouts/templatecapture/").content.decode()


def test_imported_captures_calibrate_everywhere_at_once(api, tmp_path):
    rects = dict(zip(PEOPLE, CRAFTED, strict=True))
    payload = json.loads(layout_json([(n, *rects[n]) for n in PEOPLE], w=1280, h=720))
    (tmp_path / "grid.json").write_text(
        json.dumps({"mode": 3, "participants": PEOPLE, "payloads": [payload]})
    )
    call_command("import_captures", str(tmp_path), stdout=StringIO())

    capture = TemplateCapture.objects.get()
    assert (capture.status, capture.sdk_app_id) == ("accepted", None)
    assert editor_regions(api) == CRAFTED
    assert app_regions(APP) == CRAFTED


def test_existing_captures_read_from_streams_become_proposals():
    migration = importlib.import_module("layouts.migrations.0007_template_capture_review")
    common = {"mode": 3, "canvas_w": 1280, "canvas_h": 720, "payloads": []}
    TemplateCapture.objects.create(source="https://cdn.example.com/live/a.m3u8", **common)
    TemplateCapture.objects.create(source="grid.json[0]", **common)

    migration.streams_become_proposals(apps, None)

    assert dict(TemplateCapture.objects.values_list("source", "status")) == {
        "https://cdn.example.com/live/a.m3u8": "proposed",
        "grid.json[0]": "accepted",
    }
