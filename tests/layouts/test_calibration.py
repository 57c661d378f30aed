"""SEI captures calibrate the dynamic templates: previews switch from approximate to measured."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from layouts.models import TemplateCapture

pytestmark = pytest.mark.django_db

PEOPLE = ["ann", "bob", "cy", "dee"]
# A grid as a real mixer might draw it: 10 px gaps, not the D.4 rule's 640x360 cells.
MEASURED = [(10, 10, 625, 345), (645, 10, 625, 345), (10, 365, 625, 345), (645, 365, 625, 345)]


def grid_document() -> dict:
    return {
        "VideoEncode": {"Width": 1280, "Height": 720, "Fps": 15, "BitRate": 1500, "Gop": 2},
        "LayoutParams": {"MixLayoutMode": 3},
    }


def participants() -> list[dict]:
    return [{"UserId": name, "RoomId": "8001", "RoomIdType": 0} for name in PEOPLE]


def payload(order: list[str]) -> dict:
    rects = dict(zip(PEOPLE, MEASURED, strict=True))
    return {
        "app_data": "",
        "canvas": {"w": 1280, "h": 720},
        "regions": [
            {"uid": uid, "zorder": 2, "volume": 40, **dict(zip("xywh", rects[uid], strict=True))}
            for uid in order
        ],
        "ver": "1.0",
        "ts": 1700000000,
    }


def regions(api) -> dict:
    answer = api.post(
        "/api/layouts/regions/",
        {"document": grid_document(), "participants": participants()},
        format="json",
    )
    assert answer.status_code == 200, answer.json()
    return answer.json()


def test_importing_captures_switches_a_template_from_approximate_to_calibrated(api, tmp_path):
    before = regions(api)
    assert before["approximate"] is True and before["calibration"] is None
    assert [(r["x"], r["y"], r["w"], r["h"]) for r in before["regions"]] == [
        (0, 0, 640, 360),
        (640, 0, 640, 360),
        (0, 360, 640, 360),
        (640, 360, 640, 360),
    ]
    # The mixer may list regions in any order; join order comes from the capture.
    for name, order in (("a.json", PEOPLE), ("b.json", PEOPLE[::-1])):
        capture = {"mode": 3, "participants": PEOPLE, "payloads": [payload(order)] * 3}
        (tmp_path / name).write_text(json.dumps(capture))
    out = StringIO()
    call_command("import_captures", str(tmp_path), stdout=out)
    assert "2 capture(s) imported, 0 refused." in out.getvalue()

    after = regions(api)
    assert after["approximate"] is False
    assert after["calibration"] == {"captures": 2}
    assert [(r["x"], r["y"], r["w"], r["h"]) for r in after["regions"]] == MEASURED
    assert [r["zorder"] for r in after["regions"]] == [2, 2, 2, 2]
    assert [(r["x"], r["w"]) for r in after["sei"]["regions"]] == [(10, 625), (645, 625)] * 2


def test_a_preview_image_says_how_many_captures_calibrated_it(api):
    TemplateCapture.objects.create(
        mode=3, canvas_w=1280, canvas_h=720, participants=PEOPLE, payloads=[payload(PEOPLE)]
    )
    answer = api.post(
        "/api/layouts/preview/",
        {"document": grid_document(), "participants": participants(), "scale": 0.25},
        format="json",
    )

    assert answer.status_code == 200
    assert answer["X-Mix-Approximate"] == "false"
    assert answer["X-Mix-Calibration-Captures"] == "1"


def test_another_count_keeps_the_invented_rule(api):
    TemplateCapture.objects.create(
        mode=3, canvas_w=1280, canvas_h=720, participants=PEOPLE, payloads=[payload(PEOPLE)]
    )
    answer = api.post(
        "/api/layouts/regions/",
        {"document": grid_document(), "participants": participants()[:3]},
        format="json",
    ).json()

    assert answer["approximate"] is True


def test_a_bad_capture_file_is_refused_by_name_and_field(tmp_path):
    (tmp_path / "bad.json").write_text(json.dumps({"mode": 4, "payloads": [payload(PEOPLE)]}))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_captures", str(tmp_path), stdout=StringIO(), stderr=err)

    assert "bad.json: mode: must be 1 (floating), 2 (screen share) or 3 (grid)" in err.getvalue()
    assert TemplateCapture.objects.count() == 0


def test_the_admin_lists_captures_and_can_delete_one(client):
    from tests.factories import make_user

    capture = TemplateCapture.objects.create(
        mode=3, canvas_w=1280, canvas_h=720, participants=PEOPLE, payloads=[payload(PEOPLE)]
    )
    client.force_login(make_user("boss", role="admin"))

    assert client.get("/admin/layouts/templatecapture/").status_code == 200
    assert client.get(f"/admin/layouts/templatecapture/{capture.pk}/change/").status_code == 200
    client.post(f"/admin/layouts/templatecapture/{capture.pk}/delete/", {"post": "yes"})
    assert TemplateCapture.objects.count() == 0
